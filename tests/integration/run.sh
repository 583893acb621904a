#!/usr/bin/env bash
# run.sh — the integration tests: starts the real embedded stack (PostgreSQL,
# the mock-cluster broker, the SMTP server, the pipeline) in a private var
# directory on free ports, runs the Python test files against it, and stops
# everything, whatever happened.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
export DK_VAR_DIR=$root/$DK_BUILD/test-var
export DK_INTAKE_PORT=0
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

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up
# A second `up` must be harmless: nothing restarted, nothing duplicated.
before=$(cat "$DK_VAR_DIR"/run/*.pid | sort | tr '\n' ' ')
infra/stack.sh up
after=$(cat "$DK_VAR_DIR"/run/*.pid | sort | tr '\n' ' ')
[ "$before" = "$after" ] || { echo "FAIL: a second make up restarted processes" >&2; exit 1; }

status=0
/usr/bin/python3 -m unittest discover -s tests/integration -p 'test_*.py' -v "$@" || status=$?
infra/stack.sh down
# The supervisors restart a process that dies, which would hide a crash: the
# tests kill processes with SIGKILL only, so any other death is a failure.
if deaths=$(grep -h '"event":"process_died"' "$DK_VAR_DIR"/log/*.log | grep -v '"signal":"SIGKILL"'); then
    echo "FAIL: a process died by itself during the tests:" >&2
    echo "$deaths" >&2
    status=1
fi
# `make down` leaves no process behind.
left() { pgrep -f "$DK_VAR_DIR|$root/$DK_BUILD/bin/dk-" >/dev/null; }
for _ in $(seq 50); do left || break; sleep 0.1; done
if left; then
    echo "FAIL: processes left after down:" >&2
    pgrep -af "$DK_VAR_DIR|$root/$DK_BUILD/bin/dk-" >&2
    exit 1
fi
exit $status
