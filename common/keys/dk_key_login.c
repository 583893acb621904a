/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_login.c — signing in with a digital key (see dk_key.h): the
 * password (the same Argon2id work for an identifier without a key), the
 * second factor of the key's type or a passkey, the per-key throttle and
 * lock, the record of every attempt, and a rehash of an old password. */
#include "keys/dk_key_internal.h"

#include "auth/dk_auth_password.h"
#include "auth/dk_auth_totp.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_err.h"
#include "core/dk_log.h"
#include "interview/dk_totp_store.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char id[37];
    char application_id[37];
    char key_type[DK_KEY_TYPE_MAX];
    char language[4];
    char *password_hash;
    char *sealed;
    int64_t throttled_until_ms;
    int locked;
} key_row;

static void key_free(key_row *k)
{
    if (k->password_hash)
        OPENSSL_cleanse(k->password_hash, strlen(k->password_hash));
    free(k->password_hash);
    free(k->sealed);
    memset(k, 0, sizeof *k);
}

/* The live key of identifier (locked when lock): 1, 0 none, -1 err. */
static int key_of(PGconn *pg, const char *ident, int lock, key_row *k, char *err, size_t errlen)
{
    memset(k, 0, sizeof *k);
    const char *p[] = {ident};
    PGresult *r = dk_pg_query(
        pg,
        lock ? "SELECT k.id, k.application_id, k.key_type, a.language, k.password_hash,"
               " k.totp_secret_sealed::text,"
               " (extract(epoch FROM k.throttled_until) * 1000)::bigint,"
               " (k.locked_at IS NOT NULL)::text FROM digital_keys k JOIN applications a"
               " ON a.id = k.application_id WHERE k.identifier = $1 AND k.revoked_at IS NULL"
               " FOR UPDATE OF k"
             : "SELECT k.id, k.application_id, k.key_type, a.language, k.password_hash,"
               " k.totp_secret_sealed::text,"
               " (extract(epoch FROM k.throttled_until) * 1000)::bigint,"
               " (k.locked_at IS NOT NULL)::text FROM digital_keys k JOIN applications a"
               " ON a.id = k.application_id WHERE k.identifier = $1 AND k.revoked_at IS NULL",
        1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(k->id, sizeof k->id, "%s", PQgetvalue(r, 0, 0));
        snprintf(k->application_id, sizeof k->application_id, "%s", PQgetvalue(r, 0, 1));
        snprintf(k->key_type, sizeof k->key_type, "%s", PQgetvalue(r, 0, 2));
        snprintf(k->language, sizeof k->language, "%s", PQgetvalue(r, 0, 3));
        if (!PQgetisnull(r, 0, 4))
            k->password_hash = strdup(PQgetvalue(r, 0, 4));
        if (!PQgetisnull(r, 0, 5))
            k->sealed = strdup(PQgetvalue(r, 0, 5));
        k->throttled_until_ms = dk_key_ms(r, 0, 6);
        k->locked = strcmp(PQgetvalue(r, 0, 7), "true") == 0;
    }
    PQclear(r);
    return found;
}

/* A failure on a key (in the open transaction): counted, throttled from
 * DK_KEY_THROTTLE_AFTER on, locked at DK_KEY_MAX_FAILURES. 0/-1. */
static int key_failure(PGconn *pg, const key_row *k, const dk_key_ctx *ctx, char *err,
                       size_t errlen)
{
    char now[32], after[16], max[16], cap[16];
    dk_iso8601_utc(ctx->now_ms, now);
    snprintf(after, sizeof after, "%d", (int)dk_config_int("DK_KEY_THROTTLE_AFTER"));
    snprintf(max, sizeof max, "%d", (int)dk_config_int("DK_KEY_MAX_FAILURES"));
    snprintf(cap, sizeof cap, "%d", DK_KEY_THROTTLE_MAX_S);
    const char *p[] = {k->id, now, after, max, cap};
    PGresult *r = dk_pg_query(
        pg,
        "UPDATE digital_keys SET failed_tries = failed_tries + 1, updated_at = $2::timestamptz,"
        " throttled_until = CASE WHEN failed_tries + 1 >= $3::int THEN $2::timestamptz"
        "  + least($5::int, power(2, least(failed_tries + 1 - $3::int, 20)))"
        "  * interval '1 second' ELSE throttled_until END,"
        " locked_at = CASE WHEN locked_at IS NULL AND failed_tries + 1 >= $4::int"
        "  THEN $2::timestamptz ELSE locked_at END WHERE id = $1::uuid",
        5, p, err, errlen);
    PQclear(r);
    if (!r)
        return -1;
    return dk_key_signin_record(pg, k->id, "wrong", k->key_type, NULL, ctx, err, errlen);
}

static int key_success(PGconn *pg, const key_row *k, int64_t step, const dk_key_ctx *ctx,
                       dk_key_result *res, char *err, size_t errlen)
{
    char now[32], steptext[24];
    dk_iso8601_utc(ctx->now_ms, now);
    snprintf(steptext, sizeof steptext, "%" PRId64, step);
    const char *p[] = {k->id, now, step >= 0 ? steptext : NULL};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE digital_keys SET failed_tries = 0, throttled_until = NULL,"
                              " last_signin_at = $2::timestamptz, updated_at = $2::timestamptz,"
                              " totp_last_step = coalesce($3::bigint, totp_last_step)"
                              " WHERE id = $1::uuid",
                              3, p, err, errlen);
    PQclear(r);
    if (!r)
        return -1;
    const char *level = dk_key_assurance_level(k->key_type);
    if (dk_key_signin_record(pg, k->id, "ok", k->key_type, level, ctx, err, errlen) != 0)
        return -1;
    res->status = DK_KEY_OK;
    snprintf(res->key_type, sizeof res->key_type, "%s", k->key_type);
    res->assurance_level = level;
    return 0;
}

/* After a sign-in: a password stored with other Argon2id parameters than
 * today's is hashed anew (only if the stored one is still that one). Best
 * effort: a failure is logged and the sign-in stands. */
static void rehash(PGconn *pg, const key_row *k, const char *password, const dk_key_ctx *ctx)
{
    char phc[DK_AUTH_PASSWORD_HASH_MAX], err[512], now[32];
    if (dk_auth_password_hash(password, phc, err, sizeof err) != 0) {
        dk_log(DK_LOG_WARN, "password_rehash_failed", "key %s: %s", k->id, err);
        return;
    }
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {k->id, k->password_hash, phc, now};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE digital_keys SET password_hash = $3,"
                              " updated_at = $4::timestamptz WHERE id = $1::uuid"
                              " AND password_hash = $2",
                              4, p, err, sizeof err);
    OPENSSL_cleanse(phc, sizeof phc);
    if (!r)
        dk_log(DK_LOG_WARN, "password_rehash_failed", "key %s: %s", k->id, err);
    else if (atoi(PQcmdTuples(r)) == 1)
        dk_logj(DK_LOG_INFO, "password_rehashed",
                json_pack("{s:s, s:i, s:i, s:i}", "key_id", k->id, "t", DK_AUTH_ARGON2_T, "m_kib",
                          DK_AUTH_ARGON2_M_KIB, "p", DK_AUTH_ARGON2_P));
    PQclear(r);
}

/* One transaction on a key whose password (or absence of one) is judged:
 * the second factor, the counters, the record. */
static int login_known(PGconn *pg, const char *ident, int password_ok, const dk_key_login_input *in,
                       const dk_key_ctx *ctx, dk_key_result *res, key_row *k, char *err,
                       size_t errlen)
{
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    int found = key_of(pg, ident, 1, k, err, errlen);
    if (found <= 0) { /* revoked in between */
        res->status = DK_KEY_WRONG;
        int rc =
            found < 0 ? -1 : dk_key_signin_record(pg, NULL, "wrong", NULL, NULL, ctx, err, errlen);
        return dk_key_end_tx(pg, rc, err, errlen);
    }
    int passkey_type = !strcmp(k->key_type, "passkey");
    if (k->locked) {
        /* "Locked" only to whoever proved the first factor. */
        int proven = in->passkey
                         ? passkey_type && dk_key_passkey_check(pg, k->id, k->application_id,
                                                                in->passkey, ctx, err, errlen) == 1
                         : password_ok;
        res->status = proven ? DK_KEY_LOCKED : DK_KEY_WRONG;
        int rc = dk_key_signin_record(pg, k->id, proven ? "locked" : "wrong", k->key_type, NULL,
                                      ctx, err, errlen);
        return dk_key_end_tx(pg, rc, err, errlen);
    }
    int right = 0, rc = 0;
    int64_t step = -1;
    if (in->passkey) {
        right = passkey_type ? dk_key_passkey_check(pg, k->id, k->application_id, in->passkey, ctx,
                                                    err, errlen)
                             : 0;
        rc = right < 0 ? -1 : 0;
    } else if (!password_ok || passkey_type) {
        right = 0;
    } else if (!strcmp(k->key_type, "password")) {
        right = 1;
    } else if (!strcmp(k->key_type, "totp")) {
        const char *p[] = {k->id};
        PGresult *r = dk_pg_query(pg,
                                  "SELECT coalesce(totp_last_step, -1) FROM digital_keys"
                                  " WHERE id = $1::uuid",
                                  1, p, err, errlen);
        int64_t last = r && PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
        if (!r)
            rc = -1;
        PQclear(r);
        dk_auth_totp_result t =
            rc == 0 ? dk_totp_verify_sealed(DK_KEY_TOTP_PURPOSE, k->application_id, k->sealed,
                                            in->totp, ctx->now_ms / 1000, last, &step, err, errlen)
                    : DK_AUTH_TOTP_ERROR;
        if (t == DK_AUTH_TOTP_ERROR)
            rc = -1;
        right = t == DK_AUTH_TOTP_OK;
    } else if (!in->email_code) { /* "email": the code is mailed */
        rc = dk_key_email_code_send(pg, "signin", k->id, k->application_id, k->language, ident,
                                    ctx->now_ms, 0, err, errlen);
        if (rc == 0)
            rc = dk_key_signin_record(pg, k->id, "email_code_sent", k->key_type, NULL, ctx, err,
                                      errlen);
        if (rc == 0)
            res->status = DK_KEY_EMAIL_CODE_SENT;
        return dk_key_end_tx(pg, rc, err, errlen);
    } else {
        right =
            dk_key_email_code_check(pg, "signin", k->id, in->email_code, ctx->now_ms, err, errlen);
        rc = right < 0 ? -1 : 0;
    }
    if (rc != 0)
        return dk_key_end_tx(pg, -1, err, errlen);
    if (right != 1) {
        res->status = DK_KEY_WRONG;
        return dk_key_end_tx(pg, key_failure(pg, k, ctx, err, errlen), err, errlen);
    }
    rc = key_success(pg, k, step, ctx, res, err, errlen);
    if (rc == 0) {
        snprintf(res->identifier, sizeof res->identifier, "%s", ident);
        snprintf(res->language, sizeof res->language, "%s", k->language);
    }
    return dk_key_end_tx(pg, rc, err, errlen);
}

int dk_key_login(PGconn *pg, const dk_key_login_input *in, const dk_key_ctx *ctx,
                 dk_key_result *res, char *err, size_t errlen)
{
    char ident[DK_KEY_IDENTIFIER_MAX];
    if (dk_key_identifier(in->identifier, ident) != 0) {
        res->status = DK_KEY_MALFORMED;
        res->field = "identifier";
        return 0;
    }
    if (!in->passkey && !in->password) {
        res->status = DK_KEY_MALFORMED;
        res->field = "password";
        return 0;
    }
    /* Judged before the identifier is looked up, so that a 400 says nothing
     * of the account and a broken client spends no try and no challenge. */
    int shape = in->passkey ? dk_key_passkey_malformed(in->passkey, 0, &res->field) : 0;
    if (shape < 0) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    if (shape) {
        res->status = DK_KEY_MALFORMED;
        return 0;
    }
    key_row k;
    int found = key_of(pg, ident, 0, &k, err, errlen);
    if (found < 0)
        return -1;
    if (found && k.throttled_until_ms > ctx->now_ms) {
        res->status = DK_KEY_THROTTLED;
        res->until_ms = k.throttled_until_ms;
        int rc = dk_key_signin_record(pg, k.id, "throttled", k.key_type, NULL, ctx, err, errlen);
        key_free(&k);
        return rc;
    }
    /* The same Argon2id work whether the key exists, has a password, or not. */
    int password_ok = 0;
    if (!in->passkey)
        password_ok = dk_auth_password_verify(found ? k.password_hash : NULL, in->password) == 1;
    if (!found) {
        static const unsigned char dummy[DK_AUTH_TOTP_SECRET_BYTES] = {0};
        int64_t step;
        (void)dk_auth_totp_verify(&dk_auth_totp_default, dummy, sizeof dummy,
                                  in->totp ? in->totp : "", ctx->now_ms / 1000,
                                  DK_AUTH_TOTP_NO_STEP, &step);
        res->status = DK_KEY_WRONG;
        return dk_key_signin_record(pg, NULL, "wrong", NULL, NULL, ctx, err, errlen);
    }
    char *stored = k.password_hash ? strdup(k.password_hash) : NULL;
    key_free(&k);
    int rc = login_known(pg, ident, password_ok, in, ctx, res, &k, err, errlen);
    if (rc == 0 && res->status == DK_KEY_OK && password_ok && stored &&
        dk_auth_password_needs_rehash(stored))
        rehash(pg, &k, in->password, ctx);
    if (stored)
        OPENSSL_cleanse(stored, strlen(stored));
    free(stored);
    key_free(&k);
    return rc;
}
