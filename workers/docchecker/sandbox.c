/* SPDX-License-Identifier: EUPL-1.2 */
/* sandbox.c — the worker's side of the validator process; the protocol
 * between the two is in doccheck/dk_doc_protocol.h. */
#include "sandbox.h"

#include "core/dk_clock.h"
#include "core/dk_err.h"
#include "core/dk_log.h"
#include "doccheck/dk_doc_protocol.h"
#include "metrics/dk_metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct dk_sandbox {
    char *exe;
    pid_t pid;
    int to_child, from_child;
    char line[DK_DOC_ANSWER_MAX]; /* one answer: a verdict and an MRZ read */
};

/* dk_validator_restarts_total, at 0 from the first sandbox on. */
static dk_metrics_series *restarts(void)
{
    return dk_metrics_with(dk_metrics_counter(
        "dk_validator_restarts_total",
        "Image validators killed or crashed on an image (timeout, signal, bad exit) and started "
        "again.",
        NULL));
}

dk_sandbox *dk_sandbox_new(const char *exe)
{
    restarts();
    signal(SIGPIPE, SIG_IGN); /* a dead validator must not kill the worker */
    dk_sandbox *s = calloc(1, sizeof *s);
    s->exe = strdup(exe);
    s->pid = -1;
    s->to_child = s->from_child = -1;
    return s;
}

static void stop_child(dk_sandbox *s, int *status)
{
    if (s->to_child >= 0)
        close(s->to_child);
    if (s->from_child >= 0)
        close(s->from_child);
    s->to_child = s->from_child = -1;
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        int st = 0;
        waitpid(s->pid, &st, 0);
        if (status)
            *status = st;
    }
    s->pid = -1;
}

static int start_child(dk_sandbox *s, char *err, size_t errlen)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
        dk_errf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    char *argv[] = {s->exe, NULL};
    int rc = posix_spawn(&s->pid, s->exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        s->pid = -1;
        dk_errf(err, errlen, "cannot start the validator: %s", strerror(rc));
        return -1;
    }
    s->to_child = in[1];
    s->from_child = out[0];
    return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads one line within the deadline. 0 = line, -1 = EOF/error, -2 = timeout. */
static int read_line(dk_sandbox *s, int64_t deadline)
{
    size_t have = 0;
    for (;;) {
        long left = (long)(deadline - dk_mono_ms());
        if (left <= 0)
            return -2;
        struct pollfd p = {.fd = s->from_child, .events = POLLIN};
        int r = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        ssize_t n = read(s->from_child, s->line + have, sizeof s->line - 1 - have);
        if (n <= 0)
            return -1;
        have += (size_t)n;
        s->line[have] = '\0';
        if (memchr(s->line, '\n', have))
            return 0;
        if (have == sizeof s->line - 1)
            return -1;
    }
}

int dk_sandbox_check(dk_sandbox *s, const char *kind, const char *side, const void *bytes,
                     size_t len, int mrz, long timeout_ms, json_t **result, char *err,
                     size_t errlen)
{
    *result = NULL;
    if (s->pid <= 0 && start_child(s, err, errlen) != 0)
        return -1;
    char head[DK_DOC_REQUEST_HEAD_MAX];
    int hn = dk_doc_request_head(head, sizeof head, kind, side, len, mrz);
    if (hn < 0) {
        dk_errf(err, errlen, "no request head fits kind \"%.20s\" and side \"%.20s\"", kind, side);
        return -1;
    }
    int64_t deadline = dk_mono_ms() + timeout_ms;
    int rc =
        write_all(s->to_child, head, (size_t)hn) == 0 && write_all(s->to_child, bytes, len) == 0
            ? read_line(s, deadline)
            : -1;
    if (rc == 0) {
        json_error_t je;
        *result = json_loads(s->line, 0, &je);
        if (*result && json_is_object(*result))
            return 0;
        json_decref(*result);
        *result = NULL;
        dk_errf(err, errlen, "the validator answered nonsense: %s", je.text);
    }
    int status = 0;
    stop_child(s, &status);
    if (rc == -2)
        dk_errf(err, errlen, "the validator took longer than %ld ms and was killed", timeout_ms);
    else if (rc == -1 && WIFSIGNALED(status))
        dk_errf(err, errlen, "the validator crashed on this image (signal %d)", WTERMSIG(status));
    else if (rc == -1)
        dk_errf(err, errlen, "the validator stopped on this image (exit status %d)",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    dk_log(DK_LOG_WARN, "validator_restarted", "%s", err);
    dk_metrics_inc(restarts());
    return -1;
}

void dk_sandbox_free(dk_sandbox *s)
{
    if (!s)
        return;
    stop_child(s, NULL);
    free(s->exe);
    free(s);
}
