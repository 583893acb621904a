/* SPDX-License-Identifier: EUPL-1.2 */
/* test_personal.c — the messages that carry personal data travel with it
 * sealed: an application.submitted or mail.requested envelope shows none
 * of its personal values, keeps ids, language, slots and hashes in clear,
 * and opens back to the data it was made from; a personal field in clear, a
 * sealed part moved to another message type or application, or one that
 * repeats a clear field is refused; other message types are untouched; a
 * reason that repeats an address loses it. */
#include "dk_test.h"
#include "store/dk_envelope.h"
#include "store/dk_personal.h"
#include "store/dk_seal.h"

#include <stdlib.h>
#include <string.h>

static const char *const APP = "7f01f5f8-5342-4092-ad3e-550e8d64c670";
static const char *const OTHER = "00000000-0000-4000-8000-000000000001";

static json_t *submitted(void)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s}], s:s, s:s}", "last_name",
        "Vanderbroeck-Zeta", "first_names", "Quirina Ottilie", "birth_date", "1979-02-28",
        "birth_country", "MA", "birth_place", "Tanger-Zuid", "sex", "F", "insz", "79022812345",
        "email", "quirina.z@example.be", "motivation", "Belastingen-aangifte-xyzzy", "language",
        "fr", "preferred_slots", "start", "2026-12-08T08:00:00Z", "end", "2026-12-08T09:30:00Z",
        "security_code_hash", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "submitted_at", "2026-12-02T10:00:00Z");
}

static json_t *mail_job(json_t *calendar)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:O}}", "template",
                     "reserved", "language", "nl", "to", "quirina.z@example.be", "dedupe_key",
                     "reserved:abc", "vars", "first_names", "Quirina Ottilie", "last_name",
                     "Vanderbroeck-Zeta", "application_id", APP, "video_url",
                     "https://meet.example/digitalkey-room42", "slot_start", "2026-12-08T08:00:00Z",
                     "calendar", calendar);
}

/* The message text as it travels, and its data opened again. */
static void travels_sealed(const char *type, json_t *data, const char *const *secrets,
                           const char *const *clear)
{
    json_t *want = json_deep_copy(data);
    json_t *env = dk_envelope_new(type, 2, APP, data, NULL);
    CHECK(env != NULL);
    char *text = dk_json_text(env);
    for (const char *const *s = secrets; *s; s++)
        if (strstr(text, *s)) {
            fprintf(stderr, "  %s travels in clear: %s\n", *s, text);
            CHECK(0);
        }
    for (const char *const *s = clear; *s; s++)
        CHECK(strstr(text, *s) != NULL);
    CHECK(json_is_object(json_object_get(json_object_get(env, "data"), "personal")));

    char err[256];
    dk_envelope m;
    CHECK_INT(dk_envelope_parse(text, strlen(text), &m, err, sizeof err), 0);
    CHECK_INT(dk_personal_open_envelope(&m, err, sizeof err), 0);
    CHECK(json_equal(m.data, want));
    /* The message as it travelled stays sealed (dead letters copy it). */
    char *root = dk_json_text(m.root);
    CHECK(strstr(root, secrets[0]) == NULL);
    free(root);
    dk_envelope_free(&m);

    /* Bound to its application: the same text under another id is refused. */
    json_object_set_new(env, "application_id", json_string(OTHER));
    char *moved = dk_json_text(env);
    CHECK_INT(dk_envelope_parse(moved, strlen(moved), &m, err, sizeof err), 0);
    CHECK_INT(dk_personal_open_envelope(&m, err, sizeof err), -1);
    CHECK(strstr(err, "does not authenticate") != NULL);
    dk_envelope_free(&m);
    free(moved);
    free(text);
    json_decref(env);
    json_decref(want);
}

static void application_submitted(void)
{
    static const char *const secrets[] = {"Vanderbroeck", "Quirina",    "1979-02-28", "Tanger",
                                          "79022812345",  "quirina.z@", "xyzzy",      "\"MA\"",
                                          "\"F\"",        NULL};
    static const char *const clear[] = {"\"language\":\"fr\"", "2026-12-08T08:00:00Z",
                                        "0123456789abcdef0123", "submitted_at", NULL};
    travels_sealed("application.submitted", submitted(), secrets, clear);
    /* An absent INSZ is sealed as null, like any other value. */
    json_t *d = submitted();
    json_object_set_new(d, "insz", json_null());
    char err[256];
    json_t *s = dk_personal_seal("application.submitted", APP, d, err, sizeof err);
    CHECK(s && !json_object_get(s, "insz"));
    json_t *o = dk_personal_open("application.submitted", APP, s, err, sizeof err);
    CHECK(o && json_is_null(json_object_get(o, "insz")));
    json_decref(o);
    json_decref(s);
}

static void mail_requested(void)
{
    static const char *const secrets[] = {"quirina.z@", "Quirina", "Vanderbroeck", "room42", NULL};
    static const char *const clear[] = {
        "\"template\":\"reserved\"", "reserved:abc",           APP,
        "2026-12-08T08:00:00Z",      "\"method\":\"REQUEST\"", NULL};
    json_t *calendar =
        json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "method", "REQUEST", "uid", "x@digitalkey",
                  "sequence", 1, "start", "2026-12-08T08:00:00Z", "end", "2026-12-08T08:30:00Z",
                  "video_url", "https://meet.example/digitalkey-room42");
    travels_sealed("mail.requested", mail_job(calendar), secrets, clear);
    /* The caller's calendar object (shared with others) keeps its link. */
    CHECK(json_object_get(calendar, "video_url") != NULL);
    json_decref(calendar);
}

static void refusals(void)
{
    char err[256];
    /* A personal field in clear, at the top or nested. */
    json_t *d = dk_personal_seal("application.submitted", APP, submitted(), err, sizeof err);
    json_object_set_new(d, "email", json_string("in-clear@example.be"));
    json_t *o = dk_personal_open("application.submitted", APP, d, err, sizeof err);
    CHECK(o == NULL && strstr(err, "'email'") && strstr(err, "in clear"));
    json_object_del(d, "email");
    json_object_del(d, "personal");
    json_object_set_new(d, "last_name", json_string("Clear"));
    CHECK(dk_personal_open("application.submitted", APP, d, err, sizeof err) == NULL);
    CHECK(strstr(err, "'last_name'") != NULL);
    json_decref(d);

    json_t *cal = json_pack("{s:s, s:s}", "method", "REQUEST", "video_url", "https://x/room");
    json_t *m = dk_personal_seal("mail.requested", APP, mail_job(cal), err, sizeof err);
    json_decref(cal);
    json_object_set_new(json_object_get(json_object_get(m, "vars"), "calendar"), "video_url",
                        json_string("https://x/other"));
    CHECK(dk_personal_open("mail.requested", APP, m, err, sizeof err) == NULL);
    CHECK(strstr(err, "'vars.calendar.video_url'") != NULL);
    json_object_del(json_object_get(json_object_get(m, "vars"), "calendar"), "video_url");

    /* A mail job's sealed part moved into an application of the same id. */
    json_t *a =
        json_pack("{s:s, s:O}", "language", "nl", "personal", json_object_get(m, "personal"));
    CHECK(dk_personal_open("application.submitted", APP, a, err, sizeof err) == NULL);
    CHECK(strstr(err, "does not authenticate") != NULL);
    json_decref(a);
    json_decref(m);

    /* A sealed part that repeats a clear field cannot override it. */
    json_t *lang = json_pack("{s:s}", "language", "en");
    json_t *sealed = dk_seal(lang, "application.submitted", APP, err, sizeof err);
    json_t *x = json_pack("{s:s, s:o}", "language", "nl", "personal", sealed);
    CHECK(dk_personal_open("application.submitted", APP, x, err, sizeof err) == NULL);
    CHECK(strstr(err, "'language'") && strstr(err, "in clear too"));
    json_decref(x);
    json_decref(lang);

    /* A malformed sealed part. */
    json_t *bad = json_pack("{s:s, s:s}", "language", "nl", "personal", "not an object");
    CHECK(dk_personal_open("application.submitted", APP, bad, err, sizeof err) == NULL);
    CHECK(strstr(err, "data.personal refused: malformed") != NULL);
    json_decref(bad);
}

static void other_types_are_untouched(void)
{
    char err[256];
    json_t *d = json_pack("{s:s, s:s}", "reason", "submitted", "email", "not-personal-here");
    json_t *same = dk_personal_seal("schedule.requested", APP, json_incref(d), err, sizeof err);
    CHECK(same == d);
    json_t *o = dk_personal_open("schedule.requested", APP, d, err, sizeof err);
    CHECK(o && json_equal(o, d));
    json_decref(o);
    json_decref(same);
    json_decref(d);
    CHECK(dk_personal_fields("appointment.changed") == NULL);
    CHECK(dk_personal_fields(NULL) == NULL);
    /* A message of a sealing type without any personal field (poison, or
     * a bad producer) is left for its handler to refuse. */
    json_t *empty = dk_personal_seal("application.submitted", APP, json_object(), err, sizeof err);
    CHECK(empty && json_object_size(empty) == 0);
    json_decref(empty);
}

static void masking(void)
{
    char t[96] = "550 5.1.1 <Jan.P@Example.be>: no such user jan.p@example.be";
    dk_personal_mask(t, sizeof t, "jan.p@example.be", "[recipient]");
    CHECK_STR(t, "550 5.1.1 <[recipient]>: no such user [recipient]");
    /* A mask longer than the value, in a buffer too small for both: the
     * text is cut before the value rather than keep it. */
    char small[28] = "to a@b.c and a@b.c";
    dk_personal_mask(small, sizeof small, "a@b.c", "[recipient]");
    CHECK_STR(small, "to [recipient] and ");
    /* A mask holding the value does not loop. */
    char loop[64] = "x y x";
    dk_personal_mask(loop, sizeof loop, "x", "[x]");
    CHECK_STR(loop, "[x] y [x]");
    char none[16] = "nothing";
    dk_personal_mask(none, sizeof none, "", "[recipient]");
    dk_personal_mask(none, sizeof none, NULL, "[recipient]");
    CHECK_STR(none, "nothing");
}

int main(void)
{
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    unsetenv("DK_MESSAGE_KEY_OLD");
    application_submitted();
    mail_requested();
    refusals();
    other_types_are_untouched();
    masking();
    DK_TEST_DONE();
}
