#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# timers_bench.sh — `make bench`: the one timer mechanism (issue 13) under a
# burst: TIMERS_BENCH_COUNT (default 100,000) timers falling due at one
# instant, fired by the 2 dk-timers replicas of a private stack
# ($DK_BUILD/bench-timers-var, the real clock, no DK_NOW). The timers are
# outcome_overdue ones of as many real reserved interviews that ended days
# ago without an outcome, so each firing does what it does in production
# (common/booking/dk_booking_timers.c): reads the appointment and its
# outcome, raises the operator alert on dk.alerts and queues its
# timer.fired message on dk.timers.fired, all in the batch's transaction,
# the outbox relays of the replicas publishing both. Measured: timers per
# second and the lag of the last one (its fired_at − due_at, and the wall
# time from the due instant until the bench saw every timer fired), then
# the outbox drained. Checked (exit 1 otherwise): every timer fired once —
# fired with result "alerted", exactly one timer.fired and one alert per
# timer in the outbox, all published, the replicas' logs adding up to the
# count. Reported next to a baseline from the same run on the same table:
# the same rows, freshly loaded before the replicas start, fired by two
# concurrent psql sessions running a bare
#   UPDATE timers SET fired_at = now() WHERE id IN (SELECT id FROM timers
#   WHERE <due and open> ORDER BY due_at LIMIT <DK_TIMERS_BATCH> FOR UPDATE SKIP LOCKED)
# loop in autocommit, with the ratio and where the mechanism's time goes
# (its batches' own timing from the replicas' logs, CPU per process and per
# timer, WAL per timer).
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-timers-var
export DK_INTAKE_PORT=0
export DK_RECORDER_REPLICAS=1 DK_MAILER_REPLICAS=1 DK_SCHEDULER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1
export DK_TIMERS_REPLICAS=2
unset DK_NOW # the lag is real time
count=${TIMERS_BENCH_COUNT:-100000}
batch=${DK_TIMERS_BATCH:-200}
bound=600
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }
[[ $count =~ ^[1-9][0-9]{0,6}$ && $count -le 1000000 ]] || die "TIMERS_BENCH_COUNT 1..1000000"
[[ $batch =~ ^[1-9][0-9]{0,4}$ && $batch -le 10000 ]] || die "DK_TIMERS_BATCH 1..10000"

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
mkdir -p "$DK_VAR_DIR/timers"
work=$DK_VAR_DIR/timers
infra/stack.sh up >"$DK_VAR_DIR/stack-up.log" 2>&1 || die "the stack did not start (logs: $DK_VAR_DIR/stack-up.log, $DK_VAR_DIR/log)"
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
export PGPASSWORD=${DK_PG_DSN##* password=}
pg_dsn=${DK_PG_DSN% password=*}
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$pg_dsn" -c "$1"; }
now() { printf %s "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
# CPU seconds (user + system) of processes, and of PostgreSQL (the
# postmaster and its children: the backends, the WAL writer, ...).
# A process's ended children count once reaped (cutime, cstime): the
# postmaster's include the backends of sessions that closed.
cpu_of() { # [--children] PID...
    local pid f t=0 hz kids=0
    [ "$1" = --children ] && kids=1 && shift
    hz=$(getconf CLK_TCK)
    for pid in "$@"; do
        read -r -a f < <(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue # ended meanwhile
        t=$((t + f[11] + f[12] + kids * (f[13] + f[14])))
        kids=0
    done
    awk -v t=$t -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}
pg_pid=$(head -1 "$DK_VAR_DIR/pg/data/postmaster.pid")
pg_cpu() {
    local kids
    mapfile -t kids < <(pgrep -P "$pg_pid" || true)
    cpu_of --children "$pg_pid" "${kids[@]}"
}
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The replicas stay down while the baseline runs on the same table.
infra/stack.sh stop timers >/dev/null && infra/stack.sh stop timers-2 >/dev/null
[ "$(sql "SELECT count(*) FROM timers")" = 0 ] || die "the fresh stack already holds timers"

# ---- the interviews: reserved, ended 8 to 10 days ago, no outcome ----
# 1,000 interviewers with up to 100 consecutive half-hour interviews each
# (the no-double-booking constraint holds), one application each.
say "seeding $count reserved interviews without an outcome"
psql -X -q -v ON_ERROR_STOP=1 -v n="$count" "$pg_dsn" >/dev/null <<'SQL' || die "seeding failed"
BEGIN;
INSERT INTO interviewers (id, name, email, languages, hours)
SELECT ('00000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, 'Bench interviewer ' || i,
       'ti' || i || '@bench.example', '{nl,fr,en}', 'mon-fri 09:00-12:00,13:00-17:00'
  FROM generate_series(0, 999) i;
INSERT INTO applications (id, status, language, last_name, first_names, birth_date, birth_country,
                          birth_place, sex, email, motivation, security_code_hash, submitted_at,
                          source_message_id)
SELECT ('00000000-0000-4000-b000-' || lpad(i::text, 12, '0'))::uuid, 'reserved',
       (ARRAY['nl', 'fr', 'en'])[1 + i % 3], 'Bench', 'Applicant', '1980-01-01', 'BE', 'Gent', 'X',
       't' || i || '@bench.example', 'bench', repeat('0', 64), now() - interval '40 days',
       gen_random_uuid()
  FROM generate_series(0, :n - 1) i;
INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at, status, match,
                          preferred_rank, token_hash, held_until, room_id, proposed_at, reserved_at)
SELECT ('00000000-0000-4000-c000-' || lpad(i::text, 12, '0'))::uuid,
       ('00000000-0000-4000-b000-' || lpad(i::text, 12, '0'))::uuid,
       ('00000000-0000-4000-a000-' || lpad((i % 1000)::text, 12, '0'))::uuid,
       s, s + interval '30 minutes', 'reserved', 'preferred', 1, 'bench-' || i,
       s - interval '10 days', 'bench-room-' || i, s - interval '20 days', s - interval '19 days'
  FROM generate_series(0, :n - 1) i,
       LATERAL (SELECT date_trunc('hour', now()) - interval '10 days'
                       + (i / 1000) * interval '30 minutes' AS s) x;
-- The timers, kept aside: loaded into timers twice, for the baseline and
-- for the replicas, the same rows each time.
CREATE TABLE bench_timers AS
SELECT gen_random_uuid() AS id, 'outcome_overdue'::text AS kind, p.id::text AS cause,
       p.application_id, p.id AS appointment_id
  FROM appointments p WHERE p.token_hash LIKE 'bench-%';
COMMIT;
VACUUM ANALYZE interviewers, applications, appointments, bench_timers;
SQL
load() { # DUE (an SQL expression): the bench's timers into timers, all due then
    sql "INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)
         SELECT id, kind, cause, application_id, appointment_id, $1, now() FROM bench_timers" &&
        sql "VACUUM ANALYZE timers"
}

# ---- baseline: two psql sessions, a bare UPDATE … SKIP LOCKED loop ----
t0=$(now)
load "now()" || die "loading the timers failed"
load_s=$(since "$t0")
step="WITH c AS (UPDATE timers SET fired_at = now() WHERE id IN (SELECT id FROM timers
  WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= now()
  ORDER BY due_at LIMIT $batch FOR UPDATE SKIP LOCKED) RETURNING 1)
SELECT count(*) = 0 AS done FROM c \\gset
\\if :done
\\q
\\endif"
{
    for ((i = 0; i <= count / batch + 1; i++)); do printf '%s\n' "$step"; done
} >"$work/baseline.psql"
pg0=$(pg_cpu) wal0=$(sql "SELECT pg_current_wal_lsn()") psql0=$(cpu_of --children $BASHPID)
start=$(now)
psql -X -q -v ON_ERROR_STOP=1 "$pg_dsn" -f "$work/baseline.psql" >"$work/baseline-1.txt" 2>&1 &
b1=$!
psql -X -q -v ON_ERROR_STOP=1 "$pg_dsn" -f "$work/baseline.psql" >"$work/baseline-2.txt" 2>&1 &
b2=$!
wait "$b1" && wait "$b2" || die "a baseline session failed: $(cat "$work"/baseline-*.txt)"
base_wall=$(since "$start")
base_pg=$(diff_s "$pg0" "$(pg_cpu)") base_psql=$(diff_s "$psql0" "$(cpu_of --children $BASHPID)")
base_wal=$(sql "SELECT pg_current_wal_lsn() - '$wal0'::pg_lsn")
read -r base_fired base_last < <(sql "SELECT count(*), extract(epoch FROM max(fired_at))
    FROM timers WHERE fired_at IS NOT NULL" | tr '|' ' ')
[ "$base_fired" = "$count" ] || die "the baseline fired $base_fired of $count"
base_span=$(awk -v a="$start" -v b="$base_last" 'BEGIN { printf "%.3f", b - a }')

# ---- the mechanism: 2 dk-timers replicas ----
sql "DELETE FROM timers" >/dev/null && sql "VACUUM ANALYZE timers" || die "resetting timers failed"
infra/stack.sh start timers >/dev/null && infra/stack.sh start timers-2 >/dev/null || die "dk-timers did not start"
sleep 1 # both connected and asleep (nothing due)
# Due a moment after the load's commit (twice the baseline's load, at least
# 3 s): the replicas sleep until then (no more than DK_TIMERS_POLL_MS) and
# wake to a burst of due timers, as at a real deadline.
lead=$(awk -v l="$load_s" 'BEGIN { x = 2 * l + 1; printf "%.3f", x < 3 ? 3 : x }')
due=$(sql "SELECT extract(epoch FROM date_trunc('milliseconds', clock_timestamp() + interval '$lead seconds'))")
load "to_timestamp($due)" || die "loading the timers failed"
committed=$(now)
late=$(awk -v c="$committed" -v d="$due" 'BEGIN { print (c > d) ? 1 : 0 }')
mapfile -t pids < <(cat "$DK_VAR_DIR/run/timers.pid" "$DK_VAR_DIR/run/timers-2.pid")
broker_pid=$(cat "$DK_VAR_DIR/run/broker.pid")
while awk -v d="$due" -v n="$EPOCHREALTIME" 'BEGIN { exit !(n < d) }'; do sleep 0.01; done
pg0=$(pg_cpu) tm0=$(cpu_of "${pids[@]}") br0=$(cpu_of "$broker_pid") wal0=$(sql "SELECT pg_current_wal_lsn()")
left=$count
while [ "$left" -gt 0 ]; do
    awk -v a="$due" -v b="$EPOCHREALTIME" -v m=$bound 'BEGIN { exit !(b - a > m) }' &&
        die "$left of $count timers still open ${bound} s after they fell due"
    sleep 0.2
    left=$(sql "SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL")
done
wall=$(awk -v a="$due" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
unsent=1
while [ "$unsent" -gt 0 ]; do
    awk -v a="$due" -v b="$EPOCHREALTIME" -v m=$bound 'BEGIN { exit !(b - a > m) }' &&
        die "$unsent outbox messages unpublished ${bound} s after the timers fell due"
    sleep 0.2
    unsent=$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
done
drained=$(awk -v a="$due" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
# CPU and WAL from the due instant until the outbox is drained.
pg_s=$(diff_s "$pg0" "$(pg_cpu)") tm_s=$(diff_s "$tm0" "$(cpu_of "${pids[@]}")")
br_s=$(diff_s "$br0" "$(cpu_of "$broker_pid")")
wal=$(sql "SELECT pg_current_wal_lsn() - '$wal0'::pg_lsn")

# ---- exactly once ----
read -r fired alerted first_s last_s < <(sql "SELECT count(*), count(*) FILTER (WHERE result = 'alerted'),
    extract(epoch FROM min(fired_at) - min(due_at)), extract(epoch FROM max(fired_at) - min(due_at))
    FROM timers WHERE fired_at IS NOT NULL AND cancelled_at IS NULL" | tr '|' ' ')
[ "$fired" = "$count" ] && [ "$alerted" = "$count" ] || die "$fired fired, $alerted alerted, of $count"
copies=$(sql "WITH f AS (SELECT (payload::jsonb #>> '{data,timer_id}')::uuid AS tid, count(*) AS n
    FROM outbox WHERE topic = 'dk.timers.fired' GROUP BY 1)
    SELECT coalesce(f.n, 0) || 'x' || count(*) FROM timers t LEFT JOIN f ON f.tid = t.id GROUP BY f.n ORDER BY 1")
[ "$copies" = "1x$count" ] || die "timer.fired messages per timer (copies x timers): $copies"
alerts=$(sql "WITH f AS (SELECT (payload::jsonb #>> '{data,appointment_id}')::uuid AS aid, count(*) AS n
    FROM outbox WHERE topic = 'dk.alerts' GROUP BY 1)
    SELECT coalesce(f.n, 0) || 'x' || count(*) FROM timers t LEFT JOIN f ON f.aid = t.appointment_id
    GROUP BY f.n ORDER BY 1")
[ "$alerts" = "1x$count" ] || die "alerts per timer (copies x timers): $alerts"
others=$(sql "SELECT count(*) FROM outbox WHERE topic NOT IN ('dk.timers.fired', 'dk.alerts')")
[ "$others" = 0 ] || die "$others unexpected outbox messages"
# The replicas' own account: every batch logs what it claimed and fired.
for r in timers timers-2; do
    grep -h '"timers_fired"' "$DK_VAR_DIR/log/$r.log" | /usr/bin/python3 -c '
import json, sys
b = [json.loads(l) for l in sys.stdin]
print(len(b), sum(x["fired"] for x in b), sum(x["ms"] for x in b))'
done >"$work/replicas.txt"
{ read -r b1n f1 ms1 && read -r b2n f2 ms2; } <"$work/replicas.txt" || die "the replicas' logs: $(cat "$work/replicas.txt")"
[ $((f1 + f2)) = "$count" ] || die "the replicas' logs say $((f1 + f2)) fired, $count expected"
trouble=$(cat "$DK_VAR_DIR"/log/timers*.log |
    grep -c '"batch_failed"\|"timers_claim_failed"\|"timer_failed"\|"outbox_publish_failed"' || true)
[ "$trouble" = 0 ] || die "$trouble failed batches or publications in the replicas' logs"

awk -v n="$count" -v b="$batch" -v bw="$base_wall" -v bs="$base_span" -v bpg="$base_pg" \
    -v ls="$load_s" -v w="$wall" -v fs="$first_s" -v l="$last_s" -v dr="$drained" -v late="$late" \
    -v pg="$pg_s" -v tm="$tm_s" -v br="$br_s" -v b1="$b1n" -v f1="$f1" -v m1="$ms1" \
    -v b2="$b2n" -v f2="$f2" -v m2="$ms2" -v wal="$wal" -v bwal="$base_wal" -v bpsql="$base_psql" 'BEGIN {
    rate = n / l; base = n / bs
    printf "timers: %d outcome_overdue timers due at one instant, fired by 2 dk-timers replicas (DK_TIMERS_BATCH %d)\n", n, b
    printf "  %.0f timers/s; the last fired %.2f s after its due time (the first %.3f s), the bench saw all fired after %.2f s%s\n",
        rate, l, fs, w, late ? " (the load committed after the due instant)" : ""
    printf "  each fired once: result alerted, 1 timer.fired + 1 alert each in the outbox, all published %.2f s after the due time\n", dr
    printf "  vs a bare UPDATE ... FOR UPDATE SKIP LOCKED loop, 2 psql sessions, batches of %d, the same rows on the same table: %.0f timers/s (%.2f s; sessions done after %.2f s)\n", b, base, bs, bw
    printf "  ratio %.2f of the baseline\n", rate / base
    printf "  where the time goes: replica 1 %d batches, %d fired, %.2f s in its batches; replica 2 %d batches, %d fired, %.2f s; %.1f ms per batch of %d (%.0f us per timer)\n",
        b1, f1, m1 / 1000, b2, f2, m2 / 1000, (m1 + m2) / (b1 + b2), b, 1000 * (m1 + m2) / n
    printf "  CPU until all published: PostgreSQL %.2f s, dk-timers (both, their outbox relays included) %.2f s, broker %.2f s; the baseline: PostgreSQL %.2f s (loading the rows took %.2f s)\n",
        pg, tm, br, bpg, ls
    mc = 1e6 * (pg + tm + br) / n; bc = 1e6 * (bpg + bpsql) / n
    printf "  CPU per timer: %.0f us (PostgreSQL %.0f, dk-timers %.0f, broker %.0f) vs %.0f us in the baseline (PostgreSQL %.0f, psql %.0f): ratio %.2f, which a machine shared with other work moves less than the rates\n",
        mc, 1e6 * pg / n, 1e6 * tm / n, 1e6 * br / n, bc, 1e6 * bpg / n, 1e6 * bpsql / n, bc / mc
    printf "  WAL written per timer: %.0f bytes (the timer, its alert and timer.fired rows in the outbox, the relays marking them sent) vs %.0f bytes in the baseline\n", wal / n, bwal / n
}' | tee "$work/summary.txt"
