/* test_mail_templates.c — the applicant e-mails: every template row renders
 * in nl, fr and en, values are escaped in HTML, the security code is
 * mentioned but never shown, and bad names, languages or variables fail
 * with a message instead of a half-rendered mail. */
/* The mailer's sources are not part of libdk.a: the test compiles them in
 * (their directory is not on the include path either). */
#include "../../workers/mailer/dk_mail_template_table.c"
#include "../../workers/mailer/dk_mail_templates.c"

#include "dk_test.h"

#include <stdlib.h>

#define CODE "7KQ2M-X9RTP-4HJWN-C8VFD" /* a security code that must never show */

static json_t *sample_vars(const char *first, const char *last)
{
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}], s:s}", "first_names", first,
                          "last_name", last, "application_id", "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f",
                          "security_code", CODE, "preferred_slots", "date", "2026-12-07", "from", "09:00", "to",
                          "10:30", "date", "2026-12-01", "from", "14:00", "to", "15:00", "support_url",
                          "https://example.be/help?a=1&b=2");
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
        {"nl", "Mijn digitale sleutels: je aanvraag voor een video-interview is ontvangen", "beveiligingscode",
         "- maandag 7 december 2026, 09:00–10:30\n", "dinsdag 1 december 2026", "Antwoord er niet op",
         "3 werkdagen"},
        {"fr", "Mes clés numériques : votre demande d'entretien vidéo a bien été reçue", "code de sécurité",
         "- lundi 7 décembre 2026, 09:00–10:30\n", "mardi 1er décembre 2026", "ne pas y répondre",
         "3 jours ouvrables"},
        {"en", "My digital keys: your request for a video interview has been received", "security code",
         "- Monday 7 December 2026, 09:00–10:30\n", "Tuesday 1 December 2026", "Please do not reply",
         "3 working days"},
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
            CHECK(strstr(r.html, "<title>Mes clés numériques : votre demande d&#39;entretien vidéo a bien été "
                                 "reçue</title>"));
        dk_mail_rendered_free(&r);
        CHECK(r.subject == NULL && r.text == NULL && r.html == NULL);
    }
    json_decref(vars);
}

static void test_every_row_renders(void)
{
    /* Each row renders with the sample variables, and each template has all
     * three languages. */
    json_t *vars = sample_vars("A", "B");
    for (const dk_mail_template *t = dk_mail_template_table; t->name; t++) {
        dk_mail_rendered r = render_ok(t->name, t->lang, vars);
        check_clean(&r);
        dk_mail_rendered_free(&r);
        static const char *const langs[] = {"nl", "fr", "en"};
        for (int l = 0; l < 3; l++) {
            int found = 0;
            for (const dk_mail_template *u = dk_mail_template_table; u->name; u++)
                found += strcmp(u->name, t->name) == 0 && strcmp(u->lang, langs[l]) == 0;
            CHECK_INT(found, 1);
        }
    }
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
    json_object_set_new(v2, "preferred_slots", json_pack("[{s:s, s:s, s:s}]", "date", "2026-02-30", "from",
                                                         "09:00", "to", "10:00"));
    expect_error("request_received", "nl", v2, "variable 'date' is not a date");
    json_decref(v2);

    v2 = json_deep_copy(vars);
    json_object_set_new(v2, "support_url", json_string("javascript:alert(1)"));
    expect_error("request_received", "nl", v2, "variable 'support_url' is not an http(s) URL");
    json_decref(v2);
    json_decref(vars);
}

int main(void)
{
    test_request_received_languages();
    test_every_row_renders();
    test_html_escaping();
    test_optional_and_empty();
    test_errors();
    DK_TEST_DONE();
}
