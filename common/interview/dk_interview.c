/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_interview.c — the interview operations' common part (who may act on
 * which appointment, the audit row) and the security features and checks
 * (see dk_interview.h). */
#include "interview/dk_interview.h"

#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"
#include "interview/dk_audit.h"
#include "interview/dk_interview_internal.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const PGresult *r, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(r, 0, col));
}

int dk_interview_end(PGconn *pg, int rc, char *err, size_t errlen)
{
    if (rc == 0 && dk_pg_exec(pg, "COMMIT", err, errlen) != 0)
        rc = -1;
    if (rc != 0)
        dk_pg_rollback(pg);
    return rc;
}

static int refuse(PGconn *pg, const char **refusal, const char *code)
{
    *refusal = code;
    dk_pg_rollback(pg);
    return 1;
}

int dk_interview_begin(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                       dk_interview_ctx *ctx, const char **refusal, char *err, size_t errlen)
{
    *refusal = NULL;
    memset(ctx, 0, sizeof *ctx);
    if (!who || !who->staff_id || !dk_uuid_valid(who->staff_id)) {
        *refusal = "staff_unknown";
        return 1;
    }
    if (!appointment_id || !dk_uuid_valid(appointment_id)) {
        *refusal = "appointment_unknown";
        return 1;
    }
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    const char *ps[] = {who->staff_id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT role, coalesce(interviewer_id::text, ''),"
                              " (disabled_at IS NOT NULL OR locked_at IS NOT NULL)"
                              " FROM staff WHERE id = $1::uuid",
                              1, ps, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    if (PQntuples(r) == 0) {
        PQclear(r);
        return refuse(pg, refusal, "staff_unknown");
    }
    char role[16], interviewer[37];
    copy(role, sizeof role, r, 0);
    copy(interviewer, sizeof interviewer, r, 1);
    int off = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
    PQclear(r);
    if (off)
        return refuse(pg, refusal, "staff_disabled");
    const char *pa[] = {appointment_id};
    r = dk_pg_query(pg,
                    "SELECT p.id, p.application_id, p.interviewer_id, p.status, a.status,"
                    " a.language, (extract(epoch FROM p.starts_at) * 1000)::bigint,"
                    " EXISTS (SELECT 1 FROM interview_outcomes o WHERE o.appointment_id = p.id)"
                    " FROM appointments p JOIN applications a ON a.id = p.application_id"
                    " WHERE p.id = $1::uuid FOR UPDATE OF p, a",
                    1, pa, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    if (PQntuples(r) == 0) {
        PQclear(r);
        return refuse(pg, refusal, "appointment_unknown");
    }
    copy(ctx->appointment_id, sizeof ctx->appointment_id, r, 0);
    copy(ctx->application_id, sizeof ctx->application_id, r, 1);
    copy(ctx->interviewer_id, sizeof ctx->interviewer_id, r, 2);
    copy(ctx->appointment_status, sizeof ctx->appointment_status, r, 3);
    copy(ctx->application_status, sizeof ctx->application_status, r, 4);
    copy(ctx->language, sizeof ctx->language, r, 5);
    ctx->start_ms = atoll(PQgetvalue(r, 0, 6));
    ctx->has_outcome = strcmp(PQgetvalue(r, 0, 7), "t") == 0;
    PQclear(r);
    if (strcmp(role, "interviewer") == 0 && strcmp(interviewer, ctx->interviewer_id) != 0)
        return refuse(pg, refusal, "not_your_interview");
    return 0;
}

int dk_interview_audit_ctx(PGconn *pg, const dk_interview_actor *who, const dk_interview_ctx *ctx,
                           const char *action, const char *object, const json_t *detail,
                           int64_t now_ms, char *err, size_t errlen)
{
    dk_audit_event e = {.actor = "staff",
                        .staff_id = who->staff_id,
                        .action = action,
                        .application_id = ctx->application_id,
                        .appointment_id = ctx->appointment_id,
                        .object = object,
                        .address = who->address,
                        .detail = detail};
    return dk_audit_write(pg, &e, now_ms, err, errlen);
}

int dk_interview_audit(PGconn *pg, const dk_interview_actor *who, const char *action,
                       const char *application_id, const char *appointment_id, const char *object,
                       const json_t *detail, int64_t now_ms, char *err, size_t errlen)
{
    dk_audit_event e = {.actor = "staff",
                        .staff_id = who->staff_id,
                        .action = action,
                        .application_id = application_id,
                        .appointment_id = appointment_id,
                        .object = object,
                        .address = who->address,
                        .detail = detail};
    return dk_audit_write(pg, &e, now_ms, err, errlen);
}

/* The draw of (appointment, kind) as an array, or NULL (none yet). */
static json_t *stored_draw(PGconn *pg, const char *appointment_id, const char *kind, int *failed,
                           char *err, size_t errlen)
{
    const char *p[] = {appointment_id, kind};
    PGresult *r = dk_pg_query(pg,
                              "SELECT array_to_json(features)::text FROM interview_feature_draws"
                              " WHERE appointment_id = $1::uuid AND document_kind = $2",
                              2, p, err, errlen);
    *failed = !r;
    json_t *keys = r && PQntuples(r) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL) : NULL;
    PQclear(r);
    return keys;
}

static json_t *described(const char *kind, const json_t *keys)
{
    json_t *out = json_array();
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k)
    {
        const dk_feature *f = dk_feature_find(kind, json_string_value(k));
        if (f)
            json_array_append_new(out, json_pack("{s:s, s:b}", "key", f->key, "optically_variable",
                                                 f->optically_variable));
    }
    return out;
}

int dk_interview_features(PGconn *pg, const dk_interview_actor *who, const char *appointment_id,
                          const char *kind, int64_t now_ms, json_t **features, const char **refusal,
                          char *err, size_t errlen)
{
    *features = NULL;
    if (!dk_feature_kind_known(kind)) {
        *refusal = "kind_unknown";
        return 1;
    }
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    int failed;
    json_t *keys = stored_draw(pg, ctx.appointment_id, kind, &failed, err, errlen);
    if (failed)
        return dk_interview_end(pg, -1, err, errlen);
    if (!keys) {
        const dk_feature *drawn[DK_FEATURE_DRAWN];
        int n = dk_feature_draw(kind, drawn);
        if (n < DK_FEATURE_MIN_DRAWN) {
            dk_errf(err, errlen, "feature draw failed (CSPRNG)");
            return dk_interview_end(pg, -1, err, errlen);
        }
        char literal[512] = "{";
        keys = json_array();
        for (int i = 0; i < n; i++) {
            json_array_append_new(keys, json_string(drawn[i]->key));
            strcat(literal, drawn[i]->key); /* keys are short, n <= 4: it fits */
            strcat(literal, i + 1 < n ? "," : "}");
        }
        char now[32];
        dk_iso8601_utc(now_ms, now);
        const char *p[] = {ctx.appointment_id, kind, literal, who->staff_id, now};
        PGresult *r = dk_pg_query(pg,
                                  "INSERT INTO interview_feature_draws (appointment_id,"
                                  " document_kind, features, staff_id, drawn_at) VALUES ($1::uuid,"
                                  " $2, $3::text[], $4::uuid, $5::timestamptz)",
                                  5, p, err, errlen);
        json_t *detail = json_pack("{s:s, s:O}", "document_kind", kind, "features", keys);
        rc = !r || dk_interview_audit_ctx(pg, who, &ctx, "features.drawn", NULL, detail, now_ms,
                                          err, errlen) != 0
                 ? -1
                 : 0;
        PQclear(r);
        json_decref(detail);
    }
    if (rc == 0)
        *features = described(kind, keys);
    json_decref(keys);
    rc = dk_interview_end(pg, rc, err, errlen);
    if (rc != 0) {
        json_decref(*features);
        *features = NULL;
    }
    return rc;
}

/* The Brussels date of the interview, YYYY-MM-DD. */
static void interview_date(int64_t start_ms, char out[11])
{
    dk_date d;
    int minute;
    dk_brussels_local(start_ms, &d, &minute);
    dk_date_format(d, out);
}

/* What is wrong with a check before the database is asked, or NULL. */
static const char *check_refusal(const dk_interview_check *c, int feature)
{
    if (!feature && !dk_outcome_check_known(c->check))
        return "check_unknown";
    if (feature && !dk_feature_kind_known(c->document_kind))
        return "kind_unknown";
    if (feature && !dk_feature_find(c->document_kind, c->check + 8))
        return "feature_not_drawn";
    int valid = strcmp(c->check, "document_valid") == 0;
    if (valid) {
        dk_date d;
        if (!c->valid_until || !*c->valid_until)
            return "valid_until_required";
        if (strlen(c->valid_until) != 10 || dk_date_parse(c->valid_until, &d) != 0)
            return "valid_until_invalid";
    } else if (c->valid_until) {
        return "valid_until_not_allowed";
    } else if (!c->result || (feature ? strcmp(c->result, "seen") && strcmp(c->result, "not_seen")
                                      : strcmp(c->result, "yes") && strcmp(c->result, "no"))) {
        return "result_invalid";
    }
    if (c->note && (strlen(c->note) > 4000 || !dk_utf8_valid(c->note, strlen(c->note)) ||
                    dk_utf8_has_control_except_newline(c->note) || dk_utf8_count(c->note) > 1000))
        return "note_invalid";
    return NULL;
}

int dk_interview_record_check(PGconn *pg, const dk_interview_actor *who,
                              const dk_interview_check *c, int64_t now_ms, const char **result_out,
                              const char **refusal, char *err, size_t errlen)
{
    int feature = c->check && strncmp(c->check, "feature.", 8) == 0;
    *refusal = c->check ? check_refusal(c, feature) : "check_unknown";
    if (*refusal)
        return 1;
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, c->appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    if (ctx.has_outcome)
        return refuse(pg, refusal, "interview_closed");
    const char *result = c->result;
    if (strcmp(c->check, "document_valid") == 0) {
        char day[11];
        interview_date(ctx.start_ms, day);
        result = strcmp(c->valid_until, day) >= 0 ? "yes" : "no"; /* ISO dates sort as text */
    }
    if (feature) {
        int failed;
        json_t *keys = stored_draw(pg, ctx.appointment_id, c->document_kind, &failed, err, errlen);
        int drawn = 0;
        size_t i;
        json_t *k;
        json_array_foreach(keys, i, k) drawn |= strcmp(json_string_value(k), c->check + 8) == 0;
        json_decref(keys);
        if (failed)
            return dk_interview_end(pg, -1, err, errlen);
        if (!drawn)
            return refuse(pg, refusal, "feature_not_drawn");
    }
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {ctx.appointment_id,
                       ctx.application_id,
                       c->check,
                       result,
                       feature ? c->document_kind : NULL,
                       c->valid_until,
                       c->note && *c->note ? c->note : NULL,
                       who->staff_id,
                       now};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO interview_checks (appointment_id, application_id,"
                              " check_key, result, document_kind, valid_until, note, staff_id,"
                              " recorded_at) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::date, $7,"
                              " $8::uuid, $9::timestamptz) RETURNING id",
                              9, p, err, errlen);
    if (!r)
        return dk_interview_end(pg, -1, err, errlen);
    char id[24];
    copy(id, sizeof id, r, 0);
    PQclear(r);
    json_t *detail = json_pack("{s:s, s:s, s:s?}", "check", c->check, "result", result,
                               "valid_until", c->valid_until);
    rc = dk_interview_audit_ctx(pg, who, &ctx, "check.recorded", id, detail, now_ms, err, errlen);
    json_decref(detail);
    if (result_out)
        *result_out = rc == 0 ? result : NULL;
    return dk_interview_end(pg, rc, err, errlen);
}
