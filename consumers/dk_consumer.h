/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_consumer.h — the consumer runtime every worker runs on: consumer-group
 * membership, batched polling, idempotency by message id, effects and offsets
 * in the right order (PostgreSQL commit first, Kafka offset commit after),
 * bounded retries with backoff, the dead-letter topic, the outbox relay, and
 * a graceful stop on SIGTERM. A worker only writes its handler. */
#ifndef DK_CONSUMER_H
#define DK_CONSUMER_H

#include "store/dk_envelope.h"

#include <libpq-fe.h>
#include <stdint.h>

typedef struct {
    const char *topic;
    int32_t partition;
    int64_t offset;
    const char *key;     /* NUL-terminated copy, may be "" */
    const char *payload; /* the raw bytes, valid during the batch */
    size_t len;
    char id[37];     /* envelope id, or derived from topic/partition/offset */
    dk_envelope env; /* parsed envelope (env.root NULL when it was malformed) */
    /* Set by a handler (dk_msg_reject) when this message can never succeed:
     * the runtime sends it to the dead-letter topic with this reason, in the
     * same transaction as the batch's other effects. */
    char reject_reason[256];
    /* Set by the worker's prepare step (dk_worker_def.prepare), freed with
     * its free_prepared after the batch; NULL otherwise. */
    void *prepared;
    /* How many times this message's batch was held already (DK_HANDLE_HOLD):
     * 0 on its first try. */
    int held;
} dk_msg;

/* Handles the messages of one batch that this consumer group has not handled
 * before, inside an open transaction on pg: every effect it writes commits or
 * rolls back together with the "handled" marks. Returns 0, or -1 with err
 * (the runtime rolls back and retries message by message with backoff), or
 * DK_HANDLE_HOLD: the batch cannot be done now for a reason outside it (the
 * SMTP relay is down). The runtime then rolls back, keeps the batch in hand
 * without committing its offsets, pauses its partitions (the others go on;
 * the worker keeps polling, so it stays in its group), and runs it again
 * after dk_worker_hold_for's wait or else after a backoff of
 * hold_first_ms, doubling, capped at hold_max_ms: without limit, never to
 * the dead letters, and not counted in DK_RETRY_MAX. A stop leaves held
 * batches uncommitted: they are redelivered. */
#define DK_HANDLE_HOLD 1
typedef int (*dk_handler_fn)(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err,
                             size_t errlen);

/* Optional slow work for a batch done before its transaction opens and
 * without touching the database, e.g. judging images, so no transaction
 * stays open meanwhile. It sees every message not already rejected (a
 * replay too: which ids are new is known only inside the transaction) and
 * may set m->prepared or reject m. The result is kept for the retries. */
typedef void (*dk_prepare_fn)(dk_msg **msgs, size_t n, void *arg);

typedef struct {
    const char *service;       /* for logs: "recorder" */
    const char *group;         /* consumer group id: "dk-recorder" */
    const char *const *topics; /* NULL-terminated */
    const char *const *types;  /* accepted message types, NULL-terminated */
    dk_handler_fn handle;
    void *arg;
    int one_per_transaction; /* 1: batches of one (handlers with outside effects) */
    dk_prepare_fn prepare;   /* optional, see above */
    void (*free_prepared)(void *prepared);
    /* Optional work beside the batches (a sweep): a thread the runtime starts
     * once the configuration passed its checks and the worker is connected,
     * and joins when the worker stops; it loops until dk_worker_stopping().
     * A worker with no topics (topics NULL or empty: dk-timers, whose input
     * is the clock) is this thread alone, with the runtime's configuration
     * check, PostgreSQL and Kafka connections, outbox relay and stop. */
    void *(*background)(void *arg);
    /* The backoff of held batches (DK_HANDLE_HOLD); 0: 1000 and 60000. */
    long hold_first_ms, hold_max_ms;
} dk_worker_def;

/* Before returning DK_HANDLE_HOLD: run this batch again in ms, instead of
 * its backoff (a handler that knows when its dependency is worth asking). */
void dk_worker_hold_for(long ms);

/* The reason for holding is gone (the relay answered): every held batch is
 * run again at once. Called by the handler, on the worker's thread. */
void dk_worker_hold_release(void);

/* The wait before try number attempt+1 of something that failed attempt
 * times: first_ms, doubling each time, never above max_ms (attempt < 1
 * counts as 1; first_ms and max_ms below 1 count as 1). */
long dk_worker_backoff_ms(long attempt, long first_ms, long max_ms);

/* Asks the worker's outbox relay to publish soon: a background thread
 * calls it after a commit that queued messages (the runtime does it after
 * each batch). Safe from any thread, and before the relay runs. */
void dk_worker_relay_kick(void);

/* Marks a message poison with a reason (printf-style). */
void dk_msg_reject(dk_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Runs the worker until SIGTERM/SIGINT: then it finishes the batch in hand,
 * commits, leaves the group and returns 0. Returns 2 on a configuration that
 * cannot work (a bad value, development keys outside development), 1 on any
 * other start-up error (PostgreSQL or Kafka unreachable: a restart may help). */
int dk_worker_run(const dk_worker_def *def);

/* 1 once a stop was asked (handlers with long waits check it). */
int dk_worker_stopping(void);

/* Sleeps up to ms, waking early when a stop is asked. */
void dk_worker_sleep_ms(long ms);

#endif
