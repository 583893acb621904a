/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal.h — the applicant's self-service link (/proposal/{token} and
 * /api/v1/proposals/{token}): finding the appointment of a token,
 * authenticating with the security code (or the page's session), and what
 * the applicant can do: look, accept with an identity document, ask another
 * slot, cancel. The HTML pages and the JSON API are two faces of these. */
#ifndef DK_INTAKE_PROPOSAL_H
#define DK_INTAKE_PROPOSAL_H

#include "intake.h"
#include "upload.h"

#include <libpq-fe.h>
#include <stdint.h>

typedef enum {
    DK_CRED_NONE,    /* only look (the link was opened): nothing is counted */
    DK_CRED_CODE,    /* a typed security code; NULL or "" is a wrong code */
    DK_CRED_SESSION, /* the page's session cookie (session.c; a bad one is not counted) */
} dk_cred_kind;

typedef struct dk_credential_s {
    dk_cred_kind kind;
    const char *value;
} dk_credential;

/* What the lookup found: the appointment and its application. */
typedef struct {
    char appointment_id[37], application_id[37], interviewer_id[37];
    char appointment_status[16]; /* held, reserved, replaced, … */
    char status[24];             /* the application's: proposed, document_pending, … */
    char match[16];
    char language[4];                                     /* the applicant's nl/fr/en */
    char room_id[128];                                    /* "" until reserved */
    int64_t starts_at, ends_at, held_until, locked_until; /* ms; locked_until 0 = none */
    int ics_sequence;
    const char *ended; /* 410: replaced/cancelled/expired/withdrawn/interview_held, or NULL */
    const char *after; /* interview_held: approved, missing_information, rejected, no_show, held */
    json_t *person;    /* {email, first_names, last_name} */
} dk_proposal;

/* A document accepted for an earlier appointment of the same application
 * (proposal_previous.c): a moved interview can be confirmed with it. */
typedef struct {
    char kind[16];      /* passport, id_card */
    int sides;          /* 1 or 2 */
    char doc_id[2][37]; /* front first */
    char side[2][8];
    int64_t accepted_at; /* ms */
} dk_previous_doc;

/* The result of one request, whichever face asked. */
typedef struct dk_outcome_s {
    int status; /* 200, 202, or the refusal 400 401 404 409 410 413 415 422 429 503 */
    int found;  /* p is filled (every status but 404 and most 503) */
    dk_proposal p;
    const char *conflict; /* 409: the i18n key saying why */
    dk_field_errors errs; /* 422 */
    char upload_id[37];   /* 202 after accept */
    json_t *document;     /* 200: {status, problems} of the latest upload, or NULL */
    int has_previous;     /* 200 and accept allowed: previous is a document on file */
    dk_previous_doc previous;
    /* 200 with a code or session, during a reserved interview (proposal_photo.c): */
    char session_code[8];   /* the live session code the interviewer issued, or "" */
    int64_t code_expires;   /* ms */
    json_t *photo_requests; /* the open photo requests (dk_photo_request.h), or NULL */
} dk_outcome;

void dk_outcome_free(dk_outcome *o);

/* Looks: finds the appointment, authenticates with cred and, on success,
 * fills o->document with its problems worded in lang (NULL = the
 * applicant's language). 200 when authenticated — or, with DK_CRED_NONE,
 * when the link is live and not locked. */
void dk_proposal_view(dk_intake *in, const char *token, const dk_credential *cred, const char *lang,
                      dk_outcome *o);

/* Before an accept's body is read: is the link live, not locked, and does
 * its state allow an accept (cred may be DK_CRED_NONE when the code comes
 * in the body)? 200, or the refusal in o. */
void dk_proposal_accept_precheck(dk_intake *in, const char *token, const dk_credential *cred,
                                 dk_outcome *o);

/* Accepts the slot with the identity document in up → 202 (document_pending).
 * document_kind "previous" (and no file) sends again the document accepted
 * for an earlier slot of this request. */
void dk_proposal_accept(dk_intake *in, const char *token, const dk_credential *cred, dk_upload *up,
                        dk_outcome *o);

/* Asks another slot: body {"preferred_slots": [...]} → 202 (rescheduling). */
void dk_proposal_reschedule(dk_intake *in, const char *token, const dk_credential *cred,
                            const json_t *body, dk_outcome *o);

/* Before a photo's body is read (proposal_photo.c): is the link live and
 * authenticated, and is there an open photo request? 200, or the refusal. */
void dk_proposal_photo_precheck(dk_intake *in, const char *token, const dk_credential *cred,
                                dk_outcome *o);

/* Sends the new photo the interviewer asked for (up->request_id names the
 * request; the image in up->front or up->back, the request's side) → 202
 * (the upload checked like an accept's; o->upload_id). 409 (conflict
 * "iv_photo_closed") when no such request is open, 422 for the fields. */
void dk_proposal_photo(dk_intake *in, const char *token, const dk_credential *cred, dk_upload *up,
                       dk_outcome *o);

/* During a reserved interview, for a caller who proved to be the applicant
 * (in the transaction of the look): the live session code and the open
 * photo requests into o. Returns 0, or -1 on a database error (logged). */
int dk_proposal_interview_extras(PGconn *pg, dk_outcome *o, int64_t now);

/* Cancels the appointment and the application → 202 (cancelled). */
void dk_proposal_cancel(dk_intake *in, const char *token, const dk_credential *cred, dk_outcome *o);

/* The cancel itself, in the caller's open transaction (its application row
 * locked): the appointment and the application 'cancelled', the page
 * sessions revoked, the timers of both cancelled, and queued in the outbox
 * appointment.changed, the slot_released mail (a calendar CANCEL when it
 * was reserved) and another try for whoever waits for the freed slot or
 * the source's limit. Returns 0 (p->status "cancelled"; the caller
 * commits), or -1 rolled back with a log. The self-service link's cancel
 * and the address owner's end link (end_link.c) both end here. */
int dk_proposal_cancel_tx(PGconn *pg, dk_proposal *p, int64_t now);

/* The live (held or reserved) appointment of application_id into p, read
 * in the caller's transaction as dk_proposal_open reads it (no check of
 * anything). Returns 1, 0 when it has none, or -1 (logged). */
int dk_proposal_load_live(PGconn *pg, const char *application_id, dk_proposal *p);

/* The sentence for an error of the accept's fields (document_kind, front,
 * back) or of preferred_slots, in lang. */
const char *dk_proposal_error_message(const char *field, const char *code, const char *lang);

/* ---- shared by the above (proposal.c) ---- */

/* BEGIN, find the appointment of token, lock its application (FOR UPDATE)
 * and authenticate. Returns 200 with the transaction still open, or the
 * refusal (404, 429 locked, 410 ended, 401, 503) with the transaction ended
 * — a wrong code's failure committed, counting towards the lock. A locked
 * or ended link tells why (429 with locked_until, 410 with p->ended) only
 * to a caller with a code or a session; to others it is 410 with p->ended
 * NULL: "this link cannot be used" (see unusable() in proposal.c). */
int dk_proposal_open(dk_intake *in, PGconn *pg, const char *token, const dk_credential *cred,
                     int64_t now, dk_proposal *p);

/* dk_proposal_open, then whether action is allowed now. Returns 1 to go on
 * (transaction open, o->status 200); otherwise o is final (status set, the
 * transaction ended — a 409 keeps the reset of the wrong-code count). */
int dk_proposal_open_for(dk_intake *in, PGconn *pg, const char *token, const dk_credential *cred,
                         const char *action, int64_t now, dk_outcome *o);

/* NULL when action ("accept", "reschedule", "cancel") is allowed now, else
 * the i18n key of the reason (the 409 message). */
const char *dk_proposal_refusal(const dk_proposal *p, const char *action, int64_t now);

/* The allowed actions, as the JSON array the API shows. */
json_t *dk_proposal_actions(const dk_proposal *p, int64_t now);

/* Borrows a pool connection for o (503 in o when none). */
PGconn *dk_proposal_db(dk_intake *in, dk_outcome *o);

/* COMMIT; on failure rolls back and sets o->status 503. Returns 0/-1. */
int dk_proposal_commit(PGconn *pg, dk_outcome *o);

/* ---- a document already accepted (proposal_previous.c) ---- */

/* The latest accepted upload of p's application, when it is a whole
 * document. Returns 1 (out filled), 0 (none), -1 (database error). */
int dk_previous_document(PGconn *pg, const dk_proposal *p, dk_previous_doc *out);

/* Reads its images back from the document store into up (document_kind,
 * front, back), as if they had just been sent. Returns 0 or -1. */
int dk_previous_document_load(const dk_previous_doc *d, dk_upload *up);

/* ---- storing the images of an upload (proposal_accept.c) ---- */

/* One upload's images in the encrypted document store. */
typedef struct {
    char upload_id[37];
    int sides;              /* set by the caller, with side and bytes */
    const char *side[2];    /* "front", "back" */
    const dk_buf *bytes[2]; /* the images */
    char doc_id[2][37];
    char sha[2][65];
    int stored;
} dk_stored_upload;

/* Draws the upload id and stores each image encrypted under a fresh
 * document id. Returns 0, or -1 (logged) with nothing left stored. */
int dk_stored_upload_put(dk_stored_upload *s);

/* Removes what dk_stored_upload_put stored (the transaction failed). */
void dk_stored_upload_remove(dk_stored_upload *s);

/* ---- the outbox rows the actions queue (proposal_messages.c) ---- */

/* appointment.changed for p with change ("accepted", "replaced", …). */
json_t *dk_msg_appointment_changed(const dk_proposal *p, const char *change);

/* schedule.requested {reason: "rescheduled", previous_appointment_id}. */
json_t *dk_msg_schedule_requested(const dk_proposal *p);

/* document.uploaded for one stored side of an upload. */
json_t *dk_msg_document_uploaded(const char *application_id, const char *document_id,
                                 const char *kind, const char *side, size_t byte_size,
                                 const char *sha256, const char *uploaded_at,
                                 const char *upload_id);

/* The slot_released mail job; with a calendar CANCEL at sequence when the
 * appointment had been reserved. */
json_t *dk_msg_slot_released(const dk_proposal *p, int was_reserved, int sequence);

/* ---- the page's session (session.c) ---- */

#define DK_SESSION_MINUTES 20
#define DK_SESSION_LEN 64 /* hex digits of the cookie: 256 random bits */

/* Checks the security code like dk_proposal_view and, when it is right and
 * the link is live, starts a session for the appointment in the same
 * transaction: session receives the cookie value (never stored; the table
 * keeps its SHA-256), o->status 200. Otherwise o says the refusal. */
void dk_proposal_login(dk_intake *in, const char *token, const char *code, dk_outcome *o,
                       char session[DK_SESSION_LEN + 1]);

/* 1 when value is a session of appointment_id that has neither expired nor
 * been revoked at now; 0 when not; -1 on a database error (logged). Runs in
 * the caller's transaction. */
int dk_session_check(PGconn *pg, const char *appointment_id, const char *value, int64_t now);

#endif
