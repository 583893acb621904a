/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-intake: reads the configuration, connects the acknowledging
 * producer, the PostgreSQL pool and the outbox relay of the self-service
 * link, serves HTTP with libmicrohttpd, and on SIGTERM stops accepting,
 * answers every request it has received (within DK_INTAKE_DRAIN_MS), relays
 * what they queued, flushes, and exits 0.
 *
 *   dk-intake [--ready-file FILE]   (FILE receives the base URL once listening) */
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"
#include "core/dk_stop.h"
#include "core/dk_upload_limit.h"
#include "intake.h"
#include "metrics/dk_metrics.h"
#include "proposal.h"
#include "store/dk_pg.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static int parse_office_hours(const char *s, dk_app_rules *r)
{
    char from[6], to[6];
    if (strlen(s) != 11 || s[5] != '-')
        return -1;
    memcpy(from, s, 5);
    from[5] = '\0';
    memcpy(to, s + 6, 5);
    to[5] = '\0';
    if (dk_app_parse_hhmm(from, &r->office_from_min) != 0 ||
        dk_app_parse_hhmm(to, &r->office_to_min) != 0 || r->office_to_min <= r->office_from_min)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    /* Before any thread starts: SIGTERM and SIGINT wait for dk_stop_wait. */
    dk_stop_block();
    signal(SIGPIPE, SIG_IGN);
    const char *ready_file;
    if (dk_ready_file_arg(argc, argv, "dk-intake", &ready_file) != 0)
        return 2;
    dk_log_init("intake");
    char err[512];
    if (dk_config_start_check() != 0)
        return 2;
    dk_intake in = {0};
    dk_app_rules_default(&in.rules);
    in.rules.slot_minutes = (int)dk_config_int("DK_SLOT_MINUTES");
    in.rules.max_motivation_chars = (int)dk_config_int("DK_MOTIVATION_MAX");
    if (parse_office_hours(dk_config_str("DK_OFFICE_HOURS"), &in.rules) != 0) {
        dk_log(DK_LOG_ERROR, "bad_configuration", "DK_OFFICE_HOURS must look like 09:00-17:00");
        return 2;
    }
    in.max_body = dk_config_int("DK_INTAKE_MAX_BODY");
    in.trust_proxy = dk_web_trusted_hops();
    in.secure_cookies = strncmp(dk_config_str("DK_PUBLIC_URL"), "https:", 6) == 0;
    in.code_key = dk_config_str("DK_CODE_KEY");
    in.csrf_key = dk_config_str("DK_CSRF_KEY");
    in.limiter = dk_ratelimit_new(dk_config_int("DK_INTAKE_RATE_LIMIT"));
    in.key_limiter = dk_ratelimit_new(dk_config_int("DK_KEY_RATE_LIMIT"));
    in.upload_max = (long)dk_upload_max(); /* what the store keeps and the check accepts */
    in.max_tries = (int)dk_config_int("DK_PROPOSAL_MAX_TRIES");
    in.lock_minutes = (int)dk_config_int("DK_PROPOSAL_LOCK_MINUTES");
    dk_metrics_server *metrics = dk_metrics_serve("intake");
    int pool_size = (int)dk_config_int("DK_INTAKE_PG_POOL");
    in.pool = dk_pgpool_new("intake", pool_size);
    if (!in.pool) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "the PostgreSQL pool");
        return 1;
    }
    in.max_uploads = 2 * pool_size;
    in.accept_precheck = dk_proposal_accept_precheck;
    in.producer =
        dk_producer_new("intake", (int)dk_config_int("DK_INTAKE_ACK_TIMEOUT_MS"), err, sizeof err);
    if (!in.producer) {
        dk_log(DK_LOG_ERROR, "kafka_unavailable", "%s", err);
        return 1;
    }
    dk_metrics_ready_check("postgresql", dk_pg_ready, NULL);
    dk_metrics_ready_check("broker", dk_kafka_ready, dk_producer_handle(in.producer));
    in.relay = dk_relay_start("intake", in.producer);
    if (!in.relay) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "starting the outbox relay");
        dk_producer_free(in.producer, 0);
        return 1;
    }
    /* Thousands of slow clients cost a descriptor each: allow what the
     * system allows. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int port = 0;
    const char *host = dk_config_str("DK_INTAKE_HOST");
    struct MHD_Daemon *d =
        dk_http_start(&in, host, (int)dk_config_int("DK_INTAKE_PORT"), &port, err, sizeof err);
    if (!d) {
        dk_log(DK_LOG_ERROR, "listen_failed", "%s", err);
        return 1;
    }
    char url[300];
    snprintf(url, sizeof url, "http://%s:%d", host, port);
    if (ready_file && dk_ready_file_write(ready_file, url) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot write %s", ready_file);
        return 1;
    }
    dk_logj(DK_LOG_INFO, "listening", json_pack("{s:s}", "url", url));

    dk_stop_wait();
    dk_log(DK_LOG_INFO, "stopping", "no new connections; finishing requests in flight");
    int unanswered = dk_http_drain(&in, d, (int)dk_config_int("DK_INTAKE_DRAIN_MS"));
    if (unanswered > 0)
        dk_logj(DK_LOG_ERROR, "drain_incomplete",
                json_pack("{s:i}", "requests_unanswered", unanswered));
    dk_relay_stop(in.relay); /* publishes what they queued */
    dk_metrics_stop(metrics);
    dk_pgpool_free(in.pool);
    dk_producer_free(in.producer, 10000);
    dk_ratelimit_free(in.limiter);
    dk_ratelimit_free(in.key_limiter);
    dk_log(DK_LOG_INFO, "stopped", "clean exit");
    return 0;
}
