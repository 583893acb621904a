/* SPDX-License-Identifier: EUPL-1.2 */
/* page_form.c — the models of the request form (form.html) and of the page
 * that shows the security code once (success.html). What the form shows is
 * decided here: each field with its value as typed, its error next to it
 * and the aria attributes that tie them; the countries by name in the
 * page's language. */
#include "belgium/dk_country.h"
#include "pages.h"

#include <stdio.h>
#include <string.h>

static const char *typed(const dk_form_model *m, const char *name)
{
    const char *s = json_string_value(json_object_get(m->values, name));
    return s ? s : "";
}

static const char *error_for(const dk_form_model *m, const char *api_field)
{
    return m->errs ? dk_app_error_for(m->errs, api_field) : NULL;
}

/* The optional attributes of an input, in the order they are written. */
typedef struct {
    const char *max, *inputmode, *maxlength, *autocomplete;
} input_attrs;

static json_t *opt(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *input(const dk_form_model *m, const char *name, const char *type,
                     const char *hint_key, int required, input_attrs a)
{
    const char *code = error_for(m, name);
    char desc[96] = "";
    if (hint_key)
        snprintf(desc, sizeof desc, "%s-hint", name);
    if (code)
        snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%s%s-error", desc[0] ? " " : "",
                 name);
    return json_pack("{s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name", name,
                     "type", type, "label_key", name, "hint_key", opt(hint_key), "required",
                     required, "value", dk_page_str(typed(m, name)), "error",
                     dk_page_error(m->lang, name, code), "describedby", opt(desc[0] ? desc : NULL),
                     "max", opt(a.max), "inputmode", opt(a.inputmode), "maxlength",
                     opt(a.maxlength), "autocomplete", opt(a.autocomplete));
}

/* The countries by name in the page's language (accents and case ignored,
 * dk_country_by_name), Belgium first as on Belgian government forms: most
 * applicants were born here. Belgium is not repeated in its sorted place: two
 * options with one value and one label would both be marked selected after a
 * form error, and picking an option by its label would be ambiguous. */
static json_t *countries(const dk_form_model *m)
{
    static const char first[] = "BE";
    const char *cur = typed(m, "birth_country");
    json_t *list = json_array();
    json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", first, "label",
                                          dk_country_name_in(first, m->lang), "selected",
                                          !strcmp(cur, first)));
    const dk_country_entry *const *sorted = dk_country_by_name(m->lang);
    for (size_t i = 0; i < dk_country_table_len; i++)
        if (strcmp(sorted[i]->alpha2, first) != 0 &&
            json_array_append_new(list,
                                  json_pack("{s:s, s:s, s:b}", "code", sorted[i]->alpha2, "label",
                                            dk_country_entry_name(sorted[i], m->lang), "selected",
                                            !strcmp(cur, sorted[i]->alpha2))) != 0) {
            json_decref(list);
            return NULL;
        }
    return list;
}

/* A required choice among values, each worded by its key. */
static json_t *radios(const dk_form_model *m, const char *name, const char *const *values,
                      const char *const *label_keys)
{
    const char *cur = typed(m, name);
    json_t *choices = json_array();
    for (int i = 0; values[i]; i++)
        json_array_append_new(choices, json_pack("{s:s, s:s, s:b, s:b}", "value", values[i],
                                                 "label_key", label_keys[i], "checked",
                                                 !strcmp(cur, values[i]), "first", i == 0));
    return json_pack("{s:s, s:s, s:o, s:o}", "name", name, "legend_key", name, "error",
                     dk_page_error(m->lang, name, error_for(m, name)), "choices", choices);
}

int dk_page_render_form(dk_buf *out, const dk_form_model *m)
{
    char maxlen[16], maxmot[16];
    snprintf(maxlen, sizeof maxlen, "%d", m->rules->max_name_chars);
    snprintf(maxmot, sizeof maxmot, "%d", m->rules->max_motivation_chars);
    static const char *const sexes[] = {"F", "M", "X", NULL};
    static const char *const sex_labels[] = {"sex_F", "sex_M", "sex_X"};
    static const char *const langs[] = {"nl", "fr", "en", NULL};
    static const char *const lang_labels[] = {"lang_nl", "lang_fr", "lang_en"};
    const char *banner = m->banner.key               ? m->banner.key
                         : m->errs && m->errs->n > 0 ? "errors_summary"
                                                     : NULL;
    json_t *vars = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "title_key",
        "title", "csrf", m->csrf, "banner",
        banner ? json_pack("{s:s, s:o}", "key", banner, "arg",
                           m->banner.key ? opt(m->banner.arg) : json_null())
               : json_null(),
        "last_name", input(m, "last_name", "text", NULL, 1, (input_attrs){.maxlength = maxlen}),
        "first_names", input(m, "first_names", "text", NULL, 1, (input_attrs){.maxlength = maxlen}),
        "birth_date", input(m, "birth_date", "date", NULL, 1, (input_attrs){.max = "9999-12-31"}),
        "birth_country",
        json_pack("{s:o, s:o}", "error",
                  dk_page_error(m->lang, "birth_country", error_for(m, "birth_country")),
                  "countries", countries(m)),
        "birth_place", input(m, "birth_place", "text", NULL, 1, (input_attrs){.maxlength = maxlen}),
        "sex", radios(m, "sex", sexes, sex_labels), "insz",
        input(m, "insz", "text", "insz_hint", 0,
              (input_attrs){.inputmode = "numeric", .maxlength = "20"}),
        "email",
        input(m, "email", "email", "email_hint", 1,
              (input_attrs){.maxlength = "254", .autocomplete = "email"}),
        "motivation",
        json_pack("{s:s, s:o, s:o}", "maxlength", maxmot, "value",
                  dk_page_str(typed(m, "motivation")), "error",
                  dk_page_error(m->lang, "motivation", error_for(m, "motivation"))),
        "slots", dk_page_slots_model(m->lang, &m->slots, m->rules, m->now_ms), "language",
        radios(m, "language", langs, lang_labels), "consent",
        json_pack("{s:b, s:o}", "checked", m->consent, "error",
                  dk_page_error(m->lang, "consent", error_for(m, "consent"))));
    return dk_page_render_template(out, "form", m->lang, "/", vars);
}

int dk_page_render_success(dk_buf *out, const dk_success_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:o, s:o}", "title_key", "success_title", "code",
                  dk_page_str(m->security_code), "application_id", dk_page_str(m->application_id));
    return dk_page_render_template(out, "success", m->lang, "/", vars);
}
