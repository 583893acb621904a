/* SPDX-License-Identifier: EUPL-1.2 */
/* request.c — what every console handler needs: its database connection,
 * the signed-in staff member with the CSRF check of a POST, JSON and form
 * bodies refused clearly when malformed, and answers as JSON (the API) or as
 * pages in the visitor's language. */
#include "console.h"
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "web/dk_web_form.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

PGconn *dk_req_db(dk_req *q)
{
    if (q->pg)
        return q->pg;
    char err[512];
    q->pg = dk_pgpool_get(q->cn->pool, DK_CONSOLE_PG_WAIT_MS, err, sizeof err);
    if (!q->pg) {
        dk_log(DK_LOG_ERROR, "database_unavailable", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        q->r->retry_after = 30;
    }
    return q->pg;
}

const char *dk_req_arg(const dk_req *q, const char *name)
{
    return MHD_lookup_connection_value(q->rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *dk_req_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int dk_req_sees_all(const dk_req *q)
{
    return strcmp(q->s.role, "operator") == 0 || strcmp(q->s.role, "admin") == 0;
}

static PGconn *req_pg(void *cls)
{
    return dk_req_db(cls);
}

int dk_req_session(dk_req *q, const json_t *form)
{
    char err[512];
    int rc = dk_staffweb_session(&q->cn->staff, q->rq, form, req_pg, q, &q->s, q->session_id,
                                 q->csrf_field, err, sizeof err);
    if (rc < 0) {
        if (q->r->status == 0) { /* dk_req_db answered its own 503 */
            dk_log(DK_LOG_ERROR, "database_error", "%s", err);
            dk_req_fail(q, 503, "unavailable");
        }
        return 0;
    }
    if (rc == DK_STAFFWEB_NONE) {
        if (q->api)
            dk_req_fail(q, 401, "no_session");
        else
            dk_req_redirect(q, "/signin");
        return 0;
    }
    if (rc == DK_STAFFWEB_CSRF) {
        dk_req_fail(q, 403, "csrf");
        return 0;
    }
    return 1;
}

json_t *dk_req_json(dk_req *q)
{
    const char *ct = MHD_lookup_connection_value(q->rq->conn, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        dk_web_reply_error(q->r, 415, "send JSON (Content-Type: application/json)");
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(q->rq->body, q->rq->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc || !json_is_object(doc)) {
        char msg[300];
        if (doc)
            snprintf(msg, sizeof msg, "the body must be a JSON object");
        else
            snprintf(msg, sizeof msg, "the body is not valid JSON: %s (line %d, column %d)",
                     jerr.text, jerr.line, jerr.column);
        json_decref(doc);
        dk_web_reply_error(q->r, 400, msg);
        return NULL;
    }
    return doc;
}

json_t *dk_req_form(dk_req *q)
{
    json_t *v = json_object();
    if (!v || dk_web_form_fields(q->rq->conn, q->rq->body, q->rq->len, v) != 0) {
        json_decref(v);
        dk_req_fail(q, 400, "form_invalid");
        return NULL;
    }
    return v;
}

void dk_req_page(dk_req *q, int status, const char *name, json_t *vars)
{
    dk_buf page = DK_BUF_INIT;
    if (vars && q->session_id[0]) {
        json_object_set_new(vars, "csrf", json_string(q->csrf_field));
        json_object_set_new(vars, "signed_in", json_true());
    }
    int rc = dk_web_render_page(&page, q->cn->pages, name, q->lang, q->rq->url, vars);
    dk_web_reply_page(q->r, status, rc, &page);
}

void dk_req_message(dk_req *q, int status, const char *title_key, const char *lead_key)
{
    dk_req_page(q, status, "message",
                json_pack("{s:s, s:s}", "title_key", title_key, "lead_key", lead_key));
}

void dk_req_redirect(dk_req *q, const char *path)
{
    snprintf(q->r->location, sizeof q->r->location, "%s%slang=%s", path,
             strchr(path, '?') ? "&" : "?", q->lang);
    q->r->status = 303;
    q->r->content_type = "text/plain; charset=utf-8";
    dk_buf_reset(&q->r->body);
    dk_buf_puts(&q->r->body, "see other\n");
}

void dk_req_fail(dk_req *q, int status, const char *code)
{
    if (q->api) {
        char key[128];
        snprintf(key, sizeof key, "console.error.%s", code);
        dk_web_reply_json(q->r, status,
                          json_pack("{s:s, s:s}", "error", code, "message",
                                    dk_i18n_has(key) ? dk_i18n_text("en", key) : code));
        return;
    }
    char key[128];
    snprintf(key, sizeof key, "console.error.%s", code);
    if (!dk_i18n_has(key))
        snprintf(key, sizeof key, "console.error.generic");
    dk_req_message(q, status, "console.error_title", key);
}

int dk_refusal_status(const char *refusal)
{
    static const char *const forbidden[] = {"not_your_interview", "staff_unknown", "staff_disabled",
                                            NULL};
    static const char *const conflict[] = {"outcome_exists",
                                           "interview_closed",
                                           "not_current_outcome",
                                           "interview_not_reserved",
                                           "transition_not_allowed",
                                           "address_has_new_application",
                                           "too_early",
                                           "no_live_code",
                                           "code_expired",
                                           "slot_taken",
                                           NULL};
    if (!refusal)
        return 500;
    for (const char *const *f = forbidden; *f; f++)
        if (!strcmp(refusal, *f))
            return 403;
    for (const char *const *c = conflict; *c; c++)
        if (!strcmp(refusal, *c))
            return 409;
    if (!strcmp(refusal, "appointment_unknown"))
        return 404;
    return 422;
}
