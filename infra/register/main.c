/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-register, the development register (devregister.h): reads
 * the configuration, serves the register's contract on the common HTTP
 * server (common/web) from PostgreSQL, and on SIGTERM answers what it has
 * received and exits 0. Started and supervised by infra/stack.sh.
 *
 *   dk-register [--host ADDR] [--port N] [--ready-file FILE]
 *   (port 0: any free port; FILE receives the base URL once listening) */
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"
#include "core/dk_stop.h"
#include "devregister.h"
#include "store/dk_pg.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(void)
{
    fprintf(stderr, "usage: dk-register [--host ADDR] [--port N] [--ready-file FILE]\n");
    return 2;
}

int main(int argc, char **argv)
{
    /* Before any thread starts: SIGTERM and SIGINT wait for dk_stop_wait. */
    dk_stop_block();
    signal(SIGPIPE, SIG_IGN);
    const char *ready_file = NULL, *host = "127.0.0.1";
    int port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ready-file") == 0 && i + 1 < argc) {
            ready_file = argv[++i];
        } else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
            host = argv[++i];
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            char *end;
            long p = strtol(argv[++i], &end, 10);
            if (*end || p < 0 || p > 65535)
                return usage();
            port = (int)p;
        } else {
            return usage();
        }
    }
    dk_log_init("register");
    if (dk_config_start_check() != 0)
        return 2;
    static devregister d;
    d.token = dk_config_str("DK_REGISTER_TOKEN");
    d.delay_ms = dk_config_int("DK_REGISTER_DELAY_MS");
    d.stopping = dk_stop_flag();
    devregister_metrics(&d);
    dk_metrics_server *metrics = dk_metrics_serve("register");
    dk_metrics_ready_check("postgresql", dk_pg_ready, NULL);
    d.pool = dk_pgpool_new("register", 4);
    if (!d.pool) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "the PostgreSQL pool");
        return 1;
    }
    dk_web_options o = {.name = "register",
                        .host = host,
                        .port = port,
                        .handler = devregister_handle,
                        .cls = &d,
                        .max_body = 4096,
                        .header_ms = 10000,
                        .body_ms = 10000,
                        .workers = 8,
                        .loops = 1,
                        .max_connections = 200,
                        .routes = devregister_routes};
    char err[512];
    dk_web *w = dk_web_start(&o, err, sizeof err);
    if (!w) {
        dk_log(DK_LOG_ERROR, "listen_failed", "%s", err);
        dk_pgpool_free(d.pool);
        return 1;
    }
    char url[300];
    snprintf(url, sizeof url, "http://%s:%d", host, dk_web_port(w));
    if (ready_file && dk_ready_file_write(ready_file, url) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot write %s", ready_file);
        return 1;
    }
    dk_logj(DK_LOG_INFO, "listening",
            json_pack("{s:s, s:I, s:b}", "url", url, "delay_ms", (json_int_t)d.delay_ms,
                      "token_required", d.token[0] != '\0'));

    dk_stop_wait();
    dk_log(DK_LOG_INFO, "stopping", "no new connections; finishing requests in flight");
    int unanswered = dk_web_drain(w, 5000);
    if (unanswered > 0)
        dk_logj(DK_LOG_ERROR, "drain_incomplete",
                json_pack("{s:i}", "requests_unanswered", unanswered));
    dk_metrics_stop(metrics);
    dk_pgpool_free(d.pool);
    dk_log(DK_LOG_INFO, "stopped", "clean exit");
    return 0;
}
