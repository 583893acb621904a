/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_auth_input.c — libFuzzer target: any bytes as what a person types
 * into the sign-in and enrolment forms of common/auth: a new password (with
 * context words cut from the same bytes), a TOTP code, a base32 secret, an
 * otpauth:// account. Must never crash; a password check answers one of its
 * reasons; a base32 text that decodes is the canonical spelling of its bytes
 * once case, spaces and padding are set aside; a code that verifies is one
 * of the window's. */
#include "auth/dk_auth_base32.h"
#include "auth/dk_auth_password.h"
#include "auth/dk_auth_totp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void base32_canonical(const char *s)
{
    unsigned char out[512];
    size_t n = 0;
    if (dk_auth_base32_decode(s, out, sizeof out, &n) != 0)
        return;
    dk_buf b = DK_BUF_INIT;
    if (dk_auth_base32_encode(&b, out, n, 0) != 0)
        abort();
    size_t k = 0;
    for (const char *c = s; *c; c++) {
        if (*c == ' ' || *c == '=')
            continue;
        char u = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
        if (k >= b.len || b.data[k++] != u)
            abort(); /* decoded, but not the spelling of what it decoded to */
    }
    if (k != b.len)
        abort();
    dk_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a NUL inside ends the text, as in a C string */

    /* Context words: the text up to the first '|' as an e-mail, as a name. */
    char *bar = strchr(s, '|');
    char *ctx_text = bar ? strndup(s, (size_t)(bar - s)) : NULL;
    const char *context[] = {ctx_text, ctx_text, NULL};
    const char *pw = bar ? bar + 1 : s;
    for (int min = 1; min <= 15; min += 7) {
        dk_auth_pw_reason r = dk_auth_password_check(pw, min, ctx_text ? context : NULL);
        if (r < DK_AUTH_PW_OK || r > DK_AUTH_PW_REPETITIVE)
            abort();
        if (r == DK_AUTH_PW_OK && strlen(pw) > DK_AUTH_PASSWORD_MAX_BYTES)
            abort();
    }
    free(ctx_text);

    base32_canonical(s);

    static const unsigned char key[] = "12345678901234567890";
    int64_t matched = -1;
    dk_auth_totp_result r =
        dk_auth_totp_verify(&dk_auth_totp_default, key, 20, s, 1767225600, 58907519, &matched);
    if (r == DK_AUTH_TOTP_OK && (matched < 58907520 - 1 || matched > 58907520 + 1))
        abort();

    dk_buf u = DK_BUF_INIT;
    if (dk_auth_otpauth_uri(&u, &dk_auth_totp_default, key, 20, "Issuer", s) == 0) {
        for (size_t i = 15; i < u.len; i++) /* past "otpauth://totp/" */
            if ((unsigned char)u.data[i] <= ' ' || (unsigned char)u.data[i] >= 0x7f ||
                u.data[i] == '#')
                abort(); /* the label or a parameter broke out of its encoding */
    }
    dk_buf_free(&u);
    free(s);
    return 0;
}
