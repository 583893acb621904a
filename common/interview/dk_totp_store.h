/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_totp_store.h — an authenticator-app secret as it is stored, once for
 * the staff's sign-in and the applicant's key: made by the auth library,
 * kept in base32 inside a dk_seal object (AES-256-GCM under DK_MESSAGE_KEY,
 * bound to a purpose — "staff.totp", "key.totp" — and an id: a secret of one
 * account never opens for another), and verified without the raw secret
 * ever leaving this file but wiped. */
#ifndef DK_TOTP_STORE_H
#define DK_TOTP_STORE_H

#include "auth/dk_auth_totp.h"

#include <stddef.h>
#include <stdint.h>

/* Room for the base32 of a new secret with its NUL (32 + 1). */
#define DK_TOTP_B32_MAX 40

/* Seals a base32 secret: the object as text (malloc'd), or NULL with err. */
char *dk_totp_seal(const char *purpose, const char *id, const char *secret_base32, char *err,
                   size_t errlen);

/* Opens a sealed secret: its base32 text (malloc'd; free with
 * dk_auth_free_secret), or NULL with err (another purpose or id, tampered,
 * not JSON). */
char *dk_totp_open(const char *purpose, const char *id, const char *sealed_text, char *err,
                   size_t errlen);

/* A new secret (DK_AUTH_TOTP_SECRET_BYTES from the CSPRNG): its base32 in
 * b32 (for the page and the otpauth URI) and *sealed (malloc'd) to store.
 * Returns 0, or -1 with err (nothing made). */
int dk_totp_new(const char *purpose, const char *id, char b32[DK_TOTP_B32_MAX], char **sealed,
                char *err, size_t errlen);

/* The raw bytes of a base32 secret in key (cap bytes): the length, or -1. */
int dk_totp_raw(const char *secret_base32, unsigned char *key, size_t cap);

/* dk_auth_totp_verify (the default parameters) against a sealed secret:
 * DK_AUTH_TOTP_ERROR with err when it does not open. */
dk_auth_totp_result dk_totp_verify_sealed(const char *purpose, const char *id,
                                          const char *sealed_text, const char *typed,
                                          int64_t now_unix, int64_t last_step,
                                          int64_t *matched_step, char *err, size_t errlen);

#endif
