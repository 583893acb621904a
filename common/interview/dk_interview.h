/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_interview.h — what the console does to an interview, each operation
 * one PostgreSQL transaction with its audit rows: draw the security
 * features, record a check, issue and verify the session code, add a
 * capture, record the outcome (the outcome row, the application's and the
 * appointment's status, the activation code, an interview.outcome message
 * on dk.interviews through the outbox, the audit rows). Each operation takes
 * the acting staff member (and the client's address for the audit) and
 * checks it may act: an enabled account, and an interviewer only on their
 * own interviews (operators and admins on all). A refusal is a stable code
 * (the console answers 403, 404, 409 or 422 by it); nothing is written then.
 * Times are instants in ms (dk_now_ms(), which honours DK_NOW). */
#ifndef DK_INTERVIEW_H
#define DK_INTERVIEW_H

#include "interview/dk_activation.h"
#include "interview/dk_feature.h"
#include "interview/dk_outcome.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#define DK_SESSION_CODE_DIGITS 6
#define DK_SESSION_CODE_MINUTES 10
#define DK_SESSION_CODE_MAX_TRIES 5

typedef struct {
    const char *staff_id; /* the acting staff member (a UUID) */
    const char *address;  /* the client's IP address for the audit, or NULL */
} dk_interview_actor;

/* Refusals common to every operation:
 *   staff_unknown        no such account
 *   staff_disabled       the account is disabled or locked
 *   appointment_unknown  no such appointment (or not a UUID)
 *   not_your_interview   an interviewer acting on another's interview */

/* The features to check on the document of kind shown in the interview:
 * drawn once per (appointment, kind) and kept, so every later call returns
 * the same draw. *features: a new array of {"key","optically_variable"}.
 * Returns 0, 1 refused (*refusal: the common ones, kind_unknown), -1 err. */
int dk_interview_features(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                          const char *kind, int64_t now_ms, json_t **features, const char **refusal,
                          char *err, size_t errlen);

/* One check as the interviewer records it. */
typedef struct {
    const char *appointment_id;
    const char *check;  /* dk_outcome_check(i), or "feature.<key>" */
    const char *result; /* "yes"/"no"; for a feature "seen"/"not_seen"; document_valid: NULL */
    const char *document_kind; /* for a feature: the kind whose draw it belongs to */
    const char *valid_until;   /* document_valid: the expiry date entered, YYYY-MM-DD */
    const char *note;          /* optional, at most 1000 characters */
} dk_interview_check;

/* Records a check (a new row; the latest per check counts). document_valid's
 * result is computed: "yes" when valid_until is on or after the interview's
 * date (Brussels), else "no"; *result_out (when not NULL) says which was
 * stored. Returns 0, 1 refused (*refusal: the common ones, interview_closed
 * (an outcome exists), check_unknown, result_invalid, valid_until_required,
 * valid_until_invalid, valid_until_not_allowed, kind_unknown,
 * feature_not_drawn, note_invalid), -1 err. */
int dk_interview_record_check(PGconn *pg, const dk_interview_actor *who,
                              const dk_interview_check *c, int64_t now_ms, const char **result_out,
                              const char **refusal, char *err, size_t errlen);

/* The session code of a session-code row id: 6 digits from HMAC(DK_CODE_KEY,
 * "session-code:<id>"), so the applicant's page recomputes it and nothing
 * stores it. */
void dk_interview_session_code_of(const char *code_id, char out[DK_SESSION_CODE_DIGITS + 1]);

/* Issues a new session code for the interview ("send code"), valid
 * DK_SESSION_CODE_MINUTES; a live earlier one is revoked. code_id receives
 * the row id (the applicant's page derives the code from it). Returns 0, 1
 * refused (the common ones, interview_closed), -1 err. */
int dk_interview_session_code_issue(PGconn *pg, const dk_interview_actor *who,
                                    const char *appointment_id, int64_t now_ms, char code_id[37],
                                    const char **refusal, char *err, size_t errlen);

/* The live session code of the appointment for the applicant's page: 1 with
 * code and *expires_ms, 0 when none is live (none issued, verified,
 * revoked, expired, or tried too often), -1 err. */
int dk_interview_session_code_live(PGconn *pg, const char *appointment_id, int64_t now_ms,
                                   char code[DK_SESSION_CODE_DIGITS + 1], int64_t *expires_ms,
                                   char *err, size_t errlen);

/* Checks the code the interviewer typed against the live one. Each wrong
 * try counts (and is audited); after DK_SESSION_CODE_MAX_TRIES the code is
 * revoked. Returns 0 with *verified 1 (right) or 0 (wrong), 1 refused
 * (*refusal: the common ones, no_live_code, code_expired, code_malformed),
 * -1 err. */
int dk_interview_session_code_verify(PGconn *pg, const dk_interview_actor *who,
                                     const char *appointment_id, const char *typed, int64_t now_ms,
                                     int *verified, const char **refusal, char *err, size_t errlen);

/* Stores an image taken during the call (subject "person",
 * "document_front" or "document_back"; source "upload" or "screen") in
 * the encrypted document store under a new id, and its row. Returns 0 with
 * capture_id, 1 refused (the common ones, interview_closed,
 * subject_unknown, source_unknown, image_empty, image_too_large), -1 err
 * (the stored file is removed again). */
int dk_interview_capture_add(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                             const char *subject, const char *source, const void *bytes, size_t len,
                             int64_t now_ms, char capture_id[37], const char **refusal, char *err,
                             size_t errlen);

/* What recording an outcome made. */
typedef struct {
    char outcome_id[37];
    char application_id[37];
    char status[24]; /* the application's new status */
    char activation_id[37];
    char activation_code[DK_ACTIVATION_CODE_LEN + 1]; /* approved: shown once, stored nowhere */
    int64_t activation_expires_ms;
} dk_interview_outcome;

/* Called inside the outcome's transaction, before COMMIT, so that the
 * caller adds what belongs with it (the outcome mail's outbox row): 0 goes
 * on, anything else rolls everything back (err filled). */
typedef int (*dk_interview_outcome_hook)(PGconn *pg, const dk_interview_outcome *o, void *ctx,
                                         char *err, size_t errlen);

/* Records the outcome of the interview, or with corrects_id a correction of
 * the appointment's current outcome (in->correction_reason required). One
 * transaction: the outcome row, the appointment closed ("completed", or
 * "no_show"), the application's new status, on approval a new activation
 * code valid DK_ACTIVATION_DAYS (a correction revokes the previous one), an
 * interview.outcome message on dk.interviews, the audit rows, then hook.
 * Returns 0 (o filled), 1 refused (*refusal: the common ones,
 * outcome_exists (a first outcome twice: the console's 409),
 * not_current_outcome (a correction of an outcome already corrected, or of
 * none), interview_not_reserved, transition_not_allowed,
 * address_has_new_application (a correction to a live status while the
 * address has a newer live application), or one of dk_outcome_refusal's),
 * -1 err. */
int dk_interview_record_outcome(PGconn *pg, const dk_interview_actor *who,
                                const char *appointment_id, const char *corrects_id,
                                const dk_outcome_input *in, int64_t now_ms,
                                dk_interview_outcome_hook hook, void *hook_ctx,
                                dk_interview_outcome *o, const char **refusal, char *err,
                                size_t errlen);

/* Writes one audit row for an action of who (dossier.view, image.view,
 * capture.view, access.denied ...) on its own. Returns 0, or -1 with err. */
int dk_interview_audit(PGconn *pg, const dk_interview_actor *who, const char *action,
                       const char *application_id, const char *appointment_id, const char *object,
                       const json_t *detail, int64_t now_ms, char *err, size_t errlen);

#endif
