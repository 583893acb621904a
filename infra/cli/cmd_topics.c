/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_topics.c — `dk topics [--json]`: for each topic of schemas/topics.tsv, its
 * partitions and messages (high − low watermark), and for each consumer group
 * that reads it, the committed position and the lag (messages not yet
 * handled). Reads the broker as any Kafka client would. */
#include "core/dk_config.h"
#include "dk.h"
#include "store/dk_kafka.h"
#include "store/dk_topics.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 5000

/* The committed offsets of `group` for every partition of `t`. */
static int committed(const char *group, const dk_topic_def *t, int64_t *out, char *err,
                     size_t errlen)
{
    rd_kafka_conf_t *conf = dk_kafka_conf("dk-cli", err, errlen);
    if (!conf || dk_kafka_set(conf, "group.id", group, err, errlen) != 0)
        return -1;
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, rerr, sizeof rerr);
    if (!rk) {
        snprintf(err, errlen, "%s", rerr);
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(t->partitions);
    for (int p = 0; p < t->partitions; p++)
        rd_kafka_topic_partition_list_add(l, t->name, p);
    rd_kafka_resp_err_t e = rd_kafka_committed(rk, l, TIMEOUT_MS);
    for (int p = 0; p < t->partitions && !e; p++)
        out[p] = l->elems[p].offset; /* RD_KAFKA_OFFSET_INVALID (-1001) when none */
    rd_kafka_topic_partition_list_destroy(l);
    rd_kafka_destroy(rk);
    if (e) {
        snprintf(err, errlen, "group %s: %s", group, rd_kafka_err2str(e));
        return -1;
    }
    return 0;
}

int dk_cmd_topics(int argc, char **argv)
{
    int as_json = argc == 2 && strcmp(argv[1], "--json") == 0;
    if (argc > 2 || (argc == 2 && !as_json)) {
        fprintf(stderr, "usage: dk topics [--json]\n");
        return 2;
    }
    char err[512];
    rd_kafka_conf_t *conf = dk_kafka_conf("dk-cli", err, sizeof err);
    if (!conf) {
        fprintf(stderr, "dk topics: %s\n", err);
        return 1;
    }
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, rerr, sizeof rerr);
    if (!rk) {
        fprintf(stderr, "dk topics: %s\n", rerr);
        return 1;
    }
    int rc = 0;
    json_t *all = json_array();
    for (const dk_topic_def *t = dk_topics; t->name; t++) {
        int64_t *low = calloc((size_t)t->partitions, sizeof *low);
        int64_t *high = calloc((size_t)t->partitions, sizeof *high);
        int64_t messages = 0, log_end = 0;
        for (int p = 0; p < t->partitions; p++) {
            rd_kafka_resp_err_t e =
                rd_kafka_query_watermark_offsets(rk, t->name, p, &low[p], &high[p], TIMEOUT_MS);
            if (e) {
                fprintf(stderr, "dk topics: %s[%d]: %s (is the broker at %s up?)\n", t->name, p,
                        rd_kafka_err2str(e), dk_config_str("DK_KAFKA_BROKERS"));
                rc = 1;
                free(low);
                free(high);
                goto done;
            }
            messages += high[p] - low[p];
            log_end += high[p];
        }
        json_t *groups = json_array();
        char *glist = strdup(t->groups);
        char *save = NULL;
        for (char *g = strtok_r(glist, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
            int64_t *pos = calloc((size_t)t->partitions, sizeof *pos);
            if (committed(g, t, pos, err, sizeof err) != 0) {
                fprintf(stderr, "dk topics: %s\n", err);
                rc = 1;
            } else {
                int64_t lag = 0, done_n = 0;
                for (int p = 0; p < t->partitions; p++) {
                    int64_t at = pos[p] < 0 ? low[p] : pos[p];
                    lag += high[p] - at;
                    done_n += at;
                }
                json_array_append_new(groups,
                                      json_pack("{s:s, s:I, s:I}", "group", g, "committed",
                                                (json_int_t)done_n, "lag", (json_int_t)lag));
            }
            free(pos);
        }
        free(glist);
        json_array_append_new(all, json_pack("{s:s, s:i, s:I, s:I, s:I, s:o}", "topic", t->name,
                                             "partitions", t->partitions, "messages",
                                             (json_int_t)messages, "log_end", (json_int_t)log_end,
                                             "retention_ms", (json_int_t)t->retention_ms, "groups",
                                             groups));
        free(low);
        free(high);
    }
    if (as_json) {
        char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
    } else {
        printf("%-28s %10s %10s   %s\n", "TOPIC", "PARTITIONS", "MESSAGES", "GROUP (LAG)");
        size_t i;
        json_t *t;
        json_array_foreach(all, i, t)
        {
            printf("%-28s %10d %10lld   ", json_string_value(json_object_get(t, "topic")),
                   (int)json_integer_value(json_object_get(t, "partitions")),
                   (long long)json_integer_value(json_object_get(t, "messages")));
            size_t j;
            json_t *g;
            json_t *gs = json_object_get(t, "groups");
            if (json_array_size(gs) == 0)
                printf("-");
            json_array_foreach(gs, j, g)
            {
                printf("%s%s (lag %lld)", j ? ", " : "",
                       json_string_value(json_object_get(g, "group")),
                       (long long)json_integer_value(json_object_get(g, "lag")));
            }
            printf("\n");
        }
    }
done:
    json_decref(all);
    rd_kafka_destroy(rk);
    return rc;
}
