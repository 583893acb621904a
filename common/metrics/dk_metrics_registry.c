/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_metrics_registry.c — the process-wide registry of dk_metrics.h: the
 * families, their series found by label values without a lock, and the
 * atomic updates of counters, gauges and histograms. */
#include "metrics/dk_metrics_internal.h"

#include "core/dk_log.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FAMILIES 128

static dk_metrics_family *families[MAX_FAMILIES];
static _Atomic size_t nfamilies;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

const double dk_metrics_seconds_buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};
const size_t dk_metrics_seconds_buckets_n =
    sizeof dk_metrics_seconds_buckets / sizeof dk_metrics_seconds_buckets[0];

dk_metrics_family *const *dk_metrics_families(size_t *n)
{
    *n = atomic_load_explicit(&nfamilies, memory_order_acquire);
    return families;
}

double dk_metrics_bits_double(uint64_t bits)
{
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

uint64_t dk_metrics_double_bits(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
}

double dk_metrics_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- names ---- */

static int valid_name(const char *s, int metric)
{
    if (!s || !*s || strlen(s) >= 64)
        return 0;
    for (const char *p = s; *p; p++) {
        int alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
                    (metric && *p == ':');
        if (!alpha && !(p > s && *p >= '0' && *p <= '9'))
            return 0;
    }
    return metric || strncmp(s, "__", 2) != 0;
}

/* Splits "a,b" into f's label names. Returns 0, or -1 on a bad one. */
static int parse_labels(dk_metrics_family *f, const char *labels)
{
    f->nlabels = 0;
    if (!labels || !*labels)
        return 0;
    const char *p = labels;
    for (;;) {
        size_t n = strcspn(p, ",");
        if (f->nlabels == DK_METRICS_MAX_LABELS || n == 0 || n >= sizeof f->labels[0])
            return -1;
        memcpy(f->labels[f->nlabels], p, n);
        f->labels[f->nlabels][n] = '\0';
        if (!valid_name(f->labels[f->nlabels], 0) || !strcmp(f->labels[f->nlabels], "le"))
            return -1;
        for (int i = 0; i < f->nlabels; i++)
            if (!strcmp(f->labels[i], f->labels[f->nlabels]))
                return -1;
        f->nlabels++;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

static int same_shape(const dk_metrics_family *a, const dk_metrics_family *b)
{
    if (a->type != b->type || a->nlabels != b->nlabels || a->nbounds != b->nbounds)
        return 0;
    for (int i = 0; i < a->nlabels; i++)
        if (strcmp(a->labels[i], b->labels[i]))
            return 0;
    for (size_t i = 0; i < a->nbounds; i++)
        if (a->bounds[i] != b->bounds[i])
            return 0;
    return 1;
}

static dk_metrics_family *refuse(const char *name, const char *why)
{
    dk_log(DK_LOG_ERROR, "metric_refused", "%s: %s", name ? name : "(null)", why);
    return NULL;
}

static dk_metrics_family *add_family(const char *name, const char *help, const char *labels,
                                     dk_metrics_type type, const double *bounds, size_t nbounds)
{
    if (!valid_name(name, 1))
        return refuse(name, "not a metric name");
    dk_metrics_family *f = calloc(1, sizeof *f);
    if (!f)
        return refuse(name, "out of memory");
    snprintf(f->name, sizeof f->name, "%s", name);
    f->type = type;
    if (parse_labels(f, labels) != 0) {
        free(f);
        return refuse(name, "bad label names");
    }
    if (nbounds > DK_METRICS_MAX_BUCKETS || (type == DK_METRICS_HISTOGRAM && nbounds == 0)) {
        free(f);
        return refuse(name, "a histogram has 1 to 16 bucket bounds");
    }
    for (size_t i = 0; i < nbounds; i++) {
        if (!isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
            free(f);
            return refuse(name, "bucket bounds must be finite and increasing");
        }
        f->bounds[i] = bounds[i];
    }
    f->nbounds = nbounds;
    pthread_mutex_lock(&registry_lock);
    size_t n = atomic_load(&nfamilies);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(families[i]->name, name) != 0)
            continue;
        dk_metrics_family *old = families[i];
        pthread_mutex_unlock(&registry_lock);
        int same = same_shape(old, f);
        free(f);
        return same ? old : refuse(name, "registered before with another type or labels");
    }
    f->help = strdup(help ? help : "");
    if (n == MAX_FAMILIES || !f->help) {
        pthread_mutex_unlock(&registry_lock);
        free(f->help);
        free(f);
        return refuse(name, "the registry is full");
    }
    pthread_mutex_init(&f->lock, NULL);
    families[n] = f;
    atomic_store_explicit(&nfamilies, n + 1, memory_order_release);
    pthread_mutex_unlock(&registry_lock);
    return f;
}

dk_metrics_family *dk_metrics_counter(const char *name, const char *help, const char *labels)
{
    return add_family(name, help, labels, DK_METRICS_COUNTER, NULL, 0);
}

dk_metrics_family *dk_metrics_gauge(const char *name, const char *help, const char *labels)
{
    return add_family(name, help, labels, DK_METRICS_GAUGE, NULL, 0);
}

dk_metrics_family *dk_metrics_histogram(const char *name, const char *help, const char *labels,
                                        const double *buckets, size_t n)
{
    return add_family(name, help, labels, DK_METRICS_HISTOGRAM, buckets, n);
}

/* ---- series ---- */

static dk_metrics_family *dropped_family(void)
{
    static dk_metrics_family *_Atomic dropped;
    dk_metrics_family *f = atomic_load(&dropped);
    if (!f) {
        f = dk_metrics_counter("dk_metrics_series_dropped_total",
                               "Label sets not recorded because their metric had "
                               "DK_METRICS_MAX_SERIES already.",
                               "metric");
        atomic_store(&dropped, f);
    }
    return f;
}

static int matches(const dk_metrics_series *s, int nlabels,
                   const char values[][DK_METRICS_LABEL_MAX])
{
    for (int i = 0; i < nlabels; i++)
        if (strcmp(s->values[i], values[i]) != 0)
            return 0;
    return 1;
}

static dk_metrics_series *find(dk_metrics_family *f, size_t from, size_t to,
                               const char values[][DK_METRICS_LABEL_MAX])
{
    for (size_t i = from; i < to; i++) {
        dk_metrics_series *s = atomic_load_explicit(&f->series[i], memory_order_relaxed);
        if (matches(s, f->nlabels, values))
            return s;
    }
    return NULL;
}

/* Copies v into out, cut at a character boundary to fit. */
static void copy_value(char out[DK_METRICS_LABEL_MAX], const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n >= DK_METRICS_LABEL_MAX) {
        n = DK_METRICS_LABEL_MAX - 1;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--; /* v[n] starts the character cut away */
    }
    if (n)
        memcpy(out, v, n);
    out[n] = '\0';
}

dk_metrics_series *dk_metrics_with(dk_metrics_family *f, ...)
{
    if (!f)
        return NULL;
    char values[DK_METRICS_MAX_LABELS][DK_METRICS_LABEL_MAX];
    va_list ap;
    va_start(ap, f);
    for (int i = 0; i < f->nlabels; i++)
        copy_value(values[i], va_arg(ap, const char *));
    va_end(ap);
    size_t n = atomic_load_explicit(&f->count, memory_order_acquire);
    dk_metrics_series *s = find(f, 0, n, values);
    if (s)
        return s;
    pthread_mutex_lock(&f->lock);
    size_t now = atomic_load_explicit(&f->count, memory_order_acquire);
    s = find(f, n, now, values); /* another thread added it meanwhile */
    if (!s && now < DK_METRICS_MAX_SERIES && (s = calloc(1, sizeof *s))) {
        memcpy(s->values, values, sizeof values);
        s->family = f;
        atomic_store_explicit(&f->series[now], s, memory_order_relaxed);
        atomic_store_explicit(&f->count, now + 1, memory_order_release);
    }
    pthread_mutex_unlock(&f->lock);
    if (!s && strcmp(f->name, "dk_metrics_series_dropped_total") != 0)
        dk_metrics_inc(dk_metrics_with(dropped_family(), f->name));
    return s;
}

void dk_metrics_add(dk_metrics_series *s, uint64_t n)
{
    if (s)
        atomic_fetch_add_explicit(&s->value, n, memory_order_relaxed);
}

void dk_metrics_inc(dk_metrics_series *s)
{
    dk_metrics_add(s, 1);
}

void dk_metrics_set(dk_metrics_series *s, double v)
{
    if (s)
        atomic_store_explicit(&s->value, dk_metrics_double_bits(v), memory_order_relaxed);
}

static void add_double(_Atomic uint64_t *bits, double delta)
{
    uint64_t old = atomic_load_explicit(bits, memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit(
        bits, &old, dk_metrics_double_bits(dk_metrics_bits_double(old) + delta),
        memory_order_relaxed, memory_order_relaxed))
        ;
}

void dk_metrics_gauge_add(dk_metrics_series *s, double delta)
{
    if (s)
        add_double(&s->value, delta);
}

void dk_metrics_observe(dk_metrics_series *s, double v)
{
    if (!s || isnan(v))
        return;
    const dk_metrics_family *f = s->family;
    size_t b = 0;
    while (b < f->nbounds && v > f->bounds[b]) /* le: a value on a bound is in it */
        b++;
    atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
    add_double(&s->sum_bits, v);
}

double dk_metrics_value(const dk_metrics_series *s, double *sum)
{
    if (!s)
        return 0;
    const dk_metrics_family *f = s->family;
    if (f->type == DK_METRICS_HISTOGRAM) {
        uint64_t n = 0;
        for (size_t b = 0; b <= f->nbounds; b++)
            n += atomic_load_explicit(&s->buckets[b], memory_order_relaxed);
        if (sum)
            *sum = dk_metrics_bits_double(atomic_load_explicit(&s->sum_bits, memory_order_relaxed));
        return (double)n;
    }
    uint64_t raw = atomic_load_explicit(&s->value, memory_order_relaxed);
    double v = f->type == DK_METRICS_COUNTER ? (double)raw : dk_metrics_bits_double(raw);
    if (sum)
        *sum = v;
    return v;
}
