/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_stop.c — see dk_stop.h. */
#include "core/dk_stop.h"

#include <pthread.h>

static volatile sig_atomic_t stopped;

static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
}

void dk_stop_block(void)
{
    sigset_t set;
    stop_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int dk_stop_wait(void)
{
    sigset_t set;
    stop_signals(&set);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    stopped = 1;
    return sig;
}

const volatile sig_atomic_t *dk_stop_flag(void)
{
    return &stopped;
}
