/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_figures.c — the dashboard's state read out as JSON (dk_dash.h):
 * the funnel, the throughput of the last hour, the request-to-proposal
 * times, the promise, and the tables of counts. */
#include "dash/dk_dash_internal.h"

#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "store/dk_topics.h"

#include <stdlib.h>
#include <string.h>

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t dk_dash_percentile(int64_t *v, size_t n, int p)
{
    if (n == 0 || p <= 0)
        return 0;
    if (p > 100)
        p = 100;
    qsort(v, n, sizeof *v, cmp64);
    size_t rank = (n * (size_t)p + 99) / 100; /* nearest rank: ceil(p/100 * n) */
    return v[rank ? rank - 1 : 0];
}

json_t *dk_dash_funnel(const dk_dash *d)
{
    int64_t st[12] = {0};
    enum { REQ, PRO, RES, INT, APP, MIS, REJ, ACT, WAI, EXP, CAN, NOS };
    for (size_t i = 0; i < d->napps; i++) {
        const dash_app *a = &d->apps[i];
        st[REQ] += !!(a->reached & ST_REQUESTED);
        st[PRO] += !!(a->reached & ST_PROPOSED);
        st[RES] += !!(a->reached & ST_RESERVED);
        st[ACT] += !!(a->reached & ST_ACTIVATED);
        st[EXP] += !!(a->reached & ST_EXPIRED);
        st[CAN] += !!(a->reached & ST_CANCELLED);
        st[WAI] += !a->ended && a->asks > a->proposals;
        st[INT] +=
            a->outcome == OC_APPROVED || a->outcome == OC_MISSING || a->outcome == OC_REJECTED;
        st[APP] += a->outcome == OC_APPROVED;
        st[MIS] += a->outcome == OC_MISSING;
        st[REJ] += a->outcome == OC_REJECTED;
        st[NOS] += a->outcome == OC_NO_SHOW;
    }
    static const char *const names[] = {
        "requested", "proposed",  "reserved", "interviewed", "approved",  "missing_information",
        "rejected",  "activated", "waiting",  "expired",     "cancelled", "no_show"};
    json_t *stages = json_object();
    for (int i = 0; stages && i < 12; i++)
        json_object_set_new(stages, names[i], json_integer((json_int_t)st[i]));
    return json_pack("{s:o}", "stages", stages ? stages : json_object());
}

static json_t *throughput(const dk_dash *d, int64_t now_ms)
{
    static const char *const names[TP_N] = {"requested", "proposed",  "reserved",
                                            "outcomes",  "activated", "messages"};
    int64_t last = now_ms / 60000;
    json_t *minutes = json_array();
    for (int64_t m = last - DASH_MINUTES + 1; minutes && m <= last; m++) {
        const dash_minute *s = &d->minutes[((m % DASH_MINUTES) + DASH_MINUTES) % DASH_MINUTES];
        char at[32];
        dk_iso8601_utc(m * 60000, at);
        json_t *row = json_pack("{s:s}", "minute", at);
        for (int k = 0; row && k < TP_N; k++)
            json_object_set_new(row, names[k],
                                json_integer(s->minute == m ? (json_int_t)s->n[k] : 0));
        json_array_append_new(minutes, row);
    }
    return minutes;
}

static json_t *delays(const dk_dash *d)
{
    int64_t *v = d->ndelays ? malloc(d->ndelays * sizeof *v) : NULL;
    if (d->ndelays && !v)
        return NULL;
    if (v)
        memcpy(v, d->delays, d->ndelays * sizeof *v);
    json_t *o = json_pack("{s:I, s:I, s:I, s:I}", "count", (json_int_t)d->ndelays, "p50_s",
                          (json_int_t)(dk_dash_percentile(v, d->ndelays, 50) / 1000), "p90_s",
                          (json_int_t)(dk_dash_percentile(v, d->ndelays, 90) / 1000), "max_s",
                          (json_int_t)(dk_dash_percentile(v, d->ndelays, 100) / 1000));
    free(v);
    return o;
}

static json_t *promise(const dk_dash *d)
{
    int64_t near = 0, past = 0;
    for (size_t i = 0; i < d->napps; i++) {
        const dash_app *a = &d->apps[i];
        if (a->reached & ST_PROPOSED)
            continue;
        near += a->promise == PR_NEAR;
        past += a->promise == PR_PAST;
    }
    return json_pack("{s:I, s:I, s:I, s:I}", "near_now", (json_int_t)near, "past", (json_int_t)past,
                     "alerted_total", (json_int_t)d->promise_alerted, "missed_total",
                     (json_int_t)d->promise_missed);
}

/* Live and finished appointments per interviewer and day, from yesterday
 * on, at most 60 rows, by day then interviewer. */
static json_t *slots(const dk_dash *d, int64_t now_ms)
{
    dk_date today;
    int minute;
    dk_brussels_local(now_ms, &today, &minute);
    int32_t from = (int32_t)dk_date_to_days(today) - 1;
    typedef struct {
        int32_t day;
        uint32_t who;
        int64_t n[4];
    } row;
    row *rows = NULL;
    size_t nrows = 0;
    for (size_t i = 0; i < d->nappts; i++) {
        const dash_appt *p = &d->appts[i];
        if (p->day == INT32_MIN || p->day < from)
            continue; /* its proposal not read yet, or past */
        size_t j = 0;
        while (j < nrows && (rows[j].day != p->day || rows[j].who != p->interviewer))
            j++;
        if (j == nrows) {
            if (nrows == 400)
                continue;
            row *g = realloc(rows, (nrows + 1) * sizeof *rows);
            if (!g)
                break;
            rows = g;
            memset(&rows[nrows], 0, sizeof *rows);
            rows[nrows].day = p->day;
            rows[nrows++].who = p->interviewer;
        }
        rows[j].n[p->state]++;
    }
    for (size_t i = 1; i < nrows; i++) /* by day, then interviewer id */
        for (size_t j = i; j > 0; j--) {
            row *a = &rows[j - 1], *b = &rows[j];
            int c = a->day != b->day ? (a->day < b->day ? -1 : 1)
                                     : strcmp(d->interviewers[a->who], d->interviewers[b->who]);
            if (c <= 0)
                break;
            row t = *a;
            *a = *b;
            *b = t;
        }
    json_t *out = json_array();
    for (size_t i = 0; out && i < nrows && i < 60; i++) {
        char day[11];
        dk_date_format(dk_date_from_days(rows[i].day), day);
        json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "day", day,
                                             "interviewer", d->interviewers[rows[i].who], "held",
                                             (json_int_t)rows[i].n[AP_HELD], "reserved",
                                             (json_int_t)rows[i].n[AP_RESERVED], "done",
                                             (json_int_t)rows[i].n[AP_DONE], "freed",
                                             (json_int_t)rows[i].n[AP_ENDED]));
    }
    free(rows);
    return out;
}

static json_t *messages(const dk_dash *d, int64_t *oldest)
{
    json_t *topics = json_array();
    *oldest = 0;
    for (int i = 0; topics && dk_topics[i].name && i < DASH_TOPICS; i++) {
        json_t *t = json_pack("{s:s, s:I, s:I}", "topic", dk_topics[i].name, "folded",
                              (json_int_t)d->topic_n[i], "retention_ms",
                              (json_int_t)dk_topics[i].retention_ms);
        if (t && d->topic_n[i] > 0) {
            char at[32];
            dk_iso8601_utc(d->topic_oldest_ms[i], at);
            json_object_set_new(t, "oldest", json_string(at));
            json_object_set_new(t, "first_offset", json_integer(d->topic_first_offset[i]));
            if (!*oldest || d->topic_oldest_ms[i] < *oldest)
                *oldest = d->topic_oldest_ms[i];
        }
        json_array_append_new(topics, t);
    }
    return json_pack("{s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:o}", "folded", (json_int_t)d->folded,
                     "skipped", "malformed", (json_int_t)d->skipped[DK_DASH_MALFORMED],
                     "unknown_type", (json_int_t)d->skipped[DK_DASH_UNKNOWN_TYPE], "invalid",
                     (json_int_t)d->skipped[DK_DASH_INVALID], "duplicate",
                     (json_int_t)d->skipped[DK_DASH_DUPLICATE], "no_memory",
                     (json_int_t)d->skipped[DK_DASH_NO_MEMORY], "topics",
                     topics ? topics : json_array());
}

json_t *dk_dash_figures(const dk_dash *d, int64_t now_ms)
{
    json_t *out = dk_dash_funnel(d);
    if (!out)
        return NULL;
    int64_t oldest;
    json_object_set_new(out, "messages", messages(d, &oldest));
    if (oldest) {
        char at[32];
        dk_iso8601_utc(oldest, at);
        json_object_set_new(out, "since", json_string(at));
    } else {
        json_object_set_new(out, "since", json_null());
    }
    json_object_set_new(out, "throughput", throughput(d, now_ms));
    json_object_set_new(out, "request_to_proposal", delays(d));
    json_object_set_new(out, "promise", promise(d));
    json_object_set_new(out, "document_rejections",
                        json_pack("{s:I, s:I, s:o}", "accepted", (json_int_t)d->docs_accepted,
                                  "rejected", (json_int_t)d->docs_rejected, "reasons",
                                  dk_dash_names_json(&d->doc_reasons)));
    json_object_set_new(out, "mail",
                        json_pack("{s:I, s:I, s:o}", "requested", (json_int_t)d->mails_requested,
                                  "failed", (json_int_t)d->mails_failed, "templates",
                                  dk_dash_names_json(&d->mail_templates)));
    json_object_set_new(out, "dead_letters",
                        json_pack("{s:I, s:o, s:o, s:o}", "total", (json_int_t)d->dead_total,
                                  "by_topic", dk_dash_names_json(&d->dead_by_topic), "by_group",
                                  dk_dash_names_json(&d->dead_by_group), "last",
                                  json_deep_copy(d->dead_last)));
    json_object_set_new(out, "alerts",
                        json_pack("{s:I, s:o, s:o, s:o}", "total", (json_int_t)d->alerts_total,
                                  "by_kind", dk_dash_names_json(&d->alert_kinds), "last",
                                  json_deep_copy(d->alerts_last), "timers",
                                  dk_dash_names_json(&d->timer_results)));
    json_object_set_new(out, "slots", slots(d, now_ms));
    return out;
}
