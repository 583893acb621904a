/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_common.c — the small pieces every step of common/keys uses: the
 * statuses and levels, the result, transactions, the sign-in record,
 * base64url, the relying party, challenges and identifiers. */
#include "keys/dk_key_internal.h"

#include "auth/dk_auth_b64url.h"
#include "core/dk_buf.h"

#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "store/dk_pg.h"
#include "store/dk_token.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    int http;
    const char *code;
} statuses[] = {
    [DK_KEY_OK] = {200, "ok"},
    [DK_KEY_CREATED] = {201, "created"},
    [DK_KEY_CODE_SENT] = {202, "code_sent"},
    [DK_KEY_MALFORMED] = {400, "malformed"},
    [DK_KEY_WRONG] = {401, "wrong"},
    [DK_KEY_EMAIL_CODE_SENT] = {401, "email_code_sent"},
    [DK_KEY_UNKNOWN] = {404, "unknown"},
    [DK_KEY_NO_PENDING] = {409, "no_pending"},
    [DK_KEY_GONE] = {410, "gone"},
    [DK_KEY_PASSWORD_REFUSED] = {422, "password_refused"},
    [DK_KEY_LOCKED] = {429, "locked"},
    [DK_KEY_THROTTLED] = {429, "throttled"},
};
#define NSTATUSES (sizeof statuses / sizeof statuses[0])

int dk_key_http_status(dk_key_status s)
{
    return (unsigned)s < NSTATUSES ? statuses[s].http : 500;
}

const char *dk_key_status_code(dk_key_status s)
{
    return (unsigned)s < NSTATUSES ? statuses[s].code : "unknown_status";
}

const char *dk_key_assurance_level(const char *key_type)
{
    static const char *const levels[][2] = {{"totp", "substantial"},
                                            {"email", "low_email_code"},
                                            {"password", "low"},
                                            {"passkey", "substantial"}};
    for (size_t i = 0; key_type && i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(key_type, levels[i][0]) == 0)
            return levels[i][1];
    return NULL;
}

void dk_key_result_init(dk_key_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = DK_KEY_MALFORMED;
}

void dk_key_result_free(dk_key_result *res)
{
    OPENSSL_cleanse(res->totp_secret, sizeof res->totp_secret);
    if (res->otpauth_uri) {
        OPENSSL_cleanse(res->otpauth_uri, strlen(res->otpauth_uri));
        free(res->otpauth_uri);
    }
    json_decref(res->public_key);
    res->otpauth_uri = NULL;
    res->public_key = NULL;
}

int64_t dk_key_ms(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

int dk_key_end_tx(PGconn *pg, int rc, char *err, size_t errlen)
{
    if (rc == 0 && dk_pg_exec(pg, "COMMIT", err, errlen) != 0)
        rc = -1;
    if (rc != 0)
        dk_pg_rollback(pg);
    return rc;
}

static int hex64(const char *s)
{
    return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int dk_key_signin_record(PGconn *pg, const char *key_id, const char *result, const char *key_type,
                         const char *level, const dk_key_ctx *ctx, char *err, size_t errlen)
{
    char now[32];
    dk_iso8601_utc(ctx->now_ms, now);
    const char *p[] = {key_id && *key_id ? key_id : NULL,      now, result, key_type, level,
                       hex64(ctx->source) ? ctx->source : NULL};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO key_signins (key_id, at, result, key_type,"
                              " assurance_level, source) VALUES ($1::uuid, $2::timestamptz,"
                              " $3, $4, $5, $6)",
                              6, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

json_t *dk_key_b64url_json(const unsigned char *p, size_t n)
{
    dk_buf b = DK_BUF_INIT;
    json_t *s = dk_auth_b64url_encode(&b, p, n) == 0 && !dk_buf_failed(&b)
                    ? json_string(b.data ? b.data : "")
                    : NULL;
    dk_buf_free(&b);
    return s;
}

long dk_key_b64url_decode(const char *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    if (!s || dk_auth_b64url_decode(s, strlen(s), out, cap, &n) != 0)
        return -1;
    return (long)n;
}

/* scheme://host[:port] of the public URL into origin, its host into host. */
static void public_parts(char *origin, size_t on, char *host, size_t hn)
{
    char base[512];
    dk_public_url(base, sizeof base);
    const char *h = strstr(base, "://");
    h = h ? h + 3 : base;
    size_t end = strcspn(h, "/?#");
    if (origin)
        snprintf(origin, on, "%.*s", (int)(h - base + (long)end), base);
    if (host) {
        size_t hl = strcspn(h, ":/?#");
        if (*h == '[') /* an IPv6 literal */
            hl = strcspn(h, "]") + 1;
        snprintf(host, hn, "%.*s", (int)hl, h);
    }
}

void dk_key_rp_id(char *out, size_t n)
{
    const char *c = dk_config_str("DK_WEBAUTHN_RP_ID");
    if (c && *c)
        snprintf(out, n, "%s", c);
    else
        public_parts(NULL, 0, out, n);
}

void dk_key_origin(char *out, size_t n)
{
    public_parts(out, n, NULL, 0);
}

int dk_key_challenge_new(PGconn *pg, const char *purpose, const char *activation_id,
                         const char *key_id, int64_t now_ms, unsigned char challenge[32], char *err,
                         size_t errlen)
{
    char id[37], hex[65], now[32], until[32];
    if (dk_uuid_v4(id) != 0 || dk_random_bytes(challenge, 32) != 0) {
        dk_errf(err, errlen, "no random bytes for a challenge");
        return -1;
    }
    dk_hex(challenge, 32, hex);
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(now_ms + DK_KEY_CHALLENGE_MINUTES * 60000LL, until);
    const char *p[] = {id, purpose, activation_id, key_id, hex, now, until};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO webauthn_challenges (id, purpose, activation_id,"
                              " key_id, challenge, created_at, expires_at) VALUES ($1::uuid, $2,"
                              " $3::uuid, $4::uuid, decode($5, 'hex'), $6::timestamptz,"
                              " $7::timestamptz)",
                              7, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

int dk_key_identifier(const char *typed, char out[DK_KEY_IDENTIFIER_MAX])
{
    out[0] = '\0';
    if (!typed)
        return -1;
    while (*typed == ' ')
        typed++;
    size_t n = strlen(typed);
    while (n > 0 && typed[n - 1] == ' ')
        n--;
    if (n < 3 || n > 254)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)typed[i];
        if (c < 0x20 || c == 0x7f)
            return -1;
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return 0;
}
