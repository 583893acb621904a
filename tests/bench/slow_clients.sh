#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# slow_clients.sh — `make bench`: what thousands of slow clients cost the
# others. On a private stack, an ordinary client's requests (GET /healthz,
# then POST /api/v1/applications, one at a time) are timed alone (the
# baseline), then again while DK_BENCH_SLOW (default 2000) connections from
# 20 loopback addresses each trickle a header line every 5 s; the figures
# are p50/p99 and their ratio to the baseline. Also: how many slow
# connections the headers' time bound cut, and how soon. Fails only when the
# stack does not start or an ordinary request is refused.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-slow-var
export DK_INTAKE_PORT=0 DK_INTAKE_RATE_LIMIT=0 DK_NOW=2026-12-02T10:00:00Z
export DK_CODE_KEY=bench-code-key DK_CSRF_KEY=bench-csrf-key
export DK_RECORDER_REPLICAS=1 DK_MAILER_REPLICAS=1 DK_SCHEDULER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1
infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up >/dev/null 2>&1 || { echo "slow_clients: FAIL: the stack did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
/usr/bin/python3 - "${DK_BENCH_SLOW:-2000}" <<'PY'
import http.client, json, os, resource, socket, statistics, sys, time, urllib.parse

slow_n = int(sys.argv[1])
url = urllib.parse.urlsplit(os.environ["DK_INTAKE_URL"])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, slow_n + 1000), hard))
body = {"last_name": "Peeters", "first_names": "Jan", "birth_date": "1985-07-30",
        "birth_country": "BE", "birth_place": "Gent", "sex": "M",
        "motivation": "Ik wil mijn belastingaangifte online doen.",
        "preferred_slots": [{"date": "2026-12-08", "from": "09:00", "to": "10:30"}],
        "language": "nl", "consent": True}
seq = [0]

def one(method, path, data=None):
    c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    t0 = time.perf_counter()
    c.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    c.close()
    if r.status not in (200, 201):
        sys.exit("slow_clients: FAIL: %s %s answered %d" % (method, path, r.status))
    return (time.perf_counter() - t0) * 1000

def ordinary(rounds, during=None):
    get, post = [], []
    for i in range(rounds):
        if during:
            during(i)
        get.append(one("GET", "/healthz"))
        seq[0] += 1
        b = dict(body, email="slow.bench.%d.%d@example.be" % (os.getpid(), seq[0]))
        post.append(one("POST", "/api/v1/applications", json.dumps(b).encode()))
    return get, post

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

rounds = 150
base_get, base_post = ordinary(rounds)
slow = []
t_open = time.monotonic()
for i in range(slow_n):
    s = socket.socket()
    s.bind(("127.0.%d.%d" % (1 + i % 20 // 250, 2 + i % 20), 0))
    s.connect((url.hostname, url.port))
    s.sendall(b"POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n")
    slow.append(s)
last = [time.monotonic()]

def trickle(i):
    if time.monotonic() - last[0] >= 1.0:  # each socket: a line every 5 s
        k = int(time.monotonic()) % 5
        for s in slow[k::5]:
            try:
                s.send(b"X-Slow: 1\r\n")
            except OSError:
                pass
        last[0] = time.monotonic()

slow_get, slow_post = ordinary(rounds, trickle)
# Wait for the headers' bound to cut them all (bounded: 30 s).
cut_at = None
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    alive = 0
    for s in slow:
        s.setblocking(False)
        try:
            if s.recv(1, socket.MSG_PEEK) != b"":
                alive += 1
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    if alive == 0:
        cut_at = time.monotonic() - t_open
        break
    time.sleep(0.5)
for s in slow:
    s.close()
print("=" * 62)
print("slow clients: %d connections from 20 addresses, a header line every 5 s" % slow_n)
for name, b, w in (("GET /healthz", base_get, slow_get),
                   ("POST /api/v1/applications", base_post, slow_post)):
    print("%-26s alone p50 %6.2f ms p99 %6.2f ms | with slow clients p50 %6.2f ms p99 %6.2f ms"
          " | ratio p99 %.2f" % (name, pct(b, 50), pct(b, 99), pct(w, 50), pct(w, 99),
                                 pct(w, 99) / max(pct(b, 99), 0.001)))
print("cut          %s" % ("every slow connection closed %.1f s after it opened (bound: "
                            "DK_INTAKE_HEADER_TIMEOUT_MS)" % cut_at if cut_at is not None
                            else "NOT all slow connections were closed within 30 s"))
print("=" * 62)
PY
