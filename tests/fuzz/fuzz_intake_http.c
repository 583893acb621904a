/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_intake_http.c — libFuzzer target for the intake's real request
 * handlers, not only its parsers: the intake's HTTP daemon (dk_http_start,
 * the same code as dk-intake) runs in this process, and each input becomes
 * one HTTP request over loopback TCP. The first bytes choose the route,
 * the method, the Content-Type (multipart with a boundary from the input,
 * url-encoded, JSON, none or odd), framing oddities (Content-Length twice,
 * chunked) and cookies; the rest is the body. ASan sees a crash in any
 * handler thread; the target also fails when the server stops accepting,
 * answers without a valid status line, answers 500 (a handler that queued
 * no reply) or takes longer than ANSWER_SECONDS.
 *
 * The database and the broker are unreachable (closed loopback ports):
 * every query fails at once with 503, which is fine, the parsing and the
 * checks before the database are what is fuzzed. One step is replaced
 * (in->accept_precheck, the intake's one seam): the link check before an
 * accept's body admits the harness's 43-character tokens with a made-up
 * appointment, so that accept bodies go through libmicrohttpd's post
 * processor and dk_upload_part; the act after the body then answers 503
 * (or the refusal of what the parts held: 400, 403, 413, 422). A body containing @CSRF@
 * (with the CSRF flag) gets a valid CSRF token and cookie, so the fuzzer
 * reaches what comes after the CSRF check.
 *
 * Input: route, method, content type, flags, param length L, L bytes of
 * param (boundary, raw Content-Type or cookie), then the body. */
#include "core/dk_log.h"
#include "dk_csrf.h"
#include "intake.h"
#include "proposal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define ANSWER_SECONDS 10
#define DEV_KEY "fuzz-key-fuzz-key-fuzz-key-fuzz-key"

static dk_intake intake;
static struct MHD_Daemon *daemon_;
static int port;

/* The link check of an accept, without a database: a 43-character token is
 * a live proposal of a made-up appointment, any other token is unknown. */
static void fuzz_accept_precheck(dk_intake *in, const char *token, const dk_credential *cred,
                                 dk_outcome *o)
{
    (void)in, (void)cred;
    if (strlen(token) != 43) {
        o->status = 404;
        return;
    }
    o->status = 200;
    o->found = 1;
    snprintf(o->p.appointment_id, sizeof o->p.appointment_id, "%s",
             "00000000-0000-4000-8000-000000000001");
    snprintf(o->p.application_id, sizeof o->p.application_id, "%s",
             "00000000-0000-4000-8000-000000000002");
    snprintf(o->p.appointment_status, sizeof o->p.appointment_status, "held");
    snprintf(o->p.status, sizeof o->p.status, "proposed");
    snprintf(o->p.match, sizeof o->p.match, "exact");
    snprintf(o->p.language, sizeof o->p.language, "nl");
}

/* An intake as main.c sets it up, with small limits so that 8 KiB inputs
 * reach the 413 answers too. */
static void start_intake(void)
{
    setenv("DK_PG_DSN", "host=127.0.0.1 port=1 dbname=dk user=dk connect_timeout=1", 1);
    setenv("DK_KAFKA_BROKERS", "127.0.0.1:1", 1);
    setenv("DK_LOG_LEVEL", "error", 1);
    setenv("DK_NOW", "2026-12-02T10:00:00Z", 1); /* the seeds' slots stay in the window */
    setenv("DK_CODE_KEY", DEV_KEY, 1);
    setenv("DK_CSRF_KEY", DEV_KEY, 1);
    setenv("DK_TOKEN_KEY", DEV_KEY, 1);
    dk_log_init("intake-fuzz");
    dk_app_rules_default(&intake.rules);
    intake.max_body = 2048;
    intake.code_key = DEV_KEY;
    intake.csrf_key = DEV_KEY;
    intake.limiter = dk_ratelimit_new(0); /* unlimited: a 429 would hide the validation */
    intake.upload_max = 4096;
    intake.max_tries = 5;
    intake.lock_minutes = 15;
    intake.pool = dk_pgpool_new("intake-fuzz", 4);
    intake.max_uploads = 8;
    intake.accept_precheck = fuzz_accept_precheck;
    char err[512];
    intake.producer = dk_producer_new("intake-fuzz", 100, err, sizeof err);
    if (!intake.producer) {
        fprintf(stderr, "fuzz_intake_http: no producer: %s\n", err);
        abort();
    }
    intake.relay = dk_relay_start("intake-fuzz", intake.producer);
    daemon_ = dk_http_start(&intake, "127.0.0.1", 0, &port, err, sizeof err);
    if (!daemon_) {
        fprintf(stderr, "fuzz_intake_http: %s\n", err);
        abort();
    }
    signal(SIGPIPE, SIG_IGN);
}

/* ---- building the request ---- */

typedef struct {
    char *data;
    size_t len, cap;
} out_buf;

static void put(out_buf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void puts_(out_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void printf_(out_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_(out_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A header value from input bytes: CR and LF would end the header early. */
static void put_value(out_buf *b, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i] == '\r' || p[i] == '\n' ? ' ' : (char)p[i];
        put(b, &c, 1);
    }
}

static const char *const routes[] = {"/api/v1/applications",
                                     "/",
                                     "/proposal/%s",
                                     "/proposal/%s/accept",
                                     "/proposal/%s/reschedule",
                                     "/proposal/%s/cancel",
                                     "/api/v1/proposals/%s",
                                     "/api/v1/proposals/%s/accept",
                                     "/api/v1/proposals/%s/reschedule",
                                     "/api/v1/proposals/%s/cancel",
                                     "/style.css",
                                     "/healthz",
                                     "/proposal/%s/other"};
static const char *const queries[] = {"",      "?lang=nl", "?lang=fr",         "?lang=en",
                                      "?lang", "?lang=",   "?lang=xx&lang=fr", "?lang=%00"};
static const char *const methods[] = {"POST", "POST", "POST",   "GET",
                                      "HEAD", "PUT",  "DELETE", "post"};
static const char *const tokens[] = {
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "abcdefghijklmnopqrstuvwxyz_-0123456789ABCDE",
    "abc",
    /* longer than the router keeps (63) */
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};

enum {
    F_CL_TWICE = 0x01,    /* Content-Length twice, the same value (with F_CHUNKED: once) */
    F_CL_CONFLICT = 0x02, /* a second, different Content-Length */
    F_CHUNKED = 0x04,     /* Transfer-Encoding: chunked */
    F_NO_CL = 0x08,       /* no Content-Length */
    F_CSRF = 0x10,        /* a valid dk_csrf cookie; @CSRF@ in the body becomes the token */
    F_RAW_COOKIE = 0x20,  /* Cookie: the param */
    F_CODE_HEADER = 0x40, /* X-Security-Code */
    F_SESSION = 0x80,     /* a dk_session cookie that does not verify */
};

/* The body with every @CSRF@ replaced by token. */
static void put_body(out_buf *b, const uint8_t *p, size_t n, const char *token)
{
    static const char mark[] = "@CSRF@";
    size_t m = sizeof mark - 1;
    for (size_t i = 0; i < n;) {
        if (token && i + m <= n && memcmp(p + i, mark, m) == 0) {
            puts_(b, token);
            i += m;
        } else {
            put(b, p + i++, 1);
        }
    }
}

static void put_content_type(out_buf *b, unsigned kind, const uint8_t *param, size_t plen)
{
    static const char *const fixed[] = {NULL,
                                        NULL,
                                        "application/x-www-form-urlencoded",
                                        "application/x-www-form-urlencoded; charset=utf-8",
                                        "application/json",
                                        "application/json; charset=utf-8",
                                        NULL,
                                        "multipart/form-data",
                                        NULL,
                                        "text/plain"};
    switch (kind) {
    case 0:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
        puts_(b, kind == 10   ? "Content-Type: MULTIPART/FORM-DATA; BOUNDARY="
                 : kind == 11 ? "Content-Type: multipart/mixed; boundary="
                              : "Content-Type: multipart/form-data; boundary=");
        put_value(b, param, plen);
        puts_(b, "\r\n");
        return;
    case 1:
        puts_(b, "Content-Type: multipart/form-data; boundary=\"");
        put_value(b, param, plen);
        puts_(b, "\"\r\n");
        return;
    case 6:
        return;
    case 8:
        puts_(b, "Content-Type: ");
        put_value(b, param, plen);
        puts_(b, "\r\n");
        return;
    default:
        printf_(b, "Content-Type: %s\r\n", fixed[kind]);
    }
}

static void build_request(const uint8_t *data, size_t size, out_buf *req)
{
    uint8_t hdr[5] = {0};
    memcpy(hdr, data, size < 5 ? size : 5);
    size_t at = size < 5 ? size : 5;
    size_t plen = hdr[4];
    if (plen > size - at)
        plen = size - at;
    const uint8_t *param = data + at;
    at += plen;
    const uint8_t *body = data + at;
    size_t blen = size - at;
    unsigned flags = hdr[3];

    char path[160];
    const char *route = routes[(hdr[0] & 0x0f) % (sizeof routes / sizeof routes[0])];
    snprintf(path, sizeof path, route, tokens[(hdr[1] >> 3) & 3]);
    const char *query = queries[hdr[0] >> 5];
    printf_(req, "%s %s%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
            methods[hdr[1] & 7], path, query);
    put_content_type(req, hdr[2] & 0x0f, param, plen);

    /* A valid double-submit pair: the cookie in the header, its field in
     * the body (where the input says @CSRF@). */
    char csrf_cookie[DK_CSRF_LEN + 1], csrf_field[DK_CSRF_LEN + 1];
    const char *token = NULL;
    if (flags & F_CSRF) {
        dk_csrf_issue(intake.csrf_key, csrf_cookie, csrf_field);
        token = csrf_field;
    }
    if (token || (flags & (F_RAW_COOKIE | F_SESSION))) {
        puts_(req, "Cookie: ");
        if (token)
            printf_(req, "dk_csrf=%s; ", csrf_cookie);
        if (flags & F_SESSION)
            puts_(req, "dk_session=99999999999999.0123456789abcdef0123456789abcdef0123456789"
                       "abcdef0123456789abcdef; ");
        if (flags & F_RAW_COOKIE)
            put_value(req, param, plen);
        puts_(req, "\r\n");
    }
    if (flags & F_CODE_HEADER)
        puts_(req, "X-Security-Code: ABCDE-FGHJK-MNPQR-STUVW\r\n");

    out_buf payload = {0};
    put_body(&payload, body, blen, token);
    if (flags & F_CHUNKED) {
        /* With F_CL_TWICE a Content-Length too (of the body, not its
         * chunked framing): a smuggling attempt. */
        if (flags & F_CL_TWICE)
            printf_(req, "Content-Length: %zu\r\n", payload.len);
        puts_(req, "Transfer-Encoding: chunked\r\n\r\n");
        /* Chunks of 1 to 16 bytes, the size from the content type's high bits. */
        size_t step = ((hdr[2] >> 4) & 0x0f) + 1;
        for (size_t i = 0; i < payload.len; i += step) {
            size_t n = payload.len - i < step ? payload.len - i : step;
            printf_(req, "%zx\r\n", n);
            put(req, payload.data + i, n);
            puts_(req, "\r\n");
        }
        puts_(req, "0\r\n\r\n");
    } else {
        if (!(flags & F_NO_CL))
            printf_(req, "Content-Length: %zu\r\n", payload.len);
        if (flags & F_CL_TWICE)
            printf_(req, "Content-Length: %zu\r\n", payload.len);
        if (flags & F_CL_CONFLICT)
            printf_(req, "Content-Length: %zu\r\n", payload.len / 2);
        puts_(req, "\r\n");
        if (payload.len)
            put(req, payload.data, payload.len);
    }
    free(payload.data);
}

/* ---- one exchange ---- */

static int connect_intake(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        abort();
    struct timeval tv = {.tv_sec = ANSWER_SECONDS};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    /* Closing resets the connection: no TIME_WAIT piles up on our side
     * over hundreds of thousands of runs. */
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int tries = 0; connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0; tries++) {
        if (errno != EINTR && errno != EAGAIN && errno != EADDRNOTAVAIL) {
            fprintf(stderr, "fuzz_intake_http: the intake does not accept connections: %s\n",
                    strerror(errno));
            abort();
        }
        if (tries > 100)
            abort();
        usleep(10000);
    }
    return fd;
}

/* Sends the request, then reads the answer until the server closes. */
static void exchange(const out_buf *req)
{
    int fd = connect_intake();
    size_t sent = 0;
    while (sent < req->len) {
        ssize_t n = send(fd, req->data + sent, req->len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server answered early and closed: read what it said */
        sent += (size_t)n;
    }
    shutdown(fd, SHUT_WR); /* a body shorter than declared ends here */
    char head[32] = "";
    size_t got = 0;
    char buf[16384];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "fuzz_intake_http: no answer within %d s (%s)\n", ANSWER_SECONDS,
                    strerror(errno));
            abort();
        }
        if (got < sizeof head - 1) {
            size_t k = (size_t)n < sizeof head - 1 - got ? (size_t)n : sizeof head - 1 - got;
            memcpy(head + got, buf, k);
            got += k;
            head[got] = '\0';
        }
    }
    close(fd);
    if (getenv("FUZZ_INTAKE_TRACE"))
        fprintf(stderr, "---- request\n%.*s\n---- answer: %.*s\n", (int)req->len, req->data,
                (int)strcspn(head, "\r"), got ? head : "(closed)");
    if (got == 0)
        return; /* closed without an answer: allowed */
    /* "HTTP/1.x NNN " */
    int ok = got >= 13 && (!strncmp(head, "HTTP/1.1 ", 9) || !strncmp(head, "HTTP/1.0 ", 9)) &&
             head[9] >= '1' && head[9] <= '5' && head[10] >= '0' && head[10] <= '9' &&
             head[11] >= '0' && head[11] <= '9' && head[12] == ' ';
    if (!ok) {
        fprintf(stderr, "fuzz_intake_http: not an HTTP status line: %.*s\n", (int)got, head);
        abort();
    }
    if (!strncmp(head + 9, "500", 3)) {
        fprintf(stderr, "fuzz_intake_http: 500, a handler queued no reply\n");
        abort();
    }
}

/* Waits until the daemon has closed the connection: what the request held
 * is then freed before the leak check runs, and a request that never ends
 * is found. */
static void wait_connections_closed(void)
{
    for (int i = 0; i < ANSWER_SECONDS * 10000; i++) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info) {
            fprintf(stderr, "fuzz_intake_http: the daemon gives no connection count\n");
            abort();
        }
        if (info->num_connections == 0)
            return;
        usleep(100);
    }
    fprintf(stderr, "fuzz_intake_http: a connection still open %d s after the answer\n",
            ANSWER_SECONDS);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int started;
    if (!started) {
        start_intake();
        started = 1;
    }
    out_buf req = {0};
    build_request(data, size, &req);
    exchange(&req);
    free(req.data);
    wait_connections_closed();
    return 0;
}
