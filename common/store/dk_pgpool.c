/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_pgpool.c — the connection pool (see dk_pgpool.h): a mutex, a condition
 * variable and an array of slots, each empty, idle or lent out. */
#include "store/dk_pgpool.h"

#include "store/dk_pg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    PGconn *pg; /* NULL until first connected, or after it broke */
    int lent;
} slot;

struct dk_pgpool {
    const char *name;
    int size;
    slot *slots;
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

dk_pgpool *dk_pgpool_new(const char *application_name, int size)
{
    dk_pgpool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->name = application_name;
    p->size = size < 1 ? 1 : size;
    p->slots = calloc((size_t)p->size, sizeof *p->slots);
    if (!p->slots) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    return p;
}

/* A free slot, preferring one that already holds a connection; -1 if none. */
static int free_slot(dk_pgpool *p)
{
    int empty = -1;
    for (int i = 0; i < p->size; i++) {
        if (p->slots[i].lent)
            continue;
        if (p->slots[i].pg)
            return i;
        if (empty < 0)
            empty = i;
    }
    return empty;
}

PGconn *dk_pgpool_get(dk_pgpool *p, int wait_ms, char *err, size_t errlen)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&p->lock);
    int i;
    while ((i = free_slot(p)) < 0) {
        if (pthread_cond_timedwait(&p->freed, &p->lock, &until) != 0 && free_slot(p) < 0) {
            pthread_mutex_unlock(&p->lock);
            snprintf(err, errlen, "all %d database connections are busy", p->size);
            return NULL;
        }
    }
    p->slots[i].lent = 1;
    PGconn *pg = p->slots[i].pg;
    pthread_mutex_unlock(&p->lock);

    /* Connecting happens outside the lock: it may take seconds. */
    if (pg && dk_pg_broken(pg)) {
        PQreset(pg);
        if (dk_pg_broken(pg)) {
            PQfinish(pg);
            pg = NULL;
        }
    }
    if (!pg)
        pg = dk_pg_connect(p->name, err, errlen);
    pthread_mutex_lock(&p->lock);
    p->slots[i].pg = pg;
    if (!pg) {
        p->slots[i].lent = 0;
        pthread_cond_signal(&p->freed);
    }
    pthread_mutex_unlock(&p->lock);
    return pg;
}

void dk_pgpool_put(dk_pgpool *p, PGconn *pg)
{
    if (!pg)
        return;
    PGTransactionStatusType ts = PQtransactionStatus(pg);
    PGconn *keep = pg;
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
        dk_pg_rollback(pg);
    if (ts == PQTRANS_ACTIVE || ts == PQTRANS_UNKNOWN || dk_pg_broken(pg))
        keep = NULL; /* mid-command or gone: the next borrower starts afresh */
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < p->size; i++) {
        if (p->slots[i].lent && p->slots[i].pg == pg) {
            p->slots[i].lent = 0;
            p->slots[i].pg = keep;
            break;
        }
    }
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
    if (!keep)
        PQfinish(pg);
}

int dk_pgpool_begin(PGconn *pg, char *err, size_t errlen)
{
    if (dk_pg_exec(pg, "BEGIN", err, errlen) == 0)
        return 0;
    if (!dk_pg_broken(pg))
        return -1;
    PQreset(pg);
    return dk_pg_broken(pg) ? -1 : dk_pg_exec(pg, "BEGIN", err, errlen);
}

void dk_pgpool_free(dk_pgpool *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->size; i++)
        if (p->slots[i].pg)
            PQfinish(p->slots[i].pg);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    free(p->slots);
    free(p);
}
