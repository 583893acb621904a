/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staff.h — the civil servants' accounts (interviewers, operators,
 * admins) and their console sessions in PostgreSQL. Secrets are never
 * stored: the one-time enrolment token, the session id and the CSRF token
 * are random (256 bits, base64url) and kept only as keyed hashes under
 * DK_CODE_KEY, each bound to its purpose; the TOTP secret is kept sealed
 * (AES-256-GCM under DK_MESSAGE_KEY, bound to the staff id: dk_seal). A
 * session lives DK_STAFF_IDLE_MINUTES after its last use and at most
 * DK_STAFF_SESSION_HOURS after sign-in: the queries say so. Password and
 * TOTP arithmetic are the auth library's; this is the storage. */
#ifndef DK_STAFF_H
#define DK_STAFF_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#define DK_STAFF_TOKEN_LEN 43 /* base64url of 32 random bytes */
#define DK_STAFF_IDLE_MINUTES 30
#define DK_STAFF_SESSION_HOURS 10

/* "interviewer", "operator", "admin". */
int dk_staff_role_known(const char *role);

/* 32 random bytes (CSPRNG) in base64url. Returns 0/-1. */
int dk_staff_random_token(char out[DK_STAFF_TOKEN_LEN + 1]);

/* HMAC(DK_CODE_KEY, "staff.<purpose>:<secret>") in hex: purpose is
 * "enrol", "session" or "csrf". */
void dk_staff_secret_hash(const char *purpose, const char *secret, char out[65]);

/* The console's base URL without a trailing slash: DK_CONSOLE_URL, else
 * http://DK_CONSOLE_HOST:DK_CONSOLE_PORT. */
void dk_staff_console_url(char *out, size_t n);

/* {console url}/enrol/{token}. */
void dk_staff_enrol_url(const char *token, char *out, size_t n);

/* A new account as given on the command line or by an admin. */
typedef struct {
    const char *name;
    const char *email;
    const char *role;
    const char *interviewer_id; /* NULL: for an interviewer, the one with the same e-mail */
} dk_staff_new;

/* Checks what needs no database: a refusal code, or NULL.
 *   name_invalid               not 1..200 bytes of UTF-8 without control characters
 *   email_invalid              not an e-mail address (dk_email_valid)
 *   role_unknown               not interviewer, operator or admin
 *   interviewer_invalid        --interviewer is not a UUID
 *   interviewer_not_allowed    --interviewer with another role than interviewer */
const char *dk_staff_new_refusal(const dk_staff_new *s);

/* Adds the account in one transaction, with its audit row (actor "system",
 * detail: the operating-system user when given): a random enrolment token
 * valid DK_STAFF_ENROL_HOURS, of which only the keyed hash is stored.
 * Returns 0 (id and enrol_url filled: the token exists only there), 1 when
 * refused (*refusal: one of dk_staff_new_refusal's, or email_taken,
 * interviewer_unknown, interviewer_taken (it has an account already),
 * interviewer_required (role interviewer, no --interviewer and no
 * interviewer with that e-mail)), or -1 with err. Nothing is written unless
 * it returns 0. */
int dk_staff_add(PGconn *pg, const dk_staff_new *s, const char *os_user, int64_t now_ms,
                 char id[37], char *enrol_url, size_t url_len, const char **refusal, char *err,
                 size_t errlen);

/* Disables the account (it can no longer sign in or enrol) and ends its
 * sessions, in one transaction with its audit row. Returns 0, 1 refused
 * (*refusal: staff_unknown, already_disabled), or -1 with err. */
int dk_staff_disable(PGconn *pg, const char *id, const char *os_user, int64_t now_ms,
                     const char **refusal, char *err, size_t errlen);

/* Every account as an array of objects {id, name, email, role,
 * interviewer_id, state: "enrolment_pending" | "enrolment_expired" |
 * "active" | "locked" | "disabled", created_at, enrolled_at}, by name.
 * Returns a new reference, or NULL with err. */
json_t *dk_staff_list(PGconn *pg, int64_t now_ms, char *err, size_t errlen);

/* Seals a base32 TOTP secret for storage in staff.totp_secret_sealed (the
 * object as text, malloc'd), or opens one (base32 text, malloc'd). NULL
 * with err on failure (a sealed secret of another account does not open). */
char *dk_staff_totp_seal(const char *staff_id, const char *secret_base32, char *err, size_t errlen);
char *dk_staff_totp_open(const char *staff_id, const char *sealed_text, char *err, size_t errlen);

/* Opens a session for an account that is enrolled, not locked and not
 * disabled: session_id and csrf_token receive the secrets (for the cookie
 * and the page), only their keyed hashes are stored. Returns 0, 1 when the
 * account cannot open one, or -1 with err. */
int dk_staff_session_open(PGconn *pg, const char *staff_id, const char *address, int64_t now_ms,
                          char session_id[DK_STAFF_TOKEN_LEN + 1],
                          char csrf_token[DK_STAFF_TOKEN_LEN + 1], char *err, size_t errlen);

/* The account of a live session, touched (its idle time starts again):
 * staff_id, role, interviewer_id ("" when none) and the CSRF hash to compare
 * with. Returns 1 (found and live), 0 (unknown, idle for
 * DK_STAFF_IDLE_MINUTES, older than DK_STAFF_SESSION_HOURS, ended, or its
 * account disabled or locked), or -1 with err. */
typedef struct {
    char staff_id[37];
    char role[16];
    char interviewer_id[37];
    char csrf_hash[65];
} dk_staff_session;
int dk_staff_session_check(PGconn *pg, const char *session_id, int64_t now_ms,
                           dk_staff_session *out, char *err, size_t errlen);

/* Ends a session (sign-out). Returns 0, or -1 with err. */
int dk_staff_session_end(PGconn *pg, const char *session_id, int64_t now_ms, char *err,
                         size_t errlen);

#endif
