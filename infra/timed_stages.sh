#!/usr/bin/env bash
# timed_stages.sh — runs the stages of `make test` one after another, stops at
# the first that fails, and always ends with a table of the time each took
# (and which failed, which did not run), so that a slow or failing stage is
# named without reading the whole log.
#   infra/timed_stages.sh NAME COMMAND [NAME COMMAND ...]
set -uo pipefail
[ $(($# % 2)) -eq 0 ] && [ $# -gt 0 ] || { echo "usage: $0 NAME COMMAND [NAME COMMAND ...]" >&2; exit 2; }

names=() cmds=()
while [ $# -gt 0 ]; do names+=("$1"); cmds+=("$2"); shift 2; done

secs=() states=()
status=0
total_start=$(date +%s)
for i in "${!names[@]}"; do
    if [ "$status" -ne 0 ]; then
        secs+=("") states+=("not run")
        continue
    fi
    echo "=== ${names[$i]}"
    start=$(date +%s)
    bash -c "${cmds[$i]}"
    rc=$?
    secs+=($(($(date +%s) - start)))
    if [ "$rc" -eq 0 ]; then states+=(ok); else states+=("FAILED ($rc)") status=$rc; fi
done
total=$(($(date +%s) - total_start))

echo
echo "make test, time per stage:"
for i in "${!names[@]}"; do
    if [ -n "${secs[$i]}" ]; then
        printf '  %-18s %4d:%02d  %s\n' "${names[$i]}" $((secs[i] / 60)) $((secs[i] % 60)) "${states[$i]}"
    else
        printf '  %-18s %7s  %s\n' "${names[$i]}" "" "${states[$i]}"
    fi
done
printf '  %-18s %4d:%02d  %s\n' total $((total / 60)) $((total % 60)) "$([ "$status" -eq 0 ] && echo ok || echo FAILED)"
exit "$status"
