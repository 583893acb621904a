/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_timer.c — the timers table (see dk_timer.h): every statement runs in
 * the caller's open transaction, so a timer is made, moved, cancelled or
 * fired together with the state change or the effects it belongs to. */
#include "timer/dk_timer.h"

#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *dk_timer_row(const char *kind, const char *cause, const char *application_id,
                     const char *appointment_id, int64_t due_ms)
{
    if (!cause)
        cause = appointment_id ? appointment_id : application_id;
    char name[256], id[37], due[32];
    snprintf(name, sizeof name, "%s:%s", kind, cause);
    dk_uuid_v5("dk.timer", name, id);
    dk_iso8601_utc(due_ms, due);
    json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "kind", kind, "cause", cause,
                            "application_id", application_id, "due", due);
    if (row && appointment_id)
        json_object_set_new(row, "appointment_id", json_string(appointment_id));
    return row;
}

static const char *const set_sql =
    "INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)"
    " SELECT x.id, x.kind, x.cause, x.application_id, x.appointment_id, x.due, $2::timestamptz"
    " FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, kind text, cause text,"
    "  application_id uuid, appointment_id uuid, due timestamptz)"
    " ON CONFLICT (kind, cause) DO UPDATE SET due_at = EXCLUDED.due_at"
    " WHERE timers.fired_at IS NULL AND timers.cancelled_at IS NULL";

/* Runs a statement whose first parameter is the JSON text of rows. */
static long run_json(PGconn *pg, const char *sql, const json_t *rows, int nrest,
                     const char *const *rest, char *err, size_t errlen)
{
    char *text = dk_json_text(rows);
    if (!text) {
        dk_errf(err, errlen, "timers: out of memory");
        return -1;
    }
    const char *p[6] = {text};
    for (int i = 0; i < nrest && i < 5; i++)
        p[i + 1] = rest[i];
    PGresult *r = dk_pg_query(pg, sql, 1 + nrest, p, err, errlen);
    free(text);
    if (!r)
        return -1;
    long n = strtol(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return n;
}

int dk_timer_set_rows(PGconn *pg, const json_t *rows, int64_t now_ms, char *err, size_t errlen)
{
    if (!json_is_array(rows)) {
        dk_errf(err, errlen, "timers: out of memory");
        return -1;
    }
    for (size_t i = 0; i < json_array_size(rows); i++)
        if (!json_is_object(json_array_get(rows, i))) {
            dk_errf(err, errlen, "timers: out of memory");
            return -1;
        }
    if (json_array_size(rows) == 0)
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *rest[] = {now};
    return run_json(pg, set_sql, rows, 1, rest, err, errlen) < 0 ? -1 : 0;
}

int dk_timer_set(PGconn *pg, const char *kind, const char *cause, const char *application_id,
                 const char *appointment_id, int64_t due_ms, int64_t now_ms, char *err,
                 size_t errlen)
{
    json_t *rows = json_array();
    if (rows && json_array_append_new(
                    rows, dk_timer_row(kind, cause, application_id, appointment_id, due_ms)) != 0) {
        json_decref(rows);
        rows = NULL; /* out of memory: said by dk_timer_set_rows */
    }
    int rc = dk_timer_set_rows(pg, rows, now_ms, err, errlen);
    json_decref(rows);
    return rc;
}

long dk_timer_cancel_appointments(PGconn *pg, const json_t *appointment_ids, const char *kind,
                                  const char *why, int64_t now_ms, char *err, size_t errlen)
{
    if (json_array_size(appointment_ids) == 0)
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *rest[] = {kind, now, why};
    return run_json(pg,
                    "UPDATE timers SET cancelled_at = $3::timestamptz, result = $4"
                    " WHERE appointment_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
                    " AND ($2::text IS NULL OR kind = $2) AND fired_at IS NULL"
                    " AND cancelled_at IS NULL",
                    appointment_ids, 3, rest, err, errlen);
}

long dk_timer_cancel_appointment(PGconn *pg, const char *appointment_id, const char *kind,
                                 const char *why, int64_t now_ms, char *err, size_t errlen)
{
    json_t *ids = json_pack("[s]", appointment_id);
    long n = ids ? dk_timer_cancel_appointments(pg, ids, kind, why, now_ms, err, errlen) : -1;
    if (!ids)
        dk_errf(err, errlen, "timers: out of memory");
    json_decref(ids);
    return n;
}

long dk_timer_cancel_application(PGconn *pg, const char *application_id, const char *const *kinds,
                                 const char *why, int64_t now_ms, char *err, size_t errlen)
{
    json_t *list = json_array();
    for (const char *const *k = kinds; list && k && *k; k++)
        json_array_append_new(list, json_string(*k));
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *rest[] = {application_id, now, why};
    long n = list ? run_json(pg,
                             "UPDATE timers SET cancelled_at = $3::timestamptz, result = $4"
                             " WHERE application_id = $2::uuid AND kind IN"
                             " (SELECT jsonb_array_elements_text($1::jsonb))"
                             " AND fired_at IS NULL AND cancelled_at IS NULL",
                             list, 3, rest, err, errlen)
                  : -1;
    if (!list)
        dk_errf(err, errlen, "timers: out of memory");
    json_decref(list);
    return n;
}

int dk_timer_on_reserved(PGconn *pg, const char *application_id, const char *appointment_id,
                         int64_t start_ms, int64_t end_ms, int64_t now_ms, char *err, size_t errlen)
{
    if (dk_timer_cancel_appointment(pg, appointment_id, DK_TIMER_PROPOSAL_EXPIRY, "answered",
                                    now_ms, err, errlen) < 0)
        return -1;
    json_t *rows = json_array();
    int64_t remind = dk_timer_reminder_due(start_ms, now_ms, dk_timer_reminder_min_lead_ms());
    int failed = !rows;
    if (!failed && remind >= 0)
        failed = json_array_append_new(rows, dk_timer_row(DK_TIMER_REMINDER, NULL, application_id,
                                                          appointment_id, remind)) != 0;
    if (!failed)
        failed =
            json_array_append_new(
                rows, dk_timer_row(DK_TIMER_OUTCOME_OVERDUE, NULL, application_id, appointment_id,
                                   dk_timer_outcome_due(end_ms, dk_timer_outcome_grace_ms()))) != 0;
    int rc = dk_timer_set_rows(pg, failed ? NULL : rows, now_ms, err, errlen);
    json_decref(rows);
    return rc;
}

int dk_timer_promise_rows(json_t *rows, const char *application_id, int64_t request_ms)
{
    int64_t due = dk_timer_promise_due(request_ms), half = dk_timer_promise_alert_due(request_ms);
    if (due < 0 || half < 0)
        return -1;
    return json_array_append_new(
               rows, dk_timer_row(DK_TIMER_PROMISE, NULL, application_id, NULL, due)) != 0 ||
                   json_array_append_new(rows, dk_timer_row(DK_TIMER_PROMISE_ALERT, NULL,
                                                            application_id, NULL, half)) != 0
               ? -1
               : 0;
}

long dk_timer_cancel_promises(PGconn *pg, const json_t *application_ids, const char *why,
                              int64_t now_ms, char *err, size_t errlen)
{
    if (json_array_size(application_ids) == 0)
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *rest[] = {now, why};
    return run_json(pg,
                    "UPDATE timers SET cancelled_at = $2::timestamptz, result = $3"
                    " WHERE application_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
                    " AND kind IN ('promise', 'promise_alert') AND fired_at IS NULL"
                    " AND cancelled_at IS NULL",
                    application_ids, 2, rest, err, errlen);
}

static const char *const claim_sql =
    "SELECT id, kind, cause, application_id, coalesce(appointment_id::text, ''),"
    " (extract(epoch FROM due_at) * 1000)::bigint, attempts FROM timers"
    " WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1::timestamptz"
    " AND ($3::text IS NULL OR kind = $3) ORDER BY due_at LIMIT $2::int FOR UPDATE SKIP LOCKED";

long dk_timer_claim(PGconn *pg, int64_t now_ms, int limit, const char *kind, dk_timer **out,
                    char *err, size_t errlen)
{
    *out = NULL;
    char now[32], lim[16];
    dk_iso8601_utc(now_ms, now);
    snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 1);
    const char *p[] = {now, lim, kind};
    PGresult *r = dk_pg_query(pg, claim_sql, 3, p, err, errlen);
    if (!r)
        return -1;
    long n = PQntuples(r);
    dk_timer *t = calloc(n ? (size_t)n : 1, sizeof *t);
    if (!t) {
        PQclear(r);
        dk_errf(err, errlen, "timers: out of memory");
        return -1;
    }
    for (long i = 0; i < n; i++) {
        snprintf(t[i].id, sizeof t[i].id, "%s", PQgetvalue(r, (int)i, 0));
        snprintf(t[i].kind, sizeof t[i].kind, "%s", PQgetvalue(r, (int)i, 1));
        snprintf(t[i].cause, sizeof t[i].cause, "%s", PQgetvalue(r, (int)i, 2));
        snprintf(t[i].application_id, sizeof t[i].application_id, "%s", PQgetvalue(r, (int)i, 3));
        snprintf(t[i].appointment_id, sizeof t[i].appointment_id, "%s", PQgetvalue(r, (int)i, 4));
        t[i].due_ms = strtoll(PQgetvalue(r, (int)i, 5), NULL, 10);
        t[i].attempts = atoi(PQgetvalue(r, (int)i, 6));
    }
    PQclear(r);
    *out = t;
    return n;
}

json_t *dk_timer_fired_row(const dk_timer *t, const char *result, int64_t fired_ms)
{
    char due[32], fired[32], id[37];
    dk_iso8601_utc(t->due_ms, due);
    dk_iso8601_utc(fired_ms, fired);
    dk_uuid_v5("dk.timers.fired", t->id, id);
    json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s}", "timer_id", t->id, "kind", t->kind, "due",
                             due, "fired", fired, "result", result);
    if (data && t->appointment_id[0])
        json_object_set_new(data, "appointment_id", json_string(t->appointment_id));
    json_t *env = data ? dk_envelope_new("timer.fired", 1, t->application_id, data, id) : NULL;
    return env ? dk_outbox_row(DK_TOPIC_TIMERS_FIRED, t->application_id, env) : NULL;
}

int dk_timer_mark_fired(PGconn *pg, const dk_timer *timers, const json_t *results, int64_t now_ms,
                        json_t *outbox, char *err, size_t errlen)
{
    size_t n = json_array_size(results);
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        json_t *row = dk_timer_fired_row(
            &timers[i], json_string_value(json_object_get(json_array_get(results, i), "result")),
            now_ms);
        if (!row || json_array_append_new(outbox, row) != 0) {
            dk_errf(err, errlen, "timers: out of memory");
            return -1;
        }
    }
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *rest[] = {now};
    long done = run_json(pg,
                         "UPDATE timers t SET fired_at = $2::timestamptz, result = x.result"
                         " FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, result text)"
                         " WHERE t.id = x.id AND t.fired_at IS NULL AND t.cancelled_at IS NULL",
                         results, 1, rest, err, errlen);
    if (done < 0)
        return -1;
    if ((size_t)done != n) { /* a claimed row is locked: this cannot happen, and must not pass */
        dk_errf(err, errlen, "timers: %ld of %zu claimed timers were still open", done, n);
        return -1;
    }
    return 0;
}

int dk_timer_mark_failed(PGconn *pg, const dk_timer *t, const char *error, int64_t now_ms,
                         int64_t backoff_ms, char *err, size_t errlen)
{
    char again[32];
    dk_iso8601_utc(now_ms + backoff_ms, again);
    const char *p[] = {t->id, error, again};
    PGresult *r =
        dk_pg_query(pg,
                    "UPDATE timers SET attempts = attempts + 1, last_error = left($2, 500),"
                    " due_at = $3::timestamptz WHERE id = $1::uuid"
                    " AND fired_at IS NULL AND cancelled_at IS NULL",
                    3, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

json_t *dk_timer_alert_row(const char *alert, const char *cause, const char *application_id,
                           const char *appointment_id, const char *text, int64_t since_ms)
{
    char name[256], id[37], since[32];
    snprintf(name, sizeof name, "%s:%s", alert, cause);
    dk_uuid_v5("dk.alerts", name, id);
    dk_iso8601_utc(since_ms, since);
    json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "alert", alert, "severity", "warning", "since",
                             since, "text", text);
    if (data && appointment_id && *appointment_id)
        json_object_set_new(data, "appointment_id", json_string(appointment_id));
    json_t *env = data ? dk_envelope_new("alert.raised", 1, application_id, data, id) : NULL;
    return env ? dk_outbox_row(DK_TOPIC_ALERTS, application_id, env) : NULL;
}
