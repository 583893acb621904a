/* SPDX-License-Identifier: EUPL-1.2 */
/* signin_page.c — the sign-in check as HTML pages (SPEC.md step 4: "a
 * login check shows which level a successful login reached"), on the same
 * call of common/keys as POST /api/v1/keys/login (key_call.h):
 *   GET  /signin   e-mail address, password, the app's code; the passkey
 *                  button (signin.js)
 *   POST /signin   → the result (which key, which level), the e-mail
 *                  code's second step, or the form again saying why
 * The second step of an e-mail-code key carries a continuation instead of
 * the password: the identifier and the password sealed (store/dk_seal.h,
 * AES-256-GCM under DK_MESSAGE_KEY, purpose "key.signin") with an expiry,
 * so the browser holds nothing it could read and the password is never in
 * the page. It lives as long as the mailed code. Status codes mirror the
 * API's but for the second step (200: a page asking for the code); each
 * refusal says what to do. */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "key_call.h"
#include "page.h"
#include "pages_keys.h"
#include "store/dk_seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_CODE_MINUTES 10
#define SEAL_PURPOSE "key.signin"
#define SEAL_SUBJECT "signin-continuation"

typedef struct {
    dk_intake *in;
    struct MHD_Connection *c;
    const char *lang;
    const char *support;
} signin_ctx;

static void ctx_init(signin_ctx *x, dk_intake *in, struct MHD_Connection *c)
{
    x->in = in;
    x->c = c;
    x->lang =
        dk_i18n_lang_or_default(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    x->support = dk_config_str("DK_SUPPORT_URL");
}

static void issue_csrf(const signin_ctx *x, dk_web_reply *r, char csrf[128])
{
    dk_web_issue_csrf(x->in->secure_cookies, x->in->csrf_key, DK_COOKIE_CSRF(x->in->secure_cookies),
                      r->set_cookie, sizeof r->set_cookie, csrf);
}

/* The longest address the form takes back (RFC 5321's path limit): a
 * longer one is no address and is not shown again. */
#define IDENTIFIER_SHOWN_MAX 254

/* The form, with a sentence above it and the address as typed. */
static void form_page(const signin_ctx *x, dk_web_reply *r, int status, dk_page_sentence banner,
                      const char *identifier)
{
    if (identifier && strlen(identifier) > IDENTIFIER_SHOWN_MAX)
        identifier = NULL;
    char csrf[128];
    issue_csrf(x, r, csrf);
    dk_signin_model m = {.lang = x->lang,
                         .csrf = csrf,
                         .support_url = x->support,
                         .banner = banner,
                         .identifier = identifier};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_signin(&page, &m), &page);
    r->csp = DK_PAGE_SCRIPT_CSP;
}

static dk_page_sentence said(const char *key)
{
    return (dk_page_sentence){key, NULL};
}

static void message(const signin_ctx *x, dk_web_reply *r, int status, const char *reason,
                    const char *title_key, const char *lead_key, int link_new)
{
    dk_key_message_model m = {.lang = x->lang,
                              .path = "/signin",
                              .title_key = title_key,
                              .reason = reason,
                              .support_url = x->support,
                              .lead = said(lead_key),
                              .back_key = "signin.again",
                              .link_new = link_new};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_key_message(&page, &m), &page);
}

void dk_signin_page_get(dk_intake *in, struct MHD_Connection *c, dk_web_reply *r)
{
    signin_ctx x;
    ctx_init(&x, in, c);
    form_page(&x, r, 200, said(NULL), NULL);
}

/* ---- the continuation of an e-mail-code key's sign-in ---- */

/* The sealed {identifier, password, until} as compact JSON text (malloc'd),
 * or NULL. */
static char *continuation_new(const char *identifier, const char *password)
{
    char err[256];
    json_t *plain = json_pack("{s:s, s:s, s:I}", "identifier", identifier, "password", password,
                              "until", (json_int_t)(dk_now_ms() + EMAIL_CODE_MINUTES * 60000LL));
    json_t *sealed = plain ? dk_seal(plain, SEAL_PURPOSE, SEAL_SUBJECT, err, sizeof err) : NULL;
    if (plain && !sealed)
        dk_log(DK_LOG_ERROR, "signin_seal_failed", "%s", err);
    char *text = sealed ? json_dumps(sealed, JSON_COMPACT) : NULL;
    json_decref(sealed);
    json_decref(plain);
    return text;
}

/* The continuation's plain object while it is valid, or NULL (tampered,
 * sealed otherwise, expired). */
static json_t *continuation_open(const char *text)
{
    char err[256];
    json_t *sealed = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_t *plain =
        sealed ? dk_seal_open(sealed, SEAL_PURPOSE, SEAL_SUBJECT, err, sizeof err) : NULL;
    json_decref(sealed);
    json_t *until = json_object_get(plain, "until");
    if (plain && (!json_is_integer(until) || json_integer_value(until) < dk_now_ms() ||
                  !json_is_string(json_object_get(plain, "identifier")) ||
                  !json_is_string(json_object_get(plain, "password")))) {
        json_decref(plain);
        plain = NULL;
    }
    return plain;
}

static void code_page(const signin_ctx *x, dk_web_reply *r, int status, const char *continuation,
                      int wrong)
{
    char csrf[128];
    issue_csrf(x, r, csrf);
    dk_signin_code_model m = {.lang = x->lang,
                              .csrf = csrf,
                              .continuation = continuation,
                              .minutes = EMAIL_CODE_MINUTES,
                              .wrong = wrong};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_signin_code(&page, &m), &page);
}

/* ---- POST /signin ---- */

static const char *field(const json_t *values, const char *name)
{
    return json_string_value(json_object_get(values, name));
}

/* An optional code field: NULL when left empty. */
static const char *code_field(const json_t *values, const char *name)
{
    const char *v = field(values, name);
    return v && *v ? v : NULL;
}

/* The form's fields after the CSRF check; NULL after answering. */
static json_t *checked_fields(const signin_ctx *x, const char *body, size_t len, dk_web_reply *r)
{
    json_t *values = json_object();
    int bad = !values || dk_web_form_fields(x->c, body, len, values) != 0;
    const char *name;
    json_t *v;
    if (!bad)
        json_object_foreach(values, name, v) bad |=
            strlen(json_string_value(v)) != json_string_length(v);
    if (bad)
        form_page(x, r, 400, said("bad_form"), NULL);
    else if (!dk_web_csrf_pair_valid(x->c, x->in->csrf_key, DK_COOKIE_CSRF(x->in->secure_cookies),
                                     field(values, "csrf"))) {
        form_page(x, r, 403, said("csrf_failed"), NULL);
        bad = 1;
    }
    if (bad) {
        json_decref(values);
        return NULL;
    }
    return values;
}

/* The answer to one sign-in attempt (li), from the form or from the
 * continuation (then the wrong code is said on the code page again). */
static void answer(const signin_ctx *x, dk_web_reply *r, const dk_key_login_input *li,
                   const char *continuation)
{
    dk_key_result res;
    dk_key_result_init(&res);
    dk_keycall k = {.step = DK_KEYCALL_LOGIN, .login = li};
    if (dk_keycall_run(x->in, x->c, &k, &res) != 0) {
        message(x, r, 503, "unavailable", "signin.failed_title", "signin.failed", 0);
        if (r->status == 503)
            r->retry_after = 30;
        dk_key_result_free(&res);
        return;
    }
    switch (res.status) {
    case DK_KEY_OK: {
        dk_key_result_model m = {.lang = x->lang,
                                 .path = "/signin",
                                 .key_type = res.key_type,
                                 .level = res.assurance_level,
                                 .identifier = res.identifier[0] ? res.identifier : NULL};
        dk_buf page = DK_BUF_INIT;
        dk_web_reply_page(r, 200, dk_page_render_signin_result(&page, &m), &page);
        break;
    }
    case DK_KEY_EMAIL_CODE_SENT: {
        char *text = continuation_new(li->identifier, li->password);
        if (text)
            code_page(x, r, 200, text, 0);
        else
            message(x, r, 503, "unavailable", "signin.failed_title", "signin.failed", 0);
        free(text);
        break;
    }
    case DK_KEY_WRONG:
        if (continuation)
            code_page(x, r, 401, continuation, 1);
        else
            form_page(x, r, 401, said("signin.wrong"), li->identifier);
        break;
    case DK_KEY_THROTTLED:
        form_page(x, r, 429, said("signin.throttled"), li->identifier);
        if (r->status == 429 && res.until_ms > 0) {
            int64_t wait = (res.until_ms - dk_now_ms() + 999) / 1000;
            r->retry_after = wait < 1 ? 1 : wait > 900 ? 900 : (int)wait;
        }
        break;
    case DK_KEY_LOCKED:
        message(x, r, 429, "locked", "signin.locked_title", "signin.locked", 1);
        break;
    default: /* DK_KEY_MALFORMED: no address, password or code */
        if (continuation)
            code_page(x, r, 422, continuation, 1);
        else
            form_page(x, r, 422, said("signin.missing"), li->identifier);
        break;
    }
    dk_key_result_free(&res);
}

void dk_signin_page_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                         dk_web_reply *r)
{
    signin_ctx x;
    ctx_init(&x, in, c);
    int wait;
    if (!dk_keycall_rate_ok(in, c, &wait)) {
        char s[16];
        snprintf(s, sizeof s, "%d", wait);
        form_page(&x, r, 429, (dk_page_sentence){"rate_limited", s}, NULL);
        if (r->status == 429)
            r->retry_after = wait;
        return;
    }
    json_t *values = checked_fields(&x, body, len, r);
    if (!values)
        return;
    const char *continuation = field(values, "continuation");
    dk_key_passkey pk = {.id = field(values, "passkey_id"),
                         .client_data_json = field(values, "passkey_client_data"),
                         .authenticator_data = field(values, "passkey_authenticator_data"),
                         .signature = field(values, "passkey_signature"),
                         .user_handle = code_field(values, "passkey_user_handle")};
    dk_key_login_input li = {.identifier = field(values, "identifier")};
    if (continuation) {
        json_t *plain = continuation_open(continuation);
        if (!plain) {
            form_page(&x, r, 401, said("signin.code_expired"), NULL);
        } else {
            li.identifier = json_string_value(json_object_get(plain, "identifier"));
            li.password = json_string_value(json_object_get(plain, "password"));
            li.email_code = field(values, "email_code");
            answer(&x, r, &li, continuation);
        }
        json_decref(plain);
    } else {
        if (code_field(values, "passkey_id"))
            li.passkey = &pk;
        else {
            li.password = field(values, "password");
            li.totp = code_field(values, "totp");
        }
        answer(&x, r, &li, NULL);
    }
    json_decref(values);
}
