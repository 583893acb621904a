/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal.c — the one lookup and authentication every self-service request
 * goes through (API and pages alike), what each application status allows,
 * and looking at a proposal. The wrong-code counter and the lock live in
 * the applications row, so neither a restart nor a second intake resets
 * them, and the row lock serialises attempts on one application. */
#include "proposal.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "doccheck/dk_doc_reasons.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"
#include "store/dk_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_outcome_free(dk_outcome *o)
{
    json_decref(o->p.person);
    json_decref(o->document);
    json_decref(o->photo_requests);
    o->p.person = NULL;
    o->document = NULL;
    o->photo_requests = NULL;
}

PGconn *dk_proposal_db(dk_intake *in, dk_outcome *o)
{
    char err[512];
    PGconn *pg = dk_pgpool_get(in->pool, 5000, err, sizeof err);
    if (!pg) {
        dk_log(DK_LOG_ERROR, "database_unavailable", "%s", err);
        o->status = 503;
    }
    return pg;
}

int dk_proposal_commit(PGconn *pg, dk_outcome *o)
{
    char err[512];
    if (dk_pg_exec(pg, "COMMIT", err, sizeof err) == 0)
        return 0;
    dk_log(DK_LOG_ERROR, "proposal_commit_failed", "%s", err);
    dk_pg_rollback(pg);
    o->status = 503;
    return -1;
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* Ends the transaction with status; a database error is 503. */
static int end_with(PGconn *pg, const char *sql_end, int status)
{
    char err[512];
    if (dk_pg_exec(pg, sql_end, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
        return 503;
    }
    return status;
}

static int db_error(PGconn *pg, const char *err)
{
    dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
    dk_pg_rollback(pg);
    return 503;
}

#define READ_SQL                                                                                   \
    "SELECT a.id, a.application_id, a.interviewer_id, a.status, a.match,"                          \
    " (extract(epoch FROM a.starts_at) * 1000)::bigint,"                                           \
    " (extract(epoch FROM a.ends_at) * 1000)::bigint,"                                             \
    " (extract(epoch FROM a.held_until) * 1000)::bigint,"                                          \
    " coalesce(a.room_id, ''), p.status, p.language, p.security_code_hash, p.code_failures,"       \
    " coalesce((extract(epoch FROM p.code_locked_until) * 1000)::bigint, 0), p.ics_sequence,"      \
    " p.email, p.first_names, p.last_name,"                                                        \
    " EXISTS (SELECT 1 FROM appointments n WHERE n.application_id = a.application_id"              \
    "         AND n.id <> a.id AND n.proposed_at > a.proposed_at)"                                 \
    " FROM appointments a JOIN applications p ON p.id = a.application_id"
static const char *const read_sql = READ_SQL " WHERE a.token_hash = $1";

/* p from row 0 of READ_SQL: the stored code hash into stored (80), the
 * wrong-code count into failures; returns 1 when a later appointment of
 * the application superseded this one. */
static int fill(const PGresult *r, dk_proposal *p, char *stored, int *failures)
{
    copy(p->appointment_id, sizeof p->appointment_id, PQgetvalue(r, 0, 0));
    copy(p->application_id, sizeof p->application_id, PQgetvalue(r, 0, 1));
    copy(p->interviewer_id, sizeof p->interviewer_id, PQgetvalue(r, 0, 2));
    copy(p->appointment_status, sizeof p->appointment_status, PQgetvalue(r, 0, 3));
    copy(p->match, sizeof p->match, PQgetvalue(r, 0, 4));
    p->starts_at = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
    p->ends_at = strtoll(PQgetvalue(r, 0, 6), NULL, 10);
    p->held_until = strtoll(PQgetvalue(r, 0, 7), NULL, 10);
    copy(p->room_id, sizeof p->room_id, PQgetvalue(r, 0, 8));
    copy(p->status, sizeof p->status, PQgetvalue(r, 0, 9));
    copy(p->language, sizeof p->language, PQgetvalue(r, 0, 10));
    copy(stored, 80, PQgetvalue(r, 0, 11));
    *failures = atoi(PQgetvalue(r, 0, 12));
    p->locked_until = strtoll(PQgetvalue(r, 0, 13), NULL, 10);
    p->ics_sequence = atoi(PQgetvalue(r, 0, 14));
    json_decref(p->person);
    p->person = json_pack("{s:s, s:s, s:s}", "email", PQgetvalue(r, 0, 15), "first_names",
                          PQgetvalue(r, 0, 16), "last_name", PQgetvalue(r, 0, 17));
    return PQgetvalue(r, 0, 18)[0] == 't';
}

/* Why a (found) appointment is over, or NULL while it is live. */
static const char *ended_reason(const dk_proposal *p, int superseded, int64_t now)
{
    const char *s = p->appointment_status;
    if (!strcmp(s, "replaced") || !strcmp(s, "cancelled") || !strcmp(s, "expired") ||
        !strcmp(s, "withdrawn"))
        return !strcmp(s, "replaced")    ? "replaced"
               : !strcmp(s, "cancelled") ? "cancelled"
               : !strcmp(s, "expired")   ? "expired"
                                         : "withdrawn";
    if (superseded)
        return "replaced";
    /* The interview took place (or the applicant was absent): the link is
     * over, and says what comes next (after_interview). */
    if (!strcmp(s, "completed") || !strcmp(s, "no_show"))
        return "interview_held";
    /* A hold past its end is over even before the scheduler's sweep says so,
     * unless the applicant already answered with a document. */
    if (!strcmp(s, "held") && p->held_until <= now &&
        (!strcmp(p->status, "proposed") || !strcmp(p->status, "document_rejected")))
        return "expired";
    return NULL;
}

/* What came of the interview, by the application's status now (a
 * correction of the outcome changes it). */
static const char *after_interview(const dk_proposal *p)
{
    static const char *const outcomes[][2] = {{"awaiting_activation", "approved"},
                                              {"missing_information", "missing_information"},
                                              {"rejected", "rejected"},
                                              {"no_show", "no_show"}};
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (!strcmp(p->status, outcomes[i][0]))
            return outcomes[i][1];
    return !strcmp(p->appointment_status, "no_show") ? "no_show" : "held";
}

/* One more wrong code, in one statement: a run-out lock starts the count
 * afresh, and reaching the limit locks the link. */
static const char *const failure_sql =
    "UPDATE applications SET"
    " code_failures = CASE WHEN code_locked_until <= $2::timestamptz THEN 1"
    "                      ELSE code_failures + 1 END,"
    " code_locked_until = CASE"
    "   WHEN (CASE WHEN code_locked_until <= $2::timestamptz THEN 1 ELSE code_failures + 1 END)"
    "        >= $3::int THEN $2::timestamptz + make_interval(mins => $4::int)"
    "   WHEN code_locked_until <= $2::timestamptz THEN NULL"
    "   ELSE code_locked_until END"
    " WHERE id = $1::uuid RETURNING code_failures";

static int count_failure(dk_intake *in, PGconn *pg, const dk_proposal *p, int64_t now)
{
    char ts[32], tries[16], minutes[16], err[512];
    dk_iso8601_utc(now, ts);
    snprintf(tries, sizeof tries, "%d", in->max_tries);
    snprintf(minutes, sizeof minutes, "%d", in->lock_minutes);
    const char *params[] = {p->application_id, ts, tries, minutes};
    PGresult *r = dk_pg_query(pg, failure_sql, 4, params, err, sizeof err);
    if (!r)
        return db_error(pg, err);
    int failures = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    dk_logj(DK_LOG_WARN, "wrong_security_code",
            json_pack("{s:s, s:i, s:b}", "application_id", p->application_id, "failures", failures,
                      "locked", failures >= in->max_tries));
    return end_with(pg, "COMMIT", 401);
}

static int code_matches(dk_intake *in, const dk_proposal *p, const char *typed, const char *stored)
{
    char norm[DK_SECURITY_CODE_LEN + 1], hash[65];
    if (!typed || !*typed || strlen(stored) != 64 || dk_security_code_normalise(typed, norm) != 0)
        return 0;
    dk_intake_code_hash(in->code_key, p->application_id, norm, hash);
    return dk_ct_equal(hash, stored, 64);
}

/* A right code clears the count of wrong ones (and a lock that ran out). */
static int reset_failures(PGconn *pg, dk_proposal *p, int failures)
{
    if (failures == 0 && p->locked_until == 0)
        return 0;
    char err[512];
    const char *params[] = {p->application_id};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE applications SET code_failures = 0, code_locked_until = NULL"
                              " WHERE id = $1::uuid",
                              1, params, err, sizeof err);
    if (!r) {
        db_error(pg, err);
        return -1;
    }
    PQclear(r);
    p->locked_until = 0;
    return 0;
}

/* A link that is locked or has ended says why only to whoever shows to be
 * the applicant; to anyone else (a bare look, a missing code, a stale
 * session) it says only that it cannot be used: 410, p->ended NULL.
 * - Locked: no code is checked (checking would make the lock an oracle, and
 *   even a right code waits), so whoever brings a code, right or wrong, or a
 *   session of this live appointment hears 429 and until when; nothing is
 *   counted.
 * - Ended: a code is checked; a wrong one counts towards the lock (401) as
 *   on a live link, a right one hears the reason (410, p->ended set). A
 *   session never does (sessions end with their appointment), but for an
 *   interview that took place: the applicant's page was open during it. */
static int unusable(dk_intake *in, PGconn *pg, dk_proposal *p, const dk_credential *cred,
                    const char *ended, const char *stored, int failures, int64_t now)
{
    p->ended = NULL;
    int has_code = cred->kind == DK_CRED_CODE && cred->value && *cred->value;
    if (p->locked_until > now) {
        int shown = has_code;
        if (cred->kind == DK_CRED_SESSION && !ended) {
            shown = dk_session_check(pg, p->appointment_id, cred->value, now);
            if (shown < 0) {
                dk_pg_rollback(pg);
                return 503;
            }
        }
        return end_with(pg, "ROLLBACK", shown ? 429 : 410);
    }
    if (cred->kind == DK_CRED_SESSION && ended && !strcmp(ended, "interview_held")) {
        int live = dk_session_check(pg, p->appointment_id, cred->value, now);
        if (live < 0) {
            dk_pg_rollback(pg);
            return 503;
        }
        if (live)
            p->ended = ended;
        return end_with(pg, "ROLLBACK", 410);
    }
    if (!has_code)
        return end_with(pg, "ROLLBACK", 410);
    if (!code_matches(in, p, cred->value, stored))
        return count_failure(in, pg, p, now);
    if (reset_failures(pg, p, failures) != 0)
        return 503;
    p->ended = ended;
    return end_with(pg, "COMMIT", 410);
}

int dk_proposal_open(dk_intake *in, PGconn *pg, const char *token, const dk_credential *cred,
                     int64_t now, dk_proposal *p)
{
    if (!token || !dk_token_valid(token))
        return 404;
    char hash[65], err[512];
    dk_token_hash(token, hash);
    if (dk_pgpool_begin(pg, err, sizeof err) != 0)
        return db_error(pg, err);
    /* Lock the application first (the order every writer keeps), then read
     * the appointment and the application as they are once we hold it. */
    const char *params[] = {hash};
    PGresult *r = dk_pg_query(pg,
                              "SELECT id FROM applications WHERE id = "
                              "(SELECT application_id FROM appointments WHERE token_hash = $1) "
                              "FOR UPDATE",
                              1, params, err, sizeof err);
    if (!r)
        return db_error(pg, err);
    int n = PQntuples(r);
    PQclear(r);
    if (n == 0)
        return end_with(pg, "ROLLBACK", 404);
    r = dk_pg_query(pg, read_sql, 1, params, err, sizeof err);
    if (!r)
        return db_error(pg, err);
    if (PQntuples(r) != 1) {
        PQclear(r);
        return end_with(pg, "ROLLBACK", 404);
    }
    char stored[80];
    int failures = 0;
    int superseded = fill(r, p, stored, &failures);
    PQclear(r);

    const char *ended = ended_reason(p, superseded, now);
    p->after = ended && !strcmp(ended, "interview_held") ? after_interview(p) : NULL;
    if (p->locked_until > now || ended)
        return unusable(in, pg, p, cred, ended, stored, failures, now);
    switch (cred->kind) {
    case DK_CRED_NONE:
        return 200;
    case DK_CRED_SESSION: {
        int ok = dk_session_check(pg, p->appointment_id, cred->value, now);
        if (ok < 0) {
            dk_pg_rollback(pg);
            return 503;
        }
        return ok ? 200 : end_with(pg, "ROLLBACK", 401);
    }
    case DK_CRED_CODE:
        break;
    }
    if (!code_matches(in, p, cred->value, stored))
        return count_failure(in, pg, p, now);
    return reset_failures(pg, p, failures) == 0 ? 200 : 503;
}

int dk_proposal_open_for(dk_intake *in, PGconn *pg, const char *token, const dk_credential *cred,
                         const char *action, int64_t now, dk_outcome *o)
{
    o->status = dk_proposal_open(in, pg, token, cred, now, &o->p);
    o->found = o->status != 404 && o->p.person != NULL;
    if (o->status != 200)
        return 0;
    o->conflict = dk_proposal_refusal(&o->p, action, now);
    if (o->conflict) {
        dk_proposal_commit(pg, o);
        if (o->status == 200)
            o->status = 409;
        return 0;
    }
    return 1;
}

const char *dk_proposal_refusal(const dk_proposal *p, const char *action, int64_t now)
{
    if (p->starts_at <= now)
        return "conflict_started";
    const char *s = p->status;
    int open = !strcmp(s, "proposed") || !strcmp(s, "document_rejected");
    int pending = !strcmp(s, "document_pending"), reserved = !strcmp(s, "reserved");
    if (!strcmp(action, "accept"))
        return open       ? NULL
               : pending  ? "conflict_pending"
               : reserved ? "conflict_reserved"
                          : "conflict_state";
    return open || pending || reserved ? NULL : "conflict_state";
}

json_t *dk_proposal_actions(const dk_proposal *p, int64_t now)
{
    static const char *const all[] = {"accept", "reschedule", "cancel", NULL};
    json_t *a = json_array();
    for (const char *const *x = all; *x; x++)
        if (!dk_proposal_refusal(p, *x, now))
            json_array_append_new(a, json_string(*x));
    return a;
}

/* The latest upload made for this appointment: its status and, when its
 * images were rejected, what to fix, in lang. NULL when there is none. */
static json_t *latest_upload(PGconn *pg, const dk_proposal *p, const char *lang, int *failed)
{
    char err[512];
    const char *params[] = {p->appointment_id};
    PGresult *r = dk_pg_query(
        pg,
        "SELECT u.status, coalesce((SELECT jsonb_agg(DISTINCT x) FROM documents d,"
        " unnest(d.reasons) AS x WHERE d.upload_id = u.id AND d.status = 'rejected'), '[]')"
        " FROM document_uploads u WHERE u.appointment_id = $1::uuid"
        " AND u.photo_request_id IS NULL" /* a photo asked in the interview: its own block */
        " ORDER BY u.uploaded_at DESC, u.id LIMIT 1",
        1, params, err, sizeof err);
    *failed = r == NULL;
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return NULL;
    }
    json_t *doc = NULL;
    if (PQntuples(r) == 1) {
        json_t *codes = json_loads(PQgetvalue(r, 0, 1), 0, NULL);
        doc = json_pack("{s:s, s:o}", "status", PQgetvalue(r, 0, 0), "problems",
                        dk_doc_reasons_json(codes, lang));
        json_decref(codes);
    }
    PQclear(r);
    return doc;
}

void dk_proposal_view(dk_intake *in, const char *token, const dk_credential *cred, const char *lang,
                      dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    o->status = dk_proposal_open(in, pg, token, cred, dk_now_ms(), &o->p);
    o->found = o->status != 404 && o->p.person != NULL;
    if (o->status == 200 && cred->kind != DK_CRED_NONE) {
        int failed = 0;
        o->document = latest_upload(pg, &o->p, lang ? lang : o->p.language, &failed);
        if (!failed)
            failed = dk_proposal_interview_extras(pg, o, dk_now_ms()) != 0;
        if (!failed && !dk_proposal_refusal(&o->p, "accept", dk_now_ms())) {
            o->has_previous = dk_previous_document(pg, &o->p, &o->previous);
            failed = o->has_previous < 0;
            o->has_previous = o->has_previous > 0;
        }
        if (failed) {
            dk_pg_rollback(pg);
            o->status = 503;
        }
    }
    if (o->status == 200)
        dk_proposal_commit(pg, o);
    dk_pgpool_put(in->pool, pg);
}

int dk_proposal_load_live(PGconn *pg, const char *application_id, dk_proposal *p)
{
    char err[512], stored[80];
    const char *params[] = {application_id};
    PGresult *r = dk_pg_query(pg,
                              READ_SQL " WHERE a.application_id = $1::uuid"
                                       " AND a.status IN ('held', 'reserved')"
                                       " ORDER BY a.proposed_at DESC LIMIT 1",
                              1, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found) {
        int failures;
        fill(r, p, stored, &failures);
    }
    PQclear(r);
    return found;
}
