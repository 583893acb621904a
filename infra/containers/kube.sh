#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# kube.sh — runs the whole stack in containers with `podman play kube`, from
# Kubernetes YAML that it writes (README "Containers": why Kubernetes YAML and
# not a compose file). Every pod uses the host's network: the embedded broker
# (librdkafka's mock cluster) listens on loopback only, at a port it chooses.
#
#   infra/containers/kube.sh up       secrets (secrets.sh), data directories,
#                                     then infra.yaml (broker, PostgreSQL, SMTP),
#                                     migrate.yaml (dk migrate, once) and
#                                     pipeline.yaml (intake, console, dashboard, workers)
#   infra/containers/kube.sh down     every pod of it, stopped and removed
#   infra/containers/kube.sh yaml     writes the YAML only (DIR/*.yaml, mode 600)
#   infra/containers/kube.sh status   the pods and containers
#
# Settings (environment):
#   DK_CONTAINERS_VAR   data, secrets and YAML (default var/containers)
#   DK_KAFKA_BROKERS    a real Kafka cluster's bootstrap servers: no broker pod
#   DK_KAFKA=kraft      an Apache Kafka (KRaft) pod instead of the embedded broker,
#                       on 127.0.0.1:9092 (image apache/kafka:3.7.0: needs a registry;
#                       untested here)
#   DK_<ROLE>_REPLICAS  replicas of each worker (recorder, mailer, docchecker,
#                       scheduler, timers; default 2), each a pod of its own
#   DK_PG_PORT DK_SMTP_PORT DK_INTAKE_PORT DK_CONSOLE_PORT DK_DASHBOARD_PORT DK_METRICS_PORT
#                       ports on the host (5432 2525 8080 8081 9464; each pod's
#                       metrics port is DK_METRICS_PORT + its number)
#   any other DK_* variable is passed to every pipeline container as it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pm=$here/podman.sh
var=${DK_CONTAINERS_VAR:-$root/var/containers}
[[ $var = /* ]] || var=$root/$var
pg_port=${DK_PG_PORT:-5432}
smtp_port=${DK_SMTP_PORT:-2525}
intake_port=${DK_INTAKE_PORT:-8080}
console_port=${DK_CONSOLE_PORT:-8081}
dashboard_port=${DK_DASHBOARD_PORT:-8083}
metrics_base=${DK_METRICS_PORT:-9464}
workers=(recorder mailer docchecker scheduler timers)
label=digital-key
say() { printf 'kube: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

q() { # a YAML double-quoted scalar
    local s=${1//\\/\\\\}
    printf '"%s"' "${s//\"/\\\"}"
}

# Settings passed through: every DK_* of the environment but kube.sh's own
# and those it sets per pod.
passthrough() {
    local n
    for n in $(compgen -e | grep '^DK_' | sort); do
        case $n in
        DK_CONTAINERS_* | DK_*_REPLICAS | DK_KAFKA | DK_BUILD | DK_VAR_DIR | DK_PG_PORT | DK_SMTP_PORT | \
            DK_INTAKE_PORT | DK_CONSOLE_PORT | DK_DASHBOARD_PORT | DK_METRICS_PORT | DK_PG_DSN | DK_SMTP_URL | DK_INTAKE_URL | \
            DK_CONSOLE_URL | DK_KAFKA_BROKERS | DK_DEVELOPMENT | DK_*_KEY | DK_PG_PASSWORD) ;;
        *) printf '        - {name: %s, value: %s}\n' "$n" "$(q "${!n}")" ;;
        esac
    done
}

secrets_env() { # the secrets, as env entries (the YAML files are mode 600)
    local line
    while IFS= read -r line; do
        [[ $line =~ ^(DK_[A-Z_]+)=(.*)$ ]] || continue
        # The binaries know DK_PG_DSN, not the password alone.
        if [ "${BASH_REMATCH[1]}" = DK_PG_PASSWORD ]; then
            printf '        - {name: DK_PG_DSN, value: %s}\n' \
                "$(q "host=127.0.0.1 port=$pg_port dbname=dk user=dk password=${BASH_REMATCH[2]}")"
        else
            printf '        - {name: %s, value: %s}\n' "${BASH_REMATCH[1]}" "$(q "${BASH_REMATCH[2]}")"
        fi
    done <"$var/secrets.env"
}

pod() { # NAME IMAGE RESTART [ARG...]: a pod header with its one container
    local name=$1 image=$2 restart=$3; shift 3
    cat <<POD
apiVersion: v1
kind: Pod
metadata:
  name: $name
  labels: {app: $label}
spec:
  hostNetwork: true
  restartPolicy: $restart
  containers:
    - name: main
      image: $image
POD
    if [ $# -gt 0 ]; then
        printf '      args: ['; local sep="" a
        for a in "$@"; do printf '%s%s' "$sep" "$(q "$a")"; sep=", "; done; printf ']\n'
    fi
    # A long-running binary's probes ask its metrics port through dk-probe:
    # alive (/healthz: restarted when it stops answering) and ready (/readyz:
    # broker, PostgreSQL, SMTP reachable; a cluster sends it no traffic until
    # then). podman play kube turns the liveness probe into the container's
    # health check (the image's HEALTHCHECK is not carried into a pod).
    case $image in
    localhost/dk-postgres:* | localhost/dk-smtp:* | localhost/dk-cli:*) ;;
    localhost/dk-*)
        printf '      livenessProbe: {exec: {command: [/usr/local/bin/dk-probe, /healthz]}, initialDelaySeconds: 10, periodSeconds: 30}\n'
        printf '      readinessProbe: {exec: {command: [/usr/local/bin/dk-probe, /readyz]}, periodSeconds: 10}\n'
        ;;
    esac
}

volume() { # NAME HOSTDIR MOUNTPATH [ro]
    printf '      volumeMounts: [{name: %s, mountPath: %s%s}]\n' "$1" "$3" "${4:+, readOnly: true}"
    printf '  volumes: [{name: %s, hostPath: {path: %s, type: Directory}}]\n' "$1" "$2"
}

# Each pod's metrics port (host networking: one port each); its health
# check asks it (dk-probe reads DK_METRICS_PORT too).
metrics_env() { # PORT
    printf '        - {name: DK_METRICS_PORT, value: %s}\n' "$(q "$1")"
}

pipeline_env() { # METRICS_PORT
    cat <<ENV
      env:
$(secrets_env)
        - {name: DK_KAFKA_BROKERS, value: $(q "$kafka")}
        - {name: BROKER_ENV_FILE, value: /run/dk/broker.env}
        - {name: DK_SMTP_URL, value: $(q "smtp://127.0.0.1:$smtp_port")}
        - {name: DK_INTAKE_URL, value: $(q "http://127.0.0.1:$intake_port")}
        - {name: DK_CONSOLE_URL, value: $(q "http://127.0.0.1:$console_port")}
        - {name: DK_INTAKE_PORT, value: $(q "$intake_port")}
        - {name: DK_CONSOLE_PORT, value: $(q "$console_port")}
$(metrics_env "$1")
$(passthrough)
ENV
}

# The pipeline pods share the broker's address file and the uploads.
pipeline_volumes() { # [documents]
    printf '      volumeMounts:\n        - {name: broker, mountPath: /run/dk, readOnly: true}\n'
    [ -z "${1:-}" ] || printf '        - {name: documents, mountPath: /documents}\n'
    printf '  volumes:\n    - {name: broker, hostPath: {path: %s, type: Directory}}\n' "$var/broker"
    [ -z "${1:-}" ] || printf '    - {name: documents, hostPath: {path: %s, type: Directory}}\n' "$var/documents"
}

write_yaml() {
    mkdir -p "$var"
    kafka=${DK_KAFKA_BROKERS:-}
    [ "${DK_KAFKA:-}" != kraft ] || kafka=127.0.0.1:9092
    (
        umask 077 # the Secret is in them
        # The secrets are written into the pods' env: podman 4.3's play kube
        # fails on a Secret's secretKeyRef ("illegal base64 data"); on a
        # cluster, move them into a Secret and use envFrom.
        {
            if [ "${DK_KAFKA:-}" = kraft ]; then
                pod dk-kafka docker.io/apache/kafka:3.7.0 Always
                cat <<KAFKA
      env:
        - {name: KAFKA_NODE_ID, value: "1"}
        - {name: KAFKA_PROCESS_ROLES, value: "broker,controller"}
        - {name: KAFKA_LISTENERS, value: "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093"}
        - {name: KAFKA_ADVERTISED_LISTENERS, value: "PLAINTEXT://127.0.0.1:9092"}
        - {name: KAFKA_CONTROLLER_LISTENER_NAMES, value: CONTROLLER}
        - {name: KAFKA_CONTROLLER_QUORUM_VOTERS, value: "1@127.0.0.1:9093"}
        - {name: KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, value: "1"}
        - {name: KAFKA_AUTO_CREATE_TOPICS_ENABLE, value: "false"}
---
KAFKA
            elif [ -z "$kafka" ]; then
                # Nothing restarts it: a new broker would hold none of the messages.
                pod dk-broker localhost/dk-broker:latest Never dk-broker --ready-file /run/dk/broker.env
                # The pipeline's ports start after the broker's (dk migrate serves none).
                printf '      env:\n%s\n' "$(metrics_env "$metrics_base")"
                volume broker "$var/broker" /run/dk
                echo ---
            fi
            pod dk-postgres localhost/dk-postgres:latest Always
            printf '      env:\n        - {name: DK_PG_PORT, value: %s}\n' "$(q "$pg_port")"
            grep '^DK_PG_PASSWORD=' "$var/secrets.env" | sed 's/^DK_PG_PASSWORD=\(.*\)$/        - {name: DK_PG_PASSWORD, value: "\1"}/'
            volume pgdata "$var/pg" /pgdata
            echo ---
            pod dk-smtp localhost/dk-smtp:latest Always
            printf '      env: [{name: DK_SMTP_PORT, value: %s}]\n' "$(q "$smtp_port")"
            volume maildir "$var/maildir" /maildir
        } >"$var/infra.yaml"
        {
            pod dk-migrate localhost/dk-cli:latest Never dk migrate
            pipeline_env "$metrics_base"
            pipeline_volumes
            if [ "${DK_KAFKA:-}" = kraft ]; then
                # The topics of schemas/topics.tsv, with Kafka's own tool (infra/kafka-topics.sh).
                echo ---
                pod dk-topics docker.io/apache/kafka:3.7.0 Never bash -c "/src/infra/kafka-topics.sh | sh"
                printf '      env: [{name: DK_KAFKA_BROKERS, value: "127.0.0.1:9092"}, {name: KAFKA_TOPICS, value: /opt/kafka/bin/kafka-topics.sh}, {name: REPLICATION, value: "1"}]\n'
                volume src "$root" /src ro
            fi
        } >"$var/migrate.yaml"
        {
            local n=1 w i count var_name
            pod dk-intake localhost/dk-intake:latest Always
            pipeline_env $((metrics_base + n)); n=$((n + 1))
            printf '        - {name: DK_INTAKE_HOST, value: "127.0.0.1"}\n'
            pipeline_volumes documents
            echo ---
            pod dk-console localhost/dk-console:latest Always
            pipeline_env $((metrics_base + n)); n=$((n + 1))
            pipeline_volumes documents
            echo ---
            pod dk-dashboard localhost/dk-dashboard:latest Always
            pipeline_env $((metrics_base + n)); n=$((n + 1))
            printf '        - {name: DK_DASHBOARD_PORT, value: %s}\n' "$(q "$dashboard_port")"
            pipeline_volumes
            for w in "${workers[@]}"; do
                var_name=DK_${w^^}_REPLICAS
                count=${!var_name:-2}
                [[ $count =~ ^[0-9]{1,2}$ ]] || die "$var_name must be 0..99"
                for ((i = 1; i <= count; i++)); do
                    echo ---
                    pod "dk-$w-$i" "localhost/dk-$w:latest" Always
                    pipeline_env $((metrics_base + n)); n=$((n + 1))
                    if [ "$w" = docchecker ]; then pipeline_volumes documents; else pipeline_volumes; fi
                done
            done
        } >"$var/pipeline.yaml"
    )
}

pods() { "$pm" pod ps -q --filter "label=app=$label"; }

down() {
    local p
    p=$(pods)
    [ -z "$p" ] || "$pm" pod rm -f -t 10 $p >/dev/null
    rm -f "$var/broker/broker.env"
}

wait_until() { # SECONDS WHAT COMMAND...: bounded
    local i
    for ((i = 0; i < $1 * 5; i++)); do
        "${@:3}" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    die "$2 not ready within $1 s"
}

container_done() { # NAME: exited with 0 (fails at once if it exited otherwise)
    local s
    s=$("$pm" inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$1" 2>/dev/null) || return 1
    case $s in "exited 0") return 0 ;; exited*) "$pm" logs "$1" >&2; die "$1 failed ($s)" ;; esac
    return 1
}

up() {
    "$here/secrets.sh" "$var/secrets.env"
    down
    mkdir -p "$var/broker" "$var/pg" "$var/maildir" "$var/documents"
    chown 10001:10001 "$var/broker" "$var/maildir" "$var/documents"
    chown 10002:10002 "$var/pg"
    chmod 700 "$var/pg" "$var/documents"
    write_yaml
    "$pm" play kube "$var/infra.yaml" >/dev/null
    wait_until 60 PostgreSQL "$pm" exec dk-postgres-main /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p "$pg_port"
    [ -n "$kafka" ] || wait_until 30 "the broker" test -s "$var/broker/broker.env"
    "$pm" play kube "$var/migrate.yaml" >/dev/null
    wait_until 120 "dk migrate" container_done dk-migrate-main
    "$pm" play kube "$var/pipeline.yaml" >/dev/null
    wait_until 30 "the intake" "$pm" exec -e DK_METRICS_PORT="$intake_port" dk-intake-main dk-probe /healthz
    say "ready: intake http://127.0.0.1:$intake_port, console http://127.0.0.1:$console_port, dashboard http://127.0.0.1:$dashboard_port ($(pods | wc -l) pods)"
}

case "${1:-}" in
up) up ;;
down) down ;;
yaml) "$here/secrets.sh" "$var/secrets.env"; write_yaml; ls "$var"/*.yaml ;;
status) "$pm" ps -a --filter "label=app=$label" --format '{{.Names}}\t{{.Status}}' ;;
*) echo "usage: $0 up|down|yaml|status" >&2; exit 2 ;;
esac
