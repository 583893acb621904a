#!/usr/bin/env bash
# run.sh — builds the libFuzzer targets with clang (ASan+UBSan) against the
# project's sources and runs each for a bounded time (FUZZ_SECONDS, default
# 20); a crash leaves its input in build/fuzz/ and fails the run.
#   tests/fuzz/run.sh [target ...]   (default: every tests/fuzz/fuzz_*.c)
#   FUZZ_SECONDS=0 replays each target's seeds (tests/fuzz/seeds/<target>) once
#   and fuzzes nothing (what make test runs; make fuzz fuzzes).
#   FUZZ_BUILD_ONLY=1 builds them and runs nothing (to replay an input by hand).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=build/fuzz
mkdir -p "$out"
seconds=${FUZZ_SECONDS:-20}
flags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Icommon $(pkg-config --cflags jansson openssl)"
libs="$(pkg-config --libs jansson openssl) -lunistring"
common="common/dk_application.c common/dk_calendar.c common/dk_clock.c common/dk_collate.c common/dk_country.c
        common/dk_country_table.c common/dk_email.c common/dk_insz.c common/dk_name.c common/dk_utf8.c
        common/dk_crypto.c common/dk_envelope.c common/dk_hours.c common/dk_personal.c
        common/dk_seal.c common/dk_config.c common/dk_err.c common/dk_log.c"

# fuzz_intake_http runs the intake's real HTTP daemon in-process: it links
# the intake's objects (all of producers/intake but main.c) and the shared
# libraries, instrumented, compiled into $out/obj (again when a source or a
# header it includes changed) and archived so that only what the intake
# calls is linked.
intake_pkgs=(rdkafka libpq libcurl openssl jansson libmicrohttpd)
intake_cflags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
               -Icommon -Iconsumers -Iproducers/lib -Iworkers/docchecker -I$out/gen
               $(pkg-config --cflags "${intake_pkgs[@]}" vips 2>/dev/null || pkg-config --cflags "${intake_pkgs[@]}")"

stale() { # object: missing, or older than its source or a header it included
    local o=$1 d=${1%.o}.d f
    [ -f "$o" ] && [ -f "$d" ] || return 0
    # shellcheck disable=SC2013 # the words are the file names make-style .d files list
    for f in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$d"); do
        [ "$f" -nt "$o" ] && return 0
    done
    return 1
}

build_intake_objects() {
    mkdir -p "$out/gen"
    infra/gen_topics.sh schemas/topics.tsv > "$out/gen/dk_topics_gen.c.new"
    cmp -s "$out/gen/dk_topics_gen.c.new" "$out/gen/dk_topics_gen.c" ||
        mv "$out/gen/dk_topics_gen.c.new" "$out/gen/dk_topics_gen.c"
    rm -f "$out/gen/dk_topics_gen.c.new"
    infra/gen_templates.sh dk_page_templates producers/intake/templates/*.html > "$out/gen/dk_page_templates_gen.c.new"
    cmp -s "$out/gen/dk_page_templates_gen.c.new" "$out/gen/dk_page_templates_gen.c" ||
        mv "$out/gen/dk_page_templates_gen.c.new" "$out/gen/dk_page_templates_gen.c"
    rm -f "$out/gen/dk_page_templates_gen.c.new"
    # Other flags than the objects were built with: build them all again.
    if [ "$(cat "$out/obj/flags" 2>/dev/null)" != "$intake_cflags" ]; then
        rm -rf "$out/obj"
        mkdir -p "$out/obj"
        printf '%s' "$intake_cflags" > "$out/obj/flags"
    fi
    local src=(common/*.c common/render/*.c consumers/*.c producers/lib/*.c "$out/gen/dk_topics_gen.c"
               "$out/gen/dk_page_templates_gen.c")
    local s todo=() objs=()
    for s in "${src[@]}" producers/intake/*.c; do
        [ "$s" = producers/intake/main.c ] && continue
        local o="$out/obj/${s#"$out/"}"
        o=${o%.c}.o
        objs+=("$o")
        stale "$o" && todo+=("$s")
    done
    if [ ${#todo[@]} -gt 0 ]; then
        echo "fuzz: compiling ${#todo[@]} sources of the intake"
        export out intake_cflags
        # shellcheck disable=SC2016
        printf '%s\n' "${todo[@]}" | xargs -P2 -n1 bash -c '
            s=$0; o="$out/obj/${s#"$out/"}"; o=${o%.c}.o; mkdir -p "$(dirname "$o")"
            clang $intake_cflags -MMD -c "$s" -o "$o"'
    fi
    intake_objs=("${objs[@]}")
    rm -f "$out/libdk_intake_fuzz.a"
    # Library objects in an archive (only what is called gets linked); the
    # intake's own objects as they are.
    local lib=() own=()
    for s in "${intake_objs[@]}"; do
        case $s in */producers/intake/*) own+=("$s") ;; *) lib+=("$s") ;; esac
    done
    ar rcs "$out/libdk_intake_fuzz.a" "${lib[@]}"
    intake_own=("${own[@]}")
}

build_target() {
    local name=$1 t=tests/fuzz/$1.c
    if [ "$name" = fuzz_intake_http ]; then
        build_intake_objects
        # shellcheck disable=SC2086,SC2046
        clang $intake_cflags -Iproducers/intake -fsanitize=fuzzer -Wall -Wextra -Werror -o "$out/$name" "$t" \
            "${intake_own[@]}" "$out/libdk_intake_fuzz.a" \
            $(pkg-config --libs "${intake_pkgs[@]}") -lunistring -lpthread -lm
    else
        # shellcheck disable=SC2086
        clang $flags -o "$out/$name" "$t" $common $libs -lm
    fi
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for t in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$t" .c)"); done
fi
for name in "${targets[@]}"; do
    build_target "$name"
    [ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && continue
    if [ "$seconds" = 0 ]; then
        echo "fuzz: $name replays its seeds"
        "$out/$name" -runs=0 -max_len=8192 -artifact_prefix="$out/$name-" "tests/fuzz/seeds/$name" \
            2>"$out/$name.log" || { tail -30 "$out/$name.log"; exit 1; }
        grep -E 'INITED|Done' "$out/$name.log" | tail -1 || true
        continue
    fi
    mkdir -p "$out/$name.corpus"
    echo "fuzz: $name for $seconds s"
    dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
    "$out/$name" -max_total_time="$seconds" -max_len=8192 -artifact_prefix="$out/$name-" "${dict[@]}" \
        "$out/$name.corpus" "tests/fuzz/seeds/$name" 2>"$out/$name.log" || { tail -30 "$out/$name.log"; exit 1; }
    grep -E '^Done|stat::number_of_executed_units' "$out/$name.log" | tail -1 || true
done
