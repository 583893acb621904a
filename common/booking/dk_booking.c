/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking.c — appointment changes shared by several programs (see
 * dk_booking.h). */
#include "booking/dk_booking.h"

#include "belgium/dk_hours.h"
#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_booking_ics_uid(const char *application_id, char *out, size_t n)
{
    snprintf(out, n, "%s@digitalkey", application_id);
}

json_t *dk_booking_calendar(const char *application_id, const char *method, int sequence,
                            const char *start, const char *end, const char *video_url)
{
    char uid[96];
    dk_booking_ics_uid(application_id, uid, sizeof uid);
    json_t *c = json_pack("{s:s, s:s, s:i, s:s, s:s}", "method", method, "uid", uid, "sequence",
                          sequence, "start", start, "end", end);
    if (c && video_url)
        json_object_set_new(c, "video_url", json_string(video_url));
    return c;
}

json_t *dk_booking_changed_row(const char *application_id, const char *appointment_id,
                               const char *change, const char *interviewer_id, const char *start,
                               const char *end, const char *match)
{
    json_t *data =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "appointment_id", appointment_id, "change", change,
                  "interviewer_id", interviewer_id, "start", start, "end", end);
    if (match && *match)
        json_object_set_new(data, "match", json_string(match));
    char name[96], id[37];
    snprintf(name, sizeof name, "%s:%s", change, appointment_id);
    dk_uuid_v5("dk.appointment.changed", name, id);
    return dk_outbox_row(DK_TOPIC_APPOINTMENTS, application_id,
                         dk_envelope_new("appointment.changed", 1, application_id, data, id));
}

/* The schedule.requested envelope. A retry (new capacity for a waiting
 * application) may happen again later: it gets a fresh id; every other
 * cause happens once. */
static json_t *schedule_envelope(const char *application_id, const char *reason,
                                 const char *previous_appointment_id)
{
    json_t *data = json_pack("{s:s}", "reason", reason);
    if (previous_appointment_id)
        json_object_set_new(data, "previous_appointment_id", json_string(previous_appointment_id));
    char name[128], id[37];
    snprintf(name, sizeof name, "%s:%s", reason,
             previous_appointment_id ? previous_appointment_id : application_id);
    dk_uuid_v5("dk.schedule", name, id);
    int again = strcmp(reason, "retry") == 0;
    return dk_envelope_new("schedule.requested", 1, application_id, data, again ? NULL : id);
}

json_t *dk_booking_schedule_row(const char *application_id, const char *reason,
                                const char *previous_appointment_id)
{
    return dk_outbox_row(DK_TOPIC_SCHEDULE, application_id,
                         schedule_envelope(application_id, reason, previous_appointment_id));
}

char *dk_booking_schedule_text(const char *application_id, const char *reason,
                               const char *previous_appointment_id)
{
    json_t *env = schedule_envelope(application_id, reason, previous_appointment_id);
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    return text;
}

int dk_booking_retry_waiting(PGconn *pg, json_t *rows, const char *interviewer_id, int limit,
                             int64_t now_ms, char *err, size_t errlen)
{
    char lim[16], now[32], max[16];
    snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 0);
    dk_iso8601_utc(now_ms, now);
    snprintf(max, sizeof max, "%ld", dk_config_int("DK_MAX_LIVE_PER_SOURCE"));
    const char *p[] = {interviewer_id, lim, now, max};
    /* Not an applicant whose source already holds its limit: the planning
     * would put it back to wait, and the freed slot would serve no one. */
    PGresult *r = dk_pg_query(pg,
                              "WITH picked AS (SELECT a.id FROM applications a, interviewers i"
                              "  WHERE i.id = $1::uuid AND a.status = 'waiting'"
                              "  AND a.waiting_reason IS DISTINCT FROM 'source_limit'"
                              "  AND a.language = ANY(i.languages)"
                              "  AND NOT EXISTS (SELECT 1 FROM applications s JOIN appointments h"
                              "   ON h.application_id = s.id AND h.status = 'held'"
                              "   WHERE s.source_key = a.source_key HAVING count(*) >= $4::int)"
                              "  ORDER BY a.submitted_at, a.id LIMIT NULLIF($2::int, 0)"
                              "  FOR UPDATE OF a SKIP LOCKED)"
                              " UPDATE applications a SET status = 'submitted',"
                              "  waiting_reason = NULL, updated_at = $3::timestamptz"
                              "  FROM picked WHERE a.id = picked.id"
                              " RETURNING a.id",
                              4, p, err, errlen);
    if (!r)
        return -1;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, dk_booking_schedule_row(PQgetvalue(r, i, 0), "retry", NULL));
    PQclear(r);
    return n;
}

static const char *const expire_sql =
    "WITH due AS ("
    " SELECT p.id FROM appointments p JOIN applications a ON a.id = p.application_id"
    " WHERE p.id IN (SELECT (jsonb_array_elements_text($2::jsonb))::uuid)"
    "  AND p.status = 'held' AND p.held_until <= $1::timestamptz"
    "  AND a.status IN ('proposed', 'document_rejected')"
    " ORDER BY p.held_until, p.id FOR UPDATE OF p, a),"
    "ended AS ("
    " UPDATE appointments p SET status = 'expired', ended_at = $1::timestamptz FROM due"
    " WHERE p.id = due.id"
    " RETURNING p.id, p.application_id, p.interviewer_id, p.starts_at, p.ends_at, p.match),"
    "apps AS ("
    " UPDATE applications a SET status = 'expired', updated_at = $1::timestamptz FROM ended"
    " WHERE a.id = ended.application_id"
    " RETURNING a.id, a.language, a.email, a.first_names, a.last_name)"
    "SELECT e.id, e.application_id, e.interviewer_id, dk_iso(e.starts_at), dk_iso(e.ends_at),"
    " e.match, a.language, a.email, a.first_names, a.last_name"
    " FROM ended e JOIN apps a ON a.id = e.application_id ORDER BY e.id";

long dk_booking_expire_appointments(PGconn *pg, const json_t *appointment_ids, int64_t now_ms,
                                    json_t *expired, char *err, size_t errlen)
{
    if (json_array_size(appointment_ids) == 0)
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    char *ids = dk_json_text(appointment_ids);
    const char *p[] = {now, ids};
    PGresult *r = ids ? dk_pg_query(pg, expire_sql, 2, p, err, errlen) : NULL;
    if (!ids)
        snprintf(err, errlen, "out of memory");
    free(ids);
    if (!r)
        return -1;
    long n = PQntuples(r);
    json_t *rows = json_array();
    for (long i = 0; i < n; i++) {
        const char *appt = PQgetvalue(r, i, 0), *app = PQgetvalue(r, i, 1);
        const char *start = PQgetvalue(r, i, 3), *end = PQgetvalue(r, i, 4);
        char key[96];
        snprintf(key, sizeof key, "proposal_expired:%s", appt);
        json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s}", "first_names", PQgetvalue(r, i, 8),
                                 "last_name", PQgetvalue(r, i, 9), "application_id", app,
                                 "slot_start", start, "slot_end", end);
        json_array_append_new(rows, dk_mailjob_row("proposal_expired", PQgetvalue(r, i, 6),
                                                   PQgetvalue(r, i, 7), key, app, vars));
        json_array_append_new(rows,
                              dk_booking_changed_row(app, appt, "expired", PQgetvalue(r, i, 2),
                                                     start, end, PQgetvalue(r, i, 5)));
        json_array_append_new(expired, json_string(appt));
    }
    /* Freed slots counted per interviewer: one waiting applicant each; and
     * each expired proposal frees a place of its source. */
    json_t *freed = json_object(), *apps = json_array();
    for (long i = 0; i < n; i++) {
        const char *iv = PQgetvalue(r, i, 2);
        json_object_set_new(freed, iv,
                            json_integer(json_integer_value(json_object_get(freed, iv)) + 1));
        json_array_append_new(apps, json_string(PQgetvalue(r, i, 1)));
    }
    PQclear(r);
    int rc = dk_booking_retry_source(pg, rows, apps, now_ms, err, errlen) < 0 ? -1 : 0;
    json_decref(apps);
    const char *iv;
    json_t *count;
    json_object_foreach(freed, iv, count)
    {
        int slots = (int)json_integer_value(count);
        if (rc == 0 && dk_booking_retry_waiting(pg, rows, iv, slots, now_ms, err, errlen) < 0)
            rc = -1;
    }
    json_decref(freed);
    if (rc == 0 && n > 0)
        rc = dk_outbox_add_rows(pg, rows, err, errlen);
    json_decref(rows);
    return rc == 0 ? n : -1;
}

/* 1 when [start, end) is one of the interviewer's slots on that day. */
static int within_hours(const dk_hours *h, int64_t start_ms, int64_t end_ms)
{
    dk_date d;
    int minute;
    dk_brussels_local(start_ms, &d, &minute);
    int length = (int)((end_ms - start_ms) / 60000);
    int starts[24 * 60];
    int n = dk_hours_slots(h, dk_date_weekday(d), length, starts, 24 * 60);
    for (int i = 0; i < n; i++)
        if (starts[i] == minute)
            return 1;
    return 0;
}

static const char *const live_sql =
    "SELECT p.id, p.application_id, p.status, dk_iso(p.starts_at), dk_iso(p.ends_at), p.match,"
    " i.hours, (extract(epoch FROM p.starts_at) * 1000)::bigint,"
    " (extract(epoch FROM p.ends_at) * 1000)::bigint,"
    " EXISTS (SELECT 1 FROM interviewer_absences b WHERE b.interviewer_id = p.interviewer_id"
    "  AND tstzrange(b.starts_at, b.ends_at) && tstzrange(p.starts_at, p.ends_at))"
    " FROM appointments p JOIN interviewers i ON i.id = p.interviewer_id"
    " WHERE p.interviewer_id = $1::uuid AND p.status IN ('held', 'reserved')"
    " AND p.starts_at > $2::timestamptz ORDER BY p.starts_at FOR UPDATE OF p";

static const char *const withdraw_sql =
    "WITH w AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(id uuid, reserved boolean)),"
    "ended AS (UPDATE appointments p SET status = 'withdrawn', ended_at = $2::timestamptz"
    " FROM w WHERE p.id = w.id RETURNING p.application_id, w.reserved)"
    "UPDATE applications a SET status = 'rescheduling', updated_at = $2::timestamptz,"
    " ics_sequence = a.ics_sequence + CASE WHEN ended.reserved THEN 1 ELSE 0 END"
    " FROM ended WHERE a.id = ended.application_id";

long dk_booking_withdraw_unavailable(PGconn *pg, const char *interviewer_id, int64_t now_ms,
                                     char *err, size_t errlen)
{
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {interviewer_id, now};
    /* Their applications first: the intake locks application, then appointment. */
    PGresult *r = dk_pg_query(pg,
                              "SELECT 1 FROM applications WHERE id IN (SELECT application_id"
                              " FROM appointments WHERE interviewer_id = $1::uuid"
                              " AND status IN ('held', 'reserved') AND starts_at > $2::timestamptz)"
                              " ORDER BY id FOR UPDATE",
                              2, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    r = dk_pg_query(pg, live_sql, 2, p, err, errlen);
    if (!r)
        return -1;
    json_t *gone = json_array(), *rows = json_array();
    for (int i = 0; i < PQntuples(r); i++) {
        dk_hours h;
        char why[256];
        int absent = strcmp(PQgetvalue(r, i, 9), "t") == 0;
        int64_t s = strtoll(PQgetvalue(r, i, 7), NULL, 10),
                e = strtoll(PQgetvalue(r, i, 8), NULL, 10);
        int off_hours = dk_hours_parse(PQgetvalue(r, i, 6), &h, why, sizeof why) != 0 ||
                        !within_hours(&h, s, e);
        if (!absent && !off_hours)
            continue;
        const char *appt = PQgetvalue(r, i, 0), *app = PQgetvalue(r, i, 1);
        json_array_append_new(gone, json_pack("{s:s, s:b}", "id", appt, "reserved",
                                              strcmp(PQgetvalue(r, i, 2), "reserved") == 0));
        json_array_append_new(rows, dk_booking_schedule_row(app, "interviewer_changed", appt));
        json_array_append_new(rows, dk_booking_changed_row(app, appt, "withdrawn", interviewer_id,
                                                           PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
                                                           PQgetvalue(r, i, 5)));
    }
    PQclear(r);
    long n = (long)json_array_size(gone);
    int rc = 0;
    if (n > 0) {
        char *text = dk_json_text(gone);
        const char *q[] = {text, now};
        PGresult *u = dk_pg_query(pg, withdraw_sql, 2, q, err, errlen);
        free(text);
        rc = u ? dk_outbox_add_rows(pg, rows, err, errlen) : -1;
        PQclear(u);
        json_t *ids = json_array();
        for (size_t i = 0; rc == 0 && i < json_array_size(gone); i++)
            json_array_append(ids, json_object_get(json_array_get(gone, i), "id"));
        if (rc == 0 &&
            dk_timer_cancel_appointments(pg, ids, NULL, "withdrawn", now_ms, err, errlen) < 0)
            rc = -1;
        json_decref(ids);
    }
    json_decref(gone);
    json_decref(rows);
    return rc == 0 ? n : -1;
}
