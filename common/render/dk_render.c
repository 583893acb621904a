/* dk_mail_templates.c — the template engine behind the applicant e-mails:
 * finds the row for a name and language, expands {{tags}} against the JSON
 * variables (escaping for HTML) and wraps the HTML in the shared layout. */
#include "dk_mail_templates.h"

#include "dk_buf.h"
#include "dk_calendar.h"
#include "dk_clock.h"
#include "dk_html.h"
#include "dk_words.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 8     /* nested sections */
#define MAX_TAG 64      /* bytes inside {{ }} */

/* ---- the HTML frame ----------------------------------------------------- */

static const char layout_open[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"{{lang}}\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{{subject}}</title>\n"
    "</head>\n"
    "<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n"
    "<div role=\"article\" aria-label=\"{{subject}}\" lang=\"{{lang}}\" style=\"max-width:600px;margin:0 auto;"
    "padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;"
    "line-height:1.5;color:#1f2937;\">\n";

static const char layout_close[] = "</div>\n</body>\n</html>\n";

/* ---- rendering ---------------------------------------------------------- */

typedef struct {
    const char *lang;
    int html;                      /* escape values for HTML */
    const json_t *stack[MAX_DEPTH + 2];
    int depth;                     /* entries used in stack */
    const char *where;             /* "request_received/nl subject" */
    char *err;
    size_t errlen;
} render_ctx;

static int fail(render_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(render_ctx *c, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        int n = snprintf(c->err, c->errlen, "mail template %s: ", c->where);
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

/* Appends a value: control characters become spaces, HTML is escaped. */
static int emit(render_ctx *c, dk_buf *out, const char *s, size_t n)
{
    dk_buf clean = DK_BUF_INIT;
    int rc = dk_buf_append(&clean, s, n);
    for (size_t i = 0; rc == 0 && i < clean.len; i++)
        if ((unsigned char)clean.data[i] < 0x20 || clean.data[i] == 0x7f)
            clean.data[i] = ' ';
    if (rc == 0)
        rc = c->html ? dk_html_escape_append(out, clean.data, clean.len) : dk_buf_append(out, clean.data, clean.len);
    dk_buf_free(&clean);
    return rc == 0 ? 0 : fail(c, "out of memory");
}

/* A date written out in the template's language: "dinsdag 1 december 2026". */
static int append_longdate(render_ctx *c, dk_buf *out, dk_date d)
{
    if (dk_words_date(out, c->lang, d) != 0)
        return fail(c, "out of memory");
    return 0;
}

static int append_time(render_ctx *c, dk_buf *out, int minute_of_day)
{
    if (dk_words_clock(out, c->lang, minute_of_day) != 0)
        return fail(c, "out of memory");
    return 0;
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
    if (dk_buf_appendf(out, " %s ", dk_words_at(c->lang)) != 0)
        return fail(c, "out of memory");
    return append_time(c, out, minute);
}

static int filter_url(render_ctx *c, dk_buf *out, const char *name, const char *s)
{
    if (strncasecmp(s, "https://", 8) != 0 && strncasecmp(s, "http://", 7) != 0)
        return fail(c, "variable '%s' is not an http(s) URL", name);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return fail(c, "variable '%s' is not an http(s) URL (whitespace or control character)", name);
    return emit(c, out, s, strlen(s));
}

/* {{name}} or {{name|filter}} */
static int render_var(render_ctx *c, dk_buf *out, char *tag)
{
    char *filter = strchr(tag, '|');
    if (filter)
        *filter++ = '\0';
    const json_t *v = lookup(c, tag);
    if (!v || json_is_null(v))
        return fail(c, "variable '%s' is missing", tag);
    char num[32];
    const char *s;
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        s = num;
    } else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.15g", json_real_value(v));
        s = num;
    } else {
        return fail(c, "variable '%s' is not a text value", tag);
    }
    if (!filter)
        return emit(c, out, s, json_is_string(v) ? json_string_length(v) : strlen(s));
    if (strcmp(filter, "longdate") == 0)
        return filter_longdate(c, out, tag, s);
    if (strcmp(filter, "datetime") == 0)
        return filter_datetime(c, out, tag, s);
    if (strcmp(filter, "time") == 0)
        return filter_time(c, out, tag, s);
    if (strcmp(filter, "url") == 0)
        return filter_url(c, out, tag, s);
    return fail(c, "unknown filter '%s'", filter);
}

/* Where the section opened just before p ends: *inner_end at its
 * "{{/name}}", *after just past it. Sections of the same name nest. */
static int find_close(const char *p, const char *end, const char *name, const char **inner_end, const char **after)
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
        if ((kind == '#' || kind == '^' || kind == '?' || kind == '/') && (size_t)(close - t - 3) == nl &&
            memcmp(t + 3, name, nl) == 0) {
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

static int render_section(render_ctx *c, char kind, const char *name, const char *inner, const char *inner_end,
                          dk_buf *out)
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
    if (c->depth >= MAX_DEPTH + 2)
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

static int render(render_ctx *c, const char *p, const char *end, dk_buf *out)
{
    while (p < end) {
        const char *t = strstr(p, "{{");
        if (!t || t >= end)
            t = end;
        if (dk_buf_append(out, p, (size_t)(t - p)) != 0)
            return fail(c, "out of memory");
        if (t == end)
            return 0;
        const char *close = strstr(t + 2, "}}");
        if (!close || close >= end)
            return fail(c, "unterminated tag");
        size_t n = (size_t)(close - t - 2);
        if (n == 0 || n > MAX_TAG)
            return fail(c, "empty or overlong tag");
        char tag[MAX_TAG + 1];
        memcpy(tag, t + 2, n);
        tag[n] = '\0';
        p = close + 2;
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
        } else if (render_var(c, out, tag) != 0) {
            return -1;
        }
    }
    return 0;
}

static int render_into(render_ctx *c, const char *where, int html, const char *tpl, dk_buf *out)
{
    c->where = where;
    c->html = html;
    return render(c, tpl, tpl + strlen(tpl), out);
}

/* ---- the API ------------------------------------------------------------ */

int dk_mail_render(const char *template_name, const char *lang, const json_t *vars, dk_mail_rendered *out,
                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const dk_mail_template *row = NULL;
    int known_name = 0;
    for (const dk_mail_template *t = dk_mail_template_table; t->name && !row; t++) {
        if (template_name && strcmp(t->name, template_name) == 0) {
            known_name = 1;
            if (lang && strcmp(t->lang, lang) == 0)
                row = t;
        }
    }
    int known_lang = dk_words_known(lang);
    if (!known_name || !known_lang || !row) {
        if (err && errlen) {
            if (!known_name)
                snprintf(err, errlen, "unknown mail template '%s'", template_name ? template_name : "(null)");
            else if (!known_lang)
                snprintf(err, errlen, "unknown mail language '%s' (nl, fr or en)", lang ? lang : "(null)");
            else
                snprintf(err, errlen, "mail template '%s' has no '%s' version", template_name, lang);
        }
        return -1;
    }
    if (!json_is_object(vars)) {
        if (err && errlen)
            snprintf(err, errlen, "mail template %s: variables must be a JSON object", template_name);
        return -1;
    }
    char where[96];
    render_ctx c = {.lang = lang, .err = err, .errlen = errlen};
    dk_buf subject = DK_BUF_INIT, text = DK_BUF_INIT, html = DK_BUF_INIT;
    json_t *builtins = json_pack("{s:s}", "lang", lang);
    int rc = builtins ? 0 : -1;
    if (rc != 0 && err && errlen)
        snprintf(err, errlen, "out of memory");
    c.stack[0] = vars;
    c.stack[1] = builtins;
    c.depth = 2;
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s subject", template_name, lang);
        rc = render_into(&c, where, 0, row->subject, &subject);
    }
    if (rc == 0 && json_object_set_new(builtins, "subject", json_string(subject.data ? subject.data : "")) != 0)
        rc = fail(&c, "out of memory");
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s text", template_name, lang);
        rc = render_into(&c, where, 0, row->text, &text);
    }
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s html", template_name, lang);
        rc = render_into(&c, where, 1, layout_open, &html);
        if (rc == 0)
            rc = render_into(&c, where, 1, row->html, &html);
        if (rc == 0)
            rc = render_into(&c, where, 1, layout_close, &html);
    }
    json_decref(builtins);
    if (rc == 0) {
        out->subject = dk_buf_steal(&subject);
        out->text = dk_buf_steal(&text);
        out->html = dk_buf_steal(&html);
        if (!out->subject || !out->text || !out->html) {
            dk_mail_rendered_free(out);
            if (err && errlen)
                snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    dk_buf_free(&subject);
    dk_buf_free(&text);
    dk_buf_free(&html);
    return rc;
}

void dk_mail_rendered_free(dk_mail_rendered *r)
{
    if (!r)
        return;
    free(r->subject);
    free(r->text);
    free(r->html);
    r->subject = r->text = r->html = NULL;
}
