#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# timed_stages.sh — runs the stages of `make test` one after another, stops at
# the first that fails, and always ends with a table of the time each took
# (and which failed, which did not run), so that a slow or failing stage is
# named without reading the whole log.
#   infra/timed_stages.sh NAME COMMAND [NAME COMMAND ...]
# A NAME starting with & runs in the background (a build, beside tests that
# mostly wait), its output kept in build/stages/NAME.log and shown when it is
# joined: at the stage named "wait" (COMMAND empty), or at the end.
set -uo pipefail
[ $(($# % 2)) -eq 0 ] && [ $# -gt 0 ] || { echo "usage: $0 NAME COMMAND [NAME COMMAND ...]" >&2; exit 2; }

names=() cmds=()
while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); shift 2; done

logs=build/stages
mkdir -p "$logs"
declare -A secs states pids starts
status=0
total_start=$(date +%s)

record() { # name rc seconds
    secs[$1]=$3
    if [ "$2" -eq 0 ]; then states[$1]=ok; else states[$1]="FAILED ($2)" && status=$2; fi
}

join_background() {
    local n rc
    for n in "${!pids[@]}"; do
        wait "${pids[$n]}"
        rc=$?
        # The end of a background stage is taken when it is joined: an upper bound.
        [ -f "$logs/${n#&}.end" ] && secs[$n]=$(($(cat "$logs/${n#&}.end") - starts[$n]))
        echo "=== ${n#&} (ran in the background; its output:)"
        cat "$logs/${n#&}.log"
        record "$n" "$rc" "${secs[$n]:-$(($(date +%s) - starts[$n]))}"
        unset "pids[$n]"
    done
}

for i in "${!names[@]}"; do
    n=${names[$i]}
    if [ "$n" = wait ]; then
        join_background
        continue
    fi
    if [ "$status" -ne 0 ]; then
        states[$n]="not run"
        continue
    fi
    if [ "${n:0:1}" = "&" ]; then
        echo "=== ${n#&} (in the background, output in $logs/${n#&}.log)"
        starts[$n]=$(date +%s)
        rm -f "$logs/${n#&}.end"
        bash -c "${cmds[$i]}; rc=\$?; date +%s > '$logs/${n#&}.end'; exit \$rc" > "$logs/${n#&}.log" 2>&1 &
        pids[$n]=$!
        continue
    fi
    echo "=== $n"
    start=$(date +%s)
    bash -c "${cmds[$i]}"
    record "$n" $? $(($(date +%s) - start))
done
join_background
total=$(($(date +%s) - total_start))

echo
echo "make test, time per stage:"
for n in "${names[@]}"; do
    [ "$n" = wait ] && continue
    label=${n#&}
    [ "$n" != "$label" ] && label="$label (bg)"
    if [ -n "${secs[$n]:-}" ]; then
        printf '  %-22s %4d:%02d  %s\n' "$label" $((secs[$n] / 60)) $((secs[$n] % 60)) "${states[$n]}"
    else
        printf '  %-22s %7s  %s\n' "$label" "" "${states[$n]:-not run}"
    fi
done
printf '  %-22s %4d:%02d  %s\n' total $((total / 60)) $((total % 60)) "$([ "$status" -eq 0 ] && echo ok || echo FAILED)"
exit "$status"
