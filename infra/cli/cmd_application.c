/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_application.c — `dk application show ID [--personal]`: an application's
 * current state as one JSON object (once known: its slot, interviewer,
 * latest document upload, the interview's outcome and the activation code's
 * state, with a summary such as "approved, awaiting activation", and the
 * digital key: type, level, dates, locked; each side of the document with
 * its MRZ facts, comparison, expiry and register answer), built by PostgreSQL from the
 * tables that hold it. Personal data is shown only with --personal, and that access is recorded in
 * personal_data_access. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "dk.h"
#include "keys/dk_key.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const show_sql =
    "SELECT json_build_object("
    " 'id', a.id, 'status', a.status, 'waiting_reason', a.waiting_reason, 'language', a.language,"
    " 'created_at', dk_iso(a.submitted_at), 'recorded_at', dk_iso(a.recorded_at),"
    " 'updated_at', dk_iso(a.updated_at),"
    " 'slot', (SELECT json_build_object('appointment_id', p.id, 'status', p.status,"
    "     'start', dk_iso(p.starts_at), 'end', dk_iso(p.ends_at), 'match', p.match,"
    "     'preferred_rank', p.preferred_rank, 'held_until', dk_iso(p.held_until),"
    "     'reserved_at', dk_iso(p.reserved_at), 'ended_at', dk_iso(p.ended_at))"
    "     FROM appointments p WHERE p.application_id = a.id"
    "     ORDER BY p.proposed_at DESC, p.id DESC LIMIT 1),"
    " 'interviewer', (SELECT json_build_object('id', i.id, 'name', i.name, 'languages', "
    "i.languages)"
    "     FROM appointments p JOIN interviewers i ON i.id = p.interviewer_id"
    "     WHERE p.application_id = a.id ORDER BY p.proposed_at DESC, p.id DESC LIMIT 1),"
    " 'document', (SELECT json_build_object('upload_id', u.id, 'kind', u.kind, 'status', u.status,"
    "     'uploaded_at', dk_iso(u.uploaded_at), 'sides', (SELECT "
    "coalesce(json_agg(jsonb_build_object("
    "       'document_id', d.id, 'side', d.side, 'status', d.status, 'reasons', d.reasons,"
    "       'detected_type', d.detected_type)" /* the MRZ's facts (013_document_facts.sql) */
    "       || coalesce(dk_document_facts_json(d.id, $2), '{\"mrz\": null}')"
    "       ORDER BY d.side DESC), '[]')"
    "       FROM documents d WHERE d.upload_id = u.id))"
    "     FROM document_uploads u WHERE u.application_id = a.id"
    "     AND u.photo_request_id IS NULL" /* a photo asked in the interview is not the document */
    "     ORDER BY u.uploaded_at DESC, u.id DESC LIMIT 1),"
    " 'code_locked_until', dk_iso(a.code_locked_until),"
    " 'summary', CASE a.status WHEN 'awaiting_activation' THEN 'approved, awaiting activation'"
    "     WHEN 'missing_information' THEN 'missing information: may ask a new interview'"
    "     WHEN 'no_show' THEN 'absent at the interview: may ask a new interview'"
    "     WHEN 'rejected' THEN 'rejected at the interview'"
    "     WHEN 'activated' THEN 'activated: the digital key exists' END,"
    " 'outcome', (SELECT json_build_object('id', o.id, 'outcome', o.outcome,"
    "     'appointment_id', o.appointment_id, 'reasons', o.reasons,"
    "     'missing_items', o.missing_items, 'fraud_suspected', o.fraud_suspected,"
    "     'decided_at', dk_iso(o.decided_at), 'staff_id', o.staff_id,"
    "     'corrects_id', o.corrects_id,"
    "     'motivation', CASE WHEN $2 THEN o.motivation END,"
    "     'missing_text', CASE WHEN $2 THEN o.missing_text END)"
    "     FROM interview_outcomes o WHERE o.application_id = a.id AND NOT EXISTS"
    "     (SELECT 1 FROM interview_outcomes n WHERE n.corrects_id = o.id)"
    "     ORDER BY o.decided_at DESC, o.id DESC LIMIT 1),"
    " 'activation', (SELECT json_build_object('id', c.id, 'state', CASE"
    "     WHEN c.used_at IS NOT NULL THEN 'used' WHEN c.revoked_at IS NOT NULL THEN 'revoked'"
    "     WHEN c.expires_at <= $3::timestamptz THEN 'expired' ELSE 'awaiting' END,"
    "     'created_at', dk_iso(c.created_at), 'expires_at', dk_iso(c.expires_at),"
    "     'used_at', dk_iso(c.used_at))"
    "     FROM activation_codes c WHERE c.application_id = a.id"
    "     ORDER BY c.created_at DESC, c.id DESC LIMIT 1),"
    " 'preferred_slots', (SELECT coalesce(json_agg(json_build_object("
    "     'rank', s.rank, 'start', dk_iso(s.starts_at), 'end', dk_iso(s.ends_at))"
    "     ORDER BY s.rank), '[]') FROM application_preferred_slots s"
    "     WHERE s.application_id = a.id),"
    " 'mails', (SELECT coalesce(json_agg(json_build_object("
    "     'template', m.template, 'language', m.language, 'status', m.status,"
    "     'attempts', m.attempts, 'sent_at', dk_iso(m.sent_at)) ORDER BY m.created_at), '[]')"
    "     FROM mails m WHERE m.application_id = a.id),"
    " 'applicant', CASE WHEN $2 THEN json_build_object("
    "     'last_name', a.last_name, 'first_names', a.first_names,"
    "     'birth_date', a.birth_date, 'birth_country', a.birth_country,"
    "     'birth_place', a.birth_place, 'sex', a.sex, 'insz', a.insz, 'email', a.email,"
    "     'motivation', a.motivation) END"
    ")::text FROM applications a WHERE a.id = $1::uuid";

int dk_cmd_application(int argc, char **argv)
{
    int personal = argc == 4 && strcmp(argv[3], "--personal") == 0;
    if (!(argc == 3 || personal) || strcmp(argv[1], "show") != 0) {
        fprintf(stderr, "usage: dk application show ID [--personal]\n");
        return 2;
    }
    const char *id = argv[2];
    if (!dk_uuid_valid(id)) {
        fprintf(stderr, "dk application show: '%s' is not an application id (a UUID)\n", id);
        return 2;
    }
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    int rc = 1;
    if (personal) {
        const char *actor = getenv("USER") ? getenv("USER") : "unknown";
        const char *p[] = {actor, id};
        PGresult *a =
            dk_pg_query(pg,
                        "INSERT INTO personal_data_access (actor, application_id, purpose)"
                        " SELECT $1, id, 'dk application show --personal'"
                        " FROM applications WHERE id = $2::uuid",
                        2, p, err, sizeof err);
        if (!a) {
            fprintf(stderr, "dk: %s\n", err);
            goto out;
        }
        PQclear(a);
    }
    char now[32];
    dk_iso8601_utc(dk_now_ms(), now);
    const char *params[] = {id, personal ? "true" : "false", now};
    PGresult *r = dk_pg_query(pg, show_sql, 3, params, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        goto out;
    }
    if (PQntuples(r) == 0) {
        fprintf(stderr, "dk: no application %s\n", id);
    } else {
        /* Re-emitted by jansson: two-space indentation, keys in the order the
         * query built them, no "applicant" unless asked for. */
        json_t *doc = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
        if (doc && json_is_null(json_object_get(doc, "applicant")))
            json_object_del(doc, "applicant");
        /* Parts not known yet are left out rather than shown as null. */
        static const char *const later[] = {
            "slot",    "interviewer", "document",  "code_locked_until",
            "summary", "outcome",     "activation"};
        for (size_t k = 0; doc && k < sizeof later / sizeof *later; k++)
            if (json_is_null(json_object_get(doc, later[k])))
                json_object_del(doc, later[k]);
        /* The digital key (common/keys): its type and state, never a secret. */
        json_t *key = NULL;
        if (doc && dk_key_show(pg, id, &key, err, sizeof err) < 0)
            fprintf(stderr, "dk: %s\n", err);
        if (key)
            json_object_set_new(doc, "key", key);
        char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        printf("%s\n", text ? text : PQgetvalue(r, 0, 0));
        free(text);
        json_decref(doc);
        rc = 0;
    }
    PQclear(r);
out:
    PQfinish(pg);
    return rc;
}
