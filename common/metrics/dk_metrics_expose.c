/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_metrics_expose.c — the Prometheus text exposition format 0.0.4 of the
 * registry (# HELP and # TYPE lines, escaped label values, cumulative
 * histogram buckets with "le", _sum and _count). */
#include "metrics/dk_metrics_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_metrics_put_number(dk_buf *out, double v)
{
    if (isnan(v)) {
        dk_buf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        dk_buf_puts(out, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    char s[40];
    if (v == floor(v) && fabs(v) < 9007199254740992.0) { /* an integer, exactly */
        snprintf(s, sizeof s, "%.0f", v);
        if (!strcmp(s, "-0"))
            snprintf(s, sizeof s, "0");
    } else {
        for (int prec = 1; prec <= 17; prec++) { /* the shortest text that reads back as v */
            snprintf(s, sizeof s, "%.*g", prec, v);
            if (strtod(s, NULL) == v)
                break;
        }
    }
    dk_buf_puts(out, s);
}

/* A label value or HELP text: backslash and newline escaped, and the
 * double quote in label values. */
static void put_escaped(dk_buf *out, const char *s, int quote)
{
    for (; *s; s++) {
        if (*s == '\\')
            dk_buf_puts(out, "\\\\");
        else if (*s == '\n')
            dk_buf_puts(out, "\\n");
        else if (*s == '"' && quote)
            dk_buf_puts(out, "\\\"");
        else
            dk_buf_putc(out, *s);
    }
}

/* {a="x",b="y"[,le="…"]}, or nothing when there are no labels at all. */
static void put_labels(dk_buf *out, const dk_metrics_family *f, const dk_metrics_series *s,
                       const char *le)
{
    if (f->nlabels == 0 && !le)
        return;
    dk_buf_putc(out, '{');
    for (int i = 0; i < f->nlabels; i++) {
        dk_buf_appendf(out, "%s%s=\"", i ? "," : "", f->labels[i]);
        put_escaped(out, s->values[i], 1);
        dk_buf_putc(out, '"');
    }
    if (le)
        dk_buf_appendf(out, "%sle=\"%s\"", f->nlabels ? "," : "", le);
    dk_buf_putc(out, '}');
}

static void put_histogram(dk_buf *out, const dk_metrics_family *f, const dk_metrics_series *s)
{
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= f->nbounds; b++) {
        cumulative += atomic_load_explicit(&s->buckets[b], memory_order_relaxed);
        dk_buf le = DK_BUF_INIT;
        if (b < f->nbounds)
            dk_metrics_put_number(&le, f->bounds[b]);
        else
            dk_buf_puts(&le, "+Inf");
        dk_buf_appendf(out, "%s_bucket", f->name);
        put_labels(out, f, s, le.data ? le.data : "");
        dk_buf_appendf(out, " %llu\n", (unsigned long long)cumulative);
        dk_buf_free(&le);
    }
    dk_buf_appendf(out, "%s_sum", f->name);
    put_labels(out, f, s, NULL);
    dk_buf_putc(out, ' ');
    dk_metrics_put_number(
        out, dk_metrics_bits_double(atomic_load_explicit(&s->sum_bits, memory_order_relaxed)));
    /* The count is the +Inf bucket's: the two always agree. */
    dk_buf_appendf(out, "\n%s_count", f->name);
    put_labels(out, f, s, NULL);
    dk_buf_appendf(out, " %llu\n", (unsigned long long)cumulative);
}

int dk_metrics_expose_family(dk_buf *out, const dk_metrics_family *f)
{
    if (!f)
        return dk_buf_failed(out) ? -1 : 0;
    static const char *const types[] = {"counter", "gauge", "histogram"};
    dk_buf_appendf(out, "# HELP %s ", f->name);
    put_escaped(out, f->help, 0);
    dk_buf_appendf(out, "\n# TYPE %s %s\n", f->name, types[f->type]);
    size_t n = atomic_load_explicit(&f->count, memory_order_acquire);
    for (size_t i = 0; i < n; i++) {
        const dk_metrics_series *s = atomic_load_explicit(&f->series[i], memory_order_relaxed);
        if (f->type == DK_METRICS_HISTOGRAM) {
            put_histogram(out, f, s);
            continue;
        }
        dk_buf_puts(out, f->name);
        put_labels(out, f, s, NULL);
        uint64_t raw = atomic_load_explicit(&s->value, memory_order_relaxed);
        if (f->type == DK_METRICS_COUNTER)
            dk_buf_appendf(out, " %llu\n", (unsigned long long)raw);
        else {
            dk_buf_putc(out, ' ');
            dk_metrics_put_number(out, dk_metrics_bits_double(raw));
            dk_buf_putc(out, '\n');
        }
    }
    return dk_buf_failed(out) ? -1 : 0;
}

int dk_metrics_expose(dk_buf *out)
{
    size_t n;
    dk_metrics_family *const *f = dk_metrics_families(&n);
    for (size_t i = 0; i < n; i++)
        dk_metrics_expose_family(out, f[i]);
    return dk_buf_failed(out) ? -1 : 0;
}

/* ---- routes ---- */

/* 1 when path (from its start) matches pattern entirely. */
static int route_matches(const char *pattern, const char *path)
{
    for (;;) {
        if (!strcmp(pattern, "**"))
            return *path != '\0';
        if (*pattern == '*' && (pattern[1] == '/' || !pattern[1])) {
            size_t seg = strcspn(path, "/");
            if (seg == 0)
                return 0;
            pattern++, path += seg;
            continue;
        }
        if (*pattern != *path)
            return 0;
        if (!*pattern)
            return 1;
        pattern++, path++;
    }
}

const char *dk_metrics_route(const char *const *table, const char *path)
{
    for (const char *const *p = table; p && *p && path; p++)
        if (route_matches(*p, path))
            return *p;
    return "other";
}
