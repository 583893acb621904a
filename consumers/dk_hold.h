/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_hold.h — the consumer runtime's held batches: batches a handler could
 * not do for a reason outside them (DK_HANDLE_HOLD: the SMTP relay is down)
 * stay in the worker's hand, uncommitted, their partitions paused, and are
 * tried again after a growing wait, without limit and never dead-lettered,
 * while the other partitions go on. Used by dk_consumer.c only. */
#ifndef DK_HOLD_H
#define DK_HOLD_H

#include "dk_consumer.h"

#include <librdkafka/rdkafka.h>

typedef struct {
    rd_kafka_message_t **raw;
    dk_msg *msgs;
    dk_msg **ptrs;
    size_t n;
    int64_t due_ms; /* dk_mono_ms() when it is tried again */
} dk_worker_held;

typedef struct {
    dk_worker_held *v;
    size_t n, cap;
    long first_ms, max_ms;       /* the backoff (dk_worker_backoff_ms) */
    void (*free_msg)(dk_msg *m); /* what the runtime frees of a message */
} dk_worker_holds;

/* Takes the batch (raw[0..n), msgs[0..n)) into holds, counting one more
 * hold in each message's m->held, due after the handler's dk_worker_hold_for
 * or else the backoff of m->held; pauses its partitions. The caller's arrays
 * are left zeroed. Returns 0, or -1 when memory ran out (nothing taken). */
int dk_worker_holds_add(dk_worker_holds *h, rd_kafka_t *rk, rd_kafka_message_t **raw, dk_msg *msgs,
                        size_t n);

/* Held batch i was held once more: counts it and sets when it is due. */
void dk_worker_holds_again(dk_worker_holds *h, size_t i);

/* The index of a held batch due at now_ms, or -1. */
long dk_worker_holds_due(const dk_worker_holds *h, int64_t now_ms);

/* Removes held batch i. done: its effects are durable, its partitions are
 * resumed just after it; otherwise they are resumed at it (a stop: not at
 * all). Frees it. */
void dk_worker_holds_remove(dk_worker_holds *h, rd_kafka_t *rk, size_t i, int done);

/* 1 when a held batch holds a message of this partition. */
int dk_worker_holds_covers(const dk_worker_holds *h, const char *topic, int32_t partition);

/* Frees every held batch without committing anything (a stop). */
void dk_worker_holds_clear(dk_worker_holds *h);

/* The rebalance callback: held batches of revoked partitions are let go,
 * their partitions resumed before they go (their new owner, this worker
 * perhaps, reads them again from the committed offset); an assignment is
 * taken as it comes, nothing resumed after it. The holds are the
 * consumer's opaque. */
void dk_worker_holds_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t *parts, void *opaque);

/* The runtime's holds, for dk_worker_hold_for/dk_worker_hold_release
 * (which the handler calls on the worker's thread); NULL to forget them. */
void dk_worker_holds_use(dk_worker_holds *h);

#endif
