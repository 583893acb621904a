/* SPDX-License-Identifier: EUPL-1.2 */
/* page_dossier.c — the dossier page's model: the dossier's JSON with what
 * the template needs beside it, each label a catalogue key (the six checks,
 * what each document's MRZ says and how it compares, the register's answer,
 * the drawn features, the document kinds to draw for, the outcome's reasons
 * and missing items, the events of the history), the current results
 * marked, and the forms left out once an outcome is recorded. */
#include "booking/dk_missing_items.h"
#include "console.h"
#include "core/dk_buf.h"
#include "i18n/dk_i18n.h"
#include "interview/dk_feature.h"
#include "interview/dk_outcome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *key_of(const char *prefix, const char *code)
{
    char k[96];
    snprintf(k, sizeof k, "%s%s", prefix, code);
    return json_string(k);
}

static const char *result_of(const json_t *checks, const char *key)
{
    return json_string_value(json_object_get(json_object_get(checks, key), "result"));
}

static json_t *seed_checks(const json_t *checks)
{
    json_t *list = json_array();
    for (size_t i = 0; i < DK_OUTCOME_CHECKS; i++) {
        const char *k = dk_outcome_check(i);
        const char *res = result_of(checks, k);
        const char *until =
            json_string_value(json_object_get(json_object_get(checks, k), "valid_until"));
        json_array_append_new(list, json_pack("{s:s, s:o, s:s, s:b, s:b, s:b, s:s}", "key", k,
                                              "label_key", key_of("console.check.", k), "result",
                                              res ? res : "", "yes", res && !strcmp(res, "yes"),
                                              "no", res && !strcmp(res, "no"), "is_expiry",
                                              !strcmp(k, "document_valid"), "valid_until",
                                              until ? until : ""));
    }
    return list;
}

static json_t *features(const json_t *d)
{
    const json_t *sf = json_object_get(d, "security_features");
    const json_t *checks = json_object_get(d, "checks");
    json_t *list = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(sf, "features"), i, f)
    {
        const char *k = json_string_value(json_object_get(f, "key"));
        char ck[64];
        snprintf(ck, sizeof ck, "feature.%s", k);
        const char *res = result_of(checks, ck);
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:o, s:b, s:b, s:b}", "key", k, "check", ck,
                                        "label_key", key_of("feature.", k), "optical",
                                        json_is_true(json_object_get(f, "optically_variable")),
                                        "seen", res && !strcmp(res, "seen"), "not_seen",
                                        res && !strcmp(res, "not_seen")));
    }
    return list;
}

static json_t *kinds(const char *current)
{
    json_t *list = json_array();
    for (size_t i = 0; i < DK_FEATURE_KINDS; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:o, s:b}", "kind", dk_feature_kind(i), "label_key",
                                        key_of("console.kind.", dk_feature_kind(i)), "current",
                                        !strcmp(current, dk_feature_kind(i))));
    return list;
}

static json_t *choices(void)
{
    json_t *reasons = json_array(), *items = json_array();
    for (size_t i = 0; dk_outcome_reason(i); i++)
        json_array_append_new(reasons,
                              json_pack("{s:s, s:o}", "code", dk_outcome_reason(i), "label_key",
                                        key_of("outcome.reason.", dk_outcome_reason(i))));
    for (size_t i = 0; dk_missing_item_codes[i]; i++)
        json_array_append_new(items,
                              json_pack("{s:s, s:o}", "code", dk_missing_item_codes[i], "label_key",
                                        key_of("outcome.missing.", dk_missing_item_codes[i])));
    json_t *kinds_list = json_array();
    for (size_t i = 0; i < DK_OUTCOME_KINDS; i++)
        json_array_append_new(kinds_list,
                              json_pack("{s:s, s:o}", "code", dk_outcome_kind(i), "label_key",
                                        key_of("outcome.", dk_outcome_kind(i))));
    return json_pack("{s:o, s:o, s:o}", "reasons", reasons, "missing", items, "kinds", kinds_list);
}

/* A figure or a history detail as text an interviewer reads: numbers to 4
 * significant digits, lists joined with commas, objects as "name: value"
 * pairs (nested ones in parentheses). Returns 0, or -1 (out of memory). */
static int append_readable(dk_buf *b, const json_t *v, int depth)
{
    if (json_is_integer(v))
        return dk_buf_appendf(b, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return dk_buf_appendf(b, "%.4g", json_real_value(v));
    if (json_is_string(v))
        return dk_buf_puts(b, json_string_value(v));
    if (json_is_boolean(v))
        return dk_buf_puts(b, json_is_true(v) ? "yes" : "no");
    if (json_is_array(v)) {
        int rc = 0;
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            rc |= i ? dk_buf_puts(b, ", ") : 0;
            rc |= append_readable(b, x, depth + 1);
        }
        return rc;
    }
    if (json_is_object(v)) {
        int rc = depth > 0 ? dk_buf_puts(b, "(") : 0, first = 1;
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            rc |= first ? 0 : dk_buf_puts(b, depth > 0 ? ", " : " · ");
            rc |= dk_buf_appendf(b, "%s: ", k);
            rc |= append_readable(b, x, depth + 1);
            first = 0;
        }
        return rc | (depth > 0 ? dk_buf_puts(b, ")") : 0);
    }
    return dk_buf_puts(b, "–");
}

/* v as that text (a JSON string), or NULL when memory ran out. */
static json_t *readable(const json_t *v)
{
    dk_buf b = DK_BUF_INIT;
    json_t *out = append_readable(&b, v, 0) == 0 && !dk_buf_failed(&b)
                      ? json_stringn(b.data ? b.data : "", b.len)
                      : NULL;
    dk_buf_free(&b);
    return out;
}

/* The validation report's figures, one row per measure: its name in the
 * reader's language (console.figure.<measure>, the measure's own name when
 * the catalogue has none) and its values. */
static json_t *figure_rows(const json_t *figures)
{
    json_t *rows = json_array();
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)figures, k, v)
    {
        if (strcmp(k, "kind") == 0 || strcmp(k, "side") == 0)
            continue; /* in the image's caption already */
        char key[96];
        snprintf(key, sizeof key, "console.figure.%s", k);
        json_array_append_new(rows, json_pack("{s:s, s:b, s:o, s:o*}", "name", k, "known",
                                              dk_i18n_has(key), "label_key",
                                              key_of("console.figure.", k), "values", readable(v)));
    }
    return rows;
}

static json_t *history(const json_t *d)
{
    json_t *list = json_array();
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(d, "history"), i, h)
    {
        const char *at = json_string_value(json_object_get(h, "at"));
        const char *ev = json_string_value(json_object_get(h, "event"));
        json_array_append_new(list, json_pack("{s:s, s:o, s:o*}", "at", at ? at : "", "event_key",
                                              key_of("console.history.", ev ? ev : "other"),
                                              "detail", readable(json_object_get(h, "detail"))));
    }
    return list;
}

/* The comparison with the request, one row per field asked, in a fixed
 * order: the field's and the result's catalogue keys. */
static json_t *comparison_rows(const json_t *cmp)
{
    static const char *const fields[] = {"surname", "given_names", "birth_date", "sex",
                                         "nationality"};
    json_t *rows = json_array();
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *r = json_string_value(json_object_get(cmp, fields[i]));
        if (!r)
            continue;
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:o, s:o, s:b}", "field", fields[i], "result", r,
                            "field_key", key_of("console.mrz.field.", fields[i]), "result_key",
                            key_of("console.mrz.result.", r), "differs", strcmp(r, "match") != 0));
    }
    return rows;
}

/* A string of o, or dflt when it has none (an erased read has none). */
static const char *str_or(const json_t *o, const char *key, const char *dflt)
{
    const char *s = dk_req_str(o, key);
    return s && *s ? s : dflt;
}

/* What a document's MRZ says, for the page, every value a string the
 * template may print (the keys of its verdicts: the check digits, the
 * expiry, the register's state and reason). NULL when the document has no
 * facts (refused for its quality before any was read). */
static json_t *facts_view(const json_t *doc)
{
    const json_t *mrz = json_object_get(doc, "mrz");
    if (!json_is_object(mrz))
        return NULL;
    const json_t *reg = json_object_get(doc, "register");
    const char *state = str_or(reg, "state", "not_checked"), *reason = dk_req_str(reg, "reason");
    const char *expiry = dk_req_str(json_object_get(doc, "comparison"), "expiry");
    int found = json_is_true(json_object_get(mrz, "found"));
    int valid = json_is_true(json_object_get(mrz, "valid"));
    char document[128], name[128];
    snprintf(document, sizeof document, "%s · %s · %s", str_or(mrz, "document_type", "–"),
             str_or(mrz, "issuing_state", "–"), str_or(mrz, "document_number", "–"));
    snprintf(name, sizeof name, "%s · %s", str_or(mrz, "surname", "–"),
             str_or(mrz, "given_names", "–"));
    json_t *v = json_pack("{s:b, s:s, s:b, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "found", found,
                          "found_attr", found ? "true" : "false", "erased",
                          json_is_true(json_object_get(mrz, "erased")), "document", document,
                          "name", name, "expiry_printed", str_or(mrz, "expiry_date", "–"),
                          "valid_attr", valid ? "true" : "false", "valid_key",
                          key_of("console.mrz.valid.", valid ? "yes" : "no"), "register_key",
                          key_of("console.register.", state), "comparison_rows",
                          comparison_rows(json_object_get(doc, "comparison")));
    json_object_set_new(v, "register_state", json_string(state));
    size_t repairs = json_array_size(json_object_get(mrz, "repairs"));
    if (repairs > 0) /* the template prints them only when some were made */
        json_object_set_new(v, "repairs", json_integer((json_int_t)repairs));
    const char *iso = dk_req_str(mrz, "expiry_date_iso");
    if (iso)
        json_object_set_new(v, "expiry_iso", json_string(iso));
    if (expiry) {
        json_object_set_new(v, "expiry", json_string(expiry));
        json_object_set_new(v, "expiry_key", key_of("console.mrz.expiry.", expiry));
    }
    char key[96];
    /* A reported document's reason and why the register was not asked are
     * words; why it did not answer is a code for the operators. */
    snprintf(key, sizeof key, "console.register.reason.%s", reason ? reason : "");
    if (reason && dk_i18n_has(key))
        json_object_set_new(v, "register_reason_key", json_string(key));
    else if (reason)
        json_object_set_new(v, "register_code", json_string(reason));
    const char *since = dk_req_str(reg, "since"), *authority = dk_req_str(reg, "authority");
    if (since)
        json_object_set_new(v, "register_since", json_string(since));
    if (authority)
        json_object_set_new(v, "register_authority", json_string(authority));
    return v;
}

static json_t *documents(const json_t *d)
{
    json_t *list = json_array();
    size_t i;
    json_t *doc;
    json_array_foreach(json_object_get(d, "documents"), i, doc)
    {
        json_t *x = json_deep_copy(doc);
        json_object_set_new(x, "figure_rows", figure_rows(json_object_get(doc, "figures")));
        json_t *facts = facts_view(doc);
        if (facts)
            json_object_set_new(x, "facts", facts);
        json_t *reasons = json_object_get(doc, "reasons");
        json_object_set_new(x, "has_reasons", json_boolean(json_array_size(reasons) > 0));
        json_array_append_new(list, x);
    }
    return list;
}

/* The new photos asked of the applicant: the open requests, the images
 * that answered them with their verdict, the subjects one may ask for. */
static void photos(json_t *vars, const json_t *d)
{
    const json_t *ph = json_object_get(d, "photos");
    json_t *requests = json_array(), *images = json_array(), *subjects = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(ph, "requests"), i, x)
    {
        const char *subject = dk_req_str(x, "subject");
        json_array_append_new(requests,
                              json_pack("{s:O, s:s, s:o}", "id", json_object_get(x, "id"),
                                        "subject", subject ? subject : "", "label_key",
                                        key_of("console.photo_subject.", subject ? subject : "")));
    }
    json_array_foreach(json_object_get(ph, "photos"), i, x)
    {
        const char *subject = dk_req_str(x, "subject"), *status = dk_req_str(x, "status");
        json_t *y = json_deep_copy(x);
        json_object_set_new(y, "subject_key",
                            key_of("console.photo_subject.", subject ? subject : ""));
        json_object_set_new(y, "status_key",
                            key_of("console.photo_status.", status ? status : "pending"));
        json_object_set_new(y, "has_reasons",
                            json_boolean(json_array_size(json_object_get(x, "reasons")) > 0));
        json_array_append_new(images, y);
    }
    static const char *const asked[] = {"id_card_front", "id_card_back", "passport_page"};
    for (i = 0; i < sizeof asked / sizeof *asked; i++)
        json_array_append_new(subjects, json_pack("{s:s, s:o}", "code", asked[i], "label_key",
                                                  key_of("console.photo_subject.", asked[i])));
    const char *version = dk_req_str(ph, "version");
    json_object_set_new(vars, "photo_requests", requests);
    json_object_set_new(vars, "photos", images);
    json_object_set_new(vars, "photo_subjects", subjects);
    json_object_set_new(vars, "photos_version", json_string(version ? version : ""));
}

json_t *dk_dossier_page_vars(const json_t *d, const char *appt, const char *lang)
{
    (void)lang;
    const json_t *outcome = json_object_get(d, "outcome");
    const char *kind = json_string_value(
        json_object_get(json_object_get(d, "security_features"), "document_kind"));
    json_t *sc = json_object_get(d, "session_code");
    json_t *vars = json_pack(
        "{s:s, s:s, s:O, s:O, s:o, s:O, s:o, s:o, s:o, s:s, s:o, s:o, s:b}", "title_key",
        "console.dossier_title", "appointment_id", appt, "application",
        json_object_get(d, "application"), "appointment", json_object_get(d, "appointment"),
        "documents", documents(d), "captures", json_object_get(d, "captures"), "checks",
        seed_checks(json_object_get(d, "checks")), "features", features(d), "kinds",
        kinds(kind ? kind : ""), "kind", kind ? kind : "", "choices", choices(), "history",
        history(d), "open", json_is_null(outcome) || !outcome);
    photos(vars, d);
    if (json_is_object(outcome)) {
        const char *o = json_string_value(json_object_get(outcome, "outcome"));
        json_object_set_new(vars, "outcome_key", key_of("outcome.", o ? o : "approved"));
    }
    if (json_is_object(sc))
        json_object_set_new(
            vars, "code_state",
            key_of("console.code.", json_is_true(json_object_get(sc, "verified"))  ? "verified"
                                    : json_is_true(json_object_get(sc, "revoked")) ? "revoked"
                                                                                   : "issued"));
    return vars;
}
