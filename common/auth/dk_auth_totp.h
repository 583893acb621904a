/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_totp.h — authenticator-app codes, once for the whole service: the
 * staff sign-in and the applicant's "password + authenticator app" key both
 * enrol and verify them here. HOTP (RFC 4226) and TOTP (RFC 6238, T0 = 0)
 * over HMAC-SHA-1, -SHA-256 or -SHA-512 (OpenSSL EVP); the service uses
 * dk_auth_totp_default (SHA-1, 6 digits, 30 s), what authenticator apps
 * support. The otpauth:// URI that apps scan is built here too (the QR code
 * of it: dk_auth_qr.h).
 *
 * Secrets are raw bytes the caller owns and stores (sealed: never in Kafka or
 * logs); nothing here keeps state. Replay refusal rests on the caller storing,
 * per secret, the last time step that verified (returned by
 * dk_auth_totp_verify) and giving it back on the next verify. */
#ifndef DK_AUTH_TOTP_H
#define DK_AUTH_TOTP_H

#include "core/dk_buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    DK_AUTH_TOTP_SHA1 = 0,
    DK_AUTH_TOTP_SHA256,
    DK_AUTH_TOTP_SHA512,
} dk_auth_totp_hash;

typedef struct {
    dk_auth_totp_hash hash;
    int digits; /* DK_AUTH_TOTP_MIN_DIGITS..DK_AUTH_TOTP_MAX_DIGITS */
    int period; /* seconds per time step, 1..3600 */
} dk_auth_totp_params;

#define DK_AUTH_TOTP_MIN_DIGITS 6
#define DK_AUTH_TOTP_MAX_DIGITS 8

/* SHA-1, 6 digits, 30 seconds: what the service enrols. */
extern const dk_auth_totp_params dk_auth_totp_default;

/* A new secret's size: 160 bits (RFC 4226 §4 recommends it). */
#define DK_AUTH_TOTP_SECRET_BYTES 20

/* How many steps either side of now a code may come from (clock drift of the
 * phone): now-1, now and now+1 verify, now±2 do not. */
#define DK_AUTH_TOTP_DRIFT_STEPS 1

/* "No step used yet" for dk_auth_totp_verify's last_step. */
#define DK_AUTH_TOTP_NO_STEP (-1)

/* Fills secret with DK_AUTH_TOTP_SECRET_BYTES bytes from OpenSSL's CSPRNG.
 * Returns 0, or -1 when the generator failed (do not enrol then). */
int dk_auth_totp_secret_new(unsigned char secret[DK_AUTH_TOTP_SECRET_BYTES]);

/* RFC 4226: the code for counter under key (keylen >= 1 bytes), digits
 * (6..8) decimal digits with leading zeros, into out (digits + 1 bytes).
 * Returns 0, or -1 (out set to "") on bad arguments or an OpenSSL failure. */
int dk_auth_hotp(dk_auth_totp_hash hash, const unsigned char *key, size_t keylen, uint64_t counter,
                 int digits, char out[DK_AUTH_TOTP_MAX_DIGITS + 1]);

/* RFC 6238: the time step of unix_seconds, floor(unix_seconds / period);
 * -1 when unix_seconds < 0 or p is not valid. */
int64_t dk_auth_totp_step(const dk_auth_totp_params *p, int64_t unix_seconds);

/* The code of time step `step` (>= 0) under key, as dk_auth_hotp. */
int dk_auth_totp_code(const dk_auth_totp_params *p, const unsigned char *key, size_t keylen,
                      int64_t step, char out[DK_AUTH_TOTP_MAX_DIGITS + 1]);

typedef enum {
    DK_AUTH_TOTP_OK = 0,    /* matched: *matched_step is the step to store */
    DK_AUTH_TOTP_WRONG,     /* no step of the window has this code */
    DK_AUTH_TOTP_REPLAYED,  /* the code is that of a step <= last_step */
    DK_AUTH_TOTP_MALFORMED, /* not p->digits digits (spaces aside) */
    DK_AUTH_TOTP_ERROR,     /* bad arguments, time before 1970, OpenSSL failed */
} dk_auth_totp_result;

/* Verifies a typed code at time now_unix (the caller's clock, dk_now_ms() /
 * 1000 in the service, so DK_NOW moves it in tests). typed is
 * p->digits ASCII digits; ASCII spaces anywhere are ignored ("123 456"),
 * anything else is DK_AUTH_TOTP_MALFORMED. The window is the steps now-1,
 * now, now+1; a step <= last_step (the step this secret last verified with,
 * or DK_AUTH_TOTP_NO_STEP) is refused: a code already used, or an older one,
 * never verifies again, and its match answers DK_AUTH_TOTP_REPLAYED (for
 * the audit trail; tell the user the same as for a wrong code). Every step of
 * the window is computed and compared in constant time whatever the answer.
 * On DK_AUTH_TOTP_OK *matched_step (may be NULL) gets the matching step —
 * the latest one when two match — which the caller stores as the new
 * last_step in the same transaction that accepts the sign-in; otherwise it
 * is left alone. Counting failures and locking out is the caller's job. */
dk_auth_totp_result dk_auth_totp_verify(const dk_auth_totp_params *p, const unsigned char *key,
                                        size_t keylen, const char *typed, int64_t now_unix,
                                        int64_t last_step, int64_t *matched_step);

/* The result's name: "ok", "wrong", "replayed", "malformed", "error". */
const char *dk_auth_totp_result_code(dk_auth_totp_result r);

/* Appends the key URI authenticator apps scan (Google's "Key Uri Format"):
 *   otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER
 *       &algorithm=SHA1&digits=6&period=30
 * issuer (the service's name, from configuration) and account (the e-mail
 * address) are percent-encoded as UTF-8 (every byte but A-Z a-z 0-9 - . _ ~,
 * so ':', '&', '?', '#', '%', spaces and non-ASCII letters are all %XX); the
 * secret is unpadded upper-case base32. Returns 0, or -1 when issuer or
 * account is NULL, empty, not valid UTF-8 or holds a control character, the
 * secret is empty, p is not valid, or the buffer failed. The URI holds the
 * secret: it goes to the enrolment page and its QR code, nowhere else. */
int dk_auth_otpauth_uri(dk_buf *out, const dk_auth_totp_params *p, const unsigned char *secret,
                        size_t secretlen, const char *issuer, const char *account);

/* Appends the secret for typing into an app by hand: upper-case base32 in
 * groups of four separated by spaces ("JBSW Y3DP EHPK 3PXP ..."), which
 * apps accept as typed. Returns 0, or -1 when the buffer failed. */
int dk_auth_totp_secret_text(dk_buf *out, const unsigned char *secret, size_t secretlen);

#endif
