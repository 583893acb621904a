/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_topics.h — the topic table generated from schemas/topics.tsv, and the
 * names code refers to. A test checks that every name below is in the table. */
#ifndef DK_TOPICS_H
#define DK_TOPICS_H

typedef struct {
    const char *name;
    int partitions;
    long long retention_ms;
    const char *groups;  /* consumer groups reading it, comma-separated */
    const char *schemas; /* message types it carries, comma-separated */
    const char *description;
} dk_topic_def;

/* Terminated by an entry whose name is NULL. */
extern const dk_topic_def dk_topics[];

#define DK_TOPIC_APPLICATIONS "dk.applications.submitted"
#define DK_TOPIC_MAIL_JOBS "dk.mail.jobs"
#define DK_TOPIC_DEADLETTER "dk.deadletter"
#define DK_TOPIC_DOCS_UPLOADED "dk.documents.uploaded"
#define DK_TOPIC_DOCS_VALIDATED "dk.documents.validated"
#define DK_TOPIC_SCHEDULE "dk.schedule"
#define DK_TOPIC_APPOINTMENTS "dk.appointments"
#define DK_TOPIC_TIMERS_FIRED "dk.timers.fired"
#define DK_TOPIC_ALERTS "dk.alerts"

/* The definition of a topic, or NULL. */
const dk_topic_def *dk_topic_find(const char *name);

#endif
