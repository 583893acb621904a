/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_b64url.c — base64url without padding, strict on decode, for the
 * binary fields of WebAuthn as they travel in JSON. */
#include "auth/dk_auth_b64url.h"

#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t dk_auth_b64url_len(size_t n)
{
    return (n / 3) * 4 + ((n % 3) * 8 + 5) / 6;
}

int dk_auth_b64url_encode(dk_buf *out, const void *p, size_t n)
{
    const unsigned char *in = p;
    unsigned bits = 0, nbits = 0;
    for (size_t i = 0; i < n; i++) {
        bits = (bits << 8) | in[i];
        nbits += 8;
        while (nbits >= 6) {
            nbits -= 6;
            dk_buf_putc(out, alphabet[(bits >> nbits) & 63]);
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0)
        dk_buf_putc(out, alphabet[(bits << (6 - nbits)) & 63]);
    if (n == 0)
        dk_buf_append(out, "", 0); /* an empty text is still a (NUL-terminated) text */
    return dk_buf_failed(out) ? -1 : 0;
}

/* The value of one symbol, or -1. */
static int symbol(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int dk_auth_b64url_decode(const char *s, size_t slen, unsigned char *out, size_t cap,
                          size_t *outlen)
{
    if (!s || slen % 4 == 1)
        return -1;
    size_t need = slen / 4 * 3 + (slen % 4 ? slen % 4 - 1 : 0);
    if (need > cap)
        return -1;
    unsigned bits = 0, nbits = 0;
    size_t o = 0;
    for (size_t i = 0; i < slen; i++) {
        int v = symbol(s[i]);
        if (v < 0)
            return -1;
        bits = (bits << 6) | (unsigned)v;
        nbits += 6;
        if (nbits >= 8) {
            nbits -= 8;
            out[o++] = (unsigned char)(bits >> nbits);
            bits &= (1u << nbits) - 1;
        }
    }
    if (bits != 0) /* unused trailing bits: one spelling per byte string */
        return -1;
    if (outlen)
        *outlen = o;
    return 0;
}
