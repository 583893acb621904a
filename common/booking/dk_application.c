/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_application.c — field-by-field validation of the step-1 application
 * body, its error codes with their sentences (from the message catalogue),
 * and the conversion of a slot bound to an instant. */
#include "booking/dk_application.h"

#include "belgium/dk_country.h"
#include "belgium/dk_email.h"
#include "belgium/dk_insz.h"
#include "belgium/dk_name.h"
#include "core/dk_calendar.h"
#include "core/dk_utf8.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

void dk_app_rules_default(dk_app_rules *r)
{
    r->office_from_min = 9 * 60;
    r->office_to_min = 17 * 60;
    r->slot_minutes = 30;
    r->max_name_chars = 100;
    r->max_motivation_chars = 1000;
    r->min_motivation_chars = 10;
}

/* ---- error list ---------------------------------------------------------- */

static void add_err(dk_field_errors *errs, const char *field, const char *code)
{
    for (int i = 0; i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return; /* one error per field: the first one found is kept */
    if (errs->n >= DK_MAX_FIELD_ERRORS)
        return;
    dk_field_error *e = &errs->e[errs->n++];
    snprintf(e->field, sizeof e->field, "%s", field);
    e->code = code;
}

const char *dk_app_error_for(const dk_field_errors *errs, const char *field)
{
    for (int i = 0; i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return errs->e[i].code;
    return NULL;
}

/* ---- helpers ------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Code points of s[0..len) once leading/trailing whitespace is trimmed. */
static size_t trimmed_count(const char *s, size_t len)
{
    size_t b = 0, e = len, n = 0;
    while (b < e && is_space(s[b]))
        b++;
    while (e > b && is_space(s[e - 1]))
        e--;
    for (size_t i = b; i < e; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* A member that must be a non-blank string without NUL bytes. Returns it, or
 * NULL after adding "required", "wrong_type" or "invalid_characters". */
static const char *required_string(const json_t *obj, const char *key, const char *field,
                                   dk_field_errors *errs)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        add_err(errs, field, "required");
        return NULL;
    }
    if (!json_is_string(v)) {
        add_err(errs, field, "wrong_type");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) {
        add_err(errs, field, "invalid_characters"); /* an embedded U+0000 */
        return NULL;
    }
    if (trimmed_count(s, len) == 0) {
        add_err(errs, field, "required");
        return NULL;
    }
    return s;
}

/* Free multi-line text: valid UTF-8, no control characters except tab and
 * newlines, min..max code points after trimming. */
static void check_text(const json_t *body, const char *key, int min, int max, dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    size_t len = strlen(s);
    if (!dk_utf8_valid(s, len) || dk_utf8_has_control_except_newline(s)) {
        add_err(errs, key, "invalid_characters");
        return;
    }
    size_t n = trimmed_count(s, len);
    if (n < (size_t)(min < 0 ? 0 : min))
        add_err(errs, key, "too_short");
    else if (n > (size_t)(max < 0 ? 0 : max))
        add_err(errs, key, "too_long");
}

/* A person's name or a place name: what dk_name_valid allows (so no link,
 * digits or signs of a sentence reach a mail that greets the applicant by
 * name),
 * 1..max code points after trimming. */
static void check_name(const json_t *body, const char *key, int max, dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    size_t len = strlen(s);
    if (!dk_name_valid(s, len))
        add_err(errs, key, "invalid_name_characters");
    else if (trimmed_count(s, len) > (size_t)(max < 0 ? 0 : max))
        add_err(errs, key, "too_long");
}

static void check_choice(const json_t *body, const char *key, const char *const *choices,
                         dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(s, *c) == 0)
            return;
    add_err(errs, key, "invalid_choice");
}

int dk_app_parse_hhmm(const char *s, int *minute_of_day)
{
    if (s == NULL)
        return -1;
    for (int i = 0; i < 5; i++) {
        if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return -1;
    }
    if (s[5] != '\0')
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return -1;
    *minute_of_day = h * 60 + m;
    return 0;
}

int dk_app_slot_to_utc(const char *date, const char *hhmm, int64_t *utc_ms_out)
{
    dk_date d;
    int minute;
    if (dk_date_parse(date, &d) != 0 || dk_app_parse_hhmm(hhmm, &minute) != 0)
        return -1;
    *utc_ms_out = dk_brussels_to_utc_ms(d, minute);
    return 0;
}

/* ---- fields -------------------------------------------------------------- */

static void check_birth_date(const json_t *body, dk_date today, dk_field_errors *errs)
{
    const char *s = required_string(body, "birth_date", "birth_date", errs);
    dk_date d;
    const dk_date min = {1900, 1, 1};
    if (s == NULL)
        return;
    if (dk_date_parse(s, &d) != 0)
        add_err(errs, "birth_date", "invalid_date");
    else if (dk_date_cmp(d, min) < 0 || dk_date_cmp(d, today) >= 0)
        add_err(errs, "birth_date", "out_of_range");
}

static void check_country(const json_t *body, dk_field_errors *errs)
{
    const char *s = required_string(body, "birth_country", "birth_country", errs);
    if (s != NULL && !dk_country_valid(s))
        add_err(errs, "birth_country", "invalid_country");
}

static void check_insz(const json_t *body, dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "insz");
    char digits[12];
    if (v == NULL || json_is_null(v))
        return;
    if (!json_is_string(v)) {
        add_err(errs, "insz", "wrong_type");
        return;
    }
    const char *s = json_string_value(v);
    if (json_string_length(v) == 0)
        return;
    if (strlen(s) != json_string_length(v) || dk_insz_normalise(s, digits) != 0 ||
        !dk_insz_valid(digits))
        add_err(errs, "insz", "invalid_insz");
}

static void check_email(const json_t *body, dk_field_errors *errs)
{
    const char *s = required_string(body, "email", "email", errs);
    if (s == NULL)
        return;
    if (strlen(s) > 254)
        add_err(errs, "email", "too_long");
    else if (!dk_email_valid(s))
        add_err(errs, "email", "invalid_email");
}

static void check_consent(const json_t *body, dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "consent");
    if (v == NULL || json_is_null(v) || json_is_false(v))
        add_err(errs, "consent", "consent_required");
    else if (!json_is_true(v))
        add_err(errs, "consent", "wrong_type");
}

/* ---- preferred slots ----------------------------------------------------- */

typedef struct {
    int64_t day;
    int from, to;
} slot_value;

static void sub_field(char out[40], size_t i, const char *sub)
{
    int w = snprintf(out, 40, "preferred_slots[%zu]%s%s", i, sub[0] ? "." : "", sub);
    if (w < 0)
        out[0] = '\0';
}

/* A slot time bound: parsed minute of day, or -1 after adding an error. */
static int check_bound(const json_t *slot, const char *key, const char *field,
                       const dk_app_rules *r, dk_field_errors *errs)
{
    const char *s = required_string(slot, key, field, errs);
    int minute;
    if (s == NULL)
        return -1;
    if (dk_app_parse_hhmm(s, &minute) != 0) {
        add_err(errs, field, "invalid_time");
        return -1;
    }
    if (minute < r->office_from_min || minute > r->office_to_min) {
        add_err(errs, field, "outside_office_hours");
        return -1;
    }
    return minute;
}

/* One slot; returns 1 and fills *out when it is entirely valid. */
static int check_slot(const json_t *slot, size_t i, dk_date first, dk_date last,
                      const dk_app_rules *r, dk_field_errors *errs, slot_value *out)
{
    char field[40];
    dk_date d = {0, 0, 0};
    int ok = 1;

    if (!json_is_object(slot)) {
        sub_field(field, i, "");
        add_err(errs, field, "wrong_type");
        return 0;
    }

    sub_field(field, i, "date");
    const char *ds = required_string(slot, "date", field, errs);
    if (ds == NULL) {
        ok = 0;
    } else if (dk_date_parse(ds, &d) != 0) {
        add_err(errs, field, "invalid_date");
        ok = 0;
    } else if (dk_date_cmp(d, first) < 0 || dk_date_cmp(d, last) > 0) {
        add_err(errs, field, "outside_window");
        ok = 0;
    } else if (dk_date_weekday(d) >= 6) {
        add_err(errs, field, "weekend");
        ok = 0;
    } else if (dk_be_holiday(d, NULL)) {
        add_err(errs, field, "holiday");
        ok = 0;
    }

    sub_field(field, i, "from");
    int from = check_bound(slot, "from", field, r, errs);
    sub_field(field, i, "to");
    int to = check_bound(slot, "to", field, r, errs);
    if (from < 0 || to < 0) {
        ok = 0;
    } else if (to <= from) {
        add_err(errs, field, "to_before_from");
        ok = 0;
    } else if (to - from < r->slot_minutes) {
        add_err(errs, field, "slot_too_short");
        ok = 0;
    }

    if (ok) {
        out->day = dk_date_to_days(d);
        out->from = from;
        out->to = to;
    }
    return ok;
}

static void check_slots(const json_t *body, int64_t now_utc_ms, const dk_app_rules *r,
                        dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "preferred_slots");
    slot_value seen[DK_APP_MAX_SLOTS];
    size_t nseen = 0;
    dk_date first, last;

    if (v == NULL || json_is_null(v)) {
        add_err(errs, "preferred_slots", "required");
        return;
    }
    if (!json_is_array(v)) {
        add_err(errs, "preferred_slots", "wrong_type");
        return;
    }
    size_t n = json_array_size(v);
    if (n == 0) {
        add_err(errs, "preferred_slots", "too_few");
        return;
    }
    if (n > DK_APP_MAX_SLOTS) {
        add_err(errs, "preferred_slots", "too_many");
        return;
    }
    dk_slot_window(now_utc_ms, &first, &last);
    for (size_t i = 0; i < n; i++) {
        slot_value s;
        if (!check_slot(json_array_get(v, i), i, first, last, r, errs, &s))
            continue;
        int dup = 0;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = seen[k].day == s.day && seen[k].from == s.from && seen[k].to == s.to;
        if (dup) {
            char field[40];
            sub_field(field, i, "");
            add_err(errs, field, "duplicate");
        } else {
            seen[nseen++] = s;
        }
    }
}

/* ---- entry point --------------------------------------------------------- */

/* What both validators do first: no errors yet, the default rules when
 * none are given, and a body that is an object. Returns 1 to go on. */
static int begin(const json_t *body, const dk_app_rules **rules, dk_app_rules *defaults,
                 dk_field_errors *errs)
{
    errs->n = 0;
    if (*rules == NULL) {
        dk_app_rules_default(defaults);
        *rules = defaults;
    }
    if (body == NULL || !json_is_object(body)) {
        add_err(errs, "", "not_object");
        return 0;
    }
    return 1;
}

int dk_app_validate(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                    dk_field_errors *errs)
{
    static const char *const sexes[] = {"F", "M", "X", NULL};
    static const char *const languages[] = {"nl", "fr", "en", NULL};
    dk_app_rules defaults;
    dk_date today;

    if (!begin(body, &rules, &defaults, errs))
        return errs->n;
    dk_brussels_local(now_utc_ms, &today, NULL);

    check_name(body, "last_name", rules->max_name_chars, errs);
    check_name(body, "first_names", rules->max_name_chars, errs);
    check_birth_date(body, today, errs);
    check_country(body, errs);
    check_name(body, "birth_place", rules->max_name_chars, errs);
    check_choice(body, "sex", sexes, errs);
    check_insz(body, errs);
    check_email(body, errs);
    check_text(body, "motivation", rules->min_motivation_chars, rules->max_motivation_chars, errs);
    check_slots(body, now_utc_ms, rules, errs);
    check_choice(body, "language", languages, errs);
    check_consent(body, errs);
    return errs->n;
}

int dk_app_validate_slots(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                          dk_field_errors *errs)
{
    dk_app_rules defaults;
    if (!begin(body, &rules, &defaults, errs))
        return errs->n;
    check_slots(body, now_utc_ms, rules, errs);
    return errs->n;
}

/* ---- messages ------------------------------------------------------------ */

/* The codes with a sentence of their own: "validation.<code>" in the message
 * catalogue (po/). An error on one field may have its own sentence,
 * "validation.<field>.<code>" (the name rules name the field). */
static const char *const codes[] = {
    "not_object", "required", "wrong_type", "invalid_characters", "invalid_name_characters",
    "too_long", "too_short", "invalid_date", "out_of_range", "invalid_country", "invalid_choice",
    "invalid_insz", "invalid_email",
    /* not a validation error: the intake's refusal of a second live request
     * for one address (409); the same words whoever typed the address */
    "application_exists", "too_few", "too_many", "duplicate", "outside_window", "weekend",
    "holiday", "invalid_time", "outside_office_hours", "to_before_from", "slot_too_short",
    "consent_required"};

const char *dk_app_error_code(size_t i)
{
    return i < sizeof codes / sizeof codes[0] ? codes[i] : NULL;
}

const char *dk_app_error_message(const char *code, const char *lang)
{
    char key[64];
    for (size_t i = 0; code != NULL && i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i], code) == 0 &&
            (size_t)snprintf(key, sizeof key, "validation.%s", code) < sizeof key)
            return dk_i18n_text(lang, key);
    return dk_i18n_text(lang, "validation.unknown");
}

const char *dk_app_field_error_message(const char *field, const char *code, const char *lang)
{
    char key[128];
    if (field != NULL && code != NULL &&
        (size_t)snprintf(key, sizeof key, "validation.%s.%s", field, code) < sizeof key &&
        dk_i18n_has(key))
        return dk_i18n_text(lang, key);
    return dk_app_error_message(code, lang);
}
