/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_smtp_ready.c — is the relay there? The mailer's readiness check
 * (/readyz): a TCP connection to the relay of a URL, and on smtp:// its
 * "220" greeting, within 2 s each, then QUIT. No mail, no login. */
#include "mail/dk_smtp.h"

#include "core/dk_err.h"

#include <curl/curl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define READY_WAIT_MS 2000

/* Connects to host:port within READY_WAIT_MS. Returns the socket, or -1. */
static int connect_bounded(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            int soerr = 1;
            socklen_t len = sizeof soerr;
            if (poll(&p, 1, READY_WAIT_MS) != 1 ||
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr != 0) {
                close(fd);
                fd = -1;
            }
        }
    }
    freeaddrinfo(res);
    return fd;
}

/* 1 when the relay's first line within READY_WAIT_MS starts with 220. */
static int greeted(int fd)
{
    char line[512];
    size_t got = 0;
    while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, READY_WAIT_MS) != 1)
            return 0;
        ssize_t n = recv(fd, line + got, sizeof line - 1 - got, 0);
        if (n <= 0)
            return 0;
        got += (size_t)n;
    }
    return got >= 3 && !memcmp(line, "220", 3);
}

int dk_smtp_ready(void *url, char *why, size_t whylen)
{
    if (dk_smtp_url_check(url, why, whylen) != 0)
        return -1;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    int rc = -1;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
        dk_errf(why, whylen, "the SMTP URL cannot be read");
    } else {
        size_t hl = strlen(host); /* an IPv6 literal comes in brackets */
        if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
            memmove(host, host + 1, hl - 2);
            host[hl - 2] = '\0';
        }
        int fd = connect_bounded(host, port);
        if (fd < 0) {
            dk_errf(why, whylen, "no connection to the SMTP relay within 2 s");
        } else {
            if (!strcmp(scheme, "smtps") || greeted(fd)) {
                rc = 0;
                if (strcmp(scheme, "smtps") != 0)
                    (void)!send(fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
            } else {
                dk_errf(why, whylen, "the SMTP relay did not greet with 220 within 2 s");
            }
            close(fd);
        }
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}
