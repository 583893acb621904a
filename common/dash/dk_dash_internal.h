/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_internal.h — the dashboard's state between the folding
 * (dk_dash_fold.c) and the reading (dk_dash_figures.c): one record per
 * application and per appointment found by id, bounded tables of names, the
 * minute ring and the last dead letters and alerts. */
#ifndef DK_DASH_INTERNAL_H
#define DK_DASH_INTERNAL_H

#include "dash/dk_dash.h"

#include <stddef.h>
#include <stdint.h>

/* An open-addressing table from a text id (at most 36 bytes) to an index
 * (dk_dash_ids.c). */
typedef struct {
    char (*keys)[37];
    uint32_t *vals; /* index + 1; 0 = empty */
    size_t cap, n;
} dash_ids;

/* The index of key, or -1; with add, a new entry gets index next (returned
 * with *added = 1). -2 when out of memory. */
long dk_dash_ids_find(dash_ids *t, const char *key, int add, uint32_t next, int *added);
void dk_dash_ids_free(dash_ids *t);

/* Stages reached, one bit each. */
enum {
    ST_REQUESTED = 1 << 0,
    ST_PROPOSED = 1 << 1,
    ST_RESERVED = 1 << 2,
    ST_ACTIVATED = 1 << 3,
    ST_EXPIRED = 1 << 4,
    ST_CANCELLED = 1 << 5,
};
/* Latest outcome. */
enum { OC_NONE, OC_APPROVED, OC_MISSING, OC_REJECTED, OC_NO_SHOW };
/* The promise. */
enum { PR_NONE, PR_NEAR, PR_PAST };

/* Topics are read in no set order between them (a proposal may be folded
 * before its request), and the services' clocks differ: waiting is counted,
 * not timed — each schedule.requested but a retry asks for one slot, each
 * proposal answers one. */
typedef struct {
    uint8_t reached, outcome, promise, ended; /* ended: not served */
    uint16_t asks, proposals;
    int64_t requested_ms, proposed_ms; /* first of each; 0: not known */
    /* the same by the broker's timestamps (one clock for every producer) */
    int64_t requested_bms, proposed_bms;
} dash_app;

/* An appointment: its interviewer (an index of interviewers; UINT32_MAX
 * not known yet), its day (days since 1970-01-01 in Brussels; INT32_MIN not
 * known yet) and what became of it (only forward: the enum's order). */
enum { AP_HELD, AP_RESERVED, AP_DONE, AP_ENDED };
typedef struct {
    uint32_t interviewer;
    int32_t day;
    uint8_t state;
} dash_appt;

/* A bounded table of counts by name: the first DASH_NAMES names get their
 * own row, later ones are summed as "other". */
#define DASH_NAMES 40
typedef struct {
    char name[DASH_NAMES][65];
    int64_t n[DASH_NAMES];
    size_t used;
    int64_t other;
} dash_names;
void dk_dash_names_add(dash_names *t, const char *name, int64_t by);
json_t *dk_dash_names_json(const dash_names *t);

/* The minute ring of the throughput: what happened in each of the last
 * DASH_MINUTES minutes, by the messages' own time. */
#define DASH_MINUTES 60
enum { TP_REQUESTED, TP_PROPOSED, TP_RESERVED, TP_OUTCOMES, TP_ACTIVATED, TP_MESSAGES, TP_N };
typedef struct {
    int64_t minute; /* minutes since the epoch; -1 empty */
    int64_t n[TP_N];
} dash_minute;

/* s cut to at most max bytes (never inside a UTF-8 sequence) into out
 * (max + 1 bytes). */
void dk_dash_clip(const char *s, size_t max, char *out);

#define DASH_LAST 20 /* dead letters and alerts kept to show */

/* Per topic of the table (dk_topics), in its order. */
#define DASH_TOPICS 32

struct dk_dash {
    int64_t broker_ms; /* the broker's timestamp of the message being folded */
    dash_ids app_ids, appt_ids, msg_ids, interviewer_ids;
    dash_app *apps;
    size_t napps, capps;
    dash_appt *appts;
    size_t nappts, cappts;
    char (*interviewers)[37];
    size_t ninterviewers, cinterviewers;
    int64_t *delays; /* request → first proposal, ms */
    size_t ndelays, cdelays;
    dash_minute minutes[DASH_MINUTES];
    dash_names doc_reasons, mail_templates, alert_kinds, timer_results, dead_by_topic,
        dead_by_group;
    int64_t docs_accepted, docs_rejected, mails_requested, mails_failed, dead_total, alerts_total;
    int64_t promise_alerted, promise_missed;
    json_t *dead_last;   /* array, newest last, at most DASH_LAST */
    json_t *alerts_last; /* same */
    int64_t skipped[DK_DASH_NO_MEMORY + 1];
    int64_t folded;
    int64_t topic_n[DASH_TOPICS], topic_first_offset[DASH_TOPICS], topic_oldest_ms[DASH_TOPICS];
};

#endif
