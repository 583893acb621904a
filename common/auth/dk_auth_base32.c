/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_base32.c — RFC 4648 base32 for TOTP secrets: strict about what a
 * symbol is, lenient about case, spaces and padding, as people type them. */
#include "auth/dk_auth_base32.h"

#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t dk_auth_base32_len(size_t n)
{
    return (n / 5) * 8 + ((n % 5) * 8 + 4) / 5;
}

int dk_auth_base32_encode(dk_buf *out, const void *p, size_t n, int pad)
{
    const unsigned char *in = p;
    unsigned bits = 0, nbits = 0;
    size_t symbols = 0;
    for (size_t i = 0; i < n; i++) {
        bits = (bits << 8) | in[i];
        nbits += 8;
        while (nbits >= 5) {
            nbits -= 5;
            dk_buf_putc(out, alphabet[(bits >> nbits) & 31]);
            symbols++;
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) {
        dk_buf_putc(out, alphabet[(bits << (5 - nbits)) & 31]);
        symbols++;
    }
    while (pad && symbols % 8 != 0) {
        dk_buf_putc(out, '=');
        symbols++;
    }
    if (n == 0)
        dk_buf_append(out, "", 0); /* an empty text is still a (NUL-terminated) text */
    return dk_buf_failed(out) ? -1 : 0;
}

/* The value of symbol c (either case), or -1. */
static int symbol_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= '2' && c <= '7')
        return c - '2' + 26;
    return -1;
}

int dk_auth_base32_decode(const char *s, unsigned char *out, size_t cap, size_t *outlen)
{
    if (!s)
        return -1;
    size_t symbols = 0, padding = 0, n = 0;
    unsigned bits = 0, nbits = 0;
    for (const char *c = s; *c; c++) {
        if (*c == ' ')
            continue;
        if (*c == '=') {
            padding++;
            continue;
        }
        int v = symbol_value(*c);
        if (v < 0 || padding > 0) /* a foreign character, or a symbol after '=' */
            return -1;
        symbols++;
        bits = (bits << 5) | (unsigned)v;
        nbits += 5;
        if (nbits >= 8) {
            nbits -= 8;
            if (n >= cap)
                return -1;
            out[n++] = (unsigned char)(bits >> nbits);
            bits &= (1u << nbits) - 1;
        }
    }
    size_t rest = symbols % 8;
    if (symbols == 0 || rest == 1 || rest == 3 || rest == 6)
        return -1;
    if (bits != 0) /* unused trailing bits must be zero */
        return -1;
    if (padding > 0 && (rest == 0 || symbols + padding != (symbols / 8 + 1) * 8))
        return -1;
    if (outlen)
        *outlen = n;
    return 0;
}
