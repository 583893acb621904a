/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_create.c — the transaction that makes a key (the activation spent,
 * the application activated, a previous key revoked, the message and the
 * mail queued), and the e-mail codes of "email" keys. */
#include "keys/dk_key_internal.h"

#include "booking/dk_mailjob_keys.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "interview/dk_audit.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_token.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One statement that must touch exactly one row. */
static int one(PGconn *pg, const char *sql, int n, const char *const *p, const char *what,
               char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, n, p, err, errlen);
    if (!r)
        return -1;
    int rows = atoi(PQcmdTuples(r));
    PQclear(r);
    if (rows != 1) {
        dk_errf(err, errlen, "%s: %d rows instead of one", what, rows);
        return -1;
    }
    return 0;
}

/* The key.activated message (schemas/messages/key.activated.json) and the
 * key_activated mail. */
static int queue(PGconn *pg, const dk_key_activation_row *row, const char *key_id,
                 const char *key_type, const char *level, const char *now, char *err, size_t errlen)
{
    json_t *data = json_pack("{s:s, s:s, s:s}", "key_type", key_type, "assurance_level", level,
                             "activated_at", now);
    json_t *env =
        data ? dk_envelope_new("key.activated", 1, row->application_id, data, key_id) : NULL;
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    if (!text) {
        dk_errf(err, errlen, "cannot build the key.activated message");
        return -1;
    }
    int rc = dk_outbox_add(pg, DK_KEY_TOPIC, row->application_id, text, err, errlen);
    free(text);
    if (rc != 0)
        return -1;
    dk_mailjob_key_to to = {row->application_id, row->language, row->identifier};
    json_t *mail = dk_mailjob_key_activated_row(&to, key_type, level, err, errlen);
    json_t *rows = mail ? json_pack("[o]", mail) : NULL;
    rc = rows ? dk_outbox_add_rows(pg, rows, err, errlen) : -1;
    json_decref(rows);
    return rc;
}

int dk_key_create(PGconn *pg, const dk_key_activation_row *row, const dk_key_new *k,
                  const dk_key_ctx *ctx, char key_id[37], dk_key_result *res, char *err,
                  size_t errlen)
{
    const char *level = dk_key_assurance_level(k->key_type);
    char now[32], step[24];
    if (!level || dk_uuid_v4(key_id) != 0) {
        dk_errf(err, errlen, "no key id (random bytes) or an unknown key type");
        return -1;
    }
    dk_iso8601_utc(ctx->now_ms, now);
    snprintf(step, sizeof step, "%lld", (long long)k->totp_last_step);
    const char *revoke[] = {row->identifier, now};
    PGresult *r = dk_pg_query(pg,
                              "UPDATE digital_keys SET revoked_at = $2::timestamptz,"
                              " updated_at = $2::timestamptz WHERE identifier = $1"
                              " AND revoked_at IS NULL",
                              2, revoke, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    const char *ins[] = {key_id,
                         row->application_id,
                         row->id,
                         row->identifier,
                         k->key_type,
                         k->password_hash,
                         k->totp_sealed,
                         strcmp(k->key_type, "totp") == 0 ? step : NULL,
                         now};
    if (one(pg,
            "INSERT INTO digital_keys (id, application_id, activation_id, identifier, key_type,"
            " password_hash, totp_secret_sealed, totp_last_step, created_at, updated_at)"
            " VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::jsonb, $8::bigint,"
            " $9::timestamptz, $9::timestamptz)",
            9, ins, "the new key", err, errlen) != 0)
        return -1;
    const char *spend[] = {row->id, now};
    if (one(pg,
            "UPDATE activation_codes SET used_at = $2::timestamptz WHERE id = $1::uuid"
            " AND used_at IS NULL AND revoked_at IS NULL",
            2, spend, "spending the activation", err, errlen) != 0)
        return -1;
    const char *app[] = {row->application_id, now};
    if (one(pg,
            "UPDATE applications SET status = 'activated', updated_at = $2::timestamptz"
            " WHERE id = $1::uuid AND status = 'awaiting_activation'",
            2, app, "activating the application", err, errlen) != 0)
        return -1;
    const char *act[] = {row->id};
    r = dk_pg_query(pg, "DELETE FROM key_enrolments WHERE activation_id = $1::uuid", 1, act, err,
                    errlen);
    if (!r)
        return -1;
    PQclear(r);
    if (queue(pg, row, key_id, k->key_type, level, now, err, errlen) != 0)
        return -1;
    json_t *detail = json_pack("{s:s, s:s}", "key_type", k->key_type, "assurance_level", level);
    dk_audit_event e = {.actor = "applicant",
                        .action = "key.activated",
                        .application_id = row->application_id,
                        .object = key_id,
                        .detail = detail};
    int rc = dk_audit_write(pg, &e, ctx->now_ms, err, errlen);
    json_decref(detail);
    if (rc != 0)
        return -1;
    res->status = DK_KEY_CREATED;
    snprintf(res->key_type, sizeof res->key_type, "%s", k->key_type);
    res->assurance_level = level;
    snprintf(res->identifier, sizeof res->identifier, "%s", row->identifier);
    snprintf(res->language, sizeof res->language, "%s", row->language);
    return 0;
}

int dk_key_email_code_send(PGconn *pg, const char *purpose, const char *owner_id,
                           const char *application_id, const char *language, const char *to,
                           int64_t now_ms, int force, char *err, size_t errlen)
{
    int act = strcmp(purpose, "activation") == 0;
    char now[32], gap[32], until[32], id[37];
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(now_ms - DK_KEY_EMAIL_CODE_GAP_MS, gap);
    if (!force) {
        const char *p[] = {owner_id, gap, now};
        PGresult *r = dk_pg_query(pg,
                                  act ? "SELECT 1 FROM key_email_codes WHERE activation_id ="
                                        " $1::uuid AND used_at IS NULL AND created_at >"
                                        " $2::timestamptz AND expires_at > $3::timestamptz"
                                      : "SELECT 1 FROM key_email_codes WHERE key_id = $1::uuid"
                                        " AND used_at IS NULL AND created_at > $2::timestamptz"
                                        " AND expires_at > $3::timestamptz",
                                  3, p, err, errlen);
        if (!r)
            return -1;
        int recent = PQntuples(r) > 0;
        PQclear(r);
        if (recent)
            return 0;
    }
    if (dk_uuid_v4(id) != 0) {
        dk_errf(err, errlen, "no random bytes for an e-mail code");
        return -1;
    }
    dk_iso8601_utc(now_ms + DK_KEY_EMAIL_CODE_MINUTES * 60000LL, until);
    const char *p[] = {id, purpose, act ? owner_id : NULL, act ? NULL : owner_id, now, until};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO key_email_codes (id, purpose, activation_id, key_id,"
                              " created_at, expires_at) VALUES ($1::uuid, $2, $3::uuid, $4::uuid,"
                              " $5::timestamptz, $6::timestamptz)",
                              6, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    dk_mailjob_key_to t = {application_id, language, to};
    json_t *mail =
        dk_mailjob_key_email_code_row(&t, id, purpose, DK_KEY_EMAIL_CODE_MINUTES, err, errlen);
    json_t *rows = mail ? json_pack("[o]", mail) : NULL;
    int rc = rows ? dk_outbox_add_rows(pg, rows, err, errlen) : -1;
    json_decref(rows);
    return rc;
}

/* The digits of typed (spaces and dashes dropped): 0, or -1 when not
 * exactly DK_EMAIL_CODE_DIGITS digits. */
static int code_digits(const char *typed, char out[DK_EMAIL_CODE_DIGITS + 1])
{
    size_t n = 0;
    for (const char *p = typed; p && *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == DK_EMAIL_CODE_DIGITS)
            return -1;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n == DK_EMAIL_CODE_DIGITS ? 0 : -1;
}

int dk_key_email_code_check(PGconn *pg, const char *purpose, const char *owner_id,
                            const char *typed, int64_t now_ms, char *err, size_t errlen)
{
    int act = strcmp(purpose, "activation") == 0;
    const char *p[] = {owner_id};
    PGresult *r = dk_pg_query(
        pg,
        act ? "SELECT id, (extract(epoch FROM expires_at) * 1000)::bigint FROM key_email_codes"
              " WHERE activation_id = $1::uuid AND used_at IS NULL"
              " ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE"
            : "SELECT id, (extract(epoch FROM expires_at) * 1000)::bigint FROM key_email_codes"
              " WHERE key_id = $1::uuid AND used_at IS NULL"
              " ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE",
        1, p, err, errlen);
    if (!r)
        return -1;
    char id[37] = "", want[DK_EMAIL_CODE_DIGITS + 1], got[DK_EMAIL_CODE_DIGITS + 1];
    int64_t expires = 0;
    if (PQntuples(r) == 1) {
        snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
        expires = dk_key_ms(r, 0, 1);
    }
    PQclear(r);
    /* The same work whether or not a code is there to compare with. */
    dk_token_email_code(id[0] ? id : "00000000-0000-0000-0000-000000000000", want);
    int typed_ok = code_digits(typed, got) == 0;
    int right =
        typed_ok && dk_ct_equal(want, got, DK_EMAIL_CODE_DIGITS) && id[0] && expires > now_ms;
    OPENSSL_cleanse(want, sizeof want);
    if (!right)
        return 0;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *q[] = {id, now};
    r = dk_pg_query(pg, "UPDATE key_email_codes SET used_at = $2::timestamptz WHERE id = $1::uuid",
                    2, q, err, errlen);
    PQclear(r);
    return r ? 1 : -1;
}
