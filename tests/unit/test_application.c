/* SPDX-License-Identifier: EUPL-1.2 */
/* test_application.c — unit tests for dk_application: a valid step-1 body at
 * a fixed "now", each rule broken one at a time (field and code), everything
 * broken at once, wrong JSON types, slot rules, Unicode and hostile names,
 * and the nl/fr/en messages of every error code (and those naming a field). */
#include "booking/dk_application.h"
#include "core/dk_clock.h"
#include "dk_test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Friday 2026-03-27 11:00 in Brussels: slots may be asked for from Monday
 * 2026-03-30 to Friday 2026-04-10 (Easter Monday 2026-04-06 is a holiday). */
static const char *const NOW = "2026-03-27T10:00:00Z";

#define SLOT(date, from, to) "{\"date\":\"" date "\",\"from\":\"" from "\",\"to\":\"" to "\"}"
#define SLOT_A SLOT("2026-03-31", "09:00", "10:00")
#define SLOT_B SLOT("2026-04-08", "14:00", "17:00")
/* A valid first slot followed by the slot under test (index 1). */
#define WITH(date, from, to) "[" SLOT_A "," SLOT(date, from, to) "]"
#define PS "preferred_slots"

static const char *const VALID =
    "{\"last_name\":\"Peeters\",\"first_names\":\"Jan Karel\",\"birth_date\":\"1985-07-30\","
    "\"birth_country\":\"BE\",\"birth_place\":\"Leuven\",\"sex\":\"M\","
    "\"insz\":\"85.07.30-033.28\",\"email\":\"jan.peeters@example.be\","
    "\"motivation\":\"I need a digital key to file my taxes online.\","
    "\"preferred_slots\":[" SLOT_A "," SLOT_B "],\"language\":\"nl\",\"consent\":true}";

static int64_t now_ms(void)
{
    int64_t ms;
    if (dk_iso8601_parse(NOW, &ms) != 0)
        abort();
    return ms;
}

/* Parses test JSON (NUL escapes allowed); aborts on a broken fixture. */
static json_t *load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_ALLOW_NUL | JSON_DECODE_ANY, &e);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON %s: %s\n", text, e.text);
        exit(1);
    }
    return j;
}

static int known_code(const char *code)
{
    for (size_t i = 0; dk_app_error_code(i); i++)
        if (strcmp(dk_app_error_code(i), code) == 0)
            return 1;
    return 0;
}

/* dk_app_validate at NOW with the default rules; also checks that every
 * code reported is in the published list. */
static int validate(const json_t *body, dk_field_errors *errs)
{
    int n = dk_app_validate(body, now_ms(), NULL, errs);
    CHECK_INT(n, errs->n);
    for (int i = 0; i < errs->n; i++) {
        CHECK(errs->e[i].code != NULL && known_code(errs->e[i].code));
        for (int k = 0; k < i; k++)
            CHECK(strcmp(errs->e[i].field, errs->e[k].field) != 0);
    }
    return n;
}

static void dump(const dk_field_errors *errs)
{
    for (int i = 0; i < errs->n; i++)
        fprintf(stderr, "    %s: %s\n", errs->e[i].field, errs->e[i].code);
}

/* Expects exactly one error (field, code), or none when field is NULL. */
static void expect_one(const json_t *body, const char *field, const char *code, const char *what)
{
    dk_field_errors errs;
    int n = validate(body, &errs);
    int ok = field == NULL ? n == 0
                           : n == 1 && strcmp(errs.e[0].field, field) == 0 &&
                                 strcmp(errs.e[0].code, code) == 0;
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "  case %s: want %s %s, got %d error(s):\n", what, field ? field : "(none)",
                code ? code : "", n);
        dump(&errs);
    }
}

static void test_valid(void)
{
    json_t *b = load(VALID);
    expect_one(b, NULL, NULL, "valid body");
    json_object_del(b, "insz");
    expect_one(b, NULL, NULL, "insz absent");
    json_object_set_new(b, "insz", json_null());
    expect_one(b, NULL, NULL, "insz null");
    json_object_set_new(b, "insz", json_string(""));
    expect_one(b, NULL, NULL, "insz empty");
    json_object_set_new(b, "unknown_member", json_string("ignored"));
    expect_one(b, NULL, NULL, "unknown member ignored");
    json_decref(b);

    /* NULL rules = defaults; custom rules take effect. */
    b = load(VALID);
    dk_app_rules r;
    dk_app_rules_default(&r);
    CHECK_INT(r.office_from_min, 540);
    CHECK_INT(r.office_to_min, 1020);
    CHECK_INT(r.slot_minutes, 30);
    CHECK_INT(r.max_name_chars, 100);
    CHECK_INT(r.max_motivation_chars, 1000);
    CHECK_INT(r.min_motivation_chars, 10);
    dk_field_errors errs;
    CHECK_INT(dk_app_validate(b, now_ms(), &r, &errs), 0);
    r.slot_minutes = 90; /* SLOT_A is 60 minutes */
    CHECK_INT(dk_app_validate(b, now_ms(), &r, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[0].to"), "slot_too_short");
    dk_app_rules_default(&r);
    r.office_to_min = 16 * 60; /* SLOT_B ends at 17:00 */
    CHECK_INT(dk_app_validate(b, now_ms(), &r, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[1].to"), "outside_office_hours");
    CHECK(dk_app_error_for(&errs, "email") == NULL);
    json_decref(b);
}

typedef struct {
    const char *key;   /* member of the body to replace */
    const char *value; /* JSON text, NULL = remove the member */
    const char *field; /* expected error field, NULL = no error */
    const char *code;
} one_case;

static const one_case cases[] = {
    /* names */
    {"last_name", NULL, "last_name", "required"},
    {"last_name", "null", "last_name", "required"},
    {"last_name", "\"\"", "last_name", "required"},
    {"last_name", "\"   \"", "last_name", "required"},
    {"last_name", "42", "last_name", "wrong_type"},
    {"last_name", "[\"Peeters\"]", "last_name", "wrong_type"},
    {"last_name", "\"Pee\\tters\"", "last_name", "invalid_name_characters"},
    {"last_name", "\"Peeters\\n\"", "last_name", "invalid_name_characters"},
    {"last_name", "\"Pee\\u0000ters\"", "last_name", "invalid_characters"},
    {"last_name", "\"Pee\\u007fters\"", "last_name", "invalid_name_characters"},
    {"last_name", "\"Pee\\u0085ters\"", "last_name", "invalid_name_characters"},
    {"last_name", "\"  Peeters  \"", NULL, NULL},
    {"last_name", "\"O'Brien-Smith\"", NULL, NULL},
    {"last_name", "\"O'Brien-Smith; <b>\\\"x\\\"</b>\"", "last_name", "invalid_name_characters"},
    {"last_name", "\"Peeters 2\"", "last_name", "invalid_name_characters"},
    {"first_names", NULL, "first_names", "required"},
    {"first_names", "true", "first_names", "wrong_type"},
    {"first_names", "{}", "first_names", "wrong_type"},
    {"first_names", "\"\\u001b[31mJan\"", "first_names", "invalid_name_characters"},
    {"first_names", "\"Jan https://evil.example\"", "first_names", "invalid_name_characters"},
    {"first_names", "\"Jan\\u202eteiP\"", "first_names", "invalid_name_characters"},
    {"birth_place", NULL, "birth_place", "required"},
    {"birth_place", "3000", "birth_place", "wrong_type"},
    {"birth_place", "\"Li\\u00e8ge\"", NULL, NULL},
    {"birth_place", "\"'s-Hertogenbosch\"", NULL, NULL},
    {"birth_place", "\"3000 Leuven\"", "birth_place", "invalid_name_characters"},
    {"birth_place", "\"Leuven (BE)\"", "birth_place", "invalid_name_characters"},
    /* birth date */
    {"birth_date", NULL, "birth_date", "required"},
    {"birth_date", "\"\"", "birth_date", "required"},
    {"birth_date", "19850730", "birth_date", "wrong_type"},
    {"birth_date", "\"1985-7-30\"", "birth_date", "invalid_date"},
    {"birth_date", "\"30/07/1985\"", "birth_date", "invalid_date"},
    {"birth_date", "\"1985-02-29\"", "birth_date", "invalid_date"},
    {"birth_date", "\"1985-07-30T00:00:00Z\"", "birth_date", "invalid_date"},
    {"birth_date", "\"2026-03-27\"", "birth_date", "out_of_range"}, /* today */
    {"birth_date", "\"2026-03-26\"", NULL, NULL},                   /* yesterday */
    {"birth_date", "\"2030-01-01\"", "birth_date", "out_of_range"},
    {"birth_date", "\"1899-12-31\"", "birth_date", "out_of_range"},
    {"birth_date", "\"1900-01-01\"", NULL, NULL},
    /* birth country */
    {"birth_country", NULL, "birth_country", "required"},
    {"birth_country", "56", "birth_country", "wrong_type"},
    {"birth_country", "\"be\"", "birth_country", "invalid_country"},
    {"birth_country", "\"BEL\"", "birth_country", "invalid_country"},
    {"birth_country", "\"XK\"", "birth_country", "invalid_country"},
    {"birth_country", "\"ZZ\"", "birth_country", "invalid_country"},
    {"birth_country", "\"MA\"", NULL, NULL},
    /* sex */
    {"sex", NULL, "sex", "required"},
    {"sex", "\"\"", "sex", "required"},
    {"sex", "\"m\"", "sex", "invalid_choice"},
    {"sex", "\"V\"", "sex", "invalid_choice"},
    {"sex", "\"MF\"", "sex", "invalid_choice"},
    {"sex", "1", "sex", "wrong_type"},
    {"sex", "\"F\\u0000x\"", "sex", "invalid_characters"},
    {"sex", "\"F\"", NULL, NULL},
    {"sex", "\"X\"", NULL, NULL},
    /* insz */
    {"insz", "\"85.07.30-033.29\"", "insz", "invalid_insz"},
    {"insz", "\"8507300332\"", "insz", "invalid_insz"},
    {"insz", "\"abc\"", "insz", "invalid_insz"},
    {"insz", "\"  \"", "insz", "invalid_insz"},
    {"insz", "85073003328", "insz", "wrong_type"},
    {"insz", "false", "insz", "wrong_type"},
    {"insz", "\"85073003328\\u0000\"", "insz", "invalid_insz"},
    {"insz", "\"87521500290\"", NULL, NULL},
    /* email */
    {"email", NULL, "email", "required"},
    {"email", "{}", "email", "wrong_type"},
    {"email", "\"not-an-email\"", "email", "invalid_email"},
    {"email", "\"a@b.be\\r\\nBcc: x@y.z\"", "email", "invalid_email"},
    {"email", "\" jan@example.be\"", "email", "invalid_email"},
    {"email", "\"jan@[10.0.0.1]\"", "email", "invalid_email"},
    {"email", "\"jan@example.be\\u0000\\r\\nBcc: x@y.z\"", "email", "invalid_characters"},
    /* motivation */
    {"motivation", NULL, "motivation", "required"},
    {"motivation", "\"\\n \\n\"", "motivation", "required"},
    {"motivation", "[]", "motivation", "wrong_type"},
    {"motivation", "\"too short\"", "motivation", "too_short"},
    {"motivation", "\"   too short   \\n\"", "motivation", "too_short"},
    {"motivation", "\"ten chars!\"", NULL, NULL},
    {"motivation", "\"Line one,\\r\\nline two,\\n\\tindented.\"", NULL, NULL},
    {"motivation", "\"Bell \\u0007 in my motivation\"", "motivation", "invalid_characters"},
    /* preferred slots */
    {"preferred_slots", NULL, "preferred_slots", "required"},
    {"preferred_slots", "null", "preferred_slots", "required"},
    {"preferred_slots", "[]", "preferred_slots", "too_few"},
    {"preferred_slots", SLOT_A, "preferred_slots", "wrong_type"},
    {"preferred_slots", "\"2026-03-31 09:00\"", "preferred_slots", "wrong_type"},
    {"preferred_slots", "[" SLOT_A "]", NULL, NULL},
    {"preferred_slots", "[" SLOT_A ",\"x\"]", "preferred_slots[1]", "wrong_type"},
    {"preferred_slots", "[" SLOT_A ",[]]", "preferred_slots[1]", "wrong_type"},
    {"preferred_slots", "[" SLOT_A "," SLOT_A "]", "preferred_slots[1]", "duplicate"},
    {"preferred_slots", "[" SLOT_A "," SLOT_B "," SLOT_A "]", "preferred_slots[2]", "duplicate"},
    /* slot date */
    {"preferred_slots", "[" SLOT_A ",{\"from\":\"09:00\",\"to\":\"10:00\"}]",
     "preferred_slots[1].date", "required"},
    {"preferred_slots", "[" SLOT_A ",{\"date\":20260401,\"from\":\"09:00\",\"to\":\"10:00\"}]",
     "preferred_slots[1].date", "wrong_type"},
    {PS, WITH("2026-4-1", "09:00", "10:00"), PS "[1].date", "invalid_date"},
    {PS, WITH("2026-04-31", "09:00", "10:00"), PS "[1].date", "invalid_date"},
    {PS, WITH("2026-04-04", "09:00", "10:00"), PS "[1].date", "weekend"},
    {PS, WITH("2026-04-05", "09:00", "10:00"), PS "[1].date", "weekend"},
    {PS, WITH("2026-04-06", "09:00", "10:00"), PS "[1].date", "holiday"},
    {PS, WITH("2026-03-27", "13:00", "14:00"), PS "[1].date", "outside_window"},
    {PS, WITH("2026-03-26", "13:00", "14:00"), PS "[1].date", "outside_window"},
    {PS, WITH("2026-04-13", "13:00", "14:00"), PS "[1].date", "outside_window"},
    {PS, WITH("2026-04-11", "13:00", "14:00"), PS "[1].date", "outside_window"},
    {PS, WITH("2026-03-30", "13:00", "14:00"), NULL, NULL}, /* first day of the window */
    {PS, WITH("2026-04-10", "13:00", "14:00"), NULL, NULL}, /* last day of the window */
    /* slot times */
    {"preferred_slots", "[" SLOT_A ",{\"date\":\"2026-04-01\",\"to\":\"10:00\"}]",
     "preferred_slots[1].from", "required"},
    {"preferred_slots", "[" SLOT_A ",{\"date\":\"2026-04-01\",\"from\":900,\"to\":\"10:00\"}]",
     "preferred_slots[1].from", "wrong_type"},
    {PS, WITH("2026-04-01", "9:00", "10:00"), PS "[1].from", "invalid_time"},
    {PS, WITH("2026-04-01", "09:00:00", "10:00"), PS "[1].from", "invalid_time"},
    {PS, WITH("2026-04-01", "09:60", "10:00"), PS "[1].from", "invalid_time"},
    {PS, WITH("2026-04-01", "09:00", "24:00"), PS "[1].to", "invalid_time"},
    {PS, WITH("2026-04-01", "08:30", "10:00"), PS "[1].from", "outside_office_hours"},
    {PS, WITH("2026-04-01", "16:00", "17:30"), PS "[1].to", "outside_office_hours"},
    {PS, WITH("2026-04-01", "10:00", "10:00"), PS "[1].to", "to_before_from"},
    {PS, WITH("2026-04-01", "11:00", "10:00"), PS "[1].to", "to_before_from"},
    {PS, WITH("2026-04-01", "10:00", "10:29"), PS "[1].to", "slot_too_short"},
    {PS, WITH("2026-04-01", "10:00", "10:30"), NULL, NULL},
    {PS, WITH("2026-04-01", "09:00", "17:00"), NULL, NULL},
    /* Same day and overlapping, but not identical: allowed. */
    {PS, WITH("2026-03-31", "09:00", "10:30"), NULL, NULL},
    /* language */
    {"language", NULL, "language", "required"},
    {"language", "\"de\"", "language", "invalid_choice"},
    {"language", "\"NL\"", "language", "invalid_choice"},
    {"language", "\"nl-BE\"", "language", "invalid_choice"},
    {"language", "[\"nl\"]", "language", "wrong_type"},
    {"language", "\"fr\"", NULL, NULL},
    {"language", "\"en\"", NULL, NULL},
    /* consent */
    {"consent", NULL, "consent", "consent_required"},
    {"consent", "null", "consent", "consent_required"},
    {"consent", "false", "consent", "consent_required"},
    {"consent", "\"true\"", "consent", "wrong_type"},
    {"consent", "1", "consent", "wrong_type"},
    {"consent", "{}", "consent", "wrong_type"},
};

static void test_one_rule_at_a_time(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const one_case *c = &cases[i];
        json_t *b = load(VALID);
        if (c->value)
            json_object_set_new(b, c->key, load(c->value));
        else
            json_object_del(b, c->key);
        char what[200];
        snprintf(what, sizeof what, "%s = %s", c->key, c->value ? c->value : "(absent)");
        expect_one(b, c->field, c->code, what);
        json_decref(b);
    }
}

static void test_not_object(void)
{
    dk_field_errors errs;
    static const char *const texts[] = {"[]", "\"x\"", "42", "null", "true"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_t *j = load(texts[i]);
        CHECK_INT(validate(j, &errs), 1);
        CHECK_STR(errs.e[0].field, "");
        CHECK_STR(errs.e[0].code, "not_object");
        json_decref(j);
    }
    CHECK_INT(dk_app_validate(NULL, now_ms(), NULL, &errs), 1);
    CHECK_STR(errs.e[0].code, "not_object");
}

static void expect_errors(const json_t *body, const char *const (*want)[2], size_t n)
{
    dk_field_errors errs;
    int got = validate(body, &errs);
    CHECK_INT(got, n);
    for (size_t i = 0; i < n; i++) {
        const char *code = dk_app_error_for(&errs, want[i][0]);
        CHECK(code != NULL && strcmp(code, want[i][1]) == 0);
        if (code == NULL || strcmp(code, want[i][1]) != 0)
            fprintf(stderr, "  %s: want %s, got %s\n", want[i][0], want[i][1],
                    code ? code : "(none)");
    }
    if ((size_t)got != n)
        dump(&errs);
}

static void test_everything_broken(void)
{
    json_t *b =
        load("{\"last_name\":1,\"first_names\":\"\",\"birth_date\":\"1800-01-01\","
             "\"birth_country\":\"ZZ\",\"birth_place\":\"Gent\\u0001\",\"sex\":\"Q\","
             "\"insz\":\"123\",\"email\":\"x\",\"motivation\":\"short\",\"preferred_slots\":["
             "{\"date\":\"2026-04-04\",\"from\":\"08:00\",\"to\":\"08:10\"},"
             "{\"date\":\"2026-04-06\",\"from\":\"10:00\",\"to\":\"10:00\"},5,"
             "{\"date\":\"2026-05-01\",\"from\":\"ab:cd\",\"to\":\"10:15\"}],"
             "\"language\":\"de\",\"consent\":false}");
    static const char *const want[][2] = {
        {"last_name", "wrong_type"},
        {"first_names", "required"},
        {"birth_date", "out_of_range"},
        {"birth_country", "invalid_country"},
        {"birth_place", "invalid_name_characters"},
        {"sex", "invalid_choice"},
        {"insz", "invalid_insz"},
        {"email", "invalid_email"},
        {"motivation", "too_short"},
        {"preferred_slots[0].date", "weekend"},
        {"preferred_slots[0].from", "outside_office_hours"},
        {"preferred_slots[0].to", "outside_office_hours"},
        {"preferred_slots[1].date", "holiday"},
        {"preferred_slots[1].to", "to_before_from"},
        {"preferred_slots[2]", "wrong_type"},
        {"preferred_slots[3].date", "outside_window"},
        {"preferred_slots[3].from", "invalid_time"},
        {"language", "invalid_choice"},
        {"consent", "consent_required"},
    };
    expect_errors(b, want, sizeof want / sizeof want[0]);
    json_decref(b);

    /* An empty object: every required field is missing. */
    b = load("{}");
    static const char *const want_empty[][2] = {
        {"last_name", "required"},       {"first_names", "required"},
        {"birth_date", "required"},      {"birth_country", "required"},
        {"birth_place", "required"},     {"sex", "required"},
        {"email", "required"},           {"motivation", "required"},
        {"preferred_slots", "required"}, {"language", "required"},
        {"consent", "consent_required"},
    };
    expect_errors(b, want_empty, sizeof want_empty / sizeof want_empty[0]);
    json_decref(b);

    /* Wrong types everywhere. */
    b = load("{\"last_name\":1,\"first_names\":2.5,\"birth_date\":[],\"birth_country\":{},"
             "\"birth_place\":true,\"sex\":false,\"insz\":85073003328,\"email\":[\"a@b.be\"],"
             "\"motivation\":{\"text\":\"x\"},\"preferred_slots\":{\"date\":\"2026-03-31\"},"
             "\"language\":0,\"consent\":\"yes\"}");
    static const char *const want_types[][2] = {
        {"last_name", "wrong_type"},   {"first_names", "wrong_type"},
        {"birth_date", "wrong_type"},  {"birth_country", "wrong_type"},
        {"birth_place", "wrong_type"}, {"sex", "wrong_type"},
        {"insz", "wrong_type"},        {"email", "wrong_type"},
        {"motivation", "wrong_type"},  {"preferred_slots", "wrong_type"},
        {"language", "wrong_type"},    {"consent", "wrong_type"},
    };
    expect_errors(b, want_types, sizeof want_types / sizeof want_types[0]);
    json_decref(b);

    /* The most errors a body can produce stays below DK_MAX_FIELD_ERRORS. */
    json_t *slots = json_array();
    for (int i = 0; i < DK_APP_MAX_SLOTS; i++)
        json_array_append_new(slots, load("{\"date\":\"x\",\"from\":\"y\",\"to\":\"z\"}"));
    b = load("{\"last_name\":1,\"first_names\":1,\"birth_date\":1,\"birth_country\":1,"
             "\"birth_place\":1,\"sex\":1,\"insz\":1,\"email\":1,\"motivation\":1,"
             "\"language\":1,\"consent\":1}");
    json_object_set_new(b, "preferred_slots", slots);
    dk_field_errors errs;
    CHECK_INT(validate(b, &errs), 11 + 3 * DK_APP_MAX_SLOTS);
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[9].to"), "invalid_time");
    json_decref(b);
}

static void test_slot_count(void)
{
    static const char *const dates[] = {"2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02",
                                        "2026-04-03", "2026-04-07", "2026-04-08", "2026-04-09",
                                        "2026-04-10", "2026-03-30", "2026-03-31"};
    json_t *b = load(VALID);
    json_t *slots = json_array();
    for (int i = 0; i < 11; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "date", json_string(dates[i]));
        json_object_set_new(s, "from", json_string(i < 9 ? "09:00" : "13:00"));
        json_object_set_new(s, "to", json_string(i < 9 ? "10:00" : "14:00"));
        json_array_append_new(slots, s);
        if (i == 9) {
            json_object_set(b, "preferred_slots", slots);
            expect_one(b, NULL, NULL, "10 slots");
        }
    }
    json_object_set_new(b, "preferred_slots", slots);
    expect_one(b, "preferred_slots", "too_many", "11 slots");
    json_decref(b);
}

static json_t *with_string(const char *key, const char *value)
{
    json_t *b = load(VALID);
    json_object_set_new(b, key, json_string(value));
    return b;
}

static void test_unicode_names(void)
{
    static const char *const names[] = {
        "Jos\xc3\xa9",                                                              /* José */
        "Mu\xc3\xb1oz",                                                             /* Muñoz */
        "Wei\xc3\x9f",                                                              /* Weiß */
        "\xd0\x9a\xd0\xb8\xd1\x80\xd0\xb8\xd0\xbb\xd0\xbb\xd0\xb8\xd1\x86\xd0\xb0", /* Кириллица */
        "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",                                     /* 王小明 */
        "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf",                                         /* محمد */
        "N\xe2\x80\x99"
        "Diaye", /* typographic apostrophe */
        "Van den Broeck-D'Hondt",
        "Nguye\xcc\x82\xcc\x83n", /* Nguyễn in NFD */
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *b = with_string("last_name", names[i]);
        json_object_set_new(b, "first_names", json_string(names[i]));
        json_object_set_new(b, "birth_place", json_string(names[i]));
        expect_one(b, NULL, NULL, names[i]);
        /* Stored verbatim: validation does not touch the body. */
        CHECK_STR(json_string_value(json_object_get(b, "last_name")), names[i]);
        json_decref(b);
    }

    char buf[512];
    /* 100 code points, 200 bytes: accepted. */
    buf[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(buf, "\xc3\xa9");
    json_t *b = with_string("last_name", buf);
    expect_one(b, NULL, NULL, "100 x e-acute");
    json_decref(b);
    /* 100 characters plus surrounding spaces: accepted (trimmed). */
    memset(buf, ' ', 3);
    memset(buf + 3, 'a', 100);
    memcpy(buf + 103, "   ", 4);
    b = with_string("first_names", buf);
    expect_one(b, NULL, NULL, "100 chars + spaces");
    json_decref(b);
    /* 101 characters: too long, in each name field. */
    memset(buf, 'a', 101);
    buf[101] = '\0';
    static const char *const keys[] = {"last_name", "first_names", "birth_place"};
    for (size_t i = 0; i < 3; i++) {
        b = with_string(keys[i], buf);
        expect_one(b, keys[i], "too_long", "101 chars");
        json_decref(b);
    }
}

/* Issue 8: a "first name" that is a phishing line was accepted and greeted
 * the applicant from the service's own address. Each name field refuses
 * links, digits, markup and invisible or bidi characters. */
static void test_hostile_names(void)
{
    static const char *const hostile[] = {
        "klant. Uw sleutel werd geblokkeerd: herstel hem op https://evil.example/herstel",
        "Jan evil.example",
        "jan@example.be",
        "Bel 0470 12 34 56",
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE applications;--",
        "Jan\xe2\x80\xaeteiP",  /* U+202E */
        "Jan\xe2\x81\xa6Piet",  /* U+2066 */
        "Jan\xe2\x80\x8bPiet",  /* U+200B */
        "\xef\xbb\xbfJan",      /* BOM */
        "Jan\xe2\x80\xa8Piet",  /* U+2028 */
        "Jan \xf0\x9f\x98\x80", /* emoji */
        "Jan\x01",
    };
    static const char *const keys[] = {"last_name", "first_names", "birth_place"};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
            json_t *b = with_string(keys[k], hostile[i]);
            char what[160];
            snprintf(what, sizeof what, "%s = %s", keys[k], hostile[i]);
            expect_one(b, keys[k], "invalid_name_characters", what);
            json_decref(b);
        }
    /* Characters first: a long junk name is told what is wrong with it. */
    char buf[300];
    memset(buf, '1', 200);
    buf[200] = '\0';
    json_t *b = with_string("first_names", buf);
    expect_one(b, "first_names", "invalid_name_characters", "200 digits");
    json_decref(b);
}

/* The name error names its field, in the applicant's language. */
static void test_field_messages(void)
{
    static const struct {
        const char *field, *lang, *start;
    } named[] = {
        {"last_name", "en", "Your last name may contain only letters"},
        {"last_name", "nl", "Uw naam mag alleen letters"},
        {"last_name", "fr", "Votre nom ne peut contenir que des lettres"},
        {"first_names", "en", "Your first name(s) may contain only letters"},
        {"first_names", "nl", "Uw voornaam of voornamen mogen alleen letters"},
        {"first_names", "fr", "Votre ou vos prénoms ne peuvent contenir que des lettres"},
        {"birth_place", "en", "Your place of birth may contain only letters"},
        {"birth_place", "nl", "Uw geboorteplaats mag alleen letters"},
        {"birth_place", "fr", "Votre lieu de naissance ne peut contenir que des lettres"},
    };
    const char *code = "invalid_name_characters";
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        const char *m = dk_app_field_error_message(named[i].field, code, named[i].lang);
        CHECK(strncmp(m, named[i].start, strlen(named[i].start)) == 0);
        if (strncmp(m, named[i].start, strlen(named[i].start)) != 0)
            fprintf(stderr, "  %s/%s: %s\n", named[i].field, named[i].lang, m);
        CHECK(strcmp(m, dk_app_error_message(code, named[i].lang)) != 0);
        for (size_t k = 0; k < i; k++)
            CHECK(strcmp(m, dk_app_field_error_message(named[k].field, code, named[k].lang)) != 0);
    }
    CHECK(strstr(dk_app_field_error_message("first_names", code, "en"), "digits, links") != NULL);
    CHECK(strstr(dk_app_field_error_message("first_names", code, "nl"), "cijfers, links") != NULL);
    CHECK(strstr(dk_app_field_error_message("first_names", code, "fr"),
                 "les chiffres, les liens") != NULL);
    /* Elsewhere: the code's sentence. */
    static const char *const langs[] = {"nl", "fr", "en", "de", NULL};
    for (size_t l = 0; l < 5; l++) {
        CHECK_STR(dk_app_field_error_message("first_names", "required", langs[l]),
                  dk_app_error_message("required", langs[l]));
        CHECK_STR(dk_app_field_error_message("email", code, langs[l]),
                  dk_app_error_message(code, langs[l]));
        CHECK_STR(dk_app_field_error_message(NULL, "too_long", langs[l]),
                  dk_app_error_message("too_long", langs[l]));
        CHECK_STR(dk_app_field_error_message("last_name", NULL, langs[l]),
                  dk_app_error_message(NULL, langs[l]));
    }
    CHECK_STR(dk_app_field_error_message("last_name", code, "de"),
              dk_app_field_error_message("last_name", code, "en"));
}

static void test_lengths(void)
{
    char buf[1200];
    memset(buf, 'm', 1000);
    buf[1000] = '\0';
    json_t *b = with_string("motivation", buf);
    expect_one(b, NULL, NULL, "motivation 1000");
    json_decref(b);
    memset(buf, 'm', 1001);
    buf[1001] = '\0';
    b = with_string("motivation", buf);
    expect_one(b, "motivation", "too_long", "motivation 1001");
    json_decref(b);

    /* 300-character e-mail address. */
    memset(buf, 'a', 300);
    memcpy(buf + 289, "@example.be", 12);
    b = with_string("email", buf);
    expect_one(b, "email", "too_long", "email 300");
    json_decref(b);
}

static void test_daylight_saving_now(void)
{
    /* A request made on the March change Sunday, before and after 01:00Z. */
    static const char *const nows[] = {"2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z",
                                       "2026-03-29T21:59:00Z"};
    json_t *b = load(VALID);
    json_object_set_new(b, "preferred_slots",
                        load("[{\"date\":\"2026-03-30\",\"from\":\"09:00\",\"to\":\"09:30\"},"
                             "{\"date\":\"2026-04-10\",\"from\":\"16:30\",\"to\":\"17:00\"}]"));
    for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
        int64_t t;
        dk_field_errors errs;
        CHECK_INT(dk_iso8601_parse(nows[i], &t), 0);
        CHECK_INT(dk_app_validate(b, t, NULL, &errs), 0);
    }
    /* 22:30Z on that Sunday is Monday 00:30 in Brussels: the window moved. */
    int64_t t;
    dk_field_errors errs;
    dk_iso8601_parse("2026-03-29T22:30:00Z", &t);
    CHECK_INT(dk_app_validate(b, t, NULL, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[0].date"), "outside_window");
    json_decref(b);

    /* Year end: asked on 2026-12-23, the window is 2026-12-28 .. 2027-01-08;
     * 2027-01-01 is a holiday. */
    b = load(VALID);
    json_object_set_new(b, "preferred_slots",
                        load("[{\"date\":\"2026-12-28\",\"from\":\"09:00\",\"to\":\"09:30\"},"
                             "{\"date\":\"2027-01-08\",\"from\":\"09:00\",\"to\":\"09:30\"},"
                             "{\"date\":\"2027-01-01\",\"from\":\"09:00\",\"to\":\"09:30\"},"
                             "{\"date\":\"2027-01-11\",\"from\":\"09:00\",\"to\":\"09:30\"}]"));
    dk_iso8601_parse("2026-12-23T10:00:00Z", &t);
    CHECK_INT(dk_app_validate(b, t, NULL, &errs), 2);
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[2].date"), "holiday");
    CHECK_STR(dk_app_error_for(&errs, "preferred_slots[3].date"), "outside_window");
    json_decref(b);
}

static void test_slot_to_utc(void)
{
    int64_t t, want;
    CHECK_INT(dk_app_slot_to_utc("2026-03-30", "09:00", &t), 0);
    dk_iso8601_parse("2026-03-30T07:00:00Z", &want);
    CHECK_INT(t, want);
    CHECK_INT(dk_app_slot_to_utc("2026-03-27", "09:00", &t), 0);
    dk_iso8601_parse("2026-03-27T08:00:00Z", &want);
    CHECK_INT(t, want);
    CHECK_INT(dk_app_slot_to_utc("2026-10-26", "17:00", &t), 0);
    dk_iso8601_parse("2026-10-26T16:00:00Z", &want);
    CHECK_INT(t, want);
    CHECK_INT(dk_app_slot_to_utc("2026-03-30", "9:00", &t), -1);
    CHECK_INT(dk_app_slot_to_utc("2026-02-30", "09:00", &t), -1);
    CHECK_INT(dk_app_slot_to_utc(NULL, "09:00", &t), -1);
    CHECK_INT(dk_app_slot_to_utc("2026-03-30", NULL, &t), -1);

    int m = -1;
    CHECK_INT(dk_app_parse_hhmm("00:00", &m), 0);
    CHECK_INT(m, 0);
    CHECK_INT(dk_app_parse_hhmm("23:59", &m), 0);
    CHECK_INT(m, 1439);
    CHECK_INT(dk_app_parse_hhmm("17:00", &m), 0);
    CHECK_INT(m, 1020);
    static const char *const bad[] = {"24:00",  "12:60",  "1200",  "12:0", "12:000", "-1:00",
                                      " 12:00", "12:00 ", "12h00", "",     "ab:cd"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(dk_app_parse_hhmm(bad[i], &m), -1);
}

/* Another slot asked from the self-service page: only preferred_slots is
 * judged, with the same fields and codes. */
static void test_slots_only(void)
{
    dk_field_errors errs;
    json_t *b = load("{\"preferred_slots\":[" SLOT_A "," SLOT_B "]}");
    CHECK_INT(dk_app_validate_slots(b, now_ms(), NULL, &errs), 0);
    CHECK(dk_app_validate(b, now_ms(), NULL, &errs) > 5); /* the step-1 body needs much more */
    json_decref(b);
    b = load("{\"preferred_slots\":" WITH("2026-04-04", "09:00", "10:00") "}");
    CHECK_INT(dk_app_validate_slots(b, now_ms(), NULL, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, PS "[1].date"), "weekend");
    json_decref(b);
    b = load("{}");
    CHECK_INT(dk_app_validate_slots(b, now_ms(), NULL, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, PS), "required");
    json_decref(b);
    CHECK_INT(dk_app_validate_slots(NULL, now_ms(), NULL, &errs), 1);
    CHECK_STR(dk_app_error_for(&errs, ""), "not_object");
}

static void test_messages(void)
{
    const char *generic_en = dk_app_error_message("no_such_code", "en");
    CHECK(generic_en != NULL && generic_en[0] != '\0');
    CHECK(dk_app_error_message(NULL, NULL) != NULL);
    size_t n = 0;
    for (size_t i = 0; dk_app_error_code(i); i++, n++) {
        const char *code = dk_app_error_code(i);
        const char *en = dk_app_error_message(code, "en");
        const char *nl = dk_app_error_message(code, "nl");
        const char *fr = dk_app_error_message(code, "fr");
        CHECK(en && nl && fr && en[0] && nl[0] && fr[0]);
        CHECK(strcmp(en, nl) != 0 && strcmp(en, fr) != 0 && strcmp(nl, fr) != 0);
        CHECK(strcmp(en, generic_en) != 0);
        /* Anything other than nl/fr gives English. */
        CHECK_STR(dk_app_error_message(code, "de"), en);
        CHECK_STR(dk_app_error_message(code, NULL), en);
        CHECK_STR(dk_app_error_message(code, ""), en);
        /* Codes are unique and messages are not shared between codes. */
        for (size_t k = 0; k < i; k++) {
            CHECK(strcmp(dk_app_error_code(k), code) != 0);
            CHECK(strcmp(dk_app_error_message(dk_app_error_code(k), "nl"), nl) != 0);
        }
    }
    CHECK_INT(n, 25); /* 24 validation codes and the intake's application_exists */
    CHECK(strstr(dk_app_error_message("application_exists", "en"), "already in progress") != NULL);
    CHECK(strstr(dk_app_error_message("application_exists", "nl"), "loopt al een aanvraag"));
    CHECK(strstr(dk_app_error_message("application_exists", "fr"), "déjà en cours") != NULL);
    CHECK(strcmp(dk_app_error_message("no_such_code", "nl"), generic_en) != 0);
    CHECK(strcmp(dk_app_error_message("no_such_code", "fr"), generic_en) != 0);
    /* Every code the one-at-a-time cases expect is published. */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cases[i].code)
            CHECK(known_code(cases[i].code));
    CHECK_STR(dk_app_error_message("required", "nl"), "Dit veld is verplicht.");
    CHECK_STR(dk_app_error_message("required", "fr"), "Ce champ est obligatoire.");
    CHECK_STR(dk_app_error_message("required", "en"), "This field is required.");
}

int main(void)
{
    test_valid();
    test_one_rule_at_a_time();
    test_not_object();
    test_everything_broken();
    test_slot_count();
    test_unicode_names();
    test_hostile_names();
    test_field_messages();
    test_lengths();
    test_daylight_saving_now();
    test_slot_to_utc();
    test_slots_only();
    test_messages();
    DK_TEST_DONE();
}
