/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staff_auth.h — a staff member's enrolment and sign-in, once for every
 * staff-facing server (the console, the dashboard): the password judged,
 * hashed and verified and the TOTP secret made and verified by the auth
 * library, stored and counted here, each step one transaction with its
 * audit rows.
 *
 * Enrolment (the one-time link of `dk staff add`): the password is set (NIST
 * rules, the account's e-mail and name as context), a new TOTP secret is
 * made and stored sealed; the enrolment counts only once a code of that
 * secret verified, which also spends the link. Setting the password again
 * before that replaces both.
 *
 * Sign-in: e-mail, password and TOTP code, always all three. An unknown
 * e-mail costs the same work (the auth library's dummy verify) and gets the
 * same answer as a wrong password. A code is accepted once (the matched step
 * is stored; a code of that step or an older one is refused), with one step
 * of drift. Every wrong attempt on an account counts; max_tries of them in
 * a row lock it (persisted, audited) until an operator acts. */
#ifndef DK_STAFF_AUTH_H
#define DK_STAFF_AUTH_H

#include "interview/dk_staff.h"

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* The account an enrolment link belongs to. */
typedef struct {
    char staff_id[37];
    char name[208];
    char email[256];
} dk_staff_enrolee;

/* The account of enrolment token (the last part of the link). Returns 1
 * (out filled), 0 unknown or already used (or its account disabled), 2
 * expired, or -1 with err. */
int dk_staff_enrol_lookup(PGconn *pg, const char *token, int64_t now_ms, dk_staff_enrolee *out,
                          char *err, size_t errlen);

/* Sets the password of the account of token and makes it a new TOTP
 * secret: secret_b32 (at least 33 bytes) receives it in base32 for the
 * page and the app, and e (may be NULL) the account. Returns 0, 1 refused
 * (*refusal: link_unknown, link_expired, password_refused with *reason),
 * or -1 with err. Nothing is written unless it returns 0. */
int dk_staff_enrol_password(PGconn *pg, const char *token, const char *password,
                            const char *address, int64_t now_ms, char *secret_b32,
                            size_t secret_len, dk_staff_enrolee *e, int *reason,
                            const char **refusal, char *err, size_t errlen);

/* The first code of the new secret: when it verifies the account is
 * enrolled and the link spent. Returns 0, 1 refused (*refusal: link_unknown,
 * link_expired, password_first (no secret made yet), totp_wrong,
 * totp_malformed), or -1 with err. */
int dk_staff_enrol_confirm(PGconn *pg, const char *token, const char *totp, const char *address,
                           int64_t now_ms, const char **refusal, char *err, size_t errlen);

/* A sign-in. Returns 0 (session_id and csrf_token filled, staff_id too;
 * a password stored with older Argon2id parameters is then hashed anew with
 * today's and stored, audited staff.password_rehashed), 1 refused (*refusal: "wrong" — unknown
 * e-mail, wrong password, wrong, replayed or malformed code, an account not enrolled or disabled —
 * or "locked": the account is locked and the password was right), or -1 with err. */
int dk_staff_signin(PGconn *pg, const char *email, const char *password, const char *totp,
                    const char *address, int64_t now_ms, int max_tries, char staff_id[37],
                    char session_id[DK_STAFF_TOKEN_LEN + 1],
                    char csrf_token[DK_STAFF_TOKEN_LEN + 1], const char **refusal, char *err,
                    size_t errlen);

/* Unlocks a locked account (`dk staff unlock`): its count of wrong
 * attempts starts again, in one transaction with its audit row. Returns 0,
 * 1 refused (*refusal: staff_unknown, not_locked), or -1 with err. */
int dk_staff_unlock(PGconn *pg, const char *id, const char *os_user, int64_t now_ms,
                    const char **refusal, char *err, size_t errlen);

#endif
