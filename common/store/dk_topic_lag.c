/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_topic_lag.c — watermarks, committed offsets and lag, from the broker
 * (dk_topic_lag.h). */
#include "store/dk_topic_lag.h"

#include "store/dk_kafka.h"

#include <stdio.h>

int dk_topic_watermarks(rd_kafka_t *rk, const dk_topic_def *t, int64_t *low, int64_t *high,
                        int timeout_ms, char *err, size_t errlen)
{
    for (int p = 0; p < t->partitions; p++) {
        rd_kafka_resp_err_t e =
            rd_kafka_query_watermark_offsets(rk, t->name, p, &low[p], &high[p], timeout_ms);
        if (e) {
            snprintf(err, errlen, "%s[%d]: %s", t->name, p, rd_kafka_err2str(e));
            return -1;
        }
    }
    return 0;
}

rd_kafka_t *dk_topic_group_handle(const char *client_id, const char *group, char *err,
                                  size_t errlen)
{
    rd_kafka_conf_t *conf = dk_kafka_conf(client_id, err, errlen);
    if (!conf)
        return NULL;
    if (dk_kafka_set(conf, "group.id", group, err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, rerr, sizeof rerr);
    if (!rk) {
        snprintf(err, errlen, "%s", rerr);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

int dk_topic_committed(rd_kafka_t *group_rk, const char *group, const dk_topic_def *t, int64_t *out,
                       int timeout_ms, char *err, size_t errlen)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(t->partitions);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int p = 0; p < t->partitions; p++)
        rd_kafka_topic_partition_list_add(l, t->name, p);
    rd_kafka_resp_err_t e = rd_kafka_committed(group_rk, l, timeout_ms);
    for (int p = 0; p < t->partitions && !e; p++)
        out[p] = l->elems[p].offset < 0 ? -1 : l->elems[p].offset;
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        snprintf(err, errlen, "group %s: %s", group, rd_kafka_err2str(e));
        return -1;
    }
    return 0;
}

int64_t dk_topic_lag_of(int64_t low, int64_t high, int64_t committed)
{
    int64_t at = committed < low ? low : committed;
    return high > at ? high - at : 0;
}
