/* SPDX-License-Identifier: EUPL-1.2 */
/* devregister.h — dk-register, the development register of stolen, lost
 * and cancelled documents: a small real HTTP service that answers the
 * contract of common/register (README "The document register") from the
 * table register_reports, so that the embedded stack checks documents
 * against something that can be down, slow or say "reported". */
#ifndef DEVREGISTER_H
#define DEVREGISTER_H

#include "metrics/dk_metrics.h"
#include "store/dk_pgpool.h"
#include "web/dk_web.h"

#include <signal.h>

typedef struct {
    dk_pgpool *pool;
    const char *token; /* DK_REGISTER_TOKEN: "" = no token asked for */
    long delay_ms;     /* DK_REGISTER_DELAY_MS: a slow register rehearsed */
    const volatile sig_atomic_t *stopping;
    /* dk_register_requests_total and dk_register_answers_total{answer}. */
    dk_metrics_series *requests, *clear, *reported, *refused, *failed;
} devregister;

/* Registers d's metrics (before the server starts). */
void devregister_metrics(devregister *d);

/* The routes, for the request metrics (dk_web_options.routes). */
extern const char *const devregister_routes[];

/* The web server's handler: POST /v1/documents/check, GET /healthz,
 * /readyz (PostgreSQL answers), /metrics (the process's metrics, also on
 * its metrics port). */
void devregister_handle(void *cls, const dk_web_request *rq, dk_web_reply *r);

#endif
