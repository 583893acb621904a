/* SPDX-License-Identifier: EUPL-1.2 */
/* signin.c — staff sign-in and sign-out. Password and authenticator code,
 * always (common/interview/dk_staff_auth.h: replay refused, lockout after
 * DK_STAFF_MAX_TRIES wrong attempts, an unknown e-mail costing the same).
 * The page posts a form with its CSRF pair; POST /api/v1/staff/session
 * takes {"email","password","totp"} and answers 200 {"csrf_token"}. Both set
 * the session cookie: HttpOnly, SameSite=Strict, Secure (and __Host-) over
 * https. A wrong attempt is 401, a locked account (the password right) 429. */
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "interview/dk_staff_auth.h"
#include "web/dk_web_form.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

static void form_page(dk_req *q, int status, const char *error_key, const char *email)
{
    char field[128];
    dk_web_issue_csrf(q->cn->secure, q->cn->csrf_key, DK_CONSOLE_FORM_COOKIE(q->cn->secure),
                      q->r->set_cookie, sizeof q->r->set_cookie, field);
    dk_req_page(q, status, "signin",
                json_pack("{s:s, s:s, s:s?, s:s?}", "title_key", "console.signin_title",
                          "form_csrf", field, "error_key", error_key, "email", email));
}

void dk_signin_page(dk_req *q)
{
    form_page(q, 200, NULL, NULL);
}

void dk_signin_post(dk_req *q)
{
    json_t *body = q->api ? dk_req_json(q) : dk_req_form(q);
    if (!body)
        return;
    const char *email = dk_req_str(body, "email"), *password = dk_req_str(body, "password"),
               *totp = dk_req_str(body, "totp");
    if (!q->api &&
        !dk_web_csrf_pair_valid(q->rq->conn, q->cn->csrf_key, DK_CONSOLE_FORM_COOKIE(q->cn->secure),
                                dk_req_str(body, "csrf"))) {
        dk_req_fail(q, 403, "csrf");
        json_decref(body);
        return;
    }
    if (!email || !password || !totp) {
        if (q->api)
            dk_req_fail(q, 422, "signin_fields");
        else
            form_page(q, 422, "console.error.signin_fields", email);
        json_decref(body);
        return;
    }
    PGconn *pg = dk_req_db(q);
    if (!pg) {
        json_decref(body);
        return;
    }
    char staff_id[37], csrf[DK_STAFF_TOKEN_LEN + 1], err[512];
    const char *refusal = NULL;
    int rc = dk_staffweb_signin(pg, &q->cn->staff, email, password, totp, q->addr, q->cn->max_tries,
                                q->r, staff_id, csrf, &refusal, err, sizeof err);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "signin_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
    } else if (rc == 1) {
        int locked = !strcmp(refusal, "locked");
        if (q->api)
            dk_req_fail(q, locked ? 429 : 401, locked ? "locked" : "signin_refused");
        else
            form_page(q, locked ? 429 : 401,
                      locked ? "console.error.locked" : "console.error.signin_refused", email);
    } else {
        if (q->api) {
            json_t *out = json_pack("{s:s, s:s}", "csrf_token", csrf, "staff_id", staff_id);
            char *set = q->r->set_cookie;
            dk_web_reply_json(q->r, 200, out);
            (void)set;
        } else {
            char location[256];
            snprintf(location, sizeof location, "/interviews?lang=%s", q->lang);
            snprintf(q->r->location, sizeof q->r->location, "%s", location);
            q->r->status = 303;
            q->r->content_type = "text/plain; charset=utf-8";
            dk_buf_puts(&q->r->body, "signed in\n");
        }
    }
    OPENSSL_cleanse(csrf, sizeof csrf);
    json_decref(body);
}

void dk_signout(dk_req *q)
{
    json_t *form = q->api ? NULL : dk_req_form(q);
    if (!q->api && !form)
        return;
    if (dk_req_session(q, form)) {
        char err[512];
        if (dk_staff_session_end(q->pg, q->session_id, dk_now_ms(), err, sizeof err) != 0) {
            dk_log(DK_LOG_ERROR, "signout_failed", "%s", err);
            dk_req_fail(q, 503, "unavailable");
        } else {
            dk_staffweb_clear_cookie(&q->cn->staff, q->r);
            if (q->api) {
                q->r->status = 204;
                q->r->content_type = "text/plain; charset=utf-8";
            } else {
                q->session_id[0] = '\0';
                dk_req_redirect(q, "/signin");
            }
        }
    }
    json_decref(form);
}
