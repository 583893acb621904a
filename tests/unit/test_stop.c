/* SPDX-License-Identifier: EUPL-1.2 */
/* test_stop.c — a server's stop (core/dk_stop.c) is never missed: a child
 * that blocks the stop signals, starts a thread, says it is ready and
 * waits is sent SIGTERM (or SIGINT) at once, hundreds of times, and at
 * once again before it has even begun to wait; every time it stops, with
 * its flag set, within a bounded time. With pause() and a handler (what
 * the servers did), a signal landing between the flag's test and the
 * pause, or taken by the other thread, left the process running for
 * ever. */
#include "core/dk_stop.h"
#include "dk_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *busy(void *arg)
{
    (void)arg;
    for (;;) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* The child: blocks, starts a thread, writes one byte on ready, waits
 * (after late_ms when asked). Exits 0 with the flag set and the signal
 * taken, 1 otherwise. */
static void child(int ready, int late_ms, int want)
{
    dk_stop_block();
    pthread_t t;
    if (pthread_create(&t, NULL, busy, NULL) != 0)
        _exit(1);
    if (write(ready, "r", 1) != 1)
        _exit(1);
    if (late_ms > 0) {
        struct timespec ts = {0, (long)late_ms * 1000000};
        nanosleep(&ts, NULL);
    }
    if (*dk_stop_flag())
        _exit(1); /* not before the wait */
    int sig = dk_stop_wait();
    _exit(sig == want && *dk_stop_flag() ? 0 : 1);
}

/* Runs one child; returns its exit status, or -1 when it did not stop
 * within 5 s (it is then killed). */
static int one(int sig, int late_ms)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -2;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        child(fd[1], late_ms, sig);
    }
    close(fd[1]);
    char c;
    ssize_t got = read(fd[0], &c, 1);
    close(fd[0]);
    if (got != 1)
        return -2;
    kill(pid, sig);
    for (int waited = 0; waited < 5000; waited++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

int main(void)
{
    int hung = 0, wrong = 0;
    for (int i = 0; i < 300; i++) {
        int rc = one(i % 3 == 2 ? SIGINT : SIGTERM, 0);
        hung += rc == -1;
        wrong += rc != 0 && rc != -1;
    }
    CHECK_INT(hung, 0);
    CHECK_INT(wrong, 0);
    /* Sent well before the wait begins: pending, not lost. */
    CHECK_INT(one(SIGTERM, 50), 0);
    CHECK_INT(one(SIGINT, 50), 0);
    DK_TEST_DONE();
}
