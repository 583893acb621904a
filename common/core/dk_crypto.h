/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_crypto.h — the secrets of the procedure: random identifiers, personal
 * security codes, keyed hashes and constant-time comparison, all on OpenSSL's
 * CSPRNG and HMAC-SHA256. */
#ifndef DK_CRYPTO_H
#define DK_CRYPTO_H

#include <stddef.h>

/* Fills buf with n bytes from OpenSSL's CSPRNG. Returns 0, or -1 when the
 * generator failed (the caller must not go on with predictable values). */
int dk_random_bytes(void *buf, size_t n);

/* A random (version 4) UUID in canonical lower-case form. Returns 0/-1. */
int dk_uuid_v4(char out[37]);

/* A name-based (version 5, SHA-1) UUID: the same namespace text and name
 * always give the same id, so a replayed message yields the same job id. */
void dk_uuid_v5(const char *namespace_text, const char *name, char out[37]);

/* 1 when s is a canonical UUID (8-4-4-4-12 hex digits), else 0. */
int dk_uuid_valid(const char *s);

/* The personal security code: 20 symbols from a 31-symbol alphabet without the
 * look-alikes 0/O, 1/I/L (log2(31^20) ≈ 99 bits), grouped by five for reading:
 * "7KQ2M-X9RTP-..." (23 characters + NUL). Returns 0/-1. */
#define DK_SECURITY_CODE_SYMBOLS 20
#define DK_SECURITY_CODE_LEN 23
extern const char dk_security_code_alphabet[]; /* the 31 symbols */
int dk_security_code_new(char out[DK_SECURITY_CODE_LEN + 1]);

/* Brings a typed code into canonical form: case-folded, spaces and dashes
 * dropped, regrouped. Returns 0, or -1 when it cannot be a code at all. */
int dk_security_code_normalise(const char *in, char out[DK_SECURITY_CODE_LEN + 1]);

/* SHA-256 of n bytes as 64 lower-case hex digits. */
void dk_sha256_hex(const void *p, size_t n, char out[65]);

/* n bytes as 2n lower-case hex digits and a NUL (out holds 2n + 1). */
void dk_hex(const void *p, size_t n, char *out);

/* n random bytes (CSPRNG) as hex, e.g. a video room or a MIME boundary.
 * Returns 0, or -1 (out untouched) when the CSPRNG failed. */
int dk_random_hex(char *out, size_t n);

/* HMAC-SHA256(key, msg) as 64 lower-case hex digits. */
void dk_keyed_hash_hex(const char *key, const char *msg, char out[65]);

/* Constant-time equality of two buffers of the same length. */
int dk_ct_equal(const void *a, const void *b, size_t n);

#endif
