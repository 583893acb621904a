/* SPDX-License-Identifier: EUPL-1.2 */
/* actions.c — what the interviewer records during the interview, each a
 * POST with the session's CSRF token, as JSON (the API) or a form (the
 * dossier page), done by common/interview in one transaction with its audit
 * rows:
 *   …/checks               {"check","result","document_kind","valid_until","note"} → 201
 *   …/session-code         → 201 {"code_id"} (the applicant's page shows the code)
 *   …/session-code/verify  {"code"} → 200 {"verified"}
 *   …/outcome              {"outcome","checks":{…},"reasons":[…],"missing_items":[…],
 *                           "missing_text","motivation","fraud_suspected"} → 201, with
 *                           {"activation_code"} when approved (shown once); a second → 409.
 * A refusal of the library is 403, 404, 409 or 422 by its code, named in
 * the answer; input of the wrong shape is 422 naming the field, before
 * anything is written. */
#include "booking/dk_missing_items.h"
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "interview/dk_interview.h"
#include "interview/dk_outcome.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>

/* The body as JSON (API) or form (page), and the session; NULL after
 * answering. */
static json_t *begin(dk_req *q)
{
    json_t *body = q->api ? dk_req_json(q) : dk_req_form(q);
    if (!body)
        return NULL;
    if (!dk_req_session(q, body)) {
        json_decref(body);
        return NULL;
    }
    return body;
}

static void refused(dk_req *q, int rc, const char *refusal, const char *err, const char *what)
{
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "interview_action_failed", "%s: %s", what, err);
        dk_req_fail(q, 503, "unavailable");
    } else {
        dk_req_fail(q, dk_refusal_status(refusal), refusal);
    }
}

static void back_to_dossier(dk_req *q, const char *appt)
{
    char path[96];
    snprintf(path, sizeof path, "/interviews/%s", appt);
    dk_req_redirect(q, path);
}

/* The document kind of the draw that holds feature key, or NULL. */
static const char *drawn_kind(dk_req *q, const char *appt, const char *check)
{
    if (strncmp(check, "feature.", 8) != 0)
        return NULL;
    char err[256];
    const char *p[] = {appt, check + 8};
    PGresult *r = dk_pg_query(q->pg,
                              "SELECT document_kind FROM interview_feature_draws"
                              " WHERE appointment_id = $1::uuid AND $2 = ANY (features)"
                              " ORDER BY drawn_at DESC LIMIT 1",
                              2, p, err, sizeof err);
    const char *kind = NULL;
    if (r && PQntuples(r) == 1)
        for (size_t i = 0; i < DK_FEATURE_KINDS; i++)
            if (!strcmp(dk_feature_kind(i), PQgetvalue(r, 0, 0)))
                kind = dk_feature_kind(i);
    PQclear(r);
    return kind;
}

/* One check from its JSON value (a result string, or an object). */
static int record_check(dk_req *q, const char *appt, const char *key, const json_t *v,
                        const char **refusal, char *err, size_t errlen)
{
    dk_interview_check c = {.appointment_id = appt, .check = key};
    if (json_is_string(v)) {
        c.result = json_string_value(v);
    } else {
        c.result = dk_req_str(v, "result");
        c.document_kind = dk_req_str(v, "document_kind");
        c.valid_until = dk_req_str(v, "valid_until");
        c.note = dk_req_str(v, "note");
    }
    if (!c.document_kind)
        c.document_kind = drawn_kind(q, appt, key);
    if (c.note && !*c.note)
        c.note = NULL;
    if (c.valid_until && !*c.valid_until)
        c.valid_until = NULL;
    dk_interview_actor who = {q->s.staff_id, q->addr};
    return dk_interview_record_check(q->pg, &who, &c, dk_now_ms(), NULL, refusal, err, errlen);
}

/* 1 when v is a check's value of the right shape: a string, or an object
 * of strings among result, document_kind, valid_until, note. */
static int check_shape(const json_t *v)
{
    if (json_is_string(v))
        return 1;
    if (!json_is_object(v))
        return 0;
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        if ((strcmp(k, "result") && strcmp(k, "document_kind") && strcmp(k, "valid_until") &&
             strcmp(k, "note")) ||
            !json_is_string(x))
            return 0;
    }
    return 1;
}

void dk_action_check(dk_req *q, const char *appt)
{
    json_t *body = begin(q);
    if (!body)
        return;
    const char *key = dk_req_str(body, "check");
    json_t *v = json_object();
    static const char *const fields[] = {"result", "document_kind", "valid_until", "note", NULL};
    int shape_ok = key != NULL;
    for (const char *const *f = fields; *f; f++) {
        json_t *x = json_object_get(body, *f);
        if (x && !json_is_string(x))
            shape_ok = 0;
        else if (x)
            json_object_set(v, *f, x);
    }
    char err[512];
    const char *refusal = NULL;
    int rc = shape_ok ? record_check(q, appt, key, v, &refusal, err, sizeof err) : 1;
    if (!shape_ok)
        refusal = "check_invalid";
    if (rc != 0)
        refused(q, rc, refusal, err, "check");
    else if (q->api)
        dk_web_reply_json(q->r, 201, json_pack("{s:s}", "check", key));
    else
        back_to_dossier(q, appt);
    json_decref(v);
    json_decref(body);
}

void dk_action_code(dk_req *q, const char *appt, int verify)
{
    json_t *body = begin(q);
    if (!body)
        return;
    dk_interview_actor who = {q->s.staff_id, q->addr};
    char err[512], id[37];
    const char *refusal = NULL;
    int rc, verified = 0;
    if (verify) {
        const char *code = dk_req_str(body, "code");
        rc = dk_interview_session_code_verify(q->pg, &who, appt, code ? code : "", dk_now_ms(),
                                              &verified, &refusal, err, sizeof err);
    } else {
        rc = dk_interview_session_code_issue(q->pg, &who, appt, dk_now_ms(), id, &refusal, err,
                                             sizeof err);
    }
    json_decref(body);
    if (rc != 0)
        refused(q, rc, refusal, err, "session code");
    else if (!q->api)
        back_to_dossier(q, appt);
    else if (verify)
        dk_web_reply_json(q->r, 200, json_pack("{s:b}", "verified", verified));
    else
        dk_web_reply_json(q->r, 201, json_pack("{s:s}", "code_id", id));
}

/* ---- the outcome ---- */

/* Up to max strings of a JSON array (API) into out; -1 when v is present
 * and not an array of strings, or longer than max. */
static int string_array(const json_t *v, const char **out, size_t max)
{
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > max)
        return -1;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x))
            return -1;
        out[i] = json_string_value(x);
    }
    return (int)json_array_size(v);
}

/* The outcome form's fields as the API's JSON: checkboxes reason.<code>
 * and missing.<code>, the fraud checkbox. */
static json_t *form_as_outcome(const json_t *form)
{
    json_t *o = json_object(), *reasons = json_array(), *items = json_array();
    for (size_t i = 0; dk_outcome_reason(i); i++) {
        char k[64];
        snprintf(k, sizeof k, "reason.%s", dk_outcome_reason(i));
        if (json_object_get(form, k))
            json_array_append_new(reasons, json_string(dk_outcome_reason(i)));
    }
    for (size_t i = 0; dk_missing_item_codes[i]; i++) {
        char k[64];
        snprintf(k, sizeof k, "missing.%s", dk_missing_item_codes[i]);
        if (json_object_get(form, k))
            json_array_append_new(items, json_string(dk_missing_item_codes[i]));
    }
    json_object_set_new(o, "reasons", reasons);
    json_object_set_new(o, "missing_items", items);
    static const char *const texts[] = {"outcome", "missing_text", "motivation", NULL};
    for (const char *const *t = texts; *t; t++) {
        const char *s = dk_req_str(form, *t);
        if (s && *s)
            json_object_set_new(o, *t, json_string(s));
    }
    if (json_object_get(form, "fraud_suspected"))
        json_object_set_new(o, "fraud_suspected", json_true());
    return o;
}

/* The outcome body's fields and their types: a field of another type is
 * refused naming it. */
static const char *shape_refusal(const json_t *b)
{
    static const char *const known[] = {
        "outcome",    "checks",          "reasons",     "missing_items",     "missing_text",
        "motivation", "fraud_suspected", "corrects_id", "correction_reason", NULL};
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)b, k, v)
    {
        const char *const *f = known;
        while (*f && strcmp(*f, k))
            f++;
        if (!*f)
            return "field_unknown";
    }
    if (!json_is_string(json_object_get(b, "outcome")))
        return "outcome_unknown";
    static const char *const strings[] = {"missing_text", "motivation", "corrects_id",
                                          "correction_reason", NULL};
    for (const char *const *s = strings; *s; s++) {
        json_t *x = json_object_get(b, *s);
        if (x && !json_is_string(x) && !json_is_null(x))
            return "field_invalid";
    }
    json_t *fraud = json_object_get(b, "fraud_suspected");
    if (fraud && !json_is_boolean(fraud))
        return "field_invalid";
    json_t *checks = json_object_get(b, "checks");
    if (checks && !json_is_object(checks))
        return "check_invalid";
    json_object_foreach(checks, k, v) if (!check_shape(v)) return "check_invalid";
    return NULL;
}

void dk_action_outcome(dk_req *q, const char *appt)
{
    json_t *raw = begin(q);
    if (!raw)
        return;
    json_t *b = q->api ? json_incref(raw) : form_as_outcome(raw);
    json_decref(raw);
    const char *reasons[DK_OUTCOME_MAX_ITEMS], *items[DK_OUTCOME_MAX_ITEMS];
    const char *refusal = shape_refusal(b);
    int nreasons = string_array(json_object_get(b, "reasons"), reasons, DK_OUTCOME_MAX_ITEMS);
    int nitems = string_array(json_object_get(b, "missing_items"), items, DK_OUTCOME_MAX_ITEMS);
    if (!refusal && (nreasons < 0 || nitems < 0))
        refusal =
            json_array_size(json_object_get(b, "reasons")) > DK_OUTCOME_MAX_ITEMS ||
                    json_array_size(json_object_get(b, "missing_items")) > DK_OUTCOME_MAX_ITEMS
                ? "too_many_items"
                : "field_invalid";
    if (refusal) {
        dk_req_fail(q, 422, refusal);
        json_decref(b);
        return;
    }
    char err[512];
    int rc = 0;
    /* The checks sent with the outcome are recorded first, each its own
     * step (as if typed one by one); a refused one stops everything. */
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(b, "checks"), k, v)
    {
        rc = record_check(q, appt, k, v, &refusal, err, sizeof err);
        if (rc != 0)
            break;
    }
    if (rc != 0) {
        refused(q, rc, refusal, err, "check");
        json_decref(b);
        return;
    }
    dk_outcome_input in = {.outcome = dk_req_str(b, "outcome"),
                           .reasons = reasons,
                           .nreasons = (size_t)nreasons,
                           .missing_items = items,
                           .nmissing = (size_t)nitems,
                           .missing_text = dk_req_str(b, "missing_text"),
                           .motivation = dk_req_str(b, "motivation"),
                           .fraud_suspected = json_is_true(json_object_get(b, "fraud_suspected")),
                           .correction_reason = dk_req_str(b, "correction_reason")};
    dk_interview_actor who = {q->s.staff_id, q->addr};
    dk_interview_outcome o;
    memset(&o, 0, sizeof o);
    rc = dk_interview_record_outcome(q->pg, &who, appt, dk_req_str(b, "corrects_id"), &in,
                                     dk_now_ms(), dk_outcome_mail_hook, &in, &o, &refusal, err,
                                     sizeof err);
    json_decref(b);
    if (rc != 0) {
        refused(q, rc, refusal, err, "outcome");
        return;
    }
    dk_relay_kick(q->cn->relay);
    if (q->api) {
        json_t *out = json_pack("{s:s, s:s, s:s}", "outcome_id", o.outcome_id, "application_id",
                                o.application_id, "status", o.status);
        if (o.activation_code[0])
            json_object_set_new(out, "activation_code", json_string(o.activation_code));
        dk_web_reply_json(q->r, 201, out);
    } else if (o.activation_code[0]) {
        char back[96];
        snprintf(back, sizeof back, "/interviews/%s", appt);
        dk_req_page(q, 201, "activation",
                    json_pack("{s:s, s:s, s:s}", "title_key", "console.activation_title", "code",
                              o.activation_code, "back", back));
    } else {
        back_to_dossier(q, appt);
    }
    memset(o.activation_code, 0, sizeof o.activation_code);
}
