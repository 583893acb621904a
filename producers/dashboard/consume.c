/* SPDX-License-Identifier: EUPL-1.2 */
/* consume.c — the dashboard's consumer: its own group (DK_DASHBOARD_GROUP)
 * over every topic of the table, every assigned partition read from the
 * oldest message the broker keeps (a restart rebuilds the figures; a
 * message read twice after a rebalance is a duplicate the figures ignore),
 * its positions committed so that the broker reports its lag like any
 * group's. It notes when it has read what the topics held when it started:
 * the rebuild's rate. */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "dashboard.h"
#include "metrics/dk_metrics.h"
#include "store/dk_kafka.h"
#include "store/dk_topic_lag.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int stopping;

int dk_board_stopping(void)
{
    return __atomic_load_n(&stopping, __ATOMIC_SEQ_CST);
}

void dk_board_stop(void)
{
    __atomic_store_n(&stopping, 1, __ATOMIC_SEQ_CST);
}

/* The next offset to fold of every partition (topic index *
 * DK_DASHBOARD_MAX_PARTITIONS + partition), -1 before the first; the
 * consumer thread's alone (the rebalance callback runs inside its poll). */
static int64_t *next_offset;

static int topic_index(const char *name)
{
    for (int i = 0; dk_topics[i].name; i++)
        if (!strcmp(dk_topics[i].name, name))
            return i;
    return -1;
}

static int64_t *next_of(const char *topic, int32_t partition)
{
    int ti = topic_index(topic);
    if (ti < 0 || partition < 0 || partition >= DK_DASHBOARD_MAX_PARTITIONS)
        return NULL;
    return &next_offset[(size_t)ti * DK_DASHBOARD_MAX_PARTITIONS + (size_t)partition];
}

int64_t dk_board_position(const char *topic, int32_t partition)
{
    int64_t *n = next_offset ? next_of(topic, partition) : NULL;
    return n ? *n : -1;
}

/* A partition assigned is read from where this process left it, or from
 * the oldest message the broker keeps: the figures live in memory, the
 * group's committed offsets are for the broker's lag report only. */
static void rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                      rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    (void)opaque;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        for (int i = 0; i < parts->cnt; i++) {
            int64_t *n = next_of(parts->elems[i].topic, parts->elems[i].partition);
            parts->elems[i].offset = n && *n >= 0 ? *n : RD_KAFKA_OFFSET_BEGINNING;
        }
        dk_log(DK_LOG_INFO, "partitions_assigned", "%d partitions", parts->cnt);
        rd_kafka_assign(rk, parts);
    } else {
        rd_kafka_assign(rk, NULL);
    }
}

/* What every partition held at start (high watermarks): the rebuild is
 * done when each position reached it. */
typedef struct {
    int64_t *high; /* per topic index * DK_DASHBOARD_MAX_PARTITIONS */
    int64_t left;  /* messages still to read of those */
} start_marks;

static int read_marks(rd_kafka_t *rk, start_marks *m, int64_t *total)
{
    size_t nt = 0;
    while (dk_topics[nt].name)
        nt++;
    m->high = calloc(nt * DK_DASHBOARD_MAX_PARTITIONS, sizeof *m->high);
    if (!m->high)
        return -1;
    m->left = 0;
    for (size_t i = 0; i < nt; i++) {
        const dk_topic_def *t = &dk_topics[i];
        int64_t low[DK_DASHBOARD_MAX_PARTITIONS], high[DK_DASHBOARD_MAX_PARTITIONS];
        char err[256];
        if (t->partitions > DK_DASHBOARD_MAX_PARTITIONS ||
            dk_topic_watermarks(rk, t, low, high, 10000, err, sizeof err) != 0) {
            dk_log(DK_LOG_WARN, "watermarks_unknown", "%s", err);
            return -1;
        }
        for (int p = 0; p < t->partitions; p++) {
            m->high[i * DK_DASHBOARD_MAX_PARTITIONS + (size_t)p] = high[p];
            m->left += high[p] - low[p];
        }
    }
    *total = m->left;
    return 0;
}

static rd_kafka_t *consumer(dk_board *b)
{
    char err[512], session_ms[24], heartbeat_ms[24];
    long st = dk_config_int("DK_KAFKA_SESSION_TIMEOUT_MS");
    snprintf(session_ms, sizeof session_ms, "%ld", st);
    snprintf(heartbeat_ms, sizeof heartbeat_ms, "%ld", st / 3 > 100 ? st / 3 : 100);
    rd_kafka_conf_t *conf = dk_kafka_conf("dk-dashboard", err, sizeof err);
    if (!conf || dk_kafka_set(conf, "group.id", b->group, err, sizeof err) != 0 ||
        dk_kafka_set(conf, "enable.auto.commit", "true", err, sizeof err) != 0 ||
        dk_kafka_set(conf, "auto.offset.reset", "earliest", err, sizeof err) != 0 ||
        dk_kafka_set(conf, "session.timeout.ms", session_ms, err, sizeof err) != 0 ||
        dk_kafka_set(conf, "heartbeat.interval.ms", heartbeat_ms, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "kafka_config", "%s", err);
        if (conf)
            rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_rebalance_cb(conf, rebalance);
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, rerr, sizeof rerr);
    if (!rk) {
        dk_log(DK_LOG_ERROR, "kafka_unavailable", "%s", rerr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    size_t nt = 0;
    while (dk_topics[nt].name)
        nt++;
    rd_kafka_topic_partition_list_t *subs = rd_kafka_topic_partition_list_new((int)nt);
    for (size_t i = 0; i < nt; i++)
        rd_kafka_topic_partition_list_add(subs, dk_topics[i].name, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    if (e) {
        dk_log(DK_LOG_ERROR, "kafka_subscribe", "%s", rd_kafka_err2str(e));
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}

/* The consumer dk_board_open_consumer() made, for the thread. */
static rd_kafka_t *board_rk;

int dk_board_open_consumer(dk_board *b)
{
    size_t nt = 0;
    while (dk_topics[nt].name)
        nt++;
    next_offset = malloc(nt * DK_DASHBOARD_MAX_PARTITIONS * sizeof *next_offset);
    if (!next_offset) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "the consumer's positions");
        return -1;
    }
    for (size_t i = 0; i < nt * DK_DASHBOARD_MAX_PARTITIONS; i++)
        next_offset[i] = -1;
    board_rk = consumer(b);
    if (!board_rk) {
        free(next_offset);
        next_offset = NULL;
        return -1;
    }
    return 0;
}

void *dk_board_consume(void *arg)
{
    dk_board *b = arg;
    rd_kafka_t *rk = board_rk;
    dk_metrics_ready_check("broker", dk_kafka_ready, rk); /* removed before rk goes */
    start_marks marks = {0};
    int64_t first_ms = 0;
    int64_t total = 0;
    int have_marks = read_marks(rk, &marks, &total) == 0;
    pthread_mutex_lock(&b->lock);
    b->started_ms = dk_mono_ms();
    b->backlog_start = total;
    if (have_marks && total == 0)
        b->caught_up_ms = b->started_ms;
    pthread_mutex_unlock(&b->lock);
    while (!dk_board_stopping()) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        if (!m)
            continue;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                dk_log(DK_LOG_WARN, "kafka_error", "%s", rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            continue;
        }
        if (!first_ms)
            first_ms = dk_mono_ms(); /* the group joined, the partitions assigned */
        const char *topic = rd_kafka_topic_name(m->rkt);
        int64_t ts = rd_kafka_message_timestamp(m, NULL);
        int64_t *next = next_of(topic, m->partition);
        pthread_mutex_lock(&b->lock);
        if (next)
            *next = m->offset + 1;
        dk_dash_fold(b->dash, topic, m->partition, m->offset, ts, m->payload, m->len);
        b->consumed++;
        int ti = topic_index(topic);
        if (have_marks && !b->caught_up_ms && ti >= 0 && m->partition >= 0 &&
            m->partition < DK_DASHBOARD_MAX_PARTITIONS) {
            int64_t *h =
                &marks.high[(size_t)ti * DK_DASHBOARD_MAX_PARTITIONS + (size_t)m->partition];
            if (m->offset < *h) {
                marks.left -= 1;
                if (marks.left <= 0) {
                    b->caught_up_ms = dk_mono_ms();
                    int64_t ms = b->caught_up_ms - b->started_ms,
                            fold_ms = b->caught_up_ms - first_ms;
                    dk_logj(DK_LOG_INFO, "caught_up",
                            json_pack("{s:I, s:I, s:I, s:I}", "messages",
                                      (json_int_t)b->backlog_start, "ms", (json_int_t)ms,
                                      "from_first_ms", (json_int_t)fold_ms, "per_s",
                                      (json_int_t)(fold_ms > 0 ? b->backlog_start * 1000 / fold_ms
                                                               : b->backlog_start)));
                }
            }
        }
        pthread_mutex_unlock(&b->lock);
        rd_kafka_message_destroy(m);
    }
    free(marks.high);
    dk_metrics_ready_remove("broker");
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    pthread_mutex_lock(&b->lock);
    free(next_offset);
    next_offset = NULL;
    pthread_mutex_unlock(&b->lock);
    return NULL;
}
