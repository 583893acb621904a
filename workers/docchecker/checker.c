/* SPDX-License-Identifier: EUPL-1.2 */
/* checker.c — for each uploaded image: before the batch's transaction, read
 * it from the encrypted store and have the validator judge it (so no
 * transaction stays open while an image is decoded); then, in the
 * transaction, write the verdict (documents row), queue document.validated
 * and, for an image stored by hand, the mail that tells the applicant in
 * their language what to fix. A file that takes
 * the validator down goes to the dead-letter topic. */
#include "checker.h"

#include "booking/dk_mailjob.h"
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

/* The applicant's language, e-mail and names, or NULL when unknown. */
static json_t *applicant(PGconn *pg, const char *app_id, int *db_error, char *err, size_t errlen)
{
    const char *p[] = {app_id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT language, email, first_names, last_name FROM applications"
                              " WHERE id = $1::uuid",
                              1, p, err, errlen);
    *db_error = r == NULL;
    json_t *a = NULL;
    if (r && PQntuples(r) == 1)
        a = json_pack("{s:s, s:s, s:s, s:s}", "language", PQgetvalue(r, 0, 0), "email",
                      PQgetvalue(r, 0, 1), "first_names", PQgetvalue(r, 0, 2), "last_name",
                      PQgetvalue(r, 0, 3));
    PQclear(r);
    return a;
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
 * one announced, and have the validator judge it (m->prepared = verdict). */
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
    int ok = dk_sandbox_check(c->sandbox, f.kind, f.side, bytes, len,
                              dk_config_int("DK_DOC_TIMEOUT_MS"), &v, why, sizeof why);
    free(bytes);
    const char *verdict = ok == 0 ? json_string_value(json_object_get(v, "verdict")) : NULL;
    if (!verdict || (strcmp(verdict, "accepted") && strcmp(verdict, "rejected"))) {
        dk_msg_reject(m, "%s", ok == 0 ? "the validator could not judge this file" : why);
        json_decref(v);
        return;
    }
    m->prepared = v;
}

void dk_checker_prepare(dk_msg **msgs, size_t n, void *arg)
{
    for (size_t i = 0; i < n && !dk_worker_stopping(); i++)
        judge_image(arg, msgs[i]);
}

void dk_checker_free_verdict(void *verdict)
{
    json_decref(verdict);
}

/* In the transaction: the verdict judged before becomes the documents row,
 * document.validated and, for an image stored by hand, the rejection mail. */
static int record(PGconn *pg, dk_msg *m, char *err, size_t errlen)
{
    upload_fields f;
    json_t *v = m->prepared;
    if (fields_of(m, &f) != 0)
        return 0;
    if (!v) { /* a stop was asked before this image was judged */
        snprintf(err, errlen, "not judged yet (stopping)");
        return -1;
    }
    const char *doc_id = f.doc_id, *kind = f.kind, *side = f.side, *sha = f.sha;
    const char *uploaded = f.uploaded, *upload_id = f.upload_id;
    json_int_t size = f.size;
    const char *verdict = json_string_value(json_object_get(v, "verdict"));
    const char *app_id = m->env.application_id;
    int db_error = 0;
    json_t *who = applicant(pg, app_id, &db_error, err, errlen);
    if (db_error)
        return -1;
    if (!who) {
        dk_msg_reject(m, "no application %s", app_id);
        return 0;
    }
    json_t *reasons = json_object_get(v, "reasons");
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
        "ON CONFLICT (id) DO NOTHING",
        13, p, err, errlen);
    free(figures_text);
    int rc = r ? 0 : -1;
    PQclear(r);
    json_t *outbox = json_array();
    if (rc == 0) {
        json_t *data =
            json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "document_id", doc_id, "kind", kind, "side",
                      side, "verdict", verdict, "reasons", reasons, "figures", figures);
        if (upload_id)
            json_object_set_new(data, "upload_id", json_string(upload_id));
        char id[37];
        dk_uuid_v5("dk.document.validated", doc_id, id);
        json_array_append_new(
            outbox, dk_outbox_row(DK_TOPIC_DOCS_VALIDATED, app_id,
                                  dk_envelope_new("document.validated", 1, app_id, data, id)));
        if (strcmp(verdict, "rejected") == 0 && !upload_id)
            json_array_append_new(outbox, rejection_mail(app_id, doc_id, who, reasons));
        rc = dk_outbox_add_rows(pg, outbox, err, errlen);
        dk_logj(DK_LOG_INFO, "document_judged",
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "application_id", app_id, "document_id",
                          doc_id, "verdict", verdict, "reasons", reasons_text, "kind", kind, "ms",
                          ms));
    }
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
