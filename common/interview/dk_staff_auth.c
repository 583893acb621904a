/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staff_auth.c — enrolment and sign-in of staff accounts (see
 * dk_staff_auth.h): the auth library's arithmetic, stored here. */
#include "interview/dk_staff_auth.h"

#include "auth/dk_auth_password.h"
#include "auth/dk_auth_totp.h"
#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_log.h"
#include "interview/dk_audit.h"
#include "interview/dk_totp_store.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_TOTP_PURPOSE "staff.totp" /* as dk_staff.c seals it */

/* The link's token as sent: base64url of 32 bytes, nothing else is looked up. */
static int token_well_formed(const char *t)
{
    return t && strlen(t) == DK_STAFF_TOKEN_LEN &&
           strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               DK_STAFF_TOKEN_LEN;
}

static int audit(PGconn *pg, const char *staff_id, const char *action, const char *address,
                 json_t *detail, int64_t now_ms, char *err, size_t errlen)
{
    dk_audit_event e = {.actor = staff_id ? "staff" : "system",
                        .staff_id = staff_id,
                        .action = action,
                        .object = staff_id,
                        .address = address,
                        .detail = detail};
    int rc = dk_audit_write(pg, &e, now_ms, err, errlen);
    json_decref(detail);
    return rc;
}

static int end_tx(PGconn *pg, int rc, char *err, size_t errlen)
{
    if (rc == 0 && dk_pg_exec(pg, "COMMIT", err, errlen) != 0)
        rc = -1;
    if (rc != 0)
        dk_pg_rollback(pg);
    return rc;
}

/* The enrolment row of token, locked when lock: 1 live, 0 unknown, 2
 * expired, -1 err; sealed (may be NULL) gets a malloc'd copy of the sealed
 * secret (NULL when none yet). */
static int enrol_row(PGconn *pg, const char *token, int64_t now_ms, int lock, dk_staff_enrolee *out,
                     char **sealed, char *err, size_t errlen)
{
    if (sealed)
        *sealed = NULL;
    if (!token_well_formed(token))
        return 0;
    char hash[65], now[32];
    dk_staff_secret_hash("enrol", token, hash);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {hash, now};
    PGresult *r =
        dk_pg_query(pg,
                    lock ? "SELECT id, name, email, (enrol_expires_at > $2::timestamptz)::text,"
                           " totp_secret_sealed::text FROM staff WHERE enrol_token_hash = $1"
                           " AND enrolled_at IS NULL AND disabled_at IS NULL FOR UPDATE"
                         : "SELECT id, name, email, (enrol_expires_at > $2::timestamptz)::text,"
                           " totp_secret_sealed::text FROM staff WHERE enrol_token_hash = $1"
                           " AND enrolled_at IS NULL AND disabled_at IS NULL",
                    2, p, err, errlen);
    if (!r)
        return -1;
    int rc = 0;
    if (PQntuples(r) == 1) {
        snprintf(out->staff_id, sizeof out->staff_id, "%s", PQgetvalue(r, 0, 0));
        snprintf(out->name, sizeof out->name, "%s", PQgetvalue(r, 0, 1));
        snprintf(out->email, sizeof out->email, "%s", PQgetvalue(r, 0, 2));
        rc = strcmp(PQgetvalue(r, 0, 3), "true") == 0 ? 1 : 2;
        if (rc == 1 && sealed && !PQgetisnull(r, 0, 4))
            *sealed = strdup(PQgetvalue(r, 0, 4));
    }
    PQclear(r);
    return rc;
}

int dk_staff_enrol_lookup(PGconn *pg, const char *token, int64_t now_ms, dk_staff_enrolee *out,
                          char *err, size_t errlen)
{
    return enrol_row(pg, token, now_ms, 0, out, NULL, err, errlen);
}

static const char *link_refusal(int found)
{
    return found == 2 ? "link_expired" : "link_unknown";
}

int dk_staff_enrol_password(PGconn *pg, const char *token, const char *password,
                            const char *address, int64_t now_ms, char *secret_b32,
                            size_t secret_len, dk_staff_enrolee *e, int *reason,
                            const char **refusal, char *err, size_t errlen)
{
    dk_staff_enrolee local;
    if (!e)
        e = &local;
    *refusal = NULL;
    *reason = DK_AUTH_PW_OK;
    secret_b32[0] = '\0';
    int found = enrol_row(pg, token, now_ms, 0, e, NULL, err, errlen);
    if (found != 1) {
        *refusal = found < 0 ? NULL : link_refusal(found);
        return found < 0 ? -1 : 1;
    }
    const char *context[] = {e->email, e->name, NULL};
    *reason = dk_auth_password_check(password, DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR, context);
    if (*reason != DK_AUTH_PW_OK) {
        *refusal = "password_refused";
        return 1;
    }
    char phc[DK_AUTH_PASSWORD_HASH_MAX], b32[DK_TOTP_B32_MAX];
    if (dk_auth_password_hash(password, phc, err, errlen) != 0)
        return -1;
    char *sealed = NULL;
    if (dk_totp_new(STAFF_TOTP_PURPOSE, e->staff_id, b32, &sealed, err, errlen) != 0 ||
        strlen(b32) + 1 > secret_len) {
        OPENSSL_cleanse(b32, sizeof b32);
        OPENSSL_cleanse(phc, sizeof phc);
        free(sealed);
        dk_errf(err, errlen, "no TOTP secret could be made");
        return -1;
    }
    char hash[65], now[32];
    dk_staff_secret_hash("enrol", token, hash);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {e->staff_id, hash, now, phc, sealed};
    int rc = dk_pgpool_begin(pg, err, errlen);
    PGresult *r = rc == 0 ? dk_pg_query(pg,
                                        "UPDATE staff SET password_hash = $4,"
                                        " totp_secret_sealed = $5::jsonb, totp_last_step = NULL,"
                                        " updated_at = $3::timestamptz WHERE id = $1::uuid"
                                        " AND enrol_token_hash = $2 AND enrolled_at IS NULL"
                                        " AND disabled_at IS NULL"
                                        " AND enrol_expires_at > $3::timestamptz RETURNING 1",
                                        5, p, err, errlen)
                          : NULL;
    if (!r) {
        rc = -1;
    } else if (PQntuples(r) != 1) {
        *refusal = "link_unknown"; /* spent or expired in between */
        rc = 1;
    }
    PQclear(r);
    if (rc == 0)
        rc = audit(pg, e->staff_id, "staff.enrol_password_set", address, NULL, now_ms, err, errlen);
    rc = end_tx(pg, rc, err, errlen);
    free(sealed);
    if (rc == 0)
        snprintf(secret_b32, secret_len, "%s", b32);
    OPENSSL_cleanse(b32, sizeof b32);
    OPENSSL_cleanse(phc, sizeof phc);
    return rc;
}

int dk_staff_enrol_confirm(PGconn *pg, const char *token, const char *totp, const char *address,
                           int64_t now_ms, const char **refusal, char *err, size_t errlen)
{
    *refusal = NULL;
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    dk_staff_enrolee e;
    char *sealed = NULL;
    int found = enrol_row(pg, token, now_ms, 1, &e, &sealed, err, errlen);
    if (found != 1 || !sealed) {
        if (found >= 0)
            *refusal = found != 1 ? link_refusal(found) : "password_first";
        free(sealed);
        return end_tx(pg, found < 0 ? -1 : 1, err, errlen);
    }
    int64_t step = 0;
    dk_auth_totp_result t =
        dk_totp_verify_sealed(STAFF_TOTP_PURPOSE, e.staff_id, sealed, totp, now_ms / 1000,
                              DK_AUTH_TOTP_NO_STEP, &step, err, errlen);
    free(sealed);
    int rc = 0;
    if (t == DK_AUTH_TOTP_ERROR) {
        rc = -1;
    } else if (t != DK_AUTH_TOTP_OK) {
        *refusal = t == DK_AUTH_TOTP_MALFORMED ? "totp_malformed" : "totp_wrong";
        rc = audit(pg, e.staff_id, "staff.enrol_code_refused", address,
                   json_pack("{s:s}", "result", dk_auth_totp_result_code(t)), now_ms, err, errlen);
        return end_tx(pg, rc, err, errlen) == 0 ? 1 : -1;
    }
    char now[32], steptext[24];
    dk_iso8601_utc(now_ms, now);
    snprintf(steptext, sizeof steptext, "%" PRId64, step);
    const char *p[] = {e.staff_id, now, steptext};
    PGresult *r = rc == 0 ? dk_pg_query(pg,
                                        "UPDATE staff SET enrolled_at = $2::timestamptz,"
                                        " totp_last_step = $3::bigint, failed_tries = 0,"
                                        " enrol_token_hash = NULL, enrol_expires_at = NULL,"
                                        " updated_at = $2::timestamptz WHERE id = $1::uuid",
                                        3, p, err, errlen)
                          : NULL;
    if (!r)
        rc = -1;
    PQclear(r);
    if (rc == 0)
        rc = audit(pg, e.staff_id, "staff.enrolled", address, NULL, now_ms, err, errlen);
    return end_tx(pg, rc, err, errlen);
}

/* ---- sign-in ---- */

typedef struct {
    char id[37];
    char *password_hash; /* NULL: none (not enrolled) */
    char *sealed;
    int enrolled, locked, disabled;
} account;

static void account_free(account *a)
{
    if (a->password_hash)
        OPENSSL_cleanse(a->password_hash, strlen(a->password_hash));
    free(a->password_hash);
    free(a->sealed);
    memset(a, 0, sizeof *a);
}

/* 1 found, 0 none, -1 err. */
static int account_of(PGconn *pg, const char *email, account *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    const char *p[] = {email};
    PGresult *r = dk_pg_query(pg,
                              "SELECT id, password_hash, totp_secret_sealed::text,"
                              " (enrolled_at IS NOT NULL)::text, (locked_at IS NOT NULL)::text,"
                              " (disabled_at IS NOT NULL)::text FROM staff"
                              " WHERE lower(email) = lower($1)",
                              1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(a->id, sizeof a->id, "%s", PQgetvalue(r, 0, 0));
        if (!PQgetisnull(r, 0, 1))
            a->password_hash = strdup(PQgetvalue(r, 0, 1));
        if (!PQgetisnull(r, 0, 2))
            a->sealed = strdup(PQgetvalue(r, 0, 2));
        a->enrolled = strcmp(PQgetvalue(r, 0, 3), "true") == 0;
        a->locked = strcmp(PQgetvalue(r, 0, 4), "true") == 0;
        a->disabled = strcmp(PQgetvalue(r, 0, 5), "true") == 0;
    }
    PQclear(r);
    return found;
}

/* A wrong attempt on account id: counted, the account locked at max_tries,
 * both audited. In the open transaction. */
static int count_failure(PGconn *pg, const char *id, const char *why, const char *address,
                         int64_t now_ms, int max_tries, char *err, size_t errlen)
{
    char now[32], max[16];
    dk_iso8601_utc(now_ms, now);
    snprintf(max, sizeof max, "%d", max_tries);
    const char *p[] = {id, now, max};
    PGresult *r = dk_pg_query(
        pg,
        "UPDATE staff SET failed_tries = failed_tries + 1, updated_at = $2::timestamptz,"
        " locked_at = CASE WHEN locked_at IS NULL AND failed_tries + 1 >= $3::int"
        " THEN $2::timestamptz ELSE locked_at END WHERE id = $1::uuid"
        " RETURNING failed_tries, (locked_at = $2::timestamptz)::text",
        3, p, err, errlen);
    if (!r)
        return -1;
    int tries = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
    int locked_now = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 1), "true") == 0;
    PQclear(r);
    int rc = audit(pg, id, "staff.signin_refused", address,
                   json_pack("{s:s, s:i}", "why", why, "failed_tries", tries), now_ms, err, errlen);
    if (rc == 0 && locked_now)
        rc = audit(pg, id, "staff.locked", address, json_pack("{s:i}", "failed_tries", tries),
                   now_ms, err, errlen);
    return rc;
}

/* The TOTP check of a known account inside the transaction, its row locked:
 * the result and the step matched. */
static dk_auth_totp_result check_totp(PGconn *pg, const account *a, const char *totp,
                                      int64_t now_ms, int64_t *step, char *err, size_t errlen)
{
    const char *p[] = {a->id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT coalesce(totp_last_step, -1) FROM staff WHERE id = $1::uuid"
                              " FOR UPDATE",
                              1, p, err, errlen);
    if (!r)
        return DK_AUTH_TOTP_ERROR;
    int64_t last = PQntuples(r) == 1 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    PQclear(r);
    return dk_totp_verify_sealed(STAFF_TOTP_PURPOSE, a->id, a->sealed, totp, now_ms / 1000, last,
                                 step, err, errlen);
}

static int signin_known(PGconn *pg, const account *a, int password_ok, const char *totp,
                        const char *address, int64_t now_ms, int max_tries, char staff_id[37],
                        char *session_id, char *csrf_token, const char **refusal, char *err,
                        size_t errlen)
{
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    if (a->disabled || !a->enrolled || a->locked) {
        *refusal = a->locked && password_ok ? "locked" : "wrong";
        int rc = audit(pg, a->id, "staff.signin_refused", address,
                       json_pack("{s:s}", "why",
                                 a->disabled ? "disabled"
                                 : a->locked ? "locked"
                                             : "not_enrolled"),
                       now_ms, err, errlen);
        return end_tx(pg, rc, err, errlen) == 0 ? 1 : -1;
    }
    int64_t step = 0;
    dk_auth_totp_result t = check_totp(pg, a, totp, now_ms, &step, err, errlen);
    if (t == DK_AUTH_TOTP_ERROR)
        return end_tx(pg, -1, err, errlen);
    if (!password_ok || t != DK_AUTH_TOTP_OK) {
        *refusal = "wrong";
        const char *why = !password_ok ? "password" : dk_auth_totp_result_code(t);
        int rc = count_failure(pg, a->id, why, address, now_ms, max_tries, err, errlen);
        return end_tx(pg, rc, err, errlen) == 0 ? 1 : -1;
    }
    char now[32], steptext[24];
    dk_iso8601_utc(now_ms, now);
    snprintf(steptext, sizeof steptext, "%" PRId64, step);
    const char *p[] = {a->id, now, steptext};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE staff SET totp_last_step = $3::bigint, failed_tries = 0,"
                              " updated_at = $2::timestamptz WHERE id = $1::uuid",
                              3, p, err, errlen);
    if (!r)
        return end_tx(pg, -1, err, errlen);
    PQclear(r);
    int rc = dk_staff_session_open(pg, a->id, address, now_ms, session_id, csrf_token, err, errlen);
    if (rc == 0)
        rc = audit(pg, a->id, "staff.signed_in", address, NULL, now_ms, err, errlen);
    if (rc == 1) {
        *refusal = "wrong";
        dk_pg_rollback(pg);
        return 1;
    }
    rc = end_tx(pg, rc, err, errlen);
    if (rc == 0)
        snprintf(staff_id, 37, "%s", a->id);
    else {
        OPENSSL_cleanse(session_id, DK_STAFF_TOKEN_LEN + 1);
        OPENSSL_cleanse(csrf_token, DK_STAFF_TOKEN_LEN + 1);
    }
    return rc;
}

/* After a sign-in: a password stored with other Argon2id parameters than
 * today's is hashed anew and stored (only if the stored one is still that
 * one), audited staff.password_rehashed. Best effort: a failure is logged
 * and the sign-in stands; the next one tries again. */
static void rehash(PGconn *pg, const account *a, const char *password, const char *address,
                   int64_t now_ms)
{
    char phc[DK_AUTH_PASSWORD_HASH_MAX], err[512], now[32];
    if (dk_auth_password_hash(password, phc, err, sizeof err) != 0) {
        dk_log(DK_LOG_WARN, "password_rehash_failed", "staff %s: %s", a->id, err);
        return;
    }
    dk_iso8601_utc(now_ms, now);
    int rc = dk_pgpool_begin(pg, err, sizeof err);
    if (rc == 0) {
        const char *p[] = {a->id, a->password_hash, phc, now};
        PGresult *r =
            dk_pg_query(pg,
                        "UPDATE staff SET password_hash = $3, updated_at = $4::timestamptz"
                        " WHERE id = $1::uuid AND password_hash = $2 RETURNING 1",
                        4, p, err, sizeof err);
        rc = r ? 0 : -1;
        if (r && PQntuples(r) == 1)
            rc = audit(pg, a->id, "staff.password_rehashed", address,
                       json_pack("{s:i, s:i, s:i}", "t", DK_AUTH_ARGON2_T, "m_kib",
                                 DK_AUTH_ARGON2_M_KIB, "p", DK_AUTH_ARGON2_P),
                       now_ms, err, sizeof err);
        PQclear(r);
        rc = end_tx(pg, rc, err, sizeof err);
    }
    OPENSSL_cleanse(phc, sizeof phc);
    if (rc != 0)
        dk_log(DK_LOG_WARN, "password_rehash_failed", "staff %s: %s", a->id, err);
}

int dk_staff_signin(PGconn *pg, const char *email, const char *password, const char *totp,
                    const char *address, int64_t now_ms, int max_tries, char staff_id[37],
                    char session_id[DK_STAFF_TOKEN_LEN + 1],
                    char csrf_token[DK_STAFF_TOKEN_LEN + 1], const char **refusal, char *err,
                    size_t errlen)
{
    *refusal = NULL;
    staff_id[0] = session_id[0] = csrf_token[0] = '\0';
    account a;
    int found = email && strlen(email) <= 254 ? account_of(pg, email, &a, err, errlen) : 0;
    if (found < 0)
        return -1;
    /* The same Argon2id work whether the account exists or not. */
    int password_ok =
        dk_auth_password_verify(found ? a.password_hash : NULL, password ? password : "") == 1;
    if (!found) {
        /* And a TOTP verification of the same cost against nothing. */
        static const unsigned char dummy[DK_AUTH_TOTP_SECRET_BYTES] = {0};
        int64_t step;
        (void)dk_auth_totp_verify(&dk_auth_totp_default, dummy, sizeof dummy, totp ? totp : "",
                                  now_ms / 1000, DK_AUTH_TOTP_NO_STEP, &step);
        *refusal = "wrong";
        json_t *detail = json_pack("{s:s}", "why", "unknown_account");
        int rc = audit(pg, NULL, "staff.signin_refused", address, detail, now_ms, err, errlen);
        return rc == 0 ? 1 : -1;
    }
    int rc = signin_known(pg, &a, password_ok, totp ? totp : "", address, now_ms, max_tries,
                          staff_id, session_id, csrf_token, refusal, err, errlen);
    if (rc == 0 && dk_auth_password_needs_rehash(a.password_hash))
        rehash(pg, &a, password, address, now_ms);
    account_free(&a);
    return rc;
}

int dk_staff_unlock(PGconn *pg, const char *id, const char *os_user, int64_t now_ms,
                    const char **refusal, char *err, size_t errlen)
{
    *refusal = NULL;
    if (!dk_uuid_valid(id)) {
        *refusal = "staff_unknown";
        return 1;
    }
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {id, now};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE staff SET locked_at = NULL, failed_tries = 0,"
                              " updated_at = $2::timestamptz WHERE id = $1::uuid"
                              " AND locked_at IS NOT NULL RETURNING 1",
                              2, p, err, errlen);
    if (!r)
        return end_tx(pg, -1, err, errlen);
    int done = PQntuples(r) == 1;
    PQclear(r);
    if (!done) {
        const char *q[] = {id};
        r = dk_pg_query(pg, "SELECT 1 FROM staff WHERE id = $1::uuid", 1, q, err, errlen);
        if (!r)
            return end_tx(pg, -1, err, errlen);
        *refusal = PQntuples(r) == 1 ? "not_locked" : "staff_unknown";
        PQclear(r);
        return end_tx(pg, 1, err, errlen) < 0 ? -1 : 1;
    }
    dk_audit_event e = {
        .actor = "system", .action = "staff.unlocked", .object = id, .detail = NULL};
    json_t *detail = json_pack("{s:s?}", "os_user", os_user);
    e.detail = detail;
    int rc = dk_audit_write(pg, &e, now_ms, err, errlen);
    json_decref(detail);
    return end_tx(pg, rc, err, errlen);
}
