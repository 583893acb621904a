/* dk_outbox.h — the transactional outbox: a worker writes the messages its
 * state change causes into PostgreSQL in the same transaction, and the relay
 * publishes them to Kafka afterwards. State and messages never diverge. */
#ifndef DK_OUTBOX_H
#define DK_OUTBOX_H

#include "dk_kafka.h"

#include <jansson.h>
#include <libpq-fe.h>

/* Queues one message inside the caller's open transaction. Returns 0/-1. */
int dk_outbox_add(PGconn *pg, const char *topic, const char *key, const char *payload,
                  char *err, size_t errlen);

/* Queues many messages with one statement: rows is an array of objects
 * {"topic","key","payload"} (payload a string). Returns 0/-1. */
int dk_outbox_add_rows(PGconn *pg, const json_t *rows, char *err, size_t errlen);

/* Publishes unsent rows (oldest first) and marks those the broker
 * acknowledged. Safe with several relays at once (SKIP LOCKED); a row whose
 * publication failed stays for the next call. Returns the number published,
 * or -1 with err filled. */
long dk_outbox_relay(PGconn *pg, dk_producer *producer, char *err, size_t errlen);

#endif
