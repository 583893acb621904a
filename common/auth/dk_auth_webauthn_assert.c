/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_assert.c — the authentication ceremony (WebAuthn §7.2):
 * clientDataJSON, the authenticator data's checks, the signature with the
 * stored key, then the signature counter (a clone detector); and the short
 * codes of every outcome. */
#include "auth/dk_auth_webauthn_parts.h"

#include <openssl/evp.h>
#include <string.h>

const char *dk_auth_webauthn_code(dk_auth_webauthn_result r)
{
    switch (r) {
    case DK_AUTH_WEBAUTHN_OK:
        return "ok";
    case DK_AUTH_WEBAUTHN_ARGUMENT:
        return "argument";
    case DK_AUTH_WEBAUTHN_TOO_LARGE:
        return "too_large";
    case DK_AUTH_WEBAUTHN_MALFORMED:
        return "malformed";
    case DK_AUTH_WEBAUTHN_TYPE:
        return "type";
    case DK_AUTH_WEBAUTHN_CHALLENGE:
        return "challenge";
    case DK_AUTH_WEBAUTHN_ORIGIN:
        return "origin";
    case DK_AUTH_WEBAUTHN_CROSS_ORIGIN:
        return "cross_origin";
    case DK_AUTH_WEBAUTHN_RP_ID:
        return "rp_id";
    case DK_AUTH_WEBAUTHN_USER_PRESENCE:
        return "user_presence";
    case DK_AUTH_WEBAUTHN_USER_VERIFICATION:
        return "user_verification";
    case DK_AUTH_WEBAUTHN_ATTESTATION_FORMAT:
        return "attestation_format";
    case DK_AUTH_WEBAUTHN_ALGORITHM:
        return "algorithm";
    case DK_AUTH_WEBAUTHN_KEY:
        return "key";
    case DK_AUTH_WEBAUTHN_SIGNATURE:
        return "signature";
    case DK_AUTH_WEBAUTHN_COUNTER_REGRESSED:
        return "counter_regressed";
    case DK_AUTH_WEBAUTHN_INTERNAL:
        break;
    }
    return "internal";
}

dk_auth_webauthn_result
dk_auth_webauthn_assert(const dk_auth_webauthn_rp *rp, dk_auth_webauthn_bytes challenge,
                        dk_auth_webauthn_bytes client_data_json,
                        dk_auth_webauthn_bytes authenticator_data, dk_auth_webauthn_bytes signature,
                        const dk_auth_webauthn_stored *stored, dk_auth_webauthn_assertion *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!dk_auth_webauthn_args_ok(rp, challenge) || !stored)
        return DK_AUTH_WEBAUTHN_ARGUMENT;
    if (stored->alg != DK_AUTH_WEBAUTHN_ES256 && stored->alg != DK_AUTH_WEBAUTHN_RS256)
        return DK_AUTH_WEBAUTHN_ALGORITHM;
    if (client_data_json.n > DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX ||
        authenticator_data.n > DK_AUTH_WEBAUTHN_AUTH_DATA_MAX ||
        signature.n > DK_AUTH_WEBAUTHN_SIGNATURE_MAX)
        return DK_AUTH_WEBAUTHN_TOO_LARGE;

    unsigned char hash[32];
    dk_auth_webauthn_result r =
        dk_auth_webauthn_client_data(rp, "webauthn.get", challenge, client_data_json, hash);
    if (r != DK_AUTH_WEBAUTHN_OK)
        return r;
    dk_auth_webauthn_auth_data ad;
    if ((r = dk_auth_webauthn_auth_data_parse(authenticator_data.p, authenticator_data.n, &ad)) !=
        DK_AUTH_WEBAUTHN_OK)
        return r;
    if ((r = dk_auth_webauthn_auth_data_check(&ad, rp)) != DK_AUTH_WEBAUTHN_OK)
        return r;

    int alg = 0;
    EVP_PKEY *key = NULL;
    if ((r = dk_auth_webauthn_cose_key(stored->public_key.p, stored->public_key.n, &alg, &key)) !=
        DK_AUTH_WEBAUTHN_OK)
        return r;
    if (alg != stored->alg)
        r = DK_AUTH_WEBAUTHN_ALGORITHM;
    else
        r = dk_auth_webauthn_verify(key, alg, authenticator_data.p, authenticator_data.n, hash,
                                    signature);
    EVP_PKEY_free(key);
    if (r != DK_AUTH_WEBAUTHN_OK)
        return r;
    /* §7.2 step 21: a counter that does not go up means two authenticators
     * hold the key (or one was rolled back); both zero: it does not count. */
    if ((ad.sign_count != 0 || stored->sign_count != 0) && ad.sign_count <= stored->sign_count)
        return DK_AUTH_WEBAUTHN_COUNTER_REGRESSED;
    if (out) {
        out->sign_count = ad.sign_count;
        out->flags = ad.flags;
    }
    return DK_AUTH_WEBAUTHN_OK;
}
