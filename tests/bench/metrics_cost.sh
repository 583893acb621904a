#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# metrics_cost.sh — `make bench`: what the metrics (common/metrics) cost the
# intake. On a private stack, wrk sends GET /healthz (the cheapest route, so
# the per-request cost of counting it and timing it in its histogram weighs
# the most) for DK_BENCH_SECONDS (default 10) per run, in four alternating
# runs: without a scraper, then with /metrics scraped every second as
# Prometheus does (one Python process), twice each. Printed: requests per second
# and the intake's CPU time per request (from /proc) of each condition (the
# better run of the two), and their ratios. Fails only when the stack does
# not start or wrk gets errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/bench-metrics-var
export DK_INTAKE_PORT=0 DK_INTAKE_RATE_LIMIT=0 DK_NOW=2026-12-02T10:00:00Z
export DK_CODE_KEY=bench-code-key DK_CSRF_KEY=bench-csrf-key
export DK_RECORDER_REPLICAS=1 DK_MAILER_REPLICAS=1 DK_SCHEDULER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1
export DK_TIMERS_REPLICAS=1
seconds=${DK_BENCH_SECONDS:-10}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "metrics_cost: DK_BENCH_SECONDS must be a positive integer" >&2; exit 2; }
infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
scraper=""
trap '[ -z "$scraper" ] || kill "$scraper" 2>/dev/null; infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up >/dev/null 2>&1 || { echo "metrics_cost: FAIL: the stack did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a
metrics=$(cat "$DK_VAR_DIR/run/intake.metrics_url")
pid=$(cat "$DK_VAR_DIR/run/intake.pid")
tick=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

# One run: "requests/s cpu-µs/request".
run() {
    local before after out rps requests
    before=$(cpu_ticks)
    out=$(wrk -t2 -c32 -d"${seconds}s" -H "X-Forwarded-For: 10.9.9.9" "$DK_INTAKE_URL/healthz")
    after=$(cpu_ticks)
    if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
        echo "metrics_cost: FAIL: wrk saw errors:" >&2
        echo "$out" >&2
        exit 1
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    awk -v r="$rps" -v n="$requests" -v t=$((after - before)) -v hz="$tick" \
        'BEGIN { printf "%.0f %.1f\n", r, t / hz * 1e6 / n }'
}

scrape_start() {
    # One process scraping, as Prometheus is (not a curl forked each second).
    /usr/bin/python3 -c 'import sys, time, urllib.request
while True:
    urllib.request.urlopen(sys.argv[1] + "/metrics", timeout=5).read()
    time.sleep(1)' "$metrics" &
    scraper=$!
}
scrape_stop() { kill "$scraper" 2>/dev/null; wait "$scraper" 2>/dev/null || true; scraper=""; }

wrk -t2 -c32 -d2s "$DK_INTAKE_URL/healthz" >/dev/null # warm-up
a1=$(run)
scrape_start; b1=$(run); scrape_stop
a2=$(run)
scrape_start; b2=$(run); scrape_stop
size=$(curl -s "$metrics/metrics" | wc -c)
took=$(curl -s -o /dev/null -w '%{time_total}' "$metrics/metrics")
series=$(curl -s "$metrics/metrics" | grep -vc '^#')
# The better run of each condition (the machine is shared: noise only slows).
best() { printf '%s\n%s\n' "$1" "$2" | sort -k1,1nr | head -n1; }
a=$(best "$a1" "$a2")
b=$(best "$b1" "$b2")
read -r a_rps a_cpu <<<"$a"
read -r b_rps b_cpu <<<"$b"
echo "metrics_cost: intake GET /healthz, ${seconds} s per run, wrk 2 threads 32 connections"
printf '  %-34s %10s %16s\n' "" "requests/s" "CPU µs/request"
printf '  %-34s %10s %16s\n' "without a scraper (runs 1, 3)" "$a_rps" "$a_cpu"
printf '  %-34s %10s %16s\n' "/metrics scraped every 1 s (2, 4)" "$b_rps" "$b_cpu"
awk -v ar="$a_rps" -v br="$b_rps" -v ac="$a_cpu" -v bc="$b_cpu" 'BEGIN {
    printf "  ratio scraped/unscraped: requests/s %.3f, CPU per request %.3f\n", br / ar, bc / ac }'
echo "  one scrape: ${size} bytes, ${series} series lines, ${took} s"
echo "  all runs (requests/s CPU-µs): without $a1 | $a2; scraped $b1 | $b2"
