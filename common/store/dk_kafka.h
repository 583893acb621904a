/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_kafka.h — connecting to Kafka the way every binary must: configuration
 * from DK_KAFKA_*, and a producer that only reports success once the broker
 * acknowledged the message (acks=all, idempotent). */
#ifndef DK_KAFKA_H
#define DK_KAFKA_H

#include <librdkafka/rdkafka.h>
#include <stddef.h>

/* A configuration with bootstrap.servers and the DK_KAFKA_CONFIG extras set.
 * Returns a new conf (caller owns it until handed to rd_kafka_new), or NULL
 * with err filled. */
rd_kafka_conf_t *dk_kafka_conf(const char *client_id, char *err, size_t errlen);

/* Sets one property, returning -1 with err filled when librdkafka refuses. */
int dk_kafka_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err,
                 size_t errlen);

typedef struct dk_producer dk_producer;

/* One outgoing message and, after dk_producer_send_batch(), its fate. */
typedef struct {
    const char *topic;
    const char *key; /* application id: one partition per application */
    int pin;         /* 1: to partition `partition` (a replay), 0: by key */
    int32_t partition;
    const void *payload;
    size_t len;
    int err;          /* out: rd_kafka_resp_err_t, 0 = acknowledged */
    char errstr[160]; /* out: reason when err != 0 */
} dk_outmsg;

/* An idempotent acks=all producer whose delivery reports are served by its
 * own thread. delivery_timeout_ms bounds how long librdkafka keeps trying a
 * message before it reports failure. Returns NULL with err filled. */
dk_producer *dk_producer_new(const char *client_id, int delivery_timeout_ms, char *err,
                             size_t errlen);

/* Produces every message and waits until each is acknowledged or failed,
 * which the producer's delivery timeout bounds. Thread-safe. Returns the
 * number acknowledged; each msg->err says which. */
size_t dk_producer_send_batch(dk_producer *p, dk_outmsg *msgs, size_t n);

/* Flushes what is in flight (bounded by wait_ms) and frees the producer. */
void dk_producer_free(dk_producer *p, int wait_ms);

/* A readiness check (metrics/dk_metrics.h's dk_metrics_check_fn) on a
 * handle of ours (arg: its rd_kafka_t): 0 when a broker answers a
 * metadata request within 2 s, else -1 with why. */
int dk_kafka_ready(void *rk, char *why, size_t whylen);

/* Counts one error of the broker's side in dk_broker_errors_total{kind}
 * (kind: produce, consume, commit, ...: a fixed word, never a message). */
void dk_kafka_count_error(const char *kind);

/* The underlying handle, for metadata queries. */
rd_kafka_t *dk_producer_handle(dk_producer *p);

#endif
