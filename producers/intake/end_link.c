/* SPDX-License-Identifier: EUPL-1.2 */
/* end_link.c — the address owner's end link: finding its row by the keyed
 * hash of the token, and ending the request it names (see end_link.h). The
 * application's row is locked first, the order every writer keeps, so an
 * end and the self-service link, the scheduler or a second click are
 * serialised: the second of two clicks finds the link used (410). */
#include "end_link.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "interview/dk_audit.h"
#include "proposal.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"
#include "store/dk_token.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <string.h>

/* Ends the transaction with status; a database error is 503. */
static int end_with(PGconn *pg, const char *sql_end, int status)
{
    char err[512];
    if (dk_pg_exec(pg, sql_end, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "end_link_db_error", "%s", err);
        dk_pg_rollback(pg);
        return 503;
    }
    return status;
}

static int db_error(PGconn *pg, const char *err)
{
    dk_log(DK_LOG_ERROR, "end_link_db_error", "%s", err);
    dk_pg_rollback(pg);
    return 503;
}

/* Runs one statement; -1 rolled back with a log. */
static int run(PGconn *pg, const char *sql, int n, const char *const *params)
{
    char err[512];
    PGresult *r = dk_pg_query(pg, sql, n, params, err, sizeof err);
    if (!r) {
        db_error(pg, err);
        return -1;
    }
    PQclear(r);
    return 0;
}

/* A request without a live appointment (submitted, waiting for a slot or
 * its source's limit, rescheduling): 'cancelled', its promise timers
 * cancelled. Whatever of it is still on its way to the scheduler finds it
 * ended and passes. Returns 0, or -1 rolled back. */
static int cancel_without_appointment(PGconn *pg, const char *app_id, int64_t now)
{
    static const char *const kinds[] = {DK_TIMER_PROMISE, DK_TIMER_PROMISE_ALERT, NULL};
    char ts[32], err[512];
    dk_iso8601_utc(now, ts);
    const char *params[] = {app_id, ts};
    if (run(pg,
            "WITH sessions AS (UPDATE proposal_sessions SET revoked_at = $2::timestamptz"
            "                  WHERE application_id = $1::uuid AND revoked_at IS NULL)"
            " UPDATE applications SET status = 'cancelled', updated_at = $2::timestamptz"
            " WHERE id = $1::uuid",
            2, params) != 0)
        return -1;
    if (dk_timer_cancel_application(pg, app_id, kinds, "cancelled", now, err, sizeof err) < 0) {
        db_error(pg, err);
        return -1;
    }
    return 0;
}

/* The link used and the audit row; -1 rolled back. */
static int record(PGconn *pg, const char *link_id, const char *app_id, const char *appt_id,
                  const char *before, const char *client_addr, int64_t now)
{
    char ts[32], err[512];
    dk_iso8601_utc(now, ts);
    const char *params[] = {link_id, ts};
    if (run(pg, "UPDATE end_links SET used_at = $2::timestamptz WHERE id = $1::uuid", 2, params) !=
        0)
        return -1;
    json_t *detail = json_pack("{s:s}", "status_before", before);
    dk_audit_event e = {.actor = "applicant",
                        .action = "application.ended_by_address_owner",
                        .application_id = app_id,
                        .appointment_id = appt_id,
                        .object = link_id,
                        .address = client_addr && *client_addr ? client_addr : NULL,
                        .detail = detail};
    int rc = dk_audit_write(pg, &e, now, err, sizeof err);
    json_decref(detail);
    if (rc != 0) {
        db_error(pg, err);
        return -1;
    }
    return 0;
}

/* Inside the open transaction, the application locked: the checks, then
 * (act) the end. Returns the status; the transaction is ended either way. */
static int look_or_end(dk_intake *in, PGconn *pg, const char *hash, int act,
                       const char *client_addr, int64_t now, dk_end_outcome *o)
{
    char ts[32], err[512];
    dk_iso8601_utc(now, ts);
    const char *params[] = {hash, ts};
    PGresult *r = dk_pg_query(pg,
                              "SELECT l.id, l.application_id, a.status, a.language,"
                              " l.used_at IS NOT NULL OR l.expires_at <= $2::timestamptz"
                              "  OR dk_application_ended(a.status)"
                              " FROM end_links l JOIN applications a ON a.id = l.application_id"
                              " WHERE l.token_hash = $1 FOR UPDATE OF l",
                              2, params, err, sizeof err);
    if (!r)
        return db_error(pg, err);
    if (PQntuples(r) != 1) {
        PQclear(r);
        return end_with(pg, "ROLLBACK", 404);
    }
    char link_id[37], app_id[37], status[24];
    snprintf(link_id, sizeof link_id, "%s", PQgetvalue(r, 0, 0));
    snprintf(app_id, sizeof app_id, "%s", PQgetvalue(r, 0, 1));
    snprintf(status, sizeof status, "%s", PQgetvalue(r, 0, 2));
    snprintf(o->language, sizeof o->language, "%s", PQgetvalue(r, 0, 3));
    int gone = PQgetvalue(r, 0, 4)[0] == 't';
    PQclear(r);
    if (gone)
        return end_with(pg, "ROLLBACK", 410);
    /* Approved and waiting for its activation: the interview took place
     * with someone's identity document; a help-desk matter, not a click. */
    if (!strcmp(status, "awaiting_activation"))
        return end_with(pg, "ROLLBACK", 409);
    dk_proposal p = {0};
    int has = dk_proposal_load_live(pg, app_id, &p);
    int rc;
    if (has < 0) {
        dk_pg_rollback(pg);
        rc = 503;
    } else if (has && dk_proposal_refusal(&p, "cancel", now)) {
        rc = end_with(pg, "ROLLBACK", 409); /* its interview has begun */
    } else if (!act) {
        rc = end_with(pg, "ROLLBACK", 200);
    } else if ((has ? dk_proposal_cancel_tx(pg, &p, now)
                    : cancel_without_appointment(pg, app_id, now)) != 0 ||
               record(pg, link_id, app_id, has ? p.appointment_id : NULL, status, client_addr,
                      now) != 0) {
        rc = 503;
    } else {
        rc = end_with(pg, "COMMIT", 202);
        if (rc == 202) {
            dk_relay_kick(in->relay);
            dk_logj(DK_LOG_INFO, "application_ended_by_address_owner",
                    json_pack("{s:s, s:s, s:s}", "application_id", app_id, "appointment_id",
                              has ? p.appointment_id : "", "status_before", status));
        }
    }
    json_decref(p.person);
    return rc;
}

void dk_end_link_run(dk_intake *in, const char *token, int act, const char *client_addr,
                     dk_end_outcome *o)
{
    memset(o, 0, sizeof *o);
    if (!token || !dk_token_valid(token)) {
        o->status = 404;
        return;
    }
    char hash[65], err[512];
    dk_token_hash(token, hash);
    PGconn *pg = dk_pgpool_get(in->pool, 5000, err, sizeof err);
    if (!pg) {
        dk_log(DK_LOG_ERROR, "database_unavailable", "%s", err);
        o->status = 503;
        return;
    }
    int64_t now = dk_now_ms();
    const char *params[] = {hash};
    PGresult *r = NULL;
    if (dk_pgpool_begin(pg, err, sizeof err) != 0) {
        o->status = db_error(pg, err);
    } else if (!(r = dk_pg_query(pg,
                                 "SELECT id FROM applications WHERE id ="
                                 " (SELECT application_id FROM end_links WHERE token_hash = $1)"
                                 " FOR UPDATE",
                                 1, params, err, sizeof err))) {
        o->status = db_error(pg, err);
    } else if (PQntuples(r) == 0) {
        o->status = end_with(pg, "ROLLBACK", 404);
    } else {
        o->status = look_or_end(in, pg, hash, act, client_addr, now, o);
    }
    PQclear(r);
    dk_pgpool_put(in->pool, pg);
}
