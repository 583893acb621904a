/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_accept.c — the applicant accepts the proposed slot by sending an
 * identity document (a passport's front, or both sides of an identity
 * card). Who and what are checked first; then each image is stored
 * encrypted under a fresh document id, and one transaction re-checks the
 * state under the row lock, records the upload, sets the application to
 * document_pending and queues one document.uploaded per side and
 * appointment.changed "accepted". The images never go to Kafka; when the
 * transaction fails they are removed again. With document_kind "previous"
 * the images are those of the document accepted for an earlier slot. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "proposal.h"
#include "store/dk_docstore.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <stdio.h>
#include <string.h>

static void add_error(dk_field_errors *errs, const char *field, const char *code)
{
    if (errs->n >= DK_MAX_FIELD_ERRORS)
        return;
    snprintf(errs->e[errs->n].field, sizeof errs->e[errs->n].field, "%s", field);
    errs->e[errs->n++].code = code;
}

const char *dk_proposal_error_message(const char *field, const char *code, const char *lang)
{
    if (!strcmp(field, "document_kind"))
        return dk_i18n_text(lang, !strcmp(code, "no_previous") ? "upload_no_previous"
                                  : !strcmp(code, "previous_unavailable")
                                      ? "upload_previous_unavailable"
                                      : "upload_kind_required");
    if (!strcmp(code, "photo_required") || !strcmp(code, "photo_not_asked")) /* a photo's */
        return dk_i18n_text(lang, code[6] == 'r' ? "iv_photo_required" : "iv_photo_other_side");
    if (!strcmp(field, "front"))
        return dk_i18n_text(lang, !strcmp(code, "not_allowed") ? "upload_previous_with_files"
                                                               : "upload_front_required");
    if (!strcmp(field, "back"))
        return dk_i18n_text(lang, !strcmp(code, "not_allowed") ? "upload_back_not_allowed"
                                                               : "upload_back_required");
    return dk_app_error_message(code, lang);
}

/* document_kind, front, back: what is missing or one too many. */
static int check_fields(const dk_upload *up, dk_field_errors *errs)
{
    errs->n = 0;
    const char *kind = up->document_kind;
    int passport = !strcmp(kind, "passport"), id_card = !strcmp(kind, "id_card");
    if (!*kind)
        add_error(errs, "document_kind", "required");
    else if (!passport && !id_card)
        add_error(errs, "document_kind", "invalid_choice");
    if (up->front.len == 0)
        add_error(errs, "front", "required");
    if (id_card && up->back.len == 0)
        add_error(errs, "back", "required");
    if (passport && up->back.len > 0)
        add_error(errs, "back", "not_allowed");
    return errs->n;
}

/* document_kind "previous": a document on file, and no file beside it. */
static int check_previous(const dk_upload *up, int on_file, dk_field_errors *errs)
{
    errs->n = 0;
    if (!on_file)
        add_error(errs, "document_kind", "no_previous");
    if (up->front.len > 0 || up->back.len > 0)
        add_error(errs, "front", "not_allowed");
    return errs->n;
}

void dk_stored_upload_remove(dk_stored_upload *s)
{
    char err[256];
    for (int i = 0; i < s->stored; i++)
        if (dk_docstore_remove(s->doc_id[i], err, sizeof err) != 0)
            dk_log(DK_LOG_ERROR, "document_not_removed", "%s", err);
    s->stored = 0;
}

int dk_stored_upload_put(dk_stored_upload *s)
{
    char err[512];
    s->stored = 0;
    if (dk_uuid_v4(s->upload_id) != 0)
        return -1;
    for (int i = 0; i < s->sides; i++) {
        dk_sha256_hex(s->bytes[i]->data, s->bytes[i]->len, s->sha[i]);
        if (dk_uuid_v4(s->doc_id[i]) != 0 ||
            dk_docstore_put(s->doc_id[i], s->bytes[i]->data, s->bytes[i]->len, err, sizeof err) !=
                0) {
            dk_log(DK_LOG_ERROR, "document_not_stored", "%s", err);
            dk_stored_upload_remove(s);
            return -1;
        }
        s->stored++;
    }
    return 0;
}

/* The accept's images: a passport's front, or an identity card's two sides. */
static int store(const dk_upload *up, dk_stored_upload *s)
{
    s->sides = !strcmp(up->document_kind, "id_card") ? 2 : 1;
    s->side[0] = "front", s->bytes[0] = &up->front;
    s->side[1] = "back", s->bytes[1] = &up->back;
    return dk_stored_upload_put(s);
}

/* The upload row, the application's new status and the messages. */
static int record(PGconn *pg, const dk_proposal *p, const dk_upload *up, const dk_stored_upload *s,
                  const char *uploaded_at)
{
    char err[512], sides[4];
    snprintf(sides, sizeof sides, "%d", s->sides);
    const char *params[] = {s->upload_id, p->application_id, p->appointment_id, up->document_kind,
                            sides,        uploaded_at};
    PGresult *r = dk_pg_query(
        pg,
        "WITH up AS (INSERT INTO document_uploads (id, application_id, appointment_id, kind,"
        "            sides, uploaded_at)"
        "            VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::smallint, $6::timestamptz))"
        " UPDATE applications SET status = 'document_pending', updated_at = $6::timestamptz"
        " WHERE id = $2::uuid",
        6, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    PQclear(r);
    json_t *rows = json_array();
    for (int i = 0; i < s->sides; i++)
        json_array_append_new(rows, dk_msg_document_uploaded(p->application_id, s->doc_id[i],
                                                             up->document_kind, s->side[i],
                                                             s->bytes[i]->len, s->sha[i],
                                                             uploaded_at, s->upload_id));
    json_array_append_new(rows, dk_msg_appointment_changed(p, "accepted"));
    int rc = json_array_size(rows) == (size_t)s->sides + 1 ? 0 : -1;
    if (rc == 0 && dk_outbox_add_rows(pg, rows, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        rc = -1;
    }
    json_decref(rows);
    return rc;
}

void dk_proposal_accept_precheck(dk_intake *in, const char *token, const dk_credential *cred,
                                 dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    if (dk_proposal_open_for(in, pg, token, cred, "accept", dk_now_ms(), o))
        dk_proposal_commit(pg, o);
    dk_pgpool_put(in->pool, pg);
}

void dk_proposal_accept(dk_intake *in, const char *token, const dk_credential *cred, dk_upload *up,
                        dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    dk_stored_upload s = {0};
    dk_previous_doc prev;
    int reuse = !strcmp(up->document_kind, "previous");
    /* Who, whether the state allows it, and what was sent: before storing. */
    if (!dk_proposal_open_for(in, pg, token, cred, "accept", dk_now_ms(), o))
        goto out;
    int on_file = reuse ? dk_previous_document(pg, &o->p, &prev) : 0;
    if (on_file < 0) {
        dk_pg_rollback(pg);
        o->status = 503;
        goto out;
    }
    if ((reuse ? check_previous(up, on_file, &o->errs) : check_fields(up, &o->errs)) > 0) {
        if (dk_proposal_commit(pg, o) == 0)
            o->status = 422;
        goto out;
    }
    if (dk_proposal_commit(pg, o) != 0)
        goto out;
    /* Encrypting and syncing megabytes needs no connection: lend it out. */
    dk_pgpool_put(in->pool, pg);
    pg = NULL;
    if (reuse && dk_previous_document_load(&prev, up) != 0) {
        /* Its images are gone or unreadable: the applicant sends it anew. */
        o->errs.n = 0;
        add_error(&o->errs, "document_kind", "previous_unavailable");
        o->status = 422;
        goto out;
    }
    if (store(up, &s) != 0) {
        o->status = 503;
        goto out;
    }
    /* The decisive transaction: the state again, under the row lock. */
    if (!(pg = dk_proposal_db(in, o))) {
        dk_stored_upload_remove(&s);
        goto out;
    }
    int64_t now = dk_now_ms();
    if (!dk_proposal_open_for(in, pg, token, cred, "accept", now, o)) {
        dk_stored_upload_remove(&s);
        goto out;
    }
    char uploaded_at[32];
    dk_iso8601_utc(now, uploaded_at);
    if (record(pg, &o->p, up, &s, uploaded_at) != 0) {
        dk_pg_rollback(pg);
        dk_stored_upload_remove(&s);
        o->status = 503;
        goto out;
    }
    if (dk_proposal_commit(pg, o) != 0) {
        /* A connection lost during COMMIT may have committed: keep the files
         * then (an orphan file is harmless, a missing image is not). */
        if (!dk_pg_broken(pg))
            dk_stored_upload_remove(&s);
        goto out;
    }
    dk_relay_kick(in->relay);
    o->status = 202;
    snprintf(o->upload_id, sizeof o->upload_id, "%s", s.upload_id);
    snprintf(o->p.status, sizeof o->p.status, "document_pending");
    dk_logj(DK_LOG_INFO, "appointment_accepted",
            json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "application_id", o->p.application_id,
                      "appointment_id", o->p.appointment_id, "upload_id", s.upload_id, "kind",
                      up->document_kind, "sides", s.sides, "sent_again", reuse));
out:
    dk_pgpool_put(in->pool, pg);
}
