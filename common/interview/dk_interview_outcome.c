/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_interview_outcome.c — recording an interview's outcome or its
 * correction, in one transaction (see dk_interview.h). */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "interview/dk_interview.h"
#include "interview/dk_interview_internal.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "timer/dk_timer.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPIC "dk.interviews"
#define MESSAGE_TYPE "interview.outcome"

static int refuse(PGconn *pg, const char **refusal, const char *code)
{
    *refusal = code;
    dk_pg_rollback(pg);
    return 1;
}

/* What was recorded during the interview, as the outcome rules see it: the
 * latest result of each check, the features of the latest draw, the session
 * code read back. */
static int gather_checks(PGconn *pg, const char *appointment_id, dk_outcome_checks *c, char *err,
                         size_t errlen)
{
    dk_outcome_checks_none(c);
    const char *p[] = {appointment_id};
    PGresult *r = dk_pg_query(
        pg,
        "WITH latest AS (SELECT DISTINCT ON (check_key, document_kind) check_key, document_kind,"
        "  result FROM interview_checks WHERE appointment_id = $1::uuid"
        "  ORDER BY check_key, document_kind, id DESC),"
        " draw AS (SELECT document_kind, features FROM interview_feature_draws"
        "  WHERE appointment_id = $1::uuid ORDER BY drawn_at DESC, document_kind LIMIT 1)"
        " SELECT 'check', check_key, result FROM latest WHERE document_kind IS NULL"
        " UNION ALL SELECT 'drawn', f, coalesce((SELECT l.result FROM latest l"
        "  WHERE l.check_key = 'feature.' || f AND l.document_kind = d.document_kind), '')"
        "  FROM draw d, unnest(d.features) f"
        " UNION ALL SELECT 'code', '', 'verified' FROM interview_session_codes"
        "  WHERE appointment_id = $1::uuid AND verified_at IS NOT NULL",
        1, p, err, errlen);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *what = PQgetvalue(r, i, 0), *key = PQgetvalue(r, i, 1),
                   *result = PQgetvalue(r, i, 2);
        if (strcmp(what, "check") == 0) {
            for (size_t k = 0; k < DK_OUTCOME_CHECKS; k++)
                if (strcmp(dk_outcome_check(k), key) == 0)
                    c->check[k] = strcmp(result, "yes") == 0;
        } else if (strcmp(what, "drawn") == 0) {
            c->features_drawn++;
            c->features_seen += strcmp(result, "seen") == 0;
            c->features_not_seen += strcmp(result, "not_seen") == 0;
        } else {
            c->session_code_verified = 1;
        }
    }
    PQclear(r);
    return 0;
}

/* The appointment's current outcome (the one no other corrects), or "". */
static int current_outcome(PGconn *pg, const char *appointment_id, char out[37], char *err,
                           size_t errlen)
{
    const char *p[] = {appointment_id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT o.id FROM interview_outcomes o WHERE o.appointment_id ="
                              " $1::uuid AND NOT EXISTS (SELECT 1 FROM interview_outcomes n"
                              " WHERE n.corrects_id = o.id)",
                              1, p, err, errlen);
    if (!r)
        return -1;
    snprintf(out, 37, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return 0;
}

/* A PostgreSQL text[] literal of codes (known codes only: letters and
 * underscores, no quoting needed). */
static void array_literal(const char *const *v, size_t n, char *out, size_t cap)
{
    size_t o = (size_t)snprintf(out, cap, "{");
    for (size_t i = 0; i < n && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "," : "", v[i]);
    if (o < cap)
        snprintf(out + o, cap - o, "}");
}

static json_t *string_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static int given(const char *s)
{
    return s && *s;
}

/* The interview.outcome message (schemas/messages/interview.outcome.json):
 * the free texts travel sealed (dk_personal.c). */
static int queue_message(PGconn *pg, const dk_interview_ctx *ctx, const dk_interview_actor *who,
                         const char *corrects_id, const dk_outcome_input *in,
                         const dk_interview_outcome *o, const char *decided, char *err,
                         size_t errlen)
{
    json_t *data = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:s}", "outcome_id", o->outcome_id,
        "appointment_id", ctx->appointment_id, "outcome", in->outcome, "status", o->status,
        "reasons", string_array(in->reasons, in->nreasons), "missing_items",
        string_array(in->missing_items, in->nmissing), "fraud_suspected", in->fraud_suspected,
        "staff_id", who->staff_id, "decided_at", decided, "language", ctx->language);
    if (!data) {
        dk_errf(err, errlen, "out of memory for the outcome message");
        return -1;
    }
    if (corrects_id)
        json_object_set_new(data, "corrects_id", json_string(corrects_id));
    if (o->activation_id[0]) {
        char expires[32];
        dk_iso8601_utc(o->activation_expires_ms, expires);
        json_object_set_new(data, "activation_id", json_string(o->activation_id));
        json_object_set_new(data, "activation_expires_at", json_string(expires));
    }
    if (given(in->motivation))
        json_object_set_new(data, "motivation", json_string(in->motivation));
    if (given(in->missing_text))
        json_object_set_new(data, "missing_text", json_string(in->missing_text));
    if (given(in->correction_reason))
        json_object_set_new(data, "correction_reason", json_string(in->correction_reason));
    json_t *env = dk_envelope_new(MESSAGE_TYPE, 1, ctx->application_id, data, o->outcome_id);
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    if (!text) {
        dk_errf(err, errlen, "cannot build the outcome message (sealing failed)");
        return -1;
    }
    int rc = dk_outbox_add(pg, TOPIC, ctx->application_id, text, err, errlen);
    free(text);
    return rc;
}

/* On approval: a new activation code, its hash, its link's token hash. */
static int issue_activation(PGconn *pg, const dk_interview_ctx *ctx, dk_interview_outcome *o,
                            int64_t now_ms, char *err, size_t errlen)
{
    char code_hash[65], token_hash[65], now[32], expires[32];
    if (dk_uuid_v4(o->activation_id) != 0 || dk_activation_code_new(o->activation_code) != 0) {
        dk_errf(err, errlen, "no random bytes for the activation code");
        return -1;
    }
    dk_activation_code_hash(o->activation_id, o->activation_code, code_hash);
    dk_activation_token_hash(o->activation_id, token_hash);
    o->activation_expires_ms = now_ms + dk_config_int("DK_ACTIVATION_DAYS") * 86400000LL;
    dk_iso8601_utc(now_ms, now);
    dk_iso8601_utc(o->activation_expires_ms, expires);
    const char *p[] = {
        o->activation_id, ctx->application_id, o->outcome_id, code_hash, token_hash, now, expires};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO activation_codes (id, application_id, outcome_id,"
                              " code_hash, token_hash, created_at, expires_at) VALUES ($1::uuid,"
                              " $2::uuid, $3::uuid, $4, $5, $6::timestamptz, $7::timestamptz)",
                              7, p, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

/* The rows of the outcome: itself, the appointment, the application, the
 * activation code (revoked on a correction, new on an approval). */
static int write_rows(PGconn *pg, const dk_interview_ctx *ctx, const dk_interview_actor *who,
                      const char *corrects_id, const dk_outcome_input *in, dk_interview_outcome *o,
                      const char *now, int64_t now_ms, char *err, size_t errlen)
{
    char reasons[512], items[512];
    array_literal(in->reasons, in->nreasons, reasons, sizeof reasons);
    array_literal(in->missing_items, in->nmissing, items, sizeof items);
    const char *p[] = {o->outcome_id,
                       ctx->appointment_id,
                       ctx->application_id,
                       in->outcome,
                       reasons,
                       items,
                       given(in->missing_text) ? in->missing_text : NULL,
                       given(in->motivation) ? in->motivation : NULL,
                       in->fraud_suspected ? "true" : "false",
                       who->staff_id,
                       now,
                       corrects_id,
                       corrects_id ? in->correction_reason : NULL};
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO interview_outcomes (id, appointment_id, application_id, outcome, reasons,"
        " missing_items, missing_text, motivation, fraud_suspected, staff_id, decided_at,"
        " corrects_id, correction_reason) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::text[],"
        " $6::text[], $7, $8, $9::boolean, $10::uuid, $11::timestamptz, $12::uuid, $13)",
        13, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    const char *appt_status = strcmp(in->outcome, "no_show") == 0 ? "no_show" : "completed";
    const char *q[] = {ctx->appointment_id, appt_status, now, ctx->application_id, o->status};
    r = dk_pg_query(pg,
                    "WITH p AS (UPDATE appointments SET status = $2, ended_at ="
                    " coalesce(ended_at, $3::timestamptz) WHERE id = $1::uuid RETURNING 1),"
                    " r AS (UPDATE activation_codes SET revoked_at = $3::timestamptz"
                    "  WHERE application_id = $4::uuid AND used_at IS NULL AND revoked_at IS NULL"
                    "  RETURNING 1)"
                    " UPDATE applications SET status = $5, waiting_reason = NULL,"
                    " updated_at = $3::timestamptz WHERE id = $4::uuid",
                    5, q, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    /* The interview has its outcome: its reminder (when it never went out)
     * and its outcome_overdue alert are void. */
    if (dk_timer_cancel_appointment(pg, ctx->appointment_id, NULL, "outcome", now_ms, err, errlen) <
        0)
        return -1;
    if (strcmp(in->outcome, "approved") == 0)
        return issue_activation(pg, ctx, o, now_ms, err, errlen);
    return 0;
}

static int audit_rows(PGconn *pg, const dk_interview_ctx *ctx, const dk_interview_actor *who,
                      const char *corrects_id, const dk_outcome_input *in,
                      const dk_interview_outcome *o, int64_t now_ms, char *err, size_t errlen)
{
    json_t *detail = json_pack("{s:s, s:o, s:o, s:b, s:s?}", "outcome", in->outcome, "reasons",
                               string_array(in->reasons, in->nreasons), "missing_items",
                               string_array(in->missing_items, in->nmissing), "fraud_suspected",
                               in->fraud_suspected, "corrects_id", corrects_id);
    int rc =
        dk_interview_audit_ctx(pg, who, ctx, corrects_id ? "outcome.corrected" : "outcome.recorded",
                               o->outcome_id, detail, now_ms, err, errlen);
    json_decref(detail);
    if (rc == 0 && o->activation_id[0]) {
        char expires[32];
        dk_iso8601_utc(o->activation_expires_ms, expires);
        detail = json_pack("{s:s}", "expires_at", expires);
        rc = dk_interview_audit_ctx(pg, who, ctx, "activation_code.issued", o->activation_id,
                                    detail, now_ms, err, errlen);
        json_decref(detail);
    }
    return rc;
}

int dk_interview_record_outcome(PGconn *pg, const dk_interview_actor *who,
                                const char *appointment_id, const char *corrects_id,
                                const dk_outcome_input *in, int64_t now_ms,
                                dk_interview_outcome_hook hook, void *hook_ctx,
                                dk_interview_outcome *o, const char **refusal, char *err,
                                size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (corrects_id && !dk_uuid_valid(corrects_id)) {
        *refusal = "not_current_outcome";
        return 1;
    }
    if (corrects_id && !in->correction_reason) {
        *refusal = "correction_reason_required";
        return 1;
    }
    dk_interview_ctx ctx;
    int rc = dk_interview_begin(pg, who, appointment_id, &ctx, refusal, err, errlen);
    if (rc != 0)
        return rc;
    char current[37];
    if (current_outcome(pg, ctx.appointment_id, current, err, errlen) != 0)
        return dk_interview_end(pg, -1, err, errlen);
    if (!corrects_id && current[0])
        return refuse(pg, refusal, "outcome_exists");
    if (corrects_id && strcmp(current, corrects_id) != 0)
        return refuse(pg, refusal, "not_current_outcome");
    if (!corrects_id && strcmp(ctx.appointment_status, "reserved") != 0)
        return refuse(pg, refusal, "interview_not_reserved");
    dk_outcome_checks checks;
    if (gather_checks(pg, ctx.appointment_id, &checks, err, errlen) != 0)
        return dk_interview_end(pg, -1, err, errlen);
    *refusal = dk_outcome_refusal(in, &checks, now_ms, ctx.start_ms);
    if (*refusal) {
        dk_pg_rollback(pg);
        return 1;
    }
    const char *status = dk_outcome_status(in->outcome);
    if (!dk_outcome_transition_allowed(ctx.application_status, status))
        return refuse(pg, refusal, "transition_not_allowed");
    snprintf(o->status, sizeof o->status, "%s", status);
    snprintf(o->application_id, sizeof o->application_id, "%s", ctx.application_id);
    char now[32];
    dk_iso8601_utc(now_ms, now);
    if (dk_uuid_v4(o->outcome_id) != 0) {
        dk_errf(err, errlen, "no random bytes for the outcome's id");
        return dk_interview_end(pg, -1, err, errlen);
    }
    rc = write_rows(pg, &ctx, who, corrects_id, in, o, now, now_ms, err, errlen);
    if (rc == 0)
        rc = queue_message(pg, &ctx, who, corrects_id, in, o, now, err, errlen);
    if (rc == 0)
        rc = audit_rows(pg, &ctx, who, corrects_id, in, o, now_ms, err, errlen);
    if (rc == 0 && hook)
        rc = hook(pg, o, hook_ctx, err, errlen) == 0 ? 0 : -1;
    rc = dk_interview_end(pg, rc, err, errlen);
    if (rc != 0) {
        OPENSSL_cleanse(o->activation_code, sizeof o->activation_code);
        /* Two first outcomes at once: the unique index let one through. */
        if (strstr(err, "interview_outcomes_one_idx") ||
            strstr(err, "interview_outcomes_corrects_id_key")) {
            *refusal = corrects_id ? "not_current_outcome" : "outcome_exists";
            return 1;
        }
        /* A correction back to a live status while the address has asked
         * anew (schemas/sql/008_outcome_liveness.sql). */
        if (strstr(err, "applications_one_live_per_email_idx")) {
            *refusal = "address_has_new_application";
            return 1;
        }
    }
    return rc;
}
