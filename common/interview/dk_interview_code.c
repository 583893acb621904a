/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_interview_code.c — the session code the applicant reads aloud, and the
 * captures taken during the call (see dk_interview.h). */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "interview/dk_interview.h"
#include "interview/dk_interview_internal.h"
#include "store/dk_docstore.h"
#include "store/dk_pg.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refuse(PGconn *pg, const char **refusal, const char *code)
{
    *refusal = code;
    dk_pg_rollback(pg);
    return 1;
}

void dk_interview_session_code_of(const char *code_id, char out[DK_SESSION_CODE_DIGITS + 1])
{
    char msg[64], mac[65];
    snprintf(msg, sizeof msg, "session-code:%.36s", code_id);
    dk_keyed_hash_hex(dk_config_str("DK_CODE_KEY"), msg, mac);
    /* 60 bits of the MAC (15 hex digits) modulo 10^6: the bias is below
     * 10^-12. */
    char head[16];
    memcpy(head, mac, 15);
    head[15] = '\0';
    unsigned long long v = strtoull(head, NULL, 16);
    snprintf(out, DK_SESSION_CODE_DIGITS + 1, "%06llu", v % 1000000ULL);
    OPENSSL_cleanse(mac, sizeof mac);
    OPENSSL_cleanse(head, sizeof head);
}

/* The stored keyed hash of a code of row code_id. */
static void code_hash(const char *code_id, const char *code, char out[65])
{
    char msg[96];
    snprintf(msg, sizeof msg, "session-code-hash:%.36s:%.6s", code_id, code);
    dk_keyed_hash_hex(dk_config_str("DK_CODE_KEY"), msg, out);
}

int dk_interview_session_code_issue(PGconn *pg, const dk_interview_actor *who,
                                    const char *appointment_id, int64_t now_ms, char code_id[37],
                                    const char **refusal, char *err, size_t errlen)
{
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    if (ctx.has_outcome)
        return refuse(pg, refusal, "interview_closed");
    char code[DK_SESSION_CODE_DIGITS + 1], hash[65], now[32], expires[32];
    if (dk_uuid_v4(code_id) != 0) {
        dk_errf(err, errlen, "no random bytes for the session code's id");
        return dk_interview_end(pg, -1, err, errlen);
    }
    dk_interview_session_code_of(code_id, code);
    code_hash(code_id, code, hash);
    OPENSSL_cleanse(code, sizeof code);
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(now_ms + DK_SESSION_CODE_MINUTES * 60000LL, expires);
    const char *p[] = {code_id, ctx.appointment_id, ctx.application_id, hash, who->staff_id, now,
                       expires};
    PGresult *a = dk_pg_query(pg,
                              "UPDATE interview_session_codes SET revoked_at = $2::timestamptz"
                              " WHERE appointment_id = $1::uuid AND verified_at IS NULL"
                              " AND revoked_at IS NULL",
                              2, (const char *const[]){ctx.appointment_id, now}, err, errlen);
    PGresult *b = a ? dk_pg_query(pg,
                                  "INSERT INTO interview_session_codes (id, appointment_id,"
                                  " application_id, code_hash, staff_id, issued_at, expires_at)"
                                  " VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::uuid,"
                                  " $6::timestamptz, $7::timestamptz)",
                                  7, p, err, errlen)
                    : NULL;
    rc = a && b ? 0 : -1;
    PQclear(a);
    PQclear(b);
    if (rc == 0) {
        json_t *detail = json_pack("{s:s}", "expires_at", expires);
        rc = dk_interview_audit_ctx(pg, who, &ctx, "session_code.issued", code_id, detail, now_ms,
                                    err, errlen);
        json_decref(detail);
    }
    return dk_interview_end(pg, rc, err, errlen);
}

/* The appointment's live code row: id, expiry (ms), tries. 1 found, 0 none,
 * -1 error. The row is locked when lock is set. */
static int live_row(PGconn *pg, const char *appointment_id, int lock, char id[37],
                    int64_t *expires_ms, int *tries, char *err, size_t errlen)
{
    const char *p[] = {appointment_id};
    PGresult *r =
        dk_pg_query(pg,
                    lock ? "SELECT id, (extract(epoch FROM expires_at) * 1000)::bigint, tries"
                           " FROM interview_session_codes WHERE appointment_id = $1::uuid"
                           " AND verified_at IS NULL AND revoked_at IS NULL FOR UPDATE"
                         : "SELECT id, (extract(epoch FROM expires_at) * 1000)::bigint, tries"
                           " FROM interview_session_codes WHERE appointment_id = $1::uuid"
                           " AND verified_at IS NULL AND revoked_at IS NULL",
                    1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(id, 37, "%s", PQgetvalue(r, 0, 0));
        *expires_ms = atoll(PQgetvalue(r, 0, 1));
        *tries = atoi(PQgetvalue(r, 0, 2));
    }
    PQclear(r);
    return found;
}

int dk_interview_session_code_live(PGconn *pg, const char *appointment_id, int64_t now_ms,
                                   char code[DK_SESSION_CODE_DIGITS + 1], int64_t *expires_ms,
                                   char *err, size_t errlen)
{
    char id[37];
    int tries = 0;
    if (!dk_uuid_valid(appointment_id))
        return 0;
    int found = live_row(pg, appointment_id, 0, id, expires_ms, &tries, err, errlen);
    if (found <= 0)
        return found;
    if (*expires_ms <= now_ms || tries >= DK_SESSION_CODE_MAX_TRIES)
        return 0;
    dk_interview_session_code_of(id, code);
    return 1;
}

static int well_formed(const char *typed, char out[DK_SESSION_CODE_DIGITS + 1])
{
    size_t n = 0;
    for (const char *p = typed; p && *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == DK_SESSION_CODE_DIGITS)
            return 0;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n == DK_SESSION_CODE_DIGITS;
}

int dk_interview_session_code_verify(PGconn *pg, const dk_interview_actor *who,
                                     const char *appointment_id, const char *typed, int64_t now_ms,
                                     int *verified, const char **refusal, char *err, size_t errlen)
{
    char code[DK_SESSION_CODE_DIGITS + 1];
    *verified = 0;
    if (!well_formed(typed, code)) {
        *refusal = "code_malformed";
        return 1;
    }
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    char id[37], now[32];
    int64_t expires_ms = 0;
    int tries = 0;
    int found = live_row(pg, ctx.appointment_id, 1, id, &expires_ms, &tries, err, errlen);
    if (found < 0)
        return dk_interview_end(pg, -1, err, errlen);
    if (!found || tries >= DK_SESSION_CODE_MAX_TRIES)
        return refuse(pg, refusal, "no_live_code");
    if (expires_ms <= now_ms)
        return refuse(pg, refusal, "code_expired");
    char want[65], got[65];
    const char *p[] = {id};
    PGresult *r = dk_pg_query(pg, "SELECT code_hash FROM interview_session_codes WHERE id = $1", 1,
                              p, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    snprintf(want, sizeof want, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    code_hash(id, code, got);
    *verified = dk_ct_equal(want, got, 64);
    dk_iso8601_utc(now_ms, now);
    char max[8];
    snprintf(max, sizeof max, "%d", DK_SESSION_CODE_MAX_TRIES);
    const char *q[] = {id, now, max};
    r = dk_pg_query(pg,
                    *verified ? "UPDATE interview_session_codes SET verified_at = $2::timestamptz"
                                " WHERE id = $1::uuid"
                              : "UPDATE interview_session_codes SET tries = tries + 1,"
                                " revoked_at = CASE WHEN tries + 1 >= $3::int THEN $2::timestamptz"
                                " END WHERE id = $1::uuid",
                    *verified ? 2 : 3, q, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    PQclear(r);
    json_t *detail = json_pack("{s:i}", "tries", tries + !*verified);
    rc = dk_interview_audit_ctx(pg, who, &ctx,
                                *verified ? "session_code.verified" : "session_code.wrong", id,
                                detail, now_ms, err, errlen);
    json_decref(detail);
    return dk_interview_end(pg, rc, err, errlen);
}

int dk_interview_capture_add(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                             const char *subject, const char *source, const void *bytes, size_t len,
                             int64_t now_ms, char capture_id[37], const char **refusal, char *err,
                             size_t errlen)
{
    *refusal = NULL;
    if (!subject || (strcmp(subject, "person") && strcmp(subject, "document_front") &&
                     strcmp(subject, "document_back")))
        *refusal = "subject_unknown";
    else if (!source || (strcmp(source, "upload") && strcmp(source, "screen")))
        *refusal = "source_unknown";
    else if (!bytes || len == 0)
        *refusal = "image_empty";
    else if (len > (size_t)dk_config_int("DK_UPLOAD_MAX"))
        *refusal = "image_too_large";
    if (*refusal)
        return 1;
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    if (ctx.has_outcome)
        return refuse(pg, refusal, "interview_closed");
    if (dk_uuid_v4(capture_id) != 0) {
        dk_errf(err, errlen, "no random bytes for the capture's id");
        return dk_interview_end(pg, -1, err, errlen);
    }
    if (dk_docstore_put(capture_id, bytes, len, err, errlen) != 0)
        return dk_interview_end(pg, -1, err, errlen);
    char sha[65], size[24], now[32];
    dk_sha256_hex(bytes, len, sha);
    snprintf(size, sizeof size, "%zu", len);
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {capture_id,
                       ctx.appointment_id,
                       ctx.application_id,
                       subject,
                       source,
                       size,
                       sha,
                       who->staff_id,
                       now};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO interview_captures (id, appointment_id, application_id,"
                              " subject, source, byte_size, sha256, staff_id, captured_at) VALUES"
                              " ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::int, $7, $8::uuid,"
                              " $9::timestamptz)",
                              9, p, err, errlen);
    rc = r ? 0 : -1;
    PQclear(r);
    if (rc == 0) {
        json_t *detail = json_pack("{s:s, s:s, s:I}", "subject", subject, "source", source,
                                   "byte_size", (json_int_t)len);
        rc = dk_interview_audit_ctx(pg, who, &ctx, "capture.added", capture_id, detail, now_ms, err,
                                    errlen);
        json_decref(detail);
    }
    rc = dk_interview_end(pg, rc, err, errlen);
    if (rc != 0) {
        char ignored[128];
        dk_docstore_remove(capture_id, ignored, sizeof ignored);
    }
    return rc;
}
