#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# add_spdx.sh — adds "SPDX-License-Identifier: EUPL-1.2", as a comment in the
# file's own syntax, to each tracked source file (infra/spdx_files.sh) that
# lacks it in its first 5 lines: first line, or after the shebang (and a
# Python coding line, which must stay in the first two). Idempotent: a file
# that has the line is left alone. infra/check_spdx.sh checks the result.
#   infra/add_spdx.sh
set -euo pipefail
cd "$(dirname "$0")/.."
id='SPDX-License-Identifier: EUPL-1.2'
added=0
while IFS= read -r f; do
    infra/spdx_files.sh --has "$f" && continue
    case $f in
        *.c | *.h) line="/* $id */" ;;
        *.mjs) line="// $id" ;;
        *.sql) line="-- $id" ;;
        *) line="# $id" ;; # shell, Python, makefiles
    esac
    # Lines kept above it: a shebang, then (Python) a coding declaration.
    keep=0
    if head -n 1 "$f" | grep -q '^#!'; then
        keep=1
        case $f in *.py) sed -n 2p "$f" | grep -Eq '^[ \t\f]*#.*coding[:=]' && keep=2 ;; esac
    elif [[ $f == *.py ]] && head -n 1 "$f" | grep -Eq '^[ \t\f]*#.*coding[:=]'; then
        keep=1
    fi
    tmp=$(mktemp "$f.XXXXXX")
    { head -n "$keep" "$f"; printf '%s\n' "$line"; tail -n +"$((keep + 1))" "$f"; } > "$tmp"
    chmod --reference="$f" "$tmp"
    mv "$tmp" "$f"
    added=$((added + 1))
done < <(infra/spdx_files.sh)
echo "add_spdx: added the licence line to $added files"
