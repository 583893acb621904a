/* SPDX-License-Identifier: EUPL-1.2 */
/* checker.c — for each uploaded image: before the batch's transaction, read
 * it from the encrypted store, have the validator judge it and read its MRZ
 * when it is good enough, and ask the register about the number the MRZ
 * vouches for (so no transaction stays open while an image is decoded or a
 * register answers); then, in the transaction, compare the MRZ with the
 * request and the interview's day (a document the MRZ shows expired by then
 * is refused, reason "expired"), write the verdict (documents row) and the
 * facts (document_facts), queue document.validated and, for an image stored
 * by hand, the mail that tells the applicant in their language what to fix.
 * A file that takes the validator down goes to the dead-letter topic. */
#include "checker.h"
#include "facts.h"

#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "core/dk_upload_limit.h"
#include "doccheck/dk_doc_reasons.h"
#include "store/dk_docstore.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The applicant's language, e-mail, names, birth date and sex, and the day
 * their document must still be valid on ("on_date": the interview's, that
 * of the upload's appointment or else of the live one; today when later or
 * when there is none), or NULL when unknown. */
static json_t *applicant(PGconn *pg, const char *app_id, const char *upload_id, int *db_error,
                         char *err, size_t errlen)
{
    dk_date today;
    char day[11];
    dk_brussels_local(dk_now_ms(), &today, NULL);
    dk_date_format(today, day);
    const char *p[] = {app_id, upload_id, day};
    PGresult *r = dk_pg_query(
        pg,
        "SELECT a.language, a.email, a.first_names, a.last_name, coalesce(a.birth_date::text, ''),"
        " coalesce(a.sex, ''), greatest($3::date, coalesce("
        "  (SELECT (p.starts_at AT TIME ZONE 'Europe/Brussels')::date FROM document_uploads u"
        "   JOIN appointments p ON p.id = u.appointment_id WHERE u.id = $2::uuid),"
        "  (SELECT (p.starts_at AT TIME ZONE 'Europe/Brussels')::date FROM appointments p"
        "   WHERE p.application_id = a.id AND p.status IN ('held', 'reserved')"
        "   ORDER BY p.starts_at DESC LIMIT 1), $3::date))::text"
        " FROM applications a WHERE a.id = $1::uuid",
        3, p, err, errlen);
    *db_error = r == NULL;
    json_t *a = NULL;
    if (r && PQntuples(r) == 1)
        a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "language", PQgetvalue(r, 0, 0),
                      "email", PQgetvalue(r, 0, 1), "first_names", PQgetvalue(r, 0, 2), "last_name",
                      PQgetvalue(r, 0, 3), "birth_date", PQgetvalue(r, 0, 4), "sex",
                      PQgetvalue(r, 0, 5), "on_date", PQgetvalue(r, 0, 6));
    PQclear(r);
    return a;
}

/* A field of the applicant for the comparison: NULL when empty (erased). */
static const char *declared(const json_t *who, const char *key)
{
    const char *s = json_string_value(json_object_get(who, key));
    return s && *s ? s : NULL;
}

/* The "document rejected" mail of an image uploaded by hand (dk document
 * upload). An applicant's own upload is answered by the scheduler once every
 * side of it is judged, in one mail. */
static json_t *rejection_mail(const char *app_id, const char *doc_id, const json_t *who,
                              const json_t *reasons)
{
    const char *lang = json_string_value(json_object_get(who, "language"));
    char key[96];
    snprintf(key, sizeof key, "document_rejected:%s", doc_id);
    json_t *vars =
        json_pack("{s:O, s:O, s:s, s:o}", "first_names", json_object_get(who, "first_names"),
                  "last_name", json_object_get(who, "last_name"), "application_id", app_id,
                  "problems", dk_doc_reasons_json(reasons, lang));
    return dk_mailjob_row("document_rejected", lang,
                          json_string_value(json_object_get(who, "email")), key, app_id, vars);
}

/* The fields of a document.uploaded message, or NULL after rejecting it. */
typedef struct {
    const char *doc_id, *kind, *side, *sha, *uploaded, *upload_id;
    json_int_t size;
} upload_fields;

static int fields_of(dk_msg *m, upload_fields *f)
{
    memset(f, 0, sizeof *f);
    if (json_unpack(m->env.data, "{s:s, s:s, s:s, s:I, s:s, s:s}", "document_id", &f->doc_id,
                    "kind", &f->kind, "side", &f->side, "byte_size", &f->size, "sha256", &f->sha,
                    "uploaded_at", &f->uploaded) != 0 ||
        !dk_uuid_valid(f->doc_id) || (strcmp(f->kind, "passport") && strcmp(f->kind, "id_card")) ||
        (strcmp(f->side, "front") && strcmp(f->side, "back")) ||
        (json_unpack(m->env.data, "{s?s}", "upload_id", &f->upload_id) != 0) ||
        (f->upload_id && !dk_uuid_valid(f->upload_id))) {
        dk_msg_reject(m, "data does not match schemas/messages/document.uploaded.json");
        return -1;
    }
    return 0;
}

/* Before the transaction: read the image from the store, check it is the
 * one announced, have the validator judge it and read its MRZ, and ask the
 * register (m->prepared = dk_facts). */
static void judge_image(dk_checker *c, dk_msg *m)
{
    upload_fields f;
    if (fields_of(m, &f) != 0)
        return;
    void *bytes = NULL;
    size_t len = 0;
    char why[512], digest[65];
    if (dk_docstore_get(f.doc_id, &bytes, &len, dk_upload_max(), why, sizeof why) != 0) {
        dk_msg_reject(m, "%s", why);
        return;
    }
    dk_sha256_hex(bytes, len, digest);
    if (strcmp(digest, f.sha) != 0) {
        dk_msg_reject(m, "stored image does not match the uploaded sha256");
        free(bytes);
        return;
    }
    json_t *v = NULL;
    int ok = dk_sandbox_check(c->sandbox, f.kind, f.side, bytes, len, 1,
                              dk_config_int("DK_DOC_TIMEOUT_MS"), &v, why, sizeof why);
    free(bytes);
    const char *verdict = ok == 0 ? json_string_value(json_object_get(v, "verdict")) : NULL;
    if (!verdict || (strcmp(verdict, "accepted") && strcmp(verdict, "rejected"))) {
        dk_msg_reject(m, "%s", ok == 0 ? "the validator could not judge this file" : why);
        json_decref(v);
        return;
    }
    dk_date today;
    dk_brussels_local(dk_now_ms(), &today, NULL);
    dk_facts *facts = dk_facts_new(v, today);
    if (!facts) {
        dk_msg_reject(m, "out of memory");
        return;
    }
    dk_facts_ask_register(facts, &c->register_config);
    m->prepared = facts;
}

void dk_checker_prepare(dk_msg **msgs, size_t n, void *arg)
{
    for (size_t i = 0; i < n && !dk_worker_stopping(); i++)
        judge_image(arg, msgs[i]);
}

void dk_checker_free_verdict(void *verdict)
{
    dk_facts_free(verdict);
}

/* In the transaction: the verdict judged before, refused when the MRZ
 * shows the document expired by the interview, becomes the documents row
 * with its facts, document.validated and, for an image stored by hand, the
 * rejection mail. */
static int record(PGconn *pg, dk_msg *m, char *err, size_t errlen)
{
    upload_fields f;
    dk_facts *facts = m->prepared;
    if (fields_of(m, &f) != 0)
        return 0;
    if (!facts) { /* a stop was asked before this image was judged */
        snprintf(err, errlen, "not judged yet (stopping)");
        return -1;
    }
    const char *doc_id = f.doc_id, *kind = f.kind, *side = f.side, *sha = f.sha;
    const char *uploaded = f.uploaded, *upload_id = f.upload_id;
    json_int_t size = f.size;
    json_t *v = facts->verdict;
    const char *verdict = json_string_value(json_object_get(v, "verdict"));
    const char *app_id = m->env.application_id;
    int db_error = 0;
    json_t *who = applicant(pg, app_id, upload_id, &db_error, err, errlen);
    if (db_error)
        return -1;
    if (!who) {
        dk_msg_reject(m, "no application %s", app_id);
        return 0;
    }
    dk_mrz_comparison cmp;
    int expired = 0;
    const char *on_date = declared(who, "on_date");
    dk_facts_request req = {declared(who, "last_name"), declared(who, "first_names"),
                            declared(who, "birth_date"), declared(who, "sex"), on_date};
    dk_facts_compare(facts, &req, &cmp, &expired);
    json_t *reasons = json_object_get(v, "reasons");
    json_t *expired_reasons = expired ? json_pack("[s]", "expired") : NULL;
    if (expired) { /* refused like an unusable photo, so another may be uploaded */
        verdict = "rejected";
        reasons = expired_reasons;
    }
    json_t *figures = json_object_get(v, "figures");
    char *reasons_text = dk_json_text(reasons), *figures_text = dk_json_text(figures);
    char size_text[24], ms[24];
    snprintf(size_text, sizeof size_text, "%lld", (long long)size);
    snprintf(ms, sizeof ms, "%.0f", json_number_value(json_object_get(v, "ms")));
    const char *detected = json_string_value(json_object_get(v, "detected"));
    const char *p[] = {doc_id,  app_id,       kind,         side,     size_text, sha,      uploaded,
                       verdict, reasons_text, figures_text, detected, ms,        upload_id};
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO documents (id, application_id, kind, side, byte_size, sha256, uploaded_at,"
        " status, reasons, figures, detected_type, validation_ms, upload_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
        " ARRAY(SELECT jsonb_array_elements_text($9::jsonb)), $10::jsonb, $11, $12, $13) "
        "ON CONFLICT (id) DO NOTHING RETURNING 1",
        13, p, err, errlen);
    free(figures_text);
    int rc = r ? 0 : -1;
    /* The facts go with the row that holds the verdict, once. */
    if (rc == 0 && PQntuples(r) == 1 && facts->read)
        rc = dk_facts_store(pg, doc_id, app_id, facts, &cmp, on_date, expired, err, errlen);
    PQclear(r);
    json_t *outbox = json_array();
    if (rc == 0) {
        json_t *data =
            json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "document_id", doc_id, "kind", kind, "side",
                      side, "verdict", verdict, "reasons", reasons, "figures", figures);
        if (upload_id)
            json_object_set_new(data, "upload_id", json_string(upload_id));
        if (facts->read) /* whether an MRZ was read, and expired: no personal data */
            json_object_update_new(data,
                                   json_pack("{s:b, s:b}", "mrz_found", facts->mrz.found, "expired",
                                             facts->mrz.found && cmp.expiry == DK_MRZ_EXPIRED));
        char id[37];
        dk_uuid_v5("dk.document.validated", doc_id, id);
        json_array_append_new(
            outbox, dk_outbox_row(DK_TOPIC_DOCS_VALIDATED, app_id,
                                  dk_envelope_new("document.validated", 1, app_id, data, id)));
        if (strcmp(verdict, "rejected") == 0 && !upload_id)
            json_array_append_new(outbox, rejection_mail(app_id, doc_id, who, reasons));
        rc = dk_outbox_add_rows(pg, outbox, err, errlen);
        dk_logj(DK_LOG_INFO, "document_judged",
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "application_id", app_id,
                          "document_id", doc_id, "verdict", verdict, "reasons", reasons_text,
                          "kind", kind, "ms", ms, "mrz_found", facts->mrz.found, "register",
                          facts->read ? dk_facts_register_status(facts) : "not_checked"));
    }
    json_decref(expired_reasons);
    free(reasons_text);
    json_decref(outbox);
    json_decref(who);
    return rc;
}

int dk_checker_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen)
{
    (void)arg;
    for (size_t i = 0; i < n; i++)
        if (record(pg, msgs[i], err, errlen) != 0)
            return -1;
    return 0;
}
