#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# dashboard_bench.sh — `make bench`: how fast dk-dashboard folds the topics
# into its figures, next to kcat reading the same topics to /dev/null in the
# same run. On a private embedded stack ($DK_BUILD/dashbench-var, free
# ports, stopped on exit): wrk posts applications for DK_BENCH_SECONDS (the
# pipeline then fills dk.applications.submitted, dk.schedule, dk.mail.jobs,
# dk.appointments ...), and once every group has caught up the dashboard is
# restarted: it rebuilds its figures from the oldest message and logs when it
# has read what the topics held ("caught_up": messages, ms, per second:
# messages folded into the aggregates per second, JSON parsing included).
# Then kcat reads every topic from the beginning to /dev/null (-e: until the
# end), timed the same way. Prints both rates; fails only when something did
# not run.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/dashbench-var
export DK_INTAKE_PORT=0 DK_CONSOLE_PORT=0 DK_DASHBOARD_PORT=0
export DK_INTAKE_RATE_LIMIT=0
export DK_NOW=2026-12-02T10:00:00Z
export DK_CODE_KEY=bench-code-key DK_CSRF_KEY=bench-csrf-key
seconds=${DK_BENCH_SECONDS:-3}
bin=$root/$DK_BUILD/bin
python=/usr/bin/python3
say() { printf 'dashbench: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }
for tool in wrk kcat "$bin/dk" "$bin/dk-dashboard"; do
    command -v "$tool" >/dev/null || die "$tool not found (make; infra/deps.sh bench)"
done

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up >/dev/null 2>&1 || die "the stack did not start (logs: $DK_VAR_DIR/log)"
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a

wrk -t 2 -c 16 -d "${seconds}s" -s tests/bench/post_application.lua \
    "$DK_INTAKE_URL/api/v1/applications" >"$DK_VAR_DIR/wrk.txt" 2>&1 || die "wrk failed"
# Every group caught up (the pipeline has produced what it will): lag 0 twice.
quiet=0
for _ in $(seq 1 240); do
    lag=$("$bin/dk" topics --json | $python -c 'import json,sys; print(sum(g["lag"] for t in json.load(sys.stdin) for g in t["groups"]))')
    if [ "$lag" = 0 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ $quiet -ge 4 ] && break
    sleep 0.5
done
[ $quiet -ge 4 ] || die "the pipeline did not catch up in 120 s"
total=$("$bin/dk" topics --json | $python -c 'import json,sys; print(sum(t["messages"] for t in json.load(sys.stdin)))')

# The dashboard rebuilds from the topics.
infra/stack.sh stop dashboard
log=$DK_VAR_DIR/log/dashboard.log
before=$(grep -c '"caught_up"' "$log" || true)
infra/stack.sh start dashboard
for _ in $(seq 1 600); do
    [ "$(grep -c '"caught_up"' "$log" || true)" -gt "$before" ] && break
    sleep 0.2
done
line=$(grep '"caught_up"' "$log" | tail -1)
[ "$(grep -c '"caught_up"' "$log" || true)" -gt "$before" ] || die "the dashboard did not catch up in 120 s"
read -r dmsgs dms dfold drate < <($python -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["messages"], d["ms"], d["from_first_ms"], d["per_s"])' "$line")

# kcat reads the same topics to /dev/null: one process, its own group over
# every topic from the beginning, until the end of each partition (-e).
topics=$(grep -v '^#' schemas/topics.tsv | grep -v '^[[:space:]]*$' | cut -f1)
t0=$EPOCHREALTIME
# shellcheck disable=SC2086
kcat -b "$DK_KAFKA_BROKERS" -G "dk-bench-kcat-$$" -X auto.offset.reset=earliest -e -q \
    $topics >/dev/null 2>"$DK_VAR_DIR/kcat.err" || die "kcat failed: $(tail -1 "$DK_VAR_DIR/kcat.err")"
t1=$EPOCHREALTIME
kms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
krate=$(awk -v n="$total" -v ms="$kms" 'BEGIN { printf "%d", (ms > 0) ? (n * 1000 / ms) : n }')

echo
echo "========================= dashboard bench ========================="
printf 'topics       %d messages in %d topics (after %s s of wrk on the intake)\n' "$total" "$(echo "$topics" | wc -l)" "$seconds"
printf 'dk-dashboard %d messages folded into its figures in %d ms from its first message: %d messages/s (%d ms with the group join)\n' "$dmsgs" "$dfold" "$drate" "$dms"
printf 'kcat         %d messages read to /dev/null in %d ms, group join included: %d messages/s\n' "$total" "$kms" "$krate"
echo "==================================================================="
