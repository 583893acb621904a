/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_stop.h — a server stopping on SIGTERM or SIGINT, never missing one.
 * Waiting with pause() for a handler to set a flag misses a signal that
 * lands between the flag's test and the pause (the supervisor's or a
 * test's SIGTERM right after the ready file), and one that another thread
 * takes; the process then never stops. Here both signals are blocked in
 * every thread from the start and the main thread takes them with
 * sigwait(): one that came before the wait is pending, not lost. */
#ifndef DK_STOP_H
#define DK_STOP_H

#include <signal.h>

/* Blocks SIGTERM and SIGINT in the calling thread. Call it first in main,
 * before any thread starts: threads inherit the mask. */
void dk_stop_block(void);

/* Waits for SIGTERM or SIGINT (one sent since dk_stop_block counts), then
 * sets the flag dk_stop_flag() points to and returns the signal. */
int dk_stop_wait(void);

/* Set once dk_stop_wait has returned: for code that must notice the stop
 * while it finishes its work. */
const volatile sig_atomic_t *dk_stop_flag(void);

#endif
