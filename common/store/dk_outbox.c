/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_outbox.c — writing to and relaying the outbox table. */
#include "store/dk_outbox.h"

#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "metrics/dk_metrics.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

json_t *dk_outbox_row(const char *topic, const char *key, json_t *envelope)
{
    char *text = envelope ? dk_json_text(envelope) : NULL;
    json_decref(envelope);
    if (!text)
        return NULL;
    json_t *row = json_pack("{s:s, s:s, s:s}", "topic", topic, "key", key, "payload", text);
    free(text);
    return row;
}

#define RELAY_CHUNK 1000

int dk_outbox_add(PGconn *pg, const char *topic, const char *key, const char *payload, char *err,
                  size_t errlen)
{
    const char *params[] = {topic, key, payload};
    PGresult *r =
        dk_pg_query(pg, "INSERT INTO outbox (topic, msg_key, payload) VALUES ($1, $2, $3)", 3,
                    params, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

int dk_outbox_add_rows(PGconn *pg, const json_t *rows, char *err, size_t errlen)
{
    if (json_array_size(rows) == 0)
        return 0;
    char *text = dk_json_text(rows);
    const char *params[] = {text};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO outbox (topic, msg_key, payload) "
                              "SELECT topic, key, payload FROM jsonb_to_recordset($1::jsonb) "
                              "AS x(topic text, key text, payload text)",
                              1, params, err, errlen);
    free(text);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

/* One chunk: lock, publish, mark. Returns rows published, or -1. */
static long relay_chunk(PGconn *pg, dk_producer *producer, int *more, char *err, size_t errlen)
{
    *more = 0;
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    char limit[16];
    snprintf(limit, sizeof limit, "%d", RELAY_CHUNK);
    const char *p1[] = {limit};
    PGresult *r = dk_pg_query(pg,
                              "SELECT id, topic, msg_key, payload FROM outbox "
                              "WHERE sent_at IS NULL ORDER BY id LIMIT $1 "
                              "FOR UPDATE SKIP LOCKED",
                              1, p1, err, errlen);
    if (!r) {
        dk_pg_rollback(pg);
        return -1;
    }
    int n = PQntuples(r);
    if (n == 0) {
        PQclear(r);
        return dk_pg_exec(pg, "COMMIT", err, errlen) == 0 ? 0 : -1;
    }
    dk_outmsg *msgs = calloc((size_t)n, sizeof *msgs);
    /* The ids the broker acknowledged, as a Postgres array literal. */
    size_t cap = (size_t)(unsigned)n * 21 + 3, len = 0;
    char *ids = malloc(cap);
    if (!msgs || !ids) { /* nothing sent: the rows stay queued for the next relay */
        free(msgs);
        free(ids);
        PQclear(r);
        dk_pg_rollback(pg);
        snprintf(err, errlen, "relaying %d outbox messages: out of memory", n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        msgs[i].topic = PQgetvalue(r, i, 1);
        msgs[i].key = PQgetvalue(r, i, 2);
        msgs[i].payload = PQgetvalue(r, i, 3);
        msgs[i].len = (size_t)PQgetlength(r, i, 3);
    }
    dk_producer_send_batch(producer, msgs, (size_t)n);

    ids[len++] = '{';
    long published = 0;
    for (int i = 0; i < n; i++) {
        if (msgs[i].err != 0) {
            dk_logj(DK_LOG_WARN, "outbox_publish_failed",
                    json_pack("{s:s, s:s}", "topic", msgs[i].topic, "reason", msgs[i].errstr));
            continue;
        }
        len += (size_t)snprintf(ids + len, cap - len, "%s%s", published ? "," : "",
                                PQgetvalue(r, i, 0));
        published++;
    }
    ids[len++] = '}';
    ids[len] = '\0';
    free(msgs);
    PQclear(r);
    const char *p2[] = {ids};
    r = dk_pg_query(pg, "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])", 1, p2,
                    err, errlen);
    free(ids);
    if (!r || dk_pg_exec(pg, "COMMIT", err, errlen) != 0) {
        PQclear(r);
        dk_pg_rollback(pg);
        return -1;
    }
    PQclear(r);
    *more = (n == RELAY_CHUNK && published == n);
    if (published < n) {
        snprintf(err, errlen, "%ld of %d outbox messages not acknowledged", n - published, n);
        return published ? published : -1;
    }
    return published;
}

long dk_outbox_relay(PGconn *pg, dk_producer *producer, char *err, size_t errlen)
{
    long total = 0;
    int more = 1;
    while (more) {
        long n = relay_chunk(pg, producer, &more, err, errlen);
        if (n < 0)
            return total ? total : -1;
        total += n;
    }
    return total;
}

/* ---- the relay thread ---- */

struct dk_relay {
    const char *service;
    dk_producer *producer;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int kicked, stop;
};

/* dk_outbox_backlog_messages: rows not yet published (all services': the
 * outbox is one table), read after a relay at most once a second (an
 * index of the unsent rows makes it cheap). */
static void measure_backlog(PGconn *pg, int64_t *last_ms)
{
    int64_t now = dk_mono_ms();
    if (*last_ms && now - *last_ms < 1000)
        return;
    *last_ms = now;
    char err[256];
    PGresult *res = dk_pg_query(pg, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", 0, NULL,
                                err, sizeof err);
    if (!res)
        return;
    static dk_metrics_series *backlog;
    if (!backlog)
        backlog = dk_metrics_with(dk_metrics_gauge(
            "dk_outbox_backlog_messages",
            "Outbox rows not yet published to Kafka, as this process's relay last saw them.",
            NULL));
    dk_metrics_set(backlog, strtod(PQgetvalue(res, 0, 0), NULL));
    PQclear(res);
}

static void relay_once(dk_relay *r, PGconn **pg, int64_t *measured_ms)
{
    char err[512];
    if (!*pg && !(*pg = dk_pg_connect(r->service, err, sizeof err))) {
        dk_log(DK_LOG_WARN, "outbox_relay_failed", "%s", err);
        return;
    }
    if (dk_outbox_relay(*pg, r->producer, err, sizeof err) < 0) {
        dk_log(DK_LOG_WARN, "outbox_relay_failed", "%s", err);
        if (dk_pg_broken(*pg)) {
            PQfinish(*pg);
            *pg = NULL;
        }
    }
    if (*pg)
        measure_backlog(*pg, measured_ms);
}

static void *relay_loop(void *arg)
{
    dk_relay *r = arg;
    PGconn *pg = NULL;
    int64_t measured_ms = 0;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        if (!r->kicked) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            pthread_cond_timedwait(&r->wake, &r->lock, &until);
        }
        r->kicked = 0;
        pthread_mutex_unlock(&r->lock);
        relay_once(r, &pg, &measured_ms);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    relay_once(r, &pg, &measured_ms); /* what the last batch queued */
    PQfinish(pg);
    return NULL;
}

dk_relay *dk_relay_start(const char *service, dk_producer *producer)
{
    dk_relay *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->service = service;
    r->producer = producer;
    r->kicked = 1; /* whatever a crashed predecessor left behind */
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, relay_loop, r) != 0) {
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        free(r);
        return NULL;
    }
    return r;
}

void dk_relay_kick(dk_relay *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->kicked = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
}

void dk_relay_stop(dk_relay *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    free(r);
}
