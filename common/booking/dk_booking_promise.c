/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_promise.c — the 3-working-day promise (SPEC.md step 2) when it
 * fires (see dk_booking_effects.h): a request still without any proposal
 * ends 'not_served', its applicant gets the promise_missed mail (no slot
 * could be offered, please make a new request, with the form's link) in
 * their language, and operators an alert; at half that working time the
 * promise_alert warns operators while there is still time. The
 * applications are locked FOR UPDATE SKIP LOCKED: one the scheduler is
 * proposing for right now is left to the next look, whose check then finds
 * the promise cancelled by the proposal's transaction. */
#include "booking/dk_booking_effects.h"

#include "booking/dk_mailjob.h"
#include "core/dk_clock.h"
#include "core/dk_err.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_promise(const dk_timer *t)
{
    return strcmp(t->kind, DK_TIMER_PROMISE) == 0 || strcmp(t->kind, DK_TIMER_PROMISE_ALERT) == 0;
}

/* Those of the applications this transaction could lock; "waits": still
 * without a proposal (submitted or waiting, no appointment ever). */
static const char *const lock_sql =
    "SELECT a.id, a.status IN ('submitted', 'waiting') AND NOT EXISTS"
    "  (SELECT 1 FROM appointments p WHERE p.application_id = a.id),"
    " a.language, a.email, a.first_names, a.last_name, dk_iso(a.submitted_at),"
    " (SELECT dk_iso(t.due_at) FROM timers t WHERE t.kind = 'promise' AND t.cause = a.id::text)"
    " FROM applications a WHERE a.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
    " ORDER BY a.id FOR UPDATE OF a SKIP LOCKED";

static const char *const end_sql =
    "UPDATE applications SET status = 'not_served', waiting_reason = NULL,"
    " updated_at = $2::timestamptz"
    " WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
    " AND status IN ('submitted', 'waiting')";

static int row_of(PGresult *r, const char *id)
{
    for (int i = 0; r && i < PQntuples(r); i++)
        if (strcmp(PQgetvalue(r, i, 0), id) == 0)
            return i;
    return -1;
}

/* The mail and the alert of a promise missed, into outbox. */
static int missed(const dk_timer *t, PGresult *r, int j, json_t *outbox)
{
    const char *app = t->application_id;
    char key[96], text[400];
    snprintf(key, sizeof key, "promise_missed:%s", app);
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:s}", "first_names", PQgetvalue(r, j, 4), "last_name",
                  PQgetvalue(r, j, 5), "application_id", app, "requested_at", PQgetvalue(r, j, 6));
    json_t *mail = vars ? dk_mailjob_row("promise_missed", PQgetvalue(r, j, 2), PQgetvalue(r, j, 3),
                                         key, app, vars)
                        : NULL;
    snprintf(text, sizeof text,
             "Application %s got no proposal within 3 working days of its request (%s): it is "
             "closed as not_served and the applicant was told to make a new request.",
             app, PQgetvalue(r, j, 6));
    json_t *alert = dk_timer_alert_row("promise_missed", app, app, NULL, text, t->due_ms);
    int rc = mail && json_array_append_new(outbox, mail) == 0 ? 0 : -1;
    if (rc != 0 || !alert || json_array_append_new(outbox, alert) != 0)
        rc = -1;
    return rc;
}

static int at_risk(const dk_timer *t, PGresult *r, int j, json_t *outbox)
{
    char text[400];
    snprintf(text, sizeof text,
             "Application %s has had no proposal since its request (%s): half of its 3 working "
             "days have passed; it ends not served at %s unless a slot is proposed.",
             t->application_id, PQgetvalue(r, j, 6),
             PQgetisnull(r, j, 7) ? "its promise's due time" : PQgetvalue(r, j, 7));
    json_t *alert = dk_timer_alert_row("promise_at_risk", t->application_id, t->application_id,
                                       NULL, text, t->due_ms);
    return alert && json_array_append_new(outbox, alert) == 0 ? 0 : -1;
}

int dk_booking_fire_promises(PGconn *pg, const dk_timer *t, size_t n, dk_booking_result *res,
                             int *skip, json_t *outbox, int64_t now_ms, char *err, size_t errlen)
{
    json_t *apps = json_array(), *ended = json_array();
    for (size_t i = 0; apps && i < n; i++)
        if (is_promise(&t[i]))
            json_array_append_new(apps, json_string(t[i].application_id));
    if (!apps || !ended || json_array_size(apps) == 0) {
        json_decref(apps);
        json_decref(ended);
        if (!apps || !ended)
            dk_errf(err, errlen, "promise timers: out of memory");
        return apps && ended ? 0 : -1;
    }
    char *text = dk_json_text(apps), now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {text, now};
    PGresult *r = text ? dk_pg_query(pg, lock_sql, 1, p, err, errlen) : NULL;
    free(text);
    json_decref(apps);
    int rc = r ? 0 : -1;
    /* The alerts first: an alert and its promise in one batch see the
     * application before the promise ends it (the alert is then obsolete:
     * the promise's own alert says more). */
    for (int pass = 0; rc == 0 && pass < 2; pass++)
        for (size_t i = 0; rc == 0 && i < n; i++) {
            int alert = strcmp(t[i].kind, DK_TIMER_PROMISE_ALERT) == 0;
            if (!is_promise(&t[i]) || alert != (pass == 0))
                continue;
            int j = row_of(r, t[i].application_id);
            if (j < 0) { /* held by another transaction (or no such application) */
                PGresult *e = dk_pg_query(pg, "SELECT 1 FROM applications WHERE id = $1::uuid", 1,
                                          (const char *[]){t[i].application_id}, err, errlen);
                rc = e ? 0 : -1;
                skip[i] = e && PQntuples(e) > 0;
                snprintf(res[i], sizeof res[i], "obsolete");
                PQclear(e);
                continue;
            }
            int waits = strcmp(PQgetvalue(r, j, 1), "t") == 0;
            int gone = 0;
            for (size_t k = 0; k < json_array_size(ended) && !gone; k++)
                gone =
                    strcmp(json_string_value(json_array_get(ended, k)), t[i].application_id) == 0;
            if (!waits || gone) {
                snprintf(res[i], sizeof res[i], "obsolete");
                continue;
            }
            if (alert) {
                rc = at_risk(&t[i], r, j, outbox);
                snprintf(res[i], sizeof res[i], "alerted");
            } else {
                rc = missed(&t[i], r, j, outbox);
                if (rc == 0)
                    rc = json_array_append_new(ended, json_string(t[i].application_id));
                snprintf(res[i], sizeof res[i], "not_served");
            }
            if (rc != 0)
                dk_errf(err, errlen, "promise timers: out of memory");
        }
    PQclear(r);
    if (rc == 0 && json_array_size(ended) > 0) {
        text = dk_json_text(ended);
        const char *q[] = {text, now};
        PGresult *u = text ? dk_pg_query(pg, end_sql, 2, q, err, errlen) : NULL;
        rc = u ? 0 : -1;
        PQclear(u);
        free(text);
        /* An alert of these still open (not in this batch) has nothing left
         * to warn about. */
        for (size_t k = 0; rc == 0 && k < json_array_size(ended); k++) {
            const char *const kinds[] = {DK_TIMER_PROMISE_ALERT, NULL};
            const char *app = json_string_value(json_array_get(ended, k));
            int claimed = 0;
            for (size_t i = 0; i < n && !claimed; i++)
                claimed = strcmp(t[i].kind, DK_TIMER_PROMISE_ALERT) == 0 &&
                          strcmp(t[i].application_id, app) == 0;
            if (!claimed &&
                dk_timer_cancel_application(pg, app, kinds, "not_served", now_ms, err, errlen) < 0)
                rc = -1;
        }
    }
    json_decref(ended);
    return rc;
}
