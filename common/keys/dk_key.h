/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key.h — the applicant's digital key (issue 12, SPEC.md step 4): every
 * database transaction of the activation (the link from the activation mail
 * and the code read aloud at the interview, the choice of a key, its
 * confirmation) and of the sign-in with it. The intake's JSON API and its
 * pages call only these functions, so both behave alike; the HTTP status a
 * caller answers is dk_key_http_status(res->status).
 *
 * Key types and their assurance levels:
 *   "password" (password only)           "low"
 *   "totp"     (password + app code)     "substantial"
 *   "email"    (password + e-mail code)  "low_email_code"
 *   "passkey"  (WebAuthn, user verified) "substantial"
 *
 * The activation, in three steps:
 *   1. dk_key_activation_view (GET of the page): whose link it is, whether
 *      it can still be used, the pending choice.
 *   2. dk_key_activation_choose: the activation code and the chosen key
 *      type with its password. A wrong code counts on the activation
 *      (activation_codes.failures; DK_ACTIVATION_MAX_TRIES of them lock the
 *      link for good: persisted). A right one with an acceptable password:
 *      "password" creates the key at once (DK_KEY_CREATED); "totp" makes and
 *      stores (sealed) a new secret and gives it back for the app; "email"
 *      mails a 6-digit code; "passkey" gives the WebAuthn creation options.
 *      The choice waits 30 minutes (key_enrolments); a new choice replaces it.
 *   3. dk_key_activation_confirm: the first app code, the mailed code or the
 *      passkey's registration. A wrong one counts like a wrong activation
 *      code. A right one creates the key, in ONE transaction with: the
 *      activation spent (used_at), the application's status 'activated', a
 *      previous key of the same address revoked, the key.activated message
 *      and the key_activated mail in the outbox.
 *   dk_key_activation_email_code mails a new code for a pending "email"
 *   choice (the failure count stays).
 *
 * The sign-in (dk_key_login): identifier (the e-mail address) + password +
 * the second factor of the key's type, or identifier + passkey assertion.
 * An unknown identifier costs the same Argon2id work and gets the same
 * answer as a wrong password. Each attempt is recorded in key_signins (with
 * the caller's source key of the client address, never the address). After
 * DK_KEY_THROTTLE_AFTER failures in a row the key is throttled (2^(n - that)
 * seconds, at most 15 minutes); DK_KEY_MAX_FAILURES lock it (persisted, the
 * help desk unlocks). A password stored with older Argon2id parameters is
 * hashed anew after a successful sign-in.
 *
 * Secrets: passwords are stored as Argon2id PHC strings, TOTP secrets
 * sealed (dk_seal, purpose "key.totp", bound to the application id), e-mail
 * codes derived from their row's id (dk_token_email_code): none of them is
 * ever in a message, a log line or a result but where this header says.
 *
 * Every function takes an open connection (a pool's) outside any
 * transaction, and returns 0 with res->status telling the outcome, or -1
 * with err (a database or crypto failure: answer 503). Strings in inputs
 * may be NULL (= absent). Thread-safe. */
#ifndef DK_KEY_H
#define DK_KEY_H

#include "auth/dk_auth_password.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* What came of a call; dk_key_http_status maps it to the API's status. */
typedef enum {
    DK_KEY_OK = 0,           /* 200: step done (choice made, code mailed, signed in) */
    DK_KEY_CREATED,          /* 201: the key exists now */
    DK_KEY_CODE_SENT,        /* 202 (activation: a new e-mail code mailed) */
    DK_KEY_MALFORMED,        /* 400: an input missing or of the wrong shape */
    DK_KEY_WRONG,            /* 401: wrong activation code, confirmation or sign-in */
    DK_KEY_EMAIL_CODE_SENT,  /* 401 at sign-in: right password, the e-mail code mailed */
    DK_KEY_UNKNOWN,          /* 404: no such activation link */
    DK_KEY_NO_PENDING,       /* 409: confirm or email-code without a pending choice */
    DK_KEY_GONE,             /* 410: link used, expired or revoked (res->gone) */
    DK_KEY_PASSWORD_REFUSED, /* 422: res->reason, res->min_chars */
    DK_KEY_LOCKED,           /* 429: activation link or key locked (persisted) */
    DK_KEY_THROTTLED,        /* 429: key throttled until res->until_ms */
} dk_key_status;

/* The HTTP status of a dk_key_status (200, 201, 202, 400, 401, 401, 404,
 * 409, 410, 422, 429, 429; 500 for a value outside the enum). */
int dk_key_http_status(dk_key_status s);

/* The status's code for JSON bodies and logs: "ok", "created", "code_sent",
 * "malformed", "wrong", "email_code_sent", "unknown", "no_pending", "gone",
 * "password_refused", "locked", "throttled". */
const char *dk_key_status_code(dk_key_status s);

#define DK_KEY_TYPE_MAX 16
#define DK_KEY_IDENTIFIER_MAX 256
#define DK_KEY_TOTP_SECRET_MAX 64 /* base32 of 20 bytes is 32 */

/* The result of every call (fill with dk_key_result_init, release with
 * dk_key_result_free). Fields not named for a status are empty/zero. */
typedef struct {
    dk_key_status status;
    /* DK_KEY_GONE: "used", "expired" or "revoked" (static). */
    const char *gone;
    /* DK_KEY_LOCKED, DK_KEY_THROTTLED: until when (ms since the epoch; for
     * a locked activation its expiry, for a locked key 0 = until the help
     * desk acts). */
    int64_t until_ms;
    /* DK_KEY_PASSWORD_REFUSED: why, and the minimum length that applied
     * (for dk_auth_password_reason_append). */
    dk_auth_pw_reason reason;
    int min_chars;
    /* DK_KEY_MALFORMED: the input at fault ("activation_code", "key_type",
     * "password", "totp", "email_code", "confirmation", "identifier",
     * "passkey" or a member of it: "passkey.id", "passkey.clientDataJSON",
     * "passkey.attestationObject", "passkey.authenticatorData",
     * "passkey.signature", "passkey.userHandle") (static). */
    const char *field;
    /* The applicant's language ("nl", "fr", "en"; "" when unknown: an
     * unknown link or identifier) — for pages and mails. */
    char language[4];
    /* DK_KEY_CREATED, DK_KEY_OK of a sign-in, the activation view, the
     * choice: the key type ("password", "totp", "email", "passkey"), its
     * assurance level (static: "low", "substantial", "low_email_code") and
     * the identifier (the lower-case e-mail address; never given for a
     * refused sign-in). */
    char key_type[DK_KEY_TYPE_MAX];
    const char *assurance_level;
    char identifier[DK_KEY_IDENTIFIER_MAX];
    /* DK_KEY_OK of a "totp" choice: the new secret in base32 (for typing:
     * dk_auth_totp_secret_text) and the otpauth:// URI (issuer
     * DK_KEY_ISSUER, account the identifier) for the QR code. Shown once,
     * on the enrolment page; wiped by dk_key_result_free. */
    char totp_secret[DK_KEY_TOTP_SECRET_MAX];
    char *otpauth_uri; /* malloc'd */
    /* DK_KEY_OK of a "passkey" choice, and dk_key_passkey_options: the
     * publicKey object for navigator.credentials.create/get, binary fields
     * in base64url (owned; NULL otherwise). */
    json_t *public_key;
    /* The activation view: the pending choice ("" when none) and the
     * link's expiry. */
    char pending_type[DK_KEY_TYPE_MAX];
    int64_t expires_ms;
} dk_key_result;

void dk_key_result_init(dk_key_result *res);
void dk_key_result_free(dk_key_result *res);

/* Who is asking: source is dk_source_key() of the client address (the
 * caller computes it; "" or NULL when none), recorded with sign-ins
 * instead of the address; now_ms is the clock (dk_now_ms()). */
typedef struct {
    const char *source;
    int64_t now_ms;
} dk_key_ctx;

/* ---- the activation ------------------------------------------------- */

/* The link of token (the last part of {DK_PUBLIC_URL}/activate/{token}):
 * DK_KEY_OK (language, identifier, pending_type (the choice made and not
 * yet confirmed, "" when none), expires_ms), DK_KEY_UNKNOWN,
 * DK_KEY_GONE (gone), or DK_KEY_LOCKED (until_ms). Writes nothing. */
int dk_key_activation_view(PGconn *pg, const char *token, const dk_key_ctx *ctx, dk_key_result *res,
                           char *err, size_t errlen);

/* The choice of a key (POST /api/v1/activations/{token}). */
typedef struct {
    const char *token;
    const char *activation_code; /* as typed: case, spaces and dashes do not matter */
    const char *key_type;        /* "totp", "email", "password", "passkey" */
    const char *password;        /* required but for "passkey" (ignored there) */
} dk_key_choice;

/* Checks, in this order: the link (DK_KEY_UNKNOWN, DK_KEY_GONE,
 * DK_KEY_LOCKED), key_type and the password's presence (DK_KEY_MALFORMED,
 * nothing counted), the activation code (DK_KEY_WRONG, counted; the
 * DK_ACTIVATION_MAX_TRIES-th locks the link), the password
 * (DK_KEY_PASSWORD_REFUSED: at least 15 characters for "password", 8 with a
 * second factor; the applicant's e-mail and names may not be in it). Then:
 *   "password": DK_KEY_CREATED (the key exists, as after a confirmation);
 *   "totp":     DK_KEY_OK with totp_secret and otpauth_uri;
 *   "email":    DK_KEY_OK, a code mailed (key_email_code mail);
 *   "passkey":  DK_KEY_OK with public_key (creation options).
 * key_type and identifier are filled for every DK_KEY_OK / DK_KEY_CREATED. */
int dk_key_activation_choose(PGconn *pg, const dk_key_choice *choice, const dk_key_ctx *ctx,
                             dk_key_result *res, char *err, size_t errlen);

/* A passkey's registration or assertion as the browser gives it, every
 * field base64url (PublicKeyCredential.toJSON()). */
typedef struct {
    const char *id;                 /* the credential id */
    const char *client_data_json;   /* response.clientDataJSON */
    const char *attestation_object; /* registration: response.attestationObject */
    const char *authenticator_data; /* assertion: response.authenticatorData */
    const char *signature;          /* assertion: response.signature */
    const char *user_handle;        /* assertion: response.userHandle (may be NULL) */
} dk_key_passkey;

/* The second step (POST /api/v1/activations/{token}/confirm): exactly one of
 * totp, email_code, passkey (the one of the pending choice). */
typedef struct {
    const char *token;
    const char *totp;              /* 6 digits from the app */
    const char *email_code;        /* 6 digits from the mail */
    const dk_key_passkey *passkey; /* the registration */
} dk_key_confirmation;

/* The link as for dk_key_activation_view; no pending choice (or it expired,
 * or it is of another type than the factor given) DK_KEY_NO_PENDING; no
 * factor or a malformed one DK_KEY_MALFORMED (a passkey: a field missing,
 * not base64url, over its bound, or CBOR/clientDataJSON the verifier cannot
 * read; field "passkey.<member>" or "passkey"; nothing written, the
 * challenge and the link's tries untouched); a wrong (or replayed, or
 * expired) one DK_KEY_WRONG, counted like a wrong activation code; a right
 * one DK_KEY_CREATED with key_type, assurance_level, identifier. */
int dk_key_activation_confirm(PGconn *pg, const dk_key_confirmation *c, const dk_key_ctx *ctx,
                              dk_key_result *res, char *err, size_t errlen);

/* A new e-mail code for the pending "email" choice of token
 * (POST /api/v1/activations/{token}/email-code): DK_KEY_CODE_SENT (a code
 * sent in the last 30 seconds is not followed by another: the same answer,
 * no new mail), DK_KEY_NO_PENDING, or the link's refusals. Older codes stop
 * verifying; the failure count stays. */
int dk_key_activation_email_code(PGconn *pg, const char *token, const dk_key_ctx *ctx,
                                 dk_key_result *res, char *err, size_t errlen);

/* ---- the sign-in -------------------------------------------------------- */

typedef struct {
    const char *identifier; /* the e-mail address (any case) */
    const char *password;   /* not for a passkey sign-in */
    const char *totp;
    const char *email_code;
    const dk_key_passkey *passkey; /* the assertion (then no password) */
} dk_key_login_input;

/* POST /api/v1/keys/login. DK_KEY_OK with key_type, assurance_level,
 * identifier, language; DK_KEY_WRONG for everything else that is wrong
 * (unknown identifier, wrong password, wrong/replayed/missing code, a
 * factor of another key type, a revoked key) — one answer for all;
 * DK_KEY_EMAIL_CODE_SENT for an "email" key whose right password came
 * without a code (a code mailed; one in the last 30 seconds is not followed
 * by another); DK_KEY_THROTTLED (until_ms) before any check while the key
 * is throttled; DK_KEY_LOCKED when the key is locked and the password (or
 * passkey) was right (a wrong one on a locked key is DK_KEY_WRONG);
 * DK_KEY_MALFORMED (field) for an identifier or password that is absent or
 * too long to be one, or a passkey assertion without the shape of one (a
 * field missing, not base64url or over its bound: "passkey.signature", ...;
 * judged before the identifier is looked up: no try, no challenge spent). */
int dk_key_login(PGconn *pg, const dk_key_login_input *in, const dk_key_ctx *ctx,
                 dk_key_result *res, char *err, size_t errlen);

/* POST /api/v1/keys/passkey/options: DK_KEY_OK with public_key {challenge,
 * rpId, allowCredentials, userVerification: "required", timeout}; a new
 * single-use challenge (5 minutes) is stored. An identifier without a
 * passkey gets a plausible answer (a credential id derived from it by HMAC),
 * so the answer does not tell whether it exists. DK_KEY_MALFORMED when the
 * identifier is absent or too long. */
int dk_key_passkey_options(PGconn *pg, const char *identifier, const dk_key_ctx *ctx,
                           dk_key_result *res, char *err, size_t errlen);

/* ---- for operators -------------------------------------------------------- */

/* The key of application id for `dk application show`: *out a new object
 * {key_type, assurance_level, created_at, last_signin_at (or null),
 * locked (boolean), throttled_until (or null), revoked_at (or null),
 * passkeys (count)} — never a secret. Returns 1 (found), 0 (no key: *out
 * NULL), or -1 with err. */
int dk_key_show(PGconn *pg, const char *application_id, json_t **out, char *err, size_t errlen);

/* The help desk's two actions on the live (not revoked) key of an address
 * (`dk key unlock|revoke EMAIL`), each one transaction with its audit row
 * (actor "system", the operator's OS user in the details):
 *   dk_key_unlock  a locked or throttled key signs in again, its count of
 *                  failures starting anew ("key.unlocked");
 *   dk_key_revoke  the key stops working for good, e.g. a lost phone; the
 *                  person gets a new one through a new request and interview
 *                  ("key.revoked").
 * Returns 0, 1 refused (*refusal: "key_unknown" — no live key for that
 * address —, or "not_locked" for dk_key_unlock), or -1 with err. */
int dk_key_unlock(PGconn *pg, const char *identifier, const char *os_user, int64_t now_ms,
                  const char **refusal, char *err, size_t errlen);
int dk_key_revoke(PGconn *pg, const char *identifier, const char *os_user, int64_t now_ms,
                  const char **refusal, char *err, size_t errlen);

/* The assurance level of a key type (static), or NULL for an unknown one. */
const char *dk_key_assurance_level(const char *key_type);

#endif
