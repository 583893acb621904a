/* SPDX-License-Identifier: EUPL-1.2 */
/* timers.h — dk-timers' loop (timers.c), started by main.c as the consumer
 * runtime's background thread. */
#ifndef DK_TIMERS_LOOP_H
#define DK_TIMERS_LOOP_H

/* Fires due timers until the worker stops (a dk_worker_def.background). */
void *dk_timers_loop(void *unused);

#endif
