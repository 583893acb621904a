/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_probe.c — the containers' health check: the runtime images carry no curl,
 * so this asks a binary's metrics port whether it is ready, with nothing but
 * a socket. GET http://127.0.0.1:PORT/PATH; exit 0 on a 2xx answer, 1 on
 * anything else (refused, timed out, another status), 2 on a bad argument.
 *
 *   dk-probe [PATH]          PATH /readyz by default (/healthz: alive only)
 *   DK_METRICS_PORT          the port (default 9464), as the binary reads it
 *   DK_PROBE_TIMEOUT_MS      the whole exchange's bound (default 2000) */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long env_long(const char *name, long def, long min, long max)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return def;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    return v;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Waits until fd is ready for events or the deadline passed (0: timed out). */
static int wait_fd(int fd, short events, long deadline)
{
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = fd, .events = events};
        int n = poll(&p, 1, (int)left);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return 0;
    }
}

/* The status code of the answer on fd, or -1. */
static int probe(int fd, const char *path, long deadline)
{
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    if (n <= 0 || (size_t)n >= sizeof req)
        return -1;
    for (int sent = 0; sent < n;) {
        if (!wait_fd(fd, POLLOUT, deadline))
            return -1;
        ssize_t w = send(fd, req + sent, (size_t)(n - sent), MSG_NOSIGNAL);
        if (w < 0 && errno != EINTR && errno != EAGAIN)
            return -1;
        if (w > 0)
            sent += (int)w;
    }
    /* The status line is all we read: "HTTP/1.x NNN". */
    char line[64];
    size_t got = 0;
    while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
        if (!wait_fd(fd, POLLIN, deadline))
            return -1;
        ssize_t r = recv(fd, line + got, sizeof line - 1 - got, 0);
        if (r == 0)
            break;
        if (r < 0 && errno != EINTR && errno != EAGAIN)
            return -1;
        if (r > 0)
            got += (size_t)r;
    }
    line[got] = '\0';
    int status;
    if (strncmp(line, "HTTP/1.", 7) != 0 || sscanf(line + 8, " %3d", &status) != 1)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/readyz";
    long port = env_long("DK_METRICS_PORT", 9464, 1, 65535);
    long timeout = env_long("DK_PROBE_TIMEOUT_MS", 2000, 1, 60000);
    if (argc > 2 || path[0] != '/' || strlen(path) > 256 || strpbrk(path, " \r\n") || port < 0 ||
        timeout < 0) {
        fprintf(stderr, "usage: dk-probe [/PATH]  (DK_METRICS_PORT 1..65535, "
                        "DK_PROBE_TIMEOUT_MS 1..60000)\n");
        return 2;
    }
    long deadline = now_ms() + timeout;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("dk-probe: socket");
        return 1;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int status = -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 || errno == EINPROGRESS) {
        int err = 0;
        socklen_t len = sizeof err;
        if (wait_fd(fd, POLLOUT, deadline) &&
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
            status = probe(fd, path, deadline);
    }
    close(fd);
    if (status >= 200 && status < 300)
        return 0;
    if (status < 0)
        fprintf(stderr, "dk-probe: no answer from 127.0.0.1:%ld%s\n", port, path);
    else
        fprintf(stderr, "dk-probe: 127.0.0.1:%ld%s answered %d\n", port, path, status);
    return 1;
}
