/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_metrics.h — Prometheus metrics for every long-running binary: counters,
 * gauges and histograms in one process-wide registry, the text exposition
 * format 0.0.4, and the small HTTP listener on DK_METRICS_PORT that serves
 * GET /metrics, /healthz and /readyz.
 *
 * A binary needs three lines:
 *
 *     dk_metrics_server *ms = dk_metrics_serve("dashboard");   // after dk_config_start_check
 *     dk_metrics_ready_check("postgresql", dk_pg_ready, NULL); // what /readyz asks
 *     ...
 *     dk_metrics_stop(ms);
 *
 * and a metric is a family registered once (idempotent: the same name, type
 * and labels give the same family back) and a series chosen by its label
 * values:
 *
 *     static dk_metrics_family *sent;
 *     sent = dk_metrics_counter("dk_mails_sent_total", "Mails the relay accepted.", "template");
 *     dk_metrics_inc(dk_metrics_with(sent, template_name));
 *
 * Labels are bounded by construction: a family holds at most
 * DK_METRICS_MAX_SERIES label sets (more are dropped and counted in
 * dk_metrics_series_dropped_total), and callers pass values from fixed sets
 * (a topic, a route of dk_metrics_route's table, a status code), never a
 * token, an id or a raw path.
 *
 * Threading: everything is thread-safe. Updating a series is a few relaxed
 * atomic operations; finding a series is a lock-free scan (a mutex is taken
 * only the first time a label set appears). Every function accepts a NULL
 * family or series and then does nothing, so a registration that failed
 * (a bad name: a programming error, logged) never stops the service. */
#ifndef DK_METRICS_H
#define DK_METRICS_H

#include "core/dk_buf.h"

#include <stddef.h>
#include <stdint.h>

#define DK_METRICS_MAX_LABELS 4   /* label names of one family */
#define DK_METRICS_MAX_SERIES 512 /* label sets of one family */
#define DK_METRICS_MAX_BUCKETS 16 /* a histogram's upper bounds (+Inf added) */
#define DK_METRICS_LABEL_MAX 64   /* bytes of a label value (longer is cut) */

typedef struct dk_metrics_family dk_metrics_family;
typedef struct dk_metrics_series dk_metrics_series;

/* ---- families ---- */

/* labels: the label names, comma-separated ("topic,partition"), or NULL /
 * "" for none. Names follow Prometheus's rules ([a-zA-Z_:][a-zA-Z0-9_:]*,
 * labels [a-zA-Z_][a-zA-Z0-9_]*, no "__" prefix, "le" only in histograms'
 * own lines). NULL (logged) on a bad name, a name registered with another
 * type or labels, or a full registry. */
dk_metrics_family *dk_metrics_counter(const char *name, const char *help, const char *labels);
dk_metrics_family *dk_metrics_gauge(const char *name, const char *help, const char *labels);

/* buckets: n upper bounds, strictly increasing, finite (+Inf is implicit). */
dk_metrics_family *dk_metrics_histogram(const char *name, const char *help, const char *labels,
                                        const double *buckets, size_t n);

/* Upper bounds in seconds for request and batch durations: 1 ms to 10 s. */
extern const double dk_metrics_seconds_buckets[];
extern const size_t dk_metrics_seconds_buckets_n;

/* ---- series ---- */

/* The series of f with these label values, one const char * per label name
 * of f (a NULL value counts as ""); created the first time. NULL when f is
 * NULL or full. */
dk_metrics_series *dk_metrics_with(dk_metrics_family *f, ...);

/* Counters (integers only: every counter of ours counts things). */
void dk_metrics_inc(dk_metrics_series *s);
void dk_metrics_add(dk_metrics_series *s, uint64_t n);

/* Gauges. */
void dk_metrics_set(dk_metrics_series *s, double v);
void dk_metrics_gauge_add(dk_metrics_series *s, double delta);

/* Histograms: one observation (seconds for durations). */
void dk_metrics_observe(dk_metrics_series *s, double v);

/* What a series holds now (tests, readiness): a counter's count, a
 * gauge's value, a histogram's count of observations; its sum in *sum
 * when sum is not NULL (histograms; else the value). */
double dk_metrics_value(const dk_metrics_series *s, double *sum);

/* The current time in seconds on a monotonic clock, for durations. */
double dk_metrics_now(void);

/* ---- routes: a bounded label for request paths ---- */

/* The first pattern of table (NULL-terminated) that the whole of path
 * matches, else "other". In a pattern a segment "*" matches one non-empty
 * path segment, and a final "**" any non-empty rest: "/proposal/STAR/accept"
 * (STAR for the asterisk) matches /proposal/abc/accept; "/api/v1/STARSTAR"
 * every path under /api/v1/. The label is the pattern: never the token. */
const char *dk_metrics_route(const char *const *table, const char *path);

/* ---- the exposition ---- */

/* Appends the exposition of every family (registration order, series in
 * the order they appeared) to out. Returns 0, or -1 when out failed (its
 * sticky flag). */
int dk_metrics_expose(dk_buf *out);

/* Appends the exposition of one family. */
int dk_metrics_expose_family(dk_buf *out, const dk_metrics_family *f);

/* The media type of the exposition. */
#define DK_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* ---- the listener: /metrics, /healthz, /readyz ---- */

/* A readiness check: 0 when what it checks is reachable, else -1 with a
 * short reason in why. Must return within a few seconds (a connect
 * timeout of its own). */
typedef int (*dk_metrics_check_fn)(void *arg, char *why, size_t whylen);

/* Adds (or, by the same name, replaces) a check /readyz runs. Returns 0,
 * or -1 when the checks are full (8). */
int dk_metrics_ready_check(const char *name, dk_metrics_check_fn fn, void *arg);

/* Removes the check of that name; returns once no /readyz runs it (call it
 * before freeing what its arg points to). */
void dk_metrics_ready_remove(const char *name);

/* Runs every check; 1 when all passed (or there are none). With out not
 * NULL, appends the JSON /readyz answers ({"status":"ready"}, or
 * {"status":"unavailable","down":{"postgresql":"why",...}}). */
int dk_metrics_ready(dk_buf *out);

typedef struct dk_metrics_server dk_metrics_server;

/* Starts the listener of service on DK_METRICS_BIND:DK_METRICS_PORT (0: any
 * free port) with its own threads (one per connection, at most 16 at once,
 * 10 s each), registers process_start_time_seconds and
 * dk_service_info{service} (1), and writes its base
 * URL (http://HOST:PORT; 127.0.0.1 for a wildcard bind) to
 * DK_METRICS_READY_FILE when that is set. NULL, logged as
 * metrics_unavailable, when it cannot listen: the service runs on without
 * (its /readyz then fails a health check, which says so). */
dk_metrics_server *dk_metrics_serve(const char *service);

/* The same with an explicit address (tests, tools): NULL with err. */
dk_metrics_server *dk_metrics_serve_on(const char *service, const char *bind, int port, char *err,
                                       size_t errlen);

/* The port listened on. */
int dk_metrics_server_port(const dk_metrics_server *ms);

/* Stops the listener (NULL is fine). */
void dk_metrics_stop(dk_metrics_server *ms);

#endif
