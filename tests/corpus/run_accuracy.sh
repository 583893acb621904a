#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run_accuracy.sh — judges every file of the generated corpus (build/corpus,
# tests/corpus/generate.py) with `dk document check`, then prints per check
# precision and recall against labels.json; fails below the goal for any
# check (--goal, a share, default 0.95), when a hostile file is accepted, or
# when the checker crashes.
#   DK_BUILD=build tests/corpus/run_accuracy.sh [--goal SHARE] [CORPUS_DIR]
# DK_DOC_CHECK overrides the command (default: $DK_BUILD/bin/dk document check).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${DK_BUILD:-build}
goal=0.95
if [ "${1:-}" = --goal ]; then
    goal=${2:?run_accuracy: --goal needs a share}
    shift 2
fi
corpus=${1:-$root/build/corpus}
labels=$corpus/labels.json
check=${DK_DOC_CHECK:-$root/$build/bin/dk document check}
[ -f "$labels" ] || { echo "run_accuracy: no $labels (run /usr/bin/python3 tests/corpus/generate.py)" >&2; exit 1; }
# Sanitizer builds: leaks in libraries we do not own are not ours to judge here.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

results=$corpus/results.jsonl
: > "$results"
for kind in passport id_card; do
    mapfile -t files < <(/usr/bin/python3 -c '
import json, sys
labels = json.load(open(sys.argv[1]))
for f, l in labels.items():
    if l["kind"] == sys.argv[2]:
        print(f)' "$labels" "$kind")
    [ ${#files[@]} -gt 0 ] || continue
    status=0
    (cd "$corpus" && $check --kind "$kind" "${files[@]}") >> "$results" || status=$?
    # 0: every file judged. Anything else (1: unreadable, a signal) fails.
    if [ "$status" -ne 0 ]; then
        echo "run_accuracy: FAIL: the checker exited with status $status on the $kind files" >&2
        exit 1
    fi
done
/usr/bin/python3 tests/corpus/accuracy.py "$labels" "$results" --goal "$goal"
