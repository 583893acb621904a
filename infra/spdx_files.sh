#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# spdx_files.sh — what check_spdx.sh and add_spdx.sh share. With no argument:
# the tracked source files that must carry the project's SPDX licence line
# (C, shell, Python, JavaScript modules, SQL, makefiles), one per line. With
# --has FILE: succeeds when one of FILE's first 5 lines is that line, a
# comment holding only "SPDX-License-Identifier: EUPL-1.2" (or "EUPL-1.2
# AND <another licence>" for a file mixing in others' material, such as
# common/belgium/dk_country_table.c). Run from the repository root.
set -euo pipefail
if [ "${1:-}" = --has ]; then
    head -n 5 "$2" |
        grep -Eq '^(#|//|--|/\*) SPDX-License-Identifier: EUPL-1\.2( AND [A-Za-z0-9.+-]+)*( \*/)?$'
    exit
fi
git ls-files -- '*.c' '*.h' '*.sh' '*.py' '*.mjs' '*.sql' '*.mk' 'Makefile' '*/Makefile'
