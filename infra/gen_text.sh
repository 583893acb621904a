#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# gen_text.sh — embeds one text file (the console's script,
# producers/console/console.js) as a C string, so it stays a readable file of
# its own and the binary serves it without reading the disk.
#   gen_text.sh SYMBOL file > symbol.c
set -euo pipefail
symbol=$1
[[ $symbol =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "gen_text: bad symbol '$symbol'" >&2; exit 1; }
echo "/* Generated from $2 by infra/gen_text.sh: do not edit. */"
echo "const char ${symbol}[] ="
# One C string per line: \ and " escaped, the line break kept.
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^\(.*\)$/    "\1\\n"/' "$2"
echo '    "";'
