/* form.c — the applicant's HTML form (GET /, POST /): nl/fr/en, every error
 * next to its field, readable on a 360 px phone, no JavaScript. A submission
 * becomes the same JSON body the API takes and goes through the same
 * validation and the same acknowledged submit. */
#include "dk_calendar.h"
#include "dk_clock.h"
#include "dk_country.h"
#include "dk_html.h"
#include "i18n.h"
#include "intake.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_SLOTS DK_APP_MAX_SLOTS
#define VISIBLE_SLOTS 3

/* ---- the form's values ---- */

static const char *const text_fields[] = {"last_name", "first_names", "birth_date",
                                          "birth_country", "birth_place", "sex", "insz",
                                          "email", "motivation", "language", NULL};

typedef struct {
    json_t *values;          /* field name → string, as typed */
    char csrf[128];
    char ui[4];              /* page language */
    int consent;
    int slot_row[FORM_SLOTS]; /* preferred_slots[i] came from form row slot_row[i] */
    int nslots;
    int overflow;            /* a value longer than we keep */
} form_data;

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    form_data *f = cls;
    /* A field may arrive in pieces: append to what we have. */
    const char *have = json_string_value(json_object_get(f->values, key));
    size_t had = have ? strlen(have) : 0;
    if (off == 0)
        had = 0;
    if (had + size > 20000) {
        f->overflow = 1;
        return MHD_YES;
    }
    char *v = malloc(had + size + 1);
    if (had)
        memcpy(v, have, had);
    memcpy(v + had, data, size);
    v[had + size] = '\0';
    json_object_set_new(f->values, key, json_stringn_nocheck(v, had + size));
    free(v);
    return MHD_YES;
}

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
    json_t *slots = json_array();
    f->nslots = 0;
    for (int row = 1; row <= FORM_SLOTS; row++) {
        char k[3][32];
        const char *v[3];
        int any = 0;
        static const char *const part[] = {"date", "from", "to"};
        for (int p = 0; p < 3; p++) {
            snprintf(k[p], sizeof k[p], "slot%d_%s", row, part[p]);
            v[p] = json_string_value(json_object_get(f->values, k[p]));
            any |= v[p] && *v[p];
        }
        if (!any)
            continue;
        json_array_append_new(slots, json_pack("{s:s, s:s, s:s}", "date", v[0] ? v[0] : "",
                                               "from", v[1] ? v[1] : "", "to", v[2] ? v[2] : ""));
        f->slot_row[f->nslots++] = row;
    }
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
    dk_html_escape_append(b, s, strlen(s));
}

/* The error code for a form field name, mapping slot rows back to the
 * compacted preferred_slots indexes the validator reports. */
static const char *error_for(const view *v, const char *api_field)
{
    return v->errs ? dk_app_error_for(v->errs, api_field) : NULL;
}

static void error_line(dk_buf *b, const view *v, const char *id, const char *code)
{
    if (!code)
        return;
    dk_buf_appendf(b, "<p class=\"error\" id=\"%s-error\">", id);
    esc(b, dk_app_error_message(code, v->lang));
    dk_buf_puts(b, "</p>");
}

static void input(dk_buf *b, const view *v, const char *name, const char *type,
                  const char *label_key, const char *hint_key, int required, const char *attrs)
{
    const char *code = error_for(v, name);
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"%s\">", code ? " invalid" : "", name);
    esc(b, dk_t(v->lang, label_key));
    dk_buf_puts(b, required ? " *</label>" : "</label>");
    if (hint_key) {
        dk_buf_appendf(b, "<p class=\"hint\" id=\"%s-hint\">", name);
        esc(b, dk_t(v->lang, hint_key));
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

static int cmp_country(const void *a, const void *b)
{
    return strcmp(((const dk_country_entry *)a)->name, ((const dk_country_entry *)b)->name);
}

static dk_country_entry *by_name;
static void sort_countries(void)
{
    by_name = malloc(dk_country_table_len * sizeof *by_name);
    memcpy(by_name, dk_country_table, dk_country_table_len * sizeof *by_name);
    qsort(by_name, dk_country_table_len, sizeof *by_name, cmp_country);
}

static void country_select(dk_buf *b, const view *v)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sort_countries);
    const char *code = error_for(v, "birth_country");
    const char *cur = val(v, "birth_country");
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"birth_country\">", code ? " invalid" : "");
    esc(b, dk_t(v->lang, "birth_country"));
    dk_buf_puts(b, " *</label>");
    error_line(b, v, "birth_country", code);
    dk_buf_appendf(b, "<select id=\"birth_country\" name=\"birth_country\" required%s>",
                   code ? " aria-invalid=\"true\" aria-describedby=\"birth_country-error\"" : "");
    dk_buf_puts(b, "<option value=\"\">");
    esc(b, dk_t(v->lang, "choose"));
    dk_buf_puts(b, "</option>");
    for (size_t i = 0; i < dk_country_table_len; i++) {
        dk_buf_appendf(b, "<option value=\"%s\"%s>", by_name[i].alpha2,
                       strcmp(cur, by_name[i].alpha2) == 0 ? " selected" : "");
        esc(b, by_name[i].name);
        dk_buf_puts(b, "</option>");
    }
    dk_buf_puts(b, "</select></div>");
}

static void radios(dk_buf *b, const view *v, const char *name, const char *legend_key,
                   const char *const *choices, const char *const *label_keys)
{
    const char *code = error_for(v, name);
    const char *cur = val(v, name);
    dk_buf_appendf(b, "<fieldset class=\"field%s\"><legend>", code ? " invalid" : "");
    esc(b, dk_t(v->lang, legend_key));
    dk_buf_puts(b, " *</legend>");
    error_line(b, v, name, code);
    dk_buf_puts(b, "<div class=\"choices\">");
    for (int i = 0; choices[i]; i++) {
        dk_buf_appendf(b, "<label class=\"choice\"><input type=\"radio\" name=\"%s\" value=\"%s\"%s%s> ",
                       name, choices[i], strcmp(cur, choices[i]) == 0 ? " checked" : "",
                       i == 0 ? " required" : "");
        esc(b, dk_t(v->lang, label_keys[i]));
        dk_buf_puts(b, "</label>");
    }
    dk_buf_puts(b, "</div></fieldset>");
}

static void slot_row(dk_buf *b, const view *v, int row, const char *min, const char *max,
                     const char *office_from, const char *office_to)
{
    /* The validator reports on preferred_slots[i]; find i for this row. */
    int idx = -1;
    for (int i = 0; v->form && i < v->form->nslots; i++)
        if (v->form->slot_row[i] == row)
            idx = i;
    static const char *const part[] = {"date", "from", "to"};
    const char *codes[4] = {NULL, NULL, NULL, NULL};
    if (idx >= 0) {
        char f[40];
        snprintf(f, sizeof f, "preferred_slots[%d]", idx);
        codes[3] = error_for(v, f);
        for (int p = 0; p < 3; p++) {
            snprintf(f, sizeof f, "preferred_slots[%d].%s", idx, part[p]);
            codes[p] = error_for(v, f);
        }
    } else if (row == 1) {
        codes[3] = error_for(v, "preferred_slots");
    }
    int bad = codes[0] || codes[1] || codes[2] || codes[3];
    dk_buf_appendf(b, "<fieldset class=\"slot%s\"><legend>", bad ? " invalid" : "");
    dk_t_appendf(b, v->lang, "slot_n", row);
    dk_buf_puts(b, row == 1 ? " *</legend>" : "</legend>");
    for (int p = 0; p < 4; p++) {
        if (!codes[p])
            continue;
        char id[24];
        snprintf(id, sizeof id, "slot%d_%s", row, p < 3 ? part[p] : "slot");
        error_line(b, v, id, codes[p]);
    }
    dk_buf_puts(b, "<div class=\"slot-inputs\">");
    for (int p = 0; p < 3; p++) {
        char name[24];
        snprintf(name, sizeof name, "slot%d_%s", row, part[p]);
        dk_buf_appendf(b, "<label>%s", "");
        esc(b, dk_t(v->lang, part[p]));
        if (p == 0)
            dk_buf_appendf(b, "<input name=\"%s\" type=\"date\" min=\"%s\" max=\"%s\"", name, min, max);
        else
            dk_buf_appendf(b, "<input name=\"%s\" type=\"time\" min=\"%s\" max=\"%s\" step=\"900\"",
                           name, office_from, office_to);
        dk_buf_puts(b, " value=\"");
        esc(b, val(v, name));
        dk_buf_appendf(b, "\"%s%s></label>", row == 1 ? " required" : "",
                       codes[p] || codes[3] ? " aria-invalid=\"true\"" : "");
    }
    dk_buf_puts(b, "</div></fieldset>");
}

static void page_start(dk_buf *b, const char *lang, const char *title_key)
{
    dk_buf_appendf(b, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>", lang);
    esc(b, dk_t(lang, title_key));
    dk_buf_puts(b, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
                   "<header><nav class=\"langs\" aria-label=\"Taal / Langue / Language\">");
    static const char *const langs[] = {"nl", "fr", "en"};
    for (int i = 0; i < 3; i++)
        dk_buf_appendf(b, "<a href=\"/?lang=%s\" lang=\"%s\"%s>%s</a>", langs[i], langs[i],
                       strcmp(lang, langs[i]) == 0 ? " aria-current=\"page\"" : "",
                       i == 0 ? "Nederlands" : i == 1 ? "Français" : "English");
    dk_buf_puts(b, "</nav><p class=\"brand\">Mijn digitale sleutels · Mes clés numériques</p><h1>");
    esc(b, dk_t(lang, title_key));
    dk_buf_puts(b, "</h1></header><main>");
}

static void page_end(dk_buf *b)
{
    dk_buf_puts(b, "</main></body></html>\n");
}

static void hhmm(int minute, char out[6])
{
    unsigned m = (unsigned)minute % 1440u;
    snprintf(out, 6, "%02u:%02u", m / 60u, m % 60u);
}

/* The form, with values and errors (both may be empty) and a banner. */
static void render_form(dk_intake *in, const view *v, const char *csrf, const char *banner,
                        dk_buf *b)
{
    page_start(b, v->lang, "title");
    dk_buf_puts(b, "<p class=\"lead\">");
    esc(b, dk_t(v->lang, "lead"));
    dk_buf_puts(b, "</p>");
    if (banner) {
        dk_buf_puts(b, "<div class=\"banner\" role=\"alert\">");
        esc(b, banner);
        dk_buf_puts(b, "</div>");
    } else if (v->errs && v->errs->n > 0) {
        dk_buf_puts(b, "<div class=\"banner\" role=\"alert\">");
        esc(b, dk_t(v->lang, "errors_summary"));
        dk_buf_puts(b, "</div>");
    }
    dk_buf_appendf(b, "<form method=\"post\" action=\"/?lang=%s\" accept-charset=\"utf-8\">", v->lang);
    dk_buf_appendf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf);
    dk_buf_appendf(b, "<input type=\"hidden\" name=\"ui\" value=\"%s\">", v->lang);
    dk_buf_puts(b, "<p class=\"hint\">");
    esc(b, dk_t(v->lang, "required_note"));
    dk_buf_puts(b, "</p><h2>");
    esc(b, dk_t(v->lang, "sec_personal"));
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
    esc(b, dk_t(v->lang, "sec_contact"));
    dk_buf_puts(b, "</h2>");
    input(b, v, "email", "email", "email", "email_hint", 1, " maxlength=\"254\" autocomplete=\"email\"");

    dk_buf_puts(b, "<h2>");
    esc(b, dk_t(v->lang, "sec_motivation"));
    dk_buf_puts(b, "</h2>");
    const char *mcode = error_for(v, "motivation");
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"motivation\">", mcode ? " invalid" : "");
    esc(b, dk_t(v->lang, "motivation"));
    dk_buf_puts(b, " *</label>");
    error_line(b, v, "motivation", mcode);
    dk_buf_appendf(b, "<textarea id=\"motivation\" name=\"motivation\" rows=\"4\" maxlength=\"%d\" required%s>",
                   in->rules.max_motivation_chars,
                   mcode ? " aria-invalid=\"true\" aria-describedby=\"motivation-error\"" : "");
    esc(b, val(v, "motivation"));
    dk_buf_puts(b, "</textarea></div>");

    dk_date first, last;
    dk_slot_window(dk_now_ms(), &first, &last);
    char min[11], max[11], of[6], ot[6];
    dk_date_format(first, min);
    dk_date_format(last, max);
    hhmm(in->rules.office_from_min, of);
    hhmm(in->rules.office_to_min, ot);
    dk_buf_puts(b, "<h2>");
    esc(b, dk_t(v->lang, "sec_slots"));
    dk_buf_puts(b, "</h2><p class=\"hint\">");
    dk_t_appendf(b, v->lang, "slots_hint", min, max, of, ot);
    dk_buf_puts(b, "</p>");
    /* Rows 4..10 fold away unless one of them holds a value. */
    int open_more = 0;
    for (int row = VISIBLE_SLOTS + 1; row <= FORM_SLOTS && v->form; row++)
        for (int i = 0; i < v->form->nslots; i++)
            open_more |= v->form->slot_row[i] == row;
    for (int row = 1; row <= FORM_SLOTS; row++) {
        if (row == VISIBLE_SLOTS + 1) {
            dk_buf_appendf(b, "<details%s><summary>", open_more ? " open" : "");
            esc(b, dk_t(v->lang, "more_slots"));
            dk_buf_puts(b, "</summary>");
        }
        slot_row(b, v, row, min, max, of, ot);
    }
    dk_buf_puts(b, "</details>");

    dk_buf_puts(b, "<h2>");
    esc(b, dk_t(v->lang, "sec_language"));
    dk_buf_puts(b, "</h2>");
    static const char *const langs[] = {"nl", "fr", "en", NULL};
    static const char *const lang_labels[] = {"lang_nl", "lang_fr", "lang_en"};
    radios(b, v, "language", "language", langs, lang_labels);

    const char *ccode = error_for(v, "consent");
    dk_buf_appendf(b, "<div class=\"field consent%s\">", ccode ? " invalid" : "");
    error_line(b, v, "consent", ccode);
    dk_buf_appendf(b, "<label><input type=\"checkbox\" name=\"consent\" value=\"yes\" required%s> ",
                   v->form && v->form->consent ? " checked" : "");
    esc(b, dk_t(v->lang, "consent"));
    dk_buf_puts(b, "</label></div><button type=\"submit\">");
    esc(b, dk_t(v->lang, "submit"));
    dk_buf_puts(b, "</button></form>");
    page_end(b);
}

static void set_csrf_cookie(dk_intake *in, dk_reply *r, const char *token)
{
    snprintf(r->set_cookie, sizeof r->set_cookie,
             "dk_csrf=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
             in->secure_cookies ? "; Secure" : "");
}

static void reply_form(dk_intake *in, dk_reply *r, int status, const view *v, const char *banner)
{
    char token[128];
    dk_csrf_issue(in->csrf_key, token);
    set_csrf_cookie(in, r, token);
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    render_form(in, v, token, banner, &r->body);
}

void dk_form_get(dk_intake *in, struct MHD_Connection *c, dk_reply *r)
{
    const char *lang =
        dk_lang_or_default(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    json_t *values = json_pack("{s:s}", "language", lang);
    view v = {.lang = lang, .values = values};
    reply_form(in, r, 200, &v, NULL);
    json_decref(values);
}

static void render_success(const char *lang, const char *id, const char *code, dk_buf *b)
{
    page_start(b, lang, "success_title");
    dk_buf_puts(b, "<section class=\"code\" aria-labelledby=\"code-label\"><h2 id=\"code-label\">");
    esc(b, dk_t(lang, "code_label"));
    dk_buf_appendf(b, "</h2><p class=\"security-code\" id=\"security-code\">%s</p><p>", code);
    esc(b, dk_t(lang, "code_keep"));
    dk_buf_puts(b, "</p><p><strong>");
    esc(b, dk_t(lang, "code_never"));
    dk_buf_puts(b, "</strong></p></section><p>");
    esc(b, dk_t(lang, "reference"));
    dk_buf_appendf(b, ": <code id=\"application-id\">%s</code></p><p>", id);
    esc(b, dk_t(lang, "next_steps"));
    dk_buf_puts(b, "</p>");
    page_end(b);
}

void dk_form_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                  dk_reply *r)
{
    form_data f = {.values = json_object()};
    const char *qlang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    const char *lang = dk_lang_or_default(qlang);
    struct MHD_PostProcessor *pp = MHD_create_post_processor(c, 16384, on_field, &f);
    int parsed = pp && MHD_post_process(pp, body, len) == MHD_YES;
    if (pp)
        MHD_destroy_post_processor(pp);
    json_t *req = form_to_body(&f);
    view v = {.lang = lang, .values = f.values, .form = &f};
    if (!parsed || f.overflow) {
        reply_form(in, r, 400, &v, dk_t(lang, "bad_form"));
        goto out;
    }
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "dk_csrf");
    if (!dk_csrf_valid(in->csrf_key, cookie,
                       json_string_value(json_object_get(f.values, "csrf")))) {
        reply_form(in, r, 403, &v, dk_t(lang, "csrf_failed"));
        goto out;
    }
    char addr[64];
    int wait = 0;
    dk_intake_client_addr(in, c, addr);
    if (!dk_ratelimit_take(in->limiter, addr, &wait)) {
        dk_buf msg = {0};
        dk_t_appendf(&msg, lang, "rate_limited", wait);
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
    char id[37], code[32];
    if (dk_submit(in, req, id, code) != 0) {
        reply_form(in, r, 503, &v, dk_t(lang, "unavailable"));
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
