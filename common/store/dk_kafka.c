/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_kafka.c — Kafka configuration and the acknowledging producer. A request
 * is only acknowledged to a person after the broker acknowledged it, so the
 * producer waits on each message's delivery report. */
#include "store/dk_kafka.h"

#include "core/dk_config.h"
#include "core/dk_log.h"
#include "metrics/dk_metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_kafka_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err,
                 size_t errlen)
{
    char rerr[256];
    if (rd_kafka_conf_set(conf, key, value, rerr, sizeof rerr) != RD_KAFKA_CONF_OK) {
        snprintf(err, errlen, "kafka setting %s: %s", key, rerr);
        return -1;
    }
    return 0;
}

/* librdkafka's own log lines, as JSON lines like ours (syslog levels). */
static void on_kafka_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    dk_log_level l = level <= 3   ? DK_LOG_ERROR
                     : level == 4 ? DK_LOG_WARN
                     : level <= 6 ? DK_LOG_INFO
                                  : DK_LOG_DEBUG;
    dk_logj(l, "kafka", json_pack("{s:s, s:s}", "facility", fac, "msg", buf));
}

rd_kafka_conf_t *dk_kafka_conf(const char *client_id, char *err, size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, on_kafka_log);
    if (dk_kafka_set(conf, "bootstrap.servers", dk_config_str("DK_KAFKA_BROKERS"), err, errlen) !=
            0 ||
        dk_kafka_set(conf, "client.id", client_id, err, errlen) != 0)
        goto fail;
    /* DK_KAFKA_CONFIG: "key=value;key=value" for a real cluster (TLS, SASL). */
    char *extra = strdup(dk_config_str("DK_KAFKA_CONFIG"));
    if (!extra) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    char *save = NULL;
    for (char *kv = strtok_r(extra, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, errlen, "DK_KAFKA_CONFIG: '%s' is not key=value", kv);
            free(extra);
            goto fail;
        }
        *eq = '\0';
        if (dk_kafka_set(conf, kv, eq + 1, err, errlen) != 0) {
            free(extra);
            goto fail;
        }
    }
    free(extra);
    return conf;
fail:
    rd_kafka_conf_destroy(conf);
    return NULL;
}

/* ---- the producer ---- */

/* ---- metrics ---- */

static dk_metrics_family *_Atomic produced_family, *_Atomic errors_family;

static dk_metrics_family *produced(void)
{
    dk_metrics_family *f = atomic_load(&produced_family);
    if (!f) {
        f = dk_metrics_counter("dk_messages_produced_total",
                               "Messages the broker acknowledged, by topic.", "topic");
        atomic_store(&produced_family, f);
    }
    return f;
}

void dk_kafka_count_error(const char *kind)
{
    dk_metrics_family *f = atomic_load(&errors_family);
    if (!f) {
        f = dk_metrics_counter("dk_broker_errors_total",
                               "Errors on the Kafka side: messages not acknowledged "
                               "(kind=produce), failed polls (consume) and offset commits "
                               "(commit).",
                               "kind");
        atomic_store(&errors_family, f);
    }
    dk_metrics_inc(dk_metrics_with(f, kind));
}

int dk_kafka_ready(void *rk, char *why, size_t whylen)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t e =
        rk ? rd_kafka_metadata(rk, 0, NULL, &md, 2000) : RD_KAFKA_RESP_ERR__STATE;
    if (md)
        rd_kafka_metadata_destroy(md);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
        return 0;
    snprintf(why, whylen, "no broker answered within 2 s: %s", rd_kafka_err2str(e));
    return -1;
}

struct dk_producer {
    rd_kafka_t *rk;
    pthread_t poller;
    volatile int stop;
};

/* Per-batch bookkeeping a delivery report finds through its opaque. Each
 * batch has its own lock and condition, so a report wakes only its waiter
 * (not every request thread in flight). */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t done;
    size_t pending;
} batch_wait;

typedef struct {
    batch_wait *batch;
    dk_outmsg *msg;
} msg_ref;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    msg_ref *ref = m->_private;
    batch_wait *b = ref->batch;
    pthread_mutex_lock(&b->lock);
    ref->msg->err = m->err;
    if (m->err)
        snprintf(ref->msg->errstr, sizeof ref->msg->errstr, "%s", rd_kafka_err2str(m->err));
    if (--b->pending == 0)
        pthread_cond_signal(&b->done);
    pthread_mutex_unlock(&b->lock);
}

static void *poll_loop(void *arg)
{
    dk_producer *p = arg;
    while (!p->stop)
        rd_kafka_poll(p->rk, 100);
    return NULL;
}

dk_producer *dk_producer_new(const char *client_id, int delivery_timeout_ms, char *err,
                             size_t errlen)
{
    rd_kafka_conf_t *conf = dk_kafka_conf(client_id, err, errlen);
    if (!conf)
        return NULL;
    char timeout[32];
    snprintf(timeout, sizeof timeout, "%d", delivery_timeout_ms);
    if (dk_kafka_set(conf, "acks", "all", err, errlen) != 0 ||
        dk_kafka_set(conf, "enable.idempotence", "true", err, errlen) != 0 ||
        dk_kafka_set(conf, "message.timeout.ms", timeout, err, errlen) != 0 ||
        dk_kafka_set(conf, "linger.ms", "2", err, errlen) != 0 ||
        dk_kafka_set(conf, "partitioner", "murmur2_random", err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    char rerr[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, rerr, sizeof rerr);
    if (!rk) {
        snprintf(err, errlen, "kafka producer: %s", rerr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    dk_producer *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "kafka producer: out of memory");
        rd_kafka_destroy(rk);
        return NULL;
    }
    p->rk = rk;
    if (pthread_create(&p->poller, NULL, poll_loop, p) != 0) {
        snprintf(err, errlen, "kafka producer: cannot start its poller thread");
        rd_kafka_destroy(rk);
        free(p);
        return NULL;
    }
    return p;
}

rd_kafka_t *dk_producer_handle(dk_producer *p)
{
    return p->rk;
}

size_t dk_producer_send_batch(dk_producer *p, dk_outmsg *msgs, size_t n)
{
    batch_wait batch = {.pending = 0};
    pthread_mutex_init(&batch.lock, NULL);
    pthread_cond_init(&batch.done, NULL);
    msg_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) { /* nothing sent: every message failed, the caller retries */
        for (size_t i = 0; i < n; i++) {
            msgs[i].err = RD_KAFKA_RESP_ERR__FAIL;
            snprintf(msgs[i].errstr, sizeof msgs[i].errstr, "out of memory");
        }
        pthread_mutex_destroy(&batch.lock);
        pthread_cond_destroy(&batch.done);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        refs[i] = (msg_ref){&batch, &msgs[i]};
        msgs[i].err = -1;
        msgs[i].errstr[0] = '\0';
        pthread_mutex_lock(&batch.lock);
        batch.pending++;
        pthread_mutex_unlock(&batch.lock);
        rd_kafka_resp_err_t e = rd_kafka_producev(
            p->rk, RD_KAFKA_V_TOPIC(msgs[i].topic),
            RD_KAFKA_V_PARTITION(msgs[i].pin ? msgs[i].partition : RD_KAFKA_PARTITION_UA),
            RD_KAFKA_V_KEY(msgs[i].key, msgs[i].key ? strlen(msgs[i].key) : 0),
            RD_KAFKA_V_VALUE((void *)msgs[i].payload, msgs[i].len),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(&refs[i]), RD_KAFKA_V_END);
        if (e) {
            pthread_mutex_lock(&batch.lock);
            batch.pending--;
            msgs[i].err = e;
            snprintf(msgs[i].errstr, sizeof msgs[i].errstr, "%s", rd_kafka_err2str(e));
            pthread_mutex_unlock(&batch.lock);
        }
    }
    /* No deadline of our own: message.timeout.ms (the delivery timeout given
     * to dk_producer_new) guarantees every report arrives within that bound. */
    pthread_mutex_lock(&batch.lock);
    while (batch.pending > 0)
        pthread_cond_wait(&batch.done, &batch.lock);
    pthread_mutex_unlock(&batch.lock);
    pthread_mutex_destroy(&batch.lock);
    pthread_cond_destroy(&batch.done);
    size_t ok = 0;
    dk_metrics_family *fam = produced();
    for (size_t i = 0; i < n; i++) {
        ok += msgs[i].err == 0;
        if (msgs[i].err == 0)
            dk_metrics_inc(dk_metrics_with(fam, msgs[i].topic));
        else
            dk_kafka_count_error("produce");
    }
    free(refs);
    return ok;
}

void dk_producer_free(dk_producer *p, int wait_ms)
{
    if (!p)
        return;
    rd_kafka_flush(p->rk, wait_ms);
    p->stop = 1;
    pthread_join(p->poller, NULL);
    rd_kafka_destroy(p->rk);
    free(p);
}
