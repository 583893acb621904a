/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_otpauth.c — the otpauth:// key URI an authenticator app scans, and
 * the secret spelled for typing by hand. */
#include "auth/dk_auth_base32.h"
#include "auth/dk_auth_totp.h"

#include "core/dk_utf8.h"

#include <openssl/crypto.h>
#include <string.h>

/* Label and parameter text must be short, valid UTF-8 without controls. */
#define TEXT_MAX 256

static int text_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= TEXT_MAX && dk_utf8_valid(s, n) && !dk_utf8_has_control(s);
}

/* RFC 3986 percent-encoding of every byte but the unreserved characters. */
static void percent_encode(dk_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '.' || *c == '_' || *c == '~') {
            dk_buf_putc(out, (char)*c);
        } else {
            char e[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            dk_buf_append(out, e, 3);
        }
    }
}

static const char *algorithm_name(dk_auth_totp_hash hash)
{
    switch (hash) {
    case DK_AUTH_TOTP_SHA1:
        return "SHA1";
    case DK_AUTH_TOTP_SHA256:
        return "SHA256";
    case DK_AUTH_TOTP_SHA512:
        return "SHA512";
    }
    return NULL;
}

int dk_auth_otpauth_uri(dk_buf *out, const dk_auth_totp_params *p, const unsigned char *secret,
                        size_t secretlen, const char *issuer, const char *account)
{
    /* dk_auth_totp_step() is -1 exactly when p is not valid. */
    if (!text_ok(issuer) || !text_ok(account) || !secret || secretlen == 0 ||
        dk_auth_totp_step(p, 0) < 0 || !algorithm_name(p->hash))
        return -1;
    dk_buf_puts(out, "otpauth://totp/");
    percent_encode(out, issuer);
    dk_buf_putc(out, ':');
    percent_encode(out, account);
    dk_buf_puts(out, "?secret=");
    dk_auth_base32_encode(out, secret, secretlen, 0);
    dk_buf_puts(out, "&issuer=");
    percent_encode(out, issuer);
    dk_buf_appendf(out, "&algorithm=%s&digits=%d&period=%d", algorithm_name(p->hash), p->digits,
                   p->period);
    return dk_buf_failed(out) ? -1 : 0;
}

int dk_auth_totp_secret_text(dk_buf *out, const unsigned char *secret, size_t secretlen)
{
    dk_buf plain = DK_BUF_INIT;
    if (dk_auth_base32_encode(&plain, secret, secretlen, 0) != 0) {
        dk_buf_free(&plain);
        return -1;
    }
    for (size_t i = 0; i < plain.len; i++) {
        if (i > 0 && i % 4 == 0)
            dk_buf_putc(out, ' ');
        dk_buf_putc(out, plain.data[i]);
    }
    if (plain.data)
        OPENSSL_cleanse(plain.data, plain.len);
    dk_buf_free(&plain);
    return dk_buf_failed(out) ? -1 : 0;
}
