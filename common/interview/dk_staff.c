/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staff.c — staff accounts and console sessions in PostgreSQL (see
 * dk_staff.h). */
#include "interview/dk_staff.h"

#include "interview/dk_totp_store.h"

#include "belgium/dk_email.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"
#include "interview/dk_audit.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"
#include "store/dk_seal.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOTP_PURPOSE "staff.totp"

int dk_staff_role_known(const char *role)
{
    return role &&
           (!strcmp(role, "interviewer") || !strcmp(role, "operator") || !strcmp(role, "admin"));
}

int dk_staff_random_token(char out[DK_STAFF_TOKEN_LEN + 1])
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char b[32];
    if (dk_random_bytes(b, sizeof b) != 0) {
        out[0] = '\0';
        return -1;
    }
    size_t o = 0;
    unsigned bits = 0, nbits = 0;
    for (size_t i = 0; i < sizeof b; i++) {
        bits = (bits << 8) | b[i];
        nbits += 8;
        while (nbits >= 6) {
            out[o++] = b64url[(bits >> (nbits - 6)) & 63];
            nbits -= 6;
        }
    }
    if (nbits > 0)
        out[o++] = b64url[(bits << (6 - nbits)) & 63];
    out[o] = '\0';
    OPENSSL_cleanse(b, sizeof b);
    return 0;
}

void dk_staff_secret_hash(const char *purpose, const char *secret, char out[65])
{
    char msg[128];
    snprintf(msg, sizeof msg, "staff.%.16s:%.64s", purpose, secret);
    dk_keyed_hash_hex(dk_config_str("DK_CODE_KEY"), msg, out);
    OPENSSL_cleanse(msg, sizeof msg);
}

void dk_staff_console_url(char *out, size_t n)
{
    const char *u = dk_config_str("DK_CONSOLE_URL");
    if (*u) {
        size_t len = strlen(u);
        while (len > 0 && u[len - 1] == '/')
            len--;
        snprintf(out, n, "%.*s", (int)len, u);
    } else {
        snprintf(out, n, "http://%s:%ld", dk_config_str("DK_CONSOLE_HOST"),
                 dk_config_int("DK_CONSOLE_PORT"));
    }
}

void dk_staff_enrol_url(const char *token, char *out, size_t n)
{
    char base[512];
    dk_staff_console_url(base, sizeof base);
    snprintf(out, n, "%s/enrol/%s", base, token);
}

const char *dk_staff_new_refusal(const dk_staff_new *s)
{
    size_t len = s->name ? strlen(s->name) : 0;
    if (len == 0 || len > 200 || !dk_utf8_valid(s->name, len) || dk_utf8_has_control(s->name))
        return "name_invalid";
    if (!s->email || strlen(s->email) > 254 || !dk_email_valid(s->email))
        return "email_invalid";
    if (!dk_staff_role_known(s->role))
        return "role_unknown";
    if (s->interviewer_id && !dk_uuid_valid(s->interviewer_id))
        return "interviewer_invalid";
    if (s->interviewer_id && strcmp(s->role, "interviewer") != 0)
        return "interviewer_not_allowed";
    return NULL;
}

/* Runs one statement; 1 when it returned a row, 0 none, -1 error. The
 * first value of the first row is copied to first (when given). */
static int one(PGconn *pg, const char *sql, int n, const char *const *p, char *first,
               size_t first_len, char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, n, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found && first)
        snprintf(first, first_len, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return found;
}

static int finish(PGconn *pg, int rc, char *err, size_t errlen)
{
    if (rc == 0 && dk_pg_exec(pg, "COMMIT", err, errlen) != 0)
        rc = -1;
    if (rc != 0)
        dk_pg_rollback(pg);
    return rc;
}

/* The interviewer the account speaks for: the given one, else the one with
 * the same e-mail address. 0 (found, in out), 1 refused, -1 error. */
static int interviewer_of(PGconn *pg, const dk_staff_new *s, char out[37], const char **refusal,
                          char *err, size_t errlen)
{
    const char *p[] = {s->interviewer_id ? s->interviewer_id : s->email};
    int found =
        one(pg,
            s->interviewer_id ? "SELECT id FROM interviewers WHERE id = $1::uuid FOR SHARE"
                              : "SELECT id FROM interviewers WHERE email = lower($1) FOR SHARE",
            1, p, out, 37, err, errlen);
    if (found < 0)
        return -1;
    if (!found) {
        *refusal = s->interviewer_id ? "interviewer_unknown" : "interviewer_required";
        return 1;
    }
    const char *q[] = {out};
    found =
        one(pg, "SELECT 1 FROM staff WHERE interviewer_id = $1::uuid", 1, q, NULL, 0, err, errlen);
    if (found != 0) {
        if (found > 0)
            *refusal = "interviewer_taken";
        return found < 0 ? -1 : 1;
    }
    return 0;
}

static int add_in_tx(PGconn *pg, const dk_staff_new *s, const char *os_user, int64_t now_ms,
                     char id[37], char *enrol_url, size_t url_len, const char **refusal, char *err,
                     size_t errlen)
{
    char interviewer[37] = "", token[DK_STAFF_TOKEN_LEN + 1], hash[65], now[32], expires[32];
    int is_interviewer = strcmp(s->role, "interviewer") == 0;
    if (is_interviewer) {
        int rc = interviewer_of(pg, s, interviewer, refusal, err, errlen);
        if (rc != 0)
            return rc;
    }
    if (dk_uuid_v4(id) != 0 || dk_staff_random_token(token) != 0) {
        dk_errf(err, errlen, "no random bytes for the id or the enrolment token");
        return -1;
    }
    dk_staff_secret_hash("enrol", token, hash);
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(now_ms + dk_config_int("DK_STAFF_ENROL_HOURS") * 3600000LL, expires);
    const char *p[] = {id,   s->name, s->email, s->role, is_interviewer ? interviewer : NULL,
                       hash, expires, now};
    int added = one(pg,
                    "INSERT INTO staff (id, name, email, role, interviewer_id, enrol_token_hash,"
                    " enrol_expires_at, created_at, updated_at) VALUES ($1::uuid, $2, $3, $4,"
                    " $5::uuid, $6, $7::timestamptz, $8::timestamptz, $8::timestamptz)"
                    " ON CONFLICT DO NOTHING RETURNING id",
                    8, p, NULL, 0, err, errlen);
    if (added <= 0) {
        if (added == 0)
            *refusal = "email_taken"; /* the only conflict left: lower(email) */
        OPENSSL_cleanse(token, sizeof token);
        return added < 0 ? -1 : 1;
    }
    json_t *detail = json_pack("{s:s, s:s, s:s?}", "role", s->role, "enrol_expires_at", expires,
                               "os_user", os_user);
    dk_audit_event e = {.actor = "system", .action = "staff.added", .object = id, .detail = detail};
    int rc = dk_audit_write(pg, &e, now_ms, err, errlen);
    json_decref(detail);
    if (rc == 0)
        dk_staff_enrol_url(token, enrol_url, url_len);
    OPENSSL_cleanse(token, sizeof token);
    return rc;
}

int dk_staff_add(PGconn *pg, const dk_staff_new *s, const char *os_user, int64_t now_ms,
                 char id[37], char *enrol_url, size_t url_len, const char **refusal, char *err,
                 size_t errlen)
{
    *refusal = dk_staff_new_refusal(s);
    if (*refusal)
        return 1;
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    /* One adder at a time: the e-mail and interviewer checks then hold. */
    if (dk_pg_exec(pg, "SELECT pg_advisory_xact_lock(727010)", err, errlen) != 0)
        return finish(pg, -1, err, errlen);
    const char *p[] = {s->email};
    int taken =
        one(pg, "SELECT 1 FROM staff WHERE lower(email) = lower($1)", 1, p, NULL, 0, err, errlen);
    if (taken != 0) {
        if (taken > 0)
            *refusal = "email_taken";
        return finish(pg, taken < 0 ? -1 : 1, err, errlen);
    }
    int rc = add_in_tx(pg, s, os_user, now_ms, id, enrol_url, url_len, refusal, err, errlen);
    return finish(pg, rc, err, errlen);
}

int dk_staff_disable(PGconn *pg, const char *id, const char *os_user, int64_t now_ms,
                     const char **refusal, char *err, size_t errlen)
{
    *refusal = NULL;
    if (!dk_uuid_valid(id)) {
        *refusal = "staff_unknown";
        return 1;
    }
    char now[32], disabled[8] = "";
    dk_iso8601_utc(now_ms, now);
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    const char *p[] = {id, now};
    int found = one(pg,
                    "SELECT (disabled_at IS NOT NULL)::text FROM staff WHERE id = $1::uuid"
                    " FOR UPDATE",
                    1, p, disabled, sizeof disabled, err, errlen);
    if (found <= 0 || strcmp(disabled, "true") == 0) {
        if (found >= 0)
            *refusal = found == 0 ? "staff_unknown" : "already_disabled";
        return finish(pg, found < 0 ? -1 : 1, err, errlen);
    }
    int rc = 0;
    if (one(pg,
            "UPDATE staff SET disabled_at = $2::timestamptz, enrol_token_hash = NULL,"
            " enrol_expires_at = NULL, updated_at = $2::timestamptz WHERE id = $1::uuid",
            2, p, NULL, 0, err, errlen) < 0 ||
        one(pg,
            "UPDATE staff_sessions SET ended_at = $2::timestamptz"
            " WHERE staff_id = $1::uuid AND ended_at IS NULL",
            2, p, NULL, 0, err, errlen) < 0)
        rc = -1;
    if (rc == 0) {
        json_t *detail = json_pack("{s:s?}", "os_user", os_user);
        dk_audit_event e = {
            .actor = "system", .action = "staff.disabled", .object = id, .detail = detail};
        rc = dk_audit_write(pg, &e, now_ms, err, errlen);
        json_decref(detail);
    }
    return finish(pg, rc, err, errlen);
}

json_t *dk_staff_list(PGconn *pg, int64_t now_ms, char *err, size_t errlen)
{
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {now};
    PGresult *r = dk_pg_query(
        pg,
        "SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'email', s.email,"
        " 'role', s.role, 'interviewer_id', s.interviewer_id, 'state', CASE"
        "  WHEN s.disabled_at IS NOT NULL THEN 'disabled'"
        "  WHEN s.locked_at IS NOT NULL THEN 'locked'"
        "  WHEN s.enrolled_at IS NOT NULL THEN 'active'"
        "  WHEN s.enrol_expires_at > $1::timestamptz THEN 'enrolment_pending'"
        "  ELSE 'enrolment_expired' END,"
        " 'created_at', dk_iso(s.created_at), 'enrolled_at', dk_iso(s.enrolled_at))"
        " ORDER BY s.name, s.id), '[]')::text FROM staff s",
        1, p, err, errlen);
    if (!r)
        return NULL;
    json_t *list = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
    PQclear(r);
    if (!list)
        dk_errf(err, errlen, "staff list: PostgreSQL's JSON did not parse");
    return list;
}

char *dk_staff_totp_seal(const char *staff_id, const char *secret_base32, char *err, size_t errlen)
{
    return dk_totp_seal(TOTP_PURPOSE, staff_id, secret_base32, err, errlen);
}

char *dk_staff_totp_open(const char *staff_id, const char *sealed_text, char *err, size_t errlen)
{
    return dk_totp_open(TOTP_PURPOSE, staff_id, sealed_text, err, errlen);
}

int dk_staff_session_open(PGconn *pg, const char *staff_id, const char *address, int64_t now_ms,
                          char session_id[DK_STAFF_TOKEN_LEN + 1],
                          char csrf_token[DK_STAFF_TOKEN_LEN + 1], char *err, size_t errlen)
{
    char id_hash[65], csrf_hash[65], now[32];
    if (dk_staff_random_token(session_id) != 0 || dk_staff_random_token(csrf_token) != 0) {
        dk_errf(err, errlen, "no random bytes for the session");
        return -1;
    }
    dk_staff_secret_hash("session", session_id, id_hash);
    dk_staff_secret_hash("csrf", csrf_token, csrf_hash);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {id_hash, staff_id, csrf_hash, address && *address ? address : NULL, now};
    int made = one(pg,
                   "INSERT INTO staff_sessions (id_hash, staff_id, csrf_hash, address, created_at,"
                   " last_seen_at) SELECT $1, s.id, $3, $4::inet, $5::timestamptz,"
                   " $5::timestamptz FROM staff s WHERE s.id = $2::uuid AND s.enrolled_at IS NOT"
                   " NULL AND s.locked_at IS NULL AND s.disabled_at IS NULL RETURNING 1",
                   5, p, NULL, 0, err, errlen);
    if (made <= 0) {
        OPENSSL_cleanse(session_id, DK_STAFF_TOKEN_LEN + 1);
        OPENSSL_cleanse(csrf_token, DK_STAFF_TOKEN_LEN + 1);
    }
    return made < 0 ? -1 : made ? 0 : 1;
}

int dk_staff_session_check(PGconn *pg, const char *session_id, int64_t now_ms,
                           dk_staff_session *out, char *err, size_t errlen)
{
    char id_hash[65], now[32], idle[16], hours[16];
    dk_staff_secret_hash("session", session_id, id_hash);
    dk_iso8601_utc(now_ms, now);
    snprintf(idle, sizeof idle, "%d", DK_STAFF_IDLE_MINUTES);
    snprintf(hours, sizeof hours, "%d", DK_STAFF_SESSION_HOURS);
    const char *p[] = {id_hash, now, idle, hours};
    PGresult *r =
        dk_pg_query(pg,
                    "UPDATE staff_sessions x SET last_seen_at = $2::timestamptz FROM staff s"
                    " WHERE x.id_hash = $1 AND s.id = x.staff_id AND x.ended_at IS NULL"
                    " AND $2::timestamptz < x.last_seen_at + make_interval(mins => $3::int)"
                    " AND $2::timestamptz < x.created_at + make_interval(hours => $4::int)"
                    " AND $2::timestamptz >= x.last_seen_at"
                    " AND s.disabled_at IS NULL AND s.locked_at IS NULL"
                    " RETURNING s.id, s.role, coalesce(s.interviewer_id::text, ''), x.csrf_hash",
                    4, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(out->staff_id, sizeof out->staff_id, "%s", PQgetvalue(r, 0, 0));
        snprintf(out->role, sizeof out->role, "%s", PQgetvalue(r, 0, 1));
        snprintf(out->interviewer_id, sizeof out->interviewer_id, "%s", PQgetvalue(r, 0, 2));
        snprintf(out->csrf_hash, sizeof out->csrf_hash, "%s", PQgetvalue(r, 0, 3));
    }
    PQclear(r);
    return found;
}

int dk_staff_session_end(PGconn *pg, const char *session_id, int64_t now_ms, char *err,
                         size_t errlen)
{
    char id_hash[65], now[32];
    dk_staff_secret_hash("session", session_id, id_hash);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {id_hash, now};
    return one(pg,
               "UPDATE staff_sessions SET ended_at = $2::timestamptz"
               " WHERE id_hash = $1 AND ended_at IS NULL",
               2, p, NULL, 0, err, errlen) < 0
               ? -1
               : 0;
}
