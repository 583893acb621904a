/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_render.c — the template engine of the pages and the e-mails (see
 * dk_render.h): expands {{tags}} against JSON values, each value escaped for
 * the place the HTML around it gives it (dk_render_html.c), sentences of the
 * catalogue through the caller's translate callback. */
#include "render/dk_render.h"

#include "belgium/dk_words.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_utf8.h"
#include "render/dk_render_html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 8    /* nested sections */
#define MAX_TAG 96     /* bytes inside {{ }} */
#define MAX_SCOPES 4   /* the caller's */
#define MAX_ARGS 8     /* format arguments of {{t:key …}} */
#define MAX_PARTIALS 8 /* partials inside partials */

typedef struct {
    const dk_render_opts *o;
    const json_t *stack[MAX_DEPTH + MAX_SCOPES];
    int depth; /* entries used in stack */
    int partials;
    dk_render_html_ctx html;
    char *err;
    size_t errlen;
} render_ctx;

static int fail(render_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(render_ctx *c, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        int n = snprintf(c->err, c->errlen, "template %s: ", c->o->where ? c->o->where : "?");
        if (n >= 0 && (size_t)n < c->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

/* A name's value: the first segment from the innermost context outwards,
 * then one object level per further segment. NULL when absent. */
static const json_t *lookup(const render_ctx *c, const char *name)
{
    if (strcmp(name, ".") == 0)
        return c->stack[c->depth - 1];
    char seg[MAX_TAG + 1];
    size_t n = strcspn(name, ".");
    memcpy(seg, name, n);
    seg[n] = '\0';
    const json_t *v = NULL;
    for (int i = c->depth - 1; i >= 0 && !v; i--)
        if (json_is_object(c->stack[i]))
            v = json_object_get(c->stack[i], seg);
    for (const char *p = name + n; v && *p == '.';) {
        p++;
        n = strcspn(p, ".");
        memcpy(seg, p, n);
        seg[n] = '\0';
        v = json_is_object(v) ? json_object_get(v, seg) : NULL;
        p += n;
    }
    return v;
}

static int truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return 1;
}

/* The bytes of a value as the output may hold them: control characters as
 * spaces when asked; in HTML a NUL and each byte that is not part of a
 * well-formed UTF-8 sequence as U+FFFD. */
static int clean_value(const render_ctx *c, dk_buf *clean, const char *s, size_t n)
{
    int html = c->o->mode == DK_RENDER_HTML;
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)s[i];
        size_t len = ch < 0x80                  ? 1
                     : ch >= 0xC2 && ch <= 0xDF ? 2
                     : ch >= 0xE0 && ch <= 0xEF ? 3
                     : ch >= 0xF0 && ch <= 0xF4 ? 4
                                                : 0;
        int rc;
        if (c->o->controls_to_spaces && (ch < 0x20 || ch == 0x7f))
            rc = dk_buf_append(clean, " ", 1);
        else if (html && (ch == 0 || len == 0 || i + len > n || !dk_utf8_valid(s + i, len)))
            rc = dk_buf_append(clean, "\xEF\xBF\xBD", 3), len = 1;
        else
            rc = dk_buf_append(clean, s + i, len ? len : 1);
        if (rc != 0)
            return -1;
        i += len ? len : 1;
    }
    return 0;
}

/* Appends a value, made clean and escaped for where it lands (raw: our own
 * fragment, as it is). */
static int emit_value(render_ctx *c, dk_buf *out, const char *s, size_t n, int raw)
{
    if (c->o->mode != DK_RENDER_HTML) {
        dk_buf clean = DK_BUF_INIT;
        int rc = clean_value(c, &clean, s, n);
        if (rc == 0)
            rc = dk_buf_append(out, clean.data ? clean.data : "", clean.len);
        dk_buf_free(&clean);
        return rc == 0 ? 0 : fail(c, "out of memory");
    }
    dk_buf clean = DK_BUF_INIT;
    const char *why = NULL;
    int rc = raw ? dk_buf_append(&clean, s, n) : clean_value(c, &clean, s, n);
    if (rc == 0)
        rc =
            dk_render_html_value(&c->html, out, clean.data ? clean.data : "", clean.len, raw, &why);
    dk_buf_free(&clean);
    if (rc == 0)
        return 0;
    return why ? fail(c, "%s (in <%s>%s%s)", why, c->html.tag,
                      c->html.attrlen ? ", attribute " : "", c->html.attrlen ? c->html.attr : "")
               : fail(c, "out of memory");
}

/* Appends the template's own text, following the markup. */
static int emit_literal(render_ctx *c, dk_buf *out, const char *s, size_t n)
{
    if (c->o->mode == DK_RENDER_HTML)
        dk_render_html_feed(&c->html, s, n);
    return dk_buf_append(out, s, n) == 0 ? 0 : fail(c, "out of memory");
}

/* ---- filters: a value through words of the render's language ---- */

/* A date written out in the render's language: "dinsdag 1 december 2026". */
static int append_longdate(render_ctx *c, dk_buf *out, dk_date d)
{
    return dk_words_date(out, c->o->lang, d) == 0 ? 0 : fail(c, "out of memory");
}

static int append_time(render_ctx *c, dk_buf *out, int minute_of_day)
{
    return dk_words_clock(out, c->o->lang, minute_of_day) == 0 ? 0 : fail(c, "out of memory");
}

/* An instant ("2026-12-08T09:30:00Z") as its Brussels local date and minute. */
static int brussels_of(render_ctx *c, const char *name, const char *s, dk_date *d, int *minute)
{
    int64_t ms;
    if (dk_iso8601_parse(s, &ms) != 0)
        return fail(c, "variable '%s' is not an ISO-8601 instant", name);
    dk_brussels_local(ms, d, minute);
    return 0;
}

/* longdate: a civil date "YYYY-MM-DD", or an instant's date in Brussels. */
static int filter_longdate(render_ctx *c, dk_buf *out, const char *name, const char *s)
{
    dk_date d;
    if (dk_date_parse(s, &d) != 0) {
        int64_t ms;
        if (dk_iso8601_parse(s, &ms) != 0)
            return fail(c, "variable '%s' is not a date (YYYY-MM-DD)", name);
        dk_brussels_local(ms, &d, NULL);
    }
    return append_longdate(c, out, d);
}

/* time: an instant's Brussels wall-clock time, "10:30" (French "10h30", "9h30"). */
static int filter_time(render_ctx *c, dk_buf *out, const char *name, const char *s)
{
    dk_date d;
    int minute;
    if (brussels_of(c, name, s, &d, &minute) != 0)
        return -1;
    return append_time(c, out, minute);
}

/* datetime: an instant in Brussels, "dinsdag 8 december 2026 om 10:30",
 * "mardi 8 décembre 2026 à 10h30", "Tuesday 8 December 2026 at 10:30". */
static int filter_datetime(render_ctx *c, dk_buf *out, const char *name, const char *s)
{
    dk_date d;
    int minute;
    if (brussels_of(c, name, s, &d, &minute) != 0 || append_longdate(c, out, d) != 0)
        return -1;
    if (dk_buf_appendf(out, " %s ", dk_words_at(c->o->lang)) != 0)
        return fail(c, "out of memory");
    return append_time(c, out, minute);
}

static int filter_url(render_ctx *c, dk_buf *out, const char *name, const char *s)
{
    if (strncasecmp(s, "https://", 8) != 0 && strncasecmp(s, "http://", 7) != 0)
        return fail(c, "variable '%s' is not an http(s) URL", name);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return fail(c, "variable '%s' is not an http(s) URL (whitespace or control character)",
                        name);
    return dk_buf_puts(out, s) == 0 ? 0 : fail(c, "out of memory");
}

/* A value's text: a string, or a number written out (num holds it). */
static const char *text_of(render_ctx *c, const char *name, const json_t *v, char num[32],
                           size_t *len)
{
    if (!v || json_is_null(v)) {
        fail(c, "variable '%s' is missing", name);
        return NULL;
    }
    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    if (json_is_integer(v))
        snprintf(num, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(num, 32, "%.15g", json_real_value(v));
    else {
        fail(c, "variable '%s' is not a text value", name);
        return NULL;
    }
    *len = strlen(num);
    return num;
}

/* {{name}}, {{name|filter}}, and raw {{&name}} */
static int render_var(render_ctx *c, dk_buf *out, char *tag, int raw)
{
    char *filter = strchr(tag, '|');
    if (filter)
        *filter++ = '\0';
    char num[32];
    size_t len = 0;
    const char *s = text_of(c, tag, lookup(c, tag), num, &len);
    if (!s)
        return -1;
    if (!filter)
        return emit_value(c, out, s, len, raw);
    if (raw)
        return fail(c, "a raw insertion takes no filter");
    dk_buf v = DK_BUF_INIT;
    int rc = strcmp(filter, "longdate") == 0   ? filter_longdate(c, &v, tag, s)
             : strcmp(filter, "datetime") == 0 ? filter_datetime(c, &v, tag, s)
             : strcmp(filter, "time") == 0     ? filter_time(c, &v, tag, s)
             : strcmp(filter, "url") == 0      ? filter_url(c, &v, tag, s)
                                               : fail(c, "unknown filter '%s'", filter);
    if (rc == 0)
        rc = emit_value(c, out, v.data ? v.data : "", v.len, 0);
    dk_buf_free(&v);
    return rc;
}

/* {{t:key arg…}} or {{t:@name arg…}}: a sentence of the catalogue. */
static int render_translation(render_ctx *c, dk_buf *out, char *spec)
{
    if (!c->o->translate)
        return fail(c, "{{t:%s}} without a catalogue", spec);
    char *words[MAX_ARGS + 1];
    int n = 0;
    for (char *w = strtok(spec, " "); w; w = strtok(NULL, " ")) {
        if (n == MAX_ARGS + 1)
            return fail(c, "more than %d format arguments", MAX_ARGS);
        words[n++] = w;
    }
    if (n == 0)
        return fail(c, "{{t:}} without a key");
    const char *key = words[0];
    if (key[0] == '@') {
        const json_t *k = lookup(c, key + 1);
        if (!json_is_string(k))
            return fail(c, "variable '%s' (a catalogue key) is not a string", key + 1);
        key = json_string_value(k);
    }
    char nums[MAX_ARGS][32];
    const char *args[MAX_ARGS];
    for (int i = 1; i < n; i++) {
        size_t len;
        if (!(args[i - 1] = text_of(c, words[i], lookup(c, words[i]), nums[i - 1], &len)))
            return -1;
    }
    dk_buf sentence = DK_BUF_INIT;
    int rc = c->o->translate(c->o->translate_cls, &sentence, c->o->lang, key, args, n - 1);
    if (rc != 0)
        rc = fail(c, "no sentence '%s' with %d argument(s) in '%s'", key, n - 1, c->o->lang);
    else
        rc = emit_value(c, out, sentence.data ? sentence.data : "", sentence.len, 0);
    dk_buf_free(&sentence);
    return rc;
}

/* Where the section opened just before p ends: *inner_end at its
 * "{{/name}}", *after just past it. Sections of the same name nest. */
static int find_close(const char *p, const char *end, const char *name, const char **inner_end,
                      const char **after)
{
    size_t nl = strlen(name);
    int level = 1;
    while (p < end) {
        const char *t = strstr(p, "{{");
        if (!t || t >= end)
            return -1;
        const char *close = strstr(t + 2, "}}");
        if (!close || close >= end)
            return -1;
        char kind = t[2];
        if ((kind == '#' || kind == '^' || kind == '?' || kind == '/') &&
            (size_t)(close - t - 3) == nl && memcmp(t + 3, name, nl) == 0) {
            level += kind == '/' ? -1 : 1;
            if (level == 0) {
                *inner_end = t;
                *after = close + 2;
                return 0;
            }
        }
        p = close + 2;
    }
    return -1;
}

static int render(render_ctx *c, const char *p, const char *end, dk_buf *out);

/* {{?name=value}} / {{^name=value}}: whether name is the string value. */
static int equals(const render_ctx *c, const char *name, const char *eq)
{
    char var[MAX_TAG + 1];
    size_t n = (size_t)(eq - name);
    memcpy(var, name, n);
    var[n] = '\0';
    const json_t *v = lookup(c, var);
    return json_is_string(v) && strcmp(json_string_value(v), eq + 1) == 0;
}

static int render_section(render_ctx *c, char kind, const char *name, const char *inner,
                          const char *inner_end, dk_buf *out)
{
    const char *eq = strchr(name, '=');
    if (eq) {
        int yes = equals(c, name, eq);
        return yes == (kind != '^') ? render(c, inner, inner_end, out) : 0;
    }
    const json_t *v = lookup(c, name);
    if (kind == '^')
        return truthy(v) ? 0 : render(c, inner, inner_end, out);
    if (!truthy(v))
        return 0;
    if (kind == '?')
        return render(c, inner, inner_end, out);
    if (c->depth >= MAX_DEPTH + MAX_SCOPES)
        return fail(c, "sections nested deeper than %d", MAX_DEPTH);
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            c->stack[c->depth++] = json_array_get(v, i);
            int rc = render(c, inner, inner_end, out);
            c->depth--;
            if (rc != 0)
                return -1;
        }
        return 0;
    }
    c->stack[c->depth++] = v;
    int rc = render(c, inner, inner_end, out);
    c->depth--;
    return rc;
}

/* {{>name}}: a partial, in the same place with the same values. */
static int render_partial(render_ctx *c, dk_buf *out, const char *name)
{
    const char *tpl = c->o->partials ? dk_render_find(c->o->partials, name) : NULL;
    if (!tpl)
        return fail(c, "no partial '%s'", name);
    if (c->partials >= MAX_PARTIALS)
        return fail(c, "partials nested deeper than %d", MAX_PARTIALS);
    c->partials++;
    int rc = render(c, tpl, tpl + strlen(tpl), out);
    c->partials--;
    return rc;
}

static int render(render_ctx *c, const char *p, const char *end, dk_buf *out)
{
    while (p < end) {
        const char *t = strstr(p, "{{");
        if (!t || t >= end)
            t = end;
        if (emit_literal(c, out, p, (size_t)(t - p)) != 0)
            return -1;
        if (t == end)
            return 0;
        int triple = t[2] == '{';
        const char *close = strstr(t + 2, triple ? "}}}" : "}}");
        if (!close || close >= end)
            return fail(c, "unterminated tag");
        p = close + (triple ? 3 : 2);
        if (t[2] == '!')
            continue; /* a comment */
        size_t n = (size_t)(close - t - 2);
        if (n == 0 || n > MAX_TAG)
            return fail(c, "empty or overlong tag");
        char tag[MAX_TAG + 1];
        memcpy(tag, t + 2, n);
        tag[n] = '\0';
        char kind = tag[0];
        if (kind == '#' || kind == '^' || kind == '?') {
            const char *inner_end, *after;
            if (find_close(p, end, tag + 1, &inner_end, &after) != 0)
                return fail(c, "{{%s}} has no {{/%s}}", tag, tag + 1);
            if (render_section(c, kind, tag + 1, p, inner_end, out) != 0)
                return -1;
            p = after;
        } else if (kind == '/') {
            return fail(c, "{{%s}} closes nothing", tag);
        } else if (kind == '>') {
            if (render_partial(c, out, tag + 1) != 0)
                return -1;
        } else if (kind == '{' || kind == '&') {
            if (render_var(c, out, tag + 1, 1) != 0)
                return -1;
        } else if (strncmp(tag, "t:", 2) == 0) {
            if (render_translation(c, out, tag + 2) != 0)
                return -1;
        } else if (render_var(c, out, tag, 0) != 0) {
            return -1;
        }
    }
    return 0;
}

int dk_render(const char *tpl, const json_t *const *scopes, int nscopes, const dk_render_opts *o,
              dk_buf *out, char *err, size_t errlen)
{
    render_ctx c = {.o = o, .err = err, .errlen = errlen};
    if (nscopes < 1 || nscopes > MAX_SCOPES)
        return fail(&c, "between 1 and %d scopes", MAX_SCOPES);
    for (int i = 0; i < nscopes; i++)
        c.stack[c.depth++] = scopes[i];
    if (render(&c, tpl, tpl + strlen(tpl), out) != 0)
        return -1;
    if (o->mode == DK_RENDER_HTML && !dk_render_html_can_end(&c.html))
        return fail(&c, "ends inside a tag, a comment or <script>/<style>");
    return 0;
}

const char *dk_render_find(const dk_render_template *table, const char *name)
{
    for (const dk_render_template *t = table; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t->text;
    return NULL;
}

int dk_render_format(dk_buf *out, const char *fmt, const char *const *args, int nargs)
{
    int used = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct)
            return dk_buf_puts(out, p) == 0 && used == nargs ? 0 : -1;
        if (dk_buf_append(out, p, (size_t)(pct - p)) != 0)
            return -1;
        const char *q = pct + 1;
        if (*q == '%') {
            if (dk_buf_append(out, "%", 1) != 0)
                return -1;
            p = q + 1;
            continue;
        }
        while (*q == 'l' || *q == 'z')
            q++;
        if (!strchr("sdiu", *q) || *q == '\0' || (*q == 's' && q != pct + 1) || used == nargs)
            return -1;
        if (dk_buf_puts(out, args[used++]) != 0)
            return -1;
        p = q + 1;
    }
    return used == nargs ? 0 : -1;
}
