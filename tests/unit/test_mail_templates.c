/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mail_templates.c — the applicant e-mails: every template row renders
 * in nl, fr and en, values are escaped in HTML, the security code is
 * mentioned but never shown, times are written out in Brussels time across
 * daylight-saving changes, the mailer makes the links and refuses secrets in
 * a job, and bad names, languages or variables fail with a message instead
 * of a half-rendered mail. */
/* The mailer's sources but its main() are linked from build/lib/libdk_mailer.a
 * (the Makefile puts workers/mailer on this test's include path). */
#include "dk_mail_calendar.h"
#include "dk_mail_compose.h"
#include "dk_mail_templates.h"

#include "booking/dk_live.h"
#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "dk_test.h"
#include "dk_test_python.h"
#include "i18n/dk_i18n.h"
#include "store/dk_personal.h"
#include "store/dk_token.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define APPT "5b1e7c2a-8f3d-4e6a-9c0b-1d2e3f4a5b6c"
#define PUBLIC "https://sleutels.example.be"

#define CODE "7KQ2M-X9RTP-4HJWN-C8VFD" /* a security code that must never show */

static json_t *sample_vars(const char *first, const char *last)
{
    json_t *v =
        json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:s}", "first_names",
                  first, "last_name", last, "application_id",
                  "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f", "security_code", CODE, "preferred_slots",
                  "date", "2026-12-07", "from", "09:00", "to", "10:30", "date", "2026-12-01",
                  "from", "14:00", "to", "15:00", "support_url", "https://example.be/help?a=1&b=2");
    /* what the interview e-mails need, so that every row renders */
    json_object_update_new(v, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}",
                                        "appointment_id", APPT, "proposal_url",
                                        PUBLIC "/proposal/abc", "request_url", PUBLIC "/?lang=nl",
                                        "slot_start", "2026-12-08T09:30:00Z", "slot_end",
                                        "2026-12-08T10:00:00Z", "match", "preferred", "video_url",
                                        "https://video.example.be/room/42", "problems", "code",
                                        "blurry", "problem", "Blurry.", "fix", "Hold still."));
    /* what the interview outcome e-mails need (test_mail_outcomes.c has their own tests) */
    json_object_update_new(v, json_pack("{s:s, s:i, s:b, s:s, s:[{s:s, s:s}], s:s, s:s}",
                                        "activation_url", PUBLIC "/activate/abc", "activation_days",
                                        14, "activation_one_day", 0, "activation_expires",
                                        "2026-12-22T09:30:00Z", "missing", "item", "The original.",
                                        "bring", "Your passport.", "interviewer_note", "Bring it.",
                                        "decision_motivation", "The photo is not you."));
    /* what the key mails need (test_mail_keys.c has their own tests) */
    json_object_update_new(v, json_pack("{s:s, s:s, s:i, s:b, s:s, s:s, s:s}", "email_code",
                                        "123 456", "purpose", "signin", "minutes", 10,
                                        "minutes_one", 0, "key_type", "totp", "assurance_level",
                                        "substantial", "signin_url", PUBLIC "/signin"));
    /* what the promise_missed mail needs */
    json_object_set_new(v, "requested_at", json_string("2026-12-02T10:00:00Z"));
    return v;
}

static dk_mail_rendered render_ok(const char *name, const char *lang, json_t *vars)
{
    dk_mail_rendered r;
    char err[256] = "";
    int rc = dk_mail_render(name, lang, vars, &r, err, sizeof err);
    CHECK_INT(rc, 0);
    if (rc != 0)
        fprintf(stderr, "  %s/%s: %s\n", name, lang, err);
    return r;
}

static void check_clean(const dk_mail_rendered *r)
{
    CHECK(r->subject && r->text && r->html);
    if (!r->subject || !r->text || !r->html)
        return;
    CHECK(!strstr(r->subject, "{{") && !strstr(r->text, "{{") && !strstr(r->html, "{{"));
    CHECK(!strstr(r->subject, "}}") && !strstr(r->text, "}}") && !strstr(r->html, "}}"));
    CHECK(!strchr(r->subject, '\n') && !strchr(r->subject, '\r'));
    CHECK(!strstr(r->text, CODE) && !strstr(r->html, CODE) && !strstr(r->subject, CODE));
}

static void test_request_received_languages(void)
{
    static const struct {
        const char *lang, *subject, *code_word, *weekday_line, *first_day, *no_reply, *working_days;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: je aanvraag voor een video-interview is ontvangen",
         "beveiligingscode", "- maandag 7 december 2026, 09:00–10:30\n", "dinsdag 1 december 2026",
         "Antwoord er niet op", "3 werkdagen"},
        {"fr", "Mes clés numériques : votre demande d'entretien vidéo a bien été reçue",
         "code de sécurité", "- lundi 7 décembre 2026, 09:00–10:30\n", "mardi 1er décembre 2026",
         "ne pas y répondre", "3 jours ouvrables"},
        {"en", "My digital keys: your request for a video interview has been received",
         "security code", "- Monday 7 December 2026, 09:00–10:30\n", "Tuesday 1 December 2026",
         "Please do not reply", "3 working days"},
    };
    json_t *vars = sample_vars("Zoë Anna", "Smith");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_mail_rendered r = render_ok("request_received", cases[i].lang, vars);
        check_clean(&r);
        if (!r.text)
            continue;
        CHECK_STR(r.subject, cases[i].subject);
        CHECK(strstr(r.text, cases[i].code_word) && strstr(r.html, cases[i].code_word));
        CHECK(strstr(r.text, cases[i].weekday_line));
        CHECK(strstr(r.text, cases[i].first_day) && strstr(r.html, cases[i].first_day));
        CHECK(strstr(r.text, cases[i].no_reply) && strstr(r.html, cases[i].no_reply));
        CHECK(strstr(r.text, cases[i].working_days) && strstr(r.html, cases[i].working_days));
        CHECK(strstr(r.text, "Zoë Anna Smith,"));
        CHECK(strstr(r.text, "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f"));
        CHECK(strstr(r.text, "https://example.be/help?a=1&b=2"));
        CHECK(strstr(r.html, "href=\"https://example.be/help?a=1&amp;b=2\""));
        char lang_attr[32];
        snprintf(lang_attr, sizeof lang_attr, "<html lang=\"%s\">", cases[i].lang);
        CHECK(strstr(r.html, lang_attr));
        CHECK(strncmp(r.html, "<!DOCTYPE html>", 15) == 0);
        CHECK(strstr(r.html, "<li>"));
        if (strcmp(cases[i].lang, "fr") == 0)
            CHECK(strstr(
                r.html,
                "<title>Mes clés numériques : votre demande d&#39;entretien vidéo a bien été "
                "reçue</title>"));
        dk_mail_rendered_free(&r);
        CHECK(r.subject == NULL && r.text == NULL && r.html == NULL);
    }
    json_decref(vars);
}

static void test_every_row_renders(void)
{
    /* Each template renders in each language of the catalogue with the
     * sample variables, and nl, fr and en are among them. */
    json_t *vars = sample_vars("A", "B");
    for (const char *const *n = dk_mail_template_names; *n; n++) {
        for (size_t l = 0; l < dk_i18n_lang_count(); l++) {
            dk_mail_rendered r = render_ok(*n, dk_i18n_lang(l), vars);
            check_clean(&r);
            dk_mail_rendered_free(&r);
        }
    }
    CHECK_INT(dk_i18n_lang_known("nl") && dk_i18n_lang_known("fr") && dk_i18n_lang_known("en"), 1);
    json_decref(vars);
}

static void test_html_escaping(void)
{
    json_t *vars = sample_vars("<script>alert(1)</script>", "\"O'Brien & Zoë\"");
    json_object_set_new(vars, "application_id", json_string("<b>id</b>"));
    const char *langs[] = {"nl", "fr", "en"};
    for (int i = 0; i < 3; i++) {
        dk_mail_rendered r = render_ok("request_received", langs[i], vars);
        check_clean(&r);
        if (!r.html)
            continue;
        CHECK(!strstr(r.html, "<script>"));
        CHECK(!strstr(r.html, "<b>id"));
        CHECK(strstr(r.html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        CHECK(strstr(r.html, "&quot;O&#39;Brien &amp; Zoë&quot;"));
        CHECK(strstr(r.html, "&lt;b&gt;id&lt;/b&gt;"));
        /* plain text carries the values as they are */
        CHECK(strstr(r.text, "<script>alert(1)</script> \"O'Brien & Zoë\","));
        dk_mail_rendered_free(&r);
    }
    json_decref(vars);

    /* Cyrillic names pass through; control characters become spaces. */
    vars = sample_vars("Анна\r\nBcc: x", "Петрова");
    dk_mail_rendered r = render_ok("request_received", "en", vars);
    check_clean(&r);
    CHECK(r.text && strstr(r.text, "Dear Анна  Bcc: x Петрова,"));
    CHECK(r.html && strstr(r.html, "Dear Анна  Bcc: x Петрова,"));
    dk_mail_rendered_free(&r);
    json_decref(vars);
}

static void test_optional_and_empty(void)
{
    json_t *vars = sample_vars("A", "B");
    json_object_del(vars, "support_url");
    json_object_set_new(vars, "preferred_slots", json_array());
    dk_mail_rendered r = render_ok("request_received", "nl", vars);
    check_clean(&r);
    CHECK(r.text && !strstr(r.text, "Meer informatie"));
    CHECK(r.text && strstr(r.text, "(geen opgegeven)"));
    CHECK(r.html && !strstr(r.html, "<ul>") && !strstr(r.html, "<a "));
    dk_mail_rendered_free(&r);
    json_decref(vars);
}

static void expect_error(const char *name, const char *lang, json_t *vars, const char *fragment)
{
    dk_mail_rendered r = {(char *)"x", (char *)"y", (char *)"z"};
    char err[256] = "";
    CHECK_INT(dk_mail_render(name, lang, vars, &r, err, sizeof err), -1);
    CHECK(r.subject == NULL && r.text == NULL && r.html == NULL);
    CHECK(strstr(err, fragment) != NULL);
    if (!strstr(err, fragment))
        fprintf(stderr, "  err \"%s\", wanted \"%s\"\n", err, fragment);
}

static void test_errors(void)
{
    json_t *vars = sample_vars("A", "B");
    expect_error("no_such_template", "nl", vars, "unknown mail template 'no_such_template'");
    expect_error(NULL, "nl", vars, "unknown mail template");
    expect_error("request_received", "de", vars, "unknown mail language 'de'");
    expect_error("request_received", NULL, vars, "unknown mail language");
    expect_error("request_received", "NL", vars, "unknown mail language 'NL'");
    expect_error("request_received", "nl", NULL, "must be a JSON object");

    json_t *v2 = json_deep_copy(vars);
    json_object_del(v2, "last_name");
    expect_error("request_received", "fr", v2, "variable 'last_name' is missing");
    json_decref(v2);

    v2 = json_deep_copy(vars);
    json_object_set_new(v2, "first_names", json_pack("[s]", "A"));
    expect_error("request_received", "en", v2, "variable 'first_names' is not a text value");
    json_decref(v2);

    v2 = json_deep_copy(vars);
    json_object_set_new(
        v2, "preferred_slots",
        json_pack("[{s:s, s:s, s:s}]", "date", "2026-02-30", "from", "09:00", "to", "10:00"));
    expect_error("request_received", "nl", v2, "variable 'date' is not a date");
    json_decref(v2);

    v2 = json_deep_copy(vars);
    json_object_set_new(v2, "support_url", json_string("javascript:alert(1)"));
    expect_error("request_received", "nl", v2, "variable 'support_url' is not an http(s) URL");
    json_decref(v2);
    json_decref(vars);
}

/* ---- filters: instants in Brussels time ---------------------------------- */

/* Renders one template string against vars in lang (text, no layout). */
static char *render_str(const char *lang, const char *tpl, json_t *vars, char *err, size_t errlen)
{
    return dk_mail_render_text(lang, tpl, vars, err, errlen);
}

static void check_filter(const char *lang, const char *tpl, const char *instant, const char *want)
{
    json_t *v = json_pack("{s:s}", "t", instant);
    char err[256] = "";
    char *got = render_str(lang, tpl, v, err, sizeof err);
    CHECK_STR(got, want);
    if (!got)
        fprintf(stderr, "  %s %s %s: %s\n", lang, tpl, instant, err);
    free(got);
    json_decref(v);
}

static void test_time_filters(void)
{
    /* winter (CET, +01:00) */
    check_filter("nl", "{{t|datetime}}", "2026-12-08T09:30:00Z",
                 "dinsdag 8 december 2026 om 10:30");
    check_filter("fr", "{{t|datetime}}", "2026-12-08T09:30:00Z", "mardi 8 décembre 2026 à 10h30");
    check_filter("en", "{{t|datetime}}", "2026-12-08T09:30:00Z",
                 "Tuesday 8 December 2026 at 10:30");
    /* the same instant written with an offset */
    check_filter("en", "{{t|datetime}}", "2026-12-08T10:30:00+01:00",
                 "Tuesday 8 December 2026 at 10:30");
    /* summer (CEST, +02:00) after the change of Sunday 28 March 2027 */
    check_filter("nl", "{{t|datetime}}", "2027-04-01T08:00:00Z", "donderdag 1 april 2027 om 10:00");
    check_filter("fr", "{{t|datetime}}", "2027-03-29T07:30:00Z", "lundi 29 mars 2027 à 9h30");
    check_filter("en", "{{t|datetime}}", "2027-03-29T07:30:00Z", "Monday 29 March 2027 at 09:30");
    /* around the change itself: 01:59 CET, then 03:00 CEST */
    check_filter("nl", "{{t|time}}", "2027-03-28T00:59:00Z", "01:59");
    check_filter("nl", "{{t|time}}", "2027-03-28T01:00:00Z", "03:00");
    /* October's repeated hour: 02:30 twice, an hour apart */
    check_filter("fr", "{{t|time}}", "2027-10-31T00:30:00Z", "2h30");
    check_filter("fr", "{{t|time}}", "2027-10-31T01:30:00Z", "2h30");
    check_filter("fr", "{{t|time}}", "2027-10-31T02:30:00Z", "3h30");
    /* the UTC date is the day before the Brussels date */
    check_filter("fr", "{{t|datetime}}", "2026-11-30T23:30:00Z", "mardi 1er décembre 2026 à 0h30");
    check_filter("nl", "{{t|longdate}}", "2026-11-30T23:30:00Z", "dinsdag 1 december 2026");
    check_filter("en", "{{t|longdate}}", "2026-12-01", "Tuesday 1 December 2026");

    char err[256] = "";
    json_t *v = json_pack("{s:s}", "t", "2026-12-08");
    CHECK(render_str("nl", "{{t|datetime}}", v, err, sizeof err) == NULL);
    CHECK(strstr(err, "variable 't' is not an ISO-8601 instant"));
    json_decref(v);
    v = json_pack("{s:s}", "t", "2026-12-08T25:00:00Z");
    CHECK(render_str("nl", "{{t|time}}", v, err, sizeof err) == NULL);
    json_decref(v);
}

static void test_equality_sections(void)
{
    json_t *v = json_pack("{s:s, s:i}", "match", "nearest", "n", 3);
    char err[256] = "";
    char *got =
        render_str("en",
                   "[{{?match=nearest}}N{{/match=nearest}}{{?match=later}}L{{/match=later}}"
                   "{{^match=later}}!L{{/match=later}}{{?n=3}}num{{/n=3}}{{?none=x}}x{{/none=x}}]",
                   v, err, sizeof err);
    /* only strings compare equal: a number never matches */
    CHECK_STR(got, "[N!L]");
    free(got);
    json_decref(v);
}

/* ---- the mailer's vars -------------------------------------------------- */

static json_t *mailer_vars(json_t *job_vars, const char *lang)
{
    json_t *out = NULL;
    char err[256] = "";
    CHECK_INT(dk_mail_vars(job_vars, lang, &out, err, sizeof err), 0);
    if (!out)
        fprintf(stderr, "  dk_mail_vars: %s\n", err);
    return out;
}

static void test_mailer_vars(void)
{
    json_t *job =
        json_pack("{s:s, s:s, s:s}", "first_names", "A", "last_name", "B", "appointment_id", APPT);
    json_t *v = mailer_vars(job, "fr");
    char want[256];
    dk_proposal_url(APPT, want, sizeof want);
    CHECK(strncmp(want, PUBLIC "/proposal/", strlen(PUBLIC "/proposal/")) == 0);
    CHECK_STR(json_string_value(json_object_get(v, "proposal_url")), want);
    CHECK_STR(json_string_value(json_object_get(v, "request_url")), PUBLIC "/?lang=fr");
    CHECK(!json_object_get(job, "proposal_url")); /* the job's vars stay as they were */
    json_decref(v);

    /* Without an appointment there is no proposal link. */
    json_object_del(job, "appointment_id");
    v = mailer_vars(job, "nl");
    CHECK(v && !json_object_get(v, "proposal_url"));
    json_decref(v);

    static const char *const secrets[] = {"token",
                                          "proposal_url",
                                          "security_code",
                                          "code",
                                          "activation_code",
                                          "password",
                                          "activation_url",
                                          "ActivationCode",
                                          "activation-code",
                                          "sessionCode",
                                          "otp",
                                          "PIN",
                                          "link_token",
                                          "totp_secret",
                                          "interview_secret"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        json_t *bad = json_deep_copy(job);
        json_object_set_new(bad, secrets[i], json_string("x"));
        char err[256] = "";
        v = (json_t *)1;
        CHECK_INT(dk_mail_vars(bad, "nl", &v, err, sizeof err), -1);
        CHECK(v == NULL);
        CHECK(strstr(err, secrets[i]) && strstr(err, "must never travel"));
        json_decref(bad);
    }
    json_t *bad = json_deep_copy(job);
    json_object_set_new(bad, "appointment_id", json_string("../../etc/passwd"));
    char err[256] = "";
    CHECK_INT(dk_mail_vars(bad, "nl", &v, err, sizeof err), -1);
    CHECK(strstr(err, "appointment_id is not a UUID"));
    json_object_set_new(bad, "appointment_id", json_integer(7));
    CHECK_INT(dk_mail_vars(bad, "nl", &v, err, sizeof err), -1);
    json_decref(bad);
    CHECK_INT(dk_mail_vars(NULL, "nl", &v, err, sizeof err), -1);
    json_decref(job);
}

/* ---- the interview e-mails ---------------------------------------------- */

typedef struct {
    const char *lang;
    const char *subject_when; /* slot_start|datetime in the subject */
    const char *slot_line;    /* the date and the hours in the body */
    const char *hold;         /* the hold_until sentence's date */
    const char *hold_generic; /* without hold_until */
    const char *nearest, *later, *moved, *moved_subject;
    const char *photo;   /* the document instructions */
    const char *code;    /* the security code paragraph */
    const char *on_file; /* document_on_file: one click instead */
} proposal_words;

static const proposal_words pw[] = {
    {"nl", "voor je video-interview op dinsdag 8 december 2026 om 10:30",
     "dinsdag 8 december 2026, van 10:30 tot 11:00 (Belgische tijd)",
     "tot donderdag 3 december 2026 om 17:00 (Belgische tijd)", "beperkte tijd",
     "Geen van je gewenste tijdsloten was nog vrij", "In de weken waaruit je kon kiezen",
     "Door een wijziging in de planning", "Mijn digitale sleutels: nieuw voorstel",
     "voor- en achterkant van je Europese identiteitskaart", "Je persoonlijke beveiligingscode",
     "je document werd al goedgekeurd, dus je bevestigt dit tijdslot met één klik"},
    {"fr", "proposition d'entretien vidéo le mardi 8 décembre 2026 à 10h30",
     "mardi 8 décembre 2026, de 10h30 à 11h00 (heure belge)",
     "jusqu'au jeudi 3 décembre 2026 à 17h00 (heure belge)", "durée limitée",
     "Aucun de vos créneaux souhaités n'était encore libre", "dans les semaines parmi lesquelles",
     "En raison d'une modification du planning", "Mes clés numériques : nouvelle proposition",
     "recto et du verso de votre carte d'identité européenne", "Votre code de sécurité personnel",
     "votre document a déjà été accepté, vous confirmez donc ce créneau en un clic"},
    {"en", "for your video interview on Tuesday 8 December 2026 at 10:30",
     "Tuesday 8 December 2026, from 10:30 to 11:00 (Belgian time)",
     "until Thursday 3 December 2026 at 17:00 (Belgian time)", "limited time only",
     "None of your preferred time slots was still free", "No time slot was free in the weeks",
     "Because of a change in our interviewers' schedule", "My digital keys: new proposal",
     "both sides of your European identity card", "Your personal security code",
     "your document was already accepted, so you confirm this slot with one click"},
};

static json_t *proposal_job(const char *match)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "first_names", "Zoë Anna",
                     "last_name", "Smith", "application_id", "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f",
                     "appointment_id", APPT, "slot_start", "2026-12-08T09:30:00Z", "slot_end",
                     "2026-12-08T10:00:00Z", "match", match, "hold_until", "2026-12-03T16:00:00Z");
}

static int in_both(const dk_mail_rendered *r, const char *s)
{
    return r->text && r->html && strstr(r->text, s) && strstr(r->html, s);
}

static int in_neither(const dk_mail_rendered *r, const char *s)
{
    return r->text && r->html && !strstr(r->text, s) && !strstr(r->html, s);
}

static void test_proposal(void)
{
    char url[256], href[300];
    dk_proposal_url(APPT, url, sizeof url);
    snprintf(href, sizeof href, "href=\"%s\"", url);
    static const char *const matches[] = {"preferred", "nearest", "later"};
    for (size_t i = 0; i < sizeof pw / sizeof pw[0]; i++) {
        const proposal_words *w = &pw[i];
        for (int mi = 0; mi < 3; mi++) {
            json_t *job = proposal_job(matches[mi]);
            json_t *vars = mailer_vars(job, w->lang);
            dk_mail_rendered r = render_ok("proposal", w->lang, vars);
            check_clean(&r);
            if (!r.text) {
                json_decref(job);
                json_decref(vars);
                continue;
            }
            CHECK(strstr(r.subject, w->subject_when));
            CHECK(!strstr(r.subject, w->moved_subject));
            CHECK(in_both(&r, w->slot_line));
            CHECK(in_both(&r, w->hold));
            CHECK(in_neither(&r, w->hold_generic));
            CHECK(strstr(r.text, url) && strstr(r.html, href));
            CHECK(in_both(&r, w->photo) && in_both(&r, w->code));
            CHECK(in_both(&r, "Zoë Anna Smith") &&
                  in_both(&r, "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f"));
            CHECK(in_neither(&r, w->moved));
            CHECK(in_neither(&r, w->on_file));
            /* nearest / later wording only when asked */
            CHECK(mi == 1 ? in_both(&r, w->nearest) : in_neither(&r, w->nearest));
            CHECK(mi == 2 ? in_both(&r, w->later) : in_neither(&r, w->later));
            dk_mail_rendered_free(&r);
            json_decref(vars);

            /* moved, and no hold_until */
            json_object_set_new(job, "moved", json_true());
            json_object_del(job, "hold_until");
            vars = mailer_vars(job, w->lang);
            r = render_ok("proposal", w->lang, vars);
            check_clean(&r);
            CHECK(r.subject && strncmp(r.subject, w->moved_subject, strlen(w->moved_subject)) == 0);
            CHECK(in_both(&r, w->moved));
            CHECK(in_both(&r, w->hold_generic));
            dk_mail_rendered_free(&r);
            json_decref(vars);

            /* a document already accepted: one click instead of a photo */
            json_object_set_new(job, "document_on_file", json_true());
            vars = mailer_vars(job, w->lang);
            r = render_ok("proposal", w->lang, vars);
            check_clean(&r);
            CHECK(in_both(&r, w->on_file));
            CHECK(in_neither(&r, w->photo));
            CHECK(in_neither(&r, "interview.ics"));
            dk_mail_rendered_free(&r);
            json_decref(vars);

            /* it replaces a reserved interview: its calendar entry is cancelled */
            json_object_set_new(job, "calendar",
                                json_pack("{s:s, s:s, s:i, s:s, s:s}", "method", "CANCEL", "uid",
                                          APPT "@digitalkey.dk", "sequence", 2, "start",
                                          "2026-12-07T09:30:00Z", "end", "2026-12-07T10:00:00Z"));
            vars = mailer_vars(job, w->lang);
            r = render_ok("proposal", w->lang, vars);
            check_clean(&r);
            CHECK(in_both(&r, "interview.ics"));
            dk_mail_rendered_free(&r);
            json_decref(vars);
            json_decref(job);
        }
    }
}

static void test_proposal_dst(void)
{
    /* The slot is after the change to summer time (Sunday 28 March 2027),
     * the hold ends before it: each is written in its own offset. */
    static const struct {
        const char *lang, *subject, *slot, *hold;
    } cases[] = {
        {"nl", "op maandag 29 maart 2027 om 09:30", "maandag 29 maart 2027, van 09:30 tot 10:00",
         "tot vrijdag 26 maart 2027 om 16:00"},
        {"fr", "le lundi 29 mars 2027 à 9h30", "lundi 29 mars 2027, de 9h30 à 10h00",
         "jusqu'au vendredi 26 mars 2027 à 16h00"},
        {"en", "on Monday 29 March 2027 at 09:30", "Monday 29 March 2027, from 09:30 to 10:00",
         "until Friday 26 March 2027 at 16:00"},
    };
    json_t *job = proposal_job("preferred");
    json_object_set_new(job, "slot_start", json_string("2027-03-29T07:30:00Z"));
    json_object_set_new(job, "slot_end", json_string("2027-03-29T08:00:00Z"));
    json_object_set_new(job, "hold_until", json_string("2027-03-26T15:00:00Z"));
    for (int i = 0; i < 3; i++) {
        json_t *vars = mailer_vars(job, cases[i].lang);
        dk_mail_rendered r = render_ok("proposal", cases[i].lang, vars);
        check_clean(&r);
        CHECK(r.subject && strstr(r.subject, cases[i].subject));
        CHECK(in_both(&r, cases[i].slot));
        CHECK(in_both(&r, cases[i].hold));
        dk_mail_rendered_free(&r);
        json_decref(vars);
    }
    json_decref(job);
}

static json_t *reserved_job(int with_calendar)
{
    json_t *job = proposal_job("preferred");
    json_object_del(job, "match");
    json_object_del(job, "hold_until");
    json_object_set_new(job, "video_url", json_string("https://video.example.be/room/42?k=a&b=1"));
    if (with_calendar)
        json_object_set_new(job, "calendar",
                            json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "method", "REQUEST", "uid",
                                      APPT "@digitalkey.dk", "sequence", 2, "start",
                                      "2026-12-08T09:30:00Z", "end", "2026-12-08T10:00:00Z",
                                      "video_url", "https://video.example.be/room/42?k=a&b=1"));
    return job;
}

static void test_reserved(void)
{
    static const struct {
        const char *lang, *subject, *slot, *install, *bring, *calendar, *manage;
    } cases[] = {
        {"nl",
         "Mijn digitale sleutels: je video-interview op dinsdag 8 december 2026 om 10:30 is "
         "vastgelegd",
         "dinsdag 8 december 2026, van 10:30 tot 11:00 (Belgische tijd)",
         "je hoeft niets te installeren", "originele identiteitsdocument",
         "In bijlage vind je de afspraak", "verplaatsen of annuleren"},
        {"fr",
         "Mes clés numériques : votre entretien vidéo du mardi 8 décembre 2026 à 10h30 est "
         "confirmé",
         "mardi 8 décembre 2026, de 10h30 à 11h00 (heure belge)", "vous n'avez rien à installer",
         "l'original du document d'identité", "en pièce jointe", "déplacer ou annuler"},
        {"en",
         "My digital keys: your video interview on Tuesday 8 December 2026 at 10:30 is booked",
         "Tuesday 8 December 2026, from 10:30 to 11:00 (Belgian time)",
         "there is nothing to install", "original identity document", "is attached (interview.ics)",
         "move or cancel"},
    };
    char url[256];
    dk_proposal_url(APPT, url, sizeof url);
    for (int i = 0; i < 3; i++) {
        for (int cal = 0; cal < 2; cal++) {
            json_t *job = reserved_job(cal);
            json_t *vars = mailer_vars(job, cases[i].lang);
            dk_mail_rendered r = render_ok("reserved", cases[i].lang, vars);
            check_clean(&r);
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(in_both(&r, cases[i].slot) && in_both(&r, cases[i].install));
            CHECK(in_both(&r, cases[i].bring) && in_both(&r, cases[i].manage));
            CHECK(cal ? in_both(&r, cases[i].calendar) : in_neither(&r, cases[i].calendar));
            CHECK(r.text && strstr(r.text, "https://video.example.be/room/42?k=a&b=1"));
            CHECK(r.html &&
                  strstr(r.html, "href=\"https://video.example.be/room/42?k=a&amp;b=1\""));
            CHECK(r.text && strstr(r.text, url) && strstr(r.html, url));
            dk_mail_rendered_free(&r);
            json_decref(vars);
            json_decref(job);
        }
    }
    /* The video link must be http(s). */
    json_t *job = reserved_job(0);
    json_object_set_new(job, "video_url", json_string("javascript:alert(1)"));
    json_t *vars = mailer_vars(job, "en");
    expect_error("reserved", "en", vars, "variable 'video_url' is not an http(s) URL");
    json_decref(vars);
    json_decref(job);
}

/* The reminder 24 hours before (common/booking/dk_booking_timers.c): the
 * reservation's facts in the applicant's language, the local time right on
 * both sides of a daylight-saving change. */
static void test_interview_reminder(void)
{
    static const struct {
        const char *lang, *start, *end, *subject, *slot, *intro;
    } cases[] = {
        {"nl", "2026-10-26T08:00:00Z", "2026-10-26T08:30:00Z",
         "Mijn digitale sleutels: herinnering aan je video-interview op maandag 26 oktober 2026 om "
         "09:00",
         "maandag 26 oktober 2026, van 09:00 tot 09:30 (Belgische tijd)",
         "Ter herinnering: je video-interview vindt binnenkort plaats:"},
        {"fr", "2027-03-30T07:00:00Z", "2027-03-30T07:30:00Z",
         "Mes clés numériques : rappel de votre entretien vidéo du mardi 30 mars 2027 à 9h00",
         "mardi 30 mars 2027, de 9h00 à 9h30 (heure belge)",
         "Pour rappel, votre entretien vidéo aura lieu prochainement :"},
        {"en", "2027-03-26T08:00:00Z", "2027-03-26T08:30:00Z",
         "My digital keys: reminder of your video interview on Friday 26 March 2027 at 09:00",
         "Friday 26 March 2027, from 09:00 to 09:30 (Belgian time)",
         "A reminder: your video interview is coming up soon:"},
    };
    for (int i = 0; i < 3; i++) {
        json_t *job = reserved_job(1);
        json_object_set_new(job, "slot_start", json_string(cases[i].start));
        json_object_set_new(job, "slot_end", json_string(cases[i].end));
        json_t *vars = mailer_vars(job, cases[i].lang);
        dk_mail_rendered r = render_ok("interview_reminder", cases[i].lang, vars);
        check_clean(&r);
        CHECK_STR(r.subject, cases[i].subject);
        CHECK(in_both(&r, cases[i].slot) && in_both(&r, cases[i].intro));
        CHECK(r.text && strstr(r.text, "https://video.example.be/room/42?k=a&b=1"));
        CHECK(r.html && strstr(r.html, "href=\"https://video.example.be/room/42?k=a&amp;b=1\""));
        dk_mail_rendered_free(&r);
        json_decref(vars);
        json_decref(job);
    }
}

static void test_released_and_expired(void)
{
    static const struct {
        const char *lang, *released_subject, *slot, *again, *expired_subject, *expired_when,
            *closed;
    } cases[] = {
        {"nl",
         "Mijn digitale sleutels: je tijdslot van dinsdag 8 december 2026 om 10:30 is vrijgegeven",
         "dinsdag 8 december 2026, van 10:30 tot 11:00 (Belgische tijd)",
         "Dien dan een nieuwe aanvraag in",
         "Mijn digitale sleutels: het voorstel voor je video-interview is verlopen",
         "voorgesteld, op dinsdag 8 december 2026 om 10:30 (Belgische tijd), maar",
         "aanvraag afgesloten"},
        {"fr", "Mes clés numériques : votre créneau du mardi 8 décembre 2026 à 10h30 a été libéré",
         "mardi 8 décembre 2026, de 10h30 à 11h00 (heure belge)",
         "Introduisez alors une nouvelle demande",
         "Mes clés numériques : la proposition pour votre entretien vidéo a expiré",
         "vidéo, le mardi 8 décembre 2026 à 10h30 (heure belge), mais",
         "votre demande est clôturée"},
        {"en",
         "My digital keys: your time slot on Tuesday 8 December 2026 at 10:30 has been released",
         "Tuesday 8 December 2026, from 10:30 to 11:00 (Belgian time)", "Then submit a new request",
         "My digital keys: the proposal for your video interview has expired",
         "to you, on Tuesday 8 December 2026 at 10:30 (Belgian time), but",
         "your request is closed"},
    };
    for (int i = 0; i < 3; i++) {
        char req[128];
        snprintf(req, sizeof req, PUBLIC "/?lang=%s", cases[i].lang);
        json_t *job = proposal_job("preferred");
        json_object_del(job, "appointment_id");
        json_object_del(job, "match");
        json_object_del(job, "hold_until");
        json_t *vars = mailer_vars(job, cases[i].lang);
        dk_mail_rendered r = render_ok("slot_released", cases[i].lang, vars);
        check_clean(&r);
        CHECK_STR(r.subject, cases[i].released_subject);
        CHECK(in_both(&r, cases[i].slot) && in_both(&r, cases[i].again) && in_both(&r, req));
        CHECK(in_neither(&r, "interview.ics"));
        dk_mail_rendered_free(&r);
        json_decref(vars);

        json_object_set_new(job, "calendar",
                            json_pack("{s:s, s:s, s:i, s:s, s:s}", "method", "CANCEL", "uid",
                                      APPT "@digitalkey.dk", "sequence", 3, "start",
                                      "2026-12-08T09:30:00Z", "end", "2026-12-08T10:00:00Z"));
        vars = mailer_vars(job, cases[i].lang);
        r = render_ok("slot_released", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_both(&r, "interview.ics"));
        dk_mail_rendered_free(&r);
        json_decref(vars);
        json_object_del(job, "calendar");

        vars = mailer_vars(job, cases[i].lang);
        r = render_ok("proposal_expired", cases[i].lang, vars);
        check_clean(&r);
        CHECK_STR(r.subject, cases[i].expired_subject);
        CHECK(in_both(&r, cases[i].expired_when) && in_both(&r, cases[i].closed) &&
              in_both(&r, req));
        dk_mail_rendered_free(&r);
        json_decref(vars);

        /* The slot is optional in the expiry mail. */
        json_object_del(job, "slot_start");
        json_object_del(job, "slot_end");
        vars = mailer_vars(job, cases[i].lang);
        r = render_ok("proposal_expired", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_neither(&r, "2026") && in_both(&r, cases[i].closed));
        dk_mail_rendered_free(&r);
        json_decref(vars);
        json_decref(job);
    }
}

/* The 3-working-day promise missed (common/booking/dk_booking_promise.c):
 * what the seed says — no slot could be offered, make a new request, the
 * form's link in the applicant's language — with the request's Brussels
 * time (Thursday 25 March 2027, 16:00 CET). */
static void test_promise_missed(void)
{
    static const struct {
        const char *lang, *subject, *when, *again;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: we konden je geen tijdslot voorstellen",
         "Op donderdag 25 maart 2027 om 16:00 (Belgische tijd)",
         "We vragen je om een nieuwe afspraak te maken"},
        {"fr", "Mes clés numériques : nous n'avons pas pu vous proposer de créneau",
         "Le jeudi 25 mars 2027 à 16h00 (heure belge)",
         "Nous vous invitons à introduire une nouvelle demande"},
        {"en", "My digital keys: we could not offer you a time slot",
         "On Thursday 25 March 2027 at 16:00 (Belgian time)", "Please make a new request"},
    };
    for (int i = 0; i < 3; i++) {
        char req[128];
        snprintf(req, sizeof req, PUBLIC "/?lang=%s", cases[i].lang);
        json_t *job = json_pack("{s:s, s:s, s:s, s:s}", "first_names", "Zoë Anna", "last_name",
                                "Smith", "application_id", "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f",
                                "requested_at", "2027-03-25T15:00:00Z");
        json_t *vars = mailer_vars(job, cases[i].lang);
        dk_mail_rendered r = render_ok("promise_missed", cases[i].lang, vars);
        check_clean(&r);
        CHECK_STR(r.subject, cases[i].subject);
        CHECK(in_both(&r, cases[i].when) && in_both(&r, cases[i].again) && in_both(&r, req));
        CHECK(in_both(&r, "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f") && in_both(&r, "Zoë Anna Smith"));
        dk_mail_rendered_free(&r);
        json_decref(vars);
        json_decref(job);
    }
}

static void test_document_rejected_link(void)
{
    static const struct {
        const char *lang, *held, *hold_until, *old;
    } cases[] = {
        {"nl", "Je tijdslot blijft ondertussen voor je vastgehouden",
         ", tot donderdag 3 december 2026 om 17:00", "via de link in de e-mail met het voorstel"},
        {"fr", "Votre créneau reste réservé pour vous entre-temps",
         ", jusqu'au jeudi 3 décembre 2026 à 17h00",
         "via le lien de l'e-mail contenant la proposition"},
        {"en", "Your time slot stays held for you meanwhile",
         ", until Thursday 3 December 2026 at 17:00",
         "through the link in the e-mail with your appointment proposal"},
    };
    char url[256];
    dk_proposal_url(APPT, url, sizeof url);
    for (int i = 0; i < 3; i++) {
        json_t *job =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}", "first_names", "A",
                      "last_name", "B", "application_id", "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f",
                      "appointment_id", APPT, "hold_until", "2026-12-03T16:00:00Z", "problems",
                      "code", "glare", "problem", "Glare.", "fix", "Tilt it.");
        json_t *vars = mailer_vars(job, cases[i].lang);
        dk_mail_rendered r = render_ok("document_rejected", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_both(&r, url) && in_both(&r, cases[i].held) && in_both(&r, cases[i].hold_until));
        CHECK(in_neither(&r, cases[i].old));
        CHECK(in_both(&r, "Glare.") && in_both(&r, "Tilt it."));
        dk_mail_rendered_free(&r);
        json_decref(vars);

        /* an upload by hand (no appointment): the earlier wording, no link */
        json_object_del(job, "appointment_id");
        vars = mailer_vars(job, cases[i].lang);
        r = render_ok("document_rejected", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_neither(&r, "/proposal/") && in_both(&r, cases[i].old) &&
              in_neither(&r, cases[i].held));
        dk_mail_rendered_free(&r);
        json_decref(vars);
        json_decref(job);
    }
}

/* "application_exists", as dk_live builds its job: the link of the live
 * appointment when there is one, else that the proposal follows; one job a
 * Brussels day per application (the dedupe key). */
static void test_application_exists(void)
{
    static const struct {
        const char *lang, *subject, *link, *wait;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: je aanvraag voor een video-interview loopt al",
         "bekijk je je afspraak", "We behandelen je aanvraag."},
        {"fr", "Mes clés numériques : votre demande d'entretien vidéo est déjà en cours",
         "consulter votre rendez-vous", "Nous traitons votre demande."},
        {"en", "My digital keys: your request for a video interview is already in progress",
         "see your appointment", "Your request is being handled."},
    };
    char url[256];
    dk_proposal_url(APPT, url, sizeof url);
    int64_t evening = 0, night = 0;
    dk_iso8601_parse("2026-12-02T22:30:00Z", &evening); /* 23:30 in Brussels */
    dk_iso8601_parse("2026-12-02T23:30:00Z", &night);   /* 00:30 the next day */
    for (int i = 0; i < 3; i++) {
        dk_live_app a = {.id = "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f"};
        snprintf(a.language, sizeof a.language, "%s", cases[i].lang);
        snprintf(a.appointment_id, sizeof a.appointment_id, "%s", APPT);
        a.row = json_pack("{s:s, s:s, s:s}", "email", "Zoe@Example.be", "first_names", "Zoë",
                          "last_name", "<Smith>");
        for (int with_link = 1; with_link >= 0; with_link--) {
            if (!with_link)
                a.appointment_id[0] = '\0';
            char end_link[37], want_link[37], end_url[256];
            char *text = dk_live_exists_mail_text(&a, evening, end_link);
            /* The end link of the day's key, its URL the mailer's to make. */
            dk_live_end_link_id(
                "application_exists:3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f:2026-12-02", want_link);
            CHECK_STR(end_link, want_link);
            dk_token_end_url(end_link, end_url, sizeof end_url);
            json_t *env = text ? json_loads(text, 0, NULL) : NULL;
            /* The names and address travel sealed: open them as the mailer does. */
            char err[256];
            json_t *data = dk_personal_open("mail.requested", a.id, json_object_get(env, "data"),
                                            err, sizeof err);
            CHECK(data != NULL);
            json_object_set_new(env, "data", data ? data : json_object());
            data = json_object_get(env, "data");
            CHECK_STR(json_string_value(json_object_get(data, "template")), "application_exists");
            CHECK_STR(json_string_value(json_object_get(data, "language")), cases[i].lang);
            CHECK_STR(json_string_value(json_object_get(data, "to")), "Zoe@Example.be");
            CHECK_STR(json_string_value(json_object_get(data, "dedupe_key")),
                      "application_exists:3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f:2026-12-02");
            json_t *vars = mailer_vars(json_object_get(data, "vars"), cases[i].lang);
            dk_mail_rendered r = render_ok("application_exists", cases[i].lang, vars);
            check_clean(&r);
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(in_both(&r, "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f") && in_both(&r, "Zoë"));
            CHECK(in_both(&r, end_url) && strstr(end_url, "/end/") != NULL);
            CHECK(!json_object_get(json_object_get(data, "vars"), "end_url"));
            CHECK(r.html && strstr(r.html, "&lt;Smith&gt;") && !strstr(r.html, "<Smith>"));
            if (with_link)
                CHECK(in_both(&r, url) && in_both(&r, cases[i].link) &&
                      in_neither(&r, cases[i].wait));
            else
                CHECK(in_neither(&r, "/proposal/") && in_neither(&r, cases[i].link) &&
                      in_both(&r, cases[i].wait));
            dk_mail_rendered_free(&r);
            json_decref(vars);
            json_decref(env);
            free(text);
        }
        /* After midnight in Brussels (still 2 December in UTC): a new day's key. */
        char night_link[37], evening_link[37];
        json_t *row = dk_live_exists_mail_row(&a, night, night_link);
        free(dk_live_exists_mail_text(&a, evening, evening_link));
        CHECK(strcmp(night_link, evening_link) != 0); /* a new day, a new link */
        json_t *link = dk_live_end_link_row(night_link, a.id, night);
        CHECK_STR(json_string_value(json_object_get(link, "application_id")), a.id);
        CHECK_STR(json_string_value(json_object_get(link, "expires_at")),
                  "2026-12-05T23:30:00Z"); /* DK_LIVE_END_LINK_HOURS later */
        char token[DK_TOKEN_LEN + 1], hash[65];
        dk_token_end(night_link, token);
        dk_token_hash(token, hash);
        CHECK_STR(json_string_value(json_object_get(link, "token_hash")), hash);
        json_decref(link);
        json_t *env = json_loads(json_string_value(json_object_get(row, "payload")), 0, NULL);
        CHECK_STR(json_string_value(json_object_get(json_object_get(env, "data"), "dedupe_key")),
                  "application_exists:3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f:2026-12-03");
        CHECK_STR(json_string_value(json_object_get(row, "key")), a.id);
        json_decref(env);
        json_decref(row);
        dk_live_free(&a);
    }
}

/* ---- whole messages ----------------------------------------------------- */

/* Python's email parser over a composed message: argv[2..] are "key=value"
 * assertions — structure (content types in walk order), a header's decoded
 * value, count:<Header> (how often it occurs), text_has / html_has /
 * html_lacks (substrings of the decoded bodies), calendar_method and
 * calendar_has (the text/calendar part). */
static const char py_check[] =
    "import sys, email, email.policy\n"
    "m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n"
    "bad = [('defects %r' % p.defects) for p in m.walk() if p.defects]\n"
    "text = m.get_body(('plain',)).get_content()\n"
    "html = m.get_body(('html',)).get_content()\n"
    "cal = [p for p in m.walk() if p.get_content_type() == 'text/calendar']\n"
    "for a in sys.argv[2:]:\n"
    "    k, v = a.split('=', 1)\n"
    "    if k == 'structure': got = ','.join(p.get_content_type() for p in m.walk())\n"
    "    elif k.startswith('count:'): got = str(len(m.get_all(k[6:], [])))\n"
    "    elif k == 'text_has': got = v if v in text else text\n"
    "    elif k == 'html_has': got = v if v in html else html\n"
    "    elif k == 'html_lacks': got = v if v not in html else 'present'\n"
    "    elif k == 'calendar_method': got = cal[0].get_param('method') if cal else None\n"
    "    elif k == 'calendar_name': got = cal[0].get_filename() if cal else None\n"
    "    elif k == 'calendar_has': got = v if cal and v in cal[0].get_content() else 'missing'\n"
    "    else: got = str(m[k])\n"
    "    if got != v: bad.append('%s: got %r, want %r' % (k, got, v))\n"
    "for b in bad: print('python email:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

static int compose(const char *tpl, const char *lang, json_t *vars, dk_mail_composed *out,
                   char *err, size_t errlen)
{
    dk_mail_job job = {.template_name = tpl,
                       .lang = lang,
                       .to = "zoe@example.be",
                       .vars = vars,
                       .message_id = "c0ffee00-1d1e-4c4b-9a57-6f1b2c3d4e5f@digitalkey.dk",
                       .now_ms = INT64_C(1796630400000)};
    return dk_mail_compose(&job, out, err, errlen);
}

static void test_compose_hostile(void)
{
    /* Names that try HTML and header injection: the headers stay intact,
     * the HTML is escaped, the calendar's CN parameter stays one value. */
    json_t *job = reserved_job(1);
    json_object_set_new(job, "first_names",
                        json_string("<img src=x onerror=alert(1)>\r\nBcc: victim@example.be"));
    json_object_set_new(job, "last_name", json_string("\"O'Brien\" & Zoë"));
    static const char *const langs[] = {"nl", "fr", "en"};
    for (int i = 0; i < 3; i++) {
        dk_mail_composed c;
        char err[512] = "";
        CHECK_INT(compose("reserved", langs[i], job, &c, err, sizeof err), 0);
        if (!c.message) {
            fprintf(stderr, "  compose: %s\n", err);
            continue;
        }
        CHECK(strstr(c.message, "\r\nBcc:") == NULL);
        char subject[256];
        snprintf(subject, sizeof subject, "Subject=%s", c.subject);
        const char *asserts[] = {
            "structure=multipart/mixed,multipart/alternative,text/plain,text/html,text/calendar",
            subject,
            "To=zoe@example.be",
            "count:To=1",
            "count:Bcc=0",
            "count:Subject=1",
            "html_lacks=<img",
            "html_has=&lt;img src=x onerror=alert(1)&gt;  Bcc: victim@example.be",
            "text_has=<img src=x onerror=alert(1)>  Bcc: victim@example.be \"O'Brien\" & Zoë",
            "calendar_method=REQUEST",
            "calendar_name=interview.ics",
            "calendar_has=METHOD:REQUEST",
            "calendar_has=SEQUENCE:2",
            "calendar_has=DTSTART;TZID=Europe/Brussels:20261208T103000",
            "calendar_has=UID:" APPT "@digitalkey.dk",
            NULL};
        CHECK_INT(dk_test_python(py_check, c.message, c.len, asserts), 0);
        dk_mail_composed_free(&c);
        CHECK(c.message == NULL && c.subject == NULL);
    }
    json_decref(job);
}

static void test_compose_cancel_and_refusals(void)
{
    json_t *job = proposal_job("preferred");
    json_object_del(job, "appointment_id");
    json_object_del(job, "match");
    json_object_set_new(job, "calendar",
                        json_pack("{s:s, s:s, s:i, s:s, s:s}", "method", "CANCEL", "uid",
                                  APPT "@digitalkey.dk", "sequence", 3, "start",
                                  "2026-12-08T09:30:00Z", "end", "2026-12-08T10:00:00Z"));
    dk_mail_composed c;
    char err[512] = "";
    CHECK_INT(compose("slot_released", "fr", job, &c, err, sizeof err), 0);
    if (c.message) {
        CHECK(strstr(c.message,
                     "Content-Type: text/calendar;\r\n charset=UTF-8;\r\n method=CANCEL;\r\n"
                     " name=\"interview.ics\"\r\n"));
        const char *asserts[] = {
            "structure=multipart/mixed,multipart/alternative,text/plain,text/html,text/calendar",
            "calendar_method=CANCEL",
            "calendar_has=STATUS:CANCELLED",
            "calendar_has=SEQUENCE:3",
            "Content-Language=fr",
            NULL};
        CHECK_INT(dk_test_python(py_check, c.message, c.len, asserts), 0);
    } else {
        fprintf(stderr, "  compose: %s\n", err);
    }
    dk_mail_composed_free(&c);

    /* without a calendar: no multipart/mixed */
    json_t *plain = json_deep_copy(job);
    json_object_del(plain, "calendar");
    CHECK_INT(compose("slot_released", "en", plain, &c, err, sizeof err), 0);
    CHECK(c.message && !strstr(c.message, "multipart/mixed") &&
          !strstr(c.message, "text/calendar"));
    dk_mail_composed_free(&c);
    json_decref(plain);

    /* refusals, all before anything is sent */
    json_t *bad = json_deep_copy(job);
    json_object_set_new(bad, "security_code", json_string(CODE));
    CHECK_INT(compose("slot_released", "en", bad, &c, err, sizeof err), -1);
    CHECK(strstr(err, "refused") && strstr(err, "security_code") && !strstr(err, CODE));
    CHECK(c.message == NULL && c.subject == NULL);
    json_decref(bad);

    bad = json_deep_copy(job);
    json_object_set_new(json_object_get(bad, "calendar"), "method", json_string("PUBLISH"));
    CHECK_INT(compose("slot_released", "en", bad, &c, err, sizeof err), -1);
    CHECK(strstr(err, "calendar") && c.message == NULL);
    dk_mail_composed_free(&c);
    json_decref(bad);

    bad = json_deep_copy(job);
    json_object_set_new(json_object_get(bad, "calendar"), "token", json_string("x"));
    CHECK_INT(compose("slot_released", "en", bad, &c, err, sizeof err), -1);
    CHECK(strstr(err, "calendar does not match"));
    dk_mail_composed_free(&c);
    json_decref(bad);

    bad = json_deep_copy(job);
    json_object_set_new(json_object_get(bad, "calendar"), "start",
                        json_string("2026-12-08T11:30:00Z"));
    CHECK_INT(compose("slot_released", "en", bad, &c, err, sizeof err), -1);
    CHECK(strstr(err, "start must be before end"));
    dk_mail_composed_free(&c);
    json_decref(bad);
    json_decref(job);
}

/* Issue 8: what an applicant typed reaches a mail only as the name after a
 * fixed salutation, once, on the greeting line; never in the subject, and
 * none of the other fields they typed, even when a job carried them. */
static void test_only_the_greeting_quotes_the_applicant(void)
{
    json_t *vars = sample_vars("Firstmark", "Lastmark");
    json_object_update_new(vars, json_pack("{s:s, s:s, s:s, s:s}", "birth_place", "Placemark",
                                           "motivation", "Motivationmark", "insz", "85073003328",
                                           "email", "mailmark@example.be"));
    static const char *const others[] = {"Placemark", "Motivationmark", "85073003328",
                                         "mailmark@example.be"};
    dk_mail_template rows[64], *t;
    size_t nrows = 0;
    for (const char *const *n = dk_mail_template_names; *n; n++)
        for (size_t l = 0; l < dk_i18n_lang_count() && nrows < 64; l++)
            if (dk_mail_template_row(*n, dk_i18n_lang(l), &rows[nrows]) == 0)
                nrows++;
    CHECK(nrows >= 21);
    for (t = rows; t < rows + nrows; t++) {
        const char *hello = !strcmp(t->lang, "nl")   ? "Beste"
                            : !strcmp(t->lang, "fr") ? "Bonjour"
                                                     : "Dear";
        char text_line[80], html_line[90];
        snprintf(text_line, sizeof text_line, "%s Firstmark Lastmark,\n", hello);
        snprintf(html_line, sizeof html_line, "<p>%s Firstmark Lastmark,</p>", hello);
        dk_mail_rendered r = render_ok(t->name, t->lang, vars);
        if (!r.text)
            continue;
        CHECK(strncmp(r.text, text_line, strlen(text_line)) == 0);
        CHECK(strstr(r.html, html_line) != NULL);
        const char *parts[] = {r.subject, r.text, r.html};
        for (int p = 0; p < 3; p++) {
            int names = 0;
            for (const char *q = parts[p]; (q = strstr(q, "Firstmark")) != NULL; q++)
                names++;
            CHECK_INT(names, p == 0 ? 0 : 1);
            if (names != (p == 0 ? 0 : 1))
                fprintf(stderr, "  %s/%s part %d quotes the name %d times\n", t->name, t->lang, p,
                        names);
            /* the last name right after the first names, nowhere else */
            const char *first = strstr(parts[p], "Firstmark");
            CHECK(strstr(parts[p], "Lastmark") == (first ? first + 10 : NULL));
            for (size_t o = 0; o < sizeof others / sizeof others[0]; o++)
                CHECK(strstr(parts[p], others[o]) == NULL);
        }
        dk_mail_rendered_free(&r);
    }
    json_decref(vars);
}

/* The message schema of mail.requested lists exactly the mails the mailer
 * knows: a mail job of a template missing there fails the schema check of
 * every consumer of the topic (promise_missed was missing once). */
static void test_schema_lists_every_template(void)
{
    json_error_t jerr;
    json_t *schema = json_load_file("schemas/messages/mail.requested.json", 0, &jerr);
    CHECK(schema != NULL);
    json_t *names = json_object_get(
        json_object_get(
            json_object_get(json_object_get(json_object_get(schema, "properties"), "data"),
                            "properties"),
            "template"),
        "enum");
    CHECK(json_is_array(names));
    size_t listed = 0;
    for (const char *const *n = dk_mail_template_names; *n; n++, listed++) {
        int found = 0;
        for (size_t i = 0; i < json_array_size(names); i++)
            found |= strcmp(json_string_value(json_array_get(names, i)) ?: "", *n) == 0;
        if (!found)
            fprintf(stderr, "%s is not in mail.requested.json's template enum\n", *n);
        CHECK(found);
    }
    CHECK_INT((long)json_array_size(names), (long)listed);
    json_decref(schema);
}

int main(void)
{
    /* the links the mailer makes start here */
    setenv("DK_PUBLIC_URL", PUBLIC "/", 1);
    test_request_received_languages();
    test_every_row_renders();
    test_html_escaping();
    test_optional_and_empty();
    test_errors();
    test_time_filters();
    test_equality_sections();
    test_mailer_vars();
    test_proposal();
    test_proposal_dst();
    test_reserved();
    test_interview_reminder();
    test_promise_missed();
    test_released_and_expired();
    test_document_rejected_link();
    test_application_exists();
    test_compose_hostile();
    test_compose_cancel_and_refusals();
    test_only_the_greeting_quotes_the_applicant();
    test_schema_lists_every_template();
    DK_TEST_DONE();
}
