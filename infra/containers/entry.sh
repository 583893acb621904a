#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# entry.sh — every role image's entry point, under catatonit (PID 1). With the
# embedded broker, whose address is known only once it listens (on loopback:
# librdkafka's mock cluster chooses its port), it waits for the file the
# broker writes it to (BROKER_ENV_FILE, a volume both see) and exports
# DK_KAFKA_BROKERS; with a real cluster DK_KAFKA_BROKERS is set and it waits
# for nothing. Then it runs the command given, or the role's own
# (/etc/dk-command: the first binary of its row in roles.tsv).
set -eu
if [ -z "${DK_KAFKA_BROKERS:-}" ] && [ -n "${BROKER_ENV_FILE:-}" ]; then
    i=0
    while [ ! -s "$BROKER_ENV_FILE" ]; do
        i=$((i + 1))
        [ $i -le 600 ] || { echo "entry: no broker address in $BROKER_ENV_FILE after 60 s" >&2; exit 1; }
        sleep 0.1
    done
    . "$BROKER_ENV_FILE"
    export DK_KAFKA_BROKERS
fi
[ $# -gt 0 ] || set -- "$(cat /etc/dk-command)"
exec "$@"
