/* SPDX-License-Identifier: EUPL-1.2 */
/* test_metrics.c — common/metrics: the exposition format byte for byte
 * (HELP and TYPE lines, label escaping, cumulative histogram buckets with
 * le, _sum and _count), bucketing on and around the bounds, refused names,
 * bounded label sets, route patterns, counters under concurrent threads,
 * and the listener's /metrics, /healthz and /readyz over real HTTP. */
#include "dk_test.h"
#include "metrics/dk_metrics.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *text_of(dk_buf *b)
{
    return b->data ? b->data : "";
}

static void test_counter_exposition(void)
{
    dk_metrics_family *f =
        dk_metrics_counter("t_requests_total", "Requests \\ handled.\nSecond line.", "route,code");
    CHECK(f != NULL);
    dk_metrics_inc(dk_metrics_with(f, "/a", "200"));
    dk_metrics_add(dk_metrics_with(f, "/a", "200"), 4);
    dk_metrics_inc(dk_metrics_with(f, "say \"hi\"\\\n", "500"));
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_metrics_expose_family(&b, f), 0);
    CHECK_STR(text_of(&b), "# HELP t_requests_total Requests \\\\ handled.\\nSecond line.\n"
                           "# TYPE t_requests_total counter\n"
                           "t_requests_total{route=\"/a\",code=\"200\"} 5\n"
                           "t_requests_total{route=\"say \\\"hi\\\"\\\\\\n\",code=\"500\"} 1\n");
    dk_buf_free(&b);
    /* The same registration gives the same family; another shape none. */
    CHECK(dk_metrics_counter("t_requests_total", "x", "route,code") == f);
    CHECK(dk_metrics_counter("t_requests_total", "x", "route") == NULL);
    CHECK(dk_metrics_gauge("t_requests_total", "x", "route,code") == NULL);
}

static void test_gauge_and_no_labels(void)
{
    dk_metrics_family *g = dk_metrics_gauge("t_backlog", "Backlog.", NULL);
    dk_metrics_series *s = dk_metrics_with(g);
    dk_buf b = DK_BUF_INIT;
    dk_metrics_expose_family(&b, g);
    CHECK_STR(text_of(&b), "# HELP t_backlog Backlog.\n# TYPE t_backlog gauge\nt_backlog 0\n");
    dk_buf_reset(&b);
    dk_metrics_set(s, 2.5);
    dk_metrics_gauge_add(s, -4);
    dk_metrics_expose_family(&b, g);
    CHECK_STR(text_of(&b), "# HELP t_backlog Backlog.\n# TYPE t_backlog gauge\nt_backlog -1.5\n");
    dk_buf_reset(&b);
    dk_metrics_set(s, 0.1);
    dk_metrics_expose_family(&b, g);
    CHECK_STR(text_of(&b), "# HELP t_backlog Backlog.\n# TYPE t_backlog gauge\nt_backlog 0.1\n");
    dk_buf_reset(&b);
    dk_metrics_set(s, INFINITY);
    dk_metrics_expose_family(&b, g);
    CHECK(strstr(text_of(&b), "\nt_backlog +Inf\n") != NULL);
    dk_buf_reset(&b);
    dk_metrics_set(s, 1e21);
    dk_metrics_expose_family(&b, g);
    CHECK(strstr(text_of(&b), "\nt_backlog 1e+21\n") != NULL);
    dk_buf_free(&b);
    /* A family with labels but no series yet: its HELP and TYPE only. */
    dk_metrics_family *e = dk_metrics_gauge("t_empty", "Nothing yet.", "topic");
    dk_metrics_expose_family(&b, e);
    CHECK_STR(text_of(&b), "# HELP t_empty Nothing yet.\n# TYPE t_empty gauge\n");
    dk_buf_free(&b);
}

static void test_histogram(void)
{
    static const double bounds[] = {0.1, 0.5, 1};
    dk_metrics_family *h =
        dk_metrics_histogram("t_duration_seconds", "Durations.", "route", bounds, 3);
    dk_metrics_series *s = dk_metrics_with(h, "/x");
    /* On a bound counts in that bound's bucket (le: less or equal). */
    dk_metrics_observe(s, 0.1);
    dk_metrics_observe(s, 0.05);
    dk_metrics_observe(s, 0.3);
    dk_metrics_observe(s, 1);
    dk_metrics_observe(s, 7);
    dk_metrics_observe(s, NAN); /* ignored */
    dk_buf b = DK_BUF_INIT;
    dk_metrics_expose_family(&b, h);
    CHECK_STR(text_of(&b), "# HELP t_duration_seconds Durations.\n"
                           "# TYPE t_duration_seconds histogram\n"
                           "t_duration_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
                           "t_duration_seconds_bucket{route=\"/x\",le=\"0.5\"} 3\n"
                           "t_duration_seconds_bucket{route=\"/x\",le=\"1\"} 4\n"
                           "t_duration_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n"
                           "t_duration_seconds_sum{route=\"/x\"} 8.45\n"
                           "t_duration_seconds_count{route=\"/x\"} 5\n");
    dk_buf_free(&b);
    double sum = 0;
    CHECK_INT((long)dk_metrics_value(s, &sum), 5);
    CHECK(fabs(sum - 8.45) < 1e-9);
    /* No labels: le alone. */
    dk_metrics_family *u = dk_metrics_histogram("t_size", "Sizes.", NULL, bounds, 1);
    dk_metrics_observe(dk_metrics_with(u), 3);
    dk_metrics_expose_family(&b, u);
    CHECK_STR(text_of(&b), "# HELP t_size Sizes.\n# TYPE t_size histogram\n"
                           "t_size_bucket{le=\"0.1\"} 0\nt_size_bucket{le=\"+Inf\"} 1\n"
                           "t_size_sum 3\nt_size_count 1\n");
    dk_buf_free(&b);
    /* The shared seconds buckets are increasing and usable. */
    CHECK(dk_metrics_histogram("t_seconds", "S.", NULL, dk_metrics_seconds_buckets,
                               dk_metrics_seconds_buckets_n) != NULL);
    static const double bad[] = {1, 1};
    CHECK(dk_metrics_histogram("t_bad", "B.", NULL, bad, 2) == NULL);
    static const double inf[] = {INFINITY};
    CHECK(dk_metrics_histogram("t_bad2", "B.", NULL, inf, 1) == NULL);
    CHECK(dk_metrics_histogram("t_bad3", "B.", NULL, bounds, 0) == NULL);
}

static void test_refused_names(void)
{
    CHECK(dk_metrics_counter("1abc", "", NULL) == NULL);
    CHECK(dk_metrics_counter("a-b", "", NULL) == NULL);
    CHECK(dk_metrics_counter("", "", NULL) == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "le") == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "__x") == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "a,a") == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "a,") == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "a,b,c,d,e") == NULL);
    CHECK(dk_metrics_counter("t_ok", "", "a b") == NULL);
    /* NULL everywhere does nothing. */
    dk_metrics_inc(dk_metrics_with(NULL, "x"));
    dk_metrics_observe(NULL, 1);
    dk_metrics_set(NULL, 1);
    CHECK(dk_metrics_value(NULL, NULL) == 0);
}

static void test_bounded_series(void)
{
    dk_metrics_family *f = dk_metrics_counter("t_many_total", "Many.", "id");
    char id[32];
    for (int i = 0; i < DK_METRICS_MAX_SERIES + 20; i++) {
        snprintf(id, sizeof id, "%d", i);
        dk_metrics_inc(dk_metrics_with(f, id));
    }
    CHECK(dk_metrics_with(f, "0") != NULL);
    snprintf(id, sizeof id, "%d", DK_METRICS_MAX_SERIES);
    CHECK(dk_metrics_with(f, id) == NULL);
    dk_buf b = DK_BUF_INIT;
    dk_metrics_expose(&b);
    CHECK(strstr(text_of(&b), "dk_metrics_series_dropped_total{metric=\"t_many_total\"} 21\n") !=
          NULL);
    dk_buf_free(&b);
    /* A long value is cut, at a character boundary. */
    char lng[200];
    memset(lng, 'a', sizeof lng);
    memcpy(lng + 62, "\xc3\xa9", 2); /* é across the cut */
    lng[199] = '\0';
    dk_metrics_family *l = dk_metrics_counter("t_long_total", "Long.", "v");
    dk_metrics_inc(dk_metrics_with(l, lng));
    dk_metrics_expose_family(&b, l);
    char want[256];
    snprintf(want, sizeof want, "t_long_total{v=\"%.62s\"} 1\n", lng);
    CHECK(strstr(text_of(&b), want) != NULL);
    dk_buf_free(&b);
}

static void test_routes(void)
{
    static const char *const table[] = {
        "/", "/api/v1/applications", "/proposal/*", "/proposal/*/accept", "/static/**", NULL};
    CHECK_STR(dk_metrics_route(table, "/"), "/");
    CHECK_STR(dk_metrics_route(table, "/api/v1/applications"), "/api/v1/applications");
    CHECK_STR(dk_metrics_route(table, "/api/v1/applications/x"), "other");
    CHECK_STR(dk_metrics_route(table, "/proposal/secret-token"), "/proposal/*");
    CHECK_STR(dk_metrics_route(table, "/proposal/secret-token/accept"), "/proposal/*/accept");
    CHECK_STR(dk_metrics_route(table, "/proposal/"), "other");
    CHECK_STR(dk_metrics_route(table, "/proposal//accept"), "other");
    CHECK_STR(dk_metrics_route(table, "/proposal/t/other"), "other");
    CHECK_STR(dk_metrics_route(table, "/static/a/b.css"), "/static/**");
    CHECK_STR(dk_metrics_route(table, "/static/"), "other");
    CHECK_STR(dk_metrics_route(table, ""), "other");
    CHECK_STR(dk_metrics_route(table, NULL), "other");
    CHECK_STR(dk_metrics_route(NULL, "/"), "other");
}

/* ---- concurrency ---- */

enum { THREADS = 8, ROUNDS = 50000 };
static dk_metrics_family *conc_counter, *conc_hist, *conc_gauge;

static void *hammer(void *arg)
{
    char label[16];
    snprintf(label, sizeof label, "t%d", (int)(long)arg % 3); /* new series raced for */
    for (int i = 0; i < ROUNDS; i++) {
        dk_metrics_inc(dk_metrics_with(conc_counter, label));
        dk_metrics_observe(dk_metrics_with(conc_hist), (i % 4) * 0.5);
        dk_metrics_gauge_add(dk_metrics_with(conc_gauge), 1);
    }
    return NULL;
}

static void test_concurrency(void)
{
    conc_counter = dk_metrics_counter("t_conc_total", "C.", "who");
    static const double bounds[] = {0.5, 1};
    conc_hist = dk_metrics_histogram("t_conc_seconds", "H.", NULL, bounds, 2);
    conc_gauge = dk_metrics_gauge("t_conc_gauge", "G.", NULL);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, hammer, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    double total = 0;
    for (int k = 0; k < 3; k++) {
        char label[16];
        snprintf(label, sizeof label, "t%d", k);
        total += dk_metrics_value(dk_metrics_with(conc_counter, label), NULL);
    }
    CHECK_INT((long)total, (long)THREADS * ROUNDS);
    double sum;
    CHECK_INT((long)dk_metrics_value(dk_metrics_with(conc_hist), &sum), (long)THREADS * ROUNDS);
    CHECK_INT((long)sum, (long)THREADS * ROUNDS / 4 * 3); /* 0 + 0.5 + 1 + 1.5 per 4 */
    CHECK_INT((long)dk_metrics_value(dk_metrics_with(conc_gauge), NULL), (long)THREADS * ROUNDS);
    /* Three series, each once: no duplicate made by the race. */
    dk_buf b = DK_BUF_INIT;
    dk_metrics_expose_family(&b, conc_counter);
    int lines = 0;
    for (const char *p = text_of(&b); (p = strstr(p, "t_conc_total{")); p++)
        lines++;
    CHECK_INT(lines, 3);
    dk_buf_free(&b);
}

/* ---- the listener ---- */

static int http_get(int port, const char *request, char *out, size_t outlen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    if (write(fd, request, strlen(request)) < 0) {
        close(fd);
        return -1;
    }
    size_t got = 0;
    ssize_t n;
    while (got + 1 < outlen && (n = read(fd, out + got, outlen - 1 - got)) > 0)
        got += (size_t)n;
    out[got] = '\0';
    close(fd);
    return atoi(out + 9);
}

static int down_check(void *arg, char *why, size_t whylen)
{
    snprintf(why, whylen, "%s", (const char *)arg);
    return -1;
}

static int up_check(void *arg, char *why, size_t whylen)
{
    (void)arg, (void)why, (void)whylen;
    return 0;
}

static void test_server(void)
{
    char err[256], out[65536];
    CHECK(dk_metrics_serve_on("t", "not-an-address", 0, err, sizeof err) == NULL);
    dk_metrics_server *ms = dk_metrics_serve_on("t", "127.0.0.1", 0, err, sizeof err);
    CHECK(ms != NULL);
    int port = dk_metrics_server_port(ms);
    CHECK(port > 0);
    /* The same port twice: the second cannot listen. */
    CHECK(dk_metrics_serve_on("t", "127.0.0.1", port, err, sizeof err) == NULL);
    CHECK_INT(http_get(port, "GET /metrics HTTP/1.0\r\n\r\n", out, sizeof out), 200);
    CHECK(strstr(out, "Content-Type: text/plain; version=0.0.4; charset=utf-8") != NULL);
    CHECK(strstr(out, "# TYPE t_requests_total counter\n") != NULL);
    CHECK(strstr(out, "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1") !=
          NULL);
    CHECK_INT(http_get(port, "GET /healthz HTTP/1.0\r\n\r\n", out, sizeof out), 200);
    CHECK(strstr(out, "\r\n\r\nok\n") != NULL);
    CHECK_INT(http_get(port, "GET /readyz HTTP/1.0\r\n\r\n", out, sizeof out), 200);
    CHECK(strstr(out, "{\"status\":\"ready\"}") != NULL);
    dk_metrics_ready_check("database", up_check, NULL);
    dk_metrics_ready_check("broker", down_check, "connection \"refused\"");
    CHECK_INT(http_get(port, "GET /readyz HTTP/1.0\r\n\r\n", out, sizeof out), 503);
    CHECK(strstr(out, "{\"down\":{\"broker\":\"connection \\\"refused\\\"\"},"
                      "\"status\":\"unavailable\"}") != NULL);
    dk_metrics_ready_remove("broker");
    CHECK_INT(http_get(port, "GET /readyz HTTP/1.0\r\n\r\n", out, sizeof out), 200);
    CHECK_INT(
        http_get(port, "POST /metrics HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc", out, sizeof out),
        405);
    CHECK_INT(http_get(port, "GET /metrics/../x HTTP/1.0\r\n\r\n", out, sizeof out), 404);
    CHECK_INT(http_get(port, "GET /nothing HTTP/1.0\r\n\r\n", out, sizeof out), 404);
    /* Garbage is refused by libmicrohttpd, and the listener lives on. */
    http_get(port, "\x01\x02 garbage\r\n\r\n", out, sizeof out);
    CHECK_INT(http_get(port, "GET /healthz HTTP/1.0\r\n\r\n", out, sizeof out), 200);
    dk_metrics_stop(ms);
    CHECK_INT(http_get(port, "GET /healthz HTTP/1.0\r\n\r\n", out, sizeof out), -1);
    dk_metrics_stop(NULL);
}

int main(void)
{
    test_counter_exposition();
    test_gauge_and_no_labels();
    test_histogram();
    test_refused_names();
    test_bounded_series();
    test_routes();
    test_concurrency();
    test_server();
    DK_TEST_DONE();
}
