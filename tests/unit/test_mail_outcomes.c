/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mail_outcomes.c — the e-mails after the interview (activation,
 * interview_missing_information, interview_rejected, interview_no_show):
 * their job builders (common/booking/dk_mailjob_interview.h) check what
 * they are given and seal the personal parts; every template renders in
 * nl, fr and en with its words, times in Brussels time and hostile values
 * escaped; the activation mail carries the link and never a code; the
 * mailer refuses a job whose variables are missing, ill-typed, named like a
 * secret, or carry a fraud flag or reason code. */
/* The mailer's sources but its main() come from build/lib/libdk_mailer.a. */
#include "dk_mail_compose.h"
#include "dk_mail_outcome_vars.h"
#include "dk_mail_templates.h"

#include "booking/dk_mailjob_interview.h"
#include "booking/dk_missing_items.h"
#include "core/dk_redact.h"
#include "dk_test.h"
#include "dk_test_python.h"
#include "i18n/dk_i18n.h"
#include "store/dk_personal.h"
#include "store/dk_token.h"

#include <stdlib.h>

#define APP "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f"
#define OUTCOME "0b6a4d52-2c1e-4f8a-8d3b-5e6f7a8b9c0d"
#define ACTIVATION "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
#define PUBLIC "https://sleutels.example.be"
#define HELPDESK "https://bosa.service-now.com/csp"
/* What the interviewer read aloud: it must never reach a mail. */
#define ACTIVATION_CODE "K7M2QX9P4H"

static const char *const langs[] = {"nl", "fr", "en"};

static dk_mailjob_outcome outcome(const char *lang)
{
    return (dk_mailjob_outcome){.application_id = APP,
                                .outcome_id = OUTCOME,
                                .language = lang,
                                .email = "zoe@example.be",
                                .first_names = "Zoë Anna",
                                .last_name = "Smith",
                                .slot_start = "2026-12-08T10:30:00+01:00",
                                .slot_end = "2026-12-08T10:00:00Z"};
}

/* The job a row carries (the row is stolen), its sealed part opened as the
 * mailer opens it. */
static json_t *job_of(json_t *row)
{
    const char *payload = json_string_value(json_object_get(row, "payload"));
    json_t *env = payload ? json_loads(payload, 0, NULL) : NULL;
    char err[256] = "";
    json_t *data =
        env ? dk_personal_open("mail.requested", APP, json_object_get(env, "data"), err, sizeof err)
            : NULL;
    CHECK(data != NULL);
    if (!data)
        fprintf(stderr, "  open: %s\n", err);
    json_decref(env);
    json_decref(row);
    return data;
}

/* Every key at any depth of v passes dk_secret_mail_var. */
static int no_secret_names(const json_t *v)
{
    const char *k;
    const json_t *x;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) if (!no_secret_names(x)) return 0;
        return 1;
    }
    json_object_foreach((json_t *)v, k, x)
    {
        if (dk_secret_mail_var(k) || strncmp(k, "fraud", 5) == 0 || strncmp(k, "reason", 6) == 0) {
            fprintf(stderr, "  job variable '%s' looks like a secret or an internal reason\n", k);
            return 0;
        }
        if (!no_secret_names(x))
            return 0;
    }
    return 1;
}

static dk_mail_rendered render_job(const char *name, const char *lang, const json_t *job_vars)
{
    dk_mail_rendered r = {0};
    json_t *vars = NULL;
    char err[512] = "";
    int rc = dk_mail_vars(job_vars, lang, &vars, err, sizeof err);
    if (rc == 0)
        rc = dk_mail_render(name, lang, vars, &r, err, sizeof err);
    CHECK_INT(rc, 0);
    if (rc != 0)
        fprintf(stderr, "  %s/%s: %s\n", name, lang, err);
    json_decref(vars);
    return r;
}

static int in_both(const dk_mail_rendered *r, const char *s)
{
    return r->text && r->html && strstr(r->text, s) && strstr(r->html, s);
}

/* s in the text as it is, and in the HTML escaped as a value is. */
static int in_both_value(const dk_mail_rendered *r, const char *s)
{
    char esc[1024];
    size_t o = 0;
    for (const char *p = s; *p && o + 6 < sizeof esc; p++) {
        const char *e = *p == '\'' ? "&#39;" : *p == '&' ? "&amp;" : *p == '"' ? "&quot;" : NULL;
        if (e) {
            memcpy(esc + o, e, strlen(e));
            o += strlen(e);
        } else {
            esc[o++] = *p;
        }
    }
    esc[o] = '\0';
    return r->text && r->html && strstr(r->text, s) && strstr(r->html, esc);
}

static int in_neither(const dk_mail_rendered *r, const char *s)
{
    return r->text && r->html && !strstr(r->text, s) && !strstr(r->html, s);
}

static void check_clean(const dk_mail_rendered *r)
{
    CHECK(r->subject && r->text && r->html);
    if (!r->subject || !r->text || !r->html)
        return;
    const char *parts[] = {r->subject, r->text, r->html};
    for (int i = 0; i < 3; i++) {
        CHECK(!strstr(parts[i], "{{") && !strstr(parts[i], "}}"));
        CHECK(!strstr(parts[i], ACTIVATION_CODE));
        CHECK(!strstr(parts[i], "fraud") && !strstr(parts[i], "Fraud"));
    }
    CHECK(!strchr(r->subject, '\n') && !strchr(r->subject, '\r'));
}

/* ---- activation ---------------------------------------------------------- */

static void test_activation(void)
{
    static const struct {
        const char *lang, *subject, *greeting, *when, *valid, *one_day, *never_written, *button,
            *renew, *help;
    } cases[] = {
        {"nl", "CSAM – Mijn digitale sleutels: activatie", "Beste Zoë Anna Smith,",
         "op dinsdag 8 december 2026 om 10:30 (Belgische tijd)",
         "De activatielink is 14 dagen geldig, tot dinsdag 22 december 2026 om 10:30 (Belgische "
         "tijd)",
         "De activatielink is 1 dag geldig", "staat de activatiecode niet in deze e-mail",
         "Activeer uw digitale sleutels", "Link verlopen of activatiecode kwijt?",
         "Neem dan contact op met de helpdesk; zij helpen"},
        {"fr", "CSAM – Mes clés numériques : activation", "Bonjour Zoë Anna Smith,",
         "du mardi 8 décembre 2026 à 10h30 (heure belge)",
         "Le lien d'activation est valable 14 jours, jusqu'au mardi 22 décembre 2026 à 10h30 "
         "(heure belge)",
         "Le lien d'activation est valable 1 jour,",
         "le code d'activation ne figure pas dans cet e-mail", "Activez vos clés numériques",
         "Lien expiré ou code d'activation perdu ?", "Contactez alors le service d'assistance"},
        {"en", "CSAM – My digital keys: activation", "Dear Zoë Anna Smith,",
         "on Tuesday 8 December 2026 at 10:30 (Belgian time)",
         "The activation link is valid for 14 days, until Tuesday 22 December 2026 at 10:30 "
         "(Belgian time)",
         "The activation link is valid for 1 day,", "the activation code is not in this e-mail",
         "Activate your digital keys", "Link expired, or activation code lost?",
         "Then contact the help desk"},
    };
    char url[256], token[DK_TOKEN_LEN + 1], proposal_token[DK_TOKEN_LEN + 1];
    dk_token_activation_url(ACTIVATION, url, sizeof url);
    dk_token_activation(ACTIVATION, token);
    dk_token_for(ACTIVATION, proposal_token);
    CHECK(dk_token_valid(token));
    CHECK(strcmp(token, proposal_token) != 0); /* another purpose, another token */
    char want[256];
    snprintf(want, sizeof want, "%s/activate/%s", PUBLIC, token);
    CHECK_STR(url, want);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_mailjob_outcome o = outcome(cases[i].lang);
        char err[256] = "";
        json_t *row =
            dk_mailjob_activation_row(&o, ACTIVATION, 14, "2026-12-22T09:30:00Z", err, sizeof err);
        CHECK(row != NULL);
        if (!row) {
            fprintf(stderr, "  activation row: %s\n", err);
            continue;
        }
        CHECK_STR(json_string_value(json_object_get(row, "topic")), "dk.mail.jobs");
        CHECK_STR(json_string_value(json_object_get(row, "key")), APP);
        const char *payload = json_string_value(json_object_get(row, "payload"));
        /* sealed: neither address nor names travel in clear; no link, no token */
        CHECK(payload && !strstr(payload, "zoe@example.be") && !strstr(payload, "Smith") &&
              !strstr(payload, token) && !strstr(payload, "/activate/"));
        json_t *data = job_of(row);
        if (!data)
            continue;
        CHECK_STR(json_string_value(json_object_get(data, "template")), "activation");
        CHECK_STR(json_string_value(json_object_get(data, "language")), cases[i].lang);
        CHECK_STR(json_string_value(json_object_get(data, "to")), "zoe@example.be");
        CHECK_STR(json_string_value(json_object_get(data, "dedupe_key")), "activation:" ACTIVATION);
        json_t *vars = json_object_get(data, "vars");
        CHECK(no_secret_names(vars));
        CHECK_STR(json_string_value(json_object_get(vars, "slot_start")), "2026-12-08T09:30:00Z");
        CHECK_STR(json_string_value(json_object_get(vars, "support_url")), HELPDESK);
        CHECK(!json_object_get(vars, "activation_url"));

        dk_mail_rendered r = render_job("activation", cases[i].lang, vars);
        check_clean(&r);
        if (r.text) {
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(strncmp(r.text, cases[i].greeting, strlen(cases[i].greeting)) == 0);
            CHECK(in_both(&r, cases[i].when));
            CHECK(in_both(&r, cases[i].valid));
            CHECK(in_both(&r, cases[i].never_written));
            CHECK(in_both(&r, cases[i].renew));
            CHECK(in_both(&r, cases[i].help) && in_both(&r, HELPDESK));
            CHECK(strstr(r.html, cases[i].button) != NULL);
            CHECK(strstr(r.html, "background-color:#b91c1c") != NULL); /* the red button */
            char href[320];
            snprintf(href, sizeof href, "href=\"%s\"", url);
            CHECK(strstr(r.text, url) && strstr(r.html, href));
            char request[128];
            snprintf(request, sizeof request, "%s/?lang=%s", PUBLIC, cases[i].lang);
            CHECK(in_both(&r, request));
            CHECK(in_both(&r, APP));
        }
        dk_mail_rendered_free(&r);

        /* one day: the singular */
        json_object_set_new(vars, "activation_days", json_integer(1));
        r = render_job("activation", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_both(&r, cases[i].one_day));
        dk_mail_rendered_free(&r);

        /* without a help desk: nothing about it */
        json_object_del(vars, "support_url");
        r = render_job("activation", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_neither(&r, cases[i].help) && in_neither(&r, HELPDESK));
        dk_mail_rendered_free(&r);
        json_decref(data);
    }
}

/* The link expires after the change to summer time, the interview was
 * before it: each instant in its own offset. */
static void test_activation_dst(void)
{
    static const struct {
        const char *lang, *until;
    } cases[] = {{"nl", "tot maandag 5 april 2027 om 10:30"},
                 {"fr", "jusqu'au lundi 5 avril 2027 à 10h30"},
                 {"en", "until Monday 5 April 2027 at 10:30"}};
    for (int i = 0; i < 3; i++) {
        dk_mailjob_outcome o = outcome(cases[i].lang);
        o.slot_start = "2027-03-22T09:30:00Z";
        o.slot_end = "2027-03-22T10:00:00Z";
        char err[256] = "";
        json_t *data = job_of(
            dk_mailjob_activation_row(&o, ACTIVATION, 14, "2027-04-05T08:30:00Z", err, sizeof err));
        dk_mail_rendered r = render_job("activation", cases[i].lang, json_object_get(data, "vars"));
        CHECK(in_both(&r, cases[i].until));
        dk_mail_rendered_free(&r);
        json_decref(data);
    }
}

/* ---- missing information --------------------------------------------------- */

static void test_missing_information(void)
{
    static const struct {
        const char *lang, *subject, *what, *bring, *note_label, *back_item, *back_bring;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: er ontbreekt nog informatie na je video-interview",
         "Wat ontbreekt er?", "Wat breng je mee naar je volgende video-interview?",
         "Opmerking van de interviewer:", "De achterkant van je identiteitskaart",
         "Je identiteitskaart, om beide zijden voor de camera te tonen"},
        {"fr", "Mes clés numériques : des informations manquent encore après votre entretien vidéo",
         "Ce qui manque :", "Ce que vous devez apporter à votre prochain entretien vidéo :",
         "Remarque de l'intervieweur :", "Le verso de votre carte d'identité",
         "Votre carte d'identité, pour montrer les deux faces"},
        {"en", "My digital keys: information is still missing after your video interview",
         "What is missing:", "What to bring to your next video interview:",
         "The interviewer's note:", "The back of your identity card",
         "Your identity card, to show both sides"},
    };
    const char *note = "<script>alert('x')</script> Bring the card & \"both\" sides.\r\nThanks";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_mailjob_outcome o = outcome(cases[i].lang);
        char err[256] = "";
        json_t *codes = json_pack("[s, s, s]", "document_back", "valid_document", "document_back");
        json_t *row = dk_mailjob_missing_information_row(&o, codes, note, err, sizeof err);
        CHECK(row != NULL);
        const char *payload = json_string_value(json_object_get(row, "payload"));
        CHECK(payload && !strstr(payload, "alert")); /* the note travels sealed */
        json_t *data = row ? job_of(row) : NULL;
        if (!data) {
            fprintf(stderr, "  missing row: %s\n", err);
            json_decref(codes);
            continue;
        }
        CHECK_STR(json_string_value(json_object_get(data, "dedupe_key")),
                  "interview_missing_information:" OUTCOME);
        json_t *vars = json_object_get(data, "vars");
        CHECK(no_secret_names(vars));
        CHECK_INT(json_array_size(json_object_get(vars, "missing")), 2); /* the repeat once */
        dk_mail_rendered r = render_job("interview_missing_information", cases[i].lang, vars);
        check_clean(&r);
        if (r.text) {
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(in_both(&r, cases[i].what) && in_both(&r, cases[i].bring));
            CHECK(in_both(&r, cases[i].note_label));
            CHECK(in_both_value(&r, cases[i].back_item) && in_both_value(&r, cases[i].back_bring));
            CHECK(in_both_value(&r, dk_missing_item_text("valid_document", cases[i].lang)));
            CHECK(in_both_value(&r, dk_missing_item_bring("valid_document", cases[i].lang)));
            /* in the order given: the back first */
            CHECK(strstr(r.text, cases[i].back_item) <
                  strstr(r.text, dk_missing_item_text("valid_document", cases[i].lang)));
            /* the note: escaped in HTML, its line break a space */
            CHECK(!strstr(r.html, "<script>"));
            CHECK(strstr(r.html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bring the card "
                                 "&amp; &quot;both&quot; sides.  Thanks"));
            CHECK(strstr(r.text, "<script>alert('x')</script> Bring the card & \"both\" sides.  "
                                 "Thanks\n"));
            char request[128];
            snprintf(request, sizeof request, "%s/?lang=%s", PUBLIC, cases[i].lang);
            CHECK(in_both(&r, request));
            CHECK(in_both(&r, HELPDESK));
        }
        dk_mail_rendered_free(&r);

        /* without a note: no label, no empty quote */
        json_decref(data);
        data = job_of(dk_mailjob_missing_information_row(&o, codes, "  \n", err, sizeof err));
        vars = json_object_get(data, "vars");
        CHECK(vars && !json_object_get(vars, "interviewer_note"));
        r = render_job("interview_missing_information", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_neither(&r, cases[i].note_label));
        dk_mail_rendered_free(&r);
        json_decref(data);
        json_decref(codes);
    }
    /* Every code has both sentences in every language, and they differ. */
    for (const char *const *c = dk_missing_item_codes; *c; c++) {
        for (int l = 0; l < 3; l++) {
            const char *item = dk_missing_item_text(*c, langs[l]);
            const char *bring = dk_missing_item_bring(*c, langs[l]);
            CHECK(item && bring && strcmp(item, bring) != 0 && !strstr(item, "interview.missing"));
        }
        CHECK(strcmp(dk_missing_item_text(*c, "nl"), dk_missing_item_text(*c, "en")) != 0);
        CHECK(strcmp(dk_missing_item_text(*c, "fr"), dk_missing_item_text(*c, "en")) != 0);
    }
    CHECK(dk_missing_item_text("no_such_item", "nl") == NULL);
    CHECK(!dk_missing_item_known(NULL) && dk_missing_item_known("video"));
}

/* ---- rejected -------------------------------------------------------------------- */

static void test_rejected(void)
{
    static const struct {
        const char *lang, *subject, *decision, *reasons, *turn, *turn_without;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: beslissing na je video-interview",
         "hebben we beslist dat je niet in aanmerking komt voor een digitale sleutel",
         "Motivering van de beslissing", "Neem dan contact op met de helpdesk",
         "Bewaar deze e-mail"},
        {"fr", "Mes clés numériques : décision après votre entretien vidéo",
         "vous n'entrez pas en ligne de compte pour une clé numérique", "Motivation de la décision",
         "Contactez alors le service d'assistance", "Conservez cet e-mail"},
        {"en", "My digital keys: decision after your video interview",
         "you are not eligible for a digital key", "The reasons for this decision",
         "Then contact the help desk", "Keep this e-mail"},
    };
    /* A very long motivation (the most the builder takes), hostile markup
     * at its start, an end marker to prove it arrives whole. */
    char motivation[DK_MAILJOB_FREE_TEXT_MAX + 1];
    const char *head = "<img src=x onerror=alert(1)>\"quoted\" & ";
    size_t n = strlen(head);
    memcpy(motivation, head, n);
    for (size_t k = n; k < sizeof motivation - 4; k++)
        motivation[k] = (char)('a' + k % 26);
    memcpy(motivation + sizeof motivation - 4, "END", 4);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_mailjob_outcome o = outcome(cases[i].lang);
        char err[256] = "";
        json_t *row = dk_mailjob_rejected_row(&o, motivation, err, sizeof err);
        CHECK(row != NULL);
        const char *payload = json_string_value(json_object_get(row, "payload"));
        CHECK(payload && !strstr(payload, "onerror")); /* sealed */
        json_t *data = row ? job_of(row) : NULL;
        if (!data) {
            fprintf(stderr, "  rejected row: %s\n", err);
            continue;
        }
        CHECK_STR(json_string_value(json_object_get(data, "dedupe_key")),
                  "interview_rejected:" OUTCOME);
        json_t *vars = json_object_get(data, "vars");
        CHECK(no_secret_names(vars));
        dk_mail_rendered r = render_job("interview_rejected", cases[i].lang, vars);
        check_clean(&r);
        if (r.text) {
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(in_both(&r, cases[i].decision) && in_both(&r, cases[i].reasons));
            CHECK(in_both(&r, cases[i].turn) && in_both(&r, HELPDESK));
            CHECK(in_neither(&r, cases[i].turn_without));
            CHECK(!strstr(r.html, "<img"));
            CHECK(strstr(r.html, "&lt;img src=x onerror=alert(1)&gt;&quot;quoted&quot; &amp; "));
            CHECK(strstr(r.text, motivation) != NULL); /* whole, as written */
            CHECK(strstr(r.html, motivation + n) != NULL);
            CHECK(!strstr(r.subject, "onerror"));
        }
        dk_mail_rendered_free(&r);

        /* no help desk configured: where to turn still said */
        json_object_del(vars, "support_url");
        r = render_job("interview_rejected", cases[i].lang, vars);
        check_clean(&r);
        CHECK(in_both(&r, cases[i].turn_without) && in_neither(&r, cases[i].turn));
        dk_mail_rendered_free(&r);
        json_decref(data);
    }
}

/* ---- no-show ----------------------------------------------------------------------- */

static void test_no_show(void)
{
    static const struct {
        const char *lang, *subject, *slot, *closed;
    } cases[] = {
        {"nl", "Mijn digitale sleutels: je was niet aanwezig op je video-interview",
         "dinsdag 8 december 2026, van 10:30 tot 11:00 (Belgische tijd)",
         "hebben we deze afspraak en je aanvraag afgesloten"},
        {"fr", "Mes clés numériques : vous n'avez pas participé à votre entretien vidéo",
         "mardi 8 décembre 2026, de 10h30 à 11h00 (heure belge)",
         "Nous avons donc clôturé ce rendez-vous et votre demande"},
        {"en", "My digital keys: you did not attend your video interview",
         "Tuesday 8 December 2026, from 10:30 to 11:00 (Belgian time)",
         "so we have closed this appointment and your request"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_mailjob_outcome o = outcome(cases[i].lang);
        char err[256] = "";
        json_t *data = job_of(dk_mailjob_no_show_row(&o, err, sizeof err));
        if (!data)
            continue;
        CHECK_STR(json_string_value(json_object_get(data, "dedupe_key")),
                  "interview_no_show:" OUTCOME);
        json_t *vars = json_object_get(data, "vars");
        CHECK(no_secret_names(vars));
        CHECK(!json_object_get(vars, "calendar")); /* no calendar entry to change */
        dk_mail_rendered r = render_job("interview_no_show", cases[i].lang, vars);
        check_clean(&r);
        if (r.text) {
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(in_both(&r, cases[i].slot) && in_both(&r, cases[i].closed));
            char request[128];
            snprintf(request, sizeof request, "%s/?lang=%s", PUBLIC, cases[i].lang);
            CHECK(in_both(&r, request));
        }
        dk_mail_rendered_free(&r);
        json_decref(data);
    }
}

/* ---- what the builders refuse --------------------------------------------------------- */

static void expect_refused(json_t *row, const char *err, const char *fragment)
{
    CHECK(row == NULL);
    json_decref(row);
    CHECK(strstr(err, fragment) != NULL);
    if (!strstr(err, fragment))
        fprintf(stderr, "  err \"%s\", wanted \"%s\"\n", err, fragment);
}

static void test_builders_refuse(void)
{
    char err[256];
    json_t *codes = json_pack("[s]", "video");
    dk_mailjob_outcome o;
#define REFUSED(setup, call, fragment)                                                             \
    do {                                                                                           \
        o = outcome("nl");                                                                         \
        setup;                                                                                     \
        err[0] = '\0';                                                                             \
        expect_refused(call, err, fragment);                                                       \
    } while (0)
    REFUSED(o.application_id = "nope", dk_mailjob_no_show_row(&o, err, sizeof err), "UUIDs");
    REFUSED(o.outcome_id = NULL, dk_mailjob_no_show_row(&o, err, sizeof err), "UUIDs");
    REFUSED(o.language = "de", dk_mailjob_no_show_row(&o, err, sizeof err),
            "unknown language 'de'");
    REFUSED(o.language = NULL, dk_mailjob_no_show_row(&o, err, sizeof err), "unknown language");
    REFUSED(o.email = "zoe@example.be\r\nBcc: x@example.be",
            dk_mailjob_no_show_row(&o, err, sizeof err), "not an e-mail address");
    REFUSED(o.email = NULL, dk_mailjob_no_show_row(&o, err, sizeof err), "not an e-mail address");
    REFUSED(o.first_names = " ", dk_mailjob_no_show_row(&o, err, sizeof err), "first_names");
    REFUSED(o.last_name = "\xff\xfe", dk_mailjob_no_show_row(&o, err, sizeof err), "last_name");
    REFUSED(o.slot_start = "tomorrow", dk_mailjob_no_show_row(&o, err, sizeof err),
            "slot_start is not an ISO-8601 instant");
    REFUSED(o.slot_end = "2026-12-08T09:30:00Z", dk_mailjob_no_show_row(&o, err, sizeof err),
            "slot_start must be before slot_end");
    REFUSED((void)0, dk_mailjob_no_show_row(NULL, err, sizeof err), "UUIDs");

    REFUSED((void)0,
            dk_mailjob_activation_row(&o, "x", 14, "2026-12-22T09:30:00Z", err, sizeof err),
            "activation id must be a UUID");
    REFUSED((void)0,
            dk_mailjob_activation_row(&o, ACTIVATION, 0, "2026-12-22T09:30:00Z", err, sizeof err),
            "1 to 365 days");
    REFUSED((void)0,
            dk_mailjob_activation_row(&o, ACTIVATION, 366, "2026-12-22T09:30:00Z", err, sizeof err),
            "1 to 365 days");
    REFUSED((void)0, dk_mailjob_activation_row(&o, ACTIVATION, 14, "2026-12-22", err, sizeof err),
            "expires_at is not an ISO-8601 instant");

    json_t *bad = json_pack("[s, s]", "video", "fraud_suspected");
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, bad, NULL, err, sizeof err),
            "missing item 1 is not one of the known codes");
    json_decref(bad);
    bad = json_array();
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, bad, NULL, err, sizeof err),
            "non-empty array");
    json_decref(bad);
    bad = json_pack("[i]", 3);
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, bad, NULL, err, sizeof err),
            "not one of the known codes");
    json_decref(bad);
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, NULL, NULL, err, sizeof err),
            "non-empty array");
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, codes, "bell\a", err, sizeof err),
            "without control characters");

    char too_long[DK_MAILJOB_FREE_TEXT_MAX + 2];
    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    REFUSED((void)0, dk_mailjob_rejected_row(&o, too_long, err, sizeof err),
            "longer than 4000 characters");
    REFUSED((void)0, dk_mailjob_missing_information_row(&o, codes, too_long, err, sizeof err),
            "longer than 4000 characters");
    REFUSED((void)0, dk_mailjob_rejected_row(&o, NULL, err, sizeof err), "needs a motivation");
    REFUSED((void)0, dk_mailjob_rejected_row(&o, " \r\n\t", err, sizeof err), "needs a motivation");
    REFUSED((void)0, dk_mailjob_rejected_row(&o, "caf\xc3", err, sizeof err), "UTF-8");
#undef REFUSED
    /* 4000 characters of 2 bytes each are allowed: the limit counts characters */
    char wide[2 * DK_MAILJOB_FREE_TEXT_MAX + 1];
    for (int k = 0; k < DK_MAILJOB_FREE_TEXT_MAX; k++)
        memcpy(wide + 2 * k, "é", 2);
    wide[sizeof wide - 1] = '\0';
    o = outcome("fr");
    json_t *row = dk_mailjob_rejected_row(&o, wide, err, sizeof err);
    CHECK(row != NULL);
    json_decref(row);
    json_decref(codes);
}

/* ---- what the mailer refuses ------------------------------------------------------------ */

static json_t *valid_job(const char *name)
{
    dk_mailjob_outcome o = outcome("en");
    char err[256] = "";
    json_t *codes = json_pack("[s]", "original_document"), *row = NULL;
    if (strcmp(name, "activation") == 0)
        row =
            dk_mailjob_activation_row(&o, ACTIVATION, 14, "2026-12-22T09:30:00Z", err, sizeof err);
    else if (strcmp(name, "interview_missing_information") == 0)
        row = dk_mailjob_missing_information_row(&o, codes, "Note.", err, sizeof err);
    else if (strcmp(name, "interview_rejected") == 0)
        row = dk_mailjob_rejected_row(&o, "Motivation.", err, sizeof err);
    else
        row = dk_mailjob_no_show_row(&o, err, sizeof err);
    json_decref(codes);
    json_t *data = job_of(row);
    json_t *vars = json_incref(json_object_get(data, "vars"));
    json_decref(data);
    return vars;
}

static int compose(const char *tpl, const char *lang, const json_t *vars, dk_mail_composed *out,
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

static void refused_by_mailer(const char *tpl, json_t *vars, const char *fragment)
{
    dk_mail_composed c;
    char err[512] = "";
    CHECK_INT(compose(tpl, "nl", vars, &c, err, sizeof err), -1);
    CHECK(c.message == NULL);
    CHECK(strstr(err, fragment) != NULL);
    if (!strstr(err, fragment))
        fprintf(stderr, "  %s: err \"%s\", wanted \"%s\"\n", tpl, err, fragment);
    CHECK(!strstr(err, ACTIVATION_CODE)); /* the reason never repeats the secret */
    dk_mail_composed_free(&c);
    json_decref(vars);
}

static void test_mailer_refuses(void)
{
    /* The activation code, however the variable is spelled, and the link
     * itself (only the mailer makes it). */
    static const char *const secret_names[] = {
        "activation_code", "ActivationCode", "activation-code", "code",     "otp",
        "session_code",    "activation_url", "token",           "pin_code", "Code"};
    for (size_t i = 0; i < sizeof secret_names / sizeof secret_names[0]; i++) {
        json_t *v = valid_job("activation");
        json_object_set_new(v, secret_names[i], json_string(ACTIVATION_CODE));
        refused_by_mailer("activation", v, "must never travel in a message");
    }
    /* The fraud flag and internal reason codes never reach an applicant. */
    json_t *v = valid_job("interview_rejected");
    json_object_set_new(v, "fraud_suspected", json_true());
    refused_by_mailer("interview_rejected", v, "never shows");
    v = valid_job("interview_rejected");
    json_object_set_new(v, "reasons", json_pack("[s]", "document_suspected_forged"));
    refused_by_mailer("interview_rejected", v,
                      "'reasons', which an applicant's e-mail never shows");

    /* Missing variables: named. */
    v = valid_job("activation");
    json_object_del(v, "activation_id");
    refused_by_mailer("activation", v, "the activation mail needs vars.activation_id");
    v = valid_job("activation");
    json_object_del(v, "activation_expires");
    refused_by_mailer("activation", v, "the activation mail needs vars.activation_expires");
    v = valid_job("activation");
    json_object_del(v, "activation_days");
    refused_by_mailer("activation", v, "the activation mail needs vars.activation_days");
    v = valid_job("interview_rejected");
    json_object_del(v, "decision_motivation");
    refused_by_mailer("interview_rejected", v,
                      "the interview_rejected mail needs vars.decision_motivation");
    v = valid_job("interview_missing_information");
    json_object_del(v, "missing");
    refused_by_mailer("interview_missing_information", v,
                      "the interview_missing_information mail needs vars.missing");
    v = valid_job("interview_no_show");
    json_object_del(v, "slot_end");
    refused_by_mailer("interview_no_show", v, "the interview_no_show mail needs vars.slot_end");
    v = valid_job("interview_no_show");
    json_object_del(v, "last_name");
    refused_by_mailer("interview_no_show", v, "variable 'last_name' is missing");

    /* Ill-typed variables: named. */
    v = valid_job("activation");
    json_object_set_new(v, "activation_id", json_string("../../activate/x"));
    refused_by_mailer("activation", v, "activation_id is not a UUID");
    v = valid_job("activation");
    json_object_set_new(v, "activation_days", json_string("14"));
    refused_by_mailer("activation", v, "activation_days must be a whole number of days");
    v = valid_job("activation");
    json_object_set_new(v, "activation_days", json_integer(0));
    refused_by_mailer("activation", v, "activation_days must be a whole number of days");
    v = valid_job("activation");
    json_object_set_new(v, "activation_expires", json_string("in two weeks"));
    refused_by_mailer("activation", v, "variable 'activation_expires' is not an ISO-8601 instant");
    v = valid_job("activation");
    json_object_set_new(v, "activation_expires", json_integer(14));
    refused_by_mailer("activation", v, "activation_expires is not a text");
    v = valid_job("interview_missing_information");
    json_object_set_new(v, "missing", json_string("the back"));
    refused_by_mailer("interview_missing_information", v, "missing must be a list of 1 to 16");
    v = valid_job("interview_missing_information");
    json_object_set_new(v, "missing", json_pack("[{s:s}]", "item", "The back."));
    refused_by_mailer("interview_missing_information", v, "missing[0] must have the texts");
    v = valid_job("interview_missing_information");
    json_object_set_new(v, "interviewer_note", json_integer(7));
    refused_by_mailer("interview_missing_information", v, "interviewer_note must be a text");
    v = valid_job("interview_rejected");
    json_object_set_new(v, "decision_motivation", json_pack("[s]", "x"));
    refused_by_mailer("interview_rejected", v, "decision_motivation must be a text");
    v = valid_job("interview_rejected");
    json_object_set_new(v, "support_url", json_string("javascript:alert(1)"));
    refused_by_mailer("interview_rejected", v, "variable 'support_url' is not an http(s) URL");
    v = valid_job("interview_no_show");
    json_object_set_new(v, "slot_start", json_string("2026-13-40T10:00:00Z"));
    refused_by_mailer("interview_no_show", v, "variable 'slot_start' is not a date");
}

/* ---- whole messages -------------------------------------------------------------------- */

static const char py_check[] =
    "import sys, email, email.policy\n"
    "m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n"
    "bad = [('defects %r' % p.defects) for p in m.walk() if p.defects]\n"
    "text = m.get_body(('plain',)).get_content()\n"
    "html = m.get_body(('html',)).get_content()\n"
    "for a in sys.argv[2:]:\n"
    "    k, v = a.split('=', 1)\n"
    "    if k == 'structure': got = ','.join(p.get_content_type() for p in m.walk())\n"
    "    elif k.startswith('count:'): got = str(len(m.get_all(k[6:], [])))\n"
    "    elif k == 'text_has': got = v if v in text else text\n"
    "    elif k == 'html_lacks': got = v if v not in html else 'present'\n"
    "    else: got = str(m[k])\n"
    "    if got != v: bad.append('%s: got %r, want %r' % (k, got, v))\n"
    "for b in bad: print('python email:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

static void test_compose_hostile(void)
{
    /* CR/LF in the names: the headers stay whole; no calendar attachment. */
    static const char *const names[] = {"activation", "interview_missing_information",
                                        "interview_rejected", "interview_no_show"};
    for (int t = 0; t < 4; t++) {
        for (int l = 0; l < 3; l++) {
            json_t *v = valid_job(names[t]);
            json_object_set_new(v, "first_names",
                                json_string("Zoë\r\nBcc: victim@example.be\r\n\r\n<b>x</b>"));
            dk_mail_composed c;
            char err[512] = "";
            CHECK_INT(compose(names[t], langs[l], v, &c, err, sizeof err), 0);
            if (!c.message) {
                fprintf(stderr, "  compose %s/%s: %s\n", names[t], langs[l], err);
                json_decref(v);
                continue;
            }
            CHECK(!strstr(c.message, "\r\nBcc:"));
            char lang_header[32];
            snprintf(lang_header, sizeof lang_header, "Content-Language=%s", langs[l]);
            const char *asserts[] = {"structure=multipart/alternative,text/plain,text/html",
                                     "count:To=1",
                                     "count:Bcc=0",
                                     "count:Subject=1",
                                     lang_header,
                                     "html_lacks=<b>x",
                                     "text_has=Zoë  Bcc: victim@example.be    <b>x</b> Smith,",
                                     NULL};
            CHECK_INT(dk_test_python(py_check, c.message, c.len, asserts), 0);
            dk_mail_composed_free(&c);
            json_decref(v);
        }
    }
}

/* ---- the golden jobs ------------------------------------------------------------------- */

/* The jobs the builders make for the golden e-mails, in
 * tests/golden/mailjobs-interview.json: tests/integration/test_golden.py
 * sends these very jobs through the running mailer and compares the
 * e-mails with tests/golden/mail-<template>.<lang>.eml. The file is
 * compared here (DK_GOLDEN_UPDATE=1 rewrites it), so a change of a builder
 * shows in both. */
#define GOLDEN_JOBS "tests/golden/mailjobs-interview.json"

static json_t *golden_job(const char *name, int l)
{
    static const char *const notes[] = {
        "Breng je identiteitskaart zelf mee: de foto toonde enkel de voorkant.",
        "Apportez votre carte d'identité elle-même : la photo ne montrait que le recto.",
        "Bring the identity card itself: the photo showed the front only."};
    static const char *const motivations[] = {
        "De persoon in beeld kwam niet overeen met de foto in het paspoort.",
        "La personne à l'écran ne correspondait pas à la photo du passeport.",
        "The person on screen did not match the photo in the passport."};
    char to[64], outcome_id[37], activation_id[37], err[256] = "";
    snprintf(to, sizeof to, "golden.outcome.%s@example.be", langs[l]);
    /* one outcome (and activation) per language: each has its own dedupe key */
    snprintf(outcome_id, sizeof outcome_id, "0b6a4d52-2c1e-4f8a-8d3b-5e6f7a8b9c0%c",
             (char)('0' + l));
    snprintf(activation_id, sizeof activation_id, "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6%c",
             (char)('0' + l));
    dk_mailjob_outcome o = {.application_id = APP,
                            .outcome_id = outcome_id,
                            .language = langs[l],
                            .email = to,
                            .first_names = "Jan Marie",
                            .last_name = "Peeters",
                            .slot_start = "2026-12-14T08:00:00Z",
                            .slot_end = "2026-12-14T08:30:00Z"};
    json_t *codes = json_pack("[s, s]", "document_back", "document_photo"), *row;
    if (strcmp(name, "activation") == 0)
        row = dk_mailjob_activation_row(&o, activation_id, 14, "2026-12-28T08:30:00Z", err,
                                        sizeof err);
    else if (strcmp(name, "interview_missing_information") == 0)
        row = dk_mailjob_missing_information_row(&o, codes, notes[l], err, sizeof err);
    else if (strcmp(name, "interview_rejected") == 0)
        row = dk_mailjob_rejected_row(&o, motivations[l], err, sizeof err);
    else
        row = dk_mailjob_no_show_row(&o, err, sizeof err);
    json_decref(codes);
    if (!row)
        fprintf(stderr, "  golden %s/%s: %s\n", name, langs[l], err);
    json_t *data = row ? job_of(row) : NULL;
    return data;
}

static void test_golden_jobs(void)
{
    static const char *const names[] = {"activation", "interview_missing_information",
                                        "interview_rejected", "interview_no_show"};
    json_t *all = json_object();
    for (int t = 0; t < 4; t++)
        for (int l = 0; l < 3; l++) {
            char key[96];
            snprintf(key, sizeof key, "%s.%s", names[t], langs[l]);
            json_t *job = golden_job(names[t], l);
            CHECK(job != NULL);
            json_object_set_new(all, key, job ? job : json_null());
        }
    char *text = json_dumps(all, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(all);
    if (!text)
        return;
    size_t len = strlen(text);
    const char *update = getenv("DK_GOLDEN_UPDATE");
    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(GOLDEN_JOBS, "w");
        CHECK(f && fwrite(text, 1, len, f) == len && fputc('\n', f) == '\n' && fclose(f) == 0);
    } else {
        char *want = calloc(1, len + 2);
        FILE *f = fopen(GOLDEN_JOBS, "r");
        size_t got = f && want ? fread(want, 1, len + 1, f) : 0;
        if (f)
            fclose(f);
        CHECK(got == len + 1 && want && memcmp(want, text, len) == 0 && want[len] == '\n');
        if (!(got == len + 1 && want && memcmp(want, text, len) == 0))
            fprintf(stderr,
                    "  %s differs from what the builders make (DK_GOLDEN_UPDATE=1 writes "
                    "it)\n",
                    GOLDEN_JOBS);
        free(want);
    }
    free(text);
}

int main(void)
{
    setenv("DK_PUBLIC_URL", PUBLIC "/", 1);
    unsetenv("DK_SUPPORT_URL"); /* the embedded default: the seed's help desk */
    test_activation();
    test_activation_dst();
    test_missing_information();
    test_rejected();
    test_no_show();
    test_builders_refuse();
    test_mailer_refuses();
    test_compose_hostile();
    test_golden_jobs();
    /* configured away: the builders leave support_url out */
    setenv("DK_SUPPORT_URL", "", 1);
    json_t *v = valid_job("interview_rejected");
    CHECK(v && !json_object_get(v, "support_url"));
    json_decref(v);
    DK_TEST_DONE();
}
