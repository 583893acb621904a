/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_photo_request.c — asking the applicant for a new photo during the
 * interview, the open requests the applicant's page shows, closing one on
 * an accepted verdict, and the interview's images for the dossier (see
 * dk_photo_request.h). */
#include "interview/dk_photo_request.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "interview/dk_audit.h"
#include "interview/dk_interview_internal.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *subject, *kind, *side;
} subjects[] = {
    {"id_card_front", "id_card", "front"},
    {"id_card_back", "id_card", "back"},
    {"passport_page", "passport", "front"},
};

int dk_interview_photo_subject(const char *subject, const char **kind, const char **side)
{
    for (size_t i = 0; subject && i < sizeof subjects / sizeof subjects[0]; i++)
        if (!strcmp(subject, subjects[i].subject)) {
            *kind = subjects[i].kind;
            *side = subjects[i].side;
            return 1;
        }
    return 0;
}

static int refuse(PGconn *pg, const char **refusal, const char *code)
{
    *refusal = code;
    dk_pg_rollback(pg);
    return 1;
}

int dk_interview_photo_request(PGconn *pg, const dk_interview_actor *who,
                               const char *appointment_id, const char *subject, int64_t now_ms,
                               char request_id[37], int *created, const char **refusal, char *err,
                               size_t errlen)
{
    const char *kind, *side;
    *created = 0;
    request_id[0] = '\0';
    if (!dk_interview_photo_subject(subject, &kind, &side)) {
        *refusal = "subject_unknown";
        return 1;
    }
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    if (ctx.has_outcome)
        return refuse(pg, refusal, "interview_closed");
    if (strcmp(ctx.appointment_status, "reserved") != 0 ||
        strcmp(ctx.application_status, "reserved") != 0)
        return refuse(pg, refusal, "interview_not_reserved");
    const char *p[] = {ctx.appointment_id, subject};
    PGresult *r = dk_pg_query(pg,
                              "SELECT id FROM interview_photo_requests WHERE appointment_id ="
                              " $1::uuid AND subject = $2 AND answered_at IS NULL",
                              2, p, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    if (PQntuples(r) == 1)
        snprintf(request_id, 37, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (!request_id[0]) {
        char now[32];
        dk_iso8601_utc(now_ms, now);
        if (dk_uuid_v4(request_id) != 0) {
            dk_errf(err, errlen, "no random bytes for the photo request's id");
            return dk_interview_end(pg, -1, err, errlen);
        }
        const char *q[] = {request_id, ctx.appointment_id, ctx.application_id,
                           subject,    who->staff_id,      now};
        r = dk_pg_query(pg,
                        "INSERT INTO interview_photo_requests (id, appointment_id, application_id,"
                        " subject, staff_id, requested_at) VALUES ($1::uuid, $2::uuid, $3::uuid,"
                        " $4, $5::uuid, $6::timestamptz)",
                        6, q, err, errlen);
        if (!r)
            return dk_interview_end(pg, -1, err, errlen);
        PQclear(r);
        *created = 1;
    }
    json_t *detail = json_pack("{s:s, s:b}", "subject", subject, "new", *created);
    rc = dk_interview_audit_ctx(pg, who, &ctx, "photo_request.asked", request_id, detail, now_ms,
                                err, errlen);
    json_decref(detail);
    return dk_interview_end(pg, rc, err, errlen);
}

/* The one JSON value a query returns, parsed; NULL on error. */
static json_t *json_result(PGconn *pg, const char *sql, const char *appointment_id, char *err,
                           size_t errlen)
{
    if (!appointment_id || !dk_uuid_valid(appointment_id))
        return json_array();
    const char *p[] = {appointment_id};
    PGresult *r = dk_pg_query(pg, sql, 1, p, err, errlen);
    if (!r)
        return NULL;
    json_error_t jerr;
    json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, &jerr);
    PQclear(r);
    if (!v)
        dk_errf(err, errlen, "photo requests: %s", jerr.text);
    return v;
}

/* The kind and side of a subject, in SQL (the table above). */
#define KIND_OF(s) "CASE " s " WHEN 'passport_page' THEN 'passport' ELSE 'id_card' END"
#define SIDE_OF(s) "CASE " s " WHEN 'id_card_back' THEN 'back' ELSE 'front' END"

json_t *dk_interview_photo_open(PGconn *pg, const char *appointment_id, char *err, size_t errlen)
{
    return json_result(
        pg,
        "SELECT coalesce(json_agg(json_build_object('id', q.id, 'subject', q.subject,"
        " 'kind', " KIND_OF("q.subject") ", 'side', " SIDE_OF(
            "q.subject") ","
                         " 'requested_at', (extract(epoch FROM q.requested_at) * 1000)::bigint,"
                         " 'upload', (SELECT json_build_object('status', u.status, 'reasons',"
                         "    (SELECT coalesce(json_agg(DISTINCT x), '[]') FROM documents d, "
                         "unnest(d.reasons) x"
                         "     WHERE d.upload_id = u.id AND d.status = 'rejected'))"
                         "   FROM document_uploads u WHERE u.photo_request_id = q.id"
                         "   ORDER BY u.uploaded_at DESC, u.id DESC LIMIT 1))"
                         " ORDER BY q.requested_at, q.id), '[]')::text"
                         " FROM interview_photo_requests q WHERE q.appointment_id = $1::uuid"
                         " AND q.answered_at IS NULL",
        appointment_id, err, errlen);
}

int dk_interview_photo_find_open(PGconn *pg, const char *appointment_id, const char *request_id,
                                 char subject[16], char *err, size_t errlen)
{
    subject[0] = '\0';
    if (!appointment_id || !request_id || !dk_uuid_valid(appointment_id) ||
        !dk_uuid_valid(request_id))
        return 0;
    const char *p[] = {request_id, appointment_id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT subject FROM interview_photo_requests WHERE id = $1::uuid"
                              " AND appointment_id = $2::uuid AND answered_at IS NULL FOR UPDATE",
                              2, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        snprintf(subject, 16, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return found;
}

int dk_interview_photo_answered(PGconn *pg, const char *upload_id, int64_t now_ms, char *err,
                                size_t errlen)
{
    if (!upload_id || !dk_uuid_valid(upload_id))
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {upload_id, now};
    PGresult *r = dk_pg_query(
        pg,
        "UPDATE interview_photo_requests q SET answered_at = $2::timestamptz, upload_id = u.id"
        " FROM document_uploads u WHERE u.id = $1::uuid AND u.status = 'accepted'"
        " AND q.id = u.photo_request_id AND q.answered_at IS NULL"
        " RETURNING q.id, q.application_id, q.appointment_id, q.subject",
        2, p, err, errlen);
    if (!r)
        return -1;
    int closed = PQntuples(r) == 1;
    int rc = 0;
    if (closed) {
        json_t *detail =
            json_pack("{s:s, s:s}", "subject", PQgetvalue(r, 0, 3), "upload_id", upload_id);
        dk_audit_event e = {.actor = "system",
                            .action = "photo_request.answered",
                            .application_id = PQgetvalue(r, 0, 1),
                            .appointment_id = PQgetvalue(r, 0, 2),
                            .object = PQgetvalue(r, 0, 0),
                            .detail = detail};
        rc = dk_audit_write(pg, &e, now_ms, err, errlen);
        json_decref(detail);
    }
    PQclear(r);
    return rc != 0 ? -1 : closed;
}

json_t *dk_interview_images(PGconn *pg, const char *appointment_id, char *err, size_t errlen)
{
    return json_result(
        pg,
        "SELECT coalesce(json_agg(json_build_object('document_id', x.document_id,"
        " 'upload_id', x.upload_id, 'appointment_id', x.appointment_id, 'kind', x.kind,"
        " 'side', x.side, 'status', x.status, 'reasons', x.reasons,"
        " 'uploaded_at', dk_iso(x.uploaded_at), 'photo_request_id', x.photo_request_id,"
        " 'subject', x.subject)"
        " ORDER BY x.uploaded_at DESC, x.upload_id DESC, x.side DESC), '[]')::text FROM ("
        "  SELECT d.id AS document_id, u.id AS upload_id, u.appointment_id, d.kind, d.side,"
        "   d.status, to_json(d.reasons) AS reasons, u.uploaded_at, u.photo_request_id,"
        "   q.subject"
        "  FROM documents d JOIN document_uploads u ON u.id = d.upload_id"
        "  LEFT JOIN interview_photo_requests q ON q.id = u.photo_request_id"
        "  WHERE u.application_id = (SELECT application_id FROM appointments WHERE id = $1::uuid)"
        "  AND (u.status = 'accepted' OR u.photo_request_id IS NOT NULL)"
        "  UNION ALL"
        "  SELECT NULL, u.id, u.appointment_id, u.kind, " SIDE_OF(
            "q.subject") ", 'pending',"
                         "   '[]'::json, u.uploaded_at, u.photo_request_id, q.subject"
                         "  FROM document_uploads u JOIN interview_photo_requests q ON q.id = "
                         "u.photo_request_id"
                         "  WHERE u.application_id = (SELECT application_id FROM appointments "
                         "WHERE id = $1::uuid)"
                         "  AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.upload_id = u.id)) x",
        appointment_id, err, errlen);
}
