/* SPDX-License-Identifier: EUPL-1.2 */
/* test_pages.c — every page of the intake rendered without a connection, in
 * nl, fr and en, from models whose every value is hostile ("<script>\"'&",
 * "javascript:" URLs): each page is well-formed (tags balanced, one html,
 * head and body, every attribute value quoted, no bare "&" or "<"), shows no
 * value unescaped, carries its fields, labels and links; a value the engine
 * refuses (a javascript: video link) makes a 500 with a fixed page, never a
 * part of the page. */
/* The intake's page models and templates are linked in (the Makefile puts
 * producers/intake on this test's include path). */
#include "dk_test.h"
#include "i18n/dk_i18n.h"
#include "page.h"
#include "pages.h"
#include "pages_keys.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define EVIL "<script>\"'&x javascript:alert(1)"
#define EVIL_ESC "&lt;script&gt;&quot;&#39;&amp;x javascript:alert(1)"

static const char *const langs[] = {"nl", "fr", "en"};
static dk_app_rules rules;
static const int64_t NOW = 1796036400000LL; /* 2026-12-01T10:20:00Z, a Tuesday */

/* ---- well-formedness ---- */

static int is_void(const char *t)
{
    static const char *const v[] = {"meta", "link", "input", "br", "img", "hr", NULL};
    for (const char *const *p = v; *p; p++)
        if (!strcmp(t, *p))
            return 1;
    return 0;
}

/* An entity we write: &amp; &lt; &gt; &quot; &#39; */
static int entity_ok(const char *p)
{
    static const char *const e[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL};
    for (const char *const *q = e; *q; q++)
        if (!strncmp(p, *q, strlen(*q)))
            return 1;
    return 0;
}

/* The one kind of script a page may carry: our own file, loaded after the
 * page, with nothing inside (the Content-Security-Policy allows no inline
 * script). The length of the element when p starts with one, else 0. */
static size_t own_script(const char *p)
{
    static const char *const ok[] = {"<script src=\"/activate.js\" defer></script>",
                                     "<script src=\"/signin.js\" defer></script>", NULL};
    for (const char *const *o = ok; *o; o++)
        if (!strncmp(p, *o, strlen(*o)))
            return strlen(*o);
    return 0;
}

/* Returns NULL when html is well-formed, else what is wrong (static). */
static const char *malformed(const char *html)
{
    static char why[160];
    char stack[64][16];
    int depth = 0, nhtml = 0, nhead = 0, nbody = 0;
    if (strncmp(html, "<!doctype html>\n", 16) != 0)
        return "no doctype first";
    const char *p = html + 16;
    while (*p) {
        if (*p == '&' && !entity_ok(p))
            return "a bare & in text";
        if (*p == '>')
            return "a bare > in text";
        if (*p != '<') {
            p++;
            continue;
        }
        if (own_script(p)) {
            p += own_script(p);
            continue;
        }
        p++;
        int end = *p == '/';
        if (end)
            p++;
        char tag[16];
        size_t n = 0;
        while (isalnum((unsigned char)*p) && n < sizeof tag - 1)
            tag[n++] = (char)tolower((unsigned char)*p++);
        tag[n] = '\0';
        if (n == 0)
            return "a bare < in text";
        /* the attributes: name or name="value", value without < or bare &;
         * an element of the inline SVG may close itself ("/>") */
        int self_closed = 0;
        while (*p && *p != '>') {
            if (*p == ' ') {
                p++;
                continue;
            }
            if (*p == '/' && p[1] == '>' && !end) {
                self_closed = 1;
                p++;
                continue;
            }
            if (end)
                return "attributes on an end tag";
            if (!isalpha((unsigned char)*p))
                return "an attribute name that is not a name";
            while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
                p++;
            if (*p == '=') {
                if (p[1] != '"') {
                    snprintf(why, sizeof why, "an unquoted attribute value in <%s>", tag);
                    return why;
                }
                for (p += 2; *p && *p != '"'; p++)
                    if (*p == '<' || *p == '>' || (*p == '&' && !entity_ok(p)))
                        return "< > or a bare & in an attribute value";
                if (*p != '"')
                    return "an attribute value never closed";
                p++;
                if (*p != ' ' && *p != '>' && !(*p == '/' && p[1] == '>'))
                    return "attributes not separated";
            } else if (*p != ' ' && *p != '>') {
                return "a stray character in a tag";
            }
        }
        if (!*p)
            return "a tag never closed";
        p++;
        if (end) {
            if (depth == 0 || strcmp(stack[depth - 1], tag) != 0) {
                snprintf(why, sizeof why, "</%s> closes <%s>", tag,
                         depth ? stack[depth - 1] : "nothing");
                return why;
            }
            depth--;
        } else {
            nhtml += !strcmp(tag, "html");
            nhead += !strcmp(tag, "head");
            nbody += !strcmp(tag, "body");
            if (!strcmp(tag, "script") || !strcmp(tag, "style"))
                return "a script or style element";
            if (!is_void(tag) && !self_closed) {
                if (depth == 64)
                    return "nested too deep";
                snprintf(stack[depth++], sizeof stack[0], "%s", tag);
            }
        }
    }
    if (depth != 0) {
        snprintf(why, sizeof why, "<%s> never closed", stack[depth - 1]);
        return why;
    }
    if (nhtml != 1 || nhead != 1 || nbody != 1)
        return "not one html, head and body";
    if (strcmp(p - 8, "</html>\n") != 0)
        return "does not end with </html> and a line break";
    return NULL;
}

/* The checks every page passes. */
static void check_page(const char *what, const char *lang, int rc, const dk_buf *b)
{
    CHECK_INT(rc, 0);
    if (rc != 0 || !b->data) {
        fprintf(stderr, "  %s/%s: not rendered\n", what, lang);
        return;
    }
    const char *why = malformed(b->data);
    CHECK(why == NULL);
    if (why)
        fprintf(stderr, "  %s/%s: %s\n", what, lang, why);
    /* no hostile value raw: no markup of ours is a <script>, no ' or " where
     * a value stood, and no link goes to javascript: */
    int scripts = 0;
    for (const char *p = strstr(b->data, "<script"); p; p = strstr(p + 1, "<script"))
        scripts += own_script(p) ? 0 : 1;
    CHECK_INT(scripts, 0);
    CHECK(!strstr(b->data, "\"'&"));
    CHECK(!strstr(b->data, "href=\"javascript") && !strstr(b->data, "action=\"javascript"));
    char html_lang[32];
    snprintf(html_lang, sizeof html_lang, "<html lang=\"%s\">", lang);
    CHECK(strstr(b->data, html_lang) != NULL);
    /* the language links and the stylesheet */
    CHECK(strstr(b->data, "?lang=nl\" lang=\"nl\"") && strstr(b->data, "?lang=fr\" lang=\"fr\"") &&
          strstr(b->data, "?lang=en\" lang=\"en\""));
    CHECK(strstr(b->data, "<link rel=\"stylesheet\" href=\"/style.css\">") != NULL);
}

/* s is in the page, and so is the sentence of key in lang. */
static void has(const dk_buf *b, const char *s)
{
    int ok = b->data && strstr(b->data, s) != NULL;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  missing: %s\n", s);
}

static void has_sentence(const dk_buf *b, const char *lang, const char *key)
{
    dk_buf esc = DK_BUF_INIT;
    const char *t = dk_i18n_text(lang, key);
    CHECK(t != key);
    /* the sentence as the page writes it, escaped */
    for (const char *p = t; *p; p++)
        switch (*p) {
        case '\'':
            dk_buf_puts(&esc, "&#39;");
            break;
        case '&':
            dk_buf_puts(&esc, "&amp;");
            break;
        case '"':
            dk_buf_puts(&esc, "&quot;");
            break;
        default:
            dk_buf_append(&esc, p, 1);
        }
    has(b, esc.data);
    dk_buf_free(&esc);
}

/* The checker itself finds what it looks for. */
static void test_checker(void)
{
    static const char *const bad[] = {
        "<!doctype html>\n<html><head></head><body><p class=a></p></body></html>\n",
        "<!doctype html>\n<html><head></head><body><p></div></body></html>\n",
        "<!doctype html>\n<html><head></head><body><p>a & b</p></body></html>\n",
        "<!doctype html>\n<html><head></head><body><p>a < b</p></body></html>\n",
        "<!doctype html>\n<html><head></head><body><p title=\"<x>\"></p></body></html>\n",
        "<!doctype html>\n<html><head></head><body><script></script></body></html>\n",
        "<!doctype html>\n<html><head></head><body><script src=\"/x.js\" "
        "defer></script></body></html>\n",
        "<!doctype html>\n<html><head></head><body><script src=\"/signin.js\" "
        "defer>x</script></body></html>\n",
        "<!doctype html>\n<html><head></head><body><body></body></body></html>\n",
        "<!doctype html>\n<html><head></head><body><p></body></html>\n",
        "<html><head></head><body></body></html>\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(malformed(bad[i]) != NULL);
    CHECK(malformed("<!doctype html>\n<html lang=\"nl\"><head><meta "
                    "charset=\"utf-8\"></head><body><p a=\"&amp;\" "
                    "required>x &#39;</p></body></html>\n") == NULL);
}

/* ---- the pages ---- */

static const char *const fields[] = {"last_name",   "first_names", "birth_date", "birth_country",
                                     "birth_place", "sex",         "insz",       "email",
                                     "motivation",  "language",    NULL};

static void test_form(void)
{
    json_t *values = json_object();
    for (const char *const *f = fields; *f; f++)
        json_object_set_new(values, *f, json_string(EVIL));
    char k[32];
    for (int row = 1; row <= DK_APP_MAX_SLOTS; row++)
        for (int p = 0; p < 3; p++) {
            snprintf(k, sizeof k, "slot%d_%s", row, p == 0 ? "date" : p == 1 ? "from" : "to");
            json_object_set_new(values, k, json_string(EVIL));
        }
    int slot_row[DK_APP_MAX_SLOTS];
    for (int i = 0; i < DK_APP_MAX_SLOTS; i++)
        slot_row[i] = i + 1;
    dk_field_errors errs = {0};
    for (const char *const *f = fields; *f; f++) {
        snprintf(errs.e[errs.n].field, sizeof errs.e[0].field, "%s", *f);
        errs.e[errs.n++].code = "required";
    }
    snprintf(errs.e[errs.n].field, sizeof errs.e[0].field, "consent");
    errs.e[errs.n++].code = "required";
    snprintf(errs.e[errs.n].field, sizeof errs.e[0].field, "preferred_slots[4].from");
    errs.e[errs.n++].code = "required";
    snprintf(errs.e[errs.n].field, sizeof errs.e[0].field, "preferred_slots[4]");
    errs.e[errs.n++].code = "required";
    for (int l = 0; l < 3; l++)
        for (int variant = 0; variant < 3; variant++) {
            /* 0: a fresh form; 1: hostile values and every error; 2: a banner with an argument */
            dk_form_model m = {.lang = langs[l],
                               .csrf = EVIL,
                               .values = variant ? values : NULL,
                               .errs = variant == 1 ? &errs : NULL,
                               .consent = variant == 1,
                               .slots = {.values = variant ? values : NULL,
                                         .errs = variant == 1 ? &errs : NULL,
                                         .slot_row = slot_row,
                                         .nslots = variant ? DK_APP_MAX_SLOTS : 0},
                               .rules = &rules,
                               .now_ms = NOW};
            if (variant == 2)
                m.banner = (dk_page_sentence){"rate_limited", "42"};
            json_t *empty = json_object();
            if (!variant)
                m.values = m.slots.values = empty;
            dk_buf b = DK_BUF_INIT;
            check_page("form", langs[l], dk_page_render_form(&b, &m), &b);
            has(&b, "<form method=\"post\" action=\"/?lang=");
            for (const char *const *f = fields; *f; f++) {
                char s[64];
                snprintf(s, sizeof s, "name=\"%s\"", *f);
                has(&b, s);
                if (strcmp(*f, "sex") && strcmp(*f, "language")) {
                    has_sentence(&b, langs[l], *f);
                    if (variant == 1 && strcmp(*f, "birth_country")) {
                        snprintf(s, sizeof s, "id=\"%s-error\"", *f);
                        has(&b, s);
                    }
                }
            }
            has(&b, "name=\"slot10_to\"");
            has(&b, "name=\"consent\" value=\"yes\" required");
            has(&b, "<option value=\"BE\"");
            has_sentence(&b, langs[l], "submit");
            has_sentence(&b, langs[l], "sec_slots");
            if (variant == 1) {
                has(&b, "value=\"" EVIL_ESC "\"");
                has(&b, ">" EVIL_ESC "</textarea>");
                has(&b, "<details open>");
                has(&b, "aria-describedby=\"slot5_from-error slot5_slot-error\"");
                has(&b, "required checked>");
                has_sentence(&b, langs[l], "errors_summary");
            }
            if (variant == 2) {
                dk_buf want = DK_BUF_INIT;
                DK_I18N_APPENDF(&want, langs[l], rate_limited, 42);
                has(&b, "role=\"alert\">");
                CHECK(strstr(b.data, "42") != NULL);
                dk_buf_free(&want);
            }
            dk_buf_free(&b);
            json_decref(empty);
        }
    json_decref(values);
}

static void test_success(void)
{
    for (int l = 0; l < 3; l++) {
        dk_success_model m = {.lang = langs[l], .application_id = EVIL, .security_code = EVIL};
        dk_buf b = DK_BUF_INIT;
        check_page("success", langs[l], dk_page_render_success(&b, &m), &b);
        has(&b, "<p class=\"security-code\" id=\"security-code\">" EVIL_ESC "</p>");
        has(&b, "<code id=\"application-id\">" EVIL_ESC "</code>");
        has_sentence(&b, langs[l], "code_never");
        dk_buf_free(&b);
    }
}

static void test_messages(void)
{
    static const char *const keys[][2] = {
        {"link_invalid_title", "link_invalid"},
        {"ended_title", "ended_cancelled"},
        {"locked_title", "locked"},
        {"upload_title", "upload_too_large"},
        {"upload_title", "upload_not_multipart"},
        {"csrf_title", "csrf_failed"},
        {"unavailable_title", "unavailable_proposal"},
        {"rescheduled_title", "rescheduled_text"},
        {"cancelled_title", "cancelled_text"},
        {"origin_title", "origin_refused"},
    };
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            for (int links = 0; links < 2; links++) {
                int arg = !strcmp(keys[i][1], "locked") || !strcmp(keys[i][1], "upload_too_large");
                dk_message_model m = {.lang = langs[l],
                                      .path = links ? "/proposal/abc" : "/",
                                      .title_key = keys[i][0],
                                      .lead = {keys[i][1], arg ? EVIL : NULL},
                                      .link_back = 1,
                                      .link_new = links};
                dk_buf b = DK_BUF_INIT;
                check_page(keys[i][1], langs[l], dk_page_render_message(&b, &m), &b);
                has_sentence(&b, langs[l], keys[i][0]);
                if (!arg)
                    has_sentence(&b, langs[l], keys[i][1]);
                else
                    has(&b, EVIL_ESC);
                /* the way back only to a real link, the new request when asked */
                CHECK(!strstr(b.data, "<p><a href=\"/?lang=") == !links);
                CHECK(!strstr(b.data, "<p><a href=\"/proposal/abc?lang=") == !links);
                dk_buf_free(&b);
            }
}

static void test_code_form(void)
{
    static const char *const banners[] = {NULL, "code_wrong", "session_expired"};
    for (int l = 0; l < 3; l++)
        for (int i = 0; i < 3; i++) {
            dk_code_form_model m = {.lang = langs[l],
                                    .path = "/proposal/abc",
                                    .csrf = EVIL,
                                    .title_key = "prop_title",
                                    .lead_key = "code_intro",
                                    .banner_key = banners[i]};
            dk_buf b = DK_BUF_INIT;
            check_page("code_form", langs[l], dk_page_render_code_form(&b, &m), &b);
            has(&b, "action=\"/proposal/abc?lang=");
            has(&b, "name=\"csrf\" value=\"" EVIL_ESC "\"");
            has(&b, "name=\"security_code\"");
            has_sentence(&b, langs[l], "code_field");
            CHECK(!strstr(b.data, "id=\"security_code-error\"") == (i != 1));
            if (banners[i])
                has_sentence(&b, langs[l], banners[i]);
            dk_buf_free(&b);
        }
}

static void test_cancel_confirm(void)
{
    for (int l = 0; l < 3; l++) {
        dk_cancel_confirm_model m = {
            .lang = langs[l], .path = "/proposal/abc", .csrf = "c", .slot_text = EVIL};
        dk_buf b = DK_BUF_INIT;
        check_page("cancel_confirm", langs[l], dk_page_render_cancel_confirm(&b, &m), &b);
        has(&b, "action=\"/proposal/abc/cancel?lang=");
        has(&b, "name=\"confirm\" value=\"yes\"");
        has(&b, EVIL_ESC);
        has_sentence(&b, langs[l], "back_to_proposal");
        dk_buf_free(&b);
    }
}

/* The address owner's end link (end_link_page.c): the question and its
 * one button, which posts back to the link with the CSRF field; none of
 * the self-service link's ways (no code form, no way back to a proposal).
 * Then its answers, message pages: ended (with the way to a new request),
 * gone (the same), cannot end, unavailable. */
static void test_end_link(void)
{
    for (int l = 0; l < 3; l++) {
        dk_end_confirm_model m = {.lang = langs[l], .path = "/end/" EVIL, .csrf = EVIL};
        dk_buf b = DK_BUF_INIT;
        check_page("end_confirm", langs[l], dk_page_render_end_confirm(&b, &m), &b);
        /* the path percent-encoded where it is a URL */
        has(&b, "<form method=\"post\" action=\"/end/"
                "%3Cscript%3E%22%27&amp;x%20javascript:alert(1)?lang=");
        has(&b, "name=\"csrf\" value=\"" EVIL_ESC "\"");
        has(&b, "name=\"confirm\" value=\"yes\"");
        static const char *const keys[] = {"end_title", "end_lead", "end_effect", "end_submit",
                                           "end_keep"};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            has_sentence(&b, langs[l], keys[i]);
        CHECK(!strstr(b.data, "security_code") && !strstr(b.data, "/proposal/"));
        /* one form, and it is the button's */
        const char *f = strstr(b.data, "<form");
        CHECK(f && !strstr(f + 1, "<form"));
        dk_buf_free(&b);
    }
    static const char *const answers[][3] = {{"end_done_title", "end_done", "1"},
                                             {"end_gone_title", "end_gone", "1"},
                                             {"end_title", "end_conflict", ""},
                                             {"unavailable_title", "end_unavailable", ""}};
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
            int link_new = answers[i][2][0] != '\0';
            dk_message_model m = {.lang = langs[l],
                                  .path = "/end/" EVIL,
                                  .title_key = answers[i][0],
                                  .lead = {answers[i][1], NULL},
                                  .link_back = 0,
                                  .link_new = link_new};
            dk_buf b = DK_BUF_INIT;
            check_page(answers[i][1], langs[l], dk_page_render_message(&b, &m), &b);
            has_sentence(&b, langs[l], answers[i][0]);
            has_sentence(&b, langs[l], answers[i][1]);
            /* the new request's form, in the page's language, when it may be made */
            char form[32];
            snprintf(form, sizeof form, "<a href=\"/?lang=%s\">", langs[l]);
            CHECK(!strstr(b.data, form) == !link_new);
            CHECK(!strstr(b.data, "<p><a href=\"/end/"));
            dk_buf_free(&b);
        }
}

static void test_proposal(void)
{
    static const char *const statuses[] = {"proposed", "reserved", "document_rejected",
                                           "document_pending", "rescheduling"};
    json_t *problems = json_pack("[{s:s, s:s, s:s}]", "code", EVIL, "problem", EVIL, "fix", EVIL);
    json_t *values = json_pack("{s:s}", "slot1_date", EVIL);
    for (int l = 0; l < 3; l++)
        for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++)
            for (int all = 0; all < 2; all++) {
                dk_proposal_model m = {
                    .lang = langs[l],
                    .path = "/proposal/abc",
                    .csrf = EVIL,
                    .banner = {all ? "conflict_pending" : NULL, NULL},
                    .status = statuses[s],
                    .slot_text = EVIL,
                    .held_text = EVIL,
                    .video_url = !strcmp(statuses[s], "reserved")
                                     ? "https://v.example.be/r/1?a=1&b=\"2\""
                                     : NULL,
                    .problems = !strcmp(statuses[s], "document_rejected") ? problems : NULL,
                    .can_accept = all,
                    .previous_kind = all ? "id_card" : NULL,
                    .previous_day = EVIL,
                    .upload_max_mb = 10,
                    .kind = all ? "id_card" : NULL,
                    .kind_error = all ? EVIL : NULL,
                    .front_error = all ? EVIL : NULL,
                    .back_error = all ? EVIL : NULL,
                    .can_reschedule = all,
                    .slots = {.values = all ? values : NULL},
                    .rules = &rules,
                    .now_ms = NOW,
                    .can_cancel = all};
                dk_buf b = DK_BUF_INIT;
                check_page("proposal", langs[l], dk_page_render_proposal(&b, &m), &b);
                has(&b, "<p class=\"when\" id=\"slot\">" EVIL_ESC "</p>");
                char ds[64];
                snprintf(ds, sizeof ds, "data-status=\"%s\"", statuses[s]);
                has(&b, ds);
                has_sentence(&b, langs[l], "slot_label");
                CHECK(!strstr(b.data, "<li data-code=\"" EVIL_ESC "\">") ==
                      !!strcmp(statuses[s], "document_rejected"));
                if (m.video_url)
                    has(&b, "href=\"https://v.example.be/r/1?a=1&amp;b=%222%22\"");
                CHECK(!strstr(b.data, "id=\"accept-previous\"") == !all);
                CHECK(!strstr(b.data, "id=\"reschedule\"") == !all);
                CHECK(!strstr(b.data, "id=\"cancel\"") == !all);
                if (all) {
                    has(&b, "action=\"/proposal/abc/accept?lang=");
                    has(&b, "enctype=\"multipart/form-data\"");
                    has(&b, "value=\"id_card\" checked>");
                    has(&b, "id=\"document_kind-error\">" EVIL_ESC);
                    has(&b, "id=\"front-error\">" EVIL_ESC);
                    has(&b, "aria-describedby=\"back-hint back-error\" aria-invalid=\"true\"");
                    has(&b, "action=\"/proposal/abc/reschedule?lang=");
                    has(&b, "name=\"slot1_date\"");
                    has(&b, "action=\"/proposal/abc/cancel?lang=");
                    has_sentence(&b, langs[l], "conflict_pending");
                    has_sentence(&b, langs[l], "upload_submit");
                }
                dk_buf_free(&b);
            }
    json_decref(problems);
    json_decref(values);
}

/* A value the engine refuses: no page, and the answer is a fixed 500. */
static void test_refused_value_is_a_500(void)
{
    static const char *const urls[] = {"javascript:alert(1)", "data:text/html,x", " JavaScript:x"};
    for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
        dk_proposal_model m = {.lang = "en",
                               .path = "/proposal/abc",
                               .csrf = "c",
                               .status = "reserved",
                               .slot_text = "s",
                               .held_text = "h",
                               .video_url = urls[i],
                               .rules = &rules,
                               .now_ms = NOW};
        dk_buf b = DK_BUF_INIT;
        int rc = dk_page_render_proposal(&b, &m);
        CHECK_INT(rc, -1);
        dk_web_reply r = {0};
        dk_web_reply_page(&r, 200, rc, &b);
        CHECK_INT(r.status, 500);
        CHECK(r.body.data && !strstr(r.body.data, "javascript") && !strstr(r.body.data, "video"));
        CHECK(r.body.data && malformed(r.body.data) == NULL);
        CHECK(b.data == NULL); /* the partial page is gone */
        dk_buf_free(&r.body);
    }
    /* and a page that rendered is queued whole */
    dk_success_model s = {.lang = "nl", .application_id = "a", .security_code = "c"};
    dk_buf b = DK_BUF_INIT;
    int rc = dk_page_render_success(&b, &s);
    size_t len = b.len;
    dk_web_reply r = {0};
    dk_web_reply_page(&r, 201, rc, &b);
    CHECK_INT(r.status, 201);
    CHECK_INT(r.body.len, len);
    CHECK(len > 0 && r.body.data && strstr(r.body.data, "</html>\n"));
    dk_buf_free(&r.body);
}

/* During the interview: the session code to read aloud (grouped, with how
 * long it stays valid and a refresh link) and a form per open photo
 * request, from hostile values; a pending photo has no form, a rejected
 * one its problems; errors land on the photo's own form. */
static void test_interview_parts(void)
{
    json_t *photos =
        json_pack("[{s:s, s:s, s:n}, {s:s, s:s, s:{s:s, s:[{s:s, s:s, s:s}]}},"
                  " {s:s, s:s, s:{s:s}}]",
                  "id", EVIL, "subject", "id_card_back", "upload", "id", "r2", "subject", EVIL,
                  "upload", "status", "rejected", "problems", "code", EVIL, "problem", EVIL, "fix",
                  EVIL, "id", "r3", "subject", "passport_page", "upload", "status", "pending");
    for (int l = 0; l < 3; l++)
        for (int with = 0; with < 2; with++) {
            dk_proposal_model m = {.lang = langs[l],
                                   .path = "/proposal/abc",
                                   .csrf = EVIL,
                                   .status = "reserved",
                                   .started = 1,
                                   .slot_text = EVIL,
                                   .held_text = EVIL,
                                   .upload_max_mb = 10,
                                   .rules = &rules,
                                   .now_ms = NOW,
                                   .session_code = with ? "042917" : NULL,
                                   .code_until = EVIL,
                                   .code_minutes = 10,
                                   .photos = with ? photos : NULL,
                                   .photo_request = with ? EVIL : NULL,
                                   .photo_front_error = EVIL,
                                   .photo_back_error = EVIL};
            dk_buf b = DK_BUF_INIT;
            check_page("proposal-interview", langs[l], dk_page_render_proposal(&b, &m), &b);
            CHECK(!strstr(b.data, "id=\"session-code\"") == !with);
            CHECK(!strstr(b.data, "/photo?lang=") == !with);
            if (!with) {
                dk_buf_free(&b);
                continue;
            }
            has(&b, "<p class=\"security-code\" id=\"session-code-value\" data-code=\"042917\">"
                    "042 917</p>");
            has_sentence(&b, langs[l], "iv_code_title");
            has_sentence(&b, langs[l], "iv_code_read");
            has_sentence(&b, langs[l], "iv_refresh");
            has(&b, EVIL_ESC " ("); /* the hour of expiry, escaped, in the validity sentence */
            has(&b, "href=\"/proposal/abc?lang=");
            /* the first request: the back asked, its form, the errors on it */
            has(&b, "id=\"photo-" EVIL_ESC "\" data-subject=\"id_card_back\"");
            has_sentence(&b, langs[l], "iv_photo_id_card_back");
            has(&b, "name=\"request_id\" value=\"" EVIL_ESC "\"");
            has(&b, "name=\"back\" type=\"file\"");
            has(&b, "<p class=\"error\" id=\"back-error\">" EVIL_ESC "</p>");
            has(&b, "<p class=\"error\" role=\"alert\">" EVIL_ESC "</p>");
            /* the second: rejected, its problems and a form; an unknown subject
             * reads as the front */
            has(&b, "id=\"photo-r2\" data-subject=\"" EVIL_ESC "\"");
            has_sentence(&b, langs[l], "iv_photo_rejected");
            has(&b,
                "<li data-code=\"" EVIL_ESC "\"><strong>" EVIL_ESC "</strong> " EVIL_ESC "</li>");
            /* the third: pending, no form */
            has_sentence(&b, langs[l], "iv_photo_passport_page");
            has_sentence(&b, langs[l], "iv_photo_pending");
            const char *third = strstr(b.data, "id=\"photo-r3\"");
            CHECK(third && !strstr(third, "<form"));
            CHECK_INT((int)(strstr(b.data, "/photo?lang=") != NULL), 1);
            int forms = 0;
            for (const char *p = b.data; (p = strstr(p, "/photo?lang=")); p++)
                forms++;
            CHECK_INT(forms, 2);
            dk_buf_free(&b);
        }
    json_decref(photos);
}

/* After the interview: each outcome's sentence, that the link is closed,
 * and the new request's link only after missing information or an
 * absence; an unknown outcome reads as "held". */
static void test_after_interview(void)
{
    static const char *const outcomes[] = {
        "approved", "missing_information", "rejected", "no_show", EVIL, NULL};
    for (int l = 0; l < 3; l++)
        for (int i = 0; i < 6; i++) {
            dk_after_interview_model m = {
                .lang = langs[l], .path = "/proposal/abc", .outcome = outcomes[i]};
            dk_buf b = DK_BUF_INIT;
            check_page("after_interview", langs[l], dk_page_render_after_interview(&b, &m), &b);
            has_sentence(&b, langs[l], "after_title");
            has_sentence(&b, langs[l], "after_link_closed");
            const char *o = i < 4 ? outcomes[i] : "held";
            char key[40], attr[64];
            snprintf(key, sizeof key, "after_%s", o);
            snprintf(attr, sizeof attr, "data-outcome=\"%s\"", o);
            has_sentence(&b, langs[l], key);
            has(&b, attr);
            int again = i == 1 || i == 3;
            CHECK(!strstr(b.data, "<p><a href=\"/?lang=") == !again);
            dk_buf_free(&b);
        }
}

/* ---- the digital key's pages (pages_keys.h) ---- */

#define SUPPORT "https://help.example.be/csp?a=1&b=2"
#define SUPPORT_ESC "href=\"https://help.example.be/csp?a=1&amp;b=2\""

/* The activation page: the code, the four keys in the seed's words with
 * their levels, the password fields (paste allowed: no onpaste, the
 * autocomplete a password manager needs), the errors where they belong. */
static void test_activate(void)
{
    for (int l = 0; l < 3; l++)
        for (int variant = 0; variant < 3; variant++) {
            /* 0: fresh; 1: a wrong code, hostile values; 2: the password refused */
            dk_activate_model m = {.lang = langs[l],
                                   .path = "/activate/abc",
                                   .csrf = EVIL,
                                   .support_url = variant == 1 ? "" : SUPPORT,
                                   .identifier = variant ? EVIL : NULL};
            if (variant == 1) {
                m.banner = (dk_page_sentence){"activate.code_wrong", NULL};
                m.code_error = "activate.code_wrong";
                m.key_type = EVIL;
            }
            if (variant == 2) {
                m.key_type = "email";
                m.password_error = EVIL;
                m.repeat_error = "activate.password_mismatch";
                m.choice_error = "activate.choose_missing";
            }
            dk_buf b = DK_BUF_INIT;
            check_page("activate", langs[l], dk_page_render_activate(&b, &m), &b);
            has(&b, "<form id=\"activate-form\" method=\"post\" action=\"/activate/abc?lang=");
            has(&b, "name=\"csrf\" value=\"" EVIL_ESC "\"");
            has(&b, "name=\"activation_code\"");
            for (const char *const *t = dk_page_key_types; *t; t++) {
                char s[96];
                snprintf(s, sizeof s, "id=\"key_type-%s\" name=\"key_type\" value=\"%s\"", *t, *t);
                has(&b, s);
                snprintf(s, sizeof s, "activate.choice_%s", *t);
                has_sentence(&b, langs[l], s);
            }
            has_sentence(&b, langs[l], "activate.group_code");
            has_sentence(&b, langs[l], "activate.group_password");
            has_sentence(&b, langs[l], "activate.choice_password_desc");
            has_sentence(&b, langs[l], "activate.choice_email_desc");
            has(&b, "name=\"password\" type=\"password\" maxlength=\"512\" "
                    "autocomplete=\"new-password\"");
            has(&b, "name=\"password_repeat\" type=\"password\"");
            CHECK(!strstr(b.data, "onpaste") && !strstr(b.data, "value=\"" EVIL_ESC "\" type"));
            has(&b, "id=\"show-password-row\" hidden>");
            has(&b, "<script src=\"/activate.js\" defer></script>");
            has(&b, "id=\"activate-next\"");
            has_sentence(&b, langs[l], "activate.next");
            CHECK((strstr(b.data, SUPPORT_ESC) == NULL) == (variant == 1));
            CHECK((strstr(b.data, "id=\"activation_code-error\"") == NULL) == (variant != 1));
            CHECK((strstr(b.data, "checked") == NULL) == (variant != 2));
            if (variant == 0)
                has_sentence(&b, langs[l], "activate.username_generic");
            if (variant == 1) {
                has_sentence(&b, langs[l], "activate.code_wrong");
                has(&b, "name=\"username\" value=\"" EVIL_ESC "\" autocomplete=\"username\"");
            }
            if (variant == 2) {
                has(&b, "value=\"email\" checked");
                has(&b, "<p class=\"error\" id=\"password-error\" role=\"alert\">" EVIL_ESC);
                has_sentence(&b, langs[l], "activate.password_mismatch");
                has_sentence(&b, langs[l], "activate.choose_missing");
            }
            dk_buf_free(&b);
        }
}

/* The authenticator app's step: the explanation, a QR code we drew (an
 * SVG, no image URL), the key in groups of four, the code field for a
 * phone's keyboard; after a wrong code, only the field. */
static void test_activate_totp(void)
{
    const char *uri = "otpauth://totp/CSAM:a%40b.be?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                      "&issuer=CSAM&algorithm=SHA1&digits=6&period=30";
    for (int l = 0; l < 3; l++)
        for (int retry = 0; retry < 2; retry++) {
            dk_activate_totp_model m = {.lang = langs[l],
                                        .path = "/activate/abc",
                                        .csrf = EVIL,
                                        .support_url = SUPPORT,
                                        .otpauth_uri = retry ? NULL : uri,
                                        .secret = retry ? NULL : "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                                        .wrong = retry};
            dk_buf b = DK_BUF_INIT;
            check_page("activate_totp", langs[l], dk_page_render_activate_totp(&b, &m), &b);
            has(&b, "<form id=\"totp-form\" method=\"post\" action=\"/activate/abc/confirm?lang=");
            has(&b, "name=\"totp\" type=\"text\" inputmode=\"numeric\"");
            has(&b, "autocomplete=\"one-time-code\"");
            has_sentence(&b, langs[l], "activate.totp_no_phone");
            has(&b, "id=\"back-to-choice\" href=\"/activate/abc?lang=");
            has(&b, SUPPORT_ESC);
            CHECK((strstr(b.data, "<svg") == NULL) == retry);
            CHECK((strstr(b.data, "id=\"totp-error\"") == NULL) == !retry);
            if (!retry) {
                has_sentence(&b, langs[l], "activate.totp_what");
                has_sentence(&b, langs[l], "activate.totp_apps");
                has_sentence(&b, langs[l], "activate.totp_step_scan");
                has(&b, "<figure class=\"qr\" id=\"totp-qr\"><svg xmlns=");
                has(&b, "<code id=\"totp-secret\" data-secret=\"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\">"
                        "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>");
                CHECK(!strstr(b.data, "otpauth:")); /* the URI only inside the picture */
            } else {
                has_sentence(&b, langs[l], "activate.totp_wrong");
            }
            dk_buf_free(&b);
        }
    /* a URI no QR code can hold: no page */
    char big[1100];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    dk_activate_totp_model m = {
        .lang = "en", .path = "/activate/abc", .csrf = "c", .otpauth_uri = big, .secret = "ABCD"};
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_page_render_activate_totp(&b, &m), -1);
    dk_buf_free(&b);
}

static void test_activate_email(void)
{
    for (int l = 0; l < 3; l++)
        for (int wrong = 0; wrong < 2; wrong++) {
            dk_activate_email_model m = {.lang = langs[l],
                                         .path = "/activate/abc",
                                         .csrf = EVIL,
                                         .banner = {wrong ? NULL : "activate.email_resent", NULL},
                                         .minutes = 10,
                                         .wrong = wrong};
            dk_buf b = DK_BUF_INIT;
            check_page("activate_email", langs[l], dk_page_render_activate_email(&b, &m), &b);
            has(&b, "<form id=\"email-code-form\" method=\"post\" "
                    "action=\"/activate/abc/confirm?lang=");
            has(&b, "<form id=\"email-resend-form\" method=\"post\" "
                    "action=\"/activate/abc/email-code?lang=");
            has(&b, "name=\"email_code\" type=\"text\" inputmode=\"numeric\"");
            has(&b, "autocomplete=\"one-time-code\"");
            has_sentence(&b, langs[l], "keys.email_weaker");
            has_sentence(&b, langs[l], "activate.email_spam");
            dk_buf want = DK_BUF_INIT;
            DK_I18N_APPENDF(&want, langs[l], activate_email_sent, 10);
            dk_buf esc = DK_BUF_INIT;
            for (const char *p = want.data; *p; p++)
                dk_buf_puts(&esc, *p == '\'' ? "&#39;" : (char[2]){*p, 0});
            has(&b, esc.data);
            dk_buf_free(&esc);
            dk_buf_free(&want);
            CHECK((strstr(b.data, "id=\"email_code-error\"") == NULL) == !wrong);
            CHECK((strstr(b.data, "class=\"banner\"") == NULL) == wrong);
            CHECK(!strstr(b.data, "id=\"help-desk\"")); /* no help desk configured */
            dk_buf_free(&b);
        }
}

/* The passkey's step: the options in an attribute (escaped: a JSON value
 * cannot break out of it), the script, and what to do without JavaScript. */
static void test_activate_passkey(void)
{
    for (int l = 0; l < 3; l++) {
        dk_activate_passkey_model m = {.lang = langs[l],
                                       .path = "/activate/abc",
                                       .csrf = EVIL,
                                       .options = "{\"publicKey\":{\"challenge\":\"" EVIL "\"}}"};
        dk_buf b = DK_BUF_INIT;
        check_page("activate_passkey", langs[l], dk_page_render_activate_passkey(&b, &m), &b);
        has(&b, "data-options=\"{&quot;publicKey&quot;:{&quot;challenge&quot;:&quot;&lt;script&gt;"
                "&quot;&#39;&amp;x javascript:alert(1)&quot;}}\"");
        has(&b, "<form id=\"passkey-form\" method=\"post\" action=\"/activate/abc/confirm?lang=");
        has(&b, "name=\"passkey_id\"");
        has(&b, "name=\"passkey_client_data\"");
        has(&b, "name=\"passkey_attestation\"");
        has(&b, "id=\"passkey-create\" disabled>");
        has(&b, "<script src=\"/activate.js\" defer></script>");
        has_sentence(&b, langs[l], "keys.passkey_what");
        has_sentence(&b, langs[l], "activate.passkey_noscript");
        dk_buf_free(&b);
    }
}

/* After activation and after a sign-in: which key, which level, what the
 * level means; a type or level we do not know makes no page. */
static void test_key_results(void)
{
    static const char *const types[] = {"totp", "email", "password", "passkey"};
    static const char *const levels[] = {"substantial", "low_email_code", "low", "substantial"};
    for (int l = 0; l < 3; l++)
        for (int i = 0; i < 4; i++)
            for (int page = 0; page < 2; page++) {
                dk_key_result_model m = {.lang = langs[l],
                                         .path = page ? "/signin" : "/activate/abc",
                                         .key_type = types[i],
                                         .level = levels[i],
                                         .identifier = i == 1 ? EVIL : NULL};
                dk_buf b = DK_BUF_INIT;
                int rc =
                    page ? dk_page_render_signin_result(&b, &m) : dk_page_render_key_done(&b, &m);
                check_page(page ? "signin_result" : "key_done", langs[l], rc, &b);
                char s[96];
                snprintf(s, sizeof s, "data-key-type=\"%s\" data-level=\"%s\"", types[i],
                         levels[i]);
                has(&b, s);
                snprintf(s, sizeof s, "keys.type.%s", types[i]);
                has_sentence(&b, langs[l], s);
                snprintf(s, sizeof s, "keys.level.%s", levels[i]);
                has_sentence(&b, langs[l], s);
                snprintf(s, sizeof s, "keys.level_text.%s", levels[i]);
                has_sentence(&b, langs[l], s);
                has(&b, "href=\"/signin?lang=");
                has_sentence(&b, langs[l], page ? "signin.ok_lead" : "activate.done_lead");
                /* A passkey has no password to keep to oneself. */
                if (!page)
                    has_sentence(&b, langs[l],
                                 i == 3 ? "activate.done_next_passkey" : "activate.done_next");
                if (!strcmp(langs[l], "en"))
                    CHECK((strstr(b.data, "Keep your password") != NULL) == (!page && i != 3));
                CHECK((strstr(b.data, "id=\"key-username\">" EVIL_ESC "</dd>") == NULL) ==
                      (i != 1));
                dk_buf_free(&b);
            }
    const char *bad[][2] = {{EVIL, "low"}, {"totp", EVIL}, {NULL, "low"}, {"totp", NULL}};
    for (int i = 0; i < 4; i++) {
        dk_key_result_model m = {
            .lang = "fr", .path = "/signin", .key_type = bad[i][0], .level = bad[i][1]};
        dk_buf b = DK_BUF_INIT;
        CHECK_INT(dk_page_render_signin_result(&b, &m), -1);
        dk_buf_free(&b);
        b = (dk_buf)DK_BUF_INIT;
        CHECK_INT(dk_page_render_key_done(&b, &m), -1);
        dk_buf_free(&b);
    }
}

static void test_key_messages(void)
{
    static const char *const keys[][2] = {
        {"activate.gone_title", "activate.gone"},
        {"activate.locked_title", "activate.locked"},
        {"activate.invalid_title", "activate.invalid"},
        {"activate.failed_title", "activate.failed"},
        {"activate.no_choice_title", "activate.no_choice"},
        {"signin.locked_title", "signin.locked"},
        {"signin.failed_title", "signin.failed"},
        {"csrf_title", "csrf_failed"},
    };
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            for (int links = 0; links < 2; links++) {
                dk_key_message_model m = {.lang = langs[l],
                                          .path = "/activate/abc",
                                          .title_key = keys[i][0],
                                          .reason = EVIL,
                                          .support_url = links ? SUPPORT : NULL,
                                          .lead = {keys[i][1], NULL},
                                          .back_key = links ? "activate.retry" : NULL,
                                          .link_signin = links,
                                          .link_new = links};
                dk_buf b = DK_BUF_INIT;
                check_page(keys[i][1], langs[l], dk_page_render_key_message(&b, &m), &b);
                has_sentence(&b, langs[l], keys[i][0]);
                has_sentence(&b, langs[l], keys[i][1]);
                has(&b, "data-reason=\"" EVIL_ESC "\"");
                CHECK((strstr(b.data, "id=\"link-back\" href=\"/activate/abc?lang=") == NULL) ==
                      !links);
                CHECK((strstr(b.data, "id=\"link-signin\" href=\"/signin?lang=") == NULL) ==
                      !links);
                CHECK((strstr(b.data, "id=\"link-new\" href=\"/?lang=") == NULL) == !links);
                CHECK((strstr(b.data, SUPPORT_ESC) == NULL) == !links);
                dk_buf_free(&b);
            }
}

/* The sign-in check: the fields with the autocomplete a password manager
 * and a phone's code suggestion need, the passkey's hidden fields, and the
 * e-mail code's second step with its continuation. */
static void test_signin(void)
{
    for (int l = 0; l < 3; l++)
        for (int variant = 0; variant < 2; variant++) {
            dk_signin_model m = {.lang = langs[l],
                                 .csrf = EVIL,
                                 .support_url = SUPPORT,
                                 .banner = {variant ? "signin.wrong" : NULL, NULL},
                                 .identifier = variant ? EVIL : NULL};
            dk_buf b = DK_BUF_INIT;
            check_page("signin", langs[l], dk_page_render_signin(&b, &m), &b);
            has(&b, "<form id=\"signin-form\" method=\"post\" action=\"/signin?lang=");
            has(&b, "name=\"identifier\" type=\"email\" value=\"");
            has(&b, "autocomplete=\"username webauthn\"");
            has(&b, "name=\"password\" type=\"password\" maxlength=\"512\" "
                    "autocomplete=\"current-password\"");
            has(&b, "name=\"totp\" type=\"text\" inputmode=\"numeric\"");
            has(&b, "<form id=\"passkey-signin-form\" method=\"post\" action=\"/signin?lang=");
            has(&b, "name=\"passkey_authenticator_data\"");
            has(&b, "name=\"passkey_signature\"");
            has(&b, "name=\"passkey_user_handle\"");
            has(&b, "<script src=\"/signin.js\" defer></script>");
            has_sentence(&b, langs[l], "signin.code_hint");
            has_sentence(&b, langs[l], "signin.passkey_intro");
            has(&b, SUPPORT_ESC);
            if (variant) {
                has(&b, "value=\"" EVIL_ESC "\"");
                has_sentence(&b, langs[l], "signin.wrong");
            }
            dk_buf_free(&b);
            dk_signin_code_model c = {.lang = langs[l],
                                      .csrf = EVIL,
                                      .continuation = EVIL,
                                      .minutes = 10,
                                      .wrong = variant};
            b = (dk_buf)DK_BUF_INIT;
            check_page("signin_code", langs[l], dk_page_render_signin_code(&b, &c), &b);
            has(&b, "<form id=\"signin-code-form\" method=\"post\" action=\"/signin?lang=");
            has(&b, "name=\"continuation\" value=\"" EVIL_ESC "\"");
            has(&b, "name=\"email_code\" type=\"text\" inputmode=\"numeric\"");
            has_sentence(&b, langs[l], "signin.code_spam");
            CHECK((strstr(b.data, "id=\"email_code-error\"") == NULL) == !variant);
            dk_buf_free(&b);
        }
}

/* Every {{t:key}} of every page template names a key of the message
 * catalogue ({{t:@name}} takes its key from a model: the models' tests above
 * render those). A missing key would turn a page into a 500. */
static void test_template_keys_are_in_the_catalogue(void)
{
    int seen = 0;
    for (const dk_render_template *t = dk_page_templates; t->name; t++) {
        for (const char *p = strstr(t->text, "{{t:"); p; p = strstr(p + 4, "{{t:")) {
            const char *k = p + 4;
            if (*k == '@')
                continue;
            size_t n = strcspn(k, " }");
            char key[128];
            CHECK(n > 0 && n < sizeof key);
            if (n == 0 || n >= sizeof key)
                continue;
            memcpy(key, k, n);
            key[n] = '\0';
            if (!dk_i18n_has(key))
                fprintf(stderr, "  template %s: {{t:%s}} is not in the catalogue\n", t->name, key);
            CHECK(dk_i18n_has(key));
            seen++;
        }
    }
    CHECK(seen > 20);
}

int main(void)
{
    dk_app_rules_default(&rules);
    test_checker();
    test_form();
    test_success();
    test_messages();
    test_code_form();
    test_cancel_confirm();
    test_end_link();
    test_proposal();
    test_interview_parts();
    test_after_interview();
    test_activate();
    test_activate_totp();
    test_activate_email();
    test_activate_passkey();
    test_key_results();
    test_key_messages();
    test_signin();
    test_refused_value_is_a_500();
    test_template_keys_are_in_the_catalogue();
    DK_TEST_DONE();
}
