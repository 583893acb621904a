/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_totp.c — HOTP (RFC 4226) and TOTP (RFC 6238) codes and their
 * verification with a drift window and replay refusal. */
#include "auth/dk_auth_totp.h"

#include "core/dk_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

const dk_auth_totp_params dk_auth_totp_default = {DK_AUTH_TOTP_SHA1, 6, 30};

/* The longest typed code looked at: digits and spaces a person might put
 * between them; anything longer is malformed without further reading. */
#define TYPED_MAX 64

static const char *digest_name(dk_auth_totp_hash hash)
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

static int params_valid(const dk_auth_totp_params *p)
{
    return p && digest_name(p->hash) && p->digits >= DK_AUTH_TOTP_MIN_DIGITS &&
           p->digits <= DK_AUTH_TOTP_MAX_DIGITS && p->period >= 1 && p->period <= 3600;
}

int dk_auth_totp_secret_new(unsigned char secret[DK_AUTH_TOTP_SECRET_BYTES])
{
    return dk_random_bytes(secret, DK_AUTH_TOTP_SECRET_BYTES);
}

int dk_auth_hotp(dk_auth_totp_hash hash, const unsigned char *key, size_t keylen, uint64_t counter,
                 int digits, char out[DK_AUTH_TOTP_MAX_DIGITS + 1])
{
    out[0] = '\0';
    const char *md = digest_name(hash);
    if (!md || !key || keylen == 0 || digits < DK_AUTH_TOTP_MIN_DIGITS ||
        digits > DK_AUTH_TOTP_MAX_DIGITS)
        return -1;
    unsigned char msg[8];
    for (int i = 7; i >= 0; i--) {
        msg[i] = (unsigned char)(counter & 0xff);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t maclen = 0;
    if (!EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key, keylen, msg, sizeof msg, mac, sizeof mac,
                   &maclen) ||
        maclen < 20)
        return -1;
    /* RFC 4226 §5.3: dynamic truncation. */
    unsigned offset = mac[maclen - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[offset] & 0x7f) << 24) | ((uint32_t)mac[offset + 1] << 16) |
                   ((uint32_t)mac[offset + 2] << 8) | (uint32_t)mac[offset + 3];
    uint32_t mod = 1;
    for (int i = 0; i < digits; i++)
        mod *= 10;
    uint32_t code = bin % mod;
    for (int i = digits - 1; i >= 0; i--) {
        out[i] = (char)('0' + code % 10);
        code /= 10;
    }
    out[digits] = '\0';
    return 0;
}

int64_t dk_auth_totp_step(const dk_auth_totp_params *p, int64_t unix_seconds)
{
    if (!params_valid(p) || unix_seconds < 0)
        return -1;
    return unix_seconds / p->period; /* T0 = 0 */
}

int dk_auth_totp_code(const dk_auth_totp_params *p, const unsigned char *key, size_t keylen,
                      int64_t step, char out[DK_AUTH_TOTP_MAX_DIGITS + 1])
{
    out[0] = '\0';
    if (!params_valid(p) || step < 0)
        return -1;
    return dk_auth_hotp(p->hash, key, keylen, (uint64_t)step, p->digits, out);
}

/* The digits of a typed code without its spaces into out (digits + 1);
 * 0, or -1 when it is not exactly `digits` ASCII digits and spaces. */
static int typed_digits(const char *typed, int digits, char out[DK_AUTH_TOTP_MAX_DIGITS + 1])
{
    int n = 0;
    for (size_t i = 0; typed[i]; i++) {
        if (i >= TYPED_MAX)
            return -1;
        char c = typed[i];
        if (c == ' ')
            continue;
        if (c < '0' || c > '9' || n >= digits)
            return -1;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == digits ? 0 : -1;
}

dk_auth_totp_result dk_auth_totp_verify(const dk_auth_totp_params *p, const unsigned char *key,
                                        size_t keylen, const char *typed, int64_t now_unix,
                                        int64_t last_step, int64_t *matched_step)
{
    if (!params_valid(p) || !key || keylen == 0 || !typed)
        return DK_AUTH_TOTP_ERROR;
    int64_t now = dk_auth_totp_step(p, now_unix);
    if (now < 0)
        return DK_AUTH_TOTP_ERROR;
    char want[DK_AUTH_TOTP_MAX_DIGITS + 1];
    if (typed_digits(typed, p->digits, want) != 0)
        return DK_AUTH_TOTP_MALFORMED;
    /* Every step of the window is computed and compared, whatever matched. */
    int64_t accepted = -1;
    int replayed = 0, failed = 0;
    for (int64_t d = -DK_AUTH_TOTP_DRIFT_STEPS; d <= DK_AUTH_TOTP_DRIFT_STEPS; d++) {
        int64_t step = now + d;
        if (step < 0)
            continue;
        char code[DK_AUTH_TOTP_MAX_DIGITS + 1];
        if (dk_auth_totp_code(p, key, keylen, step, code) != 0) {
            failed = 1;
            continue;
        }
        int match = dk_ct_equal(code, want, (size_t)p->digits);
        int usable = step > last_step;
        if (match && usable)
            accepted = step; /* the latest matching step wins */
        replayed |= match && !usable;
        OPENSSL_cleanse(code, sizeof code);
    }
    OPENSSL_cleanse(want, sizeof want);
    if (failed)
        return DK_AUTH_TOTP_ERROR;
    if (accepted >= 0) {
        if (matched_step)
            *matched_step = accepted;
        return DK_AUTH_TOTP_OK;
    }
    return replayed ? DK_AUTH_TOTP_REPLAYED : DK_AUTH_TOTP_WRONG;
}

const char *dk_auth_totp_result_code(dk_auth_totp_result r)
{
    switch (r) {
    case DK_AUTH_TOTP_OK:
        return "ok";
    case DK_AUTH_TOTP_WRONG:
        return "wrong";
    case DK_AUTH_TOTP_REPLAYED:
        return "replayed";
    case DK_AUTH_TOTP_MALFORMED:
        return "malformed";
    case DK_AUTH_TOTP_ERROR:
        return "error";
    }
    return "error";
}
