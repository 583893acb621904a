/* SPDX-License-Identifier: EUPL-1.2 */
/* route.c — the dashboard's requests: the page (GET /) and its script and
 * stylesheet, the figures as JSON (GET /api/v1/funnel as SPEC.md fixes it,
 * GET /api/v1/dashboard with everything), staff sign-in and sign-out (the
 * console's API and form: POST /api/v1/staff/session, GET|POST /signin,
 * POST /signout), /healthz. Every figure needs a staff session of role
 * operator or admin: none is 401 (the API) or the sign-in page, another
 * role 403. */
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "dashboard.h"
#include "i18n/dk_i18n.h"
#include "web/dk_web_form.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    dk_board *b;
    const dk_web_request *rq;
    dk_web_reply *r;
    int api;
    const char *lang;
    char addr[64];
    PGconn *pg;
    dk_staff_session s;
    char session_id[DK_STAFF_TOKEN_LEN + 1];
    char csrf_field[65];
} req;

static PGconn *req_pg(void *cls)
{
    req *q = cls;
    if (!q->pg) {
        char err[512];
        q->pg = dk_pgpool_get(q->b->pool, 5000, err, sizeof err);
        if (!q->pg)
            dk_log(DK_LOG_ERROR, "database_unavailable", "%s", err);
    }
    return q->pg;
}

static void page(req *q, int status, const char *name, json_t *vars)
{
    dk_buf out = DK_BUF_INIT;
    if (vars && q->session_id[0]) {
        json_object_set_new(vars, "csrf", json_string(q->csrf_field));
        json_object_set_new(vars, "signed_in", json_true());
    }
    int rc = dk_web_render_page(&out, q->b->pages, name, q->lang, q->rq->url, vars);
    dk_web_reply_page(q->r, status, rc, &out);
}

/* An error as the request wants it (the console's error keys). */
static void fail(req *q, int status, const char *code)
{
    char key[128];
    snprintf(key, sizeof key, "console.error.%s", code);
    if (q->api) {
        dk_web_reply_json(q->r, status,
                          json_pack("{s:s, s:s}", "error", code, "message",
                                    dk_i18n_has(key) ? dk_i18n_text("en", key) : code));
        return;
    }
    if (!dk_i18n_has(key))
        snprintf(key, sizeof key, "console.error.generic");
    page(q, status, "message",
         json_pack("{s:s, s:s}", "title_key", "dashboard.title", "lead_key", key));
}

static void redirect(req *q, const char *path)
{
    snprintf(q->r->location, sizeof q->r->location, "%s?lang=%s", path, q->lang);
    q->r->status = 303;
    q->r->content_type = "text/plain; charset=utf-8";
    dk_buf_reset(&q->r->body);
    dk_buf_puts(&q->r->body, "see other\n");
}

/* 1 when an operator or admin is signed in; else 0 after answering. */
static int staff(req *q, const json_t *form)
{
    char err[512];
    int rc = dk_staffweb_session(&q->b->staff, q->rq, form, req_pg, q, &q->s, q->session_id,
                                 q->csrf_field, err, sizeof err);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "database_error", "%s", err);
        fail(q, 503, "unavailable");
        q->r->retry_after = 30;
        return 0;
    }
    if (rc == DK_STAFFWEB_NONE) {
        if (q->api)
            fail(q, 401, "no_session");
        else
            redirect(q, "/signin");
        return 0;
    }
    if (rc == DK_STAFFWEB_CSRF) {
        fail(q, 403, "csrf");
        return 0;
    }
    if (strcmp(q->s.role, "operator") && strcmp(q->s.role, "admin")) {
        fail(q, 403, "role");
        return 0;
    }
    return 1;
}

static json_t *body_of(req *q)
{
    if (q->api) {
        const char *ct = MHD_lookup_connection_value(q->rq->conn, MHD_HEADER_KIND, "Content-Type");
        if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
            dk_web_reply_error(q->r, 415, "send JSON (Content-Type: application/json)");
            return NULL;
        }
        json_t *doc = json_loadb(q->rq->body, q->rq->len, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(doc)) {
            json_decref(doc);
            dk_web_reply_error(q->r, 400, "the body must be a JSON object");
            return NULL;
        }
        return doc;
    }
    json_t *v = json_object();
    if (!v || dk_web_form_fields(q->rq->conn, q->rq->body, q->rq->len, v) != 0) {
        json_decref(v);
        fail(q, 400, "form_invalid");
        return NULL;
    }
    return v;
}

static void signin_form(req *q, int status, const char *error_key, const char *email)
{
    char field[128];
    dk_web_issue_csrf(q->b->secure, q->b->csrf_key, DK_DASHBOARD_FORM_COOKIE(q->b->secure),
                      q->r->set_cookie, sizeof q->r->set_cookie, field);
    page(q, status, "signin",
         json_pack("{s:s, s:s, s:s?, s:s?}", "title_key", "dashboard.signin_title", "form_csrf",
                   field, "error_key", error_key, "email", email));
}

static void signin(req *q)
{
    json_t *body = body_of(q);
    if (!body)
        return;
    const char *email = json_string_value(json_object_get(body, "email")),
               *password = json_string_value(json_object_get(body, "password")),
               *totp = json_string_value(json_object_get(body, "totp"));
    if (!q->api &&
        !dk_web_csrf_pair_valid(q->rq->conn, q->b->csrf_key, DK_DASHBOARD_FORM_COOKIE(q->b->secure),
                                json_string_value(json_object_get(body, "csrf")))) {
        fail(q, 403, "csrf");
    } else if (!email || !password || !totp) {
        if (q->api)
            fail(q, 422, "signin_fields");
        else
            signin_form(q, 422, "console.error.signin_fields", email);
    } else if (!req_pg(q)) {
        fail(q, 503, "unavailable");
    } else {
        char staff_id[37], csrf[DK_STAFF_TOKEN_LEN + 1], err[512];
        const char *refusal = NULL;
        int rc =
            dk_staffweb_signin(q->pg, &q->b->staff, email, password, totp, q->addr, q->b->max_tries,
                               q->r, staff_id, csrf, &refusal, err, sizeof err);
        int locked = rc == 1 && !strcmp(refusal, "locked");
        if (rc < 0) {
            dk_log(DK_LOG_ERROR, "signin_failed", "%s", err);
            fail(q, 503, "unavailable");
        } else if (rc == 1 && q->api) {
            fail(q, locked ? 429 : 401, locked ? "locked" : "signin_refused");
        } else if (rc == 1) {
            signin_form(q, locked ? 429 : 401,
                        locked ? "console.error.locked" : "console.error.signin_refused", email);
        } else if (q->api) {
            dk_web_reply_json(q->r, 200,
                              json_pack("{s:s, s:s}", "csrf_token", csrf, "staff_id", staff_id));
        } else {
            redirect(q, "/");
        }
    }
    json_decref(body);
}

static void signout(req *q)
{
    json_t *form = q->api ? NULL : body_of(q);
    if ((q->api || form) && staff(q, form)) {
        char err[512];
        if (dk_staff_session_end(q->pg, q->session_id, dk_now_ms(), err, sizeof err) != 0) {
            dk_log(DK_LOG_ERROR, "signout_failed", "%s", err);
            fail(q, 503, "unavailable");
        } else {
            dk_staffweb_clear_cookie(&q->b->staff, q->r);
            q->session_id[0] = '\0';
            if (q->api) {
                q->r->status = 204;
                q->r->content_type = "text/plain; charset=utf-8";
            } else {
                redirect(q, "/signin");
            }
        }
    }
    json_decref(form);
}

static void figures(req *q, int funnel_only)
{
    if (!staff(q, NULL))
        return;
    json_t *snap = dk_board_snapshot(q->b);
    if (!snap) {
        fail(q, 503, "unavailable");
        return;
    }
    if (funnel_only) {
        json_t *f = json_pack("{s:O, s:O}", "stages", json_object_get(snap, "stages"), "since",
                              json_object_get(snap, "since"));
        json_decref(snap);
        snap = f;
    }
    dk_web_reply_json(q->r, 200, snap);
}

static void dashboard_page(req *q)
{
    if (!staff(q, NULL))
        return;
    json_t *snap = dk_board_snapshot(q->b);
    json_t *vars = snap ? dk_board_page_vars(snap, q->lang) : NULL;
    json_decref(snap);
    if (!vars) {
        fail(q, 503, "unavailable");
        return;
    }
    page(q, 200, "dashboard", vars);
}

static void text(req *q, const char *type, const char *body)
{
    q->r->status = 200;
    q->r->content_type = type;
    dk_buf_reset(&q->r->body);
    dk_buf_puts(&q->r->body, body);
}

void dk_board_route(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    req q = {.b = cls, .rq = rq, .r = r};
    q.lang = dk_i18n_lang_or_default(
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "lang"));
    q.api = !strncmp(rq->url, "/api/", 5);
    dk_web_client_addr(rq->conn, q.b->trust_proxy, q.addr);
    const char *url = rq->url;
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    int post = !strcmp(rq->method, "POST");
    if (!strcmp(url, "/") && get)
        dashboard_page(&q);
    else if (!strcmp(url, "/api/v1/funnel") && get)
        figures(&q, 1);
    else if (!strcmp(url, "/api/v1/dashboard") && get)
        figures(&q, 0);
    else if (!strcmp(url, "/api/v1/staff/session") && post)
        signin(&q);
    else if (!strcmp(url, "/signin") && get)
        signin_form(&q, 200, NULL, NULL);
    else if (!strcmp(url, "/signin") && post)
        signin(&q);
    else if ((!strcmp(url, "/signout") || !strcmp(url, "/api/v1/staff/signout")) && post)
        signout(&q);
    else if (!strcmp(url, "/dashboard.js") && get)
        text(&q, "text/javascript; charset=utf-8", dk_dashboard_js);
    else if (!strcmp(url, "/dashboard.css") && get)
        text(&q, "text/css; charset=utf-8", dk_dashboard_css);
    else if (!strcmp(url, "/healthz") && get) {
        char now[32]; /* the service's clock (DK_NOW in tests), for authenticator codes */
        dk_iso8601_utc(dk_now_ms(), now);
        dk_web_reply_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "now", now));
    } else if (!strcmp(url, "/") || !strcmp(url, "/api/v1/funnel") ||
               !strcmp(url, "/api/v1/dashboard") || !strcmp(url, "/api/v1/staff/session") ||
               !strcmp(url, "/signin") || !strcmp(url, "/signout"))
        fail(&q, 405, "method");
    else
        fail(&q, 404, "not_found");
    if (q.pg)
        dk_pgpool_put(q.b->pool, q.pg);
}
