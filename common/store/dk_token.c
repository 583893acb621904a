/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_token.c — link tokens derived from appointment ids (see dk_token.h). */
#include "store/dk_token.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void dk_token_derive(const char *purpose, const char *id, char out[DK_TOKEN_LEN + 1])
{
    const char *key = dk_config_str("DK_TOKEN_KEY");
    char msg[96];
    snprintf(msg, sizeof msg, "%.40s:%.40s", purpose, id);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg), md, &mdlen);
    /* 32 bytes → 43 symbols of 6 bits (the last carries 2 bits and 4 zeros). */
    size_t o = 0;
    unsigned bits = 0, nbits = 0;
    for (unsigned i = 0; i < 32; i++) {
        bits = (bits << 8) | md[i];
        nbits += 8;
        while (nbits >= 6) {
            out[o++] = b64url[(bits >> (nbits - 6)) & 63];
            nbits -= 6;
        }
    }
    if (nbits > 0)
        out[o++] = b64url[(bits << (6 - nbits)) & 63];
    out[o] = '\0';
}

void dk_token_for(const char *appointment_id, char out[DK_TOKEN_LEN + 1])
{
    dk_token_derive("proposal", appointment_id, out);
}

void dk_token_activation(const char *activation_id, char out[DK_TOKEN_LEN + 1])
{
    dk_token_derive("activation", activation_id, out);
}

void dk_token_end(const char *end_link_id, char out[DK_TOKEN_LEN + 1])
{
    dk_token_derive("end-request", end_link_id, out);
}

void dk_token_hash(const char *token, char out[65])
{
    char msg[DK_TOKEN_LEN + 16];
    snprintf(msg, sizeof msg, "lookup:%.*s", DK_TOKEN_LEN, token);
    dk_keyed_hash_hex(dk_config_str("DK_TOKEN_KEY"), msg, out);
}

int dk_token_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (n >= DK_TOKEN_LEN || !strchr(b64url, s[n]))
            return 0;
    return n == DK_TOKEN_LEN;
}

void dk_public_url(char *out, size_t n)
{
    const char *u = dk_config_str("DK_PUBLIC_URL");
    if (!*u)
        u = dk_config_str("DK_INTAKE_URL");
    if (u && *u) {
        size_t len = strlen(u);
        while (len > 0 && u[len - 1] == '/')
            len--;
        snprintf(out, n, "%.*s", (int)len, u);
    } else {
        snprintf(out, n, "http://%s:%ld", dk_config_str("DK_INTAKE_HOST"),
                 dk_config_int("DK_INTAKE_PORT"));
    }
}

void dk_proposal_url(const char *appointment_id, char *out, size_t n)
{
    char base[512], token[DK_TOKEN_LEN + 1];
    dk_public_url(base, sizeof base);
    dk_token_for(appointment_id, token);
    snprintf(out, n, "%s/proposal/%s", base, token);
}

void dk_token_activation_url(const char *activation_id, char *out, size_t n)
{
    char base[512], token[DK_TOKEN_LEN + 1];
    dk_public_url(base, sizeof base);
    dk_token_activation(activation_id, token);
    snprintf(out, n, "%s/activate/%s", base, token);
}

void dk_token_end_url(const char *end_link_id, char *out, size_t n)
{
    char base[512], token[DK_TOKEN_LEN + 1];
    dk_public_url(base, sizeof base);
    dk_token_end(end_link_id, token);
    snprintf(out, n, "%s/end/%s", base, token);
}

void dk_token_email_code(const char *id, char out[DK_EMAIL_CODE_DIGITS + 1])
{
    const char *key = dk_config_str("DK_TOKEN_KEY");
    char msg[64];
    snprintf(msg, sizeof msg, "email-code:%.40s", id);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg), md, &mdlen);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | md[i];
    snprintf(out, DK_EMAIL_CODE_DIGITS + 1, "%06u", (unsigned)(v % 1000000u));
}
