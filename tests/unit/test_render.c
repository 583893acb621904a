/* SPDX-License-Identifier: EUPL-1.2 */
/* test_render.c — the template engine of common/render: each place a value
 * can land in HTML gets its escaping (text, quoted attribute, URL at the
 * start of an attribute and inside it), each place where no escaping is
 * safe is refused with an error, raw insertions only in text, sentences of
 * the catalogue through the translate callback, partials, and the text
 * mode the e-mails' subjects and plain text use. */
#include "dk_test.h"
#include "render/dk_render.h"

#include <stdlib.h>
#include <string.h>

#define HOSTILE "<script>\"'&"

/* A two-sentence catalogue: "hello" and "hi %s, %d left". */
static int translate(void *cls, dk_buf *out, const char *lang, const char *key,
                     const char *const *args, int nargs)
{
    (*(int *)cls)++;
    const char *fmt = !strcmp(key, "hello")
                          ? (!strcmp(lang, "fr") ? "bonjour l'ami" : "hello & <welcome>")
                      : !strcmp(key, "args") ? "hi %s, %d left"
                                             : NULL;
    return fmt ? dk_render_format(out, fmt, args, nargs) : -1;
}

static const dk_render_template partials[] = {
    {"item", "<li class=\"{{cls}}\">{{name}}</li>"},
    {"loop", "{{>loop}}"},
    {NULL, NULL},
};

static int calls;

/* Renders tpl in HTML (or text) against the JSON vars; NULL on error (err). */
static char *render(dk_render_mode mode, const char *tpl, const char *vars_json, char *err,
                    size_t errlen)
{
    json_t *vars = json_loads(vars_json, JSON_ALLOW_NUL, NULL);
    dk_render_opts o = {.mode = mode,
                        .lang = "en",
                        .where = "test",
                        .translate = translate,
                        .translate_cls = &calls,
                        .partials = partials};
    const json_t *scopes[] = {vars};
    dk_buf out = DK_BUF_INIT;
    err[0] = '\0';
    int rc = dk_render(tpl, scopes, 1, &o, &out, err, errlen);
    json_decref(vars);
    if (rc != 0) {
        dk_buf_free(&out);
        return NULL;
    }
    return dk_buf_steal(&out);
}

static void ok(const char *tpl, const char *vars, const char *want)
{
    char err[256];
    char *got = render(DK_RENDER_HTML, tpl, vars, err, sizeof err);
    CHECK_STR(got, want);
    if (!got)
        fprintf(stderr, "  %s: %s\n", tpl, err);
    free(got);
}

static void refused(const char *tpl, const char *vars, const char *why)
{
    char err[256];
    char *got = render(DK_RENDER_HTML, tpl, vars, err, sizeof err);
    CHECK(got == NULL);
    CHECK(strstr(err, why) != NULL);
    if (got || !strstr(err, why))
        fprintf(stderr, "  %s: got \"%s\", error \"%s\", want \"%s\"\n", tpl, got ? got : "", err,
                why);
    free(got);
}

static void test_text_and_attributes(void)
{
    const char *v = "{\"x\": \""
                    "<script>\\\"'&"
                    "\"}";
    ok("<p>{{x}}</p>", v, "<p>&lt;script&gt;&quot;&#39;&amp;</p>");
    ok("<title>{{x}}</title>", v, "<title>&lt;script&gt;&quot;&#39;&amp;</title>");
    ok("<textarea>{{x}}</textarea>", v, "<textarea>&lt;script&gt;&quot;&#39;&amp;</textarea>");
    ok("<input value=\"{{x}}\">", v, "<input value=\"&lt;script&gt;&quot;&#39;&amp;\">");
    ok("<input value='{{x}}'>", v, "<input value='&lt;script&gt;&quot;&#39;&amp;'>");
    ok("<p class=\"a {{x}} b\" id=\"c\">{{x}}</p>", v,
       "<p class=\"a &lt;script&gt;&quot;&#39;&amp; b\" "
       "id=\"c\">&lt;script&gt;&quot;&#39;&amp;</p>");
    /* a "<" that opens no tag leaves the text as text */
    ok("<p>a < b {{x}}</p>", "{\"x\": \"<\"}", "<p>a < b &lt;</p>");
    /* numbers, dotted names, lists */
    ok("<p>{{n}} {{o.k}}{{#l}}[{{.}}]{{/l}}</p>",
       "{\"n\": 7, \"o\": {\"k\": \"v\"}, \"l\": [\"a\", \"<\"]}", "<p>7 v[a][&lt;]</p>");
    /* bytes that are not UTF-8, and NUL, become U+FFFD */
    ok("<p>{{x}}</p>", "{\"x\": \"a\\u0000b\"}",
       "<p>a\xEF\xBF\xBD"
       "b</p>");
    /* sections inside a tag keep the place */
    ok("<input{{?r}} required{{/r}} value=\"{{x}}\">", "{\"r\": true, \"x\": \"'\"}",
       "<input required value=\"&#39;\">");
}

static void test_not_utf8(void)
{
    json_t *vars = json_pack("{s:o}", "x", json_stringn_nocheck("a\xff\xc3(b\xc3\xa9", 7));
    dk_render_opts o = {.mode = DK_RENDER_HTML, .lang = "en", .where = "t"};
    const json_t *scopes[] = {vars};
    dk_buf out = DK_BUF_INIT;
    char err[256];
    CHECK_INT(dk_render("<p>{{x}}</p>", scopes, 1, &o, &out, err, sizeof err), 0);
    CHECK_STR(out.data, "<p>a\xEF\xBF\xBD\xEF\xBF\xBD(b\xC3\xA9</p>");
    dk_buf_free(&out);
    json_decref(vars);
}

static void test_urls(void)
{
    ok("<a href=\"{{u}}\">", "{\"u\": \"https://example.be/a?b=1&c=2\"}",
       "<a href=\"https://example.be/a?b=1&amp;c=2\">");
    ok("<a href=\"{{u}}\">", "{\"u\": \"/proposal/abc\"}", "<a href=\"/proposal/abc\">");
    ok("<a href=\"{{u}}\">", "{\"u\": \"mailto:a@b.be\"}", "<a href=\"mailto:a@b.be\">");
    ok("<form action=\"{{u}}\"></form>", "{\"u\": \"/x y\\\"<z>\"}",
       "<form action=\"/x%20y%22%3Cz%3E\"></form>");
    /* later in the value: a query parameter, encoded whole */
    ok("<a href=\"/?lang={{l}}&amp;q={{q}}\">", "{\"l\": \"nl\", \"q\": \"a&b=c/d \\\"\"}",
       "<a href=\"/?lang=nl&amp;q=a%26b%3Dc%2Fd%20%22\">");
    ok("<img src='{{u}}'>", "{\"u\": \"https://x.be/i.png\"}", "<img src='https://x.be/i.png'>");
    refused("<a href=\"{{u}}\">", "{\"u\": \"javascript:alert(1)\"}", "scheme");
    refused("<a href=\"{{u}}\">", "{\"u\": \"JavaScript:alert(1)\"}", "scheme");
    refused("<a href=\"{{u}}\">", "{\"u\": \" javascript:alert(1)\"}", "scheme");
    refused("<a href=\"{{u}}\">", "{\"u\": \"java\\tscript:alert(1)\"}", "scheme");
    refused("<a href=\"{{u}}\">", "{\"u\": \"data:text/html,x\"}", "scheme");
    refused("<iframe src=\"{{u}}\"></iframe>", "{\"u\": \"vbscript:x\"}", "scheme");
    /* the url filter: absolute http(s) only */
    char err[256];
    CHECK(render(DK_RENDER_HTML, "<a href=\"{{u|url}}\">", "{\"u\": \"/rel\"}", err, sizeof err) ==
          NULL);
    CHECK(strstr(err, "not an http(s) URL") != NULL);
}

static void test_refusals(void)
{
    const char *v = "{\"x\": \"a\"}";
    refused("<input value={{x}}>", v, "unquoted attribute");
    refused("<input value= {{x}} >", v, "unquoted attribute");
    refused("<input value=a{{x}}>", v, "unquoted attribute");
    refused("<{{x}}>", v, "tag name");
    refused("<p{{x}}>", v, "tag name");
    refused("</{{x}}>", v, "tag name");
    refused("<p {{x}}=\"1\">", v, "attribute name");
    refused("<p data-{{x}}=\"1\">", v, "attribute name");
    refused("<p class {{x}}>", v, "attribute name");
    refused("<script>var a = \"{{x}}\";</script>", v, "<script> or <style>");
    refused("<SCRIPT type=\"module\">{{x}}</SCRIPT>", v, "<script> or <style>");
    refused("<style>p{color:{{x}}}</style>", v, "<script> or <style>");
    refused("<!-- {{x}} -->", v, "comment");
    refused("<!doctype {{x}}>", v, "comment");
    refused("<p onclick=\"{{x}}\">", v, "event-handler");
    refused("<p style=\"color:{{x}}\">", v, "event-handler, style");
}

static void test_after_raw_text(void)
{
    /* after </script> and after a comment the text is text again */
    ok("<script>if (a<b) x();</script><p>{{x}}</p>", "{\"x\": \"<\"}",
       "<script>if (a<b) x();</script><p>&lt;</p>");
    ok("<!-- a -- b --><p>{{x}}</p>", "{\"x\": \"&\"}", "<!-- a -- b --><p>&amp;</p>");
    ok("<!doctype html>\n<p>{{x}}</p>", "{\"x\": \"&\"}", "<!doctype html>\n<p>&amp;</p>");
}

static void test_raw(void)
{
    ok("<div>{{&f}}{{{f}}}</div>", "{\"f\": \"<b>ours</b>\"}", "<div><b>ours</b><b>ours</b></div>");
    refused("<p title=\"{{&f}}\">", "{\"f\": \"<b>\"}", "raw insertion outside element text");
    refused("<p title=\"{{{f}}}\">", "{\"f\": \"<b>\"}", "raw insertion outside element text");
}

static void test_translations(void)
{
    int before = calls;
    ok("<p title=\"{{t:hello}}\">{{t:hello}}</p>", "{}",
       "<p title=\"hello &amp; &lt;welcome&gt;\">hello &amp; &lt;welcome&gt;</p>");
    CHECK_INT(calls - before, 2);
    ok("<p>{{t:args who n}}</p>", "{\"who\": \"<Ann>\", \"n\": 3}",
       "<p>hi &lt;Ann&gt;, 3 left</p>");
    ok("<p>{{t:@k}}</p>", "{\"k\": \"hello\"}", "<p>hello &amp; &lt;welcome&gt;</p>");
    refused("<p>{{t:nope}}</p>", "{}", "no sentence 'nope'");
    refused("<p>{{t:args who}}</p>", "{\"who\": \"a\"}", "no sentence 'args' with 1 argument");
    refused("<p>{{t:args who n}}</p>", "{\"who\": \"a\"}", "variable 'n' is missing");
    refused("<p>{{t:@k}}</p>", "{\"k\": 3}", "is not a string");
    refused("<script>{{t:hello}}</script>", "{}", "<script> or <style>");
}

static void test_format(void)
{
    dk_buf b = DK_BUF_INIT;
    const char *args[] = {"a", "12", "b"};
    CHECK_INT(dk_render_format(&b, "%s-%ld-%s 100%%", args, 3), 0);
    CHECK_STR(b.data, "a-12-b 100%");
    dk_buf_reset(&b);
    CHECK_INT(dk_render_format(&b, "%s %s", args, 1), -1); /* too few */
    dk_buf_reset(&b);
    CHECK_INT(dk_render_format(&b, "%s", args, 2), -1); /* too many */
    dk_buf_reset(&b);
    CHECK_INT(dk_render_format(&b, "%x", args, 1), -1); /* another kind */
    dk_buf_free(&b);
}

static void test_partials_and_structure(void)
{
    ok("<ul>{{#l}}{{>item}}{{/l}}</ul>", "{\"l\": [{\"cls\": \"a\\\"\", \"name\": \"<1>\"}]}",
       "<ul><li class=\"a&quot;\">&lt;1&gt;</li></ul>");
    ok("<p>{{! a comment, {with braces} }}x</p>", "{}", "<p>x</p>");
    refused("{{>nope}}", "{}", "no partial 'nope'");
    refused("{{>loop}}", "{}", "partials nested deeper");
    refused("<p class=\"{{x}}", "{\"x\": \"a\"}", "ends inside a tag");
    refused("<p", "{}", "ends inside a tag");
    refused("<!-- x", "{}", "ends inside a tag, a comment");
    refused("<p>{{x}}</p>", "{}", "variable 'x' is missing");
    refused("<p>{{x}}</p>", "{\"x\": [1]}", "is not a text value");
    refused("{{#a}}x", "{\"a\": 1}", "has no {{/a}}");
    refused("x{{/a}}", "{}", "closes nothing");
    refused("{{x", "{}", "unterminated tag");
}

static void test_text_mode(void)
{
    char err[256];
    char *got = render(DK_RENDER_TEXT, "Hi {{x}} <{{x}}>, {{t:hello}}", "{\"x\": \"<'&\\\"\"}", err,
                       sizeof err);
    CHECK_STR(got, "Hi <'&\" <<'&\">, hello & <welcome>");
    free(got);
    json_t *vars = json_pack("{s:s}", "x", "a\r\nBcc: b");
    dk_render_opts o = {
        .mode = DK_RENDER_TEXT, .lang = "en", .where = "t", .controls_to_spaces = 1};
    const json_t *scopes[] = {vars};
    dk_buf out = DK_BUF_INIT;
    CHECK_INT(dk_render("S: {{x}}", scopes, 1, &o, &out, err, sizeof err), 0);
    CHECK_STR(out.data, "S: a  Bcc: b");
    dk_buf_free(&out);
    json_decref(vars);
}

int main(void)
{
    test_text_and_attributes();
    test_not_utf8();
    test_urls();
    test_refusals();
    test_after_raw_text();
    test_raw();
    test_translations();
    test_format();
    test_partials_and_structure();
    test_text_mode();
    DK_TEST_DONE();
}
