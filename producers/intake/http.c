/* SPDX-License-Identifier: EUPL-1.2 */
/* http.c — the intake's HTTP server on libmicrohttpd: an event loop (epoll,
 * a few threads) reads requests and writes answers, and a pool of worker
 * threads runs the handlers, which may wait on the broker or PostgreSQL;
 * a connection is suspended while its handler runs, so thousands of slow
 * clients cost sockets, not threads. Each request is bounded in size (413
 * before reading when Content-Length is too large, and as soon as a chunked
 * body passes the limit) and in time (conn_guard.c); framing that a proxy
 * could read differently is refused. The document upload of an accept
 * streams through its own limits (upload.c), after its link was checked.
 * On SIGTERM (dk_http_drain) every request already received is answered
 * before the server stops. */
#include "conn_guard.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "intake.h"
#include "route.h"
#include "upload.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

const char *const dk_security_headers[][2] = {
    {"Cache-Control", "no-store"},
    {"X-Content-Type-Options", "nosniff"},
    /* same-origin: our own form POSTs then carry our Origin (with
     * no-referrer browsers send "Origin: null"); other sites get nothing. */
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
    {"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {NULL, NULL},
};

const char *const dk_https_headers[][2] = {
    {"Strict-Transport-Security", "max-age=31536000; includeSubDomains"},
    {NULL, NULL},
};

/* Where a request is: its headers are in (NEW), its link is being checked
 * (PRECHECK, an upload) and was found good (CHECKED), its body streams in
 * (BODY), a handler works on it (WORKING), the answer waits to be queued
 * (READY), it was answered (DONE). */
typedef enum { ST_NEW, ST_PRECHECK, ST_CHECKED, ST_BODY, ST_WORKING, ST_READY, ST_DONE } stage;

typedef struct {
    dk_intake *in;
    struct MHD_Connection *c;
    const char *url, *method; /* libmicrohttpd's, valid until the request ends */
    stage st;
    dk_buf body;
    dk_upload *up; /* the accept routes: the body streams here instead */
    dk_reply reply;
    char addr[64];
    dk_guarded *g;
} request_ctx;

void dk_reply_json(dk_reply *r, int status, json_t *body)
{
    /* A body that could not be built (json_pack out of memory, or handed a
     * NULL) is a 500 that says so, never an empty object that looks fine. */
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(body);
    r->status = text ? status : 500;
    r->content_type = "application/json; charset=utf-8";
    dk_buf_reset(&r->body);
    dk_buf_puts(&r->body, text ? text : "{\"error\":\"could not build the answer\"}");
    if (!text)
        dk_log(DK_LOG_ERROR, "reply_failed", "a JSON answer could not be built: answered 500");
    free(text);
}

void dk_reply_error(dk_reply *r, int status, const char *message)
{
    dk_reply_json(r, status, json_pack("{s:s}", "error", message));
}

void dk_intake_client_addr(const dk_intake *in, struct MHD_Connection *c, char out[64])
{
    out[0] = '\0';
    if (in->trust_proxy) {
        const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff && *xff) {
            /* The left-most address is the client as our trusted proxy saw it. */
            size_t n = strcspn(xff, ", ");
            if (n > 63)
                n = 63;
            memcpy(out, xff, n);
            out[n] = '\0';
            return;
        }
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        char host[64] = "";
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
        snprintf(out, 64, "%s", host);
    }
}

/* A reply whose body failed to build (an append ran out of memory) is never
 * sent truncated: the client gets a 500 that says so, and nothing of it. */
static void refuse_failed_body(dk_reply *r)
{
    static const char msg[] = "could not build the page\n";
    dk_log(DK_LOG_ERROR, "reply_failed", "the answer's body could not be built: answered 500");
    dk_buf_free(&r->body);
    r->status = 500;
    r->content_type = "text/plain; charset=utf-8";
    r->set_cookie[0] = '\0';
    r->location[0] = '\0';
    r->retry_after = 0;
    dk_buf_append(&r->body, msg, sizeof msg - 1);
}

static enum MHD_Result send_reply(const dk_intake *in, struct MHD_Connection *c, dk_reply *r)
{
    if (dk_buf_failed(&r->body))
        refuse_failed_body(r);
    if (dk_buf_failed(&r->body))
        return MHD_NO; /* not even the refusal fits: the connection is dropped */
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->body.len, r->body.data ? r->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    dk_http_security_headers(resp);
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->location[0])
        MHD_add_response_header(resp, "Location", r->location);
    if (r->retry_after > 0) {
        char s[16];
        snprintf(s, sizeof s, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", s);
    }
    if (__atomic_load_n(&in->draining, __ATOMIC_RELAXED))
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* Answers at once (before or instead of reading the body). */
static enum MHD_Result answer_now(request_ctx *ctx)
{
    ctx->st = ST_DONE;
    enum MHD_Result ok = send_reply(ctx->in, ctx->c, &ctx->reply);
    dk_buf_free(&ctx->reply.body);
    return ok;
}

static void reply_too_large(const dk_intake *in, dk_reply *r)
{
    char msg[160];
    snprintf(msg, sizeof msg, "the request body is larger than %ld bytes", in->max_body);
    dk_reply_error(r, 413, msg);
}

/* A body that grows past its limit while it streams (chunked: no length was
 * declared) is cut there. libmicrohttpd 0.9.75 would read such a body to its
 * end before sending an answer queued now, so the 413 is written to the
 * socket directly, the sending side closed, and the connection dropped. */
static enum MHD_Result cut_with_413(request_ctx *ctx)
{
    dk_reply r = {0};
    if (ctx->up)
        dk_route(ctx->in, ctx->c, ctx->url, ctx->method, &(dk_request_body){"", 0, ctx->up},
                 &r); /* up says too_large */
    else
        reply_too_large(ctx->in, &r);
    dk_buf head = DK_BUF_INIT;
    dk_buf_appendf(&head, "HTTP/1.1 413 Content Too Large\r\nContent-Type: %s\r\n",
                   r.content_type ? r.content_type : "text/plain");
    for (const char *const(*h)[2] = dk_security_headers; (*h)[0]; h++)
        dk_buf_appendf(&head, "%s: %s\r\n", (*h)[0], (*h)[1]);
    if (ctx->in->secure_cookies)
        for (const char *const(*h)[2] = dk_https_headers; (*h)[0]; h++)
            dk_buf_appendf(&head, "%s: %s\r\n", (*h)[0], (*h)[1]);
    dk_buf_appendf(&head, "Content-Length: %zu\r\nConnection: close\r\n\r\n", r.body.len);
    dk_buf_append(&head, r.body.data ? r.body.data : "", r.body.len);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(ctx->c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci && head.data && !dk_buf_failed(&head) && !dk_buf_failed(&r.body)) {
        int fd = ci->connect_fd;
        size_t sent = 0;
        while (sent < head.len) {
            ssize_t n = send(fd, head.data + sent, head.len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n <= 0)
                break;
            sent += (size_t)n;
        }
        shutdown(fd, SHUT_WR);
        /* What the client already sent is read away, so closing does not
         * reset the connection before it has read the answer. */
        char sink[16384];
        for (int i = 0; i < 64 && recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; i++)
            ;
    }
    dk_buf_free(&head);
    dk_buf_free(&r.body);
    ctx->st = ST_DONE;
    dk_log(DK_LOG_INFO, "body_cut", "a streamed body passed its limit: answered 413, dropped");
    return MHD_NO;
}

/* ---- framing ---- */

typedef struct {
    int content_length, transfer_encoding;
    int te_chunked_only;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    framing *f = cls;
    if (!key)
        return MHD_YES;
    if (!strcasecmp(key, "Content-Length"))
        f->content_length++;
    else if (!strcasecmp(key, "Transfer-Encoding")) {
        f->transfer_encoding++;
        f->te_chunked_only = value && !strcasecmp(value, "chunked");
    }
    return MHD_YES;
}

/* Headers that a proxy in front could read otherwise than we do (request
 * smuggling): NULL when the framing is unambiguous, else why not. */
static const char *framing_problem(struct MHD_Connection *c)
{
    framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1)
        return "more than one Content-Length header";
    if (f.transfer_encoding && f.content_length)
        return "both Content-Length and Transfer-Encoding";
    if (f.transfer_encoding > 1 || (f.transfer_encoding && !f.te_chunked_only))
        return "a Transfer-Encoding other than chunked";
    return NULL;
}

/* ---- the work done off the event loop ---- */

static void resume(request_ctx *ctx, stage next)
{
    ctx->st = next;
    MHD_resume_connection(ctx->c);
}

/* An accept's link (and the API's header code) is checked before anything
 * costly is taken; then the upload's slots. */
static void precheck_job(void *arg)
{
    request_ctx *ctx = arg;
    dk_request_body b = {"", 0, ctx->up};
    ctx->up->prechecking = 1;
    dk_route(ctx->in, ctx->c, ctx->url, ctx->method, &b, &ctx->reply);
    if (ctx->reply.status == 0 && dk_upload_start(ctx->up, ctx->c, ctx->addr) != 0)
        dk_route(ctx->in, ctx->c, ctx->url, ctx->method, &b, &ctx->reply); /* says which */
    ctx->up->prechecking = 0;
    resume(ctx, ctx->reply.status ? ST_READY : ST_CHECKED);
}

static void route_job(void *arg)
{
    request_ctx *ctx = arg;
    if (ctx->up)
        dk_upload_finish(ctx->up);
    dk_request_body b = {ctx->body.data ? ctx->body.data : "", ctx->body.len, ctx->up};
    dk_route(ctx->in, ctx->c, ctx->url, ctx->method, &b, &ctx->reply);
    resume(ctx, ST_READY);
}

/* Suspends the connection and hands job to the pool; 503 when the pool is
 * stopping. */
static enum MHD_Result defer(request_ctx *ctx, stage st, dk_work_fn job)
{
    ctx->st = st;
    dk_guard_deadline(ctx->in->guard, ctx->g, 0); /* ours to answer now */
    MHD_suspend_connection(ctx->c);
    if (dk_workpool_submit(ctx->in->work, job, ctx) == 0)
        return MHD_YES;
    dk_reply_error(&ctx->reply, 503, "the service is stopping; try again in a moment");
    ctx->reply.retry_after = 5;
    resume(ctx, ST_READY);
    return MHD_YES;
}

/* ---- the request's life ---- */

static enum MHD_Result on_headers(request_ctx *ctx)
{
    dk_intake *in = ctx->in;
    const char *why = framing_problem(ctx->c);
    if (why) {
        dk_reply_error(&ctx->reply, 400, why);
        return answer_now(ctx);
    }
    dk_intake_client_addr(in, ctx->c, ctx->addr);
    if (dk_route_is_upload(ctx->url, ctx->method)) {
        ctx->up = dk_upload_new(in, ctx->c);
        if (!ctx->up) {
            dk_reply_error(&ctx->reply, 503, "out of memory");
            return answer_now(ctx);
        }
        if (dk_upload_refusal(ctx->up)) { /* too large or not multipart: no lookup */
            dk_route(in, ctx->c, ctx->url, ctx->method, &(dk_request_body){"", 0, ctx->up},
                     &ctx->reply);
            return answer_now(ctx);
        }
        return defer(ctx, ST_PRECHECK, precheck_job);
    }
    /* Refuse an oversized body before reading any of it. */
    const char *cl = MHD_lookup_connection_value(ctx->c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoll(cl, NULL, 10) > in->max_body) {
        reply_too_large(in, &ctx->reply);
        return answer_now(ctx);
    }
    /* A small body arrives within the headers' bound again. */
    dk_guard_deadline(in->guard, ctx->g, in->header_ms);
    ctx->st = ST_BODY;
    return MHD_YES;
}

static enum MHD_Result on_body(request_ctx *ctx, const char *data, size_t *size)
{
    size_t n = *size;
    *size = 0;
    if (ctx->up)
        return dk_upload_feed(ctx->up, data, n) == 0 ? MHD_YES : cut_with_413(ctx);
    if (ctx->body.len + n > (size_t)ctx->in->max_body)
        return cut_with_413(ctx);
    if (dk_buf_append(&ctx->body, data, n) != 0) {
        dk_log(DK_LOG_ERROR, "out_of_memory", "request body");
        return MHD_NO;
    }
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    dk_intake *in = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        *con_cls = ctx;
        __atomic_add_fetch(&in->requests_in_flight, 1, __ATOMIC_SEQ_CST);
        ctx->in = in, ctx->c = c, ctx->url = url, ctx->method = method;
        ctx->g = dk_guard_of(c);
        return on_headers(ctx);
    }
    switch (ctx->st) {
    case ST_CHECKED:
        /* Called again once the link was checked: the upload's body may come. */
        ctx->st = ST_BODY;
        dk_guard_deadline(in->guard, ctx->g, in->body_ms);
        if (*upload_data_size == 0)
            return MHD_YES;
        return on_body(ctx, upload_data, upload_data_size);
    case ST_BODY:
        if (*upload_data_size > 0)
            return on_body(ctx, upload_data, upload_data_size);
        return defer(ctx, ST_WORKING, route_job);
    case ST_READY:
        *upload_data_size = 0; /* a refusal after the link check skips the body */
        return answer_now(ctx);
    case ST_DONE:
        *upload_data_size = 0;
        return MHD_YES;
    default:
        /* Not called while suspended (PRECHECK, WORKING). */
        return MHD_YES;
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    dk_intake *in = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx)
        return;
    dk_upload_free(ctx->up);
    dk_buf_free(&ctx->body);
    dk_buf_free(&ctx->reply.body);
    free(ctx);
    *con_cls = NULL;
    /* The next request on this connection has the headers' bound again. */
    dk_guard_next_request(in->guard, dk_guard_of(c));
    __atomic_sub_fetch(&in->requests_in_flight, 1, __ATOMIC_SEQ_CST);
}

/* libmicrohttpd's own messages, as one JSON line each. The format is
 * libmicrohttpd's: the attribute tells the compiler so (-Wformat-nonliteral). */
static void mhd_logger(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    dk_log(DK_LOG_INFO, "http_server", "%s", msg);
}

struct MHD_Daemon *dk_http_start(dk_intake *in, const char *host, int port, int *bound_port,
                                 char *err, size_t errlen)
{
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "DK_INTAKE_HOST '%s' is not an IPv4 address", host);
        return NULL;
    }
    dk_http_https = in->secure_cookies;
    in->header_ms = (int)dk_config_int("DK_INTAKE_HEADER_TIMEOUT_MS");
    in->body_ms = (int)dk_config_int("DK_INTAKE_BODY_TIMEOUT_MS");
    in->upload_addrs = dk_addrcount_new((int)dk_config_int("DK_INTAKE_UPLOADS_PER_ADDRESS"));
    in->guard = dk_guard_new(in->header_ms);
    in->work = dk_workpool_new((int)dk_config_int("DK_INTAKE_THREADS"));
    if (!in->upload_addrs || !in->guard || !in->work) {
        snprintf(err, errlen, "cannot start the HTTP server's threads");
        return NULL;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned loops = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus;
    unsigned per_addr = (unsigned)dk_config_int("DK_INTAKE_MAX_PER_ADDRESS");
    /* Behind a trusted proxy every connection comes from the proxy. */
    if (in->trust_proxy)
        per_addr = 0;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, on_request, in, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
        MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_THREAD_POOL_SIZE, loops, MHD_OPTION_NOTIFY_COMPLETED, on_completed, in,
        MHD_OPTION_NOTIFY_CONNECTION, dk_guard_notify, in->guard, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)dk_config_int("DK_INTAKE_MAX_CONNECTIONS"), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        per_addr, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "cannot listen on %s:%d (in use?)", host, port);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *bound_port = info ? info->port : port;
    return d;
}

int dk_http_drain(dk_intake *in, struct MHD_Daemon *d, int drain_ms)
{
    __atomic_store_n(&in->draining, 1, __ATOMIC_SEQ_CST);
    MHD_socket listen_fd = MHD_quiesce_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd); /* connections not yet accepted are refused, untouched */
    /* Requests received are answered; connections accepted whose first
     * request is on its way get it answered too (each within its bound). */
    int64_t until = dk_mono_ms() + drain_ms;
    int left;
    while (((left = __atomic_load_n(&in->requests_in_flight, __ATOMIC_SEQ_CST)) > 0 ||
            dk_guard_awaited(in->guard) > 0) &&
           dk_mono_ms() < until)
        usleep(20 * 1000);
    /* Handlers still running finish (bounded by the broker's and the
     * database's own timeouts) and resume their connections before the
     * server stops, as libmicrohttpd requires. */
    dk_workpool_free(in->work);
    in->work = NULL;
    MHD_stop_daemon(d);
    dk_guard_free(in->guard);
    in->guard = NULL;
    dk_addrcount_free(in->upload_addrs);
    in->upload_addrs = NULL;
    return left;
}
