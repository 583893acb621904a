/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_totp_store.c — sealed authenticator-app secrets (see dk_totp_store.h). */
#include "interview/dk_totp_store.h"

#include "auth/dk_auth_base32.h"
#include "auth/dk_auth_password.h"
#include "core/dk_buf.h"
#include "core/dk_err.h"
#include "store/dk_envelope.h"
#include "store/dk_seal.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dk_totp_seal(const char *purpose, const char *id, const char *secret_base32, char *err,
                   size_t errlen)
{
    json_t *plain = json_pack("{s:s}", "totp_secret", secret_base32);
    json_t *sealed = plain ? dk_seal(plain, purpose, id, err, errlen) : NULL;
    json_decref(plain);
    char *text = sealed ? dk_json_text(sealed) : NULL;
    json_decref(sealed);
    return text;
}

char *dk_totp_open(const char *purpose, const char *id, const char *sealed_text, char *err,
                   size_t errlen)
{
    json_t *sealed = sealed_text ? json_loads(sealed_text, 0, NULL) : NULL;
    if (!sealed) {
        dk_errf(err, errlen, "sealed TOTP secret is not JSON");
        return NULL;
    }
    json_t *plain = dk_seal_open(sealed, purpose, id, err, errlen);
    json_decref(sealed);
    const char *s = json_string_value(json_object_get(plain, "totp_secret"));
    char *out = s ? strdup(s) : NULL;
    if (plain && !s)
        dk_errf(err, errlen, "sealed TOTP secret holds no totp_secret");
    json_decref(plain);
    return out;
}

int dk_totp_new(const char *purpose, const char *id, char b32[DK_TOTP_B32_MAX], char **sealed,
                char *err, size_t errlen)
{
    *sealed = NULL;
    b32[0] = '\0';
    unsigned char secret[DK_AUTH_TOTP_SECRET_BYTES];
    dk_buf b = DK_BUF_INIT;
    int ok = dk_auth_totp_secret_new(secret) == 0 &&
             dk_auth_base32_encode(&b, secret, sizeof secret, 0) == 0 && !dk_buf_failed(&b) &&
             b.len < DK_TOTP_B32_MAX;
    OPENSSL_cleanse(secret, sizeof secret);
    if (ok)
        *sealed = dk_totp_seal(purpose, id, b.data, err, errlen);
    else
        dk_errf(err, errlen, "no TOTP secret could be made");
    if (*sealed)
        snprintf(b32, DK_TOTP_B32_MAX, "%s", b.data);
    if (b.data)
        OPENSSL_cleanse(b.data, b.len);
    dk_buf_free(&b);
    return *sealed ? 0 : -1;
}

int dk_totp_raw(const char *secret_base32, unsigned char *key, size_t cap)
{
    size_t n = 0;
    if (dk_auth_base32_decode(secret_base32, key, cap, &n) != 0 || n == 0)
        return -1;
    return (int)n;
}

dk_auth_totp_result dk_totp_verify_sealed(const char *purpose, const char *id,
                                          const char *sealed_text, const char *typed,
                                          int64_t now_unix, int64_t last_step,
                                          int64_t *matched_step, char *err, size_t errlen)
{
    char *b32 = dk_totp_open(purpose, id, sealed_text, err, errlen);
    if (!b32)
        return DK_AUTH_TOTP_ERROR;
    unsigned char key[64];
    int n = dk_totp_raw(b32, key, sizeof key);
    dk_auth_free_secret(b32);
    if (n <= 0) {
        dk_errf(err, errlen, "the stored TOTP secret is not base32");
        return DK_AUTH_TOTP_ERROR;
    }
    dk_auth_totp_result t =
        dk_auth_totp_verify(&dk_auth_totp_default, key, (size_t)n, typed ? typed : "", now_unix,
                            last_step, matched_step);
    OPENSSL_cleanse(key, sizeof key);
    if (t == DK_AUTH_TOTP_ERROR)
        dk_errf(err, errlen, "TOTP verification failed");
    return t;
}
