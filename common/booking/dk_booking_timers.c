/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_timers.c — the effects of the timers (see dk_booking_timers.h),
 * one query per kind for a whole batch. The rows they read are not locked
 * (but the applications a proposal expiry ends, SKIP LOCKED): an applicant
 * who cancels at the instant the reminder fires waits for this batch's
 * commit on the timer row, never the other way round, so the intake is
 * never a deadlock's victim. */
#include "booking/dk_booking_timers.h"

#include "belgium/dk_video.h"
#include "booking/dk_booking.h"
#include "booking/dk_booking_effects.h"
#include "booking/dk_mailjob.h"
#include "core/dk_clock.h"
#include "core/dk_err.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef dk_booking_result result_text;

/* The ids (appointment, or application when application is 1) of the
 * timers of one kind, as a JSON array. */
static json_t *ids_of(const dk_timer *t, size_t n, const char *kind, int application)
{
    json_t *ids = json_array();
    for (size_t i = 0; ids && i < n; i++)
        if (strcmp(t[i].kind, kind) == 0)
            json_array_append_new(
                ids, json_string(application ? t[i].application_id : t[i].appointment_id));
    return ids;
}

/* Runs sql with the JSON text of ids as $1 (and now as $2 when given). */
static PGresult *query_ids(PGconn *pg, const char *sql, const json_t *ids, const char *now,
                           char *err, size_t errlen)
{
    char *text = dk_json_text(ids);
    if (!text) {
        dk_errf(err, errlen, "timers: out of memory");
        return NULL;
    }
    const char *p[] = {text, now};
    PGresult *r = dk_pg_query(pg, sql, now ? 2 : 1, p, err, errlen);
    free(text);
    return r;
}

/* The row of r whose first column is id, or -1. */
static int row_of(PGresult *r, const char *id)
{
    for (int i = 0; r && i < PQntuples(r); i++)
        if (strcmp(PQgetvalue(r, i, 0), id) == 0)
            return i;
    return -1;
}

static const char *const reminder_sql =
    "SELECT p.id, p.status, (extract(epoch FROM p.starts_at) * 1000)::bigint,"
    " dk_iso(p.starts_at), dk_iso(p.ends_at), p.room_id, a.language, a.email,"
    " a.first_names, a.last_name, a.ics_sequence"
    " FROM appointments p JOIN applications a ON a.id = p.application_id"
    " WHERE p.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)";

/* The reminder mail, when the interview is still reserved and starts at
 * least DK_REMINDER_MIN_LEAD_MIN from now: date, Brussels time, video link
 * and the calendar entry (the same UID and sequence as the reservation's). */
static int reminders(PGconn *pg, const dk_timer *t, size_t n, result_text *res, json_t *outbox,
                     int64_t now, char *err, size_t errlen)
{
    json_t *ids = ids_of(t, n, DK_TIMER_REMINDER, 0);
    if (json_array_size(ids) == 0) {
        json_decref(ids);
        return 0;
    }
    PGresult *r = query_ids(pg, reminder_sql, ids, NULL, err, errlen);
    json_decref(ids);
    if (!r)
        return -1;
    int64_t lead = dk_timer_reminder_min_lead_ms();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(t[i].kind, DK_TIMER_REMINDER) != 0)
            continue;
        int j = row_of(r, t[i].appointment_id);
        if (j < 0 || strcmp(PQgetvalue(r, j, 1), "reserved") != 0 || PQgetisnull(r, j, 5)) {
            snprintf(res[i], sizeof res[i], "obsolete");
            continue;
        }
        int64_t start = strtoll(PQgetvalue(r, j, 2), NULL, 10);
        if (!dk_timer_reminder_wanted(start, now, lead)) {
            snprintf(res[i], sizeof res[i], "%s", start <= now ? "started" : "too_late");
            continue;
        }
        char url[1024], key[96];
        if (dk_video_url(PQgetvalue(r, j, 5), url, sizeof url) != 0) {
            dk_errf(err, errlen, "DK_VIDEO_URL_TEMPLATE makes a link longer than %zu bytes",
                    sizeof url);
            rc = -1;
            break;
        }
        const char *app = t[i].application_id, *appt = t[i].appointment_id;
        const char *s = PQgetvalue(r, j, 3), *e = PQgetvalue(r, j, 4);
        snprintf(key, sizeof key, "interview_reminder:%s", appt);
        json_t *vars = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "first_names", PQgetvalue(r, j, 8),
            "last_name", PQgetvalue(r, j, 9), "application_id", app, "appointment_id", appt,
            "slot_start", s, "slot_end", e, "video_url", url, "calendar",
            dk_booking_calendar(app, "REQUEST", atoi(PQgetvalue(r, j, 10)), s, e, url));
        json_t *row = vars ? dk_mailjob_row("interview_reminder", PQgetvalue(r, j, 6),
                                            PQgetvalue(r, j, 7), key, app, vars)
                           : NULL;
        if (!row || json_array_append_new(outbox, row) != 0) {
            dk_errf(err, errlen, "reminder mail: out of memory");
            rc = -1;
        }
        snprintf(res[i], sizeof res[i], "mailed");
    }
    PQclear(r);
    return rc;
}

static const char *const overdue_sql =
    "SELECT p.id, p.status, EXISTS (SELECT 1 FROM interview_outcomes o"
    "  WHERE o.appointment_id = p.id), dk_iso(p.ends_at)"
    " FROM appointments p WHERE p.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)";

/* An operator alert for an interview still reserved, without an outcome,
 * DK_OUTCOME_GRACE_MIN after its end. */
static int overdue(PGconn *pg, const dk_timer *t, size_t n, result_text *res, json_t *outbox,
                   char *err, size_t errlen)
{
    json_t *ids = ids_of(t, n, DK_TIMER_OUTCOME_OVERDUE, 0);
    if (json_array_size(ids) == 0) {
        json_decref(ids);
        return 0;
    }
    PGresult *r = query_ids(pg, overdue_sql, ids, NULL, err, errlen);
    json_decref(ids);
    if (!r)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(t[i].kind, DK_TIMER_OUTCOME_OVERDUE) != 0)
            continue;
        int j = row_of(r, t[i].appointment_id);
        if (j < 0 || strcmp(PQgetvalue(r, j, 1), "reserved") != 0 ||
            strcmp(PQgetvalue(r, j, 2), "t") == 0) {
            snprintf(res[i], sizeof res[i], "obsolete");
            continue;
        }
        char text[300];
        snprintf(text, sizeof text,
                 "The interview of appointment %s ended at %s and has no outcome yet: record "
                 "it in the console (no-show included).",
                 t[i].appointment_id, PQgetvalue(r, j, 3));
        json_t *row =
            dk_timer_alert_row("outcome_overdue", t[i].appointment_id, t[i].application_id,
                               t[i].appointment_id, text, t[i].due_ms);
        if (!row || json_array_append_new(outbox, row) != 0) {
            dk_errf(err, errlen, "alert: out of memory");
            rc = -1;
        }
        snprintf(res[i], sizeof res[i], "alerted");
    }
    PQclear(r);
    return rc;
}

static const char *const state_sql =
    "SELECT p.id, p.status, a.status FROM appointments p"
    " JOIN applications a ON a.id = p.application_id"
    " WHERE p.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)";

/* The holds that ran out end (dk_booking_expire_appointments) for the
 * applications this transaction could lock; the others stay open (skip
 * set) for the next look. expired receives the appointments ended. */
static int expiries(PGconn *pg, const dk_timer *t, size_t n, result_text *res, int *skip,
                    json_t *expired, int64_t now, char *err, size_t errlen)
{
    json_t *apps = ids_of(t, n, DK_TIMER_PROPOSAL_EXPIRY, 1);
    if (json_array_size(apps) == 0) {
        json_decref(apps);
        return 0;
    }
    PGresult *locked = query_ids(pg,
                                 "SELECT id FROM applications WHERE id IN"
                                 " (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
                                 " ORDER BY id FOR UPDATE SKIP LOCKED",
                                 apps, NULL, err, errlen);
    json_decref(apps);
    if (!locked)
        return -1;
    json_t *appts = json_array();
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].kind, DK_TIMER_PROPOSAL_EXPIRY) != 0)
            continue;
        skip[i] = row_of(locked, t[i].application_id) < 0;
        if (!skip[i])
            json_array_append_new(appts, json_string(t[i].appointment_id));
    }
    PQclear(locked);
    int rc = dk_booking_expire_appointments(pg, appts, now, expired, err, errlen) < 0 ? -1 : 0;
    PGresult *r = rc == 0 && json_array_size(appts) > 0
                      ? query_ids(pg, state_sql, appts, NULL, err, errlen)
                      : NULL;
    if (rc == 0 && json_array_size(appts) > 0 && !r)
        rc = -1;
    json_decref(appts);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(t[i].kind, DK_TIMER_PROPOSAL_EXPIRY) != 0 || skip[i])
            continue;
        int gone = 0;
        for (size_t k = 0; k < json_array_size(expired) && !gone; k++)
            gone = strcmp(json_string_value(json_array_get(expired, k)), t[i].appointment_id) == 0;
        int j = row_of(r, t[i].appointment_id);
        /* A hold whose upload waits for its verdict is kept: a rejected
         * verdict ends it then (workers/scheduler/reserve.c). */
        const char *what = gone ? "expired"
                           : j >= 0 && strcmp(PQgetvalue(r, j, 1), "held") == 0 &&
                                   strcmp(PQgetvalue(r, j, 2), "document_pending") == 0
                               ? "kept"
                               : "obsolete";
        snprintf(res[i], sizeof res[i], "%s", what);
    }
    PQclear(r);
    return rc;
}

long dk_booking_fire_timers(PGconn *pg, const dk_timer *t, size_t n, int64_t now_ms, char *err,
                            size_t errlen)
{
    return dk_booking_fire_timers_as(pg, t, n, now_ms, "dk-timers", err, errlen);
}

long dk_booking_fire_timers_as(PGconn *pg, const dk_timer *t, size_t n, int64_t now_ms,
                               const char *actor, char *err, size_t errlen)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!dk_timer_kind_known(t[i].kind)) {
            dk_errf(err, errlen, "timer %s: no effect for kind %s in this build", t[i].id,
                    t[i].kind);
            return -1;
        }
    result_text *res = calloc(n, sizeof *res);
    int *skip = calloc(n, sizeof *skip);
    dk_timer *done = calloc(n, sizeof *done);
    json_t *outbox = json_array(), *results = json_array(), *expired = json_array();
    long fired = -1;
    if (!res || !skip || !done || !outbox || !results || !expired) {
        dk_errf(err, errlen, "timers: out of memory");
        goto out;
    }
    if (expiries(pg, t, n, res, skip, expired, now_ms, err, errlen) != 0 ||
        reminders(pg, t, n, res, outbox, now_ms, err, errlen) != 0 ||
        overdue(pg, t, n, res, outbox, err, errlen) != 0 ||
        dk_booking_fire_promises(pg, t, n, res, skip, outbox, now_ms, err, errlen) != 0 ||
        dk_booking_fire_retention(pg, t, n, res, skip, actor, now_ms, err, errlen) != 0)
        goto out;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (skip[i])
            continue;
        done[k++] = t[i];
        json_array_append_new(results, json_pack("{s:s, s:s}", "id", t[i].id, "result", res[i]));
    }
    if (json_array_size(results) != k) {
        dk_errf(err, errlen, "timers: out of memory");
        goto out;
    }
    if (dk_timer_mark_fired(pg, done, results, now_ms, outbox, err, errlen) != 0 ||
        (json_array_size(outbox) > 0 && dk_outbox_add_rows(pg, outbox, err, errlen) != 0) ||
        dk_timer_cancel_appointments(pg, expired, NULL, "expired", now_ms, err, errlen) < 0)
        goto out;
    fired = (long)k;
out:
    free(res);
    free(skip);
    free(done);
    json_decref(outbox);
    json_decref(results);
    json_decref(expired);
    return fired;
}

int dk_booking_timer_give_up(PGconn *pg, const dk_timer *t, const char *error, int64_t now_ms,
                             char *err, size_t errlen)
{
    char result[200], text[400];
    snprintf(result, sizeof result, "failed: %.180s", error);
    snprintf(text, sizeof text, "The %s timer %s failed %d times and was given up: %.200s", t->kind,
             t->id, t->attempts + 1, error);
    json_t *results = json_pack("[{s:s, s:s}]", "id", t->id, "result", result);
    json_t *outbox = json_array();
    int rc = results && outbox ? 0 : -1;
    if (rc == 0)
        rc = json_array_append_new(outbox,
                                   dk_timer_alert_row("timer_failed", t->id, t->application_id,
                                                      t->appointment_id, text, now_ms));
    if (rc != 0)
        dk_errf(err, errlen, "timers: out of memory");
    if (rc == 0)
        rc = dk_timer_mark_fired(pg, t, results, now_ms, outbox, err, errlen);
    if (rc == 0)
        rc = dk_outbox_add_rows(pg, outbox, err, errlen);
    json_decref(results);
    json_decref(outbox);
    return rc;
}
