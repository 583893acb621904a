/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_workpool.h — a fixed pool of threads that run queued work items in
 * order of arrival. The intake's event loop hands every request that may
 * block (the broker's acknowledgement, PostgreSQL) to this pool, so that a
 * slow handler never stalls the connections the loop serves. */
#ifndef DK_WORKPOOL_H
#define DK_WORKPOOL_H

typedef struct dk_workpool dk_workpool;
typedef void (*dk_work_fn)(void *arg);

/* Starts `threads` threads (1..256). NULL when none could start. */
dk_workpool *dk_workpool_new(int threads);

/* Queues fn(arg). Returns 0, or -1 when the pool is stopping or out of
 * memory (fn is then not called). */
int dk_workpool_submit(dk_workpool *wp, dk_work_fn fn, void *arg);

/* Items queued or running now. */
int dk_workpool_pending(dk_workpool *wp);

/* Runs what is queued, then joins the threads and frees the pool. */
void dk_workpool_free(dk_workpool *wp);

#endif
