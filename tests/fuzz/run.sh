#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — builds the libFuzzer targets (tests/fuzz/fuzz.mk: clang, ASan+UBSan,
# each target linked against the project's libraries built for fuzzing) and
# runs each for a bounded time (FUZZ_SECONDS, default 20); a crash leaves its
# input in build/fuzz/ and fails the run.
#   tests/fuzz/run.sh [target ...]   (default: every tests/fuzz/fuzz_*.c)
#   Each target first replays its seeds (tests/fuzz/seeds/<target>), then
#   fuzzes for FUZZ_SECONDS; FUZZ_SECONDS=0 replays the seeds only.
#   FUZZ_BUILD_ONLY=1 builds them and runs nothing (to replay an input by hand:
#   build/fuzz/<target> <file>).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/fuzz
mkdir -p "$out"
seconds=${FUZZ_SECONDS:-20}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for t in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$t" .c)"); done
fi
make -s --no-print-directory -f tests/fuzz/fuzz.mk -j2 "${targets[@]/#/$out/}"
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

for name in "${targets[@]}"; do
    seeds=tests/fuzz/seeds/$name
    [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ] || { echo "fuzz: $name has no seeds in $seeds" >&2; exit 1; }
    if [ "$seconds" = 0 ]; then
        echo "fuzz: $name replays its seeds"
        "$out/$name" -runs=0 -max_len=8192 -artifact_prefix="$out/$name-" "$seeds" \
            2>"$out/$name.log" || { tail -30 "$out/$name.log"; exit 1; }
        grep -E 'INITED|Done' "$out/$name.log" | tail -1 || true
        continue
    fi
    mkdir -p "$out/$name.corpus"
    echo "fuzz: $name for $seconds s"
    dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
    "$out/$name" -max_total_time="$seconds" -max_len=8192 -artifact_prefix="$out/$name-" "${dict[@]}" \
        "$out/$name.corpus" "$seeds" 2>"$out/$name.log" || { tail -30 "$out/$name.log"; exit 1; }
    grep -E '^Done|stat::number_of_executed_units' "$out/$name.log" | tail -1 || true
done
