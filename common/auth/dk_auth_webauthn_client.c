/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_client.c — the clientDataJSON checks of both WebAuthn
 * ceremonies (§7.1 steps 7-11, §7.2 steps 11-15): what the browser says it
 * was asked (type, challenge) and by whom (origin, not cross-origin). Also
 * the argument checks and SHA-256 the ceremonies share. */
#include "auth/dk_auth_b64url.h"
#include "auth/dk_auth_webauthn_parts.h"
#include "core/dk_crypto.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <string.h>

int dk_auth_webauthn_sha256(const void *p, size_t n, unsigned char out[32])
{
    unsigned int len = 0;
    if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32)
        return -1;
    return 0;
}

static int text_ok(const char *s, size_t max)
{
    if (!s || !*s)
        return 0;
    return strnlen(s, max + 1) <= max;
}

int dk_auth_webauthn_args_ok(const dk_auth_webauthn_rp *rp, dk_auth_webauthn_bytes challenge)
{
    return rp && text_ok(rp->rp_id, DK_AUTH_WEBAUTHN_RP_ID_MAX) &&
           text_ok(rp->origin, DK_AUTH_WEBAUTHN_ORIGIN_MAX) && challenge.p &&
           challenge.n >= DK_AUTH_WEBAUTHN_CHALLENGE_MIN &&
           challenge.n <= DK_AUTH_WEBAUTHN_CHALLENGE_MAX;
}

/* 1 when v is a JSON string of exactly the n bytes at s. */
static int string_is(const json_t *v, const char *s, size_t n)
{
    return json_is_string(v) && json_string_length(v) == n &&
           memcmp(json_string_value(v), s, n) == 0;
}

/* The challenge member against the expected bytes, in constant time once
 * the lengths agree (the length of a challenge is no secret). */
static int challenge_is(const json_t *v, dk_auth_webauthn_bytes challenge)
{
    char want[128];
    dk_buf b = DK_BUF_INIT;
    if (dk_auth_b64url_encode(&b, challenge.p, challenge.n) != 0 || b.len >= sizeof want) {
        dk_buf_free(&b);
        return -1;
    }
    size_t n = b.len;
    memcpy(want, b.data, n);
    dk_buf_free(&b);
    return json_string_length(v) == n && dk_ct_equal(json_string_value(v), want, n);
}

dk_auth_webauthn_result dk_auth_webauthn_client_data(const dk_auth_webauthn_rp *rp,
                                                     const char *type,
                                                     dk_auth_webauthn_bytes challenge,
                                                     dk_auth_webauthn_bytes client_data_json,
                                                     unsigned char hash[32])
{
    if (!client_data_json.p || client_data_json.n == 0)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    if (client_data_json.n > DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX)
        return DK_AUTH_WEBAUTHN_TOO_LARGE;
    json_error_t err;
    json_t *cd = json_loadb((const char *)client_data_json.p, client_data_json.n,
                            JSON_REJECT_DUPLICATES, &err);
    dk_auth_webauthn_result r = DK_AUTH_WEBAUTHN_OK;
    const json_t *t = json_object_get(cd, "type"), *c = json_object_get(cd, "challenge"),
                 *o = json_object_get(cd, "origin"), *x = json_object_get(cd, "crossOrigin");
    if (!json_is_object(cd) || !json_is_string(t) || !json_is_string(c) || !json_is_string(o) ||
        (x && !json_is_boolean(x)))
        r = DK_AUTH_WEBAUTHN_MALFORMED;
    else if (!string_is(t, type, strlen(type)))
        r = DK_AUTH_WEBAUTHN_TYPE;
    else {
        int same = challenge_is(c, challenge);
        if (same < 0)
            r = DK_AUTH_WEBAUTHN_INTERNAL;
        else if (!same)
            r = DK_AUTH_WEBAUTHN_CHALLENGE;
        else if (!string_is(o, rp->origin, strlen(rp->origin)))
            r = DK_AUTH_WEBAUTHN_ORIGIN;
        else if (json_is_true(x))
            r = DK_AUTH_WEBAUTHN_CROSS_ORIGIN;
        else if (dk_auth_webauthn_sha256(client_data_json.p, client_data_json.n, hash) != 0)
            r = DK_AUTH_WEBAUTHN_INTERNAL;
    }
    json_decref(cd);
    return r;
}
