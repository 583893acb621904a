/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_register.c — the registration ceremony (WebAuthn §7.1):
 * clientDataJSON, then the attestationObject (a CBOR map of fmt, attStmt and
 * authData), the authenticator data's checks, the credential's key, and the
 * attestation statement: "none", or "packed" self attestation verified with
 * the credential's own key. The credential record is the result. */
#include "auth/dk_auth_cbor.h"
#include "auth/dk_auth_webauthn_parts.h"

#include <openssl/evp.h>
#include <string.h>

/* The attestationObject's three members, pointers into its bytes. */
typedef struct {
    dk_auth_cbor_item fmt, auth_data;
    const unsigned char *att_stmt; /* the attStmt map's bytes */
    size_t att_stmt_len;
} att_object;

static dk_auth_webauthn_result read_object(dk_auth_webauthn_bytes in, att_object *o)
{
    memset(o, 0, sizeof *o);
    dk_auth_cbor_reader r;
    dk_auth_cbor_init(&r, in.p, in.n);
    dk_auth_cbor_item map, key, val;
    int has_fmt = 0, has_stmt = 0, has_auth = 0;
    if (dk_auth_cbor_next(&r, &map) != 0 || map.kind != DK_AUTH_CBOR_MAP || map.value > 8)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    for (uint64_t i = 0; i < map.value; i++) {
        if (dk_auth_cbor_next(&r, &key) != 0 || key.kind != DK_AUTH_CBOR_TEXT)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        size_t at = r.pos;
        if (dk_auth_cbor_next(&r, &val) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        if (dk_auth_cbor_text_is(&key, "fmt")) {
            if (has_fmt++ || val.kind != DK_AUTH_CBOR_TEXT)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            o->fmt = val;
        } else if (dk_auth_cbor_text_is(&key, "authData")) {
            if (has_auth++ || val.kind != DK_AUTH_CBOR_BYTES)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            o->auth_data = val;
        } else if (dk_auth_cbor_text_is(&key, "attStmt")) {
            if (has_stmt++ || val.kind != DK_AUTH_CBOR_MAP ||
                dk_auth_cbor_skip(&r, &val, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 1) != 0)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            o->att_stmt = in.p + at;
            o->att_stmt_len = r.pos - at;
        } else if (dk_auth_cbor_skip(&r, &val, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 1) != 0) {
            return DK_AUTH_WEBAUTHN_MALFORMED; /* a member of no use here */
        }
    }
    if (!has_fmt || !has_stmt || !has_auth || r.pos != in.n)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    return DK_AUTH_WEBAUTHN_OK;
}

/* attStmt of "none": an empty map. */
static dk_auth_webauthn_result none_statement(const att_object *o)
{
    return o->att_stmt_len == 1 && o->att_stmt[0] == 0xa0 ? DK_AUTH_WEBAUTHN_OK
                                                          : DK_AUTH_WEBAUTHN_MALFORMED;
}

/* attStmt of "packed" (§8.2) without x5c: {alg, sig}, alg the credential's,
 * sig over authData || clientDataHash by the credential's key. With x5c (or
 * the withdrawn ecdaaKeyId) it is attestation by a vendor's certificate,
 * which this service does not take. */
static dk_auth_webauthn_result packed_statement(const att_object *o, EVP_PKEY *key, int alg,
                                                const unsigned char client_data_hash[32])
{
    dk_auth_cbor_reader r;
    dk_auth_cbor_init(&r, o->att_stmt, o->att_stmt_len);
    dk_auth_cbor_item map, k, v, sig = {0};
    int64_t stmt_alg = 0;
    int has_alg = 0, has_sig = 0, certified = 0;
    if (dk_auth_cbor_next(&r, &map) != 0 || map.kind != DK_AUTH_CBOR_MAP)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    for (uint64_t i = 0; i < map.value; i++) {
        if (dk_auth_cbor_next(&r, &k) != 0 || k.kind != DK_AUTH_CBOR_TEXT ||
            dk_auth_cbor_next(&r, &v) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        if (dk_auth_cbor_text_is(&k, "alg")) {
            if (has_alg++ || dk_auth_cbor_int(&v, &stmt_alg) != 0)
                return DK_AUTH_WEBAUTHN_MALFORMED;
        } else if (dk_auth_cbor_text_is(&k, "sig")) {
            if (has_sig++ || v.kind != DK_AUTH_CBOR_BYTES)
                return DK_AUTH_WEBAUTHN_MALFORMED;
            sig = v;
        } else {
            if (dk_auth_cbor_text_is(&k, "x5c") || dk_auth_cbor_text_is(&k, "ecdaaKeyId"))
                certified = 1;
            if (dk_auth_cbor_skip(&r, &v, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 2) != 0)
                return DK_AUTH_WEBAUTHN_MALFORMED;
        }
    }
    if (certified)
        return DK_AUTH_WEBAUTHN_ATTESTATION_FORMAT;
    if (!has_alg || !has_sig)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    if (stmt_alg != alg)
        return DK_AUTH_WEBAUTHN_ALGORITHM;
    return dk_auth_webauthn_verify(key, alg, o->auth_data.data, o->auth_data.len, client_data_hash,
                                   (dk_auth_webauthn_bytes){sig.data, sig.len});
}

dk_auth_webauthn_result dk_auth_webauthn_register(const dk_auth_webauthn_rp *rp,
                                                  dk_auth_webauthn_bytes challenge,
                                                  dk_auth_webauthn_bytes client_data_json,
                                                  dk_auth_webauthn_bytes attestation_object,
                                                  dk_auth_webauthn_credential *out)
{
    if (!out)
        return DK_AUTH_WEBAUTHN_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (!dk_auth_webauthn_args_ok(rp, challenge))
        return DK_AUTH_WEBAUTHN_ARGUMENT;
    if (client_data_json.n > DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX ||
        attestation_object.n > DK_AUTH_WEBAUTHN_ATTESTATION_MAX)
        return DK_AUTH_WEBAUTHN_TOO_LARGE;
    if (!attestation_object.p || attestation_object.n == 0)
        return DK_AUTH_WEBAUTHN_MALFORMED;

    unsigned char hash[32];
    dk_auth_webauthn_result r =
        dk_auth_webauthn_client_data(rp, "webauthn.create", challenge, client_data_json, hash);
    if (r != DK_AUTH_WEBAUTHN_OK)
        return r;
    att_object o;
    if ((r = read_object(attestation_object, &o)) != DK_AUTH_WEBAUTHN_OK)
        return r;
    dk_auth_webauthn_auth_data ad;
    if ((r = dk_auth_webauthn_auth_data_parse(o.auth_data.data, o.auth_data.len, &ad)) !=
        DK_AUTH_WEBAUTHN_OK)
        return r;
    if ((r = dk_auth_webauthn_auth_data_check(&ad, rp)) != DK_AUTH_WEBAUTHN_OK)
        return r;
    if (!(ad.flags & DK_AUTH_WEBAUTHN_FLAG_AT))
        return DK_AUTH_WEBAUTHN_MALFORMED; /* no credential to register */

    int alg = 0;
    EVP_PKEY *key = NULL;
    if ((r = dk_auth_webauthn_cose_key(ad.public_key, ad.public_key_len, &alg, &key)) !=
        DK_AUTH_WEBAUTHN_OK)
        return r;
    const char *fmt = NULL;
    if (dk_auth_cbor_text_is(&o.fmt, "none")) {
        fmt = "none";
        r = none_statement(&o);
    } else if (dk_auth_cbor_text_is(&o.fmt, "packed")) {
        fmt = "packed";
        r = packed_statement(&o, key, alg, hash);
    } else {
        r = DK_AUTH_WEBAUTHN_ATTESTATION_FORMAT;
    }
    EVP_PKEY_free(key);
    if (r != DK_AUTH_WEBAUTHN_OK)
        return r;

    memcpy(out->credential_id, ad.credential_id, ad.credential_id_len);
    out->credential_id_len = ad.credential_id_len;
    memcpy(out->public_key, ad.public_key, ad.public_key_len);
    out->public_key_len = ad.public_key_len;
    out->alg = alg;
    out->sign_count = ad.sign_count;
    out->flags = ad.flags;
    memcpy(out->aaguid, ad.aaguid, sizeof out->aaguid);
    out->fmt = fmt;
    return DK_AUTH_WEBAUTHN_OK;
}
