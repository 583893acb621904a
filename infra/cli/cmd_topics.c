/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_topics.c — `dk topics [--json]`: for each topic of schemas/topics.tsv, its
 * partitions and messages (high − low watermark), and for each consumer group
 * that reads it, the committed position and the lag (messages not yet
 * handled). Reads the broker as any Kafka client would. */
#include "core/dk_config.h"
#include "dk.h"
#include "store/dk_kafka.h"
#include "store/dk_topic_lag.h"
#include "store/dk_topics.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 5000

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
        if (dk_topic_watermarks(rk, t, low, high, TIMEOUT_MS, err, sizeof err) != 0) {
            fprintf(stderr, "dk topics: %s (is the broker at %s up?)\n", err,
                    dk_config_str("DK_KAFKA_BROKERS"));
            rc = 1;
            free(low);
            free(high);
            goto done;
        }
        for (int p = 0; p < t->partitions; p++) {
            messages += high[p] - low[p];
            log_end += high[p];
        }
        json_t *groups = json_array();
        char *glist = strdup(t->groups);
        char *save = NULL;
        for (char *g = strtok_r(glist, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
            int64_t *pos = calloc((size_t)t->partitions, sizeof *pos);
            rd_kafka_t *grk = dk_topic_group_handle("dk-cli", g, err, sizeof err);
            if (!grk || dk_topic_committed(grk, g, t, pos, TIMEOUT_MS, err, sizeof err) != 0) {
                fprintf(stderr, "dk topics: %s\n", err);
                rc = 1;
            } else {
                int64_t lag = 0, done_n = 0;
                for (int p = 0; p < t->partitions; p++) {
                    lag += dk_topic_lag_of(low[p], high[p], pos[p]);
                    done_n += pos[p] < 0 ? low[p] : pos[p];
                }
                json_array_append_new(groups,
                                      json_pack("{s:s, s:I, s:I}", "group", g, "committed",
                                                (json_int_t)done_n, "lag", (json_int_t)lag));
            }
            if (grk)
                rd_kafka_destroy(grk);
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
