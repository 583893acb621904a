#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# kafka-topics.sh — prints the commands that create the topics of
# schemas/topics.tsv on a real Kafka cluster (the embedded broker creates them
# itself). Review, then pipe to sh:  infra/kafka-topics.sh | sh
#   KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh  REPLICATION=3  (defaults)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${KAFKA_TOPICS:-kafka-topics.sh}
rf=${REPLICATION:-3}
brokers=${DK_KAFKA_BROKERS:?set DK_KAFKA_BROKERS to the cluster}
grep -v '^#' "$root/schemas/topics.tsv" | grep -v '^[[:space:]]*$' |
while IFS=$'\t' read -r name parts retention _groups _schemas _desc; do
    printf '%q --bootstrap-server %q --create --if-not-exists --topic %q --partitions %d --replication-factor %d --config retention.ms=%d --config min.insync.replicas=%d\n' \
        "$tool" "$brokers" "$name" "$parts" "$rf" "$retention" $(( rf > 1 ? 2 : 1 ))
done
