/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_photo.c — the applicant's side of a reserved interview while it
 * is held: the session code the interviewer issued (shown to whoever
 * proved to be the applicant, to read aloud), and the new photo the
 * interviewer asked for. The photo goes the accept's way: streamed in by
 * upload.c under the same limits, checked before a byte is stored, stored
 * encrypted (dk_stored_upload_put), then one transaction re-checks the
 * request under its row lock and records an upload of one side linked to
 * the request with its document.uploaded (dk-docchecker judges it like any
 * upload; the scheduler closes the request on an accepted verdict). The
 * application's status does not change: the interview stays reserved. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "interview/dk_audit.h"
#include "interview/dk_interview.h"
#include "interview/dk_photo_request.h"
#include "proposal.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <stdio.h>
#include <string.h>

/* The interview is reserved and not over: the time of the code and photos. */
static int interview_live(const dk_proposal *p)
{
    return !strcmp(p->status, "reserved") && !strcmp(p->appointment_status, "reserved");
}

int dk_proposal_interview_extras(PGconn *pg, dk_outcome *o, int64_t now)
{
    o->session_code[0] = '\0';
    if (!interview_live(&o->p))
        return 0;
    char err[512];
    int live = dk_interview_session_code_live(pg, o->p.appointment_id, now, o->session_code,
                                              &o->code_expires, err, sizeof err);
    if (live == 0)
        o->session_code[0] = '\0';
    json_decref(o->photo_requests);
    o->photo_requests =
        live < 0 ? NULL : dk_interview_photo_open(pg, o->p.appointment_id, err, sizeof err);
    if (live < 0 || !o->photo_requests) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    return 0;
}

/* After dk_proposal_open's 200: may a photo be sent now? 1 yes; 0 with o
 * final (409, or 503). */
static int photo_allowed(PGconn *pg, dk_outcome *o, int any_open)
{
    char err[512];
    int open = 1;
    if (interview_live(&o->p) && any_open) {
        json_t *list = dk_interview_photo_open(pg, o->p.appointment_id, err, sizeof err);
        if (!list) {
            dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
            dk_pg_rollback(pg);
            o->status = 503;
            return 0;
        }
        open = json_array_size(list) > 0;
        json_decref(list);
    }
    if (interview_live(&o->p) && open)
        return 1;
    o->conflict = "iv_photo_closed";
    if (dk_proposal_commit(pg, o) == 0) /* keeps the reset of the wrong-code count */
        o->status = 409;
    return 0;
}

void dk_proposal_photo_precheck(dk_intake *in, const char *token, const dk_credential *cred,
                                dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    o->status = dk_proposal_open(in, pg, token, cred, dk_now_ms(), &o->p);
    o->found = o->status != 404 && o->p.person != NULL;
    /* Whether a photo is asked is told only to a code or a session: without
     * one (the code comes in the body), the body's answer says it. */
    if (o->status == 200 && (cred->kind == DK_CRED_NONE || photo_allowed(pg, o, 1)))
        dk_proposal_commit(pg, o);
    dk_pgpool_put(in->pool, pg);
}

static void add_error(dk_field_errors *errs, const char *field, const char *code)
{
    if (errs->n >= DK_MAX_FIELD_ERRORS)
        return;
    snprintf(errs->e[errs->n].field, sizeof errs->e[errs->n].field, "%s", field);
    errs->e[errs->n++].code = code;
}

/* The image in the field of the side asked for, and nothing in the other. */
static int check_photo(const dk_upload *up, const char *side, dk_field_errors *errs)
{
    int back = !strcmp(side, "back");
    const dk_buf *mine = back ? &up->back : &up->front, *other = back ? &up->front : &up->back;
    errs->n = 0;
    if (mine->len == 0)
        add_error(errs, side, "photo_required");
    if (other->len > 0)
        add_error(errs, back ? "front" : "back", "photo_not_asked");
    return errs->n;
}

/* Opens the link for a photo and finds the open request, locked: 1 with
 * subject, or 0 with o final. */
static int open_request(dk_intake *in, PGconn *pg, const char *token, const dk_credential *cred,
                        const dk_upload *up, int64_t now, dk_outcome *o, char subject[16])
{
    char err[512];
    o->status = dk_proposal_open(in, pg, token, cred, now, &o->p);
    o->found = o->status != 404 && o->p.person != NULL;
    if (o->status != 200 || !photo_allowed(pg, o, 0))
        return 0;
    int found = dk_interview_photo_find_open(pg, o->p.appointment_id, up->request_id, subject, err,
                                             sizeof err);
    if (found < 0) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        dk_pg_rollback(pg);
        o->status = 503;
        return 0;
    }
    if (found == 0) {
        o->conflict = "iv_photo_closed";
        if (dk_proposal_commit(pg, o) == 0)
            o->status = 409;
        return 0;
    }
    return 1;
}

/* The upload row linked to the request, its document.uploaded, the audit. */
static int record(PGconn *pg, const dk_proposal *p, const char *request_id, const char *subject,
                  const char *kind, const dk_stored_upload *s, int64_t now)
{
    char err[512], uploaded_at[32];
    dk_iso8601_utc(now, uploaded_at);
    const char *params[] = {s->upload_id, p->application_id, p->appointment_id,
                            kind,         uploaded_at,       request_id};
    PGresult *r =
        dk_pg_query(pg,
                    "INSERT INTO document_uploads (id, application_id, appointment_id, kind, sides,"
                    " uploaded_at, photo_request_id) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, 1,"
                    " $5::timestamptz, $6::uuid)",
                    6, params, err, sizeof err);
    if (!r)
        goto fail;
    PQclear(r);
    json_t *rows = json_pack("[o]", dk_msg_document_uploaded(p->application_id, s->doc_id[0], kind,
                                                             s->side[0], s->bytes[0]->len,
                                                             s->sha[0], uploaded_at, s->upload_id));
    int rc = rows ? dk_outbox_add_rows(pg, rows, err, sizeof err) : -1;
    json_decref(rows);
    if (rc != 0)
        goto fail;
    json_t *detail = json_pack("{s:s, s:s, s:I}", "subject", subject, "upload_id", s->upload_id,
                               "byte_size", (json_int_t)s->bytes[0]->len);
    dk_audit_event e = {.actor = "applicant",
                        .action = "photo_request.uploaded",
                        .application_id = p->application_id,
                        .appointment_id = p->appointment_id,
                        .object = request_id,
                        .detail = detail};
    rc = dk_audit_write(pg, &e, now, err, sizeof err);
    json_decref(detail);
    if (rc == 0)
        return 0;
fail:
    dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
    return -1;
}

void dk_proposal_photo(dk_intake *in, const char *token, const dk_credential *cred, dk_upload *up,
                       dk_outcome *o)
{
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    char subject[16];
    const char *kind, *side;
    dk_stored_upload s = {0};
    /* Who, whether the request is open, and what was sent: before storing. */
    if (!open_request(in, pg, token, cred, up, dk_now_ms(), o, subject))
        goto out;
    if (!dk_interview_photo_subject(subject, &kind, &side) || check_photo(up, side, &o->errs) > 0) {
        if (dk_proposal_commit(pg, o) == 0)
            o->status = 422;
        goto out;
    }
    if (dk_proposal_commit(pg, o) != 0)
        goto out;
    /* Encrypting and syncing megabytes needs no connection: lend it out. */
    dk_pgpool_put(in->pool, pg);
    pg = NULL;
    s.sides = 1;
    s.side[0] = side;
    s.bytes[0] = !strcmp(side, "back") ? &up->back : &up->front;
    if (dk_stored_upload_put(&s) != 0) {
        o->status = 503;
        goto out;
    }
    /* The decisive transaction: the request again, under its row lock. */
    if (!(pg = dk_proposal_db(in, o))) {
        dk_stored_upload_remove(&s);
        goto out;
    }
    int64_t now = dk_now_ms();
    if (!open_request(in, pg, token, cred, up, now, o, subject)) {
        dk_stored_upload_remove(&s);
        goto out;
    }
    if (record(pg, &o->p, up->request_id, subject, kind, &s, now) != 0) {
        dk_pg_rollback(pg);
        dk_stored_upload_remove(&s);
        o->status = 503;
        goto out;
    }
    if (dk_proposal_commit(pg, o) != 0) {
        /* A connection lost during COMMIT may have committed: keep the file. */
        if (!dk_pg_broken(pg))
            dk_stored_upload_remove(&s);
        goto out;
    }
    dk_relay_kick(in->relay);
    o->status = 202;
    snprintf(o->upload_id, sizeof o->upload_id, "%s", s.upload_id);
    dk_logj(DK_LOG_INFO, "interview_photo_sent",
            json_pack("{s:s, s:s, s:s, s:s}", "application_id", o->p.application_id,
                      "appointment_id", o->p.appointment_id, "upload_id", s.upload_id, "subject",
                      subject));
out:
    dk_pgpool_put(in->pool, pg);
}
