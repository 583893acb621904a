/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_parts.h — the steps both WebAuthn ceremonies share
 * (dk_auth_webauthn.h), each in its own file: clientDataJSON
 * (dk_auth_webauthn_client.c), authenticator data
 * (dk_auth_webauthn_authdata.c), COSE keys and signatures
 * (dk_auth_webauthn_cose.c). Used inside auth only. */
#ifndef DK_AUTH_WEBAUTHN_PARTS_H
#define DK_AUTH_WEBAUTHN_PARTS_H

#include "auth/dk_auth_webauthn.h"

#include <openssl/types.h>

/* 1 when rp has an rp_id and an origin within their bounds, and challenge
 * is within its bounds. */
int dk_auth_webauthn_args_ok(const dk_auth_webauthn_rp *rp, dk_auth_webauthn_bytes challenge);

/* Checks clientDataJSON: a JSON object (no duplicate members) whose type is
 * `type`, challenge the base64url of `challenge` (constant time), origin
 * rp->origin exactly, crossOrigin absent or false. On OK, hash receives
 * SHA-256 of the bytes. */
dk_auth_webauthn_result dk_auth_webauthn_client_data(const dk_auth_webauthn_rp *rp,
                                                     const char *type,
                                                     dk_auth_webauthn_bytes challenge,
                                                     dk_auth_webauthn_bytes client_data_json,
                                                     unsigned char hash[32]);

/* Authenticator data, parsed: pointers into the caller's bytes. */
typedef struct {
    const unsigned char *rp_id_hash; /* 32 bytes */
    unsigned flags;
    uint32_t sign_count;
    /* With the AT flag: */
    const unsigned char *aaguid; /* 16 bytes */
    const unsigned char *credential_id;
    size_t credential_id_len;
    const unsigned char *public_key; /* the COSE_Key's bytes */
    size_t public_key_len;
} dk_auth_webauthn_auth_data;

/* Parses authenticator data (WebAuthn §6.1): rpIdHash, flags, signCount,
 * the attested credential data when AT is set (credential id 1..1023
 * bytes, one CBOR item as the key), the extensions when ED is set (one
 * CBOR map); every byte must be accounted for. OK or MALFORMED. */
dk_auth_webauthn_result dk_auth_webauthn_auth_data_parse(const unsigned char *p, size_t n,
                                                         dk_auth_webauthn_auth_data *out);

/* The checks both ceremonies make on parsed authenticator data: rpIdHash
 * is SHA-256(rp_id), UP and UV set, BS not set without BE. */
dk_auth_webauthn_result dk_auth_webauthn_auth_data_check(const dk_auth_webauthn_auth_data *ad,
                                                         const dk_auth_webauthn_rp *rp);

/* Reads a COSE_Key (exactly n bytes, one CBOR map) as an OpenSSL public
 * key: EC2 P-256 with alg -7, or RSA with alg -257 (modulus 2048..8192
 * bits, odd exponent of at most 32 bits). *alg receives the key's alg.
 * Returns OK (the caller frees *key with EVP_PKEY_free), MALFORMED (not
 * CBOR as specified), ALGORITHM (alg missing or not -7/-257), KEY (kty,
 * curve or coordinates wrong, point not on the curve, RSA numbers refused)
 * or INTERNAL. */
dk_auth_webauthn_result dk_auth_webauthn_cose_key(const unsigned char *p, size_t n, int *alg,
                                                  EVP_PKEY **key);

/* Verifies sig over auth_data || client_data_hash with key under alg
 * (ES256: DER ECDSA over SHA-256; RS256: PKCS#1 v1.5 SHA-256). OK,
 * SIGNATURE or INTERNAL. */
dk_auth_webauthn_result dk_auth_webauthn_verify(EVP_PKEY *key, int alg,
                                                const unsigned char *auth_data,
                                                size_t auth_data_len,
                                                const unsigned char client_data_hash[32],
                                                dk_auth_webauthn_bytes sig);

/* SHA-256 of n bytes. Returns 0/-1. */
int dk_auth_webauthn_sha256(const void *p, size_t n, unsigned char out[32]);

#endif
