/* SPDX-License-Identifier: EUPL-1.2 */
/* interviews.c — the interviews of a day (Brussels time): GET
 * /api/v1/interviews?date=YYYY-MM-DD → {"interviews":[…]} and the page
 * /interviews (the day asked, today by default, with links to the next
 * days). An interviewer sees their own only; operators and admins see every
 * interviewer's and may give an interview to another interviewer (POST
 * …/{id}/reassign {"interviewer_id"}, audited). */
#include "console.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "interview/dk_audit.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>

#define LIST_DAYS 7 /* the page's links: today and the six days after */

static const char *const list_sql =
    "SELECT coalesce(json_agg(json_build_object("
    " 'appointment_id', p.id, 'application_id', a.id, 'start', dk_iso(p.starts_at),"
    " 'end', dk_iso(p.ends_at), 'language', a.language, 'status', p.status,"
    " 'application_status', a.status, 'interviewer_id', p.interviewer_id,"
    " 'interviewer_name', i.name, 'applicant', a.first_names || ' ' || a.last_name,"
    " 'outcome', (SELECT o.outcome FROM interview_outcomes o WHERE o.appointment_id = p.id"
    "   AND NOT EXISTS (SELECT 1 FROM interview_outcomes n WHERE n.corrects_id = o.id)),"
    " 'mine', p.interviewer_id IS NOT DISTINCT FROM nullif($3, '')::uuid"
    ") ORDER BY p.starts_at, i.name), '[]')::text"
    " FROM appointments p JOIN applications a ON a.id = p.application_id"
    " JOIN interviewers i ON i.id = p.interviewer_id"
    " WHERE p.starts_at >= $1::timestamptz AND p.starts_at < $2::timestamptz"
    " AND p.status IN ('reserved', 'completed', 'no_show')"
    " AND ($4 = 'all' OR p.interviewer_id = nullif($3, '')::uuid)";

/* The interviews of day d as a JSON array (new reference), or NULL. */
static json_t *day_list(dk_req *q, dk_date d)
{
    char from[32], to[32], err[512];
    dk_iso8601_utc(dk_brussels_to_utc_ms(d, 0), from);
    dk_iso8601_utc(dk_brussels_to_utc_ms(dk_date_add_days(d, 1), 0), to);
    const char *p[] = {from, to, q->s.interviewer_id, dk_req_sees_all(q) ? "all" : "own"};
    PGresult *r = dk_pg_query(q->pg, list_sql, 4, p, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "database_error", "%s", err);
        return NULL;
    }
    json_t *list = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
    PQclear(r);
    return list;
}

static json_t *interviewers(dk_req *q)
{
    char err[512];
    PGresult *r = dk_pg_query(q->pg,
                              "SELECT coalesce(json_agg(json_build_object('id', id, 'name', name)"
                              " ORDER BY name), '[]')::text FROM interviewers",
                              0, NULL, err, sizeof err);
    if (!r)
        return NULL;
    json_t *list = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
    PQclear(r);
    return list;
}

void dk_interviews_list(dk_req *q)
{
    if (!dk_req_session(q, NULL))
        return;
    dk_date today, day;
    dk_brussels_local(dk_now_ms(), &today, NULL);
    const char *arg = dk_req_arg(q, "date");
    if (!arg || !*arg)
        day = today;
    else if (strlen(arg) != 10 || dk_date_parse(arg, &day) != 0) {
        dk_req_fail(q, 422, "date_invalid");
        return;
    }
    json_t *list = day_list(q, day);
    if (!list) {
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    char date[11];
    dk_date_format(day, date);
    if (q->api) {
        dk_web_reply_json(q->r, 200, json_pack("{s:s, s:o}", "date", date, "interviews", list));
        return;
    }
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row)
    {
        char key[64];
        const char *o = json_string_value(json_object_get(row, "outcome"));
        const char *st = json_string_value(json_object_get(row, "status"));
        snprintf(key, sizeof key, "outcome.%s", o ? o : "");
        json_object_set_new(row, "outcome_key", json_string(key));
        snprintf(key, sizeof key, "console.status.%s", st ? st : "");
        json_object_set_new(row, "status_key", json_string(key));
    }
    json_t *days = json_array();
    for (int k = 0; k < LIST_DAYS; k++) {
        char dd[11];
        dk_date_format(dk_date_add_days(today, k), dd);
        json_array_append_new(days, json_pack("{s:s, s:b}", "date", dd, "current",
                                              dk_date_cmp(dk_date_add_days(today, k), day) == 0));
    }
    json_t *vars = json_pack("{s:s, s:s, s:o, s:o, s:b, s:s}", "title_key",
                             "console.interviews_title", "date", date, "interviews", list, "days",
                             days, "sees_all", dk_req_sees_all(q), "role", q->s.role);
    if (dk_req_sees_all(q)) {
        json_t *ivs = interviewers(q);
        json_object_set_new(vars, "interviewers", ivs ? ivs : json_array());
    }
    dk_req_page(q, 200, "interviews", vars);
}

/* The reassignment in one transaction: 0 done, 1 refused (*refusal), -1 err. */
static int reassign(dk_req *q, const char *appt, const char *to, const char **refusal, char *err,
                    size_t errlen)
{
    if (!dk_uuid_valid(appt)) {
        *refusal = "appointment_unknown";
        return 1;
    }
    if (!to || !dk_uuid_valid(to)) {
        *refusal = "interviewer_unknown";
        return 1;
    }
    if (dk_pgpool_begin(q->pg, err, errlen) != 0)
        return -1;
    const char *p[] = {appt, to};
    PGresult *r = dk_pg_query(
        q->pg,
        "SELECT p.application_id, p.interviewer_id, p.status,"
        " EXISTS (SELECT 1 FROM interview_outcomes o WHERE o.appointment_id = p.id)::text,"
        " (SELECT (a.language = ANY (i.languages))::text FROM applications a, interviewers i"
        "   WHERE a.id = p.application_id AND i.id = $2::uuid)"
        " FROM appointments p WHERE p.id = $1::uuid FOR UPDATE",
        2, p, err, errlen);
    if (!r) {
        dk_pg_rollback(q->pg);
        return -1;
    }
    char app[37] = "", from[37] = "";
    int found = PQntuples(r) == 1;
    if (!found)
        *refusal = "appointment_unknown";
    else if (strcmp(PQgetvalue(r, 0, 2), "reserved") != 0 ||
             strcmp(PQgetvalue(r, 0, 3), "true") == 0)
        *refusal = "interview_closed";
    else if (PQgetisnull(r, 0, 4))
        *refusal = "interviewer_unknown";
    else if (strcmp(PQgetvalue(r, 0, 4), "true") != 0)
        *refusal = "interviewer_language";
    if (found) {
        snprintf(app, sizeof app, "%s", PQgetvalue(r, 0, 0));
        snprintf(from, sizeof from, "%s", PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    if (*refusal) {
        dk_pg_rollback(q->pg);
        return 1;
    }
    r = dk_pg_query(q->pg, "UPDATE appointments SET interviewer_id = $2::uuid WHERE id = $1::uuid",
                    2, p, err, errlen);
    if (!r) {
        /* The exclusion constraint: the other interviewer is busy then. */
        int busy = strstr(err, "appointments_no_double_booking") != NULL;
        dk_pg_rollback(q->pg);
        if (busy) {
            *refusal = "slot_taken";
            return 1;
        }
        return -1;
    }
    PQclear(r);
    json_t *detail = json_pack("{s:s, s:s}", "from", from, "to", to);
    dk_audit_event e = {.actor = "staff",
                        .staff_id = q->s.staff_id,
                        .action = "interview.reassigned",
                        .application_id = app,
                        .appointment_id = appt,
                        .object = to,
                        .address = q->addr,
                        .detail = detail};
    int rc = dk_audit_write(q->pg, &e, dk_now_ms(), err, errlen);
    json_decref(detail);
    if (rc == 0 && dk_pg_exec(q->pg, "COMMIT", err, errlen) != 0)
        rc = -1;
    if (rc != 0)
        dk_pg_rollback(q->pg);
    return rc;
}

void dk_interviews_reassign(dk_req *q, const char *appointment_id)
{
    json_t *body = q->api ? dk_req_json(q) : dk_req_form(q);
    if (!body)
        return;
    if (!dk_req_session(q, body)) {
        json_decref(body);
        return;
    }
    if (!dk_req_sees_all(q)) {
        dk_req_fail(q, 403, "role");
        json_decref(body);
        return;
    }
    char err[512];
    const char *refusal = NULL;
    int rc =
        reassign(q, appointment_id, dk_req_str(body, "interviewer_id"), &refusal, err, sizeof err);
    json_decref(body);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "reassign_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
    } else if (rc == 1) {
        dk_req_fail(q, dk_refusal_status(refusal), refusal);
    } else if (q->api) {
        dk_web_reply_json(q->r, 200, json_pack("{s:s}", "status", "reassigned"));
    } else {
        dk_req_redirect(q, "/interviews");
    }
}
