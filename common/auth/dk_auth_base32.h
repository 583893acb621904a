/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_base32.h — RFC 4648 base32 (alphabet A-Z 2-7), the form in which
 * authenticator apps take a TOTP secret: in the otpauth:// URI and typed by
 * hand. */
#ifndef DK_AUTH_BASE32_H
#define DK_AUTH_BASE32_H

#include "core/dk_buf.h"

#include <stddef.h>

/* The number of symbols n bytes take without padding: ceil(8n / 5). */
size_t dk_auth_base32_len(size_t n);

/* Appends n bytes of p as upper-case base32, with '=' padding to a multiple
 * of 8 symbols when pad is nonzero. Returns 0, or -1 when the buffer failed. */
int dk_auth_base32_encode(dk_buf *out, const void *p, size_t n, int pad);

/* Decodes s (NUL-terminated) into out (cap bytes), *outlen (may be NULL)
 * getting the number of bytes. Lower case and ASCII spaces are accepted
 * anywhere, '=' padding only at the end and only as much as RFC 4648 puts
 * there (the symbols and padding then make a multiple of 8). Refused, with
 * -1 and *outlen untouched: any other character (0, 1, 8, 9, '-', non-ASCII,
 * ...), a symbol count no byte string has (1, 3 or 6 modulo 8), unused
 * trailing bits that are not zero (so each byte string has one spelling),
 * an empty input, or more bytes than cap. Returns 0 on success. */
int dk_auth_base32_decode(const char *s, unsigned char *out, size_t cap, size_t *outlen);

#endif
