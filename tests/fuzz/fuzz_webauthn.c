/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_webauthn.c — libFuzzer target: any bytes into the WebAuthn parsers of
 * common/auth (dk_auth_webauthn.h), behind a first byte that chooses which:
 * 0 an attestationObject (a whole registration, its clientDataJSON fixed and
 * right, so the bytes reach the CBOR, authenticator-data, COSE and
 * attestation code), 1 authenticator data alone, 2 a COSE_Key, 3 an
 * assertion's authenticatorData. Must never crash or leak; what is accepted
 * must hold together: a registered credential has an id of 1..1023 bytes, a
 * key of a taken algorithm and UP and UV set; parsed authenticator data
 * points inside the bytes it came from. */
#include "auth/dk_auth_b64url.h"
#include "auth/dk_auth_webauthn.h"
#include "auth/dk_auth_webauthn_parts.h"

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const dk_auth_webauthn_rp rp = {"localhost", "http://localhost:42551"};
static const unsigned char challenge[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                            23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

/* clientDataJSON of type `type` for the fixed challenge and origin. */
static void client_data(dk_buf *b, const char *type)
{
    dk_buf_appendf(b, "{\"type\":\"%s\",\"challenge\":\"", type);
    dk_auth_b64url_encode(b, challenge, sizeof challenge);
    dk_buf_appendf(b, "\",\"origin\":\"%s\",\"crossOrigin\":false}", rp.origin);
}

static int inside(const unsigned char *p, size_t n, const unsigned char *q, size_t m)
{
    return q >= p && q <= p + n && m <= (size_t)(p + n - q);
}

static void registration(const uint8_t *data, size_t size)
{
    dk_buf cd = DK_BUF_INIT;
    client_data(&cd, "webauthn.create");
    dk_auth_webauthn_credential cred;
    dk_auth_webauthn_result r =
        dk_auth_webauthn_register(&rp, (dk_auth_webauthn_bytes){challenge, sizeof challenge},
                                  (dk_auth_webauthn_bytes){(const unsigned char *)cd.data, cd.len},
                                  (dk_auth_webauthn_bytes){data, size}, &cred);
    if (r == DK_AUTH_WEBAUTHN_OK) {
        unsigned need = DK_AUTH_WEBAUTHN_FLAG_UP | DK_AUTH_WEBAUTHN_FLAG_UV;
        if (cred.credential_id_len < 1 || cred.credential_id_len > DK_AUTH_WEBAUTHN_CRED_ID_MAX ||
            cred.public_key_len < 1 || cred.public_key_len > DK_AUTH_WEBAUTHN_COSE_KEY_MAX ||
            (cred.alg != DK_AUTH_WEBAUTHN_ES256 && cred.alg != DK_AUTH_WEBAUTHN_RS256) ||
            (cred.flags & need) != need || !cred.fmt)
            abort();
    } else if (r != DK_AUTH_WEBAUTHN_TOO_LARGE && cred.credential_id_len != 0) {
        abort(); /* a refusal leaves no credential behind */
    }
    dk_buf_free(&cd);
}

static void auth_data(const uint8_t *data, size_t size)
{
    dk_auth_webauthn_auth_data ad;
    if (dk_auth_webauthn_auth_data_parse(data, size, &ad) != DK_AUTH_WEBAUTHN_OK)
        return;
    if (!inside(data, size, ad.rp_id_hash, 32))
        abort();
    if (ad.flags & DK_AUTH_WEBAUTHN_FLAG_AT) {
        if (!inside(data, size, ad.aaguid, 16) ||
            !inside(data, size, ad.credential_id, ad.credential_id_len) ||
            !inside(data, size, ad.public_key, ad.public_key_len) || ad.credential_id_len == 0 ||
            ad.credential_id_len > DK_AUTH_WEBAUTHN_CRED_ID_MAX || ad.public_key_len == 0)
            abort();
    }
}

static void cose_key(const uint8_t *data, size_t size)
{
    int alg = 0;
    EVP_PKEY *key = NULL;
    dk_auth_webauthn_result r = dk_auth_webauthn_cose_key(data, size, &alg, &key);
    if ((r == DK_AUTH_WEBAUTHN_OK) != (key != NULL))
        abort();
    if (r == DK_AUTH_WEBAUTHN_OK && alg != DK_AUTH_WEBAUTHN_ES256 && alg != DK_AUTH_WEBAUTHN_RS256)
        abort();
    EVP_PKEY_free(key);
}

static void assertion(const uint8_t *data, size_t size)
{
    /* A well-formed P-256 key (the curve's generator G, so that the
     * assertion reaches the signature check), and a signature (r = 1, s = 1)
     * no message has in practice. */
    static const unsigned char key[] = {
        0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, 0x6b, 0x17, 0xd1,
        0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
        0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8,
        0x98, 0xc2, 0x96, 0x22, 0x58, 0x20, 0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f,
        0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57,
        0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};
    static const unsigned char sig[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    dk_buf cd = DK_BUF_INIT;
    client_data(&cd, "webauthn.get");
    dk_auth_webauthn_stored st = {{key, sizeof key}, DK_AUTH_WEBAUTHN_ES256, 0};
    dk_auth_webauthn_assertion out;
    dk_auth_webauthn_result r = dk_auth_webauthn_assert(
        &rp, (dk_auth_webauthn_bytes){challenge, sizeof challenge},
        (dk_auth_webauthn_bytes){(const unsigned char *)cd.data, cd.len},
        (dk_auth_webauthn_bytes){data, size}, (dk_auth_webauthn_bytes){sig, sizeof sig}, &st, &out);
    if (r == DK_AUTH_WEBAUTHN_OK)
        abort();
    dk_buf_free(&cd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] & 3) {
    case 0:
        registration(data + 1, size - 1);
        break;
    case 1:
        auth_data(data + 1, size - 1);
        break;
    case 2:
        cose_key(data + 1, size - 1);
        break;
    default:
        assertion(data + 1, size - 1);
        break;
    }
    return 0;
}
