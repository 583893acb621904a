/* SPDX-License-Identifier: EUPL-1.2 */
/* form.c — the applicant's HTML form (GET /, POST /): nl/fr/en, every error
 * next to its field, readable on a 320 px phone, no JavaScript (the page
 * itself is page_form.c's). A submission becomes the same JSON body the API
 * takes and goes through the same validation and the same acknowledged
 * submit. */
#include "core/dk_clock.h"
#include "i18n/dk_i18n.h"
#include "intake.h"
#include "page.h"

#include <stdio.h>
#include <string.h>

/* ---- the form's values ---- */

static const char *const text_fields[] = {
    "last_name", "first_names", "birth_date", "birth_country", "birth_place", "sex",
    "insz",      "email",       "motivation", "language",      NULL};

typedef struct {
    json_t *values; /* field name → string, as typed */
    char csrf[128];
    char ui[4]; /* page language */
    int consent;
    int slot_row[DK_APP_MAX_SLOTS]; /* preferred_slots[i] came from form row slot_row[i] */
    int nslots;
} form_data;

/* The API body the form stands for. Slot rows left empty are skipped. */
static json_t *form_to_body(form_data *f)
{
    json_t *body = json_object();
    for (const char *const *k = text_fields; *k; k++) {
        json_t *v = json_object_get(f->values, *k);
        if (v)
            json_object_set(body, *k, v);
    }
    const char *consent = json_string_value(json_object_get(f->values, "consent"));
    f->consent = consent && (!strcmp(consent, "yes") || !strcmp(consent, "on"));
    json_object_set_new(body, "consent", json_boolean(f->consent));
    json_t *slots = dk_slot_fields_collect(f->values, f->slot_row, &f->nslots);
    json_object_set_new(body, "preferred_slots", slots);
    const char *insz = json_string_value(json_object_get(body, "insz"));
    if (insz && !*insz)
        json_object_del(body, "insz");
    return body;
}

/* ---- answering with a page ---- */

/* The form (form.html) with the values and errors (both may be empty) and a
 * banner, with a fresh CSRF pair. */
static void reply_form(dk_intake *in, dk_web_reply *r, int status, const char *lang,
                       const form_data *f, const dk_field_errors *errs, dk_page_sentence banner)
{
    char token[128];
    dk_web_issue_csrf(in->secure_cookies, in->csrf_key, DK_COOKIE_CSRF(in->secure_cookies),
                      r->set_cookie, sizeof r->set_cookie, token);
    dk_form_model m = {
        .lang = lang,
        .csrf = token,
        .banner = banner,
        .values = f->values,
        .errs = errs,
        .consent = f->consent,
        .slots = {.values = f->values, .errs = errs, .slot_row = f->slot_row, .nslots = f->nslots},
        .rules = &in->rules,
        .now_ms = dk_now_ms()};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_form(&page, &m), &page);
}

static const dk_page_sentence no_banner = {NULL, NULL};

void dk_form_get(dk_intake *in, struct MHD_Connection *c, dk_web_reply *r)
{
    const char *lang =
        dk_i18n_lang_or_default(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    form_data f = {.values = json_pack("{s:s}", "language", lang)};
    reply_form(in, r, 200, lang, &f, NULL, no_banner);
    json_decref(f.values);
}

void dk_form_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                  dk_web_reply *r)
{
    form_data f = {.values = json_object()};
    const char *qlang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    const char *lang = dk_i18n_lang_or_default(qlang);
    int parsed = dk_web_form_fields(c, body, len, f.values) == 0;
    json_t *req = form_to_body(&f);
    if (!parsed) {
        reply_form(in, r, 400, lang, &f, NULL, (dk_page_sentence){"bad_form", NULL});
        goto out;
    }
    const char *cookie =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, DK_COOKIE_CSRF(in->secure_cookies));
    if (!dk_csrf_valid(in->csrf_key, cookie,
                       json_string_value(json_object_get(f.values, "csrf")))) {
        reply_form(in, r, 403, lang, &f, NULL, (dk_page_sentence){"csrf_failed", NULL});
        goto out;
    }
    char addr[64];
    int wait = 0;
    dk_web_client_addr(c, in->trust_proxy, addr);
    if (!dk_ratelimit_take(in->limiter, addr, &wait)) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", wait);
        reply_form(in, r, 429, lang, &f, NULL, (dk_page_sentence){"rate_limited", seconds});
        if (r->status == 429)
            r->retry_after = wait;
        goto out;
    }
    dk_field_errors errs;
    if (dk_app_validate(req, dk_now_ms(), &in->rules, &errs) > 0) {
        reply_form(in, r, 422, lang, &f, &errs, no_banner);
        goto out;
    }
    if (dk_intake_address_in_use(in, json_string_value(json_object_get(req, "email")))) {
        errs = (dk_field_errors){.n = 1, .e = {{.field = "email", .code = "application_exists"}}};
        reply_form(in, r, 409, lang, &f, &errs, no_banner);
        goto out;
    }
    char id[37], code[32];
    if (dk_submit(in, req, addr, id, code) != 0) {
        reply_form(in, r, 503, lang, &f, NULL, (dk_page_sentence){"unavailable", NULL});
        if (r->status == 503)
            r->retry_after = 60;
        goto out;
    }
    dk_success_model m = {.lang = lang, .application_id = id, .security_code = code};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 200, dk_page_render_success(&page, &m), &page);
out:
    json_decref(req);
    json_decref(f.values);
}
