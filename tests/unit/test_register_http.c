/* SPDX-License-Identifier: EUPL-1.2 */
/* test_register_http.c — dk_register_check() over real loopback sockets
 * against a peer that answers what each case scripts (a register that is
 * right, slow, silent, failing, redirecting, talkative or gone): what is
 * sent (a POST whose body carries the number, the token only in its
 * header), what is retried and how often, the bound on the answer's size,
 * and that none of the failures is ever clear. */
#include "dk_test.h"
#include "register/dk_register.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SILENT "(silent)" /* hold the connection, answer nothing */
#define HANGUP "(hangup)" /* close at once */

static const char *script[8];
static int nscript, served;
static char last_request[8192];
static int listener = -1, port;
static pthread_t peer;
static dk_register_query q;

static const char *json200(void)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 18\r\n"
           "Connection: close\r\n\r\n{\"status\":\"clear\"}";
}

/* Reads one request (headers and a Content-Length body) into last_request. */
static void read_request(int fd)
{
    size_t n = 0;
    last_request[0] = '\0';
    for (;;) {
        ssize_t got = read(fd, last_request + n, sizeof last_request - 1 - n);
        if (got <= 0)
            return;
        n += (size_t)got;
        last_request[n] = '\0';
        if (last_request[0] < 'A' || last_request[0] > 'Z')
            return; /* not HTTP (a TLS hello): answer it at once */
        char *end = strstr(last_request, "\r\n\r\n");
        if (!end)
            continue;
        const char *cl = strstr(last_request, "Content-Length: ");
        size_t body = cl ? (size_t)atol(cl + 16) : 0;
        if (n >= (size_t)(end + 4 - last_request) + body)
            return;
    }
}

static void *serve(void *unused)
{
    (void)unused;
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0)
            return NULL;
        read_request(fd);
        const char *answer = served < nscript ? script[served] : script[nscript - 1];
        served++;
        if (strcmp(answer, SILENT) == 0) {
            char sink[256];
            while (read(fd, sink, sizeof sink) > 0) /* until the client gives up */
                ;
        } else if (strcmp(answer, HANGUP) != 0) {
            size_t len = strlen(answer);
            for (size_t off = 0; off < len;) {
                ssize_t w = write(fd, answer + off, len - off);
                if (w <= 0)
                    break;
                off += (size_t)w;
            }
        }
        close(fd);
    }
}

static int start_peer(void)
{
    listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(listener, 16) != 0 || getsockname(listener, (struct sockaddr *)&a, &al) != 0)
        return -1;
    port = ntohs(a.sin_port);
    return pthread_create(&peer, NULL, serve, NULL);
}

/* Runs one check against the peer with these answers. */
static void run(dk_register_result *r, const char *token, long timeout_ms, int retries, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        script[i] = va_arg(ap, const char *);
    va_end(ap);
    nscript = n;
    served = 0;
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    dk_register_config c = {.url = url,
                            .token = token,
                            .ca_file = "",
                            .timeout_ms = timeout_ms,
                            .retries = retries,
                            .backoff_ms = 20};
    dk_register_check(&c, &q, r);
}

static void cases(void)
{
    dk_register_result r = {0};

    /* Right: one POST, the question in its body, the token in its header. */
    run(&r, "tok-123", 2000, 2, 1, json200());
    CHECK_INT(r.status, DK_REGISTER_CLEAR);
    CHECK_INT(r.attempts, 1);
    CHECK_INT(served, 1);
    const char *line = "POST /v1/documents/check HTTP/1.1\r\n";
    CHECK(strncmp(last_request, line, strlen(line)) == 0);
    CHECK(strstr(last_request, "\r\nAuthorization: Bearer tok-123\r\n") != NULL);
    CHECK(strstr(last_request, "\r\nContent-Type: application/json\r\n") != NULL);
    CHECK(strstr(last_request, "{\"document_type\":\"ID\",\"document_number\":\"B12345678\","
                               "\"issuing_state\":\"BEL\"}") != NULL);
    CHECK(strstr(r.detail, "tok-123") == NULL);
    run(&r, "", 2000, 2, 1, json200());
    CHECK(strstr(last_request, "Authorization") == NULL);

    const char *said = "{\"status\":\"reported\",\"reason\":\"stolen\",\"since\":\"2026-10-01\","
                       "\"authority\":\"Politie\"}";
    char reported[512];
    snprintf(reported, sizeof reported,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             strlen(said), said);
    run(&r, "", 2000, 2, 1, reported);
    CHECK_INT(r.status, DK_REGISTER_REPORTED);
    CHECK_STR(r.reason, "stolen");
    CHECK_STR(r.authority, "Politie");

    /* A failure that may pass is retried, with a doubling wait. */
    const char *busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    run(&r, "", 2000, 2, 3, busy, busy, json200());
    CHECK_INT(r.status, DK_REGISTER_CLEAR);
    CHECK_INT(r.attempts, 3);
    CHECK_INT(served, 3);
    CHECK(r.ms >= 20 + 40);
    run(&r, "", 2000, 2, 1, busy);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "http_status");
    CHECK_INT(r.http_status, 503);
    CHECK_INT(r.attempts, 3);
    CHECK_INT(served, 3);
    const char *slow_down = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";
    run(&r, "", 2000, 1, 1, slow_down);
    CHECK_INT(r.attempts, 2);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);

    /* One that will not pass is not retried. */
    const char *notfound = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                           "Content-Length: 18\r\n\r\n{\"status\":\"clear\"}";
    run(&r, "", 2000, 3, 1, notfound);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_INT(r.attempts, 1);
    const char *notjson = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: 5\r\n\r\nclear";
    run(&r, "", 2000, 3, 1, notjson);
    CHECK_STR(r.reason, "not_json");
    CHECK_INT(r.attempts, 1);
    const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                       "Content-Length: 18\r\n\r\n{\"status\":\"clear\"}";
    run(&r, "", 2000, 3, 1, html);
    CHECK_STR(r.reason, "bad_answer");

    /* A redirect is no answer (and is not followed). */
    char redirect[256];
    snprintf(redirect, sizeof redirect,
             "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:%d/elsewhere\r\n"
             "Content-Length: 0\r\n\r\n",
             port);
    run(&r, "", 2000, 3, 2, redirect, json200());
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_INT(r.http_status, 302);
    CHECK_INT(served, 1);

    /* Too large, announced or not: cut, unavailable. */
    const char *announced = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Content-Length: 100000\r\n\r\n{\"status\":\"clear\"}";
    run(&r, "", 2000, 2, 1, announced);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "too_large");
    CHECK_INT(r.attempts, 1);
    static char flood[40000];
    int off = snprintf(flood, sizeof flood,
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                       "Connection: close\r\n\r\n{\"status\":\"clear\",\"pad\":\"");
    memset(flood + off, 'x', sizeof flood - (size_t)off - 4);
    memcpy(flood + sizeof flood - 4, "\"}\0", 3);
    run(&r, "", 2000, 2, 1, flood);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "too_large");

    /* Silent: each attempt ends at the timeout, and is retried. */
    run(&r, "", 200, 1, 1, SILENT);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "timeout");
    CHECK_INT(r.attempts, 2);
    CHECK(r.ms >= 400 && r.ms < 3000);
    /* Hung up without a word. */
    run(&r, "", 2000, 1, 1, HANGUP);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_INT(r.attempts, 2);
    /* TLS against a peer that speaks none. */
    char url[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
    nscript = 1;
    script[0] = json200();
    dk_register_config c = {
        .url = url, .token = "", .ca_file = "", .timeout_ms = 2000, .retries = 2, .backoff_ms = 20};
    dk_register_check(&c, &q, &r);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "tls");

    /* Gone: nobody listens any more. */
    shutdown(listener, SHUT_RDWR);
    close(listener);
    pthread_join(peer, NULL);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    c.url = url;
    c.retries = 3;
    dk_register_check(&c, &q, &r);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "connect");
    CHECK_INT(r.attempts, 4);
    dk_register_result_clear(&r);
}

int main(void)
{
    char err[64];
    if (dk_register_query_make(&q, "ID", "B12345678", "BEL", err, sizeof err) != 0 ||
        start_peer() != 0) {
        fprintf(stderr, "cannot set up the test\n");
        return 1;
    }
    cases();
    DK_TEST_DONE();
}
