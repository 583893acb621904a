/* SPDX-License-Identifier: EUPL-1.2 */
/* dossier.c — an interview's dossier: GET /api/v1/interviews/{id} →
 * {application, appointment, documents (each with what its MRZ says, how
 * it compares with the request, its expiry and the register's answer),
 * captures, security_features, checks, session_code, history} and the page /interviews/{id} with
 * the forms of the checks, the session code and the outcome. The document images and captures are
 * served by their own URL, read from the encrypted document store and decrypted in memory only
 * (never written to disk), answered with Cache-Control: no-store (every answer of common/web has
 * it). Every view of a dossier, an image or a capture is an audit row; another interviewer's
 * dossier is 403, and that attempt is an audit row too. */
#include "belgium/dk_video.h"
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "interview/dk_interview.h"
#include "store/dk_docstore.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_dossier_may_see(dk_req *q, const char *appt, char app[37], char kind[16])
{
    if (!dk_uuid_valid(appt)) {
        dk_req_fail(q, 404, "appointment_unknown");
        return 0;
    }
    char err[512];
    const char *p[] = {appt};
    PGresult *r = dk_pg_query(q->pg,
                              "SELECT p.application_id, p.interviewer_id,"
                              " coalesce((SELECT u.kind FROM document_uploads u"
                              "   WHERE u.application_id = p.application_id"
                              "   AND u.status = 'accepted' ORDER BY u.uploaded_at DESC LIMIT 1),"
                              " '') FROM appointments p WHERE p.id = $1::uuid",
                              1, p, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "database_error", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        return 0;
    }
    int found = PQntuples(r) == 1;
    int own =
        found && (dk_req_sees_all(q) || strcmp(PQgetvalue(r, 0, 1), q->s.interviewer_id) == 0);
    if (found) {
        snprintf(app, 37, "%s", PQgetvalue(r, 0, 0));
        snprintf(kind, 16, "%s", PQgetvalue(r, 0, 2));
    }
    PQclear(r);
    if (!found) {
        dk_req_fail(q, 404, "appointment_unknown");
        return 0;
    }
    if (!own) {
        dk_interview_actor who = {q->s.staff_id, q->addr};
        json_t *detail = json_pack("{s:s}", "url", q->rq->url);
        if (dk_interview_audit(q->pg, &who, "access.denied", app, appt, NULL, detail, dk_now_ms(),
                               err, sizeof err) != 0)
            dk_log(DK_LOG_ERROR, "audit_failed", "%s", err);
        json_decref(detail);
        dk_log(DK_LOG_WARN, "access_denied", "staff %s on appointment %s", q->s.staff_id, appt);
        dk_req_fail(q, 403, "not_your_interview");
        return 0;
    }
    return 1;
}

static const char *const dossier_sql =
    "SELECT json_build_object("
    " 'application', (SELECT json_build_object('id', a.id, 'status', a.status,"
    "   'language', a.language, 'last_name', a.last_name, 'first_names', a.first_names,"
    "   'birth_date', a.birth_date, 'birth_country', a.birth_country,"
    "   'birth_place', a.birth_place, 'sex', a.sex, 'insz', a.insz, 'email', a.email,"
    "   'motivation', a.motivation, 'submitted_at', dk_iso(a.submitted_at))"
    "   FROM applications a WHERE a.id = p.application_id),"
    " 'appointment', json_build_object('id', p.id, 'start', dk_iso(p.starts_at),"
    "   'end', dk_iso(p.ends_at), 'status', p.status, 'room_id', p.room_id,"
    "   'interviewer', (SELECT json_build_object('id', i.id, 'name', i.name)"
    "     FROM interviewers i WHERE i.id = p.interviewer_id)),"
    " 'documents', (SELECT coalesce(json_agg(jsonb_build_object('id', d.id, 'kind', d.kind,"
    "   'side', d.side, 'status', d.status, 'reasons', d.reasons, 'figures', d.figures,"
    "   'detected_type', d.detected_type, 'validation_ms', d.validation_ms,"
    "   'byte_size', d.byte_size, 'uploaded_at', dk_iso(d.uploaded_at),"
    "   'upload_id', d.upload_id,"
    "   'image_url', CASE WHEN d.status = 'accepted' THEN '/api/v1/interviews/' || p.id"
    "     || '/documents/' || d.id END)" /* the MRZ's facts: 013_document_facts.sql */
    "   || coalesce(dk_document_facts_json(d.id, true), '{\"mrz\": null}')"
    "   ORDER BY d.uploaded_at, d.side), '[]')"
    "   FROM documents d WHERE d.application_id = p.application_id),"
    " 'captures', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'subject', c.subject,"
    "   'source', c.source, 'byte_size', c.byte_size, 'captured_at', dk_iso(c.captured_at),"
    "   'image_url', '/api/v1/interviews/' || p.id || '/captures/' || c.id)"
    "   ORDER BY c.captured_at), '[]') FROM interview_captures c WHERE c.appointment_id = p.id),"
    " 'checks', (SELECT coalesce(json_object_agg(k.check_key, json_build_object("
    "   'result', k.result, 'valid_until', k.valid_until, 'note', k.note,"
    "   'document_kind', k.document_kind, 'recorded_at', dk_iso(k.recorded_at))), '{}')"
    "   FROM (SELECT DISTINCT ON (check_key) * FROM interview_checks"
    "     WHERE appointment_id = p.id ORDER BY check_key, id DESC) k),"
    " 'session_code', (SELECT json_build_object('issued_at', dk_iso(s.issued_at),"
    "   'expires_at', dk_iso(s.expires_at), 'tries', s.tries,"
    "   'verified', s.verified_at IS NOT NULL, 'revoked', s.revoked_at IS NOT NULL)"
    "   FROM interview_session_codes s WHERE s.appointment_id = p.id"
    "   ORDER BY s.issued_at DESC LIMIT 1),"
    " 'outcome', (SELECT json_build_object('id', o.id, 'outcome', o.outcome,"
    "   'reasons', o.reasons, 'missing_items', o.missing_items,"
    "   'decided_at', dk_iso(o.decided_at)) FROM interview_outcomes o"
    "   WHERE o.appointment_id = p.id AND NOT EXISTS (SELECT 1 FROM interview_outcomes n"
    "   WHERE n.corrects_id = o.id)),"
    " 'history', (SELECT coalesce(json_agg(h ORDER BY h.at, h.event), '[]') FROM ("
    "   SELECT dk_iso(x.proposed_at) AS at, 'proposed' AS event, x.id::text AS object,"
    "     json_build_object('start', dk_iso(x.starts_at), 'status', x.status) AS detail"
    "     FROM appointments x WHERE x.application_id = p.application_id"
    "   UNION ALL SELECT dk_iso(x.reserved_at), 'reserved', x.id::text,"
    "     json_build_object('start', dk_iso(x.starts_at))"
    "     FROM appointments x WHERE x.application_id = p.application_id"
    "     AND x.reserved_at IS NOT NULL"
    "   UNION ALL SELECT dk_iso(x.ended_at), 'ended', x.id::text,"
    "     json_build_object('start', dk_iso(x.starts_at), 'status', x.status)"
    "     FROM appointments x WHERE x.application_id = p.application_id"
    "     AND x.ended_at IS NOT NULL"
    "   UNION ALL SELECT dk_iso(u.uploaded_at), 'upload', u.id::text,"
    "     json_build_object('kind', u.kind, 'sides', u.sides, 'status', u.status)"
    "     FROM document_uploads u WHERE u.application_id = p.application_id"
    "   UNION ALL SELECT dk_iso(o.decided_at), 'outcome', o.id::text,"
    "     json_build_object('outcome', o.outcome, 'correction', o.corrects_id IS NOT NULL)"
    "     FROM interview_outcomes o WHERE o.application_id = p.application_id"
    "   UNION ALL SELECT dk_iso(c.captured_at), 'capture', c.id::text,"
    "     json_build_object('subject', c.subject)"
    "     FROM interview_captures c WHERE c.application_id = p.application_id"
    " ) h)"
    ")::text FROM appointments p WHERE p.id = $1::uuid";

json_t *dk_dossier_json(dk_req *q, const char *appt, const char *feature_kind)
{
    if (!dk_req_db(q))
        return NULL;
    char app[37], upload_kind[16], err[512];
    if (!dk_dossier_may_see(q, appt, app, upload_kind))
        return NULL;
    const char *kind = feature_kind && *feature_kind      ? feature_kind
                       : !strcmp(upload_kind, "passport") ? "be_passport"
                                                          : "be_id_card";
    if (!dk_feature_kind_known(kind)) {
        dk_req_fail(q, 422, "kind_unknown");
        return NULL;
    }
    dk_interview_actor who = {q->s.staff_id, q->addr};
    json_t *features = NULL;
    const char *refusal = NULL;
    int64_t now = dk_now_ms();
    int rc =
        dk_interview_features(q->pg, &who, appt, kind, now, &features, &refusal, err, sizeof err);
    if (rc != 0) {
        if (rc < 0)
            dk_log(DK_LOG_ERROR, "database_error", "%s", err);
        dk_req_fail(q, rc < 0 ? 503 : dk_refusal_status(refusal), rc < 0 ? "unavailable" : refusal);
        return NULL;
    }
    const char *p[] = {appt};
    PGresult *r = dk_pg_query(q->pg, dossier_sql, 1, p, err, sizeof err);
    json_t *d = r && PQntuples(r) == 1 ? json_loads(PQgetvalue(r, 0, 0), 0, NULL) : NULL;
    PQclear(r);
    if (!d) {
        json_decref(features);
        dk_log(DK_LOG_ERROR, "database_error", "dossier: %s", err);
        dk_req_fail(q, 503, "unavailable");
        return NULL;
    }
    json_t *photos = dk_photos_json(q->pg, appt, err, sizeof err);
    if (!photos) {
        json_decref(features);
        json_decref(d);
        dk_log(DK_LOG_ERROR, "database_error", "dossier photos: %s", err);
        dk_req_fail(q, 503, "unavailable");
        return NULL;
    }
    json_object_set_new(d, "photos", photos);
    json_object_set_new(d, "security_features",
                        json_pack("{s:s, s:o}", "document_kind", kind, "features", features));
    const char *room = dk_req_str(json_object_get(d, "appointment"), "room_id");
    char video[512];
    if (room && dk_video_url(room, video, sizeof video) == 0)
        json_object_set_new(json_object_get(d, "appointment"), "video_url", json_string(video));
    json_t *detail = json_pack("{s:s}", "document_kind", kind);
    if (dk_interview_audit(q->pg, &who, "dossier.view", app, appt, NULL, detail, now, err,
                           sizeof err) != 0) {
        /* A view that cannot be audited is not shown. */
        json_decref(detail);
        json_decref(d);
        dk_log(DK_LOG_ERROR, "audit_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        return NULL;
    }
    json_decref(detail);
    return d;
}

void dk_dossier_get(dk_req *q, const char *appt)
{
    if (!dk_req_session(q, NULL))
        return;
    json_t *d = dk_dossier_json(q, appt, dk_req_arg(q, "kind"));
    if (!d)
        return;
    if (q->api) {
        dk_web_reply_json(q->r, 200, d);
        return;
    }
    dk_req_page(q, 200, "dossier", dk_dossier_page_vars(d, appt, q->lang));
    json_decref(d);
}

/* The image's type from its first bytes (what the store keeps was checked
 * as an image at upload; anything else goes as bytes to download). */
static const char *image_type(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
        return "image/jpeg";
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
        return "image/webp";
    return "application/octet-stream";
}

void dk_dossier_image(dk_req *q, const char *appt, const char *what, const char *id)
{
    if (!dk_req_session(q, NULL))
        return;
    char app[37], kind[16], err[512];
    if (!dk_dossier_may_see(q, appt, app, kind))
        return;
    int capture = !strcmp(what, "capture");
    if (!dk_uuid_valid(id)) {
        dk_req_fail(q, 404, "not_found");
        return;
    }
    /* Only an accepted document of this application, an image that
     * answered a new photo asked in this interview (whatever its verdict:
     * the interviewer sees why it was refused), or a capture of this
     * appointment, is served. */
    const char *p[] = {id, appt, app};
    PGresult *r = dk_pg_query(q->pg,
                              capture ? "SELECT 1 FROM interview_captures WHERE id = $1::uuid"
                                        " AND appointment_id = $2::uuid AND $3 <> ''"
                                      : "SELECT 1 FROM documents d WHERE d.id = $1::uuid"
                                        " AND d.application_id = $3::uuid AND (d.status ="
                                        " 'accepted' OR EXISTS (SELECT 1 FROM document_uploads u"
                                        " JOIN interview_photo_requests r ON r.id ="
                                        " u.photo_request_id WHERE u.id = d.upload_id"
                                        " AND r.appointment_id = $2::uuid))",
                              3, p, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "database_error", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    int found = PQntuples(r) == 1;
    PQclear(r);
    if (!found) {
        dk_req_fail(q, 404, "not_found");
        return;
    }
    dk_interview_actor who = {q->s.staff_id, q->addr};
    if (dk_interview_audit(q->pg, &who, capture ? "capture.view" : "image.view", app, appt, id,
                           NULL, dk_now_ms(), err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "audit_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    void *bytes = NULL;
    size_t len = 0;
    if (dk_docstore_get(id, &bytes, &len, DK_CONSOLE_IMAGE_MAX, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "document_unreadable", "%s: %s", id, err);
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    q->r->content_type = image_type(bytes, len);
    dk_buf_reset(&q->r->body);
    if (dk_buf_append(&q->r->body, bytes, len) == 0)
        q->r->status = 200;
    /* The clear bytes leave memory with the answer: wipe our copy now. */
    memset(bytes, 0, len);
    free(bytes);
}
