#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# gen_blocklist.sh — embeds the password blocklist (common/auth/blocklist/:
# one password a line; lines starting with '#' are comments, as are the
# "#!comment:" lines of Openwall's list) in common/auth as a sorted C table,
# so a lookup is a binary search and no file is read at run time. ASCII
# letters are lower-cased here; entries with other letters are written in
# their folded form already (test_auth_password checks every entry).
#   gen_blocklist.sh list... > table.c
set -euo pipefail
export LC_ALL=C
[ $# -gt 0 ] || { echo "usage: $0 list..." >&2; exit 2; }
echo '/* Generated from common/auth/blocklist by infra/gen_blocklist.sh: do not edit. */'
echo '#include "auth/dk_auth_password.h"'
echo 'const char *const dk_auth_blocklist[] = {'
cat "$@" | tr -d '\r' | grep -v -e '^#' -e '^$' | tr 'A-Z' 'a-z' | LC_ALL=C sort -u |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^\(.*\)$/    "\1",/'
echo '};'
echo 'const size_t dk_auth_blocklist_count = sizeof dk_auth_blocklist / sizeof dk_auth_blocklist[0];'
