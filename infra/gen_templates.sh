#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# gen_templates.sh — embeds page templates (producers/intake/templates/*.html,
# the layout's common/web/templates/*.html) as a C table {name, text} for the
# engine of common/render, so the templates stay readable HTML files. Each
# line's leading indentation and its line break are dropped (the pages carry
# no whitespace between tags); {{nl}} writes a line break where a page has one.
#   gen_templates.sh TABLE_NAME file.html... > table.c
set -euo pipefail
table=$1
shift
echo '/* Generated from page templates (.html) by infra/gen_templates.sh: do not edit. */'
echo '#include "render/dk_render.h"'
echo "const dk_render_template ${table}[] = {"
for f in "$@"; do
    name=$(basename "$f" .html)
    [[ $name =~ ^[a-z0-9_]+$ ]] || { echo "gen_templates: bad template name '$name'" >&2; exit 1; }
    printf '    {"%s",\n' "$name"
    # One C string per line: indentation dropped, \ and " escaped.
    sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^\(.*\)$/     "\1"/' "$f"
    printf '    },\n'
done
echo '    {0, 0},'
echo '};'
