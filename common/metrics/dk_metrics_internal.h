/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_metrics_internal.h — inside the metrics library: the registry's
 * structures, shared by the registry (dk_metrics_registry.c) and the
 * exposition writer (dk_metrics_expose.c). Not for the library's users. */
#ifndef DK_METRICS_INTERNAL_H
#define DK_METRICS_INTERNAL_H

#include "metrics/dk_metrics.h"

#include <pthread.h>
#include <stdatomic.h>

typedef enum { DK_METRICS_COUNTER, DK_METRICS_GAUGE, DK_METRICS_HISTOGRAM } dk_metrics_type;

struct dk_metrics_series {
    const struct dk_metrics_family *family;
    char values[DK_METRICS_MAX_LABELS][DK_METRICS_LABEL_MAX];
    _Atomic uint64_t value;    /* a counter's count, or a gauge's double bits */
    _Atomic uint64_t sum_bits; /* a histogram's sum, as double bits */
    /* A histogram's counts per bucket (not cumulative), the last one for
     * what lies above every bound. */
    _Atomic uint64_t buckets[DK_METRICS_MAX_BUCKETS + 1];
};

struct dk_metrics_family {
    char name[128];
    char *help;
    dk_metrics_type type;
    int nlabels;
    char labels[DK_METRICS_MAX_LABELS][64];
    double bounds[DK_METRICS_MAX_BUCKETS];
    size_t nbounds;
    /* Series slots [0, count) are complete: written before count grows
     * (release), read after it (acquire). New ones under lock. */
    dk_metrics_series *_Atomic series[DK_METRICS_MAX_SERIES];
    _Atomic size_t count;
    pthread_mutex_t lock;
};

/* The registered families, in registration order: *n of them. */
dk_metrics_family *const *dk_metrics_families(size_t *n);

/* Doubles as the atomics hold them. */
double dk_metrics_bits_double(uint64_t bits);
uint64_t dk_metrics_double_bits(double v);

/* Appends v the way the exposition writes numbers: the shortest text
 * that reads back as v, "+Inf", "-Inf", "NaN". */
void dk_metrics_put_number(dk_buf *out, double v);

#endif
