/* SPDX-License-Identifier: EUPL-1.2 */
/* timers.c — dk-timers' loop: claim up to DK_TIMERS_BATCH due timers (FOR
 * UPDATE SKIP LOCKED: replicas never claim one timer twice), fire them
 * (common/booking/dk_booking_timers.h) and mark them fired in one
 * transaction, then kick the outbox relay. A batch that fails is rolled
 * back and its timers are fired one by one; one that keeps failing is due
 * again after a doubling backoff (DK_RETRY_BACKOFF_MS), and after
 * DK_RETRY_MAX attempts it ends as "failed" with an operator alert (the
 * runtime's dead letter has a source message; a timer has none). Between
 * looks it sleeps until the next due timer, at most DK_TIMERS_POLL_MS, and
 * always reads the time through dk_now_ms() (DK_NOW in tests). */
#include "timers.h"

#include "booking/dk_booking_timers.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "dk_consumer.h"
#include "metrics/dk_metrics.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    PGconn *pg;
    long batch, poll_ms, retry_max, backoff_ms;
    long single; /* timers still to fire one by one after a failed batch */
    long fired;  /* by the last look */
} loop_state;

/* ---- metrics ---- */

static const double lateness_buckets[] = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 86400};

static struct {
    dk_metrics_family *fired, *lateness, *failed;
} fam;

static void register_metrics(void)
{
    fam.fired = dk_metrics_counter("dk_timers_fired_total", "Timers fired, by kind.", "kind");
    fam.lateness = dk_metrics_histogram(
        "dk_timer_lateness_seconds", "How long after its due time a timer fired, by kind.", "kind",
        lateness_buckets, sizeof lateness_buckets / sizeof lateness_buckets[0]);
    fam.failed = dk_metrics_counter(
        "dk_timers_failed_total",
        "Timers whose firing failed alone: due again later (outcome=retry) or given up with an "
        "operator alert (given_up).",
        "kind,outcome");
    static const char *const kinds[] = {DK_TIMER_REMINDER,        DK_TIMER_PROMISE,
                                        DK_TIMER_PROMISE_ALERT,   DK_TIMER_PROPOSAL_EXPIRY,
                                        DK_TIMER_OUTCOME_OVERDUE, DK_TIMER_RETENTION};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        dk_metrics_with(fam.fired, kinds[i]); /* shown at 0 from the start */
}

/* Fired timers, once their transaction committed (claimed ones that fired
 * nothing count too: their firing is done). */
static void count_fired(const dk_timer *t, long n, int64_t now_ms)
{
    for (long i = 0; i < n; i++) {
        if (!dk_timer_kind_known(t[i].kind))
            continue; /* the table's CHECK allows none other: a bounded label */
        dk_metrics_inc(dk_metrics_with(fam.fired, t[i].kind));
        double late = (double)(now_ms - t[i].due_ms) / 1000.0;
        dk_metrics_observe(dk_metrics_with(fam.lateness, t[i].kind), late > 0 ? late : 0);
    }
}

/* How long to sleep: until the next open timer is due, at most poll_ms. */
static long sleep_ms(loop_state *s, int64_t now)
{
    char err[256];
    PGresult *r = dk_pg_query(s->pg,
                              "SELECT (extract(epoch FROM min(due_at)) * 1000)::bigint FROM timers"
                              " WHERE fired_at IS NULL AND cancelled_at IS NULL",
                              0, NULL, err, sizeof err);
    long ms = s->poll_ms;
    if (r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
        int64_t next = strtoll(PQgetvalue(r, 0, 0), NULL, 10) - now;
        if (next < ms)
            ms = next > 0 ? (long)next : 0;
    }
    PQclear(r);
    return ms;
}

/* A timer that failed alone: due again later, or given up. */
static void failed_alone(loop_state *s, const dk_timer *t, const char *why, int64_t now)
{
    char err[512];
    int give_up = t->attempts + 1 >= s->retry_max;
    long delay = s->backoff_ms;
    for (int i = 0; i < t->attempts && delay < 3600000; i++)
        delay *= 2;
    if (delay > 3600000)
        delay = 3600000;
    int rc = dk_pg_exec(s->pg, "BEGIN", err, sizeof err);
    if (rc == 0)
        rc = give_up ? dk_booking_timer_give_up(s->pg, t, why, now, err, sizeof err)
                     : dk_timer_mark_failed(s->pg, t, why, now, delay, err, sizeof err);
    if (rc == 0)
        rc = dk_pg_exec(s->pg, "COMMIT", err, sizeof err);
    if (rc != 0) {
        dk_pg_rollback(s->pg);
        dk_log(DK_LOG_ERROR, "timer_failed", "recording the failure of timer %s: %s", t->id, err);
        return;
    }
    if (dk_timer_kind_known(t->kind))
        dk_metrics_inc(dk_metrics_with(fam.failed, t->kind, give_up ? "given_up" : "retry"));
    dk_logj(give_up ? DK_LOG_ERROR : DK_LOG_WARN, give_up ? "timer_given_up" : "timer_failed",
            json_pack("{s:s, s:s, s:s, s:i, s:s}", "timer_id", t->id, "kind", t->kind,
                      "application_id", t->application_id, "attempt", t->attempts + 1, "reason",
                      why));
    if (give_up)
        dk_worker_relay_kick();
}

/* One look: claims, fires, commits. Returns how many were claimed, or -1
 * when the database went away. */
static long one_batch(loop_state *s)
{
    char err[1024];
    int64_t now = dk_now_ms(), t0 = dk_mono_ms();
    long limit = s->single > 0 ? 1 : s->batch;
    dk_timer *t = NULL;
    long n = -1, fired = -1;
    s->fired = 0;
    if (dk_pg_exec(s->pg, "BEGIN", err, sizeof err) == 0 &&
        (n = dk_timer_claim(s->pg, now, (int)limit, NULL, &t, err, sizeof err)) >= 0 &&
        (fired = dk_booking_fire_timers(s->pg, t, (size_t)n, now, err, sizeof err)) >= 0 &&
        dk_pg_exec(s->pg, "COMMIT", err, sizeof err) == 0) {
        if (s->single > 0)
            s->single -= n;
        s->fired = fired;
        count_fired(t, n, now);
        if (fired > 0) {
            dk_worker_relay_kick();
            dk_logj(DK_LOG_INFO, "timers_fired",
                    json_pack("{s:I, s:I, s:I}", "claimed", (json_int_t)n, "fired",
                              (json_int_t)fired, "ms", (json_int_t)(dk_mono_ms() - t0)));
        }
        free(t);
        return n;
    }
    dk_pg_rollback(s->pg);
    if (dk_pg_broken(s->pg)) {
        free(t);
        return -1;
    }
    if (n == 1) {
        failed_alone(s, &t[0], err, now);
        if (s->single > 0)
            s->single--;
    } else if (n > 1) {
        dk_log(DK_LOG_WARN, "batch_failed", "firing %ld timers one by one: %s", n, err);
        s->single = n;
    } else {
        dk_log(DK_LOG_WARN, "timers_claim_failed", "%s", err);
    }
    free(t);
    return n > 0 ? n : 0;
}

void *dk_timers_loop(void *unused)
{
    (void)unused;
    loop_state s = {
        .batch = dk_config_int("DK_TIMERS_BATCH"),
        .poll_ms = dk_config_int("DK_TIMERS_POLL_MS"),
        .retry_max = dk_config_int("DK_RETRY_MAX"),
        .backoff_ms = dk_config_int("DK_RETRY_BACKOFF_MS"),
    };
    long reconnect_ms = s.backoff_ms;
    register_metrics();
    while (!dk_worker_stopping()) {
        char err[512];
        if (!s.pg || dk_pg_broken(s.pg)) {
            if (s.pg)
                PQfinish(s.pg);
            s.pg = dk_pg_connect("dk-timers", err, sizeof err);
            if (!s.pg) {
                dk_log(DK_LOG_WARN, "postgres_unavailable", "%s", err);
                dk_worker_sleep_ms(reconnect_ms);
                reconnect_ms = reconnect_ms < 5000 ? reconnect_ms * 2 : 5000;
                continue;
            }
            reconnect_ms = s.backoff_ms;
            if (dk_booking_deadlines_start(s.pg, dk_now_ms(), err, sizeof err) != 0)
                dk_log(DK_LOG_WARN, "deadlines_not_set", "%s", err);
        }
        long n = one_batch(&s);
        if (n < 0 || (n > 0 && s.fired == n && (s.single > 0 || n == s.batch)))
            continue; /* more may be due at once (or reconnect) */
        /* Not less than 20 ms: a due timer another replica holds, or one
         * whose applicant is answering right now, is not waited for busily. */
        long ms = sleep_ms(&s, dk_now_ms());
        dk_worker_sleep_ms(ms < 20 ? 20 : ms);
    }
    if (s.pg)
        PQfinish(s.pg);
    return NULL;
}
