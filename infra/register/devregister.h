/* SPDX-License-Identifier: EUPL-1.2 */
/* devregister.h — dk-register, the development register of stolen, lost
 * and cancelled documents: a small real HTTP service that answers the
 * contract of common/register (README "The document register") from the
 * table register_reports, so that the embedded stack checks documents
 * against something that can be down, slow or say "reported". */
#ifndef DEVREGISTER_H
#define DEVREGISTER_H

#include "store/dk_pgpool.h"
#include "web/dk_web.h"

#include <signal.h>
#include <stdatomic.h>

typedef struct {
    dk_pgpool *pool;
    const char *token; /* DK_REGISTER_TOKEN: "" = no token asked for */
    long delay_ms;     /* DK_REGISTER_DELAY_MS: a slow register rehearsed */
    volatile sig_atomic_t *stopping;
    /* For /metrics. */
    atomic_long requests, clear, reported, refused, failed;
} devregister;

/* The web server's handler: POST /v1/documents/check, GET /healthz,
 * /readyz (PostgreSQL answers), /metrics. */
void devregister_handle(void *cls, const dk_web_request *rq, dk_web_reply *r);

#endif
