/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web.h — the HTTP server every web front of the service runs on (the
 * intake, the interviewers' console, the dashboard), so that each gets the
 * hardening the intake earned under attack (issue 8) instead of a copy of it:
 *
 *  - libmicrohttpd with epoll event loops that only read and write, and a
 *    pool of worker threads that run the handlers; a connection is suspended
 *    while its handler runs, so a handler may block (PostgreSQL, the broker)
 *    and thousands of slow clients cost sockets, not threads;
 *  - bounds on every request: its headers (and a buffered body) must arrive
 *    within header_ms, a streamed body within body_ms (a reaper cuts the
 *    connection past that); a body declared larger than max_body is 413
 *    before any of it is read, a chunked one is cut with 413 as it passes the
 *    limit; at most per_address connections per client address;
 *  - framing a proxy could read otherwise (two Content-Lengths, one with
 *    Transfer-Encoding, a Transfer-Encoding other than chunked) is 400;
 *  - every POST whose Origin (or Referer) names another site is 403;
 *  - every answer, libmicrohttpd's own error pages included, carries the
 *    security headers (the server's Content-Security-Policy, nosniff,
 *    no-store, DENY framing, same-origin referrers; HSTS over https);
 *  - on SIGTERM, dk_web_drain answers every request already received before
 *    the server stops.
 *
 * A server is one handler (the routes are the caller's) and its options. The
 * pieces a handler builds its answers with are beside this header:
 * web/dk_web_form.h (form bodies, cookies, CSRF pairs), web/dk_web_page.h
 * (pages from templates in the common layout, 500 on failure), web/dk_csrf.h,
 * web/dk_origin.h, web/dk_ratelimit.h, web/dk_addrcount.h.
 *
 * Threading: the handler runs on a worker thread (phase DK_WEB_ANSWER and
 * DK_WEB_PRECHECK) and may block; handlers of different requests run at the
 * same time, so what they share must be thread-safe (dk_pgpool, dk_ratelimit
 * and dk_addrcount are). Only DK_WEB_REFUSE runs on an event-loop thread and
 * must not block. */
#ifndef DK_WEB_H
#define DK_WEB_H

#include "core/dk_buf.h"
#include "core/dk_net.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>

/* ---- one answer ---- */

/* What a handler fills in. The server zeroes it before the first call and
 * owns it: the handler appends to body (never frees it), the server sends it
 * and frees it after the request. A body whose appends failed (dk_buf's
 * sticky flag) is never sent truncated: the client gets a 500. */
typedef struct {
    int status;               /* 0 = no answer yet */
    const char *content_type; /* must outlive the request: a string literal */
    dk_buf body;
    char set_cookie[512]; /* one Set-Cookie value; "" = none */
    char location[256];   /* Location (a 303); "" = none */
    int retry_after;      /* seconds, for 429 and 503; 0 = none */
    /* This answer's Content-Security-Policy (a page that loads a script of
     * ours needs more than the server's); NULL: the server's. Must outlive
     * the request: a string literal. */
    const char *csp;
} dk_web_reply;

/* r becomes status with body as compact JSON (body is stolen; NULL — a
 * json_pack that failed — makes a 500 saying so, never an empty object). */
void dk_web_reply_json(dk_web_reply *r, int status, json_t *body);

/* r becomes status with {"error": message}. */
void dk_web_reply_error(dk_web_reply *r, int status, const char *message);

/* ---- one request, as the handler sees it ---- */

typedef enum {
    /* The request is whole (its body buffered, or a stream finished):
     * answer it. A worker thread; may block. */
    DK_WEB_ANSWER,
    /* A streamed body (dk_web_stream), before a byte of it is read: check
     * what the headers allow checking (a link, a code, a session) and answer
     * a refusal, or leave r->status 0 to let the body come. Called a second
     * time, still before the body, when the stream's start hook refused
     * (busy): then word that refusal. A worker thread; may block. */
    DK_WEB_PRECHECK,
    /* A streamed body that its own state refused (declared too large, the
     * wrong type, or grown past its limit): word the refusal from the
     * stream's state. On an event-loop thread: must not block. */
    DK_WEB_REFUSE,
    /* A streamed body the precheck let through, before its body: word the
     * 408 it gets if it is cut for arriving too slowly (body_min_rate) or
     * not within body_ms. Only kept: the body comes next whatever r says. A
     * worker thread; may block. r->status 0 keeps the server's JSON 408. */
    DK_WEB_TOO_SLOW,
} dk_web_phase;

typedef struct {
    /* For headers, cookies and query arguments:
     * MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND|MHD_COOKIE_KIND|
     * MHD_GET_ARGUMENT_KIND, name). Valid during the call only. */
    struct MHD_Connection *conn;
    const char *url;    /* the path, without the query */
    const char *method; /* as sent: "GET", "HEAD", "POST", … */
    const char *body;   /* the buffered body, never NULL ("" when none); may hold NULs */
    size_t len;
    void *stream; /* a streamed body's state (the stream hooks' open), else NULL */
    dk_web_phase phase;
    const char *client_addr; /* dk_web_client_addr's; "" when unknown */
} dk_web_request;

/* Answers rq into r (see dk_web_phase for the thread and the phase). Every
 * pointer in rq is valid during the call only. An ANSWER that leaves
 * r->status 0 is answered 500. */
typedef void (*dk_web_handler)(void *cls, const dk_web_request *rq, dk_web_reply *r);

/* ---- bodies that stream (uploads) ---- */

/* A route whose body is not buffered under max_body but handed, as it
 * arrives, to these hooks with limits of their own (the intake's document
 * upload). The order: wants (headers in) → open → refused? (then the
 * handler in DK_WEB_REFUSE) → the handler in DK_WEB_PRECHECK → start → the
 * handler in DK_WEB_TOO_SLOW (kept) → feed … → finish → the handler in
 * DK_WEB_ANSWER → free. Nothing costly may be
 * taken before start: an invented link must cost nothing. */
typedef struct {
    /* 1 when (url, method) streams its body. Event loop. */
    int (*wants)(void *cls, const char *url, const char *method);
    /* The stream's state from the headers (Content-Length, Content-Type);
     * NULL: out of memory (503). Event loop. */
    void *(*open)(void *cls, struct MHD_Connection *c);
    /* Nonzero when the headers alone refuse it (too large, not the type);
     * the handler then words it in DK_WEB_REFUSE. Event loop. */
    int (*refused)(void *stream);
    /* After the handler's precheck let it through: takes the stream's slots
     * (memory, the address's share). Returns 0, or -1 (the handler words it
     * in a second DK_WEB_PRECHECK). Worker thread. */
    int (*start)(void *stream, struct MHD_Connection *c, const char *client_addr);
    /* n more bytes. Returns 0, or -1 when the body passed what the route
     * may carry: the handler words a 413 (DK_WEB_REFUSE), the server writes
     * it and drops the connection. Event loop. */
    int (*feed)(void *stream, const char *data, size_t n);
    /* The body ended (before DK_WEB_ANSWER). Worker thread. */
    void (*finish)(void *stream);
    /* After the answer (or a dropped connection); stream may be any state. */
    void (*free)(void *stream);
} dk_web_stream;

/* ---- the server ---- */

/* The Content-Security-Policy when the options name none: nothing but our
 * own stylesheet and images, forms posting to us, no framing. */
#define DK_WEB_CSP_DEFAULT                                                                         \
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "                   \
    "frame-ancestors 'none'; base-uri 'none'"

typedef struct {
    const char *name; /* in log lines: "intake", "console" */
    const char *host; /* an IPv4 address to listen on */
    int port;         /* 0: any free port (dk_web_port says which) */
    dk_web_handler handler;
    void *cls;     /* the handler's, the stream hooks' and origin_refused's first argument */
    long max_body; /* bytes of a buffered body: 413 beyond */
    int header_ms; /* a request's headers, and its buffered body, within this */
    int body_ms;   /* a streamed body within this */
    /* A streamed body must average body_min_rate bytes a second (0: no
     * bound) once body_grace_ms have passed since it could start; one that
     * falls behind, or is not whole within body_ms, is cut: its 408
     * (DK_WEB_TOO_SLOW) written, the connection closed, its slots freed. */
    int body_min_rate;
    int body_grace_ms;
    int workers;         /* handler threads (>= 1) */
    int loops;           /* event-loop threads; 0: one per CPU, at most 8 */
    int max_connections; /* open at once */
    int per_address;     /* open connections per client address; 0 = no bound */
    int idle_s;          /* libmicrohttpd's idle timeout; 0: 30 s */
    /* > 0: the service is reached only through this many proxies, each
     * appending its peer to X-Forwarded-For (dk_web_trusted_hops); the
     * client address is the entry the nearest one appended
     * (dk_web_client_addr). per_address is then off (every connection comes
     * from the proxy). 0: the peer is the client. */
    int trust_proxy;
    int https;         /* the public URL is https: Strict-Transport-Security */
    const char *csp;   /* NULL: DK_WEB_CSP_DEFAULT */
    const char *style; /* answered to GET /style.css (text/css); NULL: not served */
    /* A POST must come from public_url's origin or the address the client
     * reached us on (also http://localhost:PORT on loopback), or carry
     * neither Origin nor Referer; else 403. NULL: the address only. */
    const char *public_url;
    /* Words that 403 (a page in the visitor's language): r holds the
     * default JSON 403 when it is called; may replace it. NULL: the JSON. */
    void (*origin_refused)(void *cls, const dk_web_request *rq, dk_web_reply *r);
    const dk_web_stream *stream; /* NULL: every body is buffered */
    /* The route patterns of metrics/dk_metrics.h's dk_metrics_route: every
     * answer counts in dk_http_requests_total{server,route,method,status}
     * and dk_http_request_duration_seconds{server,route} (from its headers
     * to its answer) under the pattern its path matches, "other" when none
     * (or routes is NULL). NULL-terminated; must outlive the server. */
    const char *const *routes;
} dk_web_options;

typedef struct dk_web dk_web;

/* Starts listening on host:port with o (copied; the strings it points to
 * must outlive the server). NULL with a message in err when it cannot. */
dk_web *dk_web_start(const dk_web_options *o, char *err, size_t errlen);

/* The port listened on. */
int dk_web_port(const dk_web *w);

/* libmicrohttpd's daemon (for MHD_get_daemon_info). */
struct MHD_Daemon *dk_web_daemon(const dk_web *w);

/* Connections cut so far for running past their time bound. */
long dk_web_cut(const dk_web *w);

/* Stops accepting connections, answers every request already received
 * (each gets "Connection: close") within drain_ms, lets running handlers
 * finish, stops the server and frees w. Returns how many requests were left
 * unanswered. Call from any thread but a handler's. */
int dk_web_drain(dk_web *w, int drain_ms);

/* ---- helpers for handlers ---- */

/* The client's address in its one spelling (core/dk_net.h: IPv4 dotted,
 * IPv6 as inet_ntop writes it, an IPv4-mapped IPv6 address as IPv4). With
 * trusted_hops > 0 (behind that many appending proxies): the entry
 * trusted_hops from the right of all X-Forwarded-For headers taken in order
 * as one list — the one the nearest proxy appended when 1 —, never an
 * entry the client could have written itself; when there is no such entry
 * or it is not an address, the peer's (the proxy's, so the client shares
 * its limits). Else the peer's. "" when unknown. */
void dk_web_client_addr(struct MHD_Connection *c, int trusted_hops, char out[64]);

/* The entry dk_web_client_addr takes from the X-Forwarded-For header values
 * (n of them, in the order received): the hops-th entry from the right,
 * spaces and tabs around it trimmed, normalised into out (dk_net_normalise).
 * Returns 0, or -1 (out "") when there are fewer entries or it is not an
 * address. */
int dk_web_forwarded_pick(const char *const *values, int n, int hops, char out[DK_NET_TEXT]);

/* The trusted proxies of the configuration: 0 unless DK_INTAKE_TRUST_PROXY
 * is 1, then DK_INTAKE_TRUSTED_HOPS. */
int dk_web_trusted_hops(void);

/* 1 when a POST on c may go on (see public_url above); 0, logged, when its
 * Origin or Referer names another site. The log names the route pattern
 * the path matched (options.routes), never the path: a link's path carries
 * its token. The server checks every POST with it before the handler;
 * exported for a handler that needs it elsewhere. */
int dk_web_origin_allowed(struct MHD_Connection *c, const char *route, const char *public_url);

#endif
