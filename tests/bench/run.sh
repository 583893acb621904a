#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — `make bench`: measures the pipeline end to end against a plain
# PostgreSQL baseline, on a private embedded stack ($DK_BUILD/bench-var, fresh
# each run, free ports), stopped on exit whatever happened.
#   1. wrk posts valid applications for DK_BENCH_SECONDS (post_application.lua;
#      about 5,000/s here, 3 s, so N ≈ 15k): requests/s, p50/p99, every non-201
#      answer counted;
#   2. end to end: from the load's start until every acknowledged application
#      is a row of `applications` (psql polling, bounded);
#   3. baseline: pgbench, 8 clients, one single-row INSERT per transaction
#      into a scratch table shaped like an applications row, on the same
#      PostgreSQL; then the ratio e2e apps/s ÷ pgbench TPS (goal ≥ 1);
#   4. `dk topics --json` sampled twice a second: the largest consumer lag and
#      partition size next to the mock broker's drop limit (5 MiB or 100,000
#      message sets per partition, the oldest silently dropped beyond).
# Exits non-zero only on real failures (stack, refused requests, missing rows,
# lost messages, baseline not run); a missed performance goal is said, not fatal.
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME and printf with a decimal point

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-var
export DK_INTAKE_PORT=0
export DK_INTAKE_RATE_LIMIT=0      # one client address sends everything
export DK_NOW=2026-12-02T10:00:00Z # a Wednesday: the slots asked for (2026-12-08/10) are valid
export DK_CODE_KEY=bench-code-key DK_CSRF_KEY=bench-csrf-key

seconds=${DK_BENCH_SECONDS:-3}    # the load's length: N = a few thousand to ~20k
connections=${DK_BENCH_CONNECTIONS:-32}
threads=2                         # the machine has 2 cores; wrk shares them
pgbench_seconds=${DK_BENCH_PGBENCH_SECONDS:-15}
e2e_bound=120                     # seconds the rows may take to arrive
python=/usr/bin/python3
bin=$root/$DK_BUILD/bin
out=$DK_VAR_DIR/bench # wrk output, samples, pgbench script: kept for a look afterwards

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

pgbench=/usr/lib/postgresql/15/bin/pgbench
[ -x "$pgbench" ] || pgbench=$(command -v pgbench) || die "pgbench not found (postgresql-client-15)"
for tool in wrk psql kcat curl "$bin/dk" "$bin/dk-intake"; do
    command -v "$tool" >/dev/null || die "$tool not found (make; infra/deps.sh bench)"
done

# ---- the private stack ----
infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
sampler_pid=
cleanup() {
    if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
    infra/stack.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT
infra/stack.sh up || die "the stack did not start (logs: $DK_VAR_DIR/log)"
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
# PostgreSQL asks for a password (the DSN's last word): psql and pgbench take
# it from the environment, where ps does not show it.
export PGPASSWORD=${DK_PG_DSN##* password=}
pg_dsn=${DK_PG_DSN% password=*}
mkdir -p "$out"

sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$pg_dsn" -c "$1"; }
# Counting rows ten times a second: one psql session kept open, so that the
# polling costs neither a process nor a connection each time. rows=N, or "".
coproc PSQL { psql -X -A -t -q -v ON_ERROR_STOP=1 "$pg_dsn" 2>&1; }
count_rows() {
    rows=
    if echo 'SELECT count(*) FROM applications;' 1>&"${PSQL[1]}"; then
        read -t 10 -r rows <&"${PSQL[0]}" || true
    fi
    [[ $rows =~ ^[0-9]+$ ]] || die "counting the applications failed: $rows"
}
log_end() { # TOPIC: messages the broker ever acknowledged on it
    "$bin/dk" topics --json |
        $python -c 'import json,sys; print({t["topic"]: t["log_end"] for t in json.load(sys.stdin)}[sys.argv[1]])' "$1"
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# CPU ticks (user+system, threads and reaped children included) of each
# process of the stack (PostgreSQL: the postmaster and all its children), and
# of the whole machine (busy, all) from /proc/stat.
cpu_ticks() {
    $python - "$DK_VAR_DIR" <<'PY'
import os, sys
var = sys.argv[1]
def stat(pid):
    try:
        s = open("/proc/%d/stat" % pid).read()
    except OSError:
        return None
    return s[s.rindex(")") + 2:].split()  # fields from "state" on
def ticks(pid):
    f = stat(pid)
    return sum(int(x) for x in f[11:15]) if f else 0  # utime stime cutime cstime
out = {}
for f in sorted(os.listdir("%s/run" % var)):
    if not f.endswith(".pid"):
        continue
    name = f[:-4].split("-")[0]  # replicas (recorder-2) count with their role
    try:
        out[name] = out.get(name, 0) + ticks(int(open("%s/run/%s" % (var, f)).read()))
    except (OSError, ValueError):
        pass
try:
    pm = int(open("%s/pg/data/postmaster.pid" % var).readline())
    total = ticks(pm)
    for d in os.listdir("/proc"):
        if d.isdigit():
            f = stat(int(d))
            if f and int(f[1]) == pm:
                total += ticks(int(d))
    out["postgres"] = total
except (OSError, ValueError):
    pass
cpu = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
out["machine_busy"], out["machine_all"] = sum(cpu) - cpu[3] - cpu[4], sum(cpu)
print(" ".join("%s=%d" % kv for kv in out.items()))
PY
}

# ---- warm-up: one application through the whole chain, so the recorder has
# joined its group and been given its partitions before the clock starts ----
body='{"last_name":"Peeters","first_names":"Jan Marie","birth_date":"1985-07-30",'
body+='"birth_country":"BE","birth_place":"Gent","sex":"M","email":"bench.warmup@example.be",'
body+='"motivation":"Ik wil mijn belastingaangifte online doen.","preferred_slots":'
body+='[{"date":"2026-12-08","from":"09:00","to":"10:30"},{"date":"2026-12-10","from":"13:00","to":"16:00"}],'
body+='"language":"nl","consent":true}'
code=$(curl -sS -o "$out/warmup.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$body" "$DK_INTAKE_URL/api/v1/applications") || die "the intake did not answer"
[ "$code" = 201 ] || die "warm-up application answered $code: $(cat "$out/warmup.json")"
for ((i = 0; i < 600; i++)); do
    count_rows
    [ "$rows" -ge 1 ] && break
    sleep 0.1
done
[ "$rows" -ge 1 ] || die "the warm-up application was not recorded within 60 s"
base_rows=$rows
base_end=$(log_end dk.applications.submitted)

# ---- the broker sampler: every 0.5 s until told to stop (bounded: 30 min) ----
$python - "$bin/dk" "$out/samples.tsv" "$out/sampler.stop" <<'PY' &
import json, os, subprocess, sys, time
dk, path, stop = sys.argv[1:4]
with open(path, "w") as f:
    for _ in range(3600):
        if os.path.exists(stop):
            break
        t = time.time()
        try:
            r = subprocess.run([dk, "topics", "--json"], capture_output=True, text=True, timeout=20)
            for tp in json.loads(r.stdout):
                for g in tp["groups"] or [{"group": "-", "lag": 0, "committed": 0}]:
                    f.write("%.3f\t%s\t%d\t%d\t%d\t%s\t%d\t%d\n" % (
                        t, tp["topic"], tp["partitions"], tp["messages"], tp["log_end"],
                        g["group"], g["lag"], g["committed"]))
            f.flush()
        except (subprocess.SubprocessError, ValueError, KeyError):
            pass  # one missed sample; the next one counts
        time.sleep(max(0.0, 0.5 - (time.time() - t)))
PY
sampler_pid=$!

# ---- 1. the intake load ----
say "load: ${seconds} s of applications, $threads wrk threads, $connections connections"
cpu_before=$(cpu_ticks)
t0=$EPOCHREALTIME
wrk_rc=0
wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency \
    -s tests/bench/post_application.lua "$DK_INTAKE_URL" >"$out/wrk.txt" 2>&1 || wrk_rc=$?
t_load=$EPOCHREALTIME
cpu_load=$(cpu_ticks)
[ "$wrk_rc" -eq 0 ] || { cat "$out/wrk.txt" >&2; die "wrk failed (exit $wrk_rc)"; }
top -b -n 1 -w 200 >"$out/top-after-load.txt" 2>/dev/null || true
figure() { sed -n "s/^BENCH $1 //p" "$out/wrk.txt"; }
accepted=$(figure accepted)
not_201=$(figure not_201)
socket_errors=$(figure socket_errors)
[ -n "$accepted" ] || { cat "$out/wrk.txt" >&2; die "wrk printed no figures"; }

# Requests still in flight when wrk stopped may have been accepted after it
# left: the broker's count of acknowledged messages is the truth to wait for.
prev=-1
for ((i = 0; i < 100; i++)); do
    end=$(log_end dk.applications.submitted)
    [ "$end" = "$prev" ] && break
    prev=$end
    sleep 0.2
done
expected=$((end - base_end))
[ "$expected" -ge "$accepted" ] ||
    die "the broker holds $expected applications but wrk saw $accepted accepted"

# ---- 2. end to end: until every acknowledged application is a row ----
t_e2e=
for ((i = 0; i < e2e_bound * 10; i++)); do
    count_rows
    n=$((rows - base_rows))
    if [ "$n" -ge "$expected" ]; then t_e2e=$EPOCHREALTIME; break; fi
    sleep 0.1
done
cpu_after=$(cpu_ticks)
[ -n "$t_e2e" ] || die "only $n of $expected applications reached PostgreSQL within $e2e_bound s"
e2e_s=$(elapsed "$t0" "$t_e2e")
load_s=$(elapsed "$t0" "$t_load")
sleep 1 # a last sample of the lag once the recorder caught up
touch "$out/sampler.stop"
wait "$sampler_pid" || true
sampler_pid=

# ---- 3. baseline: row-at-a-time INSERTs on the same PostgreSQL ----
# The mailer is still sending the bench's mails (one SMTP exchange each, for
# minutes): stopped, so that the baseline is PostgreSQL alone. (The figure of
# the pipeline above includes its competition: it is part of the pipeline.)
infra/stack.sh stop mailer
sql "CREATE TABLE bench_row_at_a_time (
        id uuid PRIMARY KEY, status text NOT NULL, language text NOT NULL,
        last_name text NOT NULL, first_names text NOT NULL, birth_date date NOT NULL,
        birth_country char(2) NOT NULL, birth_place text NOT NULL, sex char(1) NOT NULL,
        email text NOT NULL, motivation text NOT NULL, security_code_hash text NOT NULL,
        submitted_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())"
cat >"$out/pgbench.sql" <<'SQL'
\set n random(1, 1000000000)
INSERT INTO bench_row_at_a_time (id, status, language, last_name, first_names, birth_date, birth_country, birth_place, sex, email, motivation, security_code_hash, submitted_at) VALUES (gen_random_uuid(), 'submitted', 'nl', 'Peeters', 'Jan Marie', '1985-07-30', 'BE', 'Gent', 'M', 'bench.' || :n || '@example.be', 'Ik wil mijn belastingaangifte online doen.', md5(cast(:n AS text)) || md5(cast(:n AS text)), now());
SQL
say "baseline: pgbench -c 8 -j 2 -T $pgbench_seconds, one INSERT per transaction"
cpu_pg0=$(cpu_ticks)
"$pgbench" -n -c 8 -j 2 -T "$pgbench_seconds" -f "$out/pgbench.sql" "$pg_dsn" \
    >"$out/pgbench.txt" 2>&1 || { cat "$out/pgbench.txt" >&2; die "pgbench failed"; }
cpu_pg1=$(cpu_ticks)
tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out/pgbench.txt")
[ -n "$tps" ] || { cat "$out/pgbench.txt" >&2; die "pgbench printed no TPS"; }
sql "DROP TABLE bench_row_at_a_time"

# ---- the last checks: one row per acknowledged message, nothing else ----
count_rows
final_rows=$((rows - base_rows))
final_end=$(($(log_end dk.applications.submitted) - base_end))
dead=$(log_end dk.deadletter)

# ---- 4. the report ----
requests=$(figure requests)
export requests seconds accepted not_201 socket_errors expected e2e_s load_s tps connections threads \
    pgbench_seconds cpu_before cpu_load cpu_after cpu_pg0 cpu_pg1 final_rows final_end dead out
status_lines=$(sed -n 's/^BENCH status_\([0-9]*\) \([0-9]*\)/\1:\2/p' "$out/wrk.txt" | tr '\n' ' ')
export status_lines
for f in rps p50_ms p99_ms max_ms body_bytes; do export "w_$f=$(figure "$f")"; done
$python - <<'PY'
import json, os, subprocess, sys
from collections import defaultdict
E = os.environ
MIB = 1024 * 1024
LIMIT_BYTES, LIMIT_SETS = 5 * MIB, 100000
fails = []

def num(k):
    return float(E[k])

# -- the broker: samples of `dk topics --json`, message sizes, partitions --
samples = defaultdict(list)  # (topic, group) -> [(t, partitions, messages, log_end, lag, committed)]
for line in open(os.path.join(E["out"], "samples.tsv")):
    t, topic, parts, msgs, end, group, lag, done = line.rstrip("\n").split("\t")
    samples[(topic, group)].append((float(t), int(parts), int(msgs), int(end), int(lag), int(done)))
brokers = E["DK_KAFKA_BROKERS"]

def avg_size(topic):
    """Average message value size (bytes) of up to 200 messages of a topic."""
    r = subprocess.run(["kcat", "-b", brokers, "-C", "-t", topic, "-o", "beginning", "-c", "200",
                        "-e", "-q", "-f", "%S\n"], capture_output=True, text=True, timeout=60)
    sizes = [int(x) for x in r.stdout.split() if x.isdigit()]
    return sum(sizes) / len(sizes) if sizes else float(E["w_body_bytes"])

def largest_partition(topic, parts):
    """(partition, messages ever appended) of the fullest partition."""
    args = ["kcat", "-b", brokers, "-Q"]
    for p in range(parts):
        args += ["-t", "%s:%d:-1" % (topic, p)]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    best = (0, 0)
    for line in r.stdout.splitlines():  # "topic [p] offset N"
        w = line.split()
        if len(w) == 4 and w[2] == "offset":
            best = max(best, (int(w[3]), int(w[1].strip("[]"))))
    return best[1], best[0]

broker_lines = []
for (topic, group), s in sorted(samples.items()):
    if group == "-" or not s:
        continue
    parts = s[-1][1]
    # A record costs its value, its key (an application id, 36 bytes) and
    # at most ~70 bytes of record and batch headers: an upper estimate.
    per_msg = avg_size(topic) + 36 + 70
    max_lag = max(x[4] for x in s)
    lag_part = max_lag / parts
    p, largest = largest_partition(topic, parts)
    lost = [x for x in s if x[4] > x[2]]  # lag beyond what the broker still holds
    dropped = max(x[3] - x[2] for x in s)
    broker_lines.append(
        "%-9s %-26s max lag %6d = %5.0f/partition ~ %5.2f MiB (%4.1f%% of 5 MiB, %5.2f%% of 100k sets)"
        % (group, topic, max_lag, lag_part, lag_part * per_msg / MIB,
           100 * lag_part * per_msg / LIMIT_BYTES, 100 * lag_part / LIMIT_SETS))
    broker_lines.append(
        "%-9s %-26s largest partition [%d]: %d messages ~ %.2f MiB (%.1f%% of 5 MiB), %s"
        % ("", "", p, largest, largest * per_msg / MIB, 100 * largest * per_msg / LIMIT_BYTES,
           "%d dropped by the broker" % dropped if dropped else "none dropped"))
    if lost:
        fails.append("%s: the broker dropped messages %s had not read yet" % (topic, group))
    if group == "dk-mailer" and len(s) > 1:
        rate = (s[-1][5] - s[0][5]) / max(s[-1][0] - s[0][0], 1e-9)
        left = s[-1][4]
        broker_lines.append(
            "%-9s %-26s drained %.0f mails/s; %d left%s" % (
                "", "", rate, left, " = %.0f s more of sending" % (left / rate) if rate > 0 else ""))

# -- CPU per process: while wrk ran, then while the rows were still arriving --
hz = os.sysconf("SC_CLK_TCK")
snap = [dict((k, int(v)) for k, v in (kv.split("=") for kv in E[x].split()))
        for x in ("cpu_before", "cpu_load", "cpu_after", "cpu_pg0", "cpu_pg1")]

busy_others = []

def cpu_line(a, b, secs):
    procs = sorted((((b[k] - a.get(k, 0)) / hz / secs * 100), k) for k in b
                   if not k.startswith("machine"))
    share = (b["machine_busy"] - a["machine_busy"]) / max(1, b["machine_all"] - a["machine_all"])
    # The rest: wrk, the psql polls and anything else running on the machine.
    others = share * os.cpu_count() * 100 - sum(v for v, k in procs)
    busy_others.append(others)
    return "machine %3.0f%% busy | %s  | rest %.0f%%" % (
        100 * share, "  ".join("%s %.0f%%" % (k, v) for v, k in reversed(procs)), others)

cpu_lines = ["load  %5.1f s: %s" % (num("load_s"), cpu_line(snap[0], snap[1], num("load_s"))),
             "drain %5.1f s: %s" % (num("e2e_s") - num("load_s"),
                                    cpu_line(snap[1], snap[2], max(num("e2e_s") - num("load_s"), 1e-3))),
             "pgbench %3.0f s: %s" % (num("pgbench_seconds"), cpu_line(snap[3], snap[4], num("pgbench_seconds")))]

# -- the recorder's batches, from its log (one "batch_committed" line each) --
batches = []
logdir = os.path.join(E["DK_VAR_DIR"], "log")
for log in sorted(os.listdir(logdir)):
    if not log.startswith("recorder"):
        continue  # recorder.log, recorder-2.log, ...
    try:
        for line in open(os.path.join(logdir, log)):
            if '"batch_committed"' in line:
                batches.append(json.loads(line))
    except (OSError, ValueError):
        pass
batches = batches[1:]  # the first one is the warm-up application

# -- the figures --
n = int(E["expected"])
e2e = n / num("e2e_s")
tps = num("tps")
ratio = e2e / tps
if int(E["not_201"]) or int(E["socket_errors"]):
    fails.append("%s answers other than 201 (%s), %s socket errors (see %s/wrk.txt)"
                 % (E["not_201"], E["status_lines"].strip(), E["socket_errors"], E["out"]))
if int(E["final_rows"]) != int(E["final_end"]):
    fails.append("%s rows for %s acknowledged applications" % (E["final_rows"], E["final_end"]))
if int(E["dead"]):
    fails.append("%s messages went to the dead-letter topic" % E["dead"])

print()
print("=" * 25, "make bench", "=" * 25)
print("intake     %s requests in %s s (wrk, %s threads x %s connections), %s answered 201, %s other"
      % (E["requests"], E["seconds"], E["threads"], E["connections"], E["accepted"], E["not_201"]))
print("           %s requests/s   p50 %s ms   p99 %s ms   (max %s ms)"
      % (E["w_rps"], E["w_p50_ms"], E["w_p99_ms"], E["w_max_ms"]))
print("end to end %d applications in PostgreSQL %.2f s after the load started (load: %.2f s)"
      % (n, num("e2e_s"), num("load_s")))
print("           %.0f applications/s" % e2e)
if batches:
    print("           recorders: %d batches, %.0f messages and %.0f ms of database transaction each"
          " (summed over the replicas: %.0f%% of the end-to-end time)"
          % (len(batches), sum(b["messages"] for b in batches) / len(batches),
             sum(b["ms"] for b in batches) / len(batches),
             100 * sum(b["ms"] for b in batches) / 1000 / num("e2e_s")))
print("baseline   pgbench -c 8 -j 2, one single-row INSERT per transaction, %s s: %.0f TPS"
      % (E["pgbench_seconds"], tps))
print("ratio      e2e %.0f apps/s / baseline %.0f TPS = %.2f   goal >= 1: %s"
      % (e2e, tps, ratio, "met" if ratio >= 1 else
         "MISSED - the batched pipeline is slower than row-at-a-time INSERTs"))
print("broker     limit per partition: 5 MiB or 100,000 message sets, oldest dropped beyond")
for line in broker_lines:
    print("           " + line)
print("CPU        %% of one core (machine: of all %d cores; rest: wrk or pgbench themselves,"
      " the bench's polling, other users)" % os.cpu_count())
for line in cpu_lines:
    print("           " + line)
if busy_others[1] > 40:
    print("WARNING    %.0f%% of a core went to processes outside the stack while the rows were"
          " arriving: the machine was shared, the figures are pessimistic" % busy_others[1])
print("details    %s (wrk.txt, pgbench.txt, samples.tsv, top-after-load.txt)" % E["out"])
for f in fails:
    print("FAIL       " + f)
print("=" * 62)
sys.exit(1 if fails else 0)
PY
