/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_workpool.c — the fixed thread pool of dk_workpool.h: a mutex, a
 * condition and a singly linked FIFO of work items. */
#include "core/dk_workpool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct item {
    dk_work_fn fn;
    void *arg;
    struct item *next;
} item;

struct dk_workpool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    item *head, *tail;
    int pending; /* queued + running */
    int stopping;
    int nthreads;
    pthread_t threads[];
};

static void *worker(void *arg)
{
    dk_workpool *wp = arg;
    pthread_mutex_lock(&wp->mu);
    for (;;) {
        while (!wp->head && !wp->stopping)
            pthread_cond_wait(&wp->cv, &wp->mu);
        item *it = wp->head;
        if (!it)
            break; /* stopping and nothing left */
        wp->head = it->next;
        if (!wp->head)
            wp->tail = NULL;
        pthread_mutex_unlock(&wp->mu);
        it->fn(it->arg);
        free(it);
        pthread_mutex_lock(&wp->mu);
        wp->pending--;
    }
    pthread_mutex_unlock(&wp->mu);
    return NULL;
}

dk_workpool *dk_workpool_new(int threads)
{
    if (threads < 1 || threads > 256)
        return NULL;
    dk_workpool *wp = calloc(1, sizeof *wp + (size_t)threads * sizeof(pthread_t));
    if (!wp)
        return NULL;
    pthread_mutex_init(&wp->mu, NULL);
    pthread_cond_init(&wp->cv, NULL);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&wp->threads[i], NULL, worker, wp) != 0)
            break;
        wp->nthreads++;
    }
    if (wp->nthreads == 0) {
        pthread_mutex_destroy(&wp->mu);
        pthread_cond_destroy(&wp->cv);
        free(wp);
        return NULL;
    }
    return wp;
}

int dk_workpool_submit(dk_workpool *wp, dk_work_fn fn, void *arg)
{
    item *it = malloc(sizeof *it);
    if (!it)
        return -1;
    it->fn = fn, it->arg = arg, it->next = NULL;
    pthread_mutex_lock(&wp->mu);
    if (wp->stopping) {
        pthread_mutex_unlock(&wp->mu);
        free(it);
        return -1;
    }
    if (wp->tail)
        wp->tail->next = it;
    else
        wp->head = it;
    wp->tail = it;
    wp->pending++;
    pthread_cond_signal(&wp->cv);
    pthread_mutex_unlock(&wp->mu);
    return 0;
}

int dk_workpool_pending(dk_workpool *wp)
{
    pthread_mutex_lock(&wp->mu);
    int n = wp->pending;
    pthread_mutex_unlock(&wp->mu);
    return n;
}

void dk_workpool_free(dk_workpool *wp)
{
    if (!wp)
        return;
    pthread_mutex_lock(&wp->mu);
    wp->stopping = 1;
    pthread_cond_broadcast(&wp->cv);
    pthread_mutex_unlock(&wp->mu);
    for (int i = 0; i < wp->nthreads; i++)
        pthread_join(wp->threads[i], NULL);
    pthread_mutex_destroy(&wp->mu);
    pthread_cond_destroy(&wp->cv);
    free(wp);
}
