#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — the integration tests: starts the real embedded stack (PostgreSQL,
# the mock-cluster broker, the SMTP server, the pipeline) in a private var
# directory on free ports, runs the Python test files against it, and stops
# everything, whatever happened.
#
#   tests/integration/run.sh [--shards N] [unittest arguments, e.g. -k pattern]
#
# --shards N: N stacks side by side (var directories test-var-1 .. test-var-N),
# the test files split between them on their measured times (shard_times.tsv),
# each shard's files in the usual (alphabetical) order; the run fails if any
# shard fails. Without it: one stack in test-var, every file (as always).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_INTAKE_PORT=0
export DK_CONSOLE_PORT=0          # the console's address too (stack.env: DK_CONSOLE_URL)
export DK_DASHBOARD_PORT=0        # and the dashboard's (stack.env: DK_DASHBOARD_URL)
export DK_INTAKE_TRUST_PROXY=1      # tests give each client its own address
export DK_INTAKE_ACK_TIMEOUT_MS=3000
export DK_KAFKA_SESSION_TIMEOUT_MS=3000
# librdkafka retries a lost broker after a back-off growing to 10 s: the
# broker-down test then waited up to 10 s for each 503 and for the recovery.
export DK_KAFKA_CONFIG="reconnect.backoff.max.ms=1000"
export DK_MAIL_RETRY_BACKOFF_MS=100
export DK_NOW=2026-12-02T10:00:00Z  # a Wednesday: slots may be asked for 2026-12-07 .. 2026-12-18
export DK_CODE_KEY=integration-test-code-key DK_CSRF_KEY=integration-test-csrf-key
# Sanitizer builds: leaks in libraries we do not own are not ours to judge here.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

shards=1
if [ "${1:-}" = --shards ]; then
    shards=${2:-}
    [[ $shards =~ ^[1-9]$ ]] || { echo "run.sh: --shards takes 1..9" >&2; exit 2; }
    shift 2
fi

var_of() { # SHARD: its var directory
    if [ "$shards" -eq 1 ]; then echo "$root/$DK_BUILD/test-var"; else echo "$root/$DK_BUILD/test-var-$1"; fi
}

# The test files of each shard (one line per shard, names without .py):
# longest first, each to the shard with the least time so far; a file not
# in shard_times.tsv counts 10 s. Deterministic: ties go by name.
split_files() {
    local f
    for f in tests/integration/test_*.py; do
        f=$(basename "$f" .py)
        printf '%s\t%s\n' "$f" "$(awk -F'\t' -v f="$f" '$1 == f { print $2; found = 1 } END { if (!found) print 10 }' \
            tests/integration/shard_times.tsv)"
    done | sort -t$'\t' -k2,2gr -k1,1 | awk -F'\t' -v n="$shards" '
        { best = 1; for (i = 2; i <= n; i++) if (load[i] < load[best]) best = i
          load[best] += $2; files[best] = files[best] " " $1 }
        END { for (i = 1; i <= n; i++) print substr(files[i], 2) }' |
        while read -r line; do tr ' ' '\n' <<<"$line" | sort | paste -sd' '; done
}

down_all() {
    local i
    for ((i = 1; i <= shards; i++)); do DK_VAR_DIR=$(var_of "$i") infra/stack.sh down >/dev/null 2>&1 || true; done
}
down_all
trap down_all EXIT

for ((i = 1; i <= shards; i++)); do
    # One after the other: each chooses its free ports once the last has taken its own.
    export DK_VAR_DIR; DK_VAR_DIR=$(var_of "$i")
    rm -rf "$DK_VAR_DIR"
    infra/stack.sh up
    # A second `up` must be harmless: nothing restarted, nothing duplicated.
    before=$(cat "$DK_VAR_DIR"/run/*.pid | sort | tr '\n' ' ')
    infra/stack.sh up
    after=$(cat "$DK_VAR_DIR"/run/*.pid | sort | tr '\n' ' ')
    [ "$before" = "$after" ] || { echo "FAIL: a second make up restarted processes" >&2; exit 1; }
done

runner=(/usr/bin/python3 tests/integration/timed_unittest.py)
status=0
if [ "$shards" -eq 1 ]; then
    "${runner[@]}" discover -s tests/integration -p 'test_*.py' -v "$@" || status=$?
else
    mapfile -t parts < <(split_files)
    pids=()
    for ((i = 1; i <= shards; i++)); do
        # shellcheck disable=SC2086 # a shard's files: one word each
        DK_VAR_DIR=$(var_of "$i") "${runner[@]}" -v "$@" ${parts[i - 1]} \
            >"$(var_of "$i").log" 2>&1 &
        pids+=($!)
    done
    for ((i = 1; i <= shards; i++)); do
        rc=0
        wait "${pids[i - 1]}" || rc=$?
        echo "=== shard $i of $shards (${parts[i - 1]}): $([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")"
        cat "$(var_of "$i").log"
        [ $rc -eq 0 ] || status=$rc
    done
fi
down_all
# The supervisors restart a process that dies, which would hide a crash: the
# tests kill processes with SIGKILL only, so any other death is a failure.
for ((i = 1; i <= shards; i++)); do
    if deaths=$(grep -h '"event":"process_died"' "$(var_of "$i")"/log/*.log | grep -v '"signal":"SIGKILL"'); then
        echo "FAIL: a process died by itself during the tests ($(var_of "$i")):" >&2
        echo "$deaths" >&2
        status=1
    fi
done
# `make down` leaves no process behind.
left() { pgrep -f "$root/$DK_BUILD/test-var|$root/$DK_BUILD/bin/dk-" >/dev/null; }
for _ in $(seq 50); do left || break; sleep 0.1; done
if left; then
    echo "FAIL: processes left after down:" >&2
    pgrep -af "$root/$DK_BUILD/test-var|$root/$DK_BUILD/bin/dk-" >&2
    exit 1
fi
exit $status
