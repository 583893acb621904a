/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_cose.c — a credential's public key from its COSE_Key
 * (RFC 9052/9053, RFC 8230) into an OpenSSL 3 EVP_PKEY, refusing what is not
 * ES256 on P-256 or RS256 with a sound modulus, and the signature check of
 * both ceremonies with that key. */
#include "auth/dk_auth_cbor.h"
#include "auth/dk_auth_webauthn_parts.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <string.h>

/* COSE labels and values we read. */
enum {
    LABEL_KTY = 1,
    LABEL_ALG = 3,
    LABEL_CRV_OR_N = -1,
    LABEL_X_OR_E = -2,
    LABEL_Y = -3,
    KTY_EC2 = 2,
    KTY_RSA = 3,
    CRV_P256 = 1,
    P256_COORD = 32,
    RSA_MIN_BITS = 2048,
    RSA_MAX_BITS = 8192,
    RSA_MAX_E_BYTES = 4,
    MAX_ENTRIES = 16,
};

/* The entries of a COSE_Key that matter here. */
typedef struct {
    int64_t kty, alg, crv;
    int has_kty, has_alg, has_crv;
    dk_auth_cbor_item a, b, c; /* labels -1, -2, -3 as read */
    int has_a, has_b, has_c;
} cose_entries;

static dk_auth_webauthn_result read_entries(const unsigned char *p, size_t n, cose_entries *e)
{
    memset(e, 0, sizeof *e);
    dk_auth_cbor_reader r;
    dk_auth_cbor_init(&r, p, n);
    dk_auth_cbor_item map, key, val;
    if (dk_auth_cbor_next(&r, &map) != 0 || map.kind != DK_AUTH_CBOR_MAP || map.value > MAX_ENTRIES)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    for (uint64_t i = 0; i < map.value; i++) {
        int64_t label;
        if (dk_auth_cbor_next(&r, &key) != 0 || dk_auth_cbor_next(&r, &val) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        if (key.kind == DK_AUTH_CBOR_TEXT) { /* a text label: none we use */
            if (dk_auth_cbor_skip(&r, &val, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 2) != 0)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            continue;
        }
        if (dk_auth_cbor_int(&key, &label) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        int64_t *num = NULL;
        int *has = NULL;
        dk_auth_cbor_item *bytes = NULL;
        switch (label) {
        case LABEL_KTY:
            num = &e->kty, has = &e->has_kty;
            break;
        case LABEL_ALG:
            num = &e->alg, has = &e->has_alg;
            break;
        case LABEL_CRV_OR_N:
            bytes = &e->a, has = &e->has_a;
            break;
        case LABEL_X_OR_E:
            bytes = &e->b, has = &e->has_b;
            break;
        case LABEL_Y:
            bytes = &e->c, has = &e->has_c;
            break;
        default:
            break;
        }
        if (!has) { /* another label (key_ops, kid, ...): not used */
            if (dk_auth_cbor_skip(&r, &val, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 2) != 0)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            continue;
        }
        if (*has)
            return DK_AUTH_WEBAUTHN_MALFORMED; /* the same label twice */
        *has = 1;
        if (bytes) {
            if (val.kind == DK_AUTH_CBOR_ARRAY || val.kind == DK_AUTH_CBOR_MAP)
                return DK_AUTH_WEBAUTHN_KEY; /* no COSE key parameter we read is one */
            *bytes = val;
        } else if (dk_auth_cbor_int(&val, num) != 0)
            return DK_AUTH_WEBAUTHN_KEY;
    }
    if (r.pos != n)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    return DK_AUTH_WEBAUTHN_OK;
}

/* The public key of an EVP_PKEY made from params, or NULL. */
static EVP_PKEY *from_params(const char *type, OSSL_PARAM *params)
{
    EVP_PKEY *key = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    return key;
}

/* 1 when OpenSSL's own public-key check passes (for EC: the point is on the
 * curve, not at infinity, of the group's order). */
static int public_check(EVP_PKEY *key)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    int ok = ctx && EVP_PKEY_public_check(ctx) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

static dk_auth_webauthn_result ec_key(const cose_entries *e, EVP_PKEY **out)
{
    int64_t crv = 0;
    if (!e->has_a || !e->has_b || !e->has_c || dk_auth_cbor_int(&e->a, &crv) != 0 ||
        crv != CRV_P256 || e->b.kind != DK_AUTH_CBOR_BYTES || e->b.len != P256_COORD ||
        e->c.kind != DK_AUTH_CBOR_BYTES || e->c.len != P256_COORD)
        return DK_AUTH_WEBAUTHN_KEY;
    unsigned char point[1 + 2 * P256_COORD];
    point[0] = 0x04; /* uncompressed */
    memcpy(point + 1, e->b.data, P256_COORD);
    memcpy(point + 1 + P256_COORD, e->c.data, P256_COORD);
    char group[] = "prime256v1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *key = from_params("EC", params);
    if (!key || !public_check(key)) {
        EVP_PKEY_free(key);
        return DK_AUTH_WEBAUTHN_KEY; /* OpenSSL refuses a point off the curve */
    }
    *out = key;
    return DK_AUTH_WEBAUTHN_OK;
}

static dk_auth_webauthn_result rsa_key(const cose_entries *e, EVP_PKEY **out)
{
    if (!e->has_a || !e->has_b || e->has_c || e->a.kind != DK_AUTH_CBOR_BYTES ||
        e->b.kind != DK_AUTH_CBOR_BYTES || e->a.len == 0 || e->a.len > RSA_MAX_BITS / 8 + 1 ||
        e->b.len == 0 || e->b.len > RSA_MAX_E_BYTES)
        return DK_AUTH_WEBAUTHN_KEY;
    dk_auth_webauthn_result res = DK_AUTH_WEBAUTHN_INTERNAL;
    BIGNUM *n = BN_bin2bn(e->a.data, (int)e->a.len, NULL);
    BIGNUM *x = BN_bin2bn(e->b.data, (int)e->b.len, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY *key = NULL;
    if (!n || !x || !bld)
        goto done;
    int bits = BN_num_bits(n);
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS || !BN_is_odd(n) || !BN_is_odd(x) ||
        BN_num_bits(x) < 2 || BN_cmp(x, n) >= 0) {
        res = DK_AUTH_WEBAUTHN_KEY;
        goto done;
    }
    if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, x) != 1 ||
        !(params = OSSL_PARAM_BLD_to_param(bld)))
        goto done;
    key = from_params("RSA", params);
    if (!key || !public_check(key)) {
        res = DK_AUTH_WEBAUTHN_KEY;
        goto done;
    }
    *out = key;
    key = NULL;
    res = DK_AUTH_WEBAUTHN_OK;
done:
    EVP_PKEY_free(key);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(x);
    return res;
}

dk_auth_webauthn_result dk_auth_webauthn_cose_key(const unsigned char *p, size_t n, int *alg,
                                                  EVP_PKEY **key)
{
    *key = NULL;
    *alg = 0;
    if (!p || n == 0)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    if (n > DK_AUTH_WEBAUTHN_COSE_KEY_MAX)
        return DK_AUTH_WEBAUTHN_TOO_LARGE;
    cose_entries e;
    dk_auth_webauthn_result r = read_entries(p, n, &e);
    if (r != DK_AUTH_WEBAUTHN_OK)
        return r;
    if (!e.has_alg || (e.alg != DK_AUTH_WEBAUTHN_ES256 && e.alg != DK_AUTH_WEBAUTHN_RS256))
        return DK_AUTH_WEBAUTHN_ALGORITHM;
    if (!e.has_kty)
        return DK_AUTH_WEBAUTHN_KEY;
    if (e.alg == DK_AUTH_WEBAUTHN_ES256)
        r = e.kty == KTY_EC2 ? ec_key(&e, key) : DK_AUTH_WEBAUTHN_KEY;
    else
        r = e.kty == KTY_RSA ? rsa_key(&e, key) : DK_AUTH_WEBAUTHN_KEY;
    ERR_clear_error(); /* a refused key leaves OpenSSL's reasons queued */
    if (r == DK_AUTH_WEBAUTHN_OK)
        *alg = (int)e.alg;
    return r;
}

dk_auth_webauthn_result dk_auth_webauthn_verify(EVP_PKEY *key, int alg,
                                                const unsigned char *auth_data,
                                                size_t auth_data_len,
                                                const unsigned char client_data_hash[32],
                                                dk_auth_webauthn_bytes sig)
{
    if (!sig.p || sig.n == 0 || sig.n > DK_AUTH_WEBAUTHN_SIGNATURE_MAX)
        return DK_AUTH_WEBAUTHN_SIGNATURE;
    if (alg != DK_AUTH_WEBAUTHN_ES256 && alg != DK_AUTH_WEBAUTHN_RS256)
        return DK_AUTH_WEBAUTHN_ALGORITHM;
    int want = alg == DK_AUTH_WEBAUTHN_ES256 ? EVP_PKEY_EC : EVP_PKEY_RSA;
    if (EVP_PKEY_get_base_id(key) != want)
        return DK_AUTH_WEBAUTHN_ALGORITHM;
    dk_auth_webauthn_result r = DK_AUTH_WEBAUTHN_INTERNAL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, key) != 1)
        goto done;
    if (alg == DK_AUTH_WEBAUTHN_RS256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        goto done;
    if (EVP_DigestVerifyUpdate(md, auth_data, auth_data_len) != 1 ||
        EVP_DigestVerifyUpdate(md, client_data_hash, 32) != 1)
        goto done;
    r = EVP_DigestVerifyFinal(md, sig.p, sig.n) == 1 ? DK_AUTH_WEBAUTHN_OK
                                                     : DK_AUTH_WEBAUTHN_SIGNATURE;
done:
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    return r;
}
