/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn_authdata.c — authenticator data (WebAuthn §6.1): the
 * fixed 37 bytes (rpIdHash, flags, signCount), the attested credential data
 * (AAGUID, credential id, COSE key) and the extensions, every length checked
 * before it is read and nothing allowed to trail; then the checks both
 * ceremonies make on it. */
#include "auth/dk_auth_cbor.h"
#include "auth/dk_auth_webauthn_parts.h"
#include "core/dk_crypto.h"

#include <string.h>

enum { FIXED = 32 + 1 + 4, AAGUID = 16 };

/* One whole CBOR item at r (a map when must_be_map), nested at most
 * DK_AUTH_WEBAUTHN_CBOR_DEPTH. Returns 0/-1. */
static int one_item(dk_auth_cbor_reader *r, int must_be_map)
{
    dk_auth_cbor_item it;
    if (dk_auth_cbor_next(r, &it) != 0 || (must_be_map && it.kind != DK_AUTH_CBOR_MAP))
        return -1;
    return dk_auth_cbor_skip(r, &it, DK_AUTH_WEBAUTHN_CBOR_DEPTH - 1);
}

dk_auth_webauthn_result dk_auth_webauthn_auth_data_parse(const unsigned char *p, size_t n,
                                                         dk_auth_webauthn_auth_data *out)
{
    memset(out, 0, sizeof *out);
    if (!p || n < FIXED)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    out->rp_id_hash = p;
    out->flags = p[32];
    out->sign_count = (uint32_t)p[33] << 24 | (uint32_t)p[34] << 16 | (uint32_t)p[35] << 8 | p[36];
    size_t pos = FIXED;
    if (out->flags & DK_AUTH_WEBAUTHN_FLAG_AT) {
        if (n - pos < AAGUID + 2)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        out->aaguid = p + pos;
        pos += AAGUID;
        size_t len = (size_t)p[pos] << 8 | p[pos + 1];
        pos += 2;
        if (len == 0 || len > DK_AUTH_WEBAUTHN_CRED_ID_MAX || n - pos < len)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        out->credential_id = p + pos;
        out->credential_id_len = len;
        pos += len;
        dk_auth_cbor_reader r;
        dk_auth_cbor_init(&r, p + pos, n - pos);
        if (one_item(&r, 1) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        out->public_key = p + pos;
        out->public_key_len = r.pos;
        pos += r.pos;
    }
    if (out->flags & DK_AUTH_WEBAUTHN_FLAG_ED) {
        dk_auth_cbor_reader r;
        dk_auth_cbor_init(&r, p + pos, n - pos);
        if (one_item(&r, 1) != 0)
            return DK_AUTH_WEBAUTHN_MALFORMED;
        pos += r.pos;
    }
    if (pos != n)
        return DK_AUTH_WEBAUTHN_MALFORMED;
    return DK_AUTH_WEBAUTHN_OK;
}

dk_auth_webauthn_result dk_auth_webauthn_auth_data_check(const dk_auth_webauthn_auth_data *ad,
                                                         const dk_auth_webauthn_rp *rp)
{
    unsigned char want[32];
    if (dk_auth_webauthn_sha256(rp->rp_id, strlen(rp->rp_id), want) != 0)
        return DK_AUTH_WEBAUTHN_INTERNAL;
    if (!dk_ct_equal(ad->rp_id_hash, want, sizeof want))
        return DK_AUTH_WEBAUTHN_RP_ID;
    if (!(ad->flags & DK_AUTH_WEBAUTHN_FLAG_UP))
        return DK_AUTH_WEBAUTHN_USER_PRESENCE;
    if (!(ad->flags & DK_AUTH_WEBAUTHN_FLAG_UV))
        return DK_AUTH_WEBAUTHN_USER_VERIFICATION;
    if ((ad->flags & DK_AUTH_WEBAUTHN_FLAG_BS) && !(ad->flags & DK_AUTH_WEBAUTHN_FLAG_BE))
        return DK_AUTH_WEBAUTHN_MALFORMED; /* backed up, yet not eligible for backup */
    return DK_AUTH_WEBAUTHN_OK;
}
