/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_topic_lag.h — how far each consumer group is behind on a topic, asked
 * of the broker as any Kafka client would: the partitions' watermarks and the
 * group's committed offsets (OffsetFetch). One reading for `dk topics` and
 * for the dashboard, so that both say the same. */
#ifndef DK_TOPIC_LAG_H
#define DK_TOPIC_LAG_H

#include "store/dk_topics.h"

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

/* The low and high watermarks of every partition of t (arrays of
 * t->partitions) through any handle rk. Returns 0, or -1 with err naming
 * the partition that did not answer. */
int dk_topic_watermarks(rd_kafka_t *rk, const dk_topic_def *t, int64_t *low, int64_t *high,
                        int timeout_ms, char *err, size_t errlen);

/* A consumer handle that only asks for group's committed offsets (it never
 * subscribes, so the group's members are not disturbed). NULL with err. */
rd_kafka_t *dk_topic_group_handle(const char *client_id, const char *group, char *err,
                                  size_t errlen);

/* The committed offset of group_rk's group on every partition of t (array
 * of t->partitions); -1 where the group has none. Returns 0, or -1 with err. */
int dk_topic_committed(rd_kafka_t *group_rk, const char *group, const dk_topic_def *t, int64_t *out,
                       int timeout_ms, char *err, size_t errlen);

/* Messages of a partition the group has not handled: high − committed, or
 * high − low when it committed nothing (or a position retention removed). */
int64_t dk_topic_lag_of(int64_t low, int64_t high, int64_t committed);

#endif
