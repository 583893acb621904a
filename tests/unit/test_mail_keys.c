/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mail_keys.c — the two mails of the digital key (issue 12):
 * key_email_code carries the 6-digit code the mailer derives from the
 * code's id (dk_token_email_code), grouped for reading, in the body and
 * never in the subject; key_activated says which key and which level, what
 * the level means, how to sign in and what to do if it was not you. Both
 * render in nl, fr and en from hostile values into well-formed MIME, and a
 * job whose variables are missing, ill-typed or inconsistent is refused
 * whole (a dead letter, not half a mail). */
/* The mailer's sources but its main() come from build/lib/libdk_mailer.a. */
#include "dk_mail_compose.h"
#include "dk_mail_key_vars.h"
#include "dk_mail_templates.h"

#include "dk_test.h"
#include "dk_test_python.h"
#include "store/dk_personal.h"
#include "store/dk_token.h"

#include <stdlib.h>

#define APP "3f2c8a10-1d1e-4c4b-9a57-6f1b2c3d4e5f"
#define CODE_ID "5b1e0c7a-8d2f-4e6b-9c3a-7f1d2e3b4a5c"
#define PUBLIC "https://sleutels.example.be"
#define SIGNIN PUBLIC "/signin"
#define HELPDESK "https://bosa.service-now.com/csp"
#define TO "zoe@example.be"
/* CR/LF for the headers, markup for the HTML, a template tag that must
 * stay text, a right-to-left override. */
#define HOSTILE_FIRST "Zoë\r\nBcc: victim@example.be\r\n\r\n<b>x</b>"
#define HOSTILE_LAST "{{email_code}} O'Brien & \"Sons\" \xE2\x80\xAE"

static const char *const langs[] = {"nl", "fr", "en"};

static json_t *code_vars(const char *id, const char *purpose, int minutes)
{
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "email_code_id", id, "purpose", purpose,
                     "minutes", minutes, "application_id", APP, "first_names", HOSTILE_FIRST,
                     "last_name", HOSTILE_LAST);
}

static json_t *activated_vars(const char *type, const char *level)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key_type", type, "assurance_level", level,
                     "signin_url", SIGNIN, "application_id", APP, "first_names", HOSTILE_FIRST,
                     "last_name", HOSTILE_LAST);
}

/* The template rendered the way dk_mail_compose does, for string checks. */
static dk_mail_rendered render(const char *name, const char *lang, const json_t *job_vars)
{
    dk_mail_rendered r = {0};
    json_t *vars = NULL;
    char err[512] = "";
    int rc = dk_mail_vars(job_vars, lang, &vars, err, sizeof err);
    if (rc == 0)
        rc = dk_mail_key_vars(name, job_vars, vars, err, sizeof err);
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

static int in_neither(const dk_mail_rendered *r, const char *s)
{
    return r->text && r->html && !strstr(r->text, s) && !strstr(r->html, s);
}

/* Occurrences of s in hay. */
static int count(const char *hay, const char *s)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, s)) != NULL; p += strlen(s))
        n++;
    return n;
}

/* No template tag left but the one the hostile name brings as text; the
 * hostile values escaped in the HTML; the subject one line. */
static void check_clean(const dk_mail_rendered *r)
{
    CHECK(r->subject && r->text && r->html);
    if (!r->subject || !r->text || !r->html)
        return;
    CHECK(!strstr(r->subject, "{{") && !strstr(r->subject, "}}"));
    CHECK_INT(count(r->text, "{{"), 1);
    CHECK_INT(count(r->text, "}}"), 1);
    CHECK_INT(count(r->html, "{{"), 1);
    CHECK_INT(count(r->html, "}}"), 1);
    CHECK(strstr(r->text, "{{email_code}} O'Brien") != NULL); /* a value is never rendered */
    CHECK(!strchr(r->subject, '\n') && !strchr(r->subject, '\r'));
    CHECK(!strstr(r->html, "<b>x") && strstr(r->html, "&lt;b&gt;x&lt;/b&gt;"));
    CHECK(strstr(r->html, "O&#39;Brien &amp; &quot;Sons&quot;") != NULL);
    CHECK(!strchr(r->text, '\r')); /* the CR/LF of the name became spaces */
}

/* ---- key_email_code ----------------------------------------------------- */

static void test_email_code(void)
{
    static const struct {
        const char *lang, *subject_signin, *subject_activation, *valid, *one_minute, *why_signin,
            *why_activation, *never, *help;
    } cases[] = {
        {"nl",
         "CSAM – Mijn digitale sleutels: beveiligingscode om aan te melden, 10 minuten geldig",
         "CSAM – Mijn digitale sleutels: beveiligingscode om je sleutel te activeren, 10 minuten "
         "geldig",
         "De code is 10 minuten geldig", "De code is 1 minuut geldig",
         "Dan kent iemand anders je wachtwoord", "Dan heeft iemand anders je activatielink",
         "Geef deze code aan niemand", "Helpdesk: "},
        {"fr",
         "CSAM – Mes clés numériques : code de sécurité pour vous connecter, valable 10 minutes",
         "CSAM – Mes clés numériques : code de sécurité pour activer votre clé, valable 10 "
         "minutes",
         "Le code est valable 10 minutes", "Le code est valable 1 minute",
         "Quelqu'un d'autre connaît alors votre mot de passe",
         "Quelqu'un d'autre dispose alors de votre lien d'activation",
         "Ne communiquez ce code à personne", "Service d'assistance : "},
        {"en", "CSAM – My digital keys: security code to sign in, valid 10 minutes",
         "CSAM – My digital keys: security code to activate your key, valid 10 minutes",
         "The code is valid for 10 minutes", "The code is valid for 1 minute",
         "Then someone else knows your password", "Then someone else has your activation link",
         "Never give this code to anyone", "Help desk: "},
    };
    char code[DK_EMAIL_CODE_DIGITS + 1], grouped[8];
    dk_token_email_code(CODE_ID, code);
    snprintf(grouped, sizeof grouped, "%.3s %.3s", code, code + 3);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int p = 0; p < 2; p++) {
            const char *purpose = p ? "activation" : "signin";
            json_t *v = code_vars(CODE_ID, purpose, 10);
            dk_mail_rendered r = render("key_email_code", cases[i].lang, v);
            check_clean(&r);
            if (r.text) {
                CHECK_STR(r.subject, p ? cases[i].subject_activation : cases[i].subject_signin);
                /* the code: once in each part, grouped, on a line of its own in
                 * the text and large in the HTML; never in the subject */
                char line[32];
                snprintf(line, sizeof line, "\n    %s\n", grouped);
                CHECK(strstr(r.text, line) != NULL);
                CHECK_INT(count(r.text, grouped), 1);
                CHECK_INT(count(r.html, grouped), 1);
                CHECK(strstr(r.html, "font-size:36px") && strstr(r.html, "white-space:nowrap"));
                CHECK(!strstr(r.subject, grouped) && !strstr(r.subject, code));
                CHECK(in_neither(&r, code)); /* only grouped */
                CHECK(in_both(&r, cases[i].valid));
                CHECK(in_both(&r, cases[i].never));
                CHECK(in_both(&r, p ? cases[i].why_activation : cases[i].why_signin));
                CHECK(in_neither(&r, p ? cases[i].why_signin : cases[i].why_activation));
                CHECK(in_both(&r, cases[i].help) && in_both(&r, HELPDESK));
                CHECK(in_neither(&r, CODE_ID)); /* the id is no use to the reader */
                CHECK(in_neither(&r, "/activate/"));
                CHECK(strstr(r.text, "Zoë  Bcc: victim@example.be    <b>x</b> {{email_code}}"));
            }
            dk_mail_rendered_free(&r);

            /* one minute: the singular */
            json_object_set_new(v, "minutes", json_integer(1));
            r = render("key_email_code", cases[i].lang, v);
            CHECK(in_both(&r, cases[i].one_minute));
            CHECK(in_neither(&r, "1 minutes") && in_neither(&r, "1 minuten"));
            dk_mail_rendered_free(&r);

            /* no help desk configured: the advice stays, the link goes */
            setenv("DK_SUPPORT_URL", "", 1);
            r = render("key_email_code", cases[i].lang, v);
            check_clean(&r);
            CHECK(in_both(&r, p ? cases[i].why_activation : cases[i].why_signin));
            CHECK(in_neither(&r, cases[i].help) && in_neither(&r, HELPDESK));
            dk_mail_rendered_free(&r);
            unsetenv("DK_SUPPORT_URL");

            /* the job's own help desk wins over the configuration */
            json_object_set_new(v, "support_url", json_string("https://help.example.be/?a=1&b=2"));
            r = render("key_email_code", cases[i].lang, v);
            CHECK(strstr(r.text, "https://help.example.be/?a=1&b=2") &&
                  strstr(r.html, "href=\"https://help.example.be/?a=1&amp;b=2\""));
            CHECK(in_neither(&r, HELPDESK));
            dk_mail_rendered_free(&r);
            json_decref(v);
        }
    }
    /* Other ids, other codes; leading zeros kept (the first ids in order
     * whose code starts with 0: about one in ten). */
    int zeros = 0;
    for (int n = 0; n < 400 && zeros < 2; n++) {
        char id[37], c[DK_EMAIL_CODE_DIGITS + 1], g[8];
        snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
        dk_token_email_code(id, c);
        if (c[0] != '0')
            continue;
        zeros++;
        snprintf(g, sizeof g, "%.3s %.3s", c, c + 3);
        json_t *v = code_vars(id, "signin", 10);
        dk_mail_rendered r = render("key_email_code", "en", v);
        CHECK(in_both(&r, g) && strlen(c) == 6);
        dk_mail_rendered_free(&r);
        json_decref(v);
    }
    CHECK_INT(zeros, 2);
}

/* ---- key_activated ------------------------------------------------------ */

static void test_activated(void)
{
    static const struct {
        const char *lang, *subject, *type[4], *level[3], *refuse, *username, *notyou, *button;
    } cases[] = {
        {"nl",
         "CSAM – Mijn digitale sleutels: sleutel geactiveerd",
         {"Je sleutel: gebruikersnaam/wachtwoord + beveiligingscode via een mobiele "
          "authenticatie-app",
          "Je sleutel: gebruikersnaam/wachtwoord + beveiligingscode ontvangen via e-mail",
          "Je sleutel: enkel gebruikersnaam/wachtwoord", "Je sleutel: toegangssleutel (passkey)"},
         {"Betrouwbaarheidsniveau: substantieel", "Betrouwbaarheidsniveau: laag\n",
          "Betrouwbaarheidsniveau: laag, met beveiligingscode via e-mail"},
         "De meeste onlinediensten aanvaarden geen sleutel met enkel een gebruikersnaam",
         "Je gebruikersnaam is het e-mailadres",
         "Heb je deze sleutel niet zelf geactiveerd?",
         ">Aanmelden</a>"},
        {"fr",
         "CSAM – Mes clés numériques : clé activée",
         {"Votre clé : nom d'utilisateur/mot de passe + code de sécurité généré par une "
          "application d'authentification mobile",
          "Votre clé : nom d'utilisateur/mot de passe + code de sécurité reçu par e-mail",
          "Votre clé : uniquement nom d'utilisateur/mot de passe",
          "Votre clé : clé d'accès (passkey)"},
         {"Niveau de garantie : substantiel", "Niveau de garantie : faible\n",
          "Niveau de garantie : faible, avec code de sécurité par e-mail"},
         "La plupart des services en ligne n'acceptent pas une clé avec seulement",
         "Votre nom d'utilisateur est l'adresse e-mail",
         "Vous n'avez pas activé cette clé vous-même ?",
         ">Se connecter</a>"},
        {"en",
         "CSAM – My digital keys: key activated",
         {"Your key: username/password + security code from a mobile authenticator app",
          "Your key: username/password + security code received by e-mail",
          "Your key: username/password only", "Your key: passkey"},
         {"Assurance level: substantial", "Assurance level: low\n",
          "Assurance level: low, with a security code by e-mail"},
         "Most online services do not accept a key with only a username and password",
         "Your username is the e-mail address",
         "Did you not activate this key yourself?",
         ">Sign in</a>"},
    };
    static const char *const types[] = {"totp", "email", "password", "passkey"};
    static const int level_of[] = {0, 2, 1, 0}; /* substantial, low, low_email_code */
    static const char *const levels[] = {"substantial", "low", "low_email_code"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int t = 0; t < 4; t++) {
            json_t *v = activated_vars(types[t], levels[level_of[t]]);
            dk_mail_rendered r = render("key_activated", cases[i].lang, v);
            check_clean(&r);
            if (!r.text) {
                json_decref(v);
                continue;
            }
            CHECK_STR(r.subject, cases[i].subject);
            CHECK(strstr(r.text, cases[i].type[t]) != NULL);
            CHECK(strstr(r.text, cases[i].level[level_of[t]]) != NULL);
            for (int o = 0; o < 4; o++)
                if (o != t)
                    CHECK(!strstr(r.text, cases[i].type[o]));
            /* password only: most services refuse it, said so; not of the others */
            CHECK(t == 2 ? in_both(&r, cases[i].refuse) != 0 : in_neither(&r, cases[i].refuse));
            /* the low levels say how to get a stronger key: a new interview */
            char request[128];
            snprintf(request, sizeof request, "%s/?lang=%s", PUBLIC, cases[i].lang);
            CHECK(level_of[t] ? in_both(&r, request) != 0 : in_neither(&r, request));
            CHECK(in_both(&r, "NIST SP 800-63B-4") == (t == 1));
            CHECK(in_both(&r, cases[i].username) && in_both(&r, cases[i].notyou));
            CHECK(strstr(r.text, "\n" SIGNIN "\n") && strstr(r.html, "href=\"" SIGNIN "\""));
            CHECK(strstr(r.html, cases[i].button) != NULL);
            CHECK(in_both(&r, HELPDESK) && in_both(&r, APP));
            dk_mail_rendered_free(&r);
            json_decref(v);
        }
    }
}

/* ---- refusals ------------------------------------------------------------ */

static int compose(const char *tpl, const char *lang, const json_t *vars, dk_mail_composed *out,
                   char *err, size_t errlen)
{
    dk_mail_job job = {.template_name = tpl,
                       .lang = lang,
                       .to = TO,
                       .vars = vars,
                       .message_id = "c0ffee00-1d1e-4c4b-9a57-6f1b2c3d4e5f@digitalkey.dk",
                       .now_ms = INT64_C(1796630400000)};
    return dk_mail_compose(&job, out, err, errlen);
}

/* vars (stolen) refused for tpl with a reason holding fragment; no half
 * mail and no code in the reason. */
static void refused(const char *tpl, json_t *vars, const char *fragment)
{
    dk_mail_composed c;
    char err[512] = "", code[DK_EMAIL_CODE_DIGITS + 1];
    dk_token_email_code(CODE_ID, code);
    CHECK_INT(compose(tpl, "fr", vars, &c, err, sizeof err), -1);
    CHECK(c.message == NULL && c.subject == NULL);
    CHECK(strstr(err, fragment) != NULL);
    if (!strstr(err, fragment))
        fprintf(stderr, "  %s: err \"%s\", wanted \"%s\"\n", tpl, err, fragment);
    CHECK(!strstr(err, code));
    dk_mail_composed_free(&c);
    json_decref(vars);
}

static void test_refused(void)
{
    static const char *const bad_ids[] = {"../../x", "5B1E0C7A-8D2F-4E6B-9C3A-7F1D2E3B4A5C",
                                          "5b1e0c7a8d2f4e6b9c3a7f1d2e3b4a5c", "", CODE_ID "0"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++)
        refused("key_email_code", code_vars(bad_ids[i], "signin", 10),
                "email_code_id must be a UUID in lower case");
    json_t *v = code_vars(CODE_ID, "signin", 10);
    json_object_set_new(v, "email_code_id", json_integer(7));
    refused("key_email_code", v, "email_code_id must be a UUID");
    v = code_vars(CODE_ID, "signin", 10);
    json_object_del(v, "email_code_id");
    refused("key_email_code", v, "email_code_id must be a UUID");

    static const char *const bad_purposes[] = {"reset", "Signin", "", "activation "};
    for (size_t i = 0; i < sizeof bad_purposes / sizeof bad_purposes[0]; i++)
        refused("key_email_code", code_vars(CODE_ID, bad_purposes[i], 10),
                "purpose must be \"activation\" or \"signin\"");
    v = code_vars(CODE_ID, "signin", 10);
    json_object_del(v, "purpose");
    refused("key_email_code", v, "purpose must be");

    static const int bad_minutes[] = {0, -10, 61, 1440};
    for (size_t i = 0; i < sizeof bad_minutes / sizeof bad_minutes[0]; i++)
        refused("key_email_code", code_vars(CODE_ID, "signin", bad_minutes[i]),
                "minutes must be a whole number of minutes, 1 to 60");
    v = code_vars(CODE_ID, "signin", 10);
    json_object_set_new(v, "minutes", json_string("10"));
    refused("key_email_code", v, "minutes must be a whole number");
    v = code_vars(CODE_ID, "signin", 10);
    json_object_set_new(v, "minutes", json_real(10.0));
    refused("key_email_code", v, "minutes must be a whole number");
    v = code_vars(CODE_ID, "signin", 10);
    json_object_del(v, "minutes");
    refused("key_email_code", v, "minutes must be a whole number");

    /* The code itself never travels, however it is named. */
    static const char *const secret_names[] = {"email_code", "code", "EmailCode", "otp"};
    for (size_t i = 0; i < sizeof secret_names / sizeof secret_names[0]; i++) {
        v = code_vars(CODE_ID, "signin", 10);
        json_object_set_new(v, secret_names[i], json_string("123 456"));
        refused("key_email_code", v, "must never travel in a message");
    }
    /* The code's id belongs to its own mail. */
    v = activated_vars("totp", "substantial");
    json_object_set_new(v, "email_code_id", json_string(CODE_ID));
    refused("key_activated", v, "email_code_id belongs to the key_email_code mail only");

    static const char *const bad_types[] = {"sms", "TOTP", "", "password+totp"};
    for (size_t i = 0; i < sizeof bad_types / sizeof bad_types[0]; i++)
        refused("key_activated", activated_vars(bad_types[i], "low"),
                "key_type must be \"totp\", \"email\", \"password\" or \"passkey\"");
    v = activated_vars("totp", "substantial");
    json_object_del(v, "key_type");
    refused("key_activated", v, "key_type must be");
    /* a level the key does not reach: a builder's bug, never mailed */
    refused("key_activated", activated_vars("password", "substantial"),
            "assurance_level of a password key must be \"low\"");
    refused("key_activated", activated_vars("email", "substantial"),
            "assurance_level of a email key must be \"low_email_code\"");
    refused("key_activated", activated_vars("passkey", "high"),
            "assurance_level of a passkey key must be \"substantial\"");
    v = activated_vars("totp", "substantial");
    json_object_del(v, "assurance_level");
    refused("key_activated", v, "assurance_level of a totp key must be \"substantial\"");

    char longurl[DK_MAIL_SIGNIN_URL_MAX + 2];
    memset(longurl, 'a', sizeof longurl - 1);
    memcpy(longurl, "https://", 8);
    longurl[sizeof longurl - 1] = '\0';
    const char *bad_urls[] = {"javascript:alert(1)", "https://x.be/sign in", "//x.be/signin",
                              "https://x.be/\r\nBcc: y", longurl};
    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        v = activated_vars("totp", "substantial");
        json_object_set_new(v, "signin_url", json_string(bad_urls[i]));
        refused("key_activated", v, "signin_url must be an http(s) URL");
    }
    v = activated_vars("totp", "substantial");
    json_object_del(v, "signin_url");
    refused("key_activated", v, "signin_url must be an http(s) URL");

    /* The controls: the same jobs, right, are composed. */
    dk_mail_composed c;
    char err[512] = "";
    v = code_vars(CODE_ID, "activation", 60);
    CHECK_INT(compose("key_email_code", "fr", v, &c, err, sizeof err), 0);
    dk_mail_composed_free(&c);
    json_decref(v);
    v = activated_vars("passkey", "substantial");
    CHECK_INT(compose("key_activated", "fr", v, &c, err, sizeof err), 0);
    dk_mail_composed_free(&c);
    json_decref(v);
}

/* ---- whole messages ------------------------------------------------------- */

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
    "    elif k == 'html_has': got = v if v in html else html\n"
    "    elif k == 'html_lacks': got = v if v not in html else 'present'\n"
    "    elif k == 'subject_lacks': got = v if v not in str(m['Subject']) else m['Subject']\n"
    "    else: got = str(m[k])\n"
    "    if got != v: bad.append('%s: got %r, want %r' % (k, got, v))\n"
    "for b in bad: print('python email:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

/* The job as it travels (personal parts sealed) and as the mailer opens it. */
static json_t *through_topic(const char *tpl, const char *lang, json_t *vars)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:o}", "template", tpl, "language", lang, "to",
                             TO, "dedupe_key", "key:" CODE_ID, "vars", vars);
    char err[256] = "";
    json_t *sealed = dk_personal_seal("mail.requested", APP, data, err, sizeof err);
    CHECK(sealed != NULL);
    char *wire = sealed ? json_dumps(sealed, 0) : NULL;
    char code[DK_EMAIL_CODE_DIGITS + 1];
    dk_token_email_code(CODE_ID, code);
    CHECK(wire && !strstr(wire, TO) && !strstr(wire, "O'Brien") && !strstr(wire, code));
    free(wire);
    json_t *opened =
        sealed ? dk_personal_open("mail.requested", APP, sealed, err, sizeof err) : NULL;
    CHECK(opened != NULL);
    if (!opened)
        fprintf(stderr, "  open: %s\n", err);
    json_decref(sealed);
    return opened;
}

static void test_compose(void)
{
    char code[DK_EMAIL_CODE_DIGITS + 1], grouped[8];
    dk_token_email_code(CODE_ID, code);
    snprintf(grouped, sizeof grouped, "%.3s %.3s", code, code + 3);
    for (int l = 0; l < 3; l++) {
        for (int t = 0; t < 2; t++) {
            const char *tpl = t ? "key_activated" : "key_email_code";
            json_t *job = through_topic(tpl, langs[l],
                                        t ? activated_vars("email", "low_email_code")
                                          : code_vars(CODE_ID, "signin", 10));
            if (!job)
                continue;
            dk_mail_composed c;
            char err[512] = "";
            CHECK_INT(compose(tpl, langs[l], json_object_get(job, "vars"), &c, err, sizeof err), 0);
            if (!c.message) {
                fprintf(stderr, "  compose %s/%s: %s\n", tpl, langs[l], err);
                json_decref(job);
                continue;
            }
            CHECK(!strstr(c.message, "\r\nBcc:"));
            char lang_header[32], text_code[64], html_code[64], subject_code[32];
            snprintf(lang_header, sizeof lang_header, "Content-Language=%s", langs[l]);
            snprintf(text_code, sizeof text_code, "text_has=%s", t ? SIGNIN : grouped);
            snprintf(html_code, sizeof html_code, "html_has=%s", t ? SIGNIN : grouped);
            snprintf(subject_code, sizeof subject_code, "subject_lacks=%s", code);
            const char *asserts[] = {"structure=multipart/alternative,text/plain,text/html",
                                     "count:To=1",
                                     "count:Bcc=0",
                                     "count:Subject=1",
                                     lang_header,
                                     "html_lacks=<b>x",
                                     "text_has=Zoë  Bcc: victim@example.be    <b>x</b>",
                                     text_code,
                                     html_code,
                                     subject_code,
                                     "To=" TO,
                                     NULL};
            CHECK_INT(dk_test_python(py_check, c.message, c.len, asserts), 0);
            dk_mail_composed_free(&c);
            json_decref(job);
        }
    }
}

/* Both names are templates of the table, with their words in every language. */
static void test_table(void)
{
    for (int l = 0; l < 3; l++) {
        dk_mail_template row;
        CHECK_INT(dk_mail_template_row("key_email_code", langs[l], &row), 0);
        CHECK_INT(dk_mail_template_row("key_activated", langs[l], &row), 0);
    }
    CHECK(dk_mail_template_known("key_email_code") && dk_mail_template_known("key_activated"));
}

int main(void)
{
    setenv("DK_PUBLIC_URL", PUBLIC "/", 1);
    unsetenv("DK_SUPPORT_URL"); /* the embedded default: the seed's help desk */
    test_table();
    test_email_code();
    test_activated();
    test_refused();
    test_compose();
    DK_TEST_DONE();
}
