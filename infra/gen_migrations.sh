#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# gen_migrations.sh — embeds schemas/sql/*.sql, in order, into the dk binary so
# `dk migrate` needs no files at run time.
set -euo pipefail
echo '/* Generated from the files of schemas/sql by infra/gen_migrations.sh: do not edit. */'
echo '#include "store/dk_migrations.h"'
echo 'const dk_migration dk_migrations[] = {'
for f in "$@"; do
    name=$(basename "$f" .sql)
    [[ $name =~ ^[0-9]{3}_[a-z0-9_]+$ ]] || { echo "gen_migrations: bad file name $f" >&2; exit 1; }
    echo "    {\"$name\","
    sed 's/\\/\\\\/g; s/"/\\"/g; s/^/     "/; s/$/\\n"/' "$f"
    echo '    },'
done
echo '    {0, 0},'
echo '};'
