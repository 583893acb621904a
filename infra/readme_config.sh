#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# readme_config.sh — writes the configuration table (dk config --markdown)
# between its markers in README.md, so the README follows the code's table.
#   infra/readme_config.sh [--check]   (--check: fail when README.md is stale)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dk=$root/${DK_BUILD:-build}/bin/dk
new=$(mktemp)
trap 'rm -f "$new"' EXIT
awk -v table="$("$dk" config --markdown)" '
    /<!-- dk config --markdown -->/ { print; print table; skip = 1; next }
    /<!-- end dk config -->/ { skip = 0 }
    !skip { print }' "$root/README.md" >"$new"
if [ "${1:-}" = --check ]; then
    diff -u "$root/README.md" "$new" >&2 || { echo "README.md is stale: run infra/readme_config.sh" >&2; exit 1; }
else
    cp "$new" "$root/README.md"
fi
