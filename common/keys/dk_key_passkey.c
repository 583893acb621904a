/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_passkey.c — passkeys (WebAuthn) of digital keys: the challenges
 * stored and spent, the registration and the assertion verified by the auth
 * library (dk_auth_webauthn.h), credentials and their sign counts stored,
 * and the request options of a sign-in. */
#include "keys/dk_key_internal.h"

#include "auth/dk_auth_webauthn.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_log.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_key_uuid_bytes(const char *uuid, unsigned char out[16])
{
    memset(out, 0, 16);
    int o = 0;
    for (const char *p = uuid; p && p[0] && p[1] && o < 16;) {
        if (*p == '-') {
            p++;
            continue;
        }
        unsigned v = 0;
        sscanf(p, "%2x", &v);
        out[o++] = (unsigned char)v;
        p += 2;
    }
}

/* Hex text (from encode(..., 'hex')) into out: the bytes, or 0 when it
 * does not fit. */
static size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    if (n > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
    return n;
}

/* The decoded fields of a browser's credential. */
typedef struct {
    unsigned char id[DK_AUTH_WEBAUTHN_CRED_ID_MAX];
    unsigned char cdj[DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX];
    unsigned char blob[DK_AUTH_WEBAUTHN_ATTESTATION_MAX]; /* attestation or authData */
    unsigned char sig[DK_AUTH_WEBAUTHN_SIGNATURE_MAX];
    long id_n, cdj_n, blob_n, sig_n;
} decoded;

static void rp_of(dk_auth_webauthn_rp *rp, char *id, size_t idn, char *origin, size_t on)
{
    dk_key_rp_id(id, idn);
    dk_key_origin(origin, on);
    rp->rp_id = id;
    rp->origin = origin;
}

static dk_auth_webauthn_bytes bytes(const unsigned char *p, long n)
{
    dk_auth_webauthn_bytes b = {p, n > 0 ? (size_t)n : 0};
    return b;
}

/* Spends the live challenge found by sql ($1 the owner, $2 now, $3 the
 * challenge in hex or NULL): 1 (challenge filled), 0 none, -1 err. */
static int spend_challenge(PGconn *pg, const char *sql, int n, const char *const *p,
                           unsigned char challenge[32], char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, n, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    char id[37] = "";
    if (found) {
        snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
        found = unhex(PQgetvalue(r, 0, 1), challenge, 32) == 32;
    }
    PQclear(r);
    if (!found)
        return 0;
    const char *q[] = {id, p[1]};
    r = dk_pg_query(pg,
                    "UPDATE webauthn_challenges SET used_at = $2::timestamptz WHERE id = $1::uuid",
                    2, q, err, errlen);
    PQclear(r);
    return r ? 1 : -1;
}

static void registration_refused(const char *application_id, const char *why)
{
    dk_logj(DK_LOG_INFO, "passkey_registration_refused",
            json_pack("{s:s, s:s}", "application_id", application_id, "why", why));
}

int dk_key_passkey_register(PGconn *pg, const dk_key_activation_row *row, const dk_key_passkey *pk,
                            const dk_key_ctx *ctx, dk_key_new *k, char *err, size_t errlen)
{
    decoded *d = calloc(1, sizeof *d);
    if (!d) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    d->cdj_n = dk_key_b64url_decode(pk->client_data_json, d->cdj, sizeof d->cdj);
    d->blob_n = dk_key_b64url_decode(pk->attestation_object, d->blob, sizeof d->blob);
    char now[32];
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {row->id, now};
    unsigned char challenge[32];
    int have = spend_challenge(pg,
                               "SELECT id, encode(challenge, 'hex') FROM webauthn_challenges"
                               " WHERE activation_id = $1::uuid AND purpose = 'register'"
                               " AND used_at IS NULL AND expires_at > $2::timestamptz"
                               " ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE",
                               2, p, challenge, err, errlen);
    int rc = have < 0 ? -1 : 0;
    if (have == 0) /* none live: never asked, spent (a replay) or expired */
        registration_refused(row->application_id, "challenge");
    if (have == 1 && d->cdj_n > 0 && d->blob_n > 0) {
        dk_auth_webauthn_credential *cred = calloc(1, sizeof *cred);
        char rpid[256], origin[512];
        dk_auth_webauthn_rp rp;
        rp_of(&rp, rpid, sizeof rpid, origin, sizeof origin);
        dk_auth_webauthn_result v =
            cred ? dk_auth_webauthn_register(&rp, bytes(challenge, 32), bytes(d->cdj, d->cdj_n),
                                             bytes(d->blob, d->blob_n), cred)
                 : DK_AUTH_WEBAUTHN_INTERNAL;
        /* The id the browser reports is the one the authenticator signed
         * into the authenticator data: anything else is a tampered form. */
        unsigned char said[DK_AUTH_WEBAUTHN_CRED_ID_MAX];
        long said_n = v == DK_AUTH_WEBAUTHN_OK && pk->id
                          ? dk_key_b64url_decode(pk->id, said, sizeof said)
                          : -1;
        if (v == DK_AUTH_WEBAUTHN_OK &&
            (said_n != (long)cred->credential_id_len ||
             memcmp(said, cred->credential_id, cred->credential_id_len) != 0)) {
            free(cred);
            registration_refused(row->application_id, "credential_id");
        } else if (v == DK_AUTH_WEBAUTHN_OK) {
            k->credential = cred;
            rc = 1;
        } else {
            free(cred);
            registration_refused(row->application_id, dk_auth_webauthn_code(v));
            if (v == DK_AUTH_WEBAUTHN_MALFORMED || v == DK_AUTH_WEBAUTHN_TOO_LARGE)
                rc = 2;
            if (v == DK_AUTH_WEBAUTHN_INTERNAL) {
                dk_errf(err, errlen, "WebAuthn verification failed inside");
                rc = -1;
            }
        }
    }
    free(d);
    if (rc == 1) {
        /* A credential registered already (to another key) is refused. */
        const dk_auth_webauthn_credential *c = k->credential;
        char hex[2 * DK_AUTH_WEBAUTHN_CRED_ID_MAX + 1];
        dk_hex(c->credential_id, c->credential_id_len, hex);
        const char *q[] = {hex};
        PGresult *r = dk_pg_query(pg,
                                  "SELECT 1 FROM passkey_credentials WHERE credential_id ="
                                  " decode($1, 'hex')",
                                  1, q, err, errlen);
        if (!r)
            rc = -1;
        else if (PQntuples(r) > 0) {
            registration_refused(row->application_id, "credential_taken");
            rc = 0;
        }
        PQclear(r);
        if (rc != 1)
            dk_key_passkey_new_free(k);
    }
    return rc;
}

int dk_key_passkey_store(PGconn *pg, const char *key_id, const dk_key_new *k, const dk_key_ctx *ctx,
                         char *err, size_t errlen)
{
    const dk_auth_webauthn_credential *c = k->credential;
    if (!c) {
        dk_errf(err, errlen, "no credential to store");
        return -1;
    }
    char id[37], cred[2 * DK_AUTH_WEBAUTHN_CRED_ID_MAX + 1],
        cose[2 * DK_AUTH_WEBAUTHN_COSE_KEY_MAX + 1], alg[16], count[16], now[32];
    if (dk_uuid_v4(id) != 0) {
        dk_errf(err, errlen, "no random bytes");
        return -1;
    }
    dk_hex(c->credential_id, c->credential_id_len, cred);
    dk_hex(c->public_key, c->public_key_len, cose);
    snprintf(alg, sizeof alg, "%d", c->alg);
    snprintf(count, sizeof count, "%u", (unsigned)c->sign_count);
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {id, key_id, cred, cose, alg, count, now};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO passkey_credentials (id, key_id, credential_id,"
                              " public_key_cose, alg, sign_count, created_at) VALUES ($1::uuid,"
                              " $2::uuid, decode($3, 'hex'), decode($4, 'hex'), $5::int,"
                              " $6::bigint, $7::timestamptz)",
                              7, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

void dk_key_passkey_new_free(dk_key_new *k)
{
    free(k->credential);
    k->credential = NULL;
}

/* One base64url field of min..cap bytes decoded into buf (cap bytes): its
 * length, or -1 when it is absent, not base64url or out of bounds. */
static long field_bytes(const char *s, unsigned char *buf, size_t cap, size_t min)
{
    long n = s ? dk_key_b64url_decode(s, buf, cap) : -1;
    return n >= (long)min ? n : -1;
}

int dk_key_passkey_malformed(const dk_key_passkey *pk, int registration, const char **field)
{
    decoded *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    const char *bad = NULL;
    if (field_bytes(pk->id, d->id, sizeof d->id, 1) < 0) {
        bad = "passkey.id";
    } else if ((d->cdj_n = field_bytes(pk->client_data_json, d->cdj, sizeof d->cdj, 1)) < 0) {
        bad = "passkey.clientDataJSON";
    } else {
        json_t *cd = json_loadb((const char *)d->cdj, (size_t)d->cdj_n, 0, NULL);
        if (!json_is_object(cd))
            bad = "passkey.clientDataJSON";
        json_decref(cd);
    }
    if (!bad && registration) {
        if (field_bytes(pk->attestation_object, d->blob, DK_AUTH_WEBAUTHN_ATTESTATION_MAX, 1) < 0)
            bad = "passkey.attestationObject";
    } else if (!bad) {
        /* rpIdHash (32), flags (1) and signCount (4) at least. */
        if (field_bytes(pk->authenticator_data, d->blob, DK_AUTH_WEBAUTHN_AUTH_DATA_MAX, 37) < 0)
            bad = "passkey.authenticatorData";
        else if (field_bytes(pk->signature, d->sig, sizeof d->sig, 1) < 0)
            bad = "passkey.signature";
        else if (pk->user_handle && *pk->user_handle &&
                 field_bytes(pk->user_handle, d->id, 64, 1) < 0)
            bad = "passkey.userHandle";
    }
    free(d);
    *field = bad;
    return bad != NULL;
}

/* The challenge named in clientDataJSON (base64url), decoded: 0, or -1. */
static int client_challenge(const unsigned char *cdj, long n, unsigned char out[32])
{
    json_t *doc = json_loadb((const char *)cdj, (size_t)n, 0, NULL);
    const char *c = json_string_value(json_object_get(doc, "challenge"));
    int ok = c && dk_key_b64url_decode(c, out, 32) == 32;
    json_decref(doc);
    return ok ? 0 : -1;
}

/* An assertion refused before the verifier: logged like the verifier's
 * refusals, so that an operator (and a test) sees why. */
static void assertion_refused(const char *key_id, const char *why)
{
    dk_logj(DK_LOG_INFO, "passkey_assertion_refused",
            json_pack("{s:s, s:s}", "key_id", key_id, "why", why));
}

int dk_key_passkey_check(PGconn *pg, const char *key_id, const char *application_id,
                         const dk_key_passkey *pk, const dk_key_ctx *ctx, char *err, size_t errlen)
{
    decoded *d = calloc(1, sizeof *d);
    if (!d) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    unsigned char named[32], challenge[32], handle[64], user[16];
    d->id_n = dk_key_b64url_decode(pk->id, d->id, sizeof d->id);
    d->cdj_n = dk_key_b64url_decode(pk->client_data_json, d->cdj, sizeof d->cdj);
    d->blob_n = dk_key_b64url_decode(pk->authenticator_data, d->blob, sizeof d->blob);
    d->sig_n = dk_key_b64url_decode(pk->signature, d->sig, sizeof d->sig);
    if (d->id_n <= 0 || d->cdj_n <= 0 || d->blob_n <= 0 || d->sig_n <= 0 ||
        client_challenge(d->cdj, d->cdj_n, named) != 0) {
        assertion_refused(key_id, "malformed");
        goto out;
    }
    if (pk->user_handle && *pk->user_handle) {
        dk_key_uuid_bytes(application_id, user);
        if (dk_key_b64url_decode(pk->user_handle, handle, sizeof handle) != 16 ||
            memcmp(handle, user, 16) != 0) {
            assertion_refused(key_id, "user_handle");
            goto out;
        }
    }
    char now[32], hex[65];
    dk_iso8601_utc(ctx->now_ms, now);
    dk_hex(named, 32, hex);
    const char *p[] = {key_id, now, hex};
    int have = spend_challenge(pg,
                               "SELECT id, encode(challenge, 'hex') FROM webauthn_challenges"
                               " WHERE key_id = $1::uuid AND purpose = 'authenticate'"
                               " AND used_at IS NULL AND expires_at > $2::timestamptz"
                               " AND challenge = decode($3, 'hex') FOR UPDATE",
                               3, p, challenge, err, errlen);
    if (have <= 0) {
        /* None of this key's live challenges: never given, given to
         * another identifier, spent already (a replay) or expired. */
        if (have == 0)
            assertion_refused(key_id, "challenge");
        rc = have;
        goto out;
    }
    char cred[2 * DK_AUTH_WEBAUTHN_CRED_ID_MAX + 1];
    dk_hex(d->id, (size_t)d->id_n, cred);
    const char *q[] = {key_id, cred};
    PGresult *r = dk_pg_query(pg,
                              "SELECT id, encode(public_key_cose, 'hex'), alg, sign_count"
                              " FROM passkey_credentials WHERE key_id = $1::uuid"
                              " AND credential_id = decode($2, 'hex') FOR UPDATE",
                              2, q, err, errlen);
    if (!r) {
        rc = -1;
        goto out;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        assertion_refused(key_id, "credential"); /* not one of this key's */
        goto out;
    }
    char cid[37];
    unsigned char cose[DK_AUTH_WEBAUTHN_COSE_KEY_MAX];
    snprintf(cid, sizeof cid, "%s", PQgetvalue(r, 0, 0));
    size_t cn = unhex(PQgetvalue(r, 0, 1), cose, sizeof cose);
    dk_auth_webauthn_stored st = {bytes(cose, (long)cn), atoi(PQgetvalue(r, 0, 2)),
                                  (uint32_t)strtoul(PQgetvalue(r, 0, 3), NULL, 10)};
    PQclear(r);
    char rpid[256], origin[512];
    dk_auth_webauthn_rp rp;
    rp_of(&rp, rpid, sizeof rpid, origin, sizeof origin);
    dk_auth_webauthn_assertion a;
    dk_auth_webauthn_result v =
        dk_auth_webauthn_assert(&rp, bytes(challenge, 32), bytes(d->cdj, d->cdj_n),
                                bytes(d->blob, d->blob_n), bytes(d->sig, d->sig_n), &st, &a);
    if (v != DK_AUTH_WEBAUTHN_OK) {
        assertion_refused(key_id, dk_auth_webauthn_code(v));
        if (v == DK_AUTH_WEBAUTHN_INTERNAL) {
            dk_errf(err, errlen, "WebAuthn verification failed inside");
            rc = -1;
        }
        goto out;
    }
    char count[16];
    snprintf(count, sizeof count, "%u", (unsigned)a.sign_count);
    const char *u[] = {cid, count, now};
    r = dk_pg_query(pg,
                    "UPDATE passkey_credentials SET sign_count = $2::bigint,"
                    " last_used_at = $3::timestamptz WHERE id = $1::uuid",
                    3, u, err, errlen);
    PQclear(r);
    rc = r ? 1 : -1;
out:
    free(d);
    return rc;
}

int dk_key_passkey_options(PGconn *pg, const char *identifier, const dk_key_ctx *ctx,
                           dk_key_result *res, char *err, size_t errlen)
{
    char ident[DK_KEY_IDENTIFIER_MAX];
    if (dk_key_identifier(identifier, ident) != 0) {
        res->status = DK_KEY_MALFORMED;
        res->field = "identifier";
        return 0;
    }
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    const char *p[] = {ident};
    PGresult *r = dk_pg_query(pg,
                              "SELECT k.id, encode(c.credential_id, 'hex') FROM digital_keys k"
                              " JOIN passkey_credentials c ON c.key_id = k.id"
                              " WHERE k.identifier = $1 AND k.revoked_at IS NULL"
                              " AND k.key_type = 'passkey' ORDER BY c.created_at",
                              1, p, err, errlen);
    if (!r)
        return dk_key_end_tx(pg, -1, err, errlen);
    json_t *allow = json_array();
    char key_id[37] = "";
    for (int i = 0; i < PQntuples(r); i++) {
        snprintf(key_id, sizeof key_id, "%s", PQgetvalue(r, i, 0));
        unsigned char id[DK_AUTH_WEBAUTHN_CRED_ID_MAX];
        size_t n = unhex(PQgetvalue(r, i, 1), id, sizeof id);
        json_array_append_new(
            allow, json_pack("{s:s, s:o}", "type", "public-key", "id", dk_key_b64url_json(id, n)));
    }
    PQclear(r);
    if (!key_id[0]) {
        /* No passkey: a credential id derived from the identifier, the same
         * on every ask, so the answer looks like that of an account. */
        char msg[300], mac[65];
        unsigned char id[32];
        snprintf(msg, sizeof msg, "passkey-credential:%s", ident);
        dk_keyed_hash_hex(dk_config_str("DK_CODE_KEY"), msg, mac);
        unhex(mac, id, sizeof id);
        json_array_append_new(
            allow, json_pack("{s:s, s:o}", "type", "public-key", "id", dk_key_b64url_json(id, 32)));
    }
    unsigned char ch[32];
    int rc = dk_key_challenge_new(pg, "authenticate", NULL, key_id[0] ? key_id : NULL, ctx->now_ms,
                                  ch, err, errlen);
    if (rc == 0) {
        char rp[256];
        dk_key_rp_id(rp, sizeof rp);
        res->public_key =
            json_pack("{s:{s:o, s:s, s:O, s:s, s:i}}", "publicKey", "challenge",
                      dk_key_b64url_json(ch, 32), "rpId", rp, "allowCredentials", allow,
                      "userVerification", "required", "timeout", DK_KEY_CHALLENGE_MINUTES * 60000);
        if (!res->public_key) {
            dk_errf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    json_decref(allow);
    rc = dk_key_end_tx(pg, rc, err, errlen);
    if (rc == 0)
        res->status = DK_KEY_OK;
    return rc;
}
