/* SPDX-License-Identifier: EUPL-1.2 */
/* lag.c — the lag thread: every DK_DASHBOARD_LAG_MS it asks the broker, as
 * `dk topics` does (store/dk_topic_lag.h), for each topic's watermarks and
 * the committed offsets of every group that reads it (the table's groups),
 * the dashboard's own position beside them (asking the broker for its own
 * group through a second handle of that group cost it its session on the
 * embedded broker), and keeps the reading per group and partition. */
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "dashboard.h"
#include "store/dk_kafka.h"
#include "store/dk_topic_lag.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAG_TIMEOUT_MS 5000
#define MAX_GROUPS 16

/* One handle per group, made on first use and kept. */
typedef struct {
    char name[64];
    rd_kafka_t *rk;
} group_handle;

static rd_kafka_t *handle_of(group_handle *g, size_t *n, const char *name, char *err, size_t errlen)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(g[i].name, name))
            return g[i].rk;
    if (*n == MAX_GROUPS || strlen(name) >= sizeof g[0].name) {
        snprintf(err, errlen, "too many groups");
        return NULL;
    }
    rd_kafka_t *rk = dk_topic_group_handle("dk-dashboard-lag", name, err, errlen);
    if (rk) {
        snprintf(g[*n].name, sizeof g[*n].name, "%s", name);
        g[(*n)++].rk = rk;
    }
    return rk;
}

/* The rows of one group on one topic, appended to rows. */
static int group_rows(rd_kafka_t *grk, const char *group, const dk_topic_def *t, const int64_t *low,
                      const int64_t *high, json_t *rows, char *err, size_t errlen)
{
    int64_t pos[DK_DASHBOARD_MAX_PARTITIONS];
    if (dk_topic_committed(grk, group, t, pos, LAG_TIMEOUT_MS, err, errlen) != 0)
        return -1;
    for (int p = 0; p < t->partitions; p++)
        json_array_append_new(rows,
                              json_pack("{s:s, s:s, s:i, s:I, s:I, s:I}", "group", group, "topic",
                                        t->name, "partition", p, "committed", (json_int_t)pos[p],
                                        "end", (json_int_t)high[p], "lag",
                                        (json_int_t)dk_topic_lag_of(low[p], high[p], pos[p])));
    return 0;
}

/* The dashboard's own rows: its positions against the same watermarks. */
static void own_rows(dk_board *b, const dk_topic_def *t, const int64_t *low, const int64_t *high,
                     json_t *rows)
{
    pthread_mutex_lock(&b->lock);
    for (int p = 0; p < t->partitions; p++) {
        int64_t pos = dk_board_position(t->name, p);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:I, s:I, s:I}", "group", b->group,
                                              "topic", t->name, "partition", p, "committed",
                                              (json_int_t)pos, "end", (json_int_t)high[p], "lag",
                                              (json_int_t)dk_topic_lag_of(low[p], high[p], pos)));
    }
    pthread_mutex_unlock(&b->lock);
}

static json_t *read_lag(rd_kafka_t *rk, group_handle *g, size_t *ng, dk_board *b, char *err,
                        size_t errlen)
{
    json_t *rows = json_array();
    for (const dk_topic_def *t = dk_topics; rows && t->name; t++) {
        int64_t low[DK_DASHBOARD_MAX_PARTITIONS], high[DK_DASHBOARD_MAX_PARTITIONS];
        if (t->partitions > DK_DASHBOARD_MAX_PARTITIONS ||
            dk_topic_watermarks(rk, t, low, high, LAG_TIMEOUT_MS, err, errlen) != 0)
            goto fail;
        char groups[512];
        snprintf(groups, sizeof groups, "%s", t->groups);
        char *save = NULL;
        for (char *name = strtok_r(groups, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
            rd_kafka_t *grk = handle_of(g, ng, name, err, errlen);
            if (!grk || group_rows(grk, name, t, low, high, rows, err, errlen) != 0)
                goto fail;
        }
        own_rows(b, t, low, high, rows);
    }
    return rows;
fail:
    json_decref(rows);
    return NULL;
}

void *dk_board_lag(void *arg)
{
    dk_board *b = arg;
    char err[512];
    rd_kafka_conf_t *conf = dk_kafka_conf("dk-dashboard-lag", err, sizeof err);
    char rerr[256];
    rd_kafka_t *rk = conf ? rd_kafka_new(RD_KAFKA_PRODUCER, conf, rerr, sizeof rerr) : NULL;
    if (!rk) {
        if (conf)
            rd_kafka_conf_destroy(conf);
        dk_log(DK_LOG_ERROR, "kafka_unavailable", "the lag reader: %s", conf ? rerr : err);
        return NULL;
    }
    group_handle g[MAX_GROUPS];
    size_t ng = 0;
    while (!dk_board_stopping()) {
        err[0] = '\0';
        json_t *rows = read_lag(rk, g, &ng, b, err, sizeof err);
        char at[32];
        dk_iso8601_utc(dk_now_ms(), at);
        pthread_mutex_lock(&b->lock);
        if (rows) {
            json_decref(b->lag);
            b->lag = rows;
            snprintf(b->lag_at, sizeof b->lag_at, "%s", at);
            b->lag_err[0] = '\0';
        } else {
            snprintf(b->lag_err, sizeof b->lag_err, "%.200s", err);
        }
        pthread_mutex_unlock(&b->lock);
        if (!rows)
            dk_log(DK_LOG_WARN, "lag_unknown", "%s", err);
        for (int waited = 0; waited < b->lag_ms && !dk_board_stopping(); waited += 100)
            nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
    }
    for (size_t i = 0; i < ng; i++)
        rd_kafka_destroy(g[i].rk);
    rd_kafka_destroy(rk);
    return NULL;
}
