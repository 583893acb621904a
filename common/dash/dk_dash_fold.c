/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_fold.c — one message into the dashboard's state (dk_dash.h says
 * what each type does to the funnel). Everything read from a message is
 * checked for its type and length before use: a topic may hold anything. */
#include "dash/dk_dash_internal.h"

#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "store/dk_envelope.h"
#include "store/dk_topics.h"

#include <stdlib.h>
#include <string.h>

dk_dash *dk_dash_new(void)
{
    dk_dash *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->dead_last = json_array();
    d->alerts_last = json_array();
    if (!d->dead_last || !d->alerts_last) {
        dk_dash_free(d);
        return NULL;
    }
    for (size_t i = 0; i < DASH_MINUTES; i++)
        d->minutes[i].minute = -1;
    for (size_t i = 0; i < DASH_TOPICS; i++)
        d->topic_first_offset[i] = -1;
    return d;
}

void dk_dash_free(dk_dash *d)
{
    if (!d)
        return;
    dk_dash_ids_free(&d->app_ids);
    dk_dash_ids_free(&d->appt_ids);
    dk_dash_ids_free(&d->msg_ids);
    dk_dash_ids_free(&d->interviewer_ids);
    free(d->apps);
    free(d->appts);
    free(d->interviewers);
    free(d->delays);
    json_decref(d->dead_last);
    json_decref(d->alerts_last);
    free(d);
}

/* Room for one more element of size sz in *arr (count n, capacity *cap). */
static int reserve(void **arr, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *p = realloc(*arr, c * sz);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* A string member of at most max bytes, else NULL. */
static const char *str(const json_t *o, const char *key, size_t max)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s && strlen(s) <= max ? s : NULL;
}

/* The record of application id (created), or NULL (bad id: -1 in *rc;
 * no memory: -2). */
static dash_app *app_of(dk_dash *d, const char *id, int *rc)
{
    int added;
    if (!id || strlen(id) != 36) {
        *rc = -1;
        return NULL;
    }
    if (reserve((void **)&d->apps, d->napps, &d->capps, sizeof *d->apps) != 0) {
        *rc = -2;
        return NULL;
    }
    long i = dk_dash_ids_find(&d->app_ids, id, 1, (uint32_t)d->napps, &added);
    if (i < 0) {
        *rc = (int)i;
        return NULL;
    }
    if (added)
        memset(&d->apps[d->napps++], 0, sizeof *d->apps);
    return &d->apps[i];
}

static long interviewer_of(dk_dash *d, const char *id)
{
    int added;
    if (!id || strlen(id) > 36 ||
        reserve((void **)&d->interviewers, d->ninterviewers, &d->cinterviewers,
                sizeof *d->interviewers) != 0)
        return -1;
    long i = dk_dash_ids_find(&d->interviewer_ids, id, 1, (uint32_t)d->ninterviewers, &added);
    if (i >= 0 && added)
        strcpy(d->interviewers[d->ninterviewers++], id);
    return i;
}

/* The appointment record of id (created; NULL for a bad id or no memory),
 * its interviewer and day filled from the first message that has them: an
 * outcome may be read before the proposal (another topic). */
static dash_appt *appt_of(dk_dash *d, const char *id, const char *interviewer, const char *start)
{
    int added;
    if (!id || !*id || strlen(id) > 36 ||
        reserve((void **)&d->appts, d->nappts, &d->cappts, sizeof *d->appts) != 0)
        return NULL;
    long i = dk_dash_ids_find(&d->appt_ids, id, 1, (uint32_t)d->nappts, &added);
    if (i < 0)
        return NULL;
    dash_appt *a = &d->appts[i];
    if (added) {
        d->nappts++;
        a->interviewer = UINT32_MAX;
        a->day = INT32_MIN;
        a->state = AP_HELD;
    }
    int64_t start_ms;
    if (a->day == INT32_MIN && interviewer && start && dk_iso8601_parse(start, &start_ms) == 0) {
        long who = interviewer_of(d, interviewer);
        if (who >= 0) {
            dk_date day;
            int minute;
            dk_brussels_local(start_ms, &day, &minute);
            a->interviewer = (uint32_t)who;
            a->day = (int32_t)dk_date_to_days(day);
        }
    }
    return a;
}

/* An appointment only moves forward: held < reserved < over (done, or
 * freed), whatever order its messages are read in. */
static void appt_to(dash_appt *a, uint8_t state)
{
    if (a && state > a->state)
        a->state = state;
}

static void tick(dk_dash *d, int64_t at_ms, int what)
{
    int64_t minute = at_ms / 60000;
    if (at_ms < 0)
        return;
    dash_minute *m = &d->minutes[minute % DASH_MINUTES];
    if (m->minute > minute)
        return; /* older than the ring holds */
    if (m->minute < minute) {
        memset(m, 0, sizeof *m);
        m->minute = minute;
    }
    m->n[what]++;
}

/* Request → first proposal, once both are known: by the broker's
 * timestamps when both have one (the services' clocks may differ), else by
 * the envelopes' times. */
static void delay(dk_dash *d, const dash_app *a)
{
    int64_t from = a->requested_ms, to = a->proposed_ms;
    if (a->requested_bms > 0 && a->proposed_bms > 0)
        from = a->requested_bms, to = a->proposed_bms;
    if (from > 0 && to >= from &&
        reserve((void **)&d->delays, d->ndelays, &d->cdelays, sizeof *d->delays) == 0)
        d->delays[d->ndelays++] = to - from;
}

static dk_dash_result fold_submitted(dk_dash *d, const dk_envelope *e, int64_t at)
{
    int rc = 0;
    dash_app *a = app_of(d, e->application_id, &rc);
    if (!a)
        return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
    int64_t t;
    const char *sub = str(e->data, "submitted_at", 64);
    if (!(a->reached & ST_REQUESTED)) {
        a->requested_ms = sub && dk_iso8601_parse(sub, &t) == 0 ? t : at;
        a->requested_bms = d->broker_ms;
        tick(d, a->requested_ms, TP_REQUESTED);
        if (a->reached & ST_PROPOSED) /* its proposal came first */
            delay(d, a);
    }
    a->reached |= ST_REQUESTED;
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_schedule(dk_dash *d, const dk_envelope *e)
{
    int rc = 0;
    dash_app *a = app_of(d, e->application_id, &rc);
    if (!a)
        return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
    const char *reason = str(e->data, "reason", 32);
    if (!reason)
        return DK_DASH_INVALID;
    if (strcmp(reason, "retry") != 0 && a->asks < UINT16_MAX)
        a->asks++; /* a retry asks again for an application already waiting */
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_changed(dk_dash *d, const dk_envelope *e, int64_t at)
{
    const char *change = str(e->data, "change", 32), *appt = str(e->data, "appointment_id", 36);
    int rc = 0;
    if (!change || !appt)
        return DK_DASH_INVALID;
    static const char *const known[] = {"proposed", "accepted",  "document_rejected",
                                        "reserved", "replaced",  "cancelled",
                                        "expired",  "withdrawn", NULL};
    int k = 0;
    while (known[k] && strcmp(known[k], change) != 0)
        k++;
    if (!known[k])
        return DK_DASH_INVALID;
    dash_app *a = app_of(d, e->application_id, &rc);
    if (!a)
        return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
    dash_appt *p = appt_of(d, appt, str(e->data, "interviewer_id", 36), str(e->data, "start", 64));
    if (!strcmp(change, "proposed")) {
        if (a->proposals < UINT16_MAX)
            a->proposals++;
        if (!(a->reached & ST_PROPOSED)) {
            a->proposed_ms = at;
            a->proposed_bms = d->broker_ms;
            tick(d, at, TP_PROPOSED);
            a->reached |= ST_PROPOSED;
            delay(d, a);
        }
        a->reached |= ST_PROPOSED;
    } else if (!strcmp(change, "reserved")) {
        if (!(a->reached & ST_RESERVED))
            tick(d, at, TP_RESERVED);
        a->reached |= ST_RESERVED;
        appt_to(p, AP_RESERVED);
    } else if (!strcmp(change, "replaced") || !strcmp(change, "withdrawn") ||
               !strcmp(change, "cancelled") || !strcmp(change, "expired")) {
        if (!strcmp(change, "cancelled"))
            a->reached |= ST_CANCELLED;
        if (!strcmp(change, "expired"))
            a->reached |= ST_EXPIRED;
        appt_to(p, AP_ENDED);
    }
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_outcome(dk_dash *d, const dk_envelope *e, int64_t at)
{
    static const char *const names[] = {"",         "approved", "missing_information",
                                        "rejected", "no_show",  NULL};
    const char *o = str(e->data, "outcome", 32);
    int k = 1;
    while (o && names[k] && strcmp(names[k], o) != 0)
        k++;
    if (!o || !names[k])
        return DK_DASH_INVALID;
    int rc = 0;
    dash_app *a = app_of(d, e->application_id, &rc);
    if (!a)
        return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
    a->outcome = (uint8_t)k;
    appt_to(appt_of(d, str(e->data, "appointment_id", 36), NULL, NULL), AP_DONE);
    tick(d, at, TP_OUTCOMES);
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_key(dk_dash *d, const dk_envelope *e, int64_t at)
{
    int rc = 0;
    dash_app *a = app_of(d, e->application_id, &rc);
    if (!a)
        return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
    if (!(a->reached & ST_ACTIVATED))
        tick(d, at, TP_ACTIVATED);
    a->reached |= ST_ACTIVATED;
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_timer(dk_dash *d, const dk_envelope *e)
{
    const char *kind = str(e->data, "kind", 32), *result = str(e->data, "result", 200);
    if (!kind || !result)
        return DK_DASH_INVALID;
    char name[65];
    snprintf(name, sizeof name, "%s: %.*s", kind, 30, result);
    dk_dash_names_add(&d->timer_results, name, 1);
    int alert = !strcmp(kind, "promise_alert"), missed = !strcmp(kind, "promise");
    if ((alert && !strcmp(result, "alerted")) || (missed && !strcmp(result, "not_served"))) {
        int rc = 0;
        dash_app *a = app_of(d, e->application_id, &rc);
        if (!a)
            return rc == -2 ? DK_DASH_NO_MEMORY : DK_DASH_INVALID;
        if (alert && a->promise == PR_NONE) {
            a->promise = PR_NEAR;
            d->promise_alerted++;
        } else if (missed && a->promise != PR_PAST) {
            a->promise = PR_PAST;
            a->ended = 1; /* the application ended: not served */
            d->promise_missed++;
        }
    }
    return DK_DASH_FOLDED;
}

/* Appends item (stolen) to a list kept at its last DASH_LAST. */
static void keep_last(json_t *list, json_t *item)
{
    if (!item)
        return;
    json_array_append_new(list, item);
    while (json_array_size(list) > DASH_LAST)
        json_array_remove(list, 0);
}

static dk_dash_result fold_alert(dk_dash *d, const dk_envelope *e)
{
    const char *alert = str(e->data, "alert", 64), *severity = str(e->data, "severity", 16);
    if (!alert || !severity)
        return DK_DASH_INVALID;
    d->alerts_total++;
    dk_dash_names_add(&d->alert_kinds, alert, 1);
    const char *text = json_string_value(json_object_get(e->data, "text"));
    char clipped[304];
    dk_dash_clip(text ? text : "", 300, clipped);
    keep_last(d->alerts_last, json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "alert", alert, "severity",
                                        severity, "time", str(e->root, "time", 64), "since",
                                        str(e->data, "since", 64), "text", clipped));
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_validated(dk_dash *d, const dk_envelope *e)
{
    const char *verdict = str(e->data, "verdict", 16);
    if (!verdict || (strcmp(verdict, "accepted") && strcmp(verdict, "rejected")))
        return DK_DASH_INVALID;
    if (!strcmp(verdict, "accepted")) {
        d->docs_accepted++;
        return DK_DASH_FOLDED;
    }
    d->docs_rejected++;
    json_t *reasons = json_object_get(e->data, "reasons"), *r;
    size_t i;
    if (json_array_size(reasons) == 0)
        dk_dash_names_add(&d->doc_reasons, "unspecified", 1);
    json_array_foreach(reasons, i, r)
    {
        if (i >= 16)
            break;
        /* a reason is a code, or an object with one */
        const char *code = json_is_object(r) ? str(r, "code", 64) : json_string_value(r);
        dk_dash_names_add(&d->doc_reasons, code, 1);
    }
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_mail(dk_dash *d, const dk_envelope *e)
{
    const char *template = str(e->data, "template", 64);
    if (!template)
        return DK_DASH_INVALID;
    d->mails_requested++;
    dk_dash_names_add(&d->mail_templates, template, 1);
    return DK_DASH_FOLDED;
}

static dk_dash_result fold_deadletter(dk_dash *d, const dk_envelope *e)
{
    json_t *view = dk_dash_deadletter_view(e->data);
    if (!view)
        return DK_DASH_INVALID;
    d->dead_total++;
    if (!strcmp(json_string_value(json_object_get(view, "topic")), DK_TOPIC_MAIL_JOBS))
        d->mails_failed++;
    dk_dash_names_add(&d->dead_by_topic, json_string_value(json_object_get(view, "topic")), 1);
    dk_dash_names_add(&d->dead_by_group, json_string_value(json_object_get(view, "group")), 1);
    const char *time = str(e->root, "time", 64);
    if (time)
        json_object_set_new(view, "time", json_string(time));
    keep_last(d->dead_last, view);
    return DK_DASH_FOLDED;
}

/* Which fold a type takes, and the topic that carries it. */
static const struct {
    const char *type, *topic;
    int kind;
} types[] = {
    {"application.submitted", DK_TOPIC_APPLICATIONS, 0},
    {"schedule.requested", DK_TOPIC_SCHEDULE, 1},
    {"appointment.changed", DK_TOPIC_APPOINTMENTS, 2},
    {"interview.outcome", "dk.interviews", 3},
    {"key.activated", "dk.keys", 4},
    {"timer.fired", DK_TOPIC_TIMERS_FIRED, 5},
    {"alert.raised", DK_TOPIC_ALERTS, 6},
    {"document.validated", DK_TOPIC_DOCS_VALIDATED, 7},
    {"mail.requested", DK_TOPIC_MAIL_JOBS, 8},
    {"deadletter", DK_TOPIC_DEADLETTER, 9},
    {"document.uploaded", DK_TOPIC_DOCS_UPLOADED, 10},
};

static dk_dash_result fold_env(dk_dash *d, const char *topic, const dk_envelope *e, int64_t at)
{
    size_t k = 0, nt = sizeof types / sizeof types[0];
    while (k < nt && (strcmp(types[k].type, e->type) || strcmp(types[k].topic, topic)))
        k++;
    if (k == nt)
        return DK_DASH_UNKNOWN_TYPE;
    switch (types[k].kind) {
    case 0:
        return fold_submitted(d, e, at);
    case 1:
        return fold_schedule(d, e);
    case 2:
        return fold_changed(d, e, at);
    case 3:
        return fold_outcome(d, e, at);
    case 4:
        return fold_key(d, e, at);
    case 5:
        return fold_timer(d, e);
    case 6:
        return fold_alert(d, e);
    case 7:
        return fold_validated(d, e);
    case 8:
        return fold_mail(d, e);
    case 9:
        return fold_deadletter(d, e);
    default:
        return DK_DASH_FOLDED; /* uploads: counted per topic only */
    }
}

static int topic_index(const char *topic)
{
    for (int i = 0; dk_topics[i].name && i < DASH_TOPICS; i++)
        if (strcmp(dk_topics[i].name, topic) == 0)
            return i;
    return -1;
}

dk_dash_result dk_dash_fold(dk_dash *d, const char *topic, int32_t partition, int64_t offset,
                            int64_t broker_ms, const void *payload, size_t len)
{
    (void)partition;
    dk_envelope e;
    char err[256];
    dk_dash_result r;
    int ti = topic ? topic_index(topic) : -1;
    if (ti < 0) {
        r = DK_DASH_UNKNOWN_TYPE;
        d->skipped[r]++;
        return r;
    }
    if (!payload || dk_envelope_parse(payload, len, &e, err, sizeof err) != 0) {
        d->skipped[DK_DASH_MALFORMED]++;
        return DK_DASH_MALFORMED;
    }
    int added = 0;
    long seen = e.id && d->msg_ids.n < UINT32_MAX - 1
                    ? dk_dash_ids_find(&d->msg_ids, e.id, 1, (uint32_t)d->msg_ids.n, &added)
                    : -1;
    if (seen == -2) {
        r = DK_DASH_NO_MEMORY;
    } else if (seen >= 0 && !added) {
        r = DK_DASH_DUPLICATE;
    } else {
        int64_t at;
        if (!e.time || dk_iso8601_parse(e.time, &at) != 0)
            at = broker_ms;
        d->broker_ms = broker_ms > 0 ? broker_ms : 0;
        r = fold_env(d, topic, &e, at);
        if (r == DK_DASH_FOLDED) {
            d->folded++;
            d->topic_n[ti]++;
            if (d->topic_first_offset[ti] < 0 || offset < d->topic_first_offset[ti])
                d->topic_first_offset[ti] = offset;
            if (at > 0 && (d->topic_oldest_ms[ti] == 0 || at < d->topic_oldest_ms[ti]))
                d->topic_oldest_ms[ti] = at;
            tick(d, at, TP_MESSAGES);
        }
    }
    if (r != DK_DASH_FOLDED)
        d->skipped[r]++;
    dk_envelope_free(&e);
    return r;
}
