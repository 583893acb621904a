/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_b64url.h — base64url without padding (RFC 4648 §5), the form in
 * which WebAuthn's binary fields travel in JSON: the challenge in the
 * creation/request options, credential ids, clientDataJSON,
 * attestationObject, authenticatorData and signatures coming back. */
#ifndef DK_AUTH_B64URL_H
#define DK_AUTH_B64URL_H

#include "core/dk_buf.h"

#include <stddef.h>

/* The number of symbols n bytes take without padding: ceil(4n / 3). */
size_t dk_auth_b64url_len(size_t n);

/* Appends n bytes of p as base64url, no padding. Returns 0, or -1 when the
 * buffer failed. */
int dk_auth_b64url_encode(dk_buf *out, const void *p, size_t n);

/* Decodes the first slen characters of s into out (cap bytes), *outlen (may
 * be NULL) getting the number of bytes. Strict, so each byte string has one
 * spelling: only A-Z a-z 0-9 '-' '_' (no padding, no blanks, no '+' '/'), a
 * length of 1 modulo 4 refused, unused trailing bits must be zero, more
 * bytes than cap refused. An empty s decodes to 0 bytes. Returns 0, or -1
 * (*outlen untouched). */
int dk_auth_b64url_decode(const char *s, size_t slen, unsigned char *out, size_t cap,
                          size_t *outlen);

#endif
