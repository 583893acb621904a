/* SPDX-License-Identifier: EUPL-1.2 */
/* activate_page.c — the activation link as HTML pages (nl/fr/en, without
 * JavaScript but for the passkey; every form with its CSRF field bound to
 * the CSRF cookie), on the same calls of common/keys as the JSON API
 * (key_call.h):
 *   GET  /activate/{token}             the code and the choice of key
 *   POST /activate/{token}             → the key's second step, or the key
 *                                        made (password only), or the form
 *                                        again with what was wrong
 *   POST /activate/{token}/confirm     the first code, or the passkey → the
 *                                        key made
 *   POST /activate/{token}/email-code  a new e-mail code → the code page
 * Status codes mirror the API's (401 wrong code, 404 unknown link, 409 no
 * pending choice, 410 used or expired, 422 refused input, 429 locked or too
 * many attempts, 503); each refusal is a page that says what happened and
 * what to do, with the help desk (DK_SUPPORT_URL). */
#include "core/dk_config.h"
#include "i18n/dk_i18n.h"
#include "key_call.h"
#include "page.h"
#include "pages_keys.h"
#include "store/dk_token.h"
#include "web/dk_csrf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a mailed code stays valid (DESIGN12.md: key_email_codes). */
#define EMAIL_CODE_MINUTES 10

typedef struct {
    dk_intake *in;
    struct MHD_Connection *c;
    const char *token;
    char path[96];     /* /activate/{token}, or / for a malformed token */
    const char *qlang; /* ?lang= when it is one of ours */
    const char *lang;
    const char *support;
} act_ctx;

static void ctx_init(act_ctx *x, dk_intake *in, struct MHD_Connection *c, const char *token)
{
    memset(x, 0, sizeof *x);
    x->in = in;
    x->c = c;
    x->token = token;
    if (dk_token_valid(token))
        snprintf(x->path, sizeof x->path, "/activate/%s", token);
    else
        snprintf(x->path, sizeof x->path, "/");
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    x->qlang = dk_i18n_lang_known(q) ? dk_i18n_lang_or_default(q) : NULL;
    x->lang = x->qlang ? x->qlang : DK_I18N_DEFAULT_LANG;
    x->support = dk_config_str("DK_SUPPORT_URL");
}

/* Once the applicant is known, their language is the page's default. */
static void ctx_lang(act_ctx *x, const dk_key_result *res)
{
    if (!x->qlang && dk_i18n_lang_known(res->language))
        x->lang = dk_i18n_lang_or_default(res->language);
}

/* A fresh CSRF pair: the cookie into r, the field into csrf. */
static void issue_csrf(const act_ctx *x, dk_web_reply *r, char csrf[128])
{
    dk_web_issue_csrf(x->in->secure_cookies, x->in->csrf_key, DK_COOKIE_CSRF(x->in->secure_cookies),
                      r->set_cookie, sizeof r->set_cookie, csrf);
}

static void message(const act_ctx *x, dk_web_reply *r, int status, const char *reason,
                    const char *title_key, dk_page_sentence lead, const char *back_key,
                    int link_signin, int link_new)
{
    dk_key_message_model m = {.lang = x->lang,
                              .path = x->path,
                              .title_key = title_key,
                              .reason = reason,
                              .support_url = x->support,
                              .lead = lead,
                              .back_key = back_key,
                              .link_signin = link_signin,
                              .link_new = link_new};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_key_message(&page, &m), &page);
}

static dk_page_sentence said(const char *key)
{
    return (dk_page_sentence){key, NULL};
}

static void unavailable(const act_ctx *x, dk_web_reply *r)
{
    message(x, r, 503, "unavailable", "activate.failed_title", said("activate.failed"),
            "activate.retry", 0, 0);
    if (r->status == 503)
        r->retry_after = 30;
}

static void rate_limited(const act_ctx *x, dk_web_reply *r, int wait)
{
    char s[16];
    snprintf(s, sizeof s, "%d", wait);
    message(x, r, 429, "rate_limited", "activate.title", (dk_page_sentence){"rate_limited", s},
            "activate.retry", 0, 0);
    if (r->status == 429)
        r->retry_after = wait;
}

/* The refusals every step shares: the link itself. 1 when answered. */
static int link_refusal(const act_ctx *x, const dk_key_result *res, dk_web_reply *r)
{
    switch (res->status) {
    case DK_KEY_UNKNOWN:
        message(x, r, 404, "unknown", "activate.invalid_title", said("activate.invalid"), NULL, 0,
                0);
        return 1;
    case DK_KEY_GONE:
        message(x, r, 410, res->gone ? res->gone : "gone", "activate.gone_title",
                said("activate.gone"), NULL, 1, 1);
        return 1;
    case DK_KEY_LOCKED:
        message(x, r, 429, "locked", "activate.locked_title", said("activate.locked"), NULL, 0, 1);
        return 1;
    default:
        return 0;
    }
}

/* The code and the choice of key, with what was wrong. */
static void choice_page(const act_ctx *x, dk_web_reply *r, int status, dk_activate_model m)
{
    char csrf[128];
    issue_csrf(x, r, csrf);
    m.lang = x->lang;
    m.path = x->path;
    m.csrf = csrf;
    m.support_url = x->support;
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_activate(&page, &m), &page);
    r->csp = DK_PAGE_SCRIPT_CSP;
}

void dk_activate_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r)
{
    act_ctx x;
    ctx_init(&x, in, c, token);
    dk_key_result res;
    dk_key_result_init(&res);
    dk_keycall k = {.step = DK_KEYCALL_VIEW, .token = token};
    if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(&x, r);
    } else {
        ctx_lang(&x, &res);
        if (!link_refusal(&x, &res, r))
            choice_page(
                &x, r, 200,
                (dk_activate_model){.identifier = res.identifier[0] ? res.identifier : NULL,
                                    .key_type = res.pending_type[0] ? res.pending_type : NULL});
    }
    dk_key_result_free(&res);
}

/* A form field as typed, or NULL when absent; "" stays "". */
static const char *field(const json_t *values, const char *name)
{
    return json_string_value(json_object_get(values, name));
}

/* The fields of a POST within the per-address rate and after its CSRF
 * check; NULL after answering 429, 400 (unreadable, or a NUL inside a
 * value: no field of ours holds one) or 403. */
static json_t *checked_fields(const act_ctx *x, const char *body, size_t len, dk_web_reply *r)
{
    int wait;
    if (!dk_keycall_rate_ok(x->in, x->c, &wait)) {
        rate_limited(x, r, wait);
        return NULL;
    }
    json_t *values = json_object();
    int bad = !values || dk_web_form_fields(x->c, body, len, values) != 0;
    const char *name;
    json_t *v;
    if (!bad)
        json_object_foreach(values, name, v) bad |=
            strlen(json_string_value(v)) != json_string_length(v);
    if (bad) {
        message(x, r, 400, "bad_form", "activate.title", said("bad_form"), "activate.retry", 0, 0);
    } else if (!dk_web_csrf_pair_valid(x->c, x->in->csrf_key, DK_COOKIE_CSRF(x->in->secure_cookies),
                                       field(values, "csrf"))) {
        message(x, r, 403, "csrf", "csrf_title", said("csrf_failed"), "activate.retry", 0, 0);
        bad = 1;
    }
    if (bad) {
        json_decref(values);
        return NULL;
    }
    return values;
}

/* The second step of a key whose choice was accepted. */
static void totp_page(const act_ctx *x, dk_web_reply *r, int status, const char *uri,
                      const char *secret, int wrong)
{
    char csrf[128];
    issue_csrf(x, r, csrf);
    dk_activate_totp_model m = {.lang = x->lang,
                                .path = x->path,
                                .csrf = csrf,
                                .support_url = x->support,
                                .otpauth_uri = uri,
                                .secret = secret,
                                .wrong = wrong};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_activate_totp(&page, &m), &page);
}

static void email_page(const act_ctx *x, dk_web_reply *r, int status, const char *banner, int wrong)
{
    char csrf[128];
    issue_csrf(x, r, csrf);
    dk_activate_email_model m = {.lang = x->lang,
                                 .path = x->path,
                                 .csrf = csrf,
                                 .support_url = x->support,
                                 .banner = said(banner),
                                 .minutes = EMAIL_CODE_MINUTES,
                                 .wrong = wrong};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_activate_email(&page, &m), &page);
}

static void passkey_page(const act_ctx *x, dk_web_reply *r, const json_t *options)
{
    char csrf[128];
    issue_csrf(x, r, csrf);
    char *text = json_dumps(options, JSON_COMPACT);
    dk_activate_passkey_model m = {
        .lang = x->lang, .path = x->path, .csrf = csrf, .support_url = x->support, .options = text};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 200, text ? dk_page_render_activate_passkey(&page, &m) : -1, &page);
    r->csp = DK_PAGE_SCRIPT_CSP;
    free(text);
}

static void done_page(const act_ctx *x, dk_web_reply *r, const dk_key_result *res)
{
    dk_key_result_model m = {.lang = x->lang,
                             .path = x->path,
                             .key_type = res->key_type,
                             .level = res->assurance_level,
                             .identifier = res->identifier[0] ? res->identifier : NULL};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 201, dk_page_render_key_done(&page, &m), &page);
}

void dk_activate_page_choose(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_web_reply *r)
{
    act_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, body, len, r);
    if (!values)
        return;
    dk_key_choice ch = {.token = token,
                        .activation_code = field(values, "activation_code"),
                        .key_type = field(values, "key_type"),
                        .password = field(values, "password")};
    if (ch.password && !*ch.password) /* the field left empty: no password */
        ch.password = NULL;
    const char *repeat = field(values, "password_repeat");
    /* What is kept on the form again: a known choice, never a password. */
    dk_activate_model again = {.key_type =
                                   dk_page_key_type_known(ch.key_type) ? ch.key_type : NULL};
    dk_key_result res;
    dk_key_result_init(&res);
    dk_keycall k = {.step = DK_KEYCALL_CHOOSE, .choice = &ch};
    if (again.key_type && strcmp(again.key_type, "passkey") && ch.password && *ch.password &&
        (!repeat || strcmp(repeat, ch.password))) {
        /* Typed twice and not alike: nothing is sent before it is right. */
        again.repeat_error = "activate.password_mismatch";
        choice_page(&x, r, 422, again);
    } else if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(&x, r);
    } else {
        ctx_lang(&x, &res);
        again.identifier = res.identifier[0] ? res.identifier : NULL;
        dk_buf reason = DK_BUF_INIT;
        switch (res.status) {
        case DK_KEY_CREATED:
            done_page(&x, r, &res);
            break;
        case DK_KEY_OK:
            if (!strcmp(res.key_type, "totp"))
                totp_page(&x, r, 200, res.otpauth_uri, res.totp_secret, 0);
            else if (!strcmp(res.key_type, "email"))
                email_page(&x, r, 200, NULL, 0);
            else if (res.public_key)
                passkey_page(&x, r, res.public_key);
            else
                unavailable(&x, r);
            break;
        case DK_KEY_WRONG:
            again.code_error = "activate.code_wrong";
            again.banner = said("activate.code_wrong");
            choice_page(&x, r, 401, again);
            break;
        case DK_KEY_MALFORMED:
            if (res.field && !strcmp(res.field, "activation_code"))
                again.code_error = "activate.code_missing";
            else if (res.field && !strcmp(res.field, "password"))
                again.repeat_error = "activate.password_missing";
            else
                again.choice_error = "activate.choose_missing";
            choice_page(&x, r, 422, again);
            break;
        case DK_KEY_PASSWORD_REFUSED:
            dk_auth_password_reason_append(&reason, x.lang, res.reason, res.min_chars);
            again.password_error = reason.data ? reason.data : "";
            choice_page(&x, r, 422, again);
            break;
        default:
            if (!link_refusal(&x, &res, r))
                unavailable(&x, r);
        }
        dk_buf_free(&reason);
    }
    dk_key_result_free(&res);
    json_decref(values);
}

/* Which factor a confirmation form carried: "totp", "email" or
 * "passkey"; NULL when none. */
static const char *factor_of(const json_t *values)
{
    if (field(values, "totp"))
        return "totp";
    if (field(values, "email_code"))
        return "email";
    if (field(values, "passkey_id"))
        return "passkey";
    return NULL;
}

/* A wrong or malformed factor: its step again, saying so (a passkey's
 * options were single use: the way back to the choice instead). */
static void factor_again(const act_ctx *x, dk_web_reply *r, int status, const char *factor)
{
    if (factor && !strcmp(factor, "totp"))
        totp_page(x, r, status, NULL, NULL, 1);
    else if (factor && !strcmp(factor, "email"))
        email_page(x, r, status, NULL, 1);
    else
        message(x, r, status, "passkey_wrong", "activate.passkey_title",
                said("activate.passkey_wrong"), "activate.back_to_choice", 0, 0);
}

void dk_activate_page_confirm(dk_intake *in, struct MHD_Connection *c, const char *token,
                              const char *body, size_t len, dk_web_reply *r)
{
    act_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, body, len, r);
    if (!values)
        return;
    const char *factor = factor_of(values);
    dk_key_passkey pk = {.id = field(values, "passkey_id"),
                         .client_data_json = field(values, "passkey_client_data"),
                         .attestation_object = field(values, "passkey_attestation")};
    dk_key_confirmation cf = {.token = token};
    if (factor && !strcmp(factor, "totp"))
        cf.totp = field(values, "totp");
    else if (factor && !strcmp(factor, "email"))
        cf.email_code = field(values, "email_code");
    else if (factor)
        cf.passkey = &pk;
    dk_key_result res;
    dk_key_result_init(&res);
    dk_keycall k = {.step = DK_KEYCALL_CONFIRM, .confirmation = &cf};
    if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(&x, r);
    } else {
        ctx_lang(&x, &res);
        switch (res.status) {
        case DK_KEY_CREATED:
            done_page(&x, r, &res);
            break;
        case DK_KEY_WRONG:
            factor_again(&x, r, 401, factor);
            break;
        case DK_KEY_MALFORMED:
            factor_again(&x, r, 422, factor);
            break;
        case DK_KEY_NO_PENDING:
            message(&x, r, 409, "no_pending", "activate.no_choice_title",
                    said("activate.no_choice"), "activate.back_to_choice", 0, 0);
            break;
        default:
            if (!link_refusal(&x, &res, r))
                unavailable(&x, r);
        }
    }
    dk_key_result_free(&res);
    json_decref(values);
}

void dk_activate_page_email_code(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_web_reply *r)
{
    act_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, body, len, r);
    if (!values)
        return;
    dk_key_result res;
    dk_key_result_init(&res);
    dk_keycall k = {.step = DK_KEYCALL_EMAIL_CODE, .token = token};
    if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(&x, r);
    } else {
        ctx_lang(&x, &res);
        if (res.status == DK_KEY_CODE_SENT)
            email_page(&x, r, 202, "activate.email_resent", 0);
        else if (res.status == DK_KEY_NO_PENDING)
            message(&x, r, 409, "no_pending", "activate.no_choice_title",
                    said("activate.no_choice"), "activate.back_to_choice", 0, 0);
        else if (!link_refusal(&x, &res, r))
            unavailable(&x, r);
    }
    dk_key_result_free(&res);
    json_decref(values);
}
