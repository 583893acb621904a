/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_internal.h — what the files of common/keys share: the activation's
 * row and its refusals, the failure counters, the key's creation, e-mail
 * codes, WebAuthn challenges and base64url. Not for other libraries. */
#ifndef DK_KEY_INTERNAL_H
#define DK_KEY_INTERNAL_H

#include "keys/dk_key.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#define DK_KEY_TOTP_PURPOSE "key.totp"
#define DK_KEY_ENROL_MINUTES 30
#define DK_KEY_EMAIL_CODE_MINUTES 10
#define DK_KEY_EMAIL_CODE_GAP_MS 30000 /* no second mail within this */
#define DK_KEY_CHALLENGE_MINUTES 5
#define DK_KEY_THROTTLE_MAX_S 900
#define DK_KEY_TOPIC "dk.keys"

/* An activation link's row with its application. */
typedef struct {
    char id[37];
    char application_id[37];
    char language[4];
    char identifier[DK_KEY_IDENTIFIER_MAX]; /* lower(email) */
    char first_names[256];
    char last_name[256];
    char code_hash[65];
    int failures;
    int64_t expires_ms;
    const char *gone; /* "used", "revoked", "expired" or NULL */
} dk_key_activation_row;

/* The row of token (locked FOR UPDATE when lock, in the caller's
 * transaction): 1 found, 0 unknown (or malformed token), -1 err. */
int dk_key_activation_find(PGconn *pg, const char *token, int64_t now_ms, int lock,
                           dk_key_activation_row *row, char *err, size_t errlen);

/* The link's refusal of a found row into res (GONE or LOCKED): 1 when it
 * refuses, 0 when the link is usable. Fills res->language either way. */
int dk_key_activation_refuses(const dk_key_activation_row *row, dk_key_result *res);

/* A wrong code on the activation (in the open transaction): counted, the
 * link locked at DK_ACTIVATION_MAX_TRIES (locked_until = its expiry).
 * Returns 0/-1. */
int dk_key_activation_failure(PGconn *pg, const dk_key_activation_row *row, int64_t now_ms,
                              char *err, size_t errlen);

/* What a new key is made of. */
typedef struct {
    const char *key_type;
    const char *password_hash; /* NULL for a passkey */
    const char *totp_sealed;   /* "totp" only */
    int64_t totp_last_step;    /* "totp": the step of the first code */
    void *credential;          /* "passkey": the dk_auth_webauthn_credential (malloc'd) */
} dk_key_new;

/* ---- passkeys (dk_key_passkey.c) ---- */

/* The registration of a pending "passkey" choice (in the open transaction,
 * the link locked): the newest live register challenge of the activation
 * is spent and the registration verified against it. Returns 1 (verified:
 * k->credential set), 0 (refused), 2 (the verifier found the
 * attestationObject or clientDataJSON malformed or too large: a broken
 * client, not a wrong guess; the caller rolls back so that neither the
 * challenge nor a failure is spent on it), -1 err. */
int dk_key_passkey_register(PGconn *pg, const dk_key_activation_row *row, const dk_key_passkey *pk,
                            const dk_key_ctx *ctx, dk_key_new *k, char *err, size_t errlen);

/* Stores k->credential for key key_id (in the open transaction). 0/-1. */
int dk_key_passkey_store(PGconn *pg, const char *key_id, const dk_key_new *k, const dk_key_ctx *ctx,
                         char *err, size_t errlen);

/* Whether a passkey from the browser has the shape its ceremony needs,
 * before anything is looked up or written: every field present (userHandle
 * may be absent), base64url without padding, within the verifier's bounds
 * (dk_auth_webauthn.h), clientDataJSON a JSON object, authenticatorData at
 * least its 37 fixed bytes. registration: {id, clientDataJSON,
 * attestationObject}; else an assertion {id, clientDataJSON,
 * authenticatorData, signature[, userHandle]}. Returns 0 (well formed), 1
 * (*field the first field at fault, static, e.g.
 * "passkey.attestationObject") or -1 (out of memory). */
int dk_key_passkey_malformed(const dk_key_passkey *pk, int registration, const char **field);

/* Frees k->credential. */
void dk_key_passkey_new_free(dk_key_new *k);

/* An assertion for key key_id of application application_id (in the open
 * transaction, the key locked): the challenge it answers spent, the
 * credential's sign count stored. Returns 1 verified, 0 refused, -1 err. */
int dk_key_passkey_check(PGconn *pg, const char *key_id, const char *application_id,
                         const dk_key_passkey *pk, const dk_key_ctx *ctx, char *err, size_t errlen);

/* The 16 bytes of a UUID's text (the WebAuthn user handle). */
void dk_key_uuid_bytes(const char *uuid, unsigned char out[16]);

/* The key's creation, in the open transaction: a previous key of the
 * identifier revoked, the key inserted (its id into key_id), the activation
 * spent, the application 'activated', the enrolment gone, the key.activated
 * message and the key_activated mail queued, an audit row. res gets
 * DK_KEY_CREATED with type, level and identifier. Returns 0/-1. */
int dk_key_create(PGconn *pg, const dk_key_activation_row *row, const dk_key_new *k,
                  const dk_key_ctx *ctx, char key_id[37], dk_key_result *res, char *err,
                  size_t errlen);

/* A new e-mail code row of purpose "activation" (owner_id an activation
 * id) or "signin" (a key id) with its key_email_code mail, in the open
 * transaction. Unless force, nothing is made when a live one is younger
 * than DK_KEY_EMAIL_CODE_GAP_MS. Returns 0/-1. */
int dk_key_email_code_send(PGconn *pg, const char *purpose, const char *owner_id,
                           const char *application_id, const char *language, const char *to,
                           int64_t now_ms, int force, char *err, size_t errlen);

/* Checks typed against the newest unused code of the owner (in the open
 * transaction); a right, unexpired one is spent. Returns 1 right, 0 wrong
 * (or expired, or none), -1 err. */
int dk_key_email_code_check(PGconn *pg, const char *purpose, const char *owner_id,
                            const char *typed, int64_t now_ms, char *err, size_t errlen);

/* The ms of a timestamptz column selected as epoch ms text. */
int64_t dk_key_ms(const PGresult *r, int row, int col);

/* Commits when rc == 0, else rolls back. Returns rc, or -1 when the commit
 * failed. */
int dk_key_end_tx(PGconn *pg, int rc, char *err, size_t errlen);

/* The sign-in record (key_signins), in or out of a transaction. */
int dk_key_signin_record(PGconn *pg, const char *key_id, const char *result, const char *key_type,
                         const char *level, const dk_key_ctx *ctx, char *err, size_t errlen);

/* base64url without padding of n bytes, into a new json string / decode
 * into out (cap bytes): length or -1. */
json_t *dk_key_b64url_json(const unsigned char *p, size_t n);
long dk_key_b64url_decode(const char *s, unsigned char *out, size_t cap);

/* The relying party id (DK_WEBAUTHN_RP_ID or the public URL's host) and
 * the origin allowed (scheme://host[:port] of the public URL). */
void dk_key_rp_id(char *out, size_t n);
void dk_key_origin(char *out, size_t n);

/* A new single-use challenge (32 bytes) stored for purpose "register"
 * (activation_id) or "authenticate" (key_id, may be NULL); its bytes in
 * challenge. Returns 0/-1. */
int dk_key_challenge_new(PGconn *pg, const char *purpose, const char *activation_id,
                         const char *key_id, int64_t now_ms, unsigned char challenge[32], char *err,
                         size_t errlen);

/* The lower-case identifier of a typed one (trimmed ASCII spaces, at most
 * 254 bytes, no control characters): 0, or -1 when it cannot be one. */
int dk_key_identifier(const char *typed, char out[DK_KEY_IDENTIFIER_MAX]);

#endif
