/* SPDX-License-Identifier: EUPL-1.2 */
/* enrol.c — the one-time enrolment link of a staff account ({enrol_url}):
 * the page asks for a password (NIST rules, the reason of a refusal in the
 * reader's language), then shows the authenticator app's QR code and the
 * secret as text, then asks for the first code, which must verify before
 * the enrolment counts. The API does the same in two calls: POST {enrol_url}
 * {"password"} → 200 {"totp_secret","otpauth_uri"}; POST {enrol_url}/confirm
 * {"totp"} → 204. An unknown or spent link is 404, an expired one 410. */
#include "auth/dk_auth_base32.h"
#include "auth/dk_auth_password.h"
#include "auth/dk_auth_qr.h"
#include "auth/dk_auth_totp.h"
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "interview/dk_staff_auth.h"
#include "web/dk_web_form.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The issuer authenticator apps show above the code. */
#define TOTP_ISSUER "Digital key console"

static int is_json(const dk_req *q)
{
    const char *ct = MHD_lookup_connection_value(q->rq->conn, MHD_HEADER_KIND, "Content-Type");
    return ct && strncasecmp(ct, "application/json", 16) == 0;
}

static void link_refused(dk_req *q, const char *refusal)
{
    int gone = refusal && !strcmp(refusal, "link_expired");
    dk_req_fail(q, gone ? 410 : 404, gone ? "link_expired" : "link_unknown");
}

/* The password form, with a fresh CSRF pair; reason_text: why the last
 * password was refused, or NULL. */
static void password_page(dk_req *q, const char *token, const dk_staff_enrolee *e,
                          const char *reason_text, int status)
{
    char token_field[128];
    dk_web_issue_csrf(q->cn->secure, q->cn->csrf_key, DK_CONSOLE_FORM_COOKIE(q->cn->secure),
                      q->r->set_cookie, sizeof q->r->set_cookie, token_field);
    char action[128];
    snprintf(action, sizeof action, "/enrol/%s", token);
    dk_req_page(q, status, "enrol",
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:i}", "title_key",
                          "console.enrol_title", "action", action, "form_csrf", token_field, "name",
                          e->name, "email", e->email, "reason", reason_text, "min",
                          DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR));
}

/* The QR code page: the secret as a picture and as text, and the field for
 * the first code. */
static void totp_page(dk_req *q, const char *token, const char *secret_b32, const char *email,
                      const char *error_key, int status)
{
    unsigned char raw[64];
    size_t n = 0;
    dk_buf uri = DK_BUF_INIT, svg = DK_BUF_INIT, text = DK_BUF_INIT;
    json_t *vars = NULL;
    if (secret_b32 && dk_auth_base32_decode(secret_b32, raw, sizeof raw, &n) == 0 &&
        dk_auth_otpauth_uri(&uri, &dk_auth_totp_default, raw, n, TOTP_ISSUER, email) == 0 &&
        dk_auth_qr_svg(&svg, uri.data, "QR") == 0 && dk_auth_totp_secret_text(&text, raw, n) == 0)
        vars = json_pack("{s:s, s:s, s:s}", "qr", svg.data, "secret", text.data, "uri", uri.data);
    else
        vars = json_object();
    OPENSSL_cleanse(raw, sizeof raw);
    char token_field[128], action[128];
    dk_web_issue_csrf(q->cn->secure, q->cn->csrf_key, DK_CONSOLE_FORM_COOKIE(q->cn->secure),
                      q->r->set_cookie, sizeof q->r->set_cookie, token_field);
    snprintf(action, sizeof action, "/enrol/%s/confirm", token);
    json_object_set_new(vars, "title_key", json_string("console.enrol_totp_title"));
    json_object_set_new(vars, "action", json_string(action));
    json_object_set_new(vars, "back", json_stringn(action, strlen(action) - 8));
    json_object_set_new(vars, "form_csrf", json_string(token_field));
    if (error_key)
        json_object_set_new(vars, "error_key", json_string(error_key));
    dk_req_page(q, status, "enrol_totp", vars);
    dk_buf_free(&uri);
    dk_buf_free(&svg);
    dk_buf_free(&text);
}

static void set_password(dk_req *q, const char *token, const char *password, int api)
{
    PGconn *pg = dk_req_db(q);
    if (!pg)
        return;
    char secret[64], err[512];
    dk_staff_enrolee e;
    int reason = 0;
    const char *refusal = NULL;
    int rc = dk_staff_enrol_password(pg, token, password ? password : "", q->addr, dk_now_ms(),
                                     secret, sizeof secret, &e, &reason, &refusal, err, sizeof err);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "enrol_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
        return;
    }
    if (rc == 1 && strcmp(refusal, "password_refused") != 0) {
        link_refused(q, refusal);
        return;
    }
    if (rc == 1) {
        dk_buf why = DK_BUF_INIT;
        dk_auth_password_reason_append(&why, api ? "en" : q->lang, (dk_auth_pw_reason)reason,
                                       DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR);
        if (api)
            dk_web_reply_json(q->r, 422,
                              json_pack("{s:s, s:s, s:s}", "error", "password_refused", "reason",
                                        dk_auth_password_reason_code((dk_auth_pw_reason)reason),
                                        "message", why.data ? why.data : ""));
        else
            password_page(q, token, &e, why.data ? why.data : "", 422);
        dk_buf_free(&why);
        return;
    }
    if (api) {
        unsigned char raw[64];
        size_t n = 0;
        dk_buf uri = DK_BUF_INIT;
        if (dk_auth_base32_decode(secret, raw, sizeof raw, &n) != 0 ||
            dk_auth_otpauth_uri(&uri, &dk_auth_totp_default, raw, n, TOTP_ISSUER, e.email) != 0)
            dk_req_fail(q, 500, "internal");
        else
            dk_web_reply_json(
                q->r, 200, json_pack("{s:s, s:s}", "totp_secret", secret, "otpauth_uri", uri.data));
        OPENSSL_cleanse(raw, sizeof raw);
        if (uri.data)
            OPENSSL_cleanse(uri.data, uri.len);
        dk_buf_free(&uri);
    } else {
        totp_page(q, token, secret, e.email, NULL, 200);
    }
    OPENSSL_cleanse(secret, sizeof secret);
}

static void confirm(dk_req *q, const char *token, const char *totp, int api)
{
    PGconn *pg = dk_req_db(q);
    if (!pg)
        return;
    char err[512];
    const char *refusal = NULL;
    int rc = dk_staff_enrol_confirm(pg, token, totp ? totp : "", q->addr, dk_now_ms(), &refusal,
                                    err, sizeof err);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "enrol_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
    } else if (rc == 0) {
        if (api) {
            q->r->status = 204;
            q->r->content_type = "text/plain; charset=utf-8";
        } else {
            dk_req_page(q, 200, "message",
                        json_pack("{s:s, s:s, s:b}", "title_key", "console.enrolled_title",
                                  "lead_key", "console.enrolled", "signin_link", 1));
        }
    } else if (!strcmp(refusal, "totp_wrong") || !strcmp(refusal, "totp_malformed")) {
        if (api)
            dk_req_fail(q, 422, refusal);
        else
            totp_page(q, token, NULL, NULL, "console.error.totp_wrong", 422);
    } else if (!strcmp(refusal, "password_first")) {
        dk_req_fail(q, 409, "password_first");
    } else {
        link_refused(q, refusal);
    }
}

void dk_enrol(dk_req *q, const char *token, int confirm_step)
{
    int post = !strcmp(q->rq->method, "POST");
    if (!post) {
        char err[512];
        if (confirm_step) {
            char back[128];
            snprintf(back, sizeof back, "/enrol/%s", token);
            dk_req_redirect(q, back);
            return;
        }
        PGconn *pg = dk_req_db(q);
        if (!pg)
            return;
        dk_staff_enrolee e;
        int found = dk_staff_enrol_lookup(pg, token, dk_now_ms(), &e, err, sizeof err);
        if (found < 0) {
            dk_log(DK_LOG_ERROR, "enrol_failed", "%s", err);
            dk_req_fail(q, 503, "unavailable");
        } else if (found != 1) {
            link_refused(q, found == 2 ? "link_expired" : "link_unknown");
        } else {
            password_page(q, token, &e, NULL, 200);
        }
        return;
    }
    if (is_json(q)) {
        q->api = 1;
        json_t *body = dk_req_json(q);
        if (!body)
            return;
        const char *v = dk_req_str(body, confirm_step ? "totp" : "password");
        if (!v)
            dk_req_fail(q, 422, confirm_step ? "totp_required" : "password_required");
        else if (confirm_step)
            confirm(q, token, v, 1);
        else
            set_password(q, token, v, 1);
        json_decref(body);
        return;
    }
    json_t *form = dk_req_form(q);
    if (!form)
        return;
    if (!dk_web_csrf_pair_valid(q->rq->conn, q->cn->csrf_key, DK_CONSOLE_FORM_COOKIE(q->cn->secure),
                                dk_req_str(form, "csrf"))) {
        dk_req_fail(q, 403, "csrf");
    } else if (confirm_step) {
        confirm(q, token, dk_req_str(form, "totp"), 0);
    } else {
        set_password(q, token, dk_req_str(form, "password"), 0);
    }
    json_decref(form);
}
