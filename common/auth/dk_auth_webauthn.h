/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_webauthn.h — server-side WebAuthn (passkey) verification: the
 * registration ceremony (navigator.credentials.create → a credential record
 * to store) and the authentication ceremony (navigator.credentials.get →
 * yes/no and the new signature counter), after W3C WebAuthn Level 3 §7.1 and
 * §7.2. Pure: no database, no clock, no global state; the caller (common/keys)
 * keeps challenges (single use, short-lived) and credential records.
 *
 * What is accepted, and nothing else:
 * - algorithms ES256 (COSE -7: ECDSA P-256 with SHA-256, DER signatures) and
 *   RS256 (COSE -257: RSASSA-PKCS1-v1_5 with SHA-256, modulus 2048..8192
 *   bits); the credential key must be well formed (the EC point on P-256,
 *   the RSA modulus large enough, the exponent odd and small);
 * - attestation formats "none" (attStmt an empty map) and "packed" SELF
 *   attestation (attStmt {alg, sig}, no x5c: sig verified over
 *   authData || SHA-256(clientDataJSON) with the credential's own key, alg
 *   equal to the credential's). Every other format ("packed" with x5c,
 *   "tpm", "android-key", "android-safetynet", "fido-u2f", "apple", ...) is
 *   refused as "attestation_format": the service asks for attestation "none"
 *   and trusts no authenticator vendor, so certificates would prove nothing
 *   it uses;
 * - user verification REQUIRED: the UP and UV flags must both be set, in
 *   both ceremonies (a passkey stands alone as a "substantial" key);
 * - clientDataJSON: type exactly "webauthn.create" / "webauthn.get", the
 *   challenge (base64url, no padding) equal to the expected bytes (constant
 *   time), origin exactly the allowed origin, crossOrigin absent or false;
 *   duplicate members refused, other members ignored;
 * - authenticator data: rpIdHash == SHA-256(rp_id); BS set without BE is
 *   refused; attested credential data (registration: required, AT flag) and
 *   extensions (ED flag) must account for every byte: nothing may trail.
 *
 * CBOR is read with Debian's libcbor (one item head at a time: definite
 * lengths only, no tags, nesting at most DK_AUTH_WEBAUTHN_CBOR_DEPTH), keys
 * are built with OpenSSL 3, JSON read with jansson. Every input has a size
 * bound (below) checked before anything is read; every path frees what it
 * made. Thread-safe.
 *
 * The caller's part, not done here: look the challenge up (and spend it)
 * before calling; in an assertion, find the stored credential by the
 * credential id the browser sent and check that it belongs to the account
 * (and the userHandle, when given, to that account's user id); store the
 * new sign count on success. The browser's "id"/"rawId" in a registration is
 * not trusted: the credential id returned here is the one in authData. */
#ifndef DK_AUTH_WEBAUTHN_H
#define DK_AUTH_WEBAUTHN_H

#include <stddef.h>
#include <stdint.h>

/* COSE algorithm identifiers (IANA "COSE Algorithms"). */
#define DK_AUTH_WEBAUTHN_ES256 (-7)
#define DK_AUTH_WEBAUTHN_RS256 (-257)

/* Size bounds: a larger input is refused as "too_large" before parsing. */
#define DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX 4096  /* clientDataJSON bytes */
#define DK_AUTH_WEBAUTHN_ATTESTATION_MAX 16384 /* attestationObject bytes */
#define DK_AUTH_WEBAUTHN_AUTH_DATA_MAX 4096    /* authenticatorData (assertion) */
#define DK_AUTH_WEBAUTHN_SIGNATURE_MAX 1024    /* signature bytes (RSA-8192) */
#define DK_AUTH_WEBAUTHN_CRED_ID_MAX 1023      /* credential id (spec: <= 1023) */
#define DK_AUTH_WEBAUTHN_COSE_KEY_MAX 1280     /* COSE_Key bytes (RSA-8192 fits) */
#define DK_AUTH_WEBAUTHN_CHALLENGE_MIN 16      /* expected challenge bytes */
#define DK_AUTH_WEBAUTHN_CHALLENGE_MAX 64
#define DK_AUTH_WEBAUTHN_RP_ID_MAX 253 /* a DNS name */
#define DK_AUTH_WEBAUTHN_ORIGIN_MAX 512
#define DK_AUTH_WEBAUTHN_CBOR_DEPTH 8 /* nesting of CBOR arrays/maps */

/* Authenticator data flags (WebAuthn §6.1), as stored in the record. */
#define DK_AUTH_WEBAUTHN_FLAG_UP 0x01u /* user present */
#define DK_AUTH_WEBAUTHN_FLAG_UV 0x04u /* user verified */
#define DK_AUTH_WEBAUTHN_FLAG_BE 0x08u /* backup eligible (a synced passkey can be) */
#define DK_AUTH_WEBAUTHN_FLAG_BS 0x10u /* backed up now */
#define DK_AUTH_WEBAUTHN_FLAG_AT 0x40u /* attested credential data present */
#define DK_AUTH_WEBAUTHN_FLAG_ED 0x80u /* extension data present */

/* The outcome of a ceremony: OK (0) or why it was refused. The short code
 * of each (dk_auth_webauthn_code) is for APIs and logs; it never names a
 * secret. */
typedef enum {
    DK_AUTH_WEBAUTHN_OK = 0,             /* "ok" */
    DK_AUTH_WEBAUTHN_ARGUMENT,           /* "argument": the caller's error (NULL, empty
                                            rp_id/origin, challenge length out of bounds) */
    DK_AUTH_WEBAUTHN_TOO_LARGE,          /* "too_large": an input over its bound */
    DK_AUTH_WEBAUTHN_MALFORMED,          /* "malformed": not JSON / CBOR / authData as
                                            specified, a member missing or of the wrong
                                            type, bytes trailing */
    DK_AUTH_WEBAUTHN_TYPE,               /* "type": clientData type not the ceremony's */
    DK_AUTH_WEBAUTHN_CHALLENGE,          /* "challenge": not the expected challenge */
    DK_AUTH_WEBAUTHN_ORIGIN,             /* "origin": not the allowed origin */
    DK_AUTH_WEBAUTHN_CROSS_ORIGIN,       /* "cross_origin": crossOrigin is true */
    DK_AUTH_WEBAUTHN_RP_ID,              /* "rp_id": rpIdHash is not SHA-256(rp_id) */
    DK_AUTH_WEBAUTHN_USER_PRESENCE,      /* "user_presence": UP flag clear */
    DK_AUTH_WEBAUTHN_USER_VERIFICATION,  /* "user_verification": UV flag clear */
    DK_AUTH_WEBAUTHN_ATTESTATION_FORMAT, /* "attestation_format": not "none" nor
                                            "packed" self attestation */
    DK_AUTH_WEBAUTHN_ALGORITHM,          /* "algorithm": key alg not ES256/RS256, or
                                            not the one stored / attested (also a
                                            stored alg not supported) */
    DK_AUTH_WEBAUTHN_KEY,                /* "key": COSE key malformed: point not on
                                            P-256, RSA modulus < 2048 bits, ... */
    DK_AUTH_WEBAUTHN_SIGNATURE,          /* "signature": the signature does not verify */
    DK_AUTH_WEBAUTHN_COUNTER_REGRESSED,  /* "counter_regressed": sign count not greater
                                            than the stored one (a cloned
                                            authenticator?) */
    DK_AUTH_WEBAUTHN_INTERNAL,           /* "internal": memory or OpenSSL failed */
} dk_auth_webauthn_result;

/* The short code of r ("ok", "malformed", "signature", ...; see above);
 * "internal" for a value outside the enum. */
const char *dk_auth_webauthn_code(dk_auth_webauthn_result r);

/* A run of bytes the caller owns (base64url-decoded already:
 * dk_auth_b64url.h). */
typedef struct {
    const unsigned char *p;
    size_t n;
} dk_auth_webauthn_bytes;

/* The relying party: rp_id a host name ("sleutel.example.be", the
 * DK_WEBAUTHN_RP_ID setting), origin exactly what browsers put in
 * clientData ("https://sleutel.example.be", scheme://host[:port], no
 * trailing slash). */
typedef struct {
    const char *rp_id;
    const char *origin;
} dk_auth_webauthn_rp;

/* The record of a registered credential, to store (passkey_credentials). */
typedef struct {
    unsigned char credential_id[DK_AUTH_WEBAUTHN_CRED_ID_MAX];
    size_t credential_id_len;                                /* 1..1023 */
    unsigned char public_key[DK_AUTH_WEBAUTHN_COSE_KEY_MAX]; /* COSE_Key, as sent */
    size_t public_key_len;
    int alg;             /* DK_AUTH_WEBAUTHN_ES256 or _RS256 */
    uint32_t sign_count; /* the authenticator's counter at registration */
    unsigned flags;      /* authData flags (DK_AUTH_WEBAUTHN_FLAG_*) */
    unsigned char aaguid[16];
    const char *fmt; /* "none" or "packed" (a static string) */
} dk_auth_webauthn_credential;

/* Registration (§7.1): verifies clientDataJSON (type "webauthn.create") and
 * the attestationObject against rp and the expected challenge; on OK fills
 * *out. On a refusal *out is zeroed. */
dk_auth_webauthn_result dk_auth_webauthn_register(const dk_auth_webauthn_rp *rp,
                                                  dk_auth_webauthn_bytes challenge,
                                                  dk_auth_webauthn_bytes client_data_json,
                                                  dk_auth_webauthn_bytes attestation_object,
                                                  dk_auth_webauthn_credential *out);

/* What an assertion checks against: the stored record's key and counter. */
typedef struct {
    dk_auth_webauthn_bytes public_key; /* COSE_Key as stored at registration */
    int alg;                           /* as stored */
    uint32_t sign_count;               /* as stored (last seen) */
} dk_auth_webauthn_stored;

/* An assertion's result, on OK: the counter to store and the flags seen. */
typedef struct {
    uint32_t sign_count;
    unsigned flags;
} dk_auth_webauthn_assertion;

/* Authentication (§7.2): verifies clientDataJSON (type "webauthn.get"),
 * authenticatorData and the signature over authenticatorData ||
 * SHA-256(clientDataJSON) with the stored key. Sign counter: when the stored
 * or the new count is non-zero, the new one must be greater, else
 * COUNTER_REGRESSED (both zero: an authenticator that does not count, fine).
 * The counter is checked after the signature, so COUNTER_REGRESSED always
 * means a genuine signature of that key. On OK fills *out (may be NULL). */
dk_auth_webauthn_result
dk_auth_webauthn_assert(const dk_auth_webauthn_rp *rp, dk_auth_webauthn_bytes challenge,
                        dk_auth_webauthn_bytes client_data_json,
                        dk_auth_webauthn_bytes authenticator_data, dk_auth_webauthn_bytes signature,
                        const dk_auth_webauthn_stored *stored, dk_auth_webauthn_assertion *out);

#endif
