/* form.c — the applicant's HTML form (GET /, POST /): nl/fr/en, every error
 * next to its field, readable on a 320 px phone, no JavaScript. A submission
 * becomes the same JSON body the API takes and goes through the same
 * validation and the same acknowledged submit. */
#include "core/dk_clock.h"
#include "belgium/dk_country.h"
#include "i18n/dk_i18n.h"
#include "intake.h"
#include "page.h"

#include <stdio.h>
#include <string.h>

/* ---- the form's values ---- */

static const char *const text_fields[] = {"last_name", "first_names", "birth_date",
                                          "birth_country", "birth_place", "sex", "insz",
                                          "email", "motivation", "language", NULL};

typedef struct {
    json_t *values;          /* field name → string, as typed */
    char csrf[128];
    char ui[4];              /* page language */
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

/* ---- rendering ---- */

typedef struct {
    const char *lang;
    const json_t *values;
    const dk_field_errors *errs;
    const form_data *form;
} view;

static const char *val(const view *v, const char *name)
{
    const char *s = json_string_value(json_object_get(v->values, name));
    return s ? s : "";
}

static void esc(dk_buf *b, const char *s)
{
    dk_page_esc(b, s);
}

/* The error code the validator reported for a field (slot rows are mapped
 * back to preferred_slots indexes in slot_fields.c). */
static const char *error_for(const view *v, const char *api_field)
{
    return v->errs ? dk_app_error_for(v->errs, api_field) : NULL;
}

static void error_line(dk_buf *b, const view *v, const char *id, const char *code)
{
    dk_page_error_line(b, v->lang, id, code);
}

static void input(dk_buf *b, const view *v, const char *name, const char *type,
                  const char *label_key, const char *hint_key, int required, const char *attrs)
{
    const char *code = error_for(v, name);
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"%s\">", code ? " invalid" : "", name);
    esc(b, dk_i18n_text(v->lang, label_key));
    dk_buf_puts(b, required ? " *</label>" : "</label>");
    if (hint_key) {
        dk_buf_appendf(b, "<p class=\"hint\" id=\"%s-hint\">", name);
        esc(b, dk_i18n_text(v->lang, hint_key));
        dk_buf_puts(b, "</p>");
    }
    error_line(b, v, name, code);
    dk_buf_appendf(b, "<input id=\"%s\" name=\"%s\" type=\"%s\" value=\"", name, name, type);
    esc(b, val(v, name));
    dk_buf_appendf(b, "\"%s%s", required ? " required" : "", attrs ? attrs : "");
    char desc[96] = "";
    if (hint_key)
        snprintf(desc, sizeof desc, "%s-hint", name);
    if (code)
        snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%s%s-error",
                 desc[0] ? " " : "", name);
    if (desc[0])
        dk_buf_appendf(b, " aria-describedby=\"%s\"", desc);
    if (code)
        dk_buf_puts(b, " aria-invalid=\"true\"");
    dk_buf_puts(b, "></div>");
}

/* One <option> of the country list; selected when it is the submitted value. */
static void country_option(dk_buf *b, const char *alpha2, const char *name, const char *cur)
{
    dk_buf_appendf(b, "<option value=\"%s\"%s>", alpha2,
                   strcmp(cur, alpha2) == 0 ? " selected" : "");
    esc(b, name);
    dk_buf_puts(b, "</option>");
}

/* The countries by name in the page's language (accents and case ignored,
 * dk_country_by_name), Belgium first as on Belgian government forms: most
 * applicants were born here. Belgium is not repeated in its sorted place: two
 * options with one value and one label would both be marked selected after a
 * form error, and picking an option by its label would be ambiguous. */
static void country_options(dk_buf *b, const view *v, const char *cur)
{
    static const char first[] = "BE";
    country_option(b, first, dk_country_name_in(first, v->lang), cur);
    const dk_country_entry *const *sorted = dk_country_by_name(v->lang);
    for (size_t i = 0; i < dk_country_table_len; i++)
        if (strcmp(sorted[i]->alpha2, first) != 0)
            country_option(b, sorted[i]->alpha2, dk_country_entry_name(sorted[i], v->lang), cur);
}

static void country_select(dk_buf *b, const view *v)
{
    const char *code = error_for(v, "birth_country");
    const char *cur = val(v, "birth_country");
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"birth_country\">", code ? " invalid" : "");
    esc(b, dk_i18n_text(v->lang, "birth_country"));
    dk_buf_puts(b, " *</label>");
    error_line(b, v, "birth_country", code);
    dk_buf_appendf(b, "<select id=\"birth_country\" name=\"birth_country\" required%s>",
                   code ? " aria-invalid=\"true\" aria-describedby=\"birth_country-error\"" : "");
    dk_buf_puts(b, "<option value=\"\">");
    esc(b, dk_i18n_text(v->lang, "choose"));
    dk_buf_puts(b, "</option>");
    country_options(b, v, cur);
    dk_buf_puts(b, "</select></div>");
}

static void radios(dk_buf *b, const view *v, const char *name, const char *legend_key,
                   const char *const *choices, const char *const *label_keys)
{
    const char *code = error_for(v, name);
    const char *cur = val(v, name);
    dk_buf_appendf(b, "<fieldset class=\"field%s\"><legend>", code ? " invalid" : "");
    esc(b, dk_i18n_text(v->lang, legend_key));
    dk_buf_puts(b, " *</legend>");
    error_line(b, v, name, code);
    dk_buf_puts(b, "<div class=\"choices\">");
    for (int i = 0; choices[i]; i++) {
        dk_buf_appendf(b, "<label class=\"choice\"><input type=\"radio\" name=\"%s\" value=\"%s\"%s%s> ",
                       name, choices[i], strcmp(cur, choices[i]) == 0 ? " checked" : "",
                       i == 0 ? " required" : "");
        esc(b, dk_i18n_text(v->lang, label_keys[i]));
        dk_buf_puts(b, "</label>");
    }
    dk_buf_puts(b, "</div></fieldset>");
}

/* The form, with values and errors (both may be empty) and a banner. */
static void render_form(dk_intake *in, const view *v, const char *csrf, const char *banner,
                        dk_buf *b)
{
    dk_page_start(b, v->lang, "title", "/");
    dk_buf_puts(b, "<p class=\"lead\">");
    esc(b, dk_i18n_text(v->lang, "lead"));
    dk_buf_puts(b, "</p>");
    if (banner) {
        dk_buf_puts(b, "<div class=\"banner\" role=\"alert\">");
        esc(b, banner);
        dk_buf_puts(b, "</div>");
    } else if (v->errs && v->errs->n > 0) {
        dk_buf_puts(b, "<div class=\"banner\" role=\"alert\">");
        esc(b, dk_i18n_text(v->lang, "errors_summary"));
        dk_buf_puts(b, "</div>");
    }
    dk_buf_appendf(b, "<form method=\"post\" action=\"/?lang=%s\" accept-charset=\"utf-8\">", v->lang);
    dk_buf_appendf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf);
    dk_buf_appendf(b, "<input type=\"hidden\" name=\"ui\" value=\"%s\">", v->lang);
    dk_buf_puts(b, "<p class=\"hint\">");
    esc(b, dk_i18n_text(v->lang, "required_note"));
    dk_buf_puts(b, "</p><h2>");
    esc(b, dk_i18n_text(v->lang, "sec_personal"));
    dk_buf_puts(b, "</h2>");
    char maxlen[48];
    snprintf(maxlen, sizeof maxlen, " maxlength=\"%d\"", in->rules.max_name_chars);
    input(b, v, "last_name", "text", "last_name", NULL, 1, maxlen);
    input(b, v, "first_names", "text", "first_names", NULL, 1, maxlen);
    input(b, v, "birth_date", "date", "birth_date", NULL, 1, " max=\"9999-12-31\"");
    country_select(b, v);
    input(b, v, "birth_place", "text", "birth_place", NULL, 1, maxlen);
    static const char *const sexes[] = {"F", "M", "X", NULL};
    static const char *const sex_labels[] = {"sex_F", "sex_M", "sex_X"};
    radios(b, v, "sex", "sex", sexes, sex_labels);
    input(b, v, "insz", "text", "insz", "insz_hint", 0, " inputmode=\"numeric\" maxlength=\"20\"");
    dk_buf_puts(b, "<h2>");
    esc(b, dk_i18n_text(v->lang, "sec_contact"));
    dk_buf_puts(b, "</h2>");
    input(b, v, "email", "email", "email", "email_hint", 1, " maxlength=\"254\" autocomplete=\"email\"");

    dk_buf_puts(b, "<h2>");
    esc(b, dk_i18n_text(v->lang, "sec_motivation"));
    dk_buf_puts(b, "</h2>");
    const char *mcode = error_for(v, "motivation");
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"motivation\">", mcode ? " invalid" : "");
    esc(b, dk_i18n_text(v->lang, "motivation"));
    dk_buf_puts(b, " *</label>");
    error_line(b, v, "motivation", mcode);
    dk_buf_appendf(b, "<textarea id=\"motivation\" name=\"motivation\" rows=\"4\" maxlength=\"%d\" required%s>",
                   in->rules.max_motivation_chars,
                   mcode ? " aria-invalid=\"true\" aria-describedby=\"motivation-error\"" : "");
    esc(b, val(v, "motivation"));
    dk_buf_puts(b, "</textarea></div>");

    dk_buf_puts(b, "<h2>");
    esc(b, dk_i18n_text(v->lang, "sec_slots"));
    dk_buf_puts(b, "</h2>");
    dk_slot_view sv = {.lang = v->lang, .values = v->values, .errs = v->errs,
                       .slot_row = v->form ? v->form->slot_row : NULL,
                       .nslots = v->form ? v->form->nslots : 0};
    dk_slot_fields_render(b, &sv, &in->rules);

    dk_buf_puts(b, "<h2>");
    esc(b, dk_i18n_text(v->lang, "sec_language"));
    dk_buf_puts(b, "</h2>");
    static const char *const langs[] = {"nl", "fr", "en", NULL};
    static const char *const lang_labels[] = {"lang_nl", "lang_fr", "lang_en"};
    radios(b, v, "language", "language", langs, lang_labels);

    const char *ccode = error_for(v, "consent");
    dk_buf_appendf(b, "<div class=\"field consent%s\">", ccode ? " invalid" : "");
    error_line(b, v, "consent", ccode);
    dk_buf_appendf(b, "<label><input type=\"checkbox\" name=\"consent\" value=\"yes\" required%s> ",
                   v->form && v->form->consent ? " checked" : "");
    esc(b, dk_i18n_text(v->lang, "consent"));
    dk_buf_puts(b, "</label></div><button type=\"submit\">");
    esc(b, dk_i18n_text(v->lang, "submit"));
    dk_buf_puts(b, "</button></form>");
    dk_page_end(b);
}

static void reply_form(dk_intake *in, dk_reply *r, int status, const view *v, const char *banner)
{
    char token[128];
    dk_page_issue_csrf(in->secure_cookies, in->csrf_key, r->set_cookie, sizeof r->set_cookie,
                       token);
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    render_form(in, v, token, banner, &r->body);
}

void dk_form_get(dk_intake *in, struct MHD_Connection *c, dk_reply *r)
{
    const char *lang =
        dk_i18n_lang_or_default(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    json_t *values = json_pack("{s:s}", "language", lang);
    view v = {.lang = lang, .values = values};
    reply_form(in, r, 200, &v, NULL);
    json_decref(values);
}

static void render_success(const char *lang, const char *id, const char *code, dk_buf *b)
{
    dk_page_start(b, lang, "success_title", "/");
    dk_buf_puts(b, "<section class=\"code\" aria-labelledby=\"code-label\"><h2 id=\"code-label\">");
    esc(b, dk_i18n_text(lang, "code_label"));
    dk_buf_appendf(b, "</h2><p class=\"security-code\" id=\"security-code\">%s</p><p>", code);
    esc(b, dk_i18n_text(lang, "code_keep"));
    dk_buf_puts(b, "</p><p><strong>");
    esc(b, dk_i18n_text(lang, "code_never"));
    dk_buf_puts(b, "</strong></p></section><p>");
    esc(b, dk_i18n_text(lang, "reference"));
    dk_buf_appendf(b, ": <code id=\"application-id\">%s</code></p><p>", id);
    esc(b, dk_i18n_text(lang, "next_steps"));
    dk_buf_puts(b, "</p>");
    dk_page_end(b);
}

void dk_form_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                  dk_reply *r)
{
    form_data f = {.values = json_object()};
    const char *qlang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    const char *lang = dk_i18n_lang_or_default(qlang);
    int parsed = dk_page_form_fields(c, body, len, f.values) == 0;
    json_t *req = form_to_body(&f);
    view v = {.lang = lang, .values = f.values, .form = &f};
    if (!parsed) {
        reply_form(in, r, 400, &v, dk_i18n_text(lang, "bad_form"));
        goto out;
    }
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                     DK_COOKIE_CSRF(in->secure_cookies));
    if (!dk_csrf_valid(in->csrf_key, cookie,
                       json_string_value(json_object_get(f.values, "csrf")))) {
        reply_form(in, r, 403, &v, dk_i18n_text(lang, "csrf_failed"));
        goto out;
    }
    char addr[64];
    int wait = 0;
    dk_intake_client_addr(in, c, addr);
    if (!dk_ratelimit_take(in->limiter, addr, &wait)) {
        dk_buf msg = {0};
        DK_I18N_APPENDF(&msg, lang, rate_limited, wait);
        reply_form(in, r, 429, &v, msg.data);
        r->retry_after = wait;
        dk_buf_free(&msg);
        goto out;
    }
    dk_field_errors errs;
    if (dk_app_validate(req, dk_now_ms(), &in->rules, &errs) > 0) {
        v.errs = &errs;
        reply_form(in, r, 422, &v, NULL);
        goto out;
    }
    if (dk_intake_address_in_use(in, json_string_value(json_object_get(req, "email")))) {
        errs = (dk_field_errors){.n = 1, .e = {{.field = "email", .code = "application_exists"}}};
        v.errs = &errs;
        reply_form(in, r, 409, &v, NULL);
        goto out;
    }
    char id[37], code[32];
    if (dk_submit(in, req, addr, id, code) != 0) {
        reply_form(in, r, 503, &v, dk_i18n_text(lang, "unavailable"));
        r->retry_after = 60;
        goto out;
    }
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    render_success(lang, id, code, &r->body);
out:
    json_decref(req);
    json_decref(f.values);
}
