#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — the container scaling test (`make test-containers`, a stage of
# `make test`): builds the images (make containers), runs the whole stack in
# containers (infra/containers/kube.sh) on free loopback ports with 3
# replicas of the recorder and of the scheduler, runs test_scaling.py
# against it, and removes every pod, whatever happened. Where podman cannot
# run a container it says so in one line and skips (exit 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
pm=infra/containers/podman.sh
t0=$SECONDS
infra/deps.sh containers
# The images, built or brought up to date (a few seconds when nothing changed).
make --no-print-directory containers
t_build=$((SECONDS - t0))
if ! why=$("$pm" run --rm localhost/dk-base:bookworm true 2>&1); then
    echo "SKIPPED test_containers: podman cannot run a container here: ${why//$'\n'/ }"
    exit 0
fi
export DK_CONTAINERS_VAR=$root/build/containers-var DK_VAR_DIR=$root/build/containers-var
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DK_PG_PORT=$(free_port) DK_SMTP_PORT=$(free_port) DK_INTAKE_PORT=$(free_port) DK_CONSOLE_PORT=$(free_port)
DK_DASHBOARD_PORT=$(free_port)
DK_METRICS_PORT=$(free_port)
export DK_PG_PORT DK_SMTP_PORT DK_INTAKE_PORT DK_CONSOLE_PORT DK_DASHBOARD_PORT DK_METRICS_PORT
export DK_RECORDER_REPLICAS=3 DK_SCHEDULER_REPLICAS=3 DK_MAILER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1 DK_TIMERS_REPLICAS=1
# The settings of the integration tests (tests/integration/run.sh) that this one needs.
export DK_NOW=2026-12-02T10:00:00Z DK_INTAKE_TRUST_PROXY=1 DK_KAFKA_SESSION_TIMEOUT_MS=3000
export DK_KAFKA_CONFIG="reconnect.backoff.max.ms=1000"
infra/containers/kube.sh down
rm -rf "$DK_CONTAINERS_VAR"
trap 'infra/containers/kube.sh down; rm -rf "$DK_CONTAINERS_VAR"' EXIT
t_up=$SECONDS
infra/containers/kube.sh up
t_up=$((SECONDS - t_up))
# What tests/integration/dk.py reads: this stack's addresses.
set -a
# shellcheck disable=SC1091
. "$DK_CONTAINERS_VAR/broker/broker.env"
set +a
(umask 077 && cat >"$DK_VAR_DIR/stack.env" <<ENV
DK_KAFKA_BROKERS=$DK_KAFKA_BROKERS
DK_PG_DSN='host=127.0.0.1 port=$DK_PG_PORT dbname=dk user=dk password=$(sed -n 's/^DK_PG_PASSWORD=//p' "$DK_CONTAINERS_VAR/secrets.env")'
DK_INTAKE_URL=http://127.0.0.1:$DK_INTAKE_PORT
DK_DEV_MAILDIR=$DK_CONTAINERS_VAR/maildir
ENV
)
t_test=$SECONDS
status=0
/usr/bin/python3 -m unittest -v tests/containers/test_scaling.py || status=$?
echo "containers: images $t_build s (make containers), stack up $t_up s, test $((SECONDS - t_test)) s"
exit $status
