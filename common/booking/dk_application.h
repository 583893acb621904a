/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_application.h — validation of the step-1 request body (POST
 * /api/v1/applications): every field is checked, each error is reported as
 * (field, stable code), and each code has a user-facing sentence in every
 * language of the message catalogue (po/, keys validation.<code>). */
#ifndef DK_APPLICATION_H
#define DK_APPLICATION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int office_from_min, office_to_min; /* minutes of day, default 540..1020 */
    int slot_minutes;                   /* default 30: a window must be at least this long */
    int max_name_chars;                 /* 100: last_name, first_names, birth_place */
    int max_motivation_chars;           /* 1000 */
    int min_motivation_chars;           /* 10 */
} dk_app_rules;

/* Fills r with the defaults above. */
void dk_app_rules_default(dk_app_rules *r);

/* field: "email", "preferred_slots[2].from", "" for the body itself.
 * code: a static string, one of dk_app_error_code(i). */
typedef struct {
    char field[40];
    const char *code;
} dk_field_error;

#define DK_MAX_FIELD_ERRORS 64
typedef struct {
    dk_field_error e[DK_MAX_FIELD_ERRORS];
    int n;
} dk_field_errors;

/* At most this many preferred slots. */
#define DK_APP_MAX_SLOTS 10

/* Validates a request body against the rules at instant now_utc_ms (NULL
 * rules = defaults). Checks every field and never stops at the first error;
 * at most one error per field (the most useful one), slot errors per slot
 * index and sub-field. Unknown members are ignored. errs is reset first.
 * Returns errs->n (0 = valid). The body is not modified. Fields and codes:
 *   last_name, first_names, birth_place: required, wrong_type,
 *       invalid_name_characters, too_long (a name as dk_name_valid allows:
 *       letters of any script with their marks, single spaces, hyphens,
 *       apostrophes, full stops; 1..max code points after trimming spaces)
 *   birth_date: required, wrong_type, invalid_date, out_of_range (must be
 *       1900-01-01 .. the day before today's Brussels date)
 *   birth_country: required, wrong_type, invalid_country (upper-case ISO
 *       3166-1 alpha-2)
 *   sex: required, wrong_type, invalid_choice (F, M or X)
 *   insz: wrong_type, invalid_insz (absent, null or "" = not given)
 *   email: required, wrong_type, too_long, invalid_email
 *   motivation: required, wrong_type, invalid_characters, too_short, too_long
 *       (tab and newlines allowed; length counted after trimming whitespace)
 *   preferred_slots: required, wrong_type, too_few, too_many
 *   preferred_slots[i]: wrong_type, duplicate
 *   preferred_slots[i].date: required, wrong_type, invalid_date,
 *       outside_window, weekend, holiday
 *   preferred_slots[i].from: required, wrong_type, invalid_time,
 *       outside_office_hours
 *   preferred_slots[i].to: required, wrong_type, invalid_time,
 *       outside_office_hours, to_before_from, slot_too_short
 *   language: required, wrong_type, invalid_choice (nl, fr or en)
 *   consent: consent_required (absent, null or false), wrong_type
 *   "" (the body): not_object
 * For every required string, "" (or only whitespace) counts as missing, and
 * an embedded U+0000 gives invalid_characters (possible only when the body was
 * decoded with JSON_ALLOW_NUL or built by hand). */
int dk_app_validate(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                    dk_field_errors *errs);

/* Validates only the preferred_slots member of body, with the same rules,
 * fields and codes as dk_app_validate (for asking another slot). errs is
 * reset first; returns errs->n. */
int dk_app_validate_slots(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                          dk_field_errors *errs);

/* The code reported for field, or NULL when that field has no error. */
const char *dk_app_error_for(const dk_field_errors *errs, const char *field);

/* The i-th error code dk_app_validate can report (0-based), NULL past the
 * end; for tests and for checking front-end translations. */
const char *dk_app_error_code(size_t i);

/* The sentence the user sees for an error code in lang (a language the
 * catalogue lacks, NULL included, gives English). Static strings, never
 * NULL; an unknown code gives a generic "this value is not valid". */
const char *dk_app_error_message(const char *code, const char *lang);

/* The sentence for an error on a given field: the same as
 * dk_app_error_message(code, lang), except where the catalogue has a
 * sentence that names the field, key validation.<field>.<code>
 * ("invalid_name_characters" on last_name, first_names, birth_place:
 * "Your first name(s) may contain only letters ..."). */
const char *dk_app_field_error_message(const char *field, const char *code, const char *lang);

/* Strict "HH:MM", 00:00..23:59. Returns 0 with the minute of day, or -1. */
int dk_app_parse_hhmm(const char *s, int *minute_of_day);

/* The instant of a slot bound: Brussels wall time hhmm on date (as accepted
 * by dk_app_validate; see dk_brussels_to_utc_ms for the daylight-saving
 * hours). Returns 0 with *utc_ms_out, or -1 when either string is invalid. */
int dk_app_slot_to_utc(const char *date, const char *hhmm, int64_t *utc_ms_out);

#endif
