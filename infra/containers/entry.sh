#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# entry.sh — every role image's entry point, under catatonit (PID 1). With the
# embedded broker, whose address is known only once it listens (on loopback:
# librdkafka's mock cluster chooses its port), it waits for the file the
# broker writes it to (BROKER_ENV_FILE, a volume both see) and exports
# DK_KAFKA_BROKERS; with a real cluster DK_KAFKA_BROKERS is set and it waits
# for nothing. Then it runs the command given, or the role's own
# (/etc/dk-command: the first binary of its row in roles.tsv), as its child:
# when that dies (a signal, or a status other than 0) it writes one loud
# "process_died" error line on stderr (the container's log), in the shape of
# infra/supervise.sh's, and exits with the binary's status (128 + the signal),
# so that the pod's restartPolicy starts the container again. SIGTERM and
# SIGINT (podman stop, passed on by catatonit) reach the binary as SIGTERM
# (a child started in the background ignores SIGINT; the binaries stop alike
# on both); a stop is not a death.
set -eu
if [ -z "${DK_KAFKA_BROKERS:-}" ] && [ -n "${BROKER_ENV_FILE:-}" ]; then
    i=0
    while [ ! -s "$BROKER_ENV_FILE" ]; do
        i=$((i + 1))
        [ $i -le 600 ] || { echo "entry: no broker address in $BROKER_ENV_FILE after 60 s" >&2; exit 1; }
        sleep 0.1
    done
    # shellcheck disable=SC1090 # the broker's address file, known at run time
    . "$BROKER_ENV_FILE"
    export DK_KAFKA_BROKERS
fi
[ $# -gt 0 ] || set -- "$(cat /etc/dk-command)"
set +e

name=${1##*/}
child="" stopping=0
# shellcheck disable=SC2317 # called by the traps
on_signal() {
    stopping=1 trapped=1
    [ -z "$child" ] || kill -"$1" "$child" 2>/dev/null
}
trap 'on_signal TERM' TERM INT

started=$(date +%s%3N)
# stdin through fd 3: a background command's own stdin would be /dev/null.
exec 3<&0
"$@" <&3 3<&- &
child=$!
exec 3<&-
# `wait` returns early (128 + the signal) when a trap runs: wait again, which
# gives the child's own status once it ends (127: it was given already).
status=""
while :; do
    trapped=0
    wait "$child"
    s=$?
    [ $s -eq 127 ] && [ -n "$status" ] || status=$s
    [ $trapped -eq 1 ] || break
done
ran_ms=$(($(date +%s%3N) - started))
[ $stopping -eq 0 ] && [ $status -ne 0 ] || exit $status

if [ $status -gt 128 ]; then
    fields="\"status\":null,\"signal\":\"SIG$(kill -l $((status - 128)))\""
else
    fields="\"status\":$status,\"signal\":null"
fi
why="the container exits with it; the pod's restartPolicy starts it again"
[ $status -ne 2 ] || why="exit 2: its configuration is refused, restarting cannot help"
printf '{"ts":"%s","level":"error","service":"supervisor","event":"process_died","process":"%s","pid":%s,%s,"ran_ms":%s,"restart_in_ms":null,"msg":"%s"}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$name" "$child" "$fields" "$ran_ms" "$why" >&2
exit $status
