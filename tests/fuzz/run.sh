#!/usr/bin/env bash
# run.sh — builds the libFuzzer targets with clang (ASan+UBSan) against the
# project's sources and runs each for a bounded time (FUZZ_SECONDS, default
# 20); a crash leaves its input in build/fuzz/ and fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/fuzz
mkdir -p "$out"
seconds=${FUZZ_SECONDS:-20}
flags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Icommon $(pkg-config --cflags jansson openssl)"
libs="$(pkg-config --libs jansson openssl) -lunistring"
common="common/dk_application.c common/dk_calendar.c common/dk_clock.c common/dk_collate.c common/dk_country.c
        common/dk_country_table.c common/dk_email.c common/dk_insz.c common/dk_name.c common/dk_utf8.c
        common/dk_crypto.c common/dk_envelope.c common/dk_hours.c common/dk_personal.c
        common/dk_seal.c common/dk_config.c common/dk_err.c common/dk_log.c"
for t in tests/fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    # shellcheck disable=SC2086
    clang $flags -o "$out/$name" "$t" $common $libs -lm
    mkdir -p "$out/$name.corpus"
    echo "fuzz: $name for $seconds s"
    "$out/$name" -max_total_time="$seconds" -max_len=8192 -artifact_prefix="$out/$name-" \
        "$out/$name.corpus" "tests/fuzz/seeds/$name" 2>"$out/$name.log" || { tail -30 "$out/$name.log"; exit 1; }
    grep -E '^Done|stat::number_of_executed_units' "$out/$name.log" | tail -1 || true
done
