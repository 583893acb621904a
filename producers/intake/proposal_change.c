/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_change.c — the applicant asks another slot or cancels: each one
 * transaction under the application's row lock, with the messages it causes
 * queued in the outbox in that same transaction (the relay publishes them
 * after COMMIT), among them another try for applications waiting for a slot
 * of that interviewer and, for a cancelled proposal, for the oldest request
 * waiting for its source's limit. The application's page sessions are
 * revoked in that transaction too. The link then answers 410 replaced /
 * cancelled (to the code). */
#include "booking/dk_booking.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "proposal.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs one statement of the open transaction; -1 rolls back with a log. */
static int run(PGconn *pg, const char *sql, int n, const char *const *params, PGresult **keep)
{
    char err[512];
    PGresult *r = dk_pg_query(pg, sql, n, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
        return -1;
    }
    if (keep)
        *keep = r;
    else
        PQclear(r);
    return 0;
}

/* Queues rows (expected of them: a row that could not be built fails it). */
static int queue(PGconn *pg, json_t *rows, size_t expected)
{
    char err[512] = "a message could not be built (no random bytes?)";
    int rc = json_array_size(rows) == expected ? dk_outbox_add_rows(pg, rows, err, sizeof err) : -1;
    json_decref(rows);
    if (rc != 0) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
    }
    return rc;
}

/* The timers of the appointment that ends (its proposal expiry, reminder,
 * outcome deadline) and, when the application ends with it, the
 * application's own deadlines, cancelled in the change's transaction.
 * Returns 0, or -1 rolled back with a log. */
static int end_timers(PGconn *pg, const dk_proposal *p, const char *why, int application_ends,
                      int64_t now)
{
    static const char *const kinds[] = {DK_TIMER_PROMISE, DK_TIMER_PROMISE_ALERT, NULL};
    char err[512];
    if (dk_timer_cancel_appointment(pg, p->appointment_id, NULL, why, now, err, sizeof err) < 0 ||
        (application_ends && dk_timer_cancel_application(pg, p->application_id, kinds, why, now,
                                                         err, sizeof err) < 0)) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
        return -1;
    }
    return 0;
}

/* The slot this change frees may serve an application waiting for one:
 * the oldest gets another try (rows appended). Returns how many, or -1 rolled back
 * (rows then freed). */
static int retry_waiting(PGconn *pg, json_t *rows, const dk_proposal *p, int64_t now)
{
    char err[512];
    int n = dk_booking_retry_waiting(pg, rows, p->interviewer_id, 1, now, err, sizeof err);
    if (n < 0) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
        json_decref(rows);
    }
    return n;
}

/* The slots as the recorder stores them: rank 1..n, Brussels wall times
 * turned into UTC instants. */
static json_t *slot_rows(const json_t *slots)
{
    json_t *rows = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(slots, i, s)
    {
        const char *date = json_string_value(json_object_get(s, "date"));
        int64_t a = 0, b = 0;
        char start[32], end[32];
        dk_app_slot_to_utc(date, json_string_value(json_object_get(s, "from")), &a);
        dk_app_slot_to_utc(date, json_string_value(json_object_get(s, "to")), &b);
        dk_iso8601_utc(a, start);
        dk_iso8601_utc(b, end);
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s}", "rank", (json_int_t)(i + 1),
                                              "starts_at", start, "ends_at", end));
    }
    return rows;
}

void dk_proposal_reschedule(dk_intake *in, const char *token, const dk_credential *cred,
                            const json_t *body, dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    int64_t now = dk_now_ms();
    if (!dk_proposal_open_for(in, pg, token, cred, "reschedule", now, o))
        goto out;
    if (dk_app_validate_slots(body, now, &in->rules, &o->errs) > 0) {
        o->status = 422;
        dk_proposal_commit(pg, o);
        goto out;
    }
    dk_proposal *p = &o->p;
    char ts[32];
    dk_iso8601_utc(now, ts);
    int was_reserved = !strcmp(p->appointment_status, "reserved");
    const char *p1[] = {p->application_id, ts, was_reserved ? "1" : "0", p->appointment_id};
    json_t *slots = slot_rows(json_object_get(body, "preferred_slots"));
    char *slots_text = dk_json_text(slots);
    json_decref(slots);
    const char *p2[] = {p->application_id, slots_text};
    json_t *rows = json_array();
    json_array_append_new(rows, dk_msg_schedule_requested(p));
    json_array_append_new(rows, dk_msg_appointment_changed(p, "replaced"));
    int ok =
        run(pg,
            "WITH appt AS (UPDATE appointments SET status = 'replaced', ended_at = $2::timestamptz"
            "              WHERE id = $4::uuid),"
            " sessions AS (UPDATE proposal_sessions SET revoked_at = $2::timestamptz"
            "              WHERE application_id = $1::uuid AND revoked_at IS NULL),"
            " old_slots AS (DELETE FROM application_preferred_slots WHERE application_id = "
            "$1::uuid)"
            " UPDATE applications SET status = 'rescheduling', updated_at = $2::timestamptz,"
            "  ics_sequence = ics_sequence + $3::int WHERE id = $1::uuid",
            4, p1, NULL) == 0 &&
        run(pg,
            "INSERT INTO application_preferred_slots (application_id, rank, starts_at, ends_at)"
            " SELECT $1::uuid, rank, starts_at, ends_at FROM jsonb_to_recordset($2::jsonb)"
            " AS x(rank smallint, starts_at timestamptz, ends_at timestamptz)",
            2, p2, NULL) == 0 &&
        end_timers(pg, p, "replaced", 0, now) == 0;
    if (ok) {
        int retried = retry_waiting(pg, rows, p, now);
        ok = retried >= 0 && queue(pg, rows, 2 + (size_t)retried) == 0 &&
             dk_proposal_commit(pg, o) == 0;
    } else {
        json_decref(rows);
    }
    free(slots_text);
    if (!ok) {
        o->status = 503;
        goto out;
    }
    dk_relay_kick(in->relay);
    o->status = 202;
    snprintf(p->status, sizeof p->status, "rescheduling");
    dk_logj(DK_LOG_INFO, "appointment_rescheduled",
            json_pack("{s:s, s:s}", "application_id", p->application_id, "appointment_id",
                      p->appointment_id));
out:
    dk_pgpool_put(in->pool, pg);
}

int dk_proposal_cancel_tx(PGconn *pg, dk_proposal *p, int64_t now)
{
    char ts[32];
    dk_iso8601_utc(now, ts);
    const char *params[] = {p->application_id, ts, p->appointment_id};
    PGresult *r = NULL;
    if (run(pg,
            "WITH appt AS (UPDATE appointments SET status = 'cancelled', ended_at = $2::timestamptz"
            "              WHERE id = $3::uuid),"
            " sessions AS (UPDATE proposal_sessions SET revoked_at = $2::timestamptz"
            "              WHERE application_id = $1::uuid AND revoked_at IS NULL)"
            " UPDATE applications SET status = 'cancelled', updated_at = $2::timestamptz,"
            "  ics_sequence = ics_sequence + 1 WHERE id = $1::uuid RETURNING ics_sequence",
            3, params, &r) != 0)
        return -1;
    if (end_timers(pg, p, "cancelled", 1, now) != 0) {
        PQclear(r);
        return -1;
    }
    int sequence = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : p->ics_sequence + 1;
    PQclear(r);
    json_t *rows = json_array();
    json_array_append_new(rows, dk_msg_appointment_changed(p, "cancelled"));
    json_array_append_new(
        rows, dk_msg_slot_released(p, !strcmp(p->appointment_status, "reserved"), sequence));
    int retried = retry_waiting(pg, rows, p, now);
    if (retried >= 0 && !strcmp(p->appointment_status, "held")) {
        /* An unanswered proposal less for its source (the per-source limit). */
        char err[512];
        json_t *freed = json_pack("[s]", p->application_id);
        int more = dk_booking_retry_source(pg, rows, freed, now, err, sizeof err);
        json_decref(freed);
        if (more < 0) {
            dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
            dk_pg_rollback(pg);
            json_decref(rows);
        }
        retried = more < 0 ? -1 : retried + more;
    }
    if (retried < 0 || queue(pg, rows, 2 + (size_t)retried) != 0)
        return -1;
    snprintf(p->status, sizeof p->status, "cancelled");
    return 0;
}

void dk_proposal_cancel(dk_intake *in, const char *token, const dk_credential *cred, dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    int64_t now = dk_now_ms();
    if (!dk_proposal_open_for(in, pg, token, cred, "cancel", now, o))
        goto out;
    dk_proposal *p = &o->p;
    if (dk_proposal_cancel_tx(pg, p, now) != 0 || dk_proposal_commit(pg, o) != 0) {
        o->status = 503;
        goto out;
    }
    dk_relay_kick(in->relay);
    o->status = 202;
    dk_logj(DK_LOG_INFO, "appointment_cancelled",
            json_pack("{s:s, s:s}", "application_id", p->application_id, "appointment_id",
                      p->appointment_id));
out:
    dk_pgpool_put(in->pool, pg);
}
