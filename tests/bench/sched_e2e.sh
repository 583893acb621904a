#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# sched_e2e.sh — `make bench`: the scheduler worker end to end on the real
# stack. sched_bench's instance (50 interviewers, 10,000 applications with
# their preferred windows) is loaded into a private stack's PostgreSQL with
# one schedule.requested per application in the outbox; the relay publishes
# them to dk.schedule and the dk-scheduler replicas plan them in batches.
# Measured: from the load's COMMIT until every application is proposed or
# waiting (bounded). Reported next to the planner alone on the same instance
# (sched_bench, in memory) and the exact optimum's preferred-window share.
# The mailers are stopped first: 10,000 proposal mails are not the subject.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-sched-var
export DK_INTAKE_PORT=0
export DK_NOW=2026-12-02T10:00:00Z # the instance's two weeks start on Monday 2026-12-07
bin=$root/$DK_BUILD/bin
bound=300
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up >/dev/null 2>&1 || die "the stack did not start (logs: $DK_VAR_DIR/log)"
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
# PostgreSQL asks for a password (the DSN's last word): psql and pgbench take
# it from the environment, where ps does not show it.
export PGPASSWORD=${DK_PG_DSN##* password=}
pg_dsn=${DK_PG_DSN% password=*}
for m in "$DK_VAR_DIR"/run/mailer*.pid; do infra/stack.sh stop "$(basename "$m" .pid)" >/dev/null; done
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$pg_dsn" -c "$1"; }

planner=$("$root/$DK_BUILD/bench/sched_bench" | tail -1)
[[ $planner =~ ([0-9,]+)\ assignments/s.*exact\ optimum\ ([0-9.]+)% ]] || die "sched_bench said: $planner"
planner_rate=${BASH_REMATCH[1]//,/}
optimum=${BASH_REMATCH[2]}
"$root/$DK_BUILD/bench/sched_bench" --sql "$DK_VAR_DIR/instance.sql"
psql -X -q -v ON_ERROR_STOP=1 "$pg_dsn" -f "$DK_VAR_DIR/instance.sql" >/dev/null
start=$EPOCHREALTIME
n=0
while :; do
    n=$(sql "SELECT count(*) FROM applications WHERE email LIKE '%@bench.example' AND status <> 'submitted'")
    [ "$n" -ge 10000 ] && break
    awk -v a="$start" -v b="$EPOCHREALTIME" -v m=$bound 'BEGIN { exit !(b - a > m) }' &&
        die "only $n of 10000 applications planned after ${bound} s"
    sleep 0.2
done
seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
read -r preferred nearest later waiting < <(sql "SELECT
    count(*) FILTER (WHERE p.match = 'preferred'), count(*) FILTER (WHERE p.match = 'nearest'),
    count(*) FILTER (WHERE p.match = 'later'), (SELECT count(*) FROM applications WHERE status = 'waiting')
    FROM appointments p" | tr '|' ' ')
double=$(sql "SELECT count(*) FROM appointments a JOIN appointments b ON a.interviewer_id = b.interviewer_id
    AND a.id < b.id AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)")
[ "$double" = 0 ] || die "$double double bookings"
over=$(sql "SELECT count(*) FROM (SELECT 1 FROM appointments GROUP BY interviewer_id,
    (starts_at AT TIME ZONE 'Europe/Brussels')::date HAVING count(*) > 10) x")
[ "$over" = 0 ] || die "$over interviewer-days over the maximum of 10"
batches=$(grep -h '"batch_planned"' "$DK_VAR_DIR"/log/scheduler*.log | wc -l)
awk -v s="$seconds" -v p="$preferred" -v ne="$nearest" -v l="$later" -v w="$waiting" \
    -v rate="$planner_rate" -v opt="$optimum" -v b="$batches" 'BEGIN {
    e2e = 10000 / s; share = 100 * p / 10000
    printf "scheduler worker, end to end: 10000 applications planned in %.2f s = %.0f assignments/s (%d batches, 2 replicas)\n", s, e2e, b
    printf "  vs the planner alone in memory %d/s: ratio %.2f (the rest is PostgreSQL, Kafka and the outbox)\n", rate, e2e / rate
    printf "  preferred window %.1f%% vs exact optimum %.1f%% on the same instance: ratio %.3f (nearest %d, later %d, waiting %d); no double booking, no day over 10\n", share, opt, share / opt, ne, l, w
}'
