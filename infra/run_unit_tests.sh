#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run_unit_tests.sh — runs every unit-test program given, from the project
# root (some read files of the repo), and fails when any of them fails.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for t in "$@"; do
    if ! "$t"; then failed+=("$t"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "unit tests FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "unit tests: all $# passed"
