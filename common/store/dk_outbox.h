/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_outbox.h — the transactional outbox: a worker writes the messages its
 * state change causes into PostgreSQL in the same transaction, and the relay
 * publishes them to Kafka afterwards. State and messages never diverge. */
#ifndef DK_OUTBOX_H
#define DK_OUTBOX_H

#include "store/dk_kafka.h"

#include <jansson.h>
#include <libpq-fe.h>

/* A row for dk_outbox_add_rows: {"topic","key","payload"} with the text of
 * envelope (stolen). NULL when envelope is NULL or out of memory. */
json_t *dk_outbox_row(const char *topic, const char *key, json_t *envelope);

/* Queues one message inside the caller's open transaction. Returns 0/-1. */
int dk_outbox_add(PGconn *pg, const char *topic, const char *key, const char *payload, char *err,
                  size_t errlen);

/* Queues many messages with one statement: rows is an array of objects
 * {"topic","key","payload"} (payload a string). Returns 0/-1. */
int dk_outbox_add_rows(PGconn *pg, const json_t *rows, char *err, size_t errlen);

/* Publishes unsent rows (oldest first) and marks those the broker
 * acknowledged. Safe with several relays at once (SKIP LOCKED); a row whose
 * publication failed stays for the next call. Returns the number published,
 * or -1 with err filled. */
long dk_outbox_relay(PGconn *pg, dk_producer *producer, char *err, size_t errlen);

/* The relay as a thread of its own, with its own PostgreSQL connection, so a
 * worker's next batch does not wait for the broker's acknowledgements of the
 * last one. It relays when kicked and at least every second. */
typedef struct dk_relay dk_relay;

/* Starts the thread (it connects lazily and reconnects on failure). NULL when
 * memory ran out or the thread could not start; kick and stop accept NULL. */
dk_relay *dk_relay_start(const char *service, dk_producer *producer);

/* Asks for a relay soon (after a commit that queued messages). */
void dk_relay_kick(dk_relay *r);

/* Relays what is left, stops the thread and frees r. */
void dk_relay_stop(dk_relay *r);

#endif
