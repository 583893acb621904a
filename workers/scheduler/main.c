/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-scheduler: a consumer of dk.schedule (proposals, assign.c) and
 * dk.documents.validated (reservations, reserve.c), plus a sweep thread
 * that gives the requests waiting for their source's limit another try
 * every DK_SCHEDULER_SWEEP_MS. Holds that run out are freed by their
 * proposal_expiry timers (dk-timers, common/booking/dk_booking_timers.h). */
#include "scheduler.h"

#include "booking/dk_booking.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_scheduler_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen)
{
    (void)arg;
    dk_msg **plan = calloc(n ? n : 1, sizeof *plan);
    if (!plan) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t k = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strcmp(msgs[i]->env.type, "schedule.requested") == 0)
            plan[k++] = msgs[i];
        else
            rc = dk_reserve_on_verdict(pg, msgs[i], err, errlen);
    }
    if (rc == 0 && k > 0)
        rc = dk_assign_batch(pg, plan, k, err, errlen);
    free(plan);
    return rc;
}

/* Requests waiting for their source's limit, for every source below it, get
 * another try: one transaction. Returns how many, or -1 (rolled back). */
static long retry_sources(PGconn *pg, char *err, size_t errlen)
{
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    json_t *rows = json_array();
    long n = dk_booking_retry_sources(pg, rows, (int)dk_config_int("DK_MAX_LIVE_PER_SOURCE"),
                                      dk_now_ms(), err, errlen);
    if (n > 0 && dk_outbox_add_rows(pg, rows, err, errlen) != 0)
        n = -1;
    json_decref(rows);
    if (n < 0 || dk_pg_exec(pg, "COMMIT", err, errlen) != 0) {
        dk_pg_rollback(pg);
        return -1;
    }
    if (n > 0)
        dk_log(DK_LOG_INFO, "source_retried",
               "%ld requests waiting for their source's limit"
               " get another try",
               n);
    return n;
}

/* Retries the requests waiting for their source's limit until the worker
 * stops; its own connection, its own short transactions, shared safely with
 * the other replicas. */
static void *sweep(void *unused)
{
    (void)unused; /* started by the runtime once the configuration passed (dk_worker_def) */
    PGconn *pg = NULL;
    while (!dk_worker_stopping()) {
        char err[512];
        if (!pg || dk_pg_broken(pg)) {
            if (pg)
                PQfinish(pg);
            pg = dk_pg_connect("dk-scheduler-sweep", err, sizeof err);
        }
        if (pg && retry_sources(pg, err, sizeof err) < 0)
            dk_log(DK_LOG_WARN, "sweep_failed", "%s", err);
        dk_worker_sleep_ms(dk_config_int("DK_SCHEDULER_SWEEP_MS"));
    }
    if (pg)
        PQfinish(pg);
    return NULL;
}

int main(void)
{
    static const char *const topics[] = {DK_TOPIC_SCHEDULE, DK_TOPIC_DOCS_VALIDATED, NULL};
    static const char *const types[] = {"schedule.requested", "document.validated", NULL};
    dk_worker_def def = {
        .service = "scheduler",
        .group = "dk-scheduler",
        .topics = topics,
        .types = types,
        .handle = dk_scheduler_handle,
        .background = sweep,
    };
    return dk_worker_run(&def);
}
