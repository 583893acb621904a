#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check_python.sh — fails when pyflakes finds anything in a tracked Python
# file (the tests, the corpus generators, the tools): an unused import, a
# name never defined, an f-string without a field. Mistakes a test can hide
# until the line runs. Debian's python3 (infra/deps.sh installs its pyflakes).
#   infra/check_python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.py' 2>/dev/null || find . -name '*.py' -not -path './build/*')
if ! out=$(/usr/bin/python3 -m pyflakes "${files[@]}" 2>&1); then
    echo "check_python: pyflakes:" >&2
    printf '%s\n' "$out" >&2
    exit 1
fi
echo "check_python: ${#files[@]} Python files pass pyflakes"
