/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_hold.c — held batches (see dk_hold.h and DK_HANDLE_HOLD): kept in the
 * worker's hand with their partitions paused, retried on a backoff, let go
 * (their partitions resumed) on a rebalance that takes their partitions.
 * Resuming seeks each partition explicitly to where it must go on:
 * librdkafka before 2.1 could skip a message on pause/resume, and a skipped
 * mail job would be lost once a later offset is committed; a message
 * fetched twice is only a duplicate, which the "handled" marks make
 * harmless. */
#include "dk_hold.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"

#include <stdlib.h>
#include <string.h>

static dk_worker_holds *active;
static long hold_for_ms = -1; /* the handler's dk_worker_hold_for, until used */

long dk_worker_backoff_ms(long attempt, long first_ms, long max_ms)
{
    if (first_ms < 1)
        first_ms = 1;
    if (max_ms < 1)
        max_ms = 1;
    long d = first_ms;
    for (long i = 1; i < attempt && d < max_ms; i++)
        d = d > max_ms / 2 ? max_ms : d * 2;
    return d < max_ms ? d : max_ms;
}

void dk_worker_hold_for(long ms)
{
    hold_for_ms = ms < 0 ? 0 : ms;
}

void dk_worker_hold_release(void)
{
    for (size_t i = 0; active && i < active->n; i++)
        active->v[i].due_ms = 0;
}

void dk_worker_holds_use(dk_worker_holds *h)
{
    active = h;
}

/* The batch's partitions, each at its first offset (at) or after its last. */
static rd_kafka_topic_partition_list_t *partitions_of(const dk_worker_held *b, int after)
{
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new((int)b->n);
    for (size_t i = 0; list && i < b->n; i++) {
        const dk_msg *m = &b->msgs[i];
        int64_t want = after ? m->offset + 1 : m->offset;
        rd_kafka_topic_partition_t *tp =
            rd_kafka_topic_partition_list_find(list, m->topic, m->partition);
        if (!tp) {
            tp = rd_kafka_topic_partition_list_add(list, m->topic, m->partition);
            tp->offset = want;
        } else if (after ? want > tp->offset : want < tp->offset) {
            tp->offset = want;
        }
    }
    return list;
}

static void held_free(dk_worker_holds *h, dk_worker_held *b)
{
    for (size_t i = 0; i < b->n; i++) {
        h->free_msg(&b->msgs[i]);
        rd_kafka_message_destroy(b->raw[i]);
    }
    free(b->raw);
    free(b->msgs);
    free(b->ptrs);
    memset(b, 0, sizeof *b);
}

static void held_drop(dk_worker_holds *h, size_t i)
{
    held_free(h, &h->v[i]);
    memmove(&h->v[i], &h->v[i + 1], (h->n - i - 1) * sizeof h->v[0]);
    h->n--;
}

int dk_worker_holds_add(dk_worker_holds *h, rd_kafka_t *rk, rd_kafka_message_t **raw, dk_msg *msgs,
                        size_t n)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        dk_worker_held *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    dk_worker_held b = {.n = n};
    b.raw = calloc(n, sizeof *b.raw);
    b.msgs = calloc(n, sizeof *b.msgs);
    b.ptrs = calloc(n, sizeof *b.ptrs);
    if (!b.raw || !b.msgs || !b.ptrs) {
        free(b.raw);
        free(b.msgs);
        free(b.ptrs);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        b.raw[i] = raw[i];
        b.msgs[i] = msgs[i];
        b.ptrs[i] = &b.msgs[i];
        raw[i] = NULL;
        memset(&msgs[i], 0, sizeof msgs[i]);
    }
    rd_kafka_topic_partition_list_t *parts = partitions_of(&b, 0);
    rd_kafka_resp_err_t e = parts ? rd_kafka_pause_partitions(rk, parts) : RD_KAFKA_RESP_ERR__NOENT;
    if (e)
        dk_log(DK_LOG_WARN, "pause_failed", "%s", rd_kafka_err2str(e));
    if (parts)
        rd_kafka_topic_partition_list_destroy(parts);
    h->v[h->n++] = b;
    dk_worker_holds_again(h, h->n - 1);
    return 0;
}

void dk_worker_holds_again(dk_worker_holds *h, size_t i)
{
    dk_worker_held *b = &h->v[i];
    int held = 0;
    for (size_t j = 0; j < b->n; j++)
        if (++b->msgs[j].held > held)
            held = b->msgs[j].held;
    long wait = hold_for_ms >= 0 ? hold_for_ms : dk_worker_backoff_ms(held, h->first_ms, h->max_ms);
    hold_for_ms = -1;
    b->due_ms = dk_mono_ms() + wait;
    const dk_msg *m = &b->msgs[0];
    dk_logj(DK_LOG_INFO, "batch_held",
            json_pack("{s:s, s:s, s:i, s:I, s:i, s:i, s:I}", "application_id",
                      m->env.root && m->env.application_id ? m->env.application_id : "", "topic",
                      m->topic, "partition", (int)m->partition, "offset", (json_int_t)m->offset,
                      "messages", (int)b->n, "held", held, "retry_in_ms", (json_int_t)wait));
}

long dk_worker_holds_due(const dk_worker_holds *h, int64_t now_ms)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].due_ms <= now_ms)
            return (long)i;
    return -1;
}

void dk_worker_holds_remove(dk_worker_holds *h, rd_kafka_t *rk, size_t i, int done)
{
    rd_kafka_topic_partition_list_t *parts = partitions_of(&h->v[i], done);
    if (parts) {
        rd_kafka_resp_err_t e = rd_kafka_resume_partitions(rk, parts);
        rd_kafka_error_t *se = e ? NULL : rd_kafka_seek_partitions(rk, parts, 5000);
        if (e || se)
            dk_log(DK_LOG_WARN, "resume_failed", "%s",
                   e ? rd_kafka_err2str(e) : rd_kafka_error_string(se));
        if (se)
            rd_kafka_error_destroy(se);
        rd_kafka_topic_partition_list_destroy(parts);
    }
    held_drop(h, i);
}

int dk_worker_holds_covers(const dk_worker_holds *h, const char *topic, int32_t partition)
{
    for (size_t i = 0; i < h->n; i++)
        for (size_t j = 0; j < h->v[i].n; j++)
            if (h->v[i].msgs[j].partition == partition && strcmp(h->v[i].msgs[j].topic, topic) == 0)
                return 1;
    return 0;
}

void dk_worker_holds_clear(dk_worker_holds *h)
{
    while (h->n > 0)
        held_drop(h, h->n - 1);
    free(h->v);
    h->v = NULL;
    h->cap = 0;
}

/* Which partitions this replica took or gave up ("topic/partition"; with the
 * cooperative protocol the change only): how an operator, and the container
 * scaling test, see replicas share a topic and take over a dead one's. */
static void log_rebalance(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t *parts)
{
    json_t *list = json_array();
    for (int i = 0; i < parts->cnt; i++)
        json_array_append_new(
            list, json_sprintf("%s/%d", parts->elems[i].topic, (int)parts->elems[i].partition));
    int assigned = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
    dk_logj(DK_LOG_INFO, assigned ? "partitions_assigned" : "partitions_revoked",
            json_pack("{s:o}", "partitions", list));
}

void dk_worker_holds_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    (void)opaque;
    int cooperative = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        for (size_t i = active ? active->n : 0; i-- > 0;) {
            int revoked = 0;
            for (size_t j = 0; j < active->v[i].n && !revoked; j++)
                revoked =
                    rd_kafka_topic_partition_list_find(parts, active->v[i].msgs[j].topic,
                                                       active->v[i].msgs[j].partition) != NULL;
            if (revoked) {
                /* Resumed while still ours: librdkafka keeps an application's
                 * pause across a revocation, and the partition would come
                 * back paused in a later assignment, never read again. */
                rd_kafka_topic_partition_list_t *held = partitions_of(&active->v[i], 0);
                if (held) {
                    rd_kafka_resume_partitions(rk, held);
                    rd_kafka_topic_partition_list_destroy(held);
                }
                dk_log(DK_LOG_INFO, "held_batch_revoked", "%s [%d]: its new owner reads it again",
                       active->v[i].msgs[0].topic, (int)active->v[i].msgs[0].partition);
                held_drop(active, i);
            }
        }
    }
    rd_kafka_error_t *e = NULL;
    rd_kafka_resp_err_t re = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
        cooperative ? (void)(e = rd_kafka_incremental_assign(rk, parts))
                    : (void)(re = rd_kafka_assign(rk, parts));
    else if (cooperative)
        e = rd_kafka_incremental_unassign(rk, parts);
    else
        re = rd_kafka_assign(rk, NULL);
    /* Nothing is resumed after an assignment: a resume is an operation on
     * the partition with a newer version than librdkafka's own start of its
     * fetcher, which librdkafka 2.0 then dropped as outdated when the
     * committed offsets came back before the resume was queued. The
     * partition stayed assigned and unread until the next rebalance (the
     * scheduler left requests 'submitted' for minutes after the broker came
     * back). The held batches' partitions were resumed when revoked. */
    if (e || re)
        dk_log(DK_LOG_WARN, "rebalance_failed", "%s",
               e ? rd_kafka_error_string(e) : rd_kafka_err2str(re));
    if (e)
        rd_kafka_error_destroy(e);
    else if (!re)
        log_rebalance(err, parts);
}
