#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# signin_bench.sh — `make bench`: sign-ins per second with a digital key of
# password + authenticator code (issue 12), through the real path: the
# intake's POST /api/v1/keys/login over HTTP, common/keys, the real
# PostgreSQL of a private stack ($DK_BUILD/bench-signin-var). The accounts
# (SIGNIN_BENCH_ACCOUNTS, default 1000, + 20 for the single client) are
# seeded by signin_seed (the rows a real activation leaves, with a real
# Argon2id PHC string and sealed TOTP secrets); SIGNIN_BENCH_CLIENTS
# (default 2) keep-alive clients each take the next account, compute its
# TOTP code from the real clock and sign in once (no replay refusal).
# Reported next to baselines from the same run:
#   - Debian's `argon2` command-line tool at the same parameters (-id -t 3
#     -m 16 -p 1), 2 parallel streams of SIGNIN_BENCH_ARGON2_HASHES (default 20)
#     hashes, before and after the sign-ins (the mean): hashes/s on the 2
#     cores, and the ratio sign-ins/s ÷ that (close to 1: the hash is the
#     sign-in's cost);
#   - one sign-in split into the Argon2id verify and the rest (HTTP, JSON,
#     PostgreSQL, TOTP, the record): in CPU time (dk-intake's and
#     PostgreSQL's per sign-in under load, from /proc, against the verify's
#     CPU time in signin_seed --verify, the server's own call, and against
#     one argon2 CLI hash's), and in wall time (a single client, the fastest
#     of 20 sign-ins against the fastest of 20 verifies interleaved with
#     them: the least disturbed by other work on the machine).
# Fails (exit 1) on real faults only: the stack does not start, a sign-in
# is not answered 200 "substantial", or a sign-in is missing from key_signins.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-signin-var
export DK_INTAKE_PORT=0
export DK_KEY_RATE_LIMIT=0 # one client address signs in for 1,000 accounts
export DK_RECORDER_REPLICAS=1 DK_MAILER_REPLICAS=1 DK_SCHEDULER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1
accounts=${SIGNIN_BENCH_ACCOUNTS:-1000}
clients=${SIGNIN_BENCH_CLIENTS:-2}
argon2_n=${SIGNIN_BENCH_ARGON2_HASHES:-20}
alone=20
seed=$root/$DK_BUILD/bench/signin_seed
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }
[[ $accounts =~ ^[1-9][0-9]{0,4}$ && $clients =~ ^[1-9][0-9]?$ && $argon2_n =~ ^[1-9][0-9]{0,2}$ ]] ||
    die "SIGNIN_BENCH_ACCOUNTS 1..99999, SIGNIN_BENCH_CLIENTS 1..99, SIGNIN_BENCH_ARGON2_HASHES 1..999"
[ -x "$seed" ] || die "$seed not built (make)"
# Debian's argon2 tool: installed here when missing (as root; else named).
command -v argon2 >/dev/null || infra/deps.sh bench >/dev/null || die "argon2 not installed (infra/deps.sh bench)"
command -v argon2 >/dev/null || die "argon2 not installed (apt-get install argon2)"

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
mkdir -p "$DK_VAR_DIR"
infra/stack.sh up >"$DK_VAR_DIR/stack-up.log" 2>&1 || die "the stack did not start (logs: $DK_VAR_DIR/stack-up.log, $DK_VAR_DIR/log)"
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
export PGPASSWORD=${DK_PG_DSN##* password=}
pg_dsn=${DK_PG_DSN% password=*}
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$pg_dsn" -c "$1"; }

# ---- the accounts: the seeder's secrets under the stack's DK_MESSAGE_KEY ----
work=$DK_VAR_DIR/signin
mkdir -p "$work" && chmod 700 "$work"
total=$((accounts + alone))
seeded=$("$seed" "$work/accounts.sql" "$work/accounts.tsv" "$total") || die "signin_seed failed"
[[ $seeded =~ hash_ms\ ([0-9.]+)\ hashes_2cores_s\ ([0-9]+) ]] || die "signin_seed said: $seeded"
seed_hash_ms=${BASH_REMATCH[1]} seed_all_s=${BASH_REMATCH[2]}
psql -X -q "$pg_dsn" -f "$work/accounts.sql" >/dev/null || die "loading the accounts failed"
n=$(sql "SELECT count(*) FROM digital_keys WHERE key_type = 'totp' AND revoked_at IS NULL")
[ "$n" = "$total" ] || die "$n keys seeded, $total expected"

# ---- Debian's argon2 at the same parameters: 2 streams on the 2 cores ----
# Run before and after the sign-ins (the machine's other load may change in
# between): hashes per second of each, their mean is the baseline.
pw='zeven zwarte zwanen zwemmen in het zwin'
stream() {
    local i
    for ((i = 0; i < argon2_n; i++)); do
        printf %s "$pw" | argon2 "benchsalt$1$i" -id -t 3 -m 16 -p 1 -r >/dev/null || return 1
    done
}
argon2_rate() { # "hashes/s CPU-ms-per-hash" of 2 streams of argon2_n
    local start s1 s2 f t0
    # This shell's waited-for children's user + system ticks (cutime, cstime).
    read -r -a f <"/proc/$BASHPID/stat"
    t0=$((f[15] + f[16])) start=$EPOCHREALTIME
    stream a & s1=$!
    stream b & s2=$!
    wait "$s1" && wait "$s2" || return 1
    read -r -a f <"/proc/$BASHPID/stat"
    awk -v a="$start" -v b="$EPOCHREALTIME" -v n="$argon2_n" -v t0="$t0" -v t1=$((f[15] + f[16])) \
        -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f %.1f\n", 2 * n / (b - a), (t1 - t0) * 1000 / hz / (2 * n) }'
}
printf %s "$pw" | argon2 benchsalt0 -id -t 3 -m 16 -p 1 -r >/dev/null || die "argon2 failed" # untimed
read -r argon2_before argon2_cpu_before < <(argon2_rate || echo)
[ -n "$argon2_cpu_before" ] || die "argon2 failed"

intake_pid=$(cat "$DK_VAR_DIR/run/intake.pid")
pg_pid=$(head -1 "$DK_VAR_DIR/pg/data/postmaster.pid")
/usr/bin/python3 - "$work/accounts.tsv" "$seed" "$accounts" "$clients" "$alone" "$intake_pid" "$pg_pid" \
    >"$work/signins.txt" <<'PY' || die "the sign-ins failed: $(tail -1 "$work/signins.txt")"
import base64, hashlib, hmac, http.client, json, os, struct, subprocess, sys, threading, time
import urllib.parse

path, seed = sys.argv[1:3]
n, clients, alone, intake_pid, pg_pid = map(int, sys.argv[3:])
url = urllib.parse.urlsplit(os.environ["DK_INTAKE_URL"])
accounts = [line.rstrip("\n").split("\t") for line in open(path)]
hz = os.sysconf("SC_CLK_TCK")

def totp(secret_b32):  # RFC 6238, SHA-1, 6 digits, 30 s: what the app shows now
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    off = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)

def cpu_s(pid):  # user + system seconds of a process, its threads included
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz

def pg_cpu_s():  # the postmaster and its children (the backends)
    total = 0.0
    for d in os.listdir("/proc"):
        try:
            f = open("/proc/%s/stat" % d).read().rsplit(")", 1)[1].split()
            if int(d) == pg_pid or int(f[1]) == pg_pid:
                total += (int(f[11]) + int(f[12])) / hz
        except (ValueError, OSError):
            pass
    return total

def machine():  # (busy, all) ticks of the whole machine
    c = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    return sum(c) - c[3] - c[4], sum(c)

failure = []

def signin(conn, acct):
    ident, password, secret = acct
    body = json.dumps({"identifier": ident, "password": password, "totp": totp(secret)})
    t0 = time.perf_counter()
    conn.request("POST", "/api/v1/keys/login", body=body,
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    answer = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200 or json.loads(answer).get("assurance_level") != "substantial":
        failure.append("%s: %d %s" % (ident, r.status, answer[:200]))
    return ms

def run(accts, nclients):
    lat, lock, nxt = [], threading.Lock(), [0]
    def client():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        while not failure:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(accts):
                break
            ms = signin(conn, accts[i])
            with lock:
                lat.append(ms)
        conn.close()
    threads = [threading.Thread(target=client) for _ in range(nclients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, sorted(lat)

def pct(xs, p):
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

cpu0, pg0, m0 = cpu_s(intake_pid), pg_cpu_s(), machine()
seconds, lat = run(accounts[:n], clients)
cpu1, pg1, m1 = cpu_s(intake_pid), pg_cpu_s(), machine()
if failure:
    sys.exit("refused sign-in " + failure[0])
# One sign-in alone, each followed by one verify of the same password in
# signin_seed (the server's call, under the same load of the moment).
verifier = subprocess.Popen([seed, "--verify"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
lat1, ver, ver_cpu, alone_cpu = [], [], [], 0.0
for acct in accounts[n:n + alone]:
    c0 = cpu_s(intake_pid) + pg_cpu_s()
    lat1.append(signin(conn, acct))
    alone_cpu += cpu_s(intake_pid) + pg_cpu_s() - c0
    verifier.stdin.write("\n")
    verifier.stdin.flush()
    wall, cpu = map(float, verifier.stdout.readline().split())
    ver.append(wall)
    ver_cpu.append(cpu)
conn.close()
verifier.stdin.close()
if verifier.wait() != 0 or failure:
    sys.exit("refused sign-in " + failure[0] if failure else "signin_seed --verify failed")
for xs in (lat1, ver, ver_cpu):
    xs.sort()
print("rate %.3f seconds %.2f p50 %.1f p99 %.1f alone_min %.1f verify_min %.1f verify_cpu %.1f"
      " alone_cpu %.1f intake_cpu_ms %.1f pg_cpu_ms %.1f machine_busy %.3f"
      % (n / seconds, seconds, pct(lat, 50), pct(lat, 99), lat1[0], ver[0],
         sum(ver_cpu) / len(ver_cpu), alone_cpu * 1000 / len(lat1), (cpu1 - cpu0) * 1000 / n,
         (pg1 - pg0) * 1000 / n, (m1[0] - m0[0]) / max(1, m1[1] - m0[1])))
PY
read -r _ rate _ seconds _ p50 _ p99 _ alone_p50 _ verify_ms _ verify_cpu_ms _ alone_cpu_ms _ intake_cpu_ms _ pg_cpu_ms \
    _ busy \
    <"$work/signins.txt"
ok=$(sql "SELECT count(*) FROM key_signins WHERE result = 'ok' AND assurance_level = 'substantial'")
[ "$ok" = "$total" ] || die "key_signins holds $ok successful sign-ins, $total expected"

read -r argon2_after argon2_cpu_after < <(argon2_rate || echo)
[ -n "$argon2_cpu_after" ] || die "argon2 failed"
awk -v rate="$rate" -v secs="$seconds" -v p50="$p50" -v p99="$p99" -v one="$alone_p50" \
    -v v="$verify_ms" -v vc="$verify_cpu_ms" -v ac="$alone_cpu_ms" -v cpu="$intake_cpu_ms" -v pg="$pg_cpu_ms" -v busy="$busy" -v an="$argon2_n" \
    -v h1="$argon2_before" -v h2="$argon2_after" -v hc="$argon2_cpu_before $argon2_cpu_after" -v n="$accounts" -v c="$clients" -v alone="$alone" \
    -v sh="$seed_hash_ms" -v sall="$seed_all_s" '
function rest(ms) { # what is not the hash; below 0 it is lost in the noise of the hash
    return ms >= 0 ? sprintf("the rest %.0f ms", ms) : sprintf("the rest: below the noise of the hash (%.0f ms)", ms)
}
BEGIN {
    hps = (h1 + h2) / 2
    split(hc, hcs, " "); hcpu = (hcs[1] + hcs[2]) / 2
    print "=============================================================="
    printf "sign-in with password + TOTP (POST /api/v1/keys/login, Argon2id t=3 m=64 MiB p=1)\n"
    printf "  %d accounts, %d clients: %.2f sign-ins/s (%.1f s; p50 %.0f ms, p99 %.0f ms)\n", n, c, rate, secs, p50, p99
    printf "  vs argon2 (Debian CLI, -id -t 3 -m 16 -p 1), 2 streams x %d: %.2f hashes/s (before %.2f, after %.2f)\n", an, hps, h1, h2
    printf "  ratio sign-ins/s / argon2 hashes/s: %.2f (1 = the hash is the whole cost)\n", rate / hps
    printf "  CPU per sign-in under that load: dk-intake %.0f ms + PostgreSQL %.1f ms = %.0f ms, vs one argon2 CLI hash %.0f ms: ratio %.2f (machine busy %.0f%%, other work included)\n", cpu, pg, cpu + pg, hcpu, hcpu / (cpu + pg), 100 * busy
    printf "  one sign-in alone, CPU (1 client, mean of %d): %.0f ms (dk-intake + PostgreSQL) = Argon2id verify %.0f ms (%.0f%%; signin_seed, the same call, interleaved) + %s\n", alone, ac, vc, 100 * vc / ac, rest(ac - vc)
    printf "  one sign-in alone, wall (1 client, fastest of %d): %.0f ms = verify %.0f ms (fastest of as many, interleaved) + %s\n", alone, one, v, rest(one - v)
    printf "  seeding: one PHC string reused by every account (one hash %.0f ms; %d anew would take ~%d s on 2 cores)\n", sh, n + alone, sall
    print "=============================================================="
}'
