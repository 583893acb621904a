/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_broker.c — the embedded Kafka-protocol broker for development and tests:
 * a small process hosting librdkafka's mock cluster on loopback, with the
 * topics of schemas/topics.tsv created inside it. Every other process talks to
 * it over TCP exactly as to Kafka. It keeps messages in memory only.
 *
 *   dk-broker [--ready-file FILE]
 *
 * Once listening it writes "DK_KAFKA_BROKERS=host:port" to FILE (atomically).
 * Fault injection for tests: SIGUSR1 takes the broker down (connections are
 * refused), SIGUSR2 brings it back. SIGTERM/SIGINT stop it. Its metrics
 * port (DK_METRICS_PORT) answers /healthz, /readyz (503 while taken down)
 * and /metrics (dk_embedded_broker_up). */
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "core/dk_ready.h"
#include "metrics/dk_metrics.h"
#include "store/dk_topics.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_int down; /* SIGUSR1 took it down */

static int broker_ready(void *arg, char *why, size_t whylen)
{
    (void)arg;
    if (!atomic_load(&down))
        return 0;
    snprintf(why, whylen, "taken down (SIGUSR1): connections are refused");
    return -1;
}

int main(int argc, char **argv)
{
    const char *ready_file;
    if (dk_ready_file_arg(argc, argv, "dk-broker", &ready_file) != 0)
        return 2;
    dk_log_init("broker");
    /* The signals are taken synchronously by the main thread (sigwait below):
     * blocked here, before librdkafka starts its threads, so that no other
     * thread receives one and leaves the fault unapplied. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGUSR1);
    sigaddset(&sigs, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    char cerr[512];
    if (dk_config_check(cerr, sizeof cerr) != 0) { /* the broker holds no secret */
        dk_log(DK_LOG_ERROR, "bad_configuration", "%s", cerr);
        return 2;
    }
    /* After the mask: its threads leave the signals to sigwait too. */
    dk_metrics_server *metrics = dk_metrics_serve("broker");
    dk_metrics_series *up = dk_metrics_with(
        dk_metrics_gauge("dk_embedded_broker_up",
                         "1 while the embedded broker serves, 0 while a test took it down.", NULL));
    dk_metrics_set(up, 1);
    dk_metrics_ready_check("broker", broker_ready, NULL);

    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* A handle of our own to host the cluster; it connects nowhere. */
    if (rd_kafka_conf_set(conf, "bootstrap.servers", "", err, sizeof err) != RD_KAFKA_CONF_OK)
        return 1;
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        dk_log(DK_LOG_ERROR, "start_failed", "%s", err);
        return 1;
    }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, 1);
    if (!mc) {
        dk_log(DK_LOG_ERROR, "start_failed", "could not create the mock cluster");
        return 1;
    }
    for (const dk_topic_def *t = dk_topics; t->name; t++) {
        rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(mc, t->name, t->partitions, 1);
        if (e) {
            dk_log(DK_LOG_ERROR, "topic_create_failed", "%s: %s", t->name, rd_kafka_err2str(e));
            return 1;
        }
    }
    const char *bootstraps = rd_kafka_mock_cluster_bootstraps(mc);
    char line[512];
    snprintf(line, sizeof line, "DK_KAFKA_BROKERS=%s", bootstraps);
    if (ready_file && dk_ready_file_write(ready_file, line) != 0) {
        dk_log(DK_LOG_ERROR, "start_failed", "cannot write %s", ready_file);
        return 1;
    }
    dk_logj(DK_LOG_INFO, "listening",
            json_pack("{s:s, s:s}", "bootstraps", bootstraps, "storage", "memory only"));

    for (;;) {
        int sig = 0;
        if (sigwait(&sigs, &sig) != 0)
            continue;
        if (sig == SIGUSR1) {
            rd_kafka_mock_broker_set_down(mc, 1);
            atomic_store(&down, 1);
            dk_metrics_set(up, 0);
            dk_log(DK_LOG_WARN, "broker_down", "fault injected: broker 1 is down");
        } else if (sig == SIGUSR2) {
            rd_kafka_mock_broker_set_up(mc, 1);
            atomic_store(&down, 0);
            dk_metrics_set(up, 1);
            dk_log(DK_LOG_INFO, "broker_up", "broker 1 is back");
        } else {
            break;
        }
    }
    dk_metrics_stop(metrics);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    if (ready_file)
        unlink(ready_file);
    dk_log(DK_LOG_INFO, "stopped", "all messages held in memory are gone");
    return 0;
}
