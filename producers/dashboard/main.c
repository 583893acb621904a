/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-dashboard: reads the configuration, starts the consumer
 * (consume.c) and the lag reader (lag.c), serves the page and the JSON on
 * the common HTTP server (route.c), and on SIGTERM stops accepting, answers
 * what it has received, leaves its group and exits 0.
 *
 *   dk-dashboard [--ready-file FILE]   (FILE receives the base URL once listening)
 *
 * Its /metrics, /healthz and /readyz (DK_METRICS_PORT) are the common
 * metrics library's: /readyz asks PostgreSQL and, once the consumer runs,
 * the broker (consume.c). A consumer librdkafka refuses exits 1 before it
 * listens. */
#include "auth/dk_auth_password.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"
#include "core/dk_stop.h"
#include "dashboard.h"
#include "metrics/dk_metrics.h"
#include "store/dk_kafka.h"
#include "store/dk_pg.h"
#include "web/dk_web_form.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The page's public address: DK_DASHBOARD_URL, else http://HOST:PORT. */
static void public_url(char *out, size_t n)
{
    const char *u = dk_config_str("DK_DASHBOARD_URL");
    if (u && *u)
        snprintf(out, n, "%s", u);
    else
        snprintf(out, n, "http://%s:%ld", dk_config_str("DK_DASHBOARD_HOST"),
                 dk_config_int("DK_DASHBOARD_PORT"));
}

static int serve(dk_board *b, const char *base, int *port, char *err, size_t errlen)
{
    b->pages = dk_web_pages_new(dk_dashboard_templates);
    if (!b->pages) {
        snprintf(err, errlen, "out of memory for the page templates");
        return -1;
    }
    static char url[512];
    snprintf(url, sizeof url, "%s", base);
    dk_web_options o = {.name = "dashboard",
                        .host = dk_config_str("DK_DASHBOARD_HOST"),
                        .port = (int)dk_config_int("DK_DASHBOARD_PORT"),
                        .handler = dk_board_route,
                        .cls = b,
                        .max_body = 16384,
                        .header_ms = (int)dk_config_int("DK_INTAKE_HEADER_TIMEOUT_MS"),
                        .body_ms = (int)dk_config_int("DK_INTAKE_BODY_TIMEOUT_MS"),
                        .workers = 4,
                        .max_connections = 200,
                        .per_address = (int)dk_config_int("DK_INTAKE_MAX_PER_ADDRESS"),
                        .trust_proxy = b->trust_proxy,
                        .https = b->secure,
                        .csp = DK_DASHBOARD_CSP,
                        .style = dk_web_css,
                        .public_url = url};
    b->web = dk_web_start(&o, err, errlen);
    if (!b->web)
        return -1;
    *port = dk_web_port(b->web);
    return 0;
}

int main(int argc, char **argv)
{
    /* Before any thread starts: SIGTERM and SIGINT wait for dk_stop_wait. */
    dk_stop_block();
    signal(SIGPIPE, SIG_IGN);
    const char *ready_file;
    if (dk_ready_file_arg(argc, argv, "dk-dashboard", &ready_file) != 0)
        return 2;
    dk_log_init("dashboard");
    if (dk_config_start_check() != 0)
        return 2;
    char base[512], err[512];
    public_url(base, sizeof base);
    static dk_board b = {.lock = PTHREAD_MUTEX_INITIALIZER};
    b.secure = strncmp(base, "https:", 6) == 0;
    b.trust_proxy = dk_web_trusted_hops();
    b.csrf_key = dk_config_str("DK_CSRF_KEY");
    b.max_tries = (int)dk_config_int("DK_STAFF_MAX_TRIES");
    b.group = dk_config_str("DK_DASHBOARD_GROUP");
    b.lag_ms = (int)dk_config_int("DK_DASHBOARD_LAG_MS");
    b.staff = (dk_staffweb){.cookie = DK_DASHBOARD_SESSION_COOKIE(b.secure),
                            .csrf_key = b.csrf_key,
                            .secure = b.secure};
    dk_auth_password_set_concurrency(2);
    dk_metrics_server *metrics = dk_metrics_serve("dashboard");
    dk_metrics_ready_check("postgresql", dk_pg_ready, NULL);
    b.dash = dk_dash_new();
    b.pool = dk_pgpool_new("dashboard", (int)dk_config_int("DK_DASHBOARD_PG_POOL"));
    if (!b.dash || !b.pool) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "the figures or the PostgreSQL pool");
        return 1;
    }
    /* A consumer librdkafka refuses (DK_KAFKA_CONFIG) ends it here: a
     * dashboard without its figures must not look as if it ran. */
    if (dk_board_open_consumer(&b) != 0)
        return 1;
    pthread_t consumer, lag;
    if (pthread_create(&consumer, NULL, dk_board_consume, &b) != 0 ||
        pthread_create(&lag, NULL, dk_board_lag, &b) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot start its threads");
        return 1;
    }
    int port = 0;
    if (serve(&b, base, &port, err, sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "listen_failed", "%s", err);
        dk_board_stop();
        pthread_join(consumer, NULL);
        pthread_join(lag, NULL);
        return 1;
    }
    char url[300];
    snprintf(url, sizeof url, "http://%s:%d", dk_config_str("DK_DASHBOARD_HOST"), port);
    if (ready_file && dk_ready_file_write(ready_file, url) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot write %s", ready_file);
        return 1;
    }
    dk_logj(DK_LOG_INFO, "listening",
            json_pack("{s:s, s:s, s:s}", "url", url, "public_url", base, "group", b.group));
    dk_stop_wait();
    dk_log(DK_LOG_INFO, "stopping", "no new connections; finishing requests in flight");
    int left = dk_web_drain(b.web, (int)dk_config_int("DK_INTAKE_DRAIN_MS"));
    if (left > 0)
        dk_logj(DK_LOG_ERROR, "drain_incomplete", json_pack("{s:i}", "requests_unanswered", left));
    dk_web_pages_free(b.pages);
    dk_metrics_stop(metrics);
    dk_board_stop();
    pthread_join(consumer, NULL);
    pthread_join(lag, NULL);
    dk_pgpool_free(b.pool);
    dk_dash_free(b.dash);
    json_decref(b.lag);
    dk_log(DK_LOG_INFO, "stopped", "clean exit");
    return 0;
}
