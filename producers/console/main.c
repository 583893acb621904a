/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-console: reads the configuration, connects the PostgreSQL
 * pool, the producer and the outbox relay (the outcome's message and mail
 * leave through the outbox), serves the console on the common HTTP server,
 * and on SIGTERM stops accepting, answers every request it has received,
 * relays what they queued, and exits 0.
 *
 *   dk-console [--ready-file FILE]   (FILE receives the base URL once listening) */
#include "auth/dk_auth_password.h"
#include "console.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"
#include "core/dk_stop.h"
#include "metrics/dk_metrics.h"
#include "store/dk_pg.h"
#include "web/dk_web_form.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    /* Before any thread starts: SIGTERM and SIGINT wait for dk_stop_wait. */
    dk_stop_block();
    signal(SIGPIPE, SIG_IGN);
    const char *ready_file;
    if (dk_ready_file_arg(argc, argv, "dk-console", &ready_file) != 0)
        return 2;
    dk_log_init("console");
    char err[512];
    if (dk_config_start_check() != 0)
        return 2;
    char base[512];
    dk_staff_console_url(base, sizeof base);
    dk_console cn = {.secure = strncmp(base, "https:", 6) == 0,
                     .trust_proxy = dk_web_trusted_hops(),
                     .csrf_key = dk_config_str("DK_CSRF_KEY"),
                     .max_tries = (int)dk_config_int("DK_STAFF_MAX_TRIES"),
                     .max_body = dk_config_int("DK_CONSOLE_MAX_BODY")};
    cn.staff = (dk_staffweb){.cookie = DK_CONSOLE_SESSION_COOKIE(cn.secure),
                             .csrf_key = cn.csrf_key,
                             .secure = cn.secure};
    dk_auth_password_set_concurrency(2);
    dk_metrics_server *metrics = dk_metrics_serve("console");
    cn.pool = dk_pgpool_new("console", (int)dk_config_int("DK_CONSOLE_PG_POOL"));
    if (!cn.pool) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "the PostgreSQL pool");
        return 1;
    }
    cn.producer =
        dk_producer_new("console", (int)dk_config_int("DK_INTAKE_ACK_TIMEOUT_MS"), err, sizeof err);
    if (!cn.producer) {
        dk_log(DK_LOG_ERROR, "kafka_unavailable", "%s", err);
        return 1;
    }
    dk_metrics_ready_check("postgresql", dk_pg_ready, NULL);
    dk_metrics_ready_check("broker", dk_kafka_ready, dk_producer_handle(cn.producer));
    cn.relay = dk_relay_start("console", cn.producer);
    if (!cn.relay) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "starting the outbox relay");
        dk_producer_free(cn.producer, 0);
        return 1;
    }
    int port = 0;
    const char *host = dk_config_str("DK_CONSOLE_HOST");
    if (dk_console_start(&cn, host, (int)dk_config_int("DK_CONSOLE_PORT"), &port, err,
                         sizeof err) != 0) {
        dk_log(DK_LOG_ERROR, "listen_failed", "%s", err);
        dk_relay_stop(cn.relay);
        dk_producer_free(cn.producer, 0);
        return 1;
    }
    char url[300];
    snprintf(url, sizeof url, "http://%s:%d", host, port);
    if (ready_file && dk_ready_file_write(ready_file, url) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot write %s", ready_file);
        return 1;
    }
    dk_logj(DK_LOG_INFO, "listening", json_pack("{s:s, s:s}", "url", url, "public_url", base));

    dk_stop_wait();
    dk_log(DK_LOG_INFO, "stopping", "no new connections; finishing requests in flight");
    int unanswered = dk_console_drain(&cn, (int)dk_config_int("DK_INTAKE_DRAIN_MS"));
    if (unanswered > 0)
        dk_logj(DK_LOG_ERROR, "drain_incomplete",
                json_pack("{s:i}", "requests_unanswered", unanswered));
    dk_relay_stop(cn.relay);
    dk_metrics_stop(metrics);
    dk_pgpool_free(cn.pool);
    dk_producer_free(cn.producer, 10000);
    dk_log(DK_LOG_INFO, "stopped", "clean exit");
    return 0;
}
