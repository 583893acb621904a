/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_activation.c — the activation link (see dk_key.h): the view, the
 * choice after the activation code, the confirmation that makes the key,
 * and a new e-mail code. */
#include "keys/dk_key_internal.h"

#include "auth/dk_auth_password.h"
#include "auth/dk_auth_totp.h"
#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "interview/dk_activation.h"
#include "interview/dk_totp_store.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"
#include "store/dk_token.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int max_tries(void)
{
    return (int)dk_config_int("DK_ACTIVATION_MAX_TRIES");
}

int dk_key_activation_find(PGconn *pg, const char *token, int64_t now_ms, int lock,
                           dk_key_activation_row *row, char *err, size_t errlen)
{
    memset(row, 0, sizeof *row);
    if (!dk_token_valid(token))
        return 0;
    char hash[65], now[32];
    dk_token_hash(token, hash);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {hash, now};
    PGresult *r = dk_pg_query(
        pg,
        lock ? "SELECT c.id, c.application_id, a.language, lower(a.email), a.first_names,"
               " a.last_name, c.code_hash, c.failures,"
               " (extract(epoch FROM c.expires_at) * 1000)::bigint,"
               " CASE WHEN c.used_at IS NOT NULL OR a.status = 'activated' THEN 'used'"
               "  WHEN c.revoked_at IS NOT NULL OR a.status <> 'awaiting_activation'"
               "  THEN 'revoked' WHEN c.expires_at <= $2::timestamptz THEN 'expired' END"
               " FROM activation_codes c JOIN applications a ON a.id = c.application_id"
               " WHERE c.token_hash = $1 FOR UPDATE OF c"
             : "SELECT c.id, c.application_id, a.language, lower(a.email), a.first_names,"
               " a.last_name, c.code_hash, c.failures,"
               " (extract(epoch FROM c.expires_at) * 1000)::bigint,"
               " CASE WHEN c.used_at IS NOT NULL OR a.status = 'activated' THEN 'used'"
               "  WHEN c.revoked_at IS NOT NULL OR a.status <> 'awaiting_activation'"
               "  THEN 'revoked' WHEN c.expires_at <= $2::timestamptz THEN 'expired' END"
               " FROM activation_codes c JOIN applications a ON a.id = c.application_id"
               " WHERE c.token_hash = $1",
        2, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(row->id, sizeof row->id, "%s", PQgetvalue(r, 0, 0));
        snprintf(row->application_id, sizeof row->application_id, "%s", PQgetvalue(r, 0, 1));
        snprintf(row->language, sizeof row->language, "%s", PQgetvalue(r, 0, 2));
        snprintf(row->identifier, sizeof row->identifier, "%s", PQgetvalue(r, 0, 3));
        snprintf(row->first_names, sizeof row->first_names, "%s", PQgetvalue(r, 0, 4));
        snprintf(row->last_name, sizeof row->last_name, "%s", PQgetvalue(r, 0, 5));
        snprintf(row->code_hash, sizeof row->code_hash, "%s", PQgetvalue(r, 0, 6));
        row->failures = atoi(PQgetvalue(r, 0, 7));
        row->expires_ms = dk_key_ms(r, 0, 8);
        const char *g = PQgetvalue(r, 0, 9);
        row->gone = !strcmp(g, "used")      ? "used"
                    : !strcmp(g, "revoked") ? "revoked"
                    : !strcmp(g, "expired") ? "expired"
                                            : NULL;
    }
    PQclear(r);
    return found;
}

int dk_key_activation_refuses(const dk_key_activation_row *row, dk_key_result *res)
{
    snprintf(res->language, sizeof res->language, "%s", row->language);
    res->expires_ms = row->expires_ms;
    if (row->gone) {
        res->status = DK_KEY_GONE;
        res->gone = row->gone;
        return 1;
    }
    if (row->failures >= max_tries()) {
        res->status = DK_KEY_LOCKED;
        res->until_ms = row->expires_ms;
        return 1;
    }
    return 0;
}

int dk_key_activation_failure(PGconn *pg, const dk_key_activation_row *row, int64_t now_ms,
                              char *err, size_t errlen)
{
    char max[16], now[32];
    snprintf(max, sizeof max, "%d", max_tries());
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {row->id, max, now};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE activation_codes SET failures = failures + 1,"
                              " locked_until = CASE WHEN failures + 1 >= $2::int THEN"
                              " greatest(expires_at, $3::timestamptz) ELSE locked_until END"
                              " WHERE id = $1::uuid",
                              3, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

/* The link of token locked in a new transaction: 1 usable (row filled, the
 * transaction open), 0 refused (res filled, the transaction closed), -1 err
 * (closed). */
static int begin_on_link(PGconn *pg, const char *token, const dk_key_ctx *ctx,
                         dk_key_activation_row *row, dk_key_result *res, char *err, size_t errlen)
{
    if (!dk_token_valid(token)) {
        res->status = DK_KEY_UNKNOWN;
        return 0;
    }
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    int found = dk_key_activation_find(pg, token, ctx->now_ms, 1, row, err, errlen);
    if (found < 0)
        return dk_key_end_tx(pg, -1, err, errlen);
    if (found == 0 || dk_key_activation_refuses(row, res)) {
        if (found == 0)
            res->status = DK_KEY_UNKNOWN;
        return dk_key_end_tx(pg, 0, err, errlen) == 0 ? 0 : -1;
    }
    return 1;
}

int dk_key_activation_view(PGconn *pg, const char *token, const dk_key_ctx *ctx, dk_key_result *res,
                           char *err, size_t errlen)
{
    dk_key_activation_row row;
    int found = dk_key_activation_find(pg, token, ctx->now_ms, 0, &row, err, errlen);
    if (found < 0)
        return -1;
    if (found == 0) {
        res->status = DK_KEY_UNKNOWN;
        return 0;
    }
    if (dk_key_activation_refuses(&row, res))
        return 0;
    char now[32];
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {row.id, now};
    PGresult *r = dk_pg_query(pg,
                              "SELECT key_type FROM key_enrolments WHERE activation_id = $1::uuid"
                              " AND expires_at > $2::timestamptz",
                              2, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) == 1)
        snprintf(res->pending_type, sizeof res->pending_type, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    snprintf(res->identifier, sizeof res->identifier, "%s", row.identifier);
    res->status = DK_KEY_OK;
    return 0;
}

static int known_type(const char *t)
{
    return t && dk_key_assurance_level(t) != NULL;
}

/* The enrolment waiting for its confirmation, in the open transaction. */
static int enrolment_store(PGconn *pg, const dk_key_activation_row *row, const char *key_type,
                           const char *phc, const char *sealed, int64_t now_ms, char *err,
                           size_t errlen)
{
    char now[32], until[32];
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(now_ms + DK_KEY_ENROL_MINUTES * 60000LL, until);
    const char *p[] = {row->id, key_type, phc, sealed, now, until};
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO key_enrolments (activation_id, key_type, password_hash, totp_secret_sealed,"
        " created_at, expires_at) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::timestamptz,"
        " $6::timestamptz) ON CONFLICT (activation_id) DO UPDATE SET key_type = $2,"
        " password_hash = $3, totp_secret_sealed = $4::jsonb, created_at = $5::timestamptz,"
        " expires_at = $6::timestamptz",
        6, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

/* The creation options of a passkey (navigator.credentials.create). */
static json_t *creation_options(const dk_key_activation_row *row, const unsigned char ch[32])
{
    char rp[256], name[600];
    unsigned char user_id[16];
    dk_key_rp_id(rp, sizeof rp);
    /* The user handle: the application id's 16 bytes (no personal data). */
    dk_key_uuid_bytes(row->application_id, user_id);
    snprintf(name, sizeof name, "%s %s", row->first_names, row->last_name);
    return json_pack("{s:{s:o, s:{s:s, s:s}, s:{s:o, s:s, s:s}, s:[{s:s, s:i}, {s:s, s:i}],"
                     " s:{s:s, s:s}, s:s, s:i}}",
                     "publicKey", "challenge", dk_key_b64url_json(ch, 32), "rp", "id", rp, "name",
                     dk_config_str("DK_KEY_ISSUER"), "user", "id", dk_key_b64url_json(user_id, 16),
                     "name", row->identifier, "displayName", name, "pubKeyCredParams", "type",
                     "public-key", "alg", -7, "type", "public-key", "alg", -257,
                     "authenticatorSelection", "userVerification", "required", "residentKey",
                     "preferred", "attestation", "none", "timeout",
                     DK_KEY_CHALLENGE_MINUTES * 60000);
}

/* The second half of a choice, the code right and the password judged:
 * the key or the enrolment written in a transaction of its own. */
static int choose_write(PGconn *pg, const dk_key_choice *c, const dk_key_ctx *ctx, const char *phc,
                        dk_key_result *res, char *err, size_t errlen)
{
    dk_key_activation_row row;
    int open = begin_on_link(pg, c->token, ctx, &row, res, err, errlen);
    if (open <= 0)
        return open;
    int rc = 0;
    char *sealed = NULL;
    const char *type = c->key_type;
    if (!strcmp(type, "password")) {
        char key_id[37];
        dk_key_new k = {.key_type = type, .password_hash = phc};
        rc = dk_key_create(pg, &row, &k, ctx, key_id, res, err, errlen);
        return dk_key_end_tx(pg, rc, err, errlen);
    }
    if (!strcmp(type, "totp")) {
        rc = dk_totp_new(DK_KEY_TOTP_PURPOSE, row.application_id, res->totp_secret, &sealed, err,
                         errlen);
        dk_buf uri = DK_BUF_INIT;
        unsigned char raw[64];
        int n = rc == 0 ? dk_totp_raw(res->totp_secret, raw, sizeof raw) : -1;
        if (rc == 0 &&
            (n <= 0 || dk_auth_otpauth_uri(&uri, &dk_auth_totp_default, raw, (size_t)n,
                                           dk_config_str("DK_KEY_ISSUER"), row.identifier) != 0)) {
            dk_errf(err, errlen, "the otpauth URI could not be made");
            rc = -1;
        }
        OPENSSL_cleanse(raw, sizeof raw);
        if (rc == 0)
            res->otpauth_uri = strdup(uri.data);
        if (uri.data)
            OPENSSL_cleanse(uri.data, uri.len);
        dk_buf_free(&uri);
        if (rc == 0 && !res->otpauth_uri)
            rc = -1;
    }
    if (rc == 0)
        rc = enrolment_store(pg, &row, type, !strcmp(type, "passkey") ? NULL : phc, sealed,
                             ctx->now_ms, err, errlen);
    free(sealed);
    if (rc == 0 && !strcmp(type, "email"))
        rc = dk_key_email_code_send(pg, "activation", row.id, row.application_id, row.language,
                                    row.identifier, ctx->now_ms, 1, err, errlen);
    if (rc == 0 && !strcmp(type, "passkey")) {
        unsigned char ch[32];
        rc = dk_key_challenge_new(pg, "register", row.id, NULL, ctx->now_ms, ch, err, errlen);
        if (rc == 0 && !(res->public_key = creation_options(&row, ch))) {
            dk_errf(err, errlen, "out of memory for the passkey options");
            rc = -1;
        }
    }
    rc = dk_key_end_tx(pg, rc, err, errlen);
    if (rc == 0) {
        res->status = DK_KEY_OK;
        snprintf(res->key_type, sizeof res->key_type, "%s", type);
        res->assurance_level = dk_key_assurance_level(type);
        snprintf(res->identifier, sizeof res->identifier, "%s", row.identifier);
    }
    return rc;
}

int dk_key_activation_choose(PGconn *pg, const dk_key_choice *c, const dk_key_ctx *ctx,
                             dk_key_result *res, char *err, size_t errlen)
{
    dk_key_activation_row row;
    int open = begin_on_link(pg, c->token, ctx, &row, res, err, errlen);
    if (open <= 0)
        return open;
    int passkey = c->key_type && !strcmp(c->key_type, "passkey");
    const char *field = !known_type(c->key_type)                      ? "key_type"
                        : !passkey && !c->password                    ? "password"
                        : !c->activation_code || !*c->activation_code ? "activation_code"
                                                                      : NULL;
    if (field) {
        res->status = DK_KEY_MALFORMED;
        res->field = field;
        return dk_key_end_tx(pg, 0, err, errlen);
    }
    char code[DK_ACTIVATION_CODE_LEN + 1], hash[65];
    int right = dk_activation_code_normalise(c->activation_code, code) == 0;
    if (right) {
        dk_activation_code_hash(row.id, code, hash);
        right = dk_ct_equal(hash, row.code_hash, 64);
    }
    OPENSSL_cleanse(code, sizeof code);
    if (!right) {
        res->status = DK_KEY_WRONG;
        return dk_key_end_tx(pg, dk_key_activation_failure(pg, &row, ctx->now_ms, err, errlen), err,
                             errlen);
    }
    if (dk_key_end_tx(pg, 0, err, errlen) != 0)
        return -1;
    /* The password judged and hashed outside any transaction (Argon2id takes
     * a fifth of a second): the link is locked again to write. */
    char phc[DK_AUTH_PASSWORD_HASH_MAX] = "";
    if (!passkey) {
        int min = !strcmp(c->key_type, "password") ? DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR
                                                   : DK_AUTH_PASSWORD_MIN_WITH_SECOND;
        const char *context[] = {row.identifier, row.first_names, row.last_name, NULL};
        dk_auth_pw_reason why = dk_auth_password_check(c->password, min, context);
        if (why != DK_AUTH_PW_OK) {
            res->status = DK_KEY_PASSWORD_REFUSED;
            res->reason = why;
            res->min_chars = min;
            snprintf(res->language, sizeof res->language, "%s", row.language);
            return 0;
        }
        if (dk_auth_password_hash(c->password, phc, err, errlen) != 0)
            return -1;
    }
    int rc = choose_write(pg, c, ctx, phc, res, err, errlen);
    OPENSSL_cleanse(phc, sizeof phc);
    return rc;
}

int dk_key_activation_confirm(PGconn *pg, const dk_key_confirmation *c, const dk_key_ctx *ctx,
                              dk_key_result *res, char *err, size_t errlen)
{
    dk_key_activation_row row;
    int open = begin_on_link(pg, c->token, ctx, &row, res, err, errlen);
    if (open <= 0)
        return open;
    const char *given = c->totp ? "totp" : c->email_code ? "email" : c->passkey ? "passkey" : NULL;
    if (!given || (!!c->totp + !!c->email_code + !!c->passkey) != 1) {
        res->status = DK_KEY_MALFORMED;
        res->field = "confirmation";
        return dk_key_end_tx(pg, 0, err, errlen);
    }
    /* A passkey that cannot be one is the client's error (400): it spends
     * neither the challenge nor one of the link's tries. */
    int shape = c->passkey ? dk_key_passkey_malformed(c->passkey, 1, &res->field) : 0;
    if (shape != 0) {
        if (shape < 0)
            dk_errf(err, errlen, "out of memory");
        res->status = DK_KEY_MALFORMED;
        return dk_key_end_tx(pg, shape < 0 ? -1 : 0, err, errlen);
    }
    char now[32];
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {row.id, now};
    PGresult *r = dk_pg_query(pg,
                              "SELECT key_type, password_hash, totp_secret_sealed::text"
                              " FROM key_enrolments WHERE activation_id = $1::uuid"
                              " AND expires_at > $2::timestamptz",
                              2, p, err, errlen);
    if (!r)
        return dk_key_end_tx(pg, -1, err, errlen);
    if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), given) != 0) {
        PQclear(r);
        res->status = DK_KEY_NO_PENDING;
        return dk_key_end_tx(pg, 0, err, errlen);
    }
    char *phc = PQgetisnull(r, 0, 1) ? NULL : strdup(PQgetvalue(r, 0, 1));
    char *sealed = PQgetisnull(r, 0, 2) ? NULL : strdup(PQgetvalue(r, 0, 2));
    PQclear(r);
    int rc = 0, right = 0;
    int64_t step = 0;
    dk_key_new k = {.key_type = given, .password_hash = phc, .totp_sealed = sealed};
    if (c->totp) {
        dk_auth_totp_result t =
            dk_totp_verify_sealed(DK_KEY_TOTP_PURPOSE, row.application_id, sealed, c->totp,
                                  ctx->now_ms / 1000, DK_AUTH_TOTP_NO_STEP, &step, err, errlen);
        rc = t == DK_AUTH_TOTP_ERROR ? -1 : 0;
        right = t == DK_AUTH_TOTP_OK;
        k.totp_last_step = step;
    } else if (c->email_code) {
        right = dk_key_email_code_check(pg, "activation", row.id, c->email_code, ctx->now_ms, err,
                                        errlen);
        rc = right < 0 ? -1 : 0;
    } else {
        right = dk_key_passkey_register(pg, &row, c->passkey, ctx, &k, err, errlen);
        rc = right < 0 ? -1 : 0;
    }
    char key_id[37];
    int malformed = rc == 0 && right == 2;
    if (malformed) {
        res->status = DK_KEY_MALFORMED;
        res->field = "passkey";
    } else if (rc == 0 && right != 1) {
        res->status = DK_KEY_WRONG;
        rc = dk_key_activation_failure(pg, &row, ctx->now_ms, err, errlen);
    } else if (rc == 0) {
        rc = dk_key_create(pg, &row, &k, ctx, key_id, res, err, errlen);
        if (rc == 0 && c->passkey)
            rc = dk_key_passkey_store(pg, key_id, &k, ctx, err, errlen);
    }
    dk_key_passkey_new_free(&k);
    if (phc)
        OPENSSL_cleanse(phc, strlen(phc));
    free(phc);
    free(sealed);
    if (malformed) { /* inside the CBOR or clientDataJSON: undone, as if not sent */
        dk_pg_rollback(pg);
        return 0;
    }
    return dk_key_end_tx(pg, rc, err, errlen);
}

int dk_key_activation_email_code(PGconn *pg, const char *token, const dk_key_ctx *ctx,
                                 dk_key_result *res, char *err, size_t errlen)
{
    dk_key_activation_row row;
    int open = begin_on_link(pg, token, ctx, &row, res, err, errlen);
    if (open <= 0)
        return open;
    char now[32];
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {row.id, now};
    PGresult *r = dk_pg_query(pg,
                              "SELECT 1 FROM key_enrolments WHERE activation_id = $1::uuid"
                              " AND key_type = 'email' AND expires_at > $2::timestamptz",
                              2, p, err, errlen);
    if (!r)
        return dk_key_end_tx(pg, -1, err, errlen);
    int pending = PQntuples(r) == 1;
    PQclear(r);
    if (!pending) {
        res->status = DK_KEY_NO_PENDING;
        return dk_key_end_tx(pg, 0, err, errlen);
    }
    int rc = dk_key_email_code_send(pg, "activation", row.id, row.application_id, row.language,
                                    row.identifier, ctx->now_ms, 0, err, errlen);
    if (rc == 0)
        res->status = DK_KEY_CODE_SENT;
    return dk_key_end_tx(pg, rc, err, errlen);
}
