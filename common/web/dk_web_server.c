/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_server.c — the HTTP server of dk_web.h on libmicrohttpd: an event
 * loop (epoll, a few threads) reads requests and writes answers, and a pool
 * of worker threads runs the handler, which may wait on the broker or
 * PostgreSQL; a connection is suspended while its handler runs, so thousands
 * of slow clients cost sockets, not threads. Each request is bounded in size
 * (413 before reading when Content-Length is too large, and as soon as a
 * chunked body passes the limit) and in time (dk_web_guard.c); framing that
 * a proxy could read differently is refused, and so is a POST from another
 * site. A streamed body (an upload) goes through its own hooks and limits,
 * after the handler's precheck let it through, and must keep a minimum pace
 * or be cut with a 408 worded beforehand. On SIGTERM (dk_web_drain)
 * every request already received is answered before the server stops. */
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "metrics/dk_metrics.h"
#include "web/dk_web_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Where a request is: its headers are in (NEW), a streamed body's precheck
 * runs (PRECHECK) and let it through (CHECKED), its body comes in (BODY), the
 * handler works on it (WORKING), the answer waits to be queued (READY), it
 * was answered (DONE), or it was answered before its body and the body is
 * read away (DRAIN). */
typedef enum {
    ST_NEW,
    ST_PRECHECK,
    ST_CHECKED,
    ST_BODY,
    ST_WORKING,
    ST_READY,
    ST_DONE,
    ST_DRAIN
} stage;

typedef struct {
    dk_web *w;
    struct MHD_Connection *c;
    const char *url, *method; /* libmicrohttpd's, valid until the request ends */
    stage st;
    dk_buf body;
    void *stream; /* a streamed body's state: the body goes there instead */
    dk_web_reply reply;
    dk_buf too_slow; /* the whole 408 written if a streamed body is cut (dk_web_guard_body) */
    char addr[64];
    dk_web_guarded *g;
    int before_body;   /* answered by the precheck: the body is still to come */
    double t0;         /* dk_metrics_now() when the headers were in */
    const char *route; /* its pattern in o.routes, or "other" */
} request_ctx;

/* ---- metrics ---- */

static dk_metrics_family *requests_family, *duration_family;
static pthread_once_t metrics_once = PTHREAD_ONCE_INIT;

static void register_metrics(void)
{
    requests_family = dk_metrics_counter("dk_http_requests_total",
                                         "HTTP requests answered, by route pattern, method and "
                                         "status.",
                                         "server,route,method,status");
    duration_family = dk_metrics_histogram(
        "dk_http_request_duration_seconds",
        "Time from a request's headers to its answer being queued, by route pattern.",
        "server,route", dk_metrics_seconds_buckets, dk_metrics_seconds_buckets_n);
}

/* An answered request in the metrics (one that got no answer, its
 * connection dropped, is not counted; a streamed body cut for its pace or
 * time got the 408 kept for it, written by the guard). */
static void count_request(const request_ctx *ctx)
{
    int status = ctx->reply.status;
    if (status < 100 || status > 599)
        return;
    const char *m = ctx->method;
    const char *method = !strcmp(m, "GET")    ? "GET"
                         : !strcmp(m, "POST") ? "POST"
                         : !strcmp(m, "HEAD") ? "HEAD"
                                              : "other";
    const char *server = ctx->w->o.name ? ctx->w->o.name : "";
    char code[8];
    snprintf(code, sizeof code, "%d", status);
    dk_metrics_inc(dk_metrics_with(requests_family, server, ctx->route, method, code));
    dk_metrics_observe(dk_metrics_with(duration_family, server, ctx->route),
                       dk_metrics_now() - ctx->t0);
}

/* ---- calling the handler ---- */

static const char style_path[] = "/style.css";

/* The handler on the request in phase, after what the server answers by
 * itself: a POST from another site (403), the stylesheet, and the icon a
 * browser asks for by itself on every site (no icon: 204, so that its
 * console does not report a 404 on each of our pages). */
static void handle(request_ctx *ctx, dk_web_phase phase, const char *body, size_t len,
                   dk_web_reply *r)
{
    const dk_web_options *o = &ctx->w->o;
    dk_web_request rq = {.conn = ctx->c,
                         .url = ctx->url,
                         .method = ctx->method,
                         .body = body,
                         .len = len,
                         .stream = ctx->stream,
                         .phase = phase,
                         .client_addr = ctx->addr};
    int get = !strcmp(ctx->method, "GET") || !strcmp(ctx->method, "HEAD");
    if (!strcmp(ctx->method, "POST") && !dk_web_origin_allowed(ctx->c, ctx->route, o->public_url)) {
        dk_web_reply_error(r, 403,
                           "this request comes from another site (Origin or Referer is not this "
                           "service's address) and was refused");
        if (o->origin_refused)
            o->origin_refused(o->cls, &rq, r);
        return;
    }
    if (get && o->style && !strcmp(ctx->url, style_path)) {
        r->status = 200;
        r->content_type = "text/css; charset=utf-8";
        dk_buf_puts(&r->body, o->style);
        return;
    }
    if (get && o->style && !strcmp(ctx->url, "/favicon.ico")) {
        r->status = 204;
        return;
    }
    o->handler(o->cls, &rq, r);
    if (phase == DK_WEB_ANSWER && r->status == 0) {
        dk_logj(DK_LOG_ERROR, "handler_no_answer",
                json_pack("{s:s, s:s}", "server", o->name ? o->name : "", "method", ctx->method));
        dk_web_reply_error(r, 500, "the server made no answer");
    }
}

/* ---- answering ---- */

/* A reply whose body failed to build (an append ran out of memory) is never
 * sent truncated: the client gets a 500 that says so, and nothing of it. */
static void refuse_failed_body(dk_web_reply *r)
{
    static const char msg[] = "could not build the page\n";
    dk_log(DK_LOG_ERROR, "reply_failed", "the answer's body could not be built: answered 500");
    dk_buf_free(&r->body);
    r->status = 500;
    r->content_type = "text/plain; charset=utf-8";
    r->set_cookie[0] = '\0';
    r->location[0] = '\0';
    r->retry_after = 0;
    r->csp = NULL;
    dk_buf_append(&r->body, msg, sizeof msg - 1);
}

static enum MHD_Result send_reply(const dk_web *w, struct MHD_Connection *c, dk_web_reply *r)
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
    if (r->csp) /* before the server's headers, which then keep it */
        MHD_add_response_header(resp, "Content-Security-Policy", r->csp);
    dk_web_security_headers(resp, w);
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->location[0])
        MHD_add_response_header(resp, "Location", r->location);
    if (r->retry_after > 0) {
        char s[16];
        snprintf(s, sizeof s, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", s);
    }
    if (__atomic_load_n(&w->draining, __ATOMIC_RELAXED))
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* Answers at once (before or instead of reading the body). */
static enum MHD_Result answer_now(request_ctx *ctx)
{
    ctx->st = ST_DONE;
    enum MHD_Result ok = send_reply(ctx->w, ctx->c, &ctx->reply);
    dk_buf_free(&ctx->reply.body);
    return ok;
}

static void reply_too_large(const dk_web *w, dk_web_reply *r)
{
    char msg[160];
    snprintf(msg, sizeof msg, "the request body is larger than %ld bytes", w->o.max_body);
    dk_web_reply_error(r, 413, msg);
}

/* r as the bytes of a whole HTTP answer (status line, headers, body,
 * "Connection: close" first or last) into head, for writing to the socket
 * ourselves. */
static void format_direct(const dk_web *w, dk_web_reply *r, int close_first, dk_buf *head)
{
    if (dk_buf_failed(&r->body))
        refuse_failed_body(r);
    const char *reason = MHD_get_reason_phrase_for((unsigned)r->status);
    /* "Connection: close" where libmicrohttpd puts it for an answer queued
     * before the body (first), or last: clients see the same headers. */
    dk_buf_appendf(head, "HTTP/1.1 %d %s\r\n%sContent-Type: %s\r\n", r->status,
                   reason && *reason ? reason : "Unknown",
                   close_first ? "Connection: close\r\n" : "",
                   r->content_type ? r->content_type : "text/plain");
    if (r->csp)
        dk_buf_appendf(head, "Content-Security-Policy: %s\r\n", r->csp);
    const char *name, *value;
    for (int i = 0; (name = dk_web_security_header(w, i, &value)); i++)
        if (!r->csp || strcasecmp(name, "Content-Security-Policy") != 0)
            dk_buf_appendf(head, "%s: %s\r\n", name, value);
    if (r->set_cookie[0])
        dk_buf_appendf(head, "Set-Cookie: %s\r\n", r->set_cookie);
    if (r->location[0])
        dk_buf_appendf(head, "Location: %s\r\n", r->location);
    if (r->retry_after > 0)
        dk_buf_appendf(head, "Retry-After: %d\r\n", r->retry_after);
    dk_buf_appendf(head, "Content-Length: %zu\r\n%s\r\n", r->body.len,
                   close_first ? "" : "Connection: close\r\n");
    dk_buf_append(head, r->body.data ? r->body.data : "", r->body.len);
}

/* Writes r to the connection's socket directly (format_direct) and closes
 * the sending side: libmicrohttpd 0.9.75 sends an answer queued in the
 * middle of a body only once it has read that body, and one queued before
 * the body then closes the connection at once — which resets it under a
 * client still sending (a browser posting a photo to an expired link saw
 * "connection reset", not our page). Returns 0 when the whole answer went
 * out. */
static int write_reply_direct(request_ctx *ctx, dk_web_reply *r, int close_first)
{
    dk_buf head = DK_BUF_INIT;
    format_direct(ctx->w, r, close_first, &head);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(ctx->c, MHD_CONNECTION_INFO_CONNECTION_FD);
    int rc = -1;
    if (ci && head.data && !dk_buf_failed(&head) && !dk_buf_failed(&r->body)) {
        int fd = ci->connect_fd;
        size_t sent = 0;
        while (sent < head.len) {
            ssize_t n = send(fd, head.data + sent, head.len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n <= 0)
                break;
            sent += (size_t)n;
        }
        rc = sent == head.len ? 0 : -1;
        shutdown(fd, SHUT_WR);
    }
    dk_buf_free(&head);
    return rc;
}

/* A body that grows past its limit while it streams (chunked: no length was
 * declared) is cut there: the 413 written directly, what the client already
 * sent read away (so that closing does not reset the connection before it
 * has read the answer), and the connection dropped. */
static enum MHD_Result cut_with_413(request_ctx *ctx)
{
    dk_web_guard_deadline(ctx->w->guard, ctx->g, 0); /* ours to answer, not the pace's 408 */
    dk_web_reply r = {0};
    if (ctx->stream)
        handle(ctx, DK_WEB_REFUSE, "", 0, &r); /* the stream says too large */
    else
        reply_too_large(ctx->w, &r);
    r.status = 413;
    if (write_reply_direct(ctx, &r, 0) == 0) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(ctx->c, MHD_CONNECTION_INFO_CONNECTION_FD);
        char sink[16384];
        for (int i = 0; ci && i < 64 && recv(ci->connect_fd, sink, sizeof sink, MSG_DONTWAIT) > 0;
             i++)
            ;
    }
    dk_buf_free(&r.body);
    ctx->st = ST_DONE;
    ctx->reply.status = 413;
    dk_log(DK_LOG_INFO, "body_cut", "a streamed body passed its limit: answered 413, dropped");
    return MHD_NO;
}

/* A streamed body refused before it was read (an unknown or expired link, a
 * wrong code in a header, no upload slot): the answer goes out at once, and
 * the body the client goes on sending is read and dropped (within the
 * stream's size bound and the body's time bound, taking no upload slot) so
 * that it can read the answer; the connection ends with the body. */
static enum MHD_Result answer_then_drain(request_ctx *ctx, size_t *upload_data_size)
{
    *upload_data_size = 0;
    int sent = write_reply_direct(ctx, &ctx->reply, 1);
    dk_buf_free(&ctx->reply.body);
    if (sent != 0)
        return MHD_NO;
    ctx->st = ST_DRAIN;
    dk_web_guard_deadline(ctx->w->guard, ctx->g, ctx->w->o.body_ms);
    return MHD_YES;
}

/* 1 when the request declares a body still to come (a length above zero,
 * or chunked). */
static int body_expected(struct MHD_Connection *c)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl)
        return strtoll(cl, NULL, 10) > 0;
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") != NULL;
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

/* The 408 a streamed body gets if it is cut for its pace or its time,
 * worded now (by the handler when a pace is asked, else the server's JSON)
 * and kept by the guard until then. */
static void prepare_too_slow(request_ctx *ctx)
{
    dk_web_reply r = {0};
    if (ctx->w->o.body_min_rate > 0)
        handle(ctx, DK_WEB_TOO_SLOW, "", 0, &r);
    if (r.status == 0)
        dk_web_reply_error(&r, 408,
                           "the request body did not arrive in time: it came too slowly, or "
                           "stopped");
    r.status = 408;
    r.set_cookie[0] = '\0'; /* only words: nothing happened */
    r.location[0] = '\0';
    dk_buf_reset(&ctx->too_slow);
    format_direct(ctx->w, &r, 0, &ctx->too_slow);
    dk_buf_free(&r.body);
}

/* A streamed body's precheck (the link, a code in a header) runs before
 * anything costly is taken; then the stream's slots. */
static void precheck_job(void *arg)
{
    request_ctx *ctx = arg;
    const dk_web_stream *s = ctx->w->o.stream;
    handle(ctx, DK_WEB_PRECHECK, "", 0, &ctx->reply);
    if (ctx->reply.status == 0 && s->start(ctx->stream, ctx->c, ctx->addr) != 0)
        handle(ctx, DK_WEB_PRECHECK, "", 0, &ctx->reply); /* says which */
    ctx->before_body = ctx->reply.status != 0;
    if (!ctx->before_body)
        prepare_too_slow(ctx);
    resume(ctx, ctx->reply.status ? ST_READY : ST_CHECKED);
}

static void answer_job(void *arg)
{
    request_ctx *ctx = arg;
    if (ctx->stream)
        ctx->w->o.stream->finish(ctx->stream);
    handle(ctx, DK_WEB_ANSWER, ctx->body.data ? ctx->body.data : "", ctx->body.len, &ctx->reply);
    resume(ctx, ST_READY);
}

/* Suspends the connection and hands job to the pool; 503 when the pool is
 * stopping. */
static enum MHD_Result defer(request_ctx *ctx, stage st, dk_work_fn job)
{
    ctx->st = st;
    dk_web_guard_deadline(ctx->w->guard, ctx->g, 0); /* ours to answer now */
    MHD_suspend_connection(ctx->c);
    if (dk_workpool_submit(ctx->w->work, job, ctx) == 0)
        return MHD_YES;
    dk_web_reply_error(&ctx->reply, 503, "the service is stopping; try again in a moment");
    ctx->reply.retry_after = 5;
    resume(ctx, ST_READY);
    return MHD_YES;
}

/* ---- the request's life ---- */

static enum MHD_Result on_headers(request_ctx *ctx)
{
    dk_web *w = ctx->w;
    const dk_web_stream *s = w->o.stream;
    const char *why = framing_problem(ctx->c);
    if (why) {
        dk_web_reply_error(&ctx->reply, 400, why);
        return answer_now(ctx);
    }
    dk_web_client_addr(ctx->c, w->o.trust_proxy, ctx->addr);
    if (s && s->wants(w->o.cls, ctx->url, ctx->method)) {
        ctx->stream = s->open(w->o.cls, ctx->c);
        if (!ctx->stream) {
            dk_web_reply_error(&ctx->reply, 503, "out of memory");
            return answer_now(ctx);
        }
        if (s->refused(ctx->stream)) { /* too large or not its type: no lookup */
            handle(ctx, DK_WEB_REFUSE, "", 0, &ctx->reply);
            return answer_now(ctx);
        }
        return defer(ctx, ST_PRECHECK, precheck_job);
    }
    /* Refuse an oversized body before reading any of it. */
    const char *cl = MHD_lookup_connection_value(ctx->c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoll(cl, NULL, 10) > w->o.max_body) {
        reply_too_large(w, &ctx->reply);
        return answer_now(ctx);
    }
    /* A small body arrives within the headers' bound again. */
    dk_web_guard_deadline(w->guard, ctx->g, w->o.header_ms);
    ctx->st = ST_BODY;
    return MHD_YES;
}

static enum MHD_Result on_body(request_ctx *ctx, const char *data, size_t *size)
{
    size_t n = *size;
    *size = 0;
    if (ctx->stream) {
        dk_web_guard_progress(ctx->w->guard, ctx->g, n); /* its pace */
        return ctx->w->o.stream->feed(ctx->stream, data, n) == 0 ? MHD_YES : cut_with_413(ctx);
    }
    if (ctx->body.len + n > (size_t)ctx->w->o.max_body)
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
    dk_web *w = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        *con_cls = ctx;
        __atomic_add_fetch(&w->requests_in_flight, 1, __ATOMIC_SEQ_CST);
        ctx->w = w, ctx->c = c, ctx->url = url, ctx->method = method;
        ctx->g = dk_web_guard_of(c);
        ctx->t0 = dk_metrics_now();
        ctx->route = dk_metrics_route(w->o.routes, url);
        return on_headers(ctx);
    }
    switch (ctx->st) {
    case ST_CHECKED:
        /* Called again once the precheck passed: the streamed body may come,
         * within its time and at its pace, else cut with the 408 kept. */
        ctx->st = ST_BODY;
        dk_web_guard_body(w->guard, ctx->g, w->o.body_ms, w->o.body_min_rate, w->o.body_grace_ms,
                          ctx->too_slow.data,
                          dk_buf_failed(&ctx->too_slow) ? 0 : ctx->too_slow.len);
        if (*upload_data_size == 0)
            return MHD_YES;
        return on_body(ctx, upload_data, upload_data_size);
    case ST_BODY:
        if (*upload_data_size > 0)
            return on_body(ctx, upload_data, upload_data_size);
        return defer(ctx, ST_WORKING, answer_job);
    case ST_READY:
        /* A refusal after the precheck: answered before the body. */
        if (ctx->before_body && body_expected(c))
            return answer_then_drain(ctx, upload_data_size);
        *upload_data_size = 0;
        return answer_now(ctx);
    case ST_DRAIN:
        if (*upload_data_size == 0)
            return MHD_NO; /* the body is in: the answer was sent, close */
        {
            size_t n = *upload_data_size;
            *upload_data_size = 0;
            /* The stream counts what it is fed against its bound (it
             * keeps nothing of a refused body). */
            return w->o.stream->feed(ctx->stream, upload_data, n) == 0 ? MHD_YES : MHD_NO;
        }
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
    dk_web *w = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx)
        return;
    if (ctx->reply.status == 0 && dk_web_guard_cut_answered(w->guard, dk_web_guard_of(c)))
        ctx->reply.status = 408;
    count_request(ctx);
    if (ctx->stream)
        w->o.stream->free(ctx->stream);
    dk_buf_free(&ctx->body);
    dk_buf_free(&ctx->reply.body);
    dk_buf_free(&ctx->too_slow);
    free(ctx);
    *con_cls = NULL;
    /* The next request on this connection has the headers' bound again. */
    dk_web_guard_next_request(w->guard, dk_web_guard_of(c));
    __atomic_sub_fetch(&w->requests_in_flight, 1, __ATOMIC_SEQ_CST);
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

static void free_server(dk_web *w)
{
    if (w->work)
        dk_workpool_free(w->work);
    if (w->d)
        MHD_stop_daemon(w->d);
    dk_web_guard_free(w->guard);
    free(w);
}

dk_web *dk_web_start(const dk_web_options *o, char *err, size_t errlen)
{
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (!o->handler || !o->host || inet_pton(AF_INET, o->host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "the %s server's host '%s' is not an IPv4 address",
                 o->name ? o->name : "HTTP", o->host ? o->host : "");
        return NULL;
    }
    const dk_web_stream *s = o->stream;
    if (s && !(s->wants && s->open && s->refused && s->start && s->feed && s->finish && s->free)) {
        snprintf(err, errlen, "a streamed body needs every hook of dk_web_stream");
        return NULL;
    }
    dk_web *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_once(&metrics_once, register_metrics);
    w->o = *o;
    w->guard = dk_web_guard_new(o->header_ms, w);
    w->work = dk_workpool_new(o->workers);
    if (!w->guard || !w->work) {
        snprintf(err, errlen, "cannot start the HTTP server's threads");
        free_server(w);
        return NULL;
    }
    unsigned loops = (unsigned)o->loops;
    if (o->loops <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        loops = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus;
    }
    /* Behind a trusted proxy every connection comes from the proxy. */
    unsigned per_addr = o->trust_proxy || o->per_address < 0 ? 0 : (unsigned)o->per_address;
    unsigned idle = o->idle_s > 0 ? (unsigned)o->idle_s : 30;
    w->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        (uint16_t)o->port, NULL, NULL, on_request, w, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
        MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_THREAD_POOL_SIZE, loops, MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
        MHD_OPTION_NOTIFY_CONNECTION, dk_web_guard_notify, w->guard, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)o->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_addr,
        MHD_OPTION_CONNECTION_TIMEOUT, idle, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_END);
    if (!w->d) {
        snprintf(err, errlen, "cannot listen on %s:%d (in use?)", o->host, o->port);
        free_server(w);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
    w->port = info ? info->port : o->port;
    return w;
}

int dk_web_port(const dk_web *w)
{
    return w->port;
}

struct MHD_Daemon *dk_web_daemon(const dk_web *w)
{
    return w->d;
}

long dk_web_cut(const dk_web *w)
{
    return dk_web_guard_cut(w->guard);
}

int dk_web_drain(dk_web *w, int drain_ms)
{
    __atomic_store_n(&w->draining, 1, __ATOMIC_SEQ_CST);
    MHD_socket listen_fd = MHD_quiesce_daemon(w->d);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd); /* connections not yet accepted are refused, untouched */
    /* Requests received are answered; connections accepted whose first
     * request is on its way get it answered too (each within its bound). */
    int64_t until = dk_mono_ms() + drain_ms;
    int left;
    while (((left = __atomic_load_n(&w->requests_in_flight, __ATOMIC_SEQ_CST)) > 0 ||
            dk_web_guard_awaited(w->guard) > 0) &&
           dk_mono_ms() < until)
        usleep(20 * 1000);
    /* Handlers still running finish (bounded by the broker's and the
     * database's own timeouts) and resume their connections before the
     * server stops, as libmicrohttpd requires. */
    dk_workpool_free(w->work);
    w->work = NULL;
    MHD_stop_daemon(w->d);
    w->d = NULL;
    dk_web_guard_free(w->guard);
    w->guard = NULL;
    free(w);
    return left;
}
