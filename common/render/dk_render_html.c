/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_render_html.c — the engine's idea of where in the markup it writes (a
 * simplified HTML tokenizer over the template's literal text: our templates
 * are well-formed, so it need not recover from what browsers tolerate), and
 * the escaping of a value for that place. Values never move the place: once
 * escaped they hold no quote or "<" that could end it. */
#include "render/dk_render_html.h"

#include "core/dk_html.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void put_lower(char *dst, size_t cap, size_t *len, char c)
{
    if (*len + 1 < cap)
        dst[(*len)++] = (char)tolower((unsigned char)c);
    dst[*len] = '\0';
}

/* The end of a start or end tag: script and style hold raw text. */
static void tag_end(dk_render_html_ctx *c)
{
    if (!c->end_tag && (!strcmp(c->tag, "script") || !strcmp(c->tag, "style"))) {
        strcpy(c->raw_end, c->tag);
        c->raw_match = 0;
        c->st = DK_RENDER_HTML_RAWTEXT;
    } else {
        c->st = DK_RENDER_HTML_TEXT;
    }
}

static void attr_start(dk_render_html_ctx *c, char ch)
{
    c->attrlen = 0;
    c->attr[0] = '\0';
    put_lower(c->attr, sizeof c->attr, &c->attrlen, ch);
    c->st = DK_RENDER_HTML_ATTR_NAME;
}

/* RAWTEXT ends at "</script" or "</style" (any case). */
static void raw_step(dk_render_html_ctx *c, char ch)
{
    size_t want = 2 + strlen(c->raw_end);
    char exp = c->raw_match == 0 ? '<' : c->raw_match == 1 ? '/' : c->raw_end[c->raw_match - 2];
    if (tolower((unsigned char)ch) == exp) {
        if (++c->raw_match == want) {
            strcpy(c->tag, c->raw_end);
            c->taglen = strlen(c->tag);
            c->end_tag = 1;
            c->st = DK_RENDER_HTML_TAG_OPEN;
        }
    } else {
        c->raw_match = ch == '<' ? 1 : 0;
    }
}

static void step(dk_render_html_ctx *c, char ch)
{
    switch (c->st) {
    case DK_RENDER_HTML_TEXT:
        if (ch == '<') {
            c->st = DK_RENDER_HTML_TAG_OPEN;
            c->taglen = 0;
            c->tag[0] = '\0';
            c->end_tag = 0;
        }
        break;
    case DK_RENDER_HTML_RAWTEXT:
        raw_step(c, ch);
        break;
    case DK_RENDER_HTML_TAG_OPEN:
        if (c->taglen == 0 && !c->end_tag && ch == '/')
            c->end_tag = 1;
        else if (c->taglen == 0 && !c->end_tag && ch == '!') {
            c->st = DK_RENDER_HTML_DECL;
            c->decl = 0;
        } else if (isalnum((unsigned char)ch) || (c->taglen > 0 && (ch == '-' || ch == ':')))
            put_lower(c->tag, sizeof c->tag, &c->taglen, ch);
        else if (c->taglen == 0) /* "a < b": a literal "<" in text */
            c->st = DK_RENDER_HTML_TEXT;
        else if (ch == '>')
            tag_end(c);
        else
            c->st = DK_RENDER_HTML_TAG;
        break;
    case DK_RENDER_HTML_TAG:
        if (ch == '>')
            tag_end(c);
        else if (!is_space(ch) && ch != '/')
            attr_start(c, ch);
        break;
    case DK_RENDER_HTML_ATTR_NAME:
        if (ch == '=')
            c->st = DK_RENDER_HTML_BEFORE_VALUE;
        else if (ch == '>')
            tag_end(c);
        else if (is_space(ch))
            c->st = DK_RENDER_HTML_AFTER_NAME;
        else if (ch == '/')
            c->st = DK_RENDER_HTML_TAG;
        else
            put_lower(c->attr, sizeof c->attr, &c->attrlen, ch);
        break;
    case DK_RENDER_HTML_AFTER_NAME:
        if (ch == '=')
            c->st = DK_RENDER_HTML_BEFORE_VALUE;
        else if (ch == '>')
            tag_end(c);
        else if (ch == '/')
            c->st = DK_RENDER_HTML_TAG;
        else if (!is_space(ch))
            attr_start(c, ch);
        break;
    case DK_RENDER_HTML_BEFORE_VALUE:
        c->vallen = 0;
        if (ch == '"')
            c->st = DK_RENDER_HTML_DQ;
        else if (ch == '\'')
            c->st = DK_RENDER_HTML_SQ;
        else if (ch == '>')
            tag_end(c);
        else if (!is_space(ch)) {
            c->st = DK_RENDER_HTML_UNQUOTED;
            c->vallen = 1;
        }
        break;
    case DK_RENDER_HTML_DQ:
    case DK_RENDER_HTML_SQ:
        if (ch == (c->st == DK_RENDER_HTML_DQ ? '"' : '\''))
            c->st = DK_RENDER_HTML_TAG;
        else
            c->vallen++;
        break;
    case DK_RENDER_HTML_UNQUOTED:
        if (is_space(ch))
            c->st = DK_RENDER_HTML_TAG;
        else if (ch == '>')
            tag_end(c);
        break;
    case DK_RENDER_HTML_DECL:
        c->decl++;
        if (ch == '-' && c->decl <= 2) {
            if (c->decl == 2) {
                c->st = DK_RENDER_HTML_COMMENT;
                c->dashes = 0;
            }
        } else if (ch == '>') {
            c->st = DK_RENDER_HTML_TEXT;
        } else {
            c->decl = 3; /* not a comment */
        }
        break;
    case DK_RENDER_HTML_COMMENT:
        if (ch == '>' && c->dashes >= 2)
            c->st = DK_RENDER_HTML_TEXT;
        c->dashes = ch == '-' ? c->dashes + 1 : 0;
        break;
    }
}

void dk_render_html_feed(dk_render_html_ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        step(c, s[i]);
}

int dk_render_html_can_end(const dk_render_html_ctx *c)
{
    return c->st == DK_RENDER_HTML_TEXT;
}

/* Attributes whose value is a URL (HTML's list, the ones a page may use). */
static int url_attribute(const char *a)
{
    static const char *const names[] = {"href",     "src",        "action",     "formaction",
                                        "cite",     "poster",     "background", "data",
                                        "longdesc", "usemap",     "manifest",   "icon",
                                        "codebase", "xlink:href", NULL};
    for (const char *const *n = names; *n; n++)
        if (!strcmp(a, *n))
            return 1;
    return 0;
}

/* Attributes no escaping makes safe: script (on…), CSS, a whole document. */
static int unsafe_attribute(const char *a)
{
    return !strncmp(a, "on", 2) || !strcmp(a, "style") || !strcmp(a, "srcdoc");
}

/* A URL's scheme, when it has one, is http, https or mailto: "javascript:",
 * "data:" and the rest are refused. Letters before the first ":" that
 * comes before any "/", "?" or "#" are a scheme (browsers ignore tabs and
 * newlines inside it, and leading blanks: those count as letters here and
 * so make an unknown scheme). */
static int url_scheme_allowed(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
        i++;
    if (i == n || s[i] != ':')
        return 1; /* relative: no scheme */
    return (i == 4 && !strncasecmp(s, "http", 4)) || (i == 5 && !strncasecmp(s, "https", 5)) ||
           (i == 6 && !strncasecmp(s, "mailto", 6));
}

static int hex_append(dk_buf *b, unsigned char ch)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
    return dk_buf_append(b, e, 3);
}

/* A whole URL: what a URL cannot hold percent-encoded, the rest as is. */
static int url_whole(dk_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int bad = ch <= 0x20 || ch >= 0x7f || strchr("\"'<>\\^`{|}", ch);
        if (bad ? hex_append(b, ch) != 0 : dk_buf_append(b, s + i, 1) != 0)
            return -1;
    }
    return 0;
}

/* A part of a URL (a query value): only unreserved bytes as they are. */
static int url_component(dk_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int keep = isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~';
        if (keep ? dk_buf_append(b, s + i, 1) != 0 : hex_append(b, ch) != 0)
            return -1;
    }
    return 0;
}

static const char *refusal(const dk_render_html_ctx *c)
{
    switch (c->st) {
    case DK_RENDER_HTML_RAWTEXT:
        return "a value inside <script> or <style>";
    case DK_RENDER_HTML_TAG_OPEN:
        return "a value in a tag name";
    case DK_RENDER_HTML_TAG:
    case DK_RENDER_HTML_ATTR_NAME:
    case DK_RENDER_HTML_AFTER_NAME:
        return "a value in an attribute name";
    case DK_RENDER_HTML_BEFORE_VALUE:
    case DK_RENDER_HTML_UNQUOTED:
        return "a value in an unquoted attribute";
    case DK_RENDER_HTML_DECL:
    case DK_RENDER_HTML_COMMENT:
        return "a value in a comment or <!...>";
    default:
        return "a value where none can be escaped";
    }
}

int dk_render_html_value(dk_render_html_ctx *c, dk_buf *out, const char *s, size_t n, int raw,
                         const char **why)
{
    *why = NULL;
    if (raw) {
        if (c->st != DK_RENDER_HTML_TEXT) {
            *why = "a raw insertion outside element text";
            return -1;
        }
        return dk_buf_append(out, s, n);
    }
    if (c->st == DK_RENDER_HTML_TEXT)
        return dk_html_escape_append(out, s, n);
    if (c->st != DK_RENDER_HTML_DQ && c->st != DK_RENDER_HTML_SQ) {
        *why = refusal(c);
        return -1;
    }
    if (unsafe_attribute(c->attr)) {
        *why = "a value in an event-handler, style or srcdoc attribute";
        return -1;
    }
    if (!url_attribute(c->attr)) {
        c->vallen += n;
        return dk_html_escape_append(out, s, n);
    }
    if (c->vallen == 0 && !url_scheme_allowed(s, n)) {
        *why = "a URL whose scheme is not http, https or mailto";
        return -1;
    }
    dk_buf enc = DK_BUF_INIT;
    int rc = c->vallen == 0 ? url_whole(&enc, s, n) : url_component(&enc, s, n);
    if (rc == 0)
        rc = dk_html_escape_append(out, enc.data ? enc.data : "", enc.len);
    c->vallen += n;
    dk_buf_free(&enc);
    return rc;
}
