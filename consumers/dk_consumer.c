/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_consumer.c — the worker loop. Order of events per batch:
 *   poll (up to DK_BATCH_MAX messages or DK_BATCH_WAIT_MS)
 *   → one PostgreSQL transaction: mark ids handled, run the handler, queue
 *     dead letters in the outbox → COMMIT
 *   → commit the Kafka offsets (asynchronously: a lost commit only replays
 *     messages the "handled" marks skip; the last one before a stop waits)
 *   → wake the outbox relay thread.
 * A crash anywhere replays the batch; the "handled" marks make that harmless. */
#include "dk_consumer.h"
#include "dk_hold.h"

#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "metrics/dk_metrics.h"
#include "store/dk_deadletter.h"
#include "store/dk_kafka.h"
#include "store/dk_outbox.h"
#include "store/dk_personal.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;
static dk_relay *_Atomic running_relay; /* for dk_worker_relay_kick */

void dk_worker_relay_kick(void)
{
    dk_relay_kick(running_relay);
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int dk_worker_stopping(void)
{
    return stop_requested != 0;
}

void dk_worker_sleep_ms(long ms)
{
    while (ms > 0 && !stop_requested) {
        long step = ms < 50 ? ms : 50;
        struct timespec ts = {0, step * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void dk_msg_reject(dk_msg *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->reject_reason, sizeof m->reject_reason, fmt, ap);
    va_end(ap);
}

/* ---- metrics ---- */

static const double batch_size_buckets[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

static struct {
    dk_metrics_family *consumed, *dead_lettered, *duplicates, *size, *duration, *held, *lag;
} fam;

static void register_metrics(void)
{
    fam.consumed = dk_metrics_counter("dk_messages_consumed_total",
                                      "Messages of batches made durable (offsets committed), "
                                      "replays and duplicates included, by topic.",
                                      "topic");
    fam.duplicates = dk_metrics_counter(
        "dk_messages_duplicate_total",
        "Messages skipped because this consumer group had handled their id before, by topic.",
        "topic");
    fam.dead_lettered = dk_metrics_counter(
        "dk_messages_dead_lettered_total",
        "Messages sent to dk.deadletter (malformed, rejected, or failing DK_RETRY_MAX times), by "
        "the topic they came from.",
        "topic");
    fam.size = dk_metrics_histogram("dk_batch_size_messages", "Messages per batch made durable.",
                                    NULL, batch_size_buckets,
                                    sizeof batch_size_buckets / sizeof batch_size_buckets[0]);
    fam.duration = dk_metrics_histogram(
        "dk_batch_duration_seconds",
        "Time to make a batch durable (its transactions, retries and backoffs included).", NULL,
        dk_metrics_seconds_buckets, dk_metrics_seconds_buckets_n);
    fam.held = dk_metrics_counter("dk_batches_held_total",
                                  "Batches held for a dependency outside them (the SMTP relay "
                                  "down): not committed, tried again later.",
                                  NULL);
    fam.lag = dk_metrics_gauge("dk_consumer_lag_messages",
                               "Messages behind the partition's end for this process's assigned "
                               "partitions (0 once a partition is no longer assigned here).",
                               "group,topic,partition");
}

/* The lag of the partitions assigned here (lag_loop()): the end of
 * each partition minus this consumer's position. Both are local for a
 * partition read since it was assigned (the end librdkafka last fetched).
 * One read nothing of yet has no position: its group's committed offset
 * (the start when none) stands for it, and its end is asked of the broker
 * (librdkafka's may be from an earlier assignment) — a partition assigned
 * but never fetched (a fetcher that did not start, dk_hold.c) is then seen
 * falling behind, and DkConsumerLagGrowing fires, instead of being left
 * out. */
typedef struct {
    rd_kafka_t *rk;
    const char *group;
    dk_metrics_series *last[64]; /* set at the last scrape */
    int nlast;
} lag_probe;

/* The committed offsets of a's partitions without a position, into a
 * copy of a (NULL when every partition has one, or the broker did not
 * answer within BROKER_WAIT_MS). */
#define BROKER_WAIT_MS 500
static rd_kafka_topic_partition_list_t *
committed_of_unread(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t *a)
{
    int unread = 0;
    for (int i = 0; i < a->cnt; i++)
        unread += a->elems[i].offset < 0;
    if (!unread)
        return NULL;
    rd_kafka_topic_partition_list_t *c = rd_kafka_topic_partition_list_copy(a);
    if (c && rd_kafka_committed(rk, c, BROKER_WAIT_MS) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_destroy(c);
        c = NULL;
    }
    return c;
}

static void measure_lag(lag_probe *p)
{
    rd_kafka_topic_partition_list_t *a = NULL;
    if (rd_kafka_assignment(p->rk, &a) != RD_KAFKA_RESP_ERR_NO_ERROR || !a)
        return;
    rd_kafka_position(p->rk, a);
    rd_kafka_topic_partition_list_t *committed = committed_of_unread(p->rk, a);
    dk_metrics_series *now[64];
    int n = 0;
    for (int i = 0; i < a->cnt && n < 64; i++) {
        int64_t lo = -1, hi = -1;
        const rd_kafka_topic_partition_t *tp = &a->elems[i];
        int64_t at = tp->offset;
        rd_kafka_resp_err_t e =
            at >= 0     ? rd_kafka_get_watermark_offsets(p->rk, tp->topic, tp->partition, &lo, &hi)
            : committed ? rd_kafka_query_watermark_offsets(p->rk, tp->topic, tp->partition, &lo,
                                                           &hi, BROKER_WAIT_MS)
                        : RD_KAFKA_RESP_ERR__STATE;
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue;
        if (at < 0) {
            const rd_kafka_topic_partition_t *c =
                rd_kafka_topic_partition_list_find(committed, tp->topic, tp->partition);
            at = c && c->offset >= 0 ? c->offset : lo;
        }
        if (at < 0 || hi < 0)
            continue;
        char part[16];
        snprintf(part, sizeof part, "%d", (int)tp->partition);
        now[n] = dk_metrics_with(fam.lag, p->group, tp->topic, part);
        dk_metrics_set(now[n++], (double)(hi > at ? hi - at : 0));
    }
    for (int i = 0; i < p->nlast; i++) {
        int kept = 0;
        for (int j = 0; j < n && !kept; j++)
            kept = now[j] == p->last[i];
        if (!kept)
            dk_metrics_set(p->last[i], 0);
    }
    memcpy(p->last, now, sizeof now[0] * (size_t)n);
    p->nlast = n;
    if (committed)
        rd_kafka_topic_partition_list_destroy(committed);
    rd_kafka_topic_partition_list_destroy(a);
}

/* The lag probe's own thread: a measure every LAG_EVERY_MS, so that a
 * scrape reads gauges and never waits on the broker (Prometheus gives a
 * target a second or so). Ends once the worker stops. */
#define LAG_EVERY_MS 5000
static void *lag_loop(void *arg)
{
    while (!stop_requested) {
        measure_lag(arg);
        dk_worker_sleep_ms(LAG_EVERY_MS);
    }
    return NULL;
}

/* A batch made durable. */
static void count_batch(dk_msg **msgs, size_t n, double t0)
{
    for (size_t i = 0; i < n; i++)
        dk_metrics_inc(dk_metrics_with(fam.consumed, msgs[i]->topic));
    dk_metrics_observe(dk_metrics_with(fam.size), (double)n);
    dk_metrics_observe(dk_metrics_with(fam.duration), dk_metrics_now() - t0);
}

typedef struct {
    const dk_worker_def *def;
    rd_kafka_t *rk;
    dk_producer *producer;
    PGconn *pg;
    long batch_max, batch_wait_ms, retry_max, backoff_ms;
} runtime;

/* ---- turning Kafka messages into dk_msg ---- */

static int type_accepted(const dk_worker_def *def, const char *type)
{
    for (const char *const *t = def->types; *t; t++)
        if (strcmp(*t, type) == 0)
            return 1;
    return 0;
}

/* Returns 0, or -1 when memory ran out (m is then empty: msg_free is safe). */
static int msg_init(const dk_worker_def *def, dk_msg *m, const rd_kafka_message_t *km)
{
    memset(m, 0, sizeof *m);
    m->topic = rd_kafka_topic_name(km->rkt);
    m->partition = km->partition;
    m->offset = km->offset;
    char *key = malloc(km->key_len + 1);
    if (!key)
        return -1;
    memcpy(key, km->key ? km->key : "", km->key_len);
    key[km->key_len] = '\0';
    m->key = key;
    m->payload = km->payload ? km->payload : "";
    m->len = km->len;
    char err[256];
    if (dk_envelope_parse(m->payload, m->len, &m->env, err, sizeof err) != 0) {
        char name[128];
        snprintf(name, sizeof name, "%s/%d/%lld", m->topic, (int)m->partition,
                 (long long)m->offset);
        dk_uuid_v5("dk.malformed", name, m->id);
        dk_msg_reject(m, "malformed message: %s", err);
        return 0;
    }
    snprintf(m->id, sizeof m->id, "%s", m->env.id);
    if (!type_accepted(def, m->env.type))
        dk_msg_reject(m, "unexpected message type '%.60s' for group %s", m->env.type, def->group);
    else if (dk_personal_open_envelope(&m->env, err, sizeof err) != 0)
        dk_msg_reject(m, "%s", err); /* handlers see only opened data; dead letters stay sealed */
    return 0;
}

static void msg_free(const dk_worker_def *def, dk_msg *m)
{
    if (m->prepared && def->free_prepared)
        def->free_prepared(m->prepared);
    m->prepared = NULL;
    free((char *)m->key);
    dk_envelope_free(&m->env);
}

/* ---- the dead-letter message ---- */

static int queue_dead_letter(runtime *rt, dk_msg *m, char *err, size_t errlen)
{
    /* The row (original sealed, for dk deadletter replay) and the message
     * on dk.deadletter, redacted: store/dk_deadletter.h. */
    const char *app = m->env.root ? m->env.application_id : "00000000-0000-0000-0000-000000000000";
    dk_deadletter_source s = {.reason = m->reject_reason,
                              .group = rt->def->group,
                              .service = rt->def->service,
                              .topic = m->topic,
                              .key = m->key,
                              .message_id = m->id,
                              .partition = m->partition,
                              .offset = m->offset,
                              .payload = m->payload,
                              .len = m->len,
                              .application_id = m->env.root ? m->env.application_id : NULL};
    int rc = dk_deadletter_record(rt->pg, &s, err, errlen);
    dk_logj(DK_LOG_WARN, "dead_letter",
            json_pack("{s:s, s:s, s:s, s:i, s:I}", "application_id", app, "reason",
                      m->reject_reason, "topic", m->topic, "partition", (int)m->partition, "offset",
                      (json_int_t)m->offset));
    return rc;
}

/* ---- one transaction over some messages ---- */

typedef struct {
    size_t fresh, duplicates, rejected;
} tx_counts;

/* Returns 0 (committed), -1 (rolled back, err) or DK_HANDLE_HOLD (rolled
 * back: the handler holds the batch). */
static int run_tx(runtime *rt, dk_msg **msgs, size_t n, tx_counts *c, char *err, size_t errlen)
{
    int held = 0;
    memset(c, 0, sizeof *c);
    if (dk_pg_exec(rt->pg, "BEGIN", err, errlen) != 0)
        return -1;
    /* Mark every id handled; the rows that were new are the messages to
     * handle. The unique key also serialises two replicas racing on one id. */
    dk_buf ids = {0}, topics = {0};
    dk_buf_puts(&ids, "{");
    dk_buf_puts(&topics, "{");
    for (size_t i = 0; i < n; i++) {
        dk_buf_appendf(&ids, "%s%s", i ? "," : "", msgs[i]->id);
        dk_buf_appendf(&topics, "%s\"%s\"", i ? "," : "", msgs[i]->topic);
    }
    dk_buf_puts(&ids, "}");
    dk_buf_puts(&topics, "}");
    PGresult *r = NULL;
    if (dk_buf_failed(&ids) || dk_buf_failed(&topics)) {
        snprintf(err, errlen, "marking the batch handled: out of memory");
    } else {
        const char *params[] = {rt->def->group, ids.data, topics.data};
        r = dk_pg_query(rt->pg,
                        "INSERT INTO consumed_messages (consumer_group, message_id, topic) "
                        "SELECT $1, id, t FROM unnest($2::uuid[], $3::text[]) AS u(id, t) "
                        "ON CONFLICT DO NOTHING RETURNING message_id::text",
                        3, params, err, errlen);
    }
    dk_buf_free(&ids);
    dk_buf_free(&topics);
    if (!r)
        goto fail;

    dk_msg **fresh = calloc(n, sizeof *fresh);
    dk_msg **good = calloc(n, sizeof *good);
    if (!fresh || !good) {
        free(fresh);
        free(good);
        PQclear(r);
        snprintf(err, errlen, "batch of %zu: out of memory", n);
        goto fail;
    }
    size_t nfresh = 0;
    int rows = PQntuples(r);
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (int j = 0; j < rows && !found; j++)
            found = strcmp(PQgetvalue(r, j, 0), msgs[i]->id) == 0;
        /* A repeated id inside one batch counts once. */
        for (size_t k = 0; k < nfresh && found; k++)
            if (strcmp(fresh[k]->id, msgs[i]->id) == 0)
                found = 0;
        if (found)
            fresh[nfresh++] = msgs[i];
        else
            c->duplicates++;
    }
    PQclear(r);

    size_t ngood = 0;
    for (size_t i = 0; i < nfresh; i++)
        if (!fresh[i]->reject_reason[0])
            good[ngood++] = fresh[i];
    int rc = ngood ? rt->def->handle(rt->pg, good, ngood, rt->def->arg, err, errlen) : 0;
    held = rc == DK_HANDLE_HOLD;
    free(good);
    for (size_t i = 0; rc == 0 && i < nfresh; i++) {
        if (fresh[i]->reject_reason[0]) {
            c->rejected++;
            rc = queue_dead_letter(rt, fresh[i], err, errlen);
        }
    }
    c->fresh = nfresh;
    if (rc != 0 || dk_pg_exec(rt->pg, "COMMIT", err, errlen) != 0) {
        free(fresh);
        goto fail;
    }
    for (size_t i = 0; i < nfresh; i++)
        if (fresh[i]->reject_reason[0])
            dk_metrics_inc(dk_metrics_with(fam.dead_lettered, fresh[i]->topic));
    for (size_t i = 0; i < n; i++) {
        int is_fresh = 0;
        for (size_t k = 0; k < nfresh && !is_fresh; k++)
            is_fresh = fresh[k] == msgs[i];
        if (!is_fresh)
            dk_metrics_inc(dk_metrics_with(fam.duplicates, msgs[i]->topic));
    }
    free(fresh);
    return 0;
fail:
    dk_pg_rollback(rt->pg);
    return held ? DK_HANDLE_HOLD : -1;
}

/* Waits for PostgreSQL to come back. Returns -1 when a stop was asked. */
static int reconnect(runtime *rt)
{
    long delay = rt->backoff_ms;
    while (!stop_requested) {
        PQfinish(rt->pg);
        char err[512];
        rt->pg = dk_pg_connect(rt->def->service, err, sizeof err);
        if (rt->pg)
            return 0;
        dk_log(DK_LOG_WARN, "postgres_unavailable", "%s", err);
        dk_worker_sleep_ms(delay);
        if (delay < 5000)
            delay *= 2;
    }
    return -1;
}

/* Makes the effects of msgs durable: the whole batch in one transaction, or,
 * when that fails, message by message with bounded retries, the hopeless
 * ones going to the dead-letter topic. Returns 0, or -1 when stopping before
 * the batch was durable (its offsets must then not be committed), or
 * DK_HANDLE_HOLD when the handler held it (nothing of it is durable that a
 * rerun would not find handled). */
static int process(runtime *rt, dk_msg **msgs, size_t n)
{
    char err[1024];
    tx_counts c;
    int64_t t0 = dk_mono_ms();
    double started = dk_metrics_now();
    for (;;) {
        int rc = run_tx(rt, msgs, n, &c, err, sizeof err);
        if (rc == DK_HANDLE_HOLD) {
            dk_metrics_inc(dk_metrics_with(fam.held));
            return DK_HANDLE_HOLD;
        }
        if (rc == 0) {
            count_batch(msgs, n, started);
            dk_logj(DK_LOG_INFO, "batch_committed",
                    json_pack("{s:i, s:i, s:i, s:i, s:I}", "messages", (int)n, "handled",
                              (int)(c.fresh - c.rejected), "duplicates", (int)c.duplicates,
                              "dead_lettered", (int)c.rejected, "ms",
                              (json_int_t)(dk_mono_ms() - t0)));
            return 0;
        }
        if (!dk_pg_broken(rt->pg))
            break;
        if (reconnect(rt) != 0)
            return -1;
    }
    if (n > 1)
        dk_log(DK_LOG_WARN, "batch_failed", "retrying one by one: %s", err);
    for (size_t i = 0; i < n; i++) {
        long delay = rt->backoff_ms;
        for (long attempt = 1;; attempt++) {
            int rc = run_tx(rt, &msgs[i], 1, &c, err, sizeof err);
            if (rc == DK_HANDLE_HOLD) {
                dk_metrics_inc(dk_metrics_with(fam.held));
                return DK_HANDLE_HOLD; /* the whole batch; its done part is skipped */
            }
            if (rc == 0)
                break;
            if (dk_pg_broken(rt->pg)) {
                if (reconnect(rt) != 0)
                    return -1;
                attempt--;
                continue;
            }
            if (stop_requested)
                return -1;
            if (msgs[i]->reject_reason[0] && attempt > rt->retry_max) {
                /* Even queueing the dead letter fails: wait, never spin. */
                dk_log(DK_LOG_ERROR, "dead_letter_failed", "%s", err);
                dk_worker_sleep_ms(delay);
                continue;
            }
            const char *app = msgs[i]->env.root ? msgs[i]->env.application_id : "";
            dk_logj(DK_LOG_WARN, "message_failed",
                    json_pack("{s:s, s:s, s:I, s:s}", "application_id", app, "message_id",
                              msgs[i]->id, "attempt", (json_int_t)attempt, "reason", err));
            if (attempt >= rt->retry_max) {
                dk_msg_reject(msgs[i], "failed after %ld attempts: %.200s", attempt, err);
                continue; /* the next run_tx only queues the dead letter */
            }
            dk_worker_sleep_ms(delay);
            delay *= 2;
        }
    }
    count_batch(msgs, n, started);
    return 0;
}

/* ---- Kafka side ---- */

static void commit_offsets(runtime *rt, dk_msg *msgs, size_t n, int async)
{
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++) {
        rd_kafka_topic_partition_t *tp =
            rd_kafka_topic_partition_list_find(list, msgs[i].topic, msgs[i].partition);
        if (!tp)
            tp = rd_kafka_topic_partition_list_add(list, msgs[i].topic, msgs[i].partition);
        if (msgs[i].offset + 1 > tp->offset)
            tp->offset = msgs[i].offset + 1;
    }
    rd_kafka_resp_err_t e = rd_kafka_commit(rt->rk, list, async);
    if (e)
        dk_kafka_count_error("commit");
    if (e)
        dk_log(DK_LOG_WARN, "offset_commit_failed",
               "%s (the batch will be redelivered and skipped)", rd_kafka_err2str(e));
    rd_kafka_topic_partition_list_destroy(list);
}

/* ---- held batches (dk_hold.h) ---- */

static const dk_worker_def *held_def; /* for free_held */

static void free_held(dk_msg *m)
{
    msg_free(held_def, m);
}

/* Runs held batch i again. Returns -1 when stopping before it was durable. */
static int retry_held(runtime *rt, dk_worker_holds *h, size_t i)
{
    int rc = process(rt, h->v[i].ptrs, h->v[i].n);
    if (rc == DK_HANDLE_HOLD) {
        if (stop_requested)
            return -1;
        dk_worker_holds_again(h, i);
        return 0;
    }
    if (rc != 0)
        return -1;
    commit_offsets(rt, h->v[i].msgs, h->v[i].n, !stop_requested);
    dk_worker_holds_remove(h, rt->rk, i, 1);
    return 0;
}

/* Leaves out of a polled batch the messages of held partitions (possible
 * only around a pause): the resume of their held batch fetches them again. */
static size_t without_held(const dk_worker_holds *h, rd_kafka_message_t **raw, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (h->n > 0 &&
            dk_worker_holds_covers(h, rd_kafka_topic_name(raw[i]->rkt), raw[i]->partition))
            rd_kafka_message_destroy(raw[i]);
        else
            raw[k++] = raw[i];
    }
    return k;
}

/* Polls one batch: waits up to 500 ms for a first message, then at most
 * batch_wait_ms more to fill up to batch_max. */
static size_t poll_batch(runtime *rt, rd_kafka_message_t **out)
{
    size_t n = 0;
    int64_t deadline = 0;
    while (n < (size_t)rt->batch_max && !stop_requested) {
        int timeout = 500;
        if (n > 0) {
            int64_t left = deadline - dk_mono_ms();
            if (left <= 0)
                break;
            timeout = (int)left;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rt->rk, timeout);
        if (!m) {
            if (n == 0)
                break;
            continue;
        }
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                dk_kafka_count_error("consume");
                dk_log(DK_LOG_WARN, "consumer_error", "%s", rd_kafka_message_errstr(m));
            }
            rd_kafka_message_destroy(m);
            continue;
        }
        if (n == 0)
            deadline = dk_mono_ms() + rt->batch_wait_ms;
        out[n++] = m;
    }
    return n;
}

static rd_kafka_t *consumer_new(const dk_worker_def *def, char *err, size_t errlen)
{
    char client_id[128], session[32], heartbeat[32];
    snprintf(client_id, sizeof client_id, "%s-%d", def->service, (int)getpid());
    long st = dk_config_int("DK_KAFKA_SESSION_TIMEOUT_MS");
    snprintf(session, sizeof session, "%ld", st);
    snprintf(heartbeat, sizeof heartbeat, "%ld", st / 3 > 100 ? st / 3 : 100);
    rd_kafka_conf_t *conf = dk_kafka_conf(client_id, err, errlen);
    if (!conf)
        return NULL;
    if (dk_kafka_set(conf, "group.id", def->group, err, errlen) != 0 ||
        dk_kafka_set(conf, "enable.auto.commit", "false", err, errlen) != 0 ||
        dk_kafka_set(conf, "auto.offset.reset", "earliest", err, errlen) != 0 ||
        dk_kafka_set(conf, "session.timeout.ms", session, err, errlen) != 0 ||
        dk_kafka_set(conf, "heartbeat.interval.ms", heartbeat, err, errlen) != 0 ||
        dk_kafka_set(conf, "max.poll.interval.ms", "600000", err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_rebalance_cb(conf, dk_worker_holds_rebalance);
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, rerr, sizeof rerr);
    if (!rk) {
        snprintf(err, errlen, "kafka consumer: %s", rerr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new(4);
    for (const char *const *t = def->topics; *t; t++)
        rd_kafka_topic_partition_list_add(subs, *t, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (e) {
        snprintf(err, errlen, "subscribe: %s", rd_kafka_err2str(e));
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}

int dk_worker_run(const dk_worker_def *def)
{
    char err[512];
    dk_log_init(def->service);
    if (dk_config_start_check() != 0)
        return 2;
    register_metrics();
    /* /healthz from the start; /readyz once connected (below). */
    dk_metrics_server *metrics = dk_metrics_serve(def->service);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    runtime rt = {.def = def};
    rt.batch_max = def->one_per_transaction ? 1 : dk_config_int("DK_BATCH_MAX");
    rt.batch_wait_ms = dk_config_int("DK_BATCH_WAIT_MS");
    rt.retry_max = dk_config_int("DK_RETRY_MAX");
    rt.backoff_ms = dk_config_int("DK_RETRY_BACKOFF_MS");
    held_def = def;
    dk_worker_holds holds = {.first_ms = def->hold_first_ms > 0 ? def->hold_first_ms : 1000,
                             .max_ms = def->hold_max_ms > 0 ? def->hold_max_ms : 60000,
                             .free_msg = free_held};
    dk_worker_holds_use(&holds);
    dk_metrics_ready_check("postgresql", dk_pg_ready, NULL);
    rt.pg = dk_pg_connect(def->service, err, sizeof err);
    if (!rt.pg) {
        dk_log(DK_LOG_ERROR, "postgres_unavailable", "%s", err);
        dk_metrics_stop(metrics);
        return 1;
    }
    int consumes = def->topics && def->topics[0];
    rt.producer = dk_producer_new(def->service, 30000, err, sizeof err);
    rt.rk = rt.producer && consumes ? consumer_new(def, err, sizeof err) : NULL;
    if (!rt.producer || (consumes && !rt.rk)) {
        dk_log(DK_LOG_ERROR, "kafka_unavailable", "%s", err);
        dk_producer_free(rt.producer, 0);
        PQfinish(rt.pg);
        dk_metrics_stop(metrics);
        return 1;
    }
    dk_metrics_ready_check("broker", dk_kafka_ready, dk_producer_handle(rt.producer));
    lag_probe lag = {.rk = rt.rk, .group = def->group};
    pthread_t lag_thread;
    int lag_started = rt.rk && pthread_create(&lag_thread, NULL, lag_loop, &lag) == 0;
    if (rt.rk && !lag_started)
        dk_log(DK_LOG_WARN, "lag_unmeasured", "cannot start the lag probe's thread");
    dk_logj(DK_LOG_INFO, "started",
            json_pack("{s:s, s:i}", "group", def->group, "batch_max", (int)rt.batch_max));

    rd_kafka_message_t **raw = calloc((size_t)rt.batch_max, sizeof *raw);
    dk_msg *msgs = calloc((size_t)rt.batch_max, sizeof *msgs);
    dk_msg **ptrs = calloc((size_t)rt.batch_max, sizeof *ptrs);
    dk_relay *relay = raw && msgs && ptrs ? dk_relay_start(def->service, rt.producer) : NULL;
    running_relay = relay;
    int exit_code = 0;
    if (!relay) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "starting the worker loop");
        stop_requested = 1;
        exit_code = 1;
    }
    pthread_t background;
    int background_started = 0;
    if (!stop_requested && def->background) {
        background_started = pthread_create(&background, NULL, def->background, def->arg) == 0;
        if (!background_started) {
            dk_log(DK_LOG_ERROR, "out_of_memory", "starting the worker's background thread");
            stop_requested = 1;
            exit_code = 1;
        }
    }
    while (!stop_requested && !consumes)
        dk_worker_sleep_ms(200); /* the background thread does the work */
    while (!stop_requested) {
        long due = dk_worker_holds_due(&holds, dk_mono_ms());
        if (due >= 0) {
            if (retry_held(&rt, &holds, (size_t)due) != 0)
                break;
            dk_relay_kick(relay);
            continue;
        }
        size_t n = without_held(&holds, raw, poll_batch(&rt, raw));
        if (n > 0) {
            int ready = 1;
            for (size_t i = 0; i < n; i++) {
                if (msg_init(def, &msgs[i], raw[i]) != 0)
                    ready = 0;
                ptrs[i] = &msgs[i];
            }
            if (!ready) {
                /* Out of memory before the batch was durable: its offsets
                 * stay uncommitted, so the restarted worker replays it. */
                dk_log(DK_LOG_ERROR, "out_of_memory", "reading a batch of %zu messages", n);
                for (size_t i = 0; i < n; i++) {
                    msg_free(def, &msgs[i]);
                    rd_kafka_message_destroy(raw[i]);
                }
                exit_code = 1;
                break;
            }
            if (def->prepare) {
                size_t k = 0;
                for (size_t i = 0; i < n; i++)
                    if (!msgs[i].reject_reason[0])
                        ptrs[k++] = &msgs[i];
                def->prepare(ptrs, k, def->arg);
                for (size_t i = 0; i < n; i++)
                    ptrs[i] = &msgs[i];
            }
            int rc = process(&rt, ptrs, n);
            if (rc == DK_HANDLE_HOLD && !stop_requested) {
                if (dk_worker_holds_add(&holds, rt.rk, raw, msgs, n) == 0)
                    continue;
                dk_log(DK_LOG_ERROR, "out_of_memory", "holding a batch of %zu messages", n);
                exit_code = 1;
            }
            int durable = rc == 0;
            if (durable)
                commit_offsets(&rt, msgs, n, !stop_requested);
            for (size_t i = 0; i < n; i++) {
                msg_free(def, &msgs[i]);
                rd_kafka_message_destroy(raw[i]);
            }
            if (!durable)
                break;
            dk_relay_kick(relay);
        }
    }
    dk_worker_holds_clear(&holds); /* uncommitted: redelivered after the restart */
    dk_log(DK_LOG_INFO, "stopping", "leaving consumer group %s", def->group);
    stop_requested = 1; /* also after an error: the background thread ends too */
    if (background_started)
        pthread_join(background, NULL);
    if (lag_started)
        pthread_join(lag_thread, NULL);
    if (rt.rk) {
        rd_kafka_consumer_close(rt.rk);
        rd_kafka_destroy(rt.rk);
    }
    running_relay = NULL;
    dk_relay_stop(relay);
    dk_metrics_ready_remove("broker");
    dk_producer_free(rt.producer, 5000);
    PQfinish(rt.pg);
    free(raw);
    free(msgs);
    free(ptrs);
    dk_metrics_stop(metrics);
    if (exit_code != 0)
        return exit_code;
    dk_log(DK_LOG_INFO, "stopped", "clean exit");
    return 0;
}
