/* http.c — the intake's HTTP layer on libmicrohttpd: collects request bodies
 * under a size cap (413 before reading when Content-Length is too large) —
 * except the document upload of an accept, which streams through its own
 * limits (upload.c) — routes, and sends replies with the security headers
 * every page needs. */
#include "dk_config.h"
#include "dk_log.h"
#include "intake.h"
#include "upload.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    dk_buf body;
    int too_large;
    int replied;
    dk_upload *up; /* the accept routes: the body streams here instead */
} request_ctx;

/* /api/v1/proposals/{token}[/{action}] and /proposal/{token}[/{action}] */
typedef struct {
    int api;
    char token[64];
    const char *action; /* "", "accept", "reschedule" or "cancel" */
} proposal_route;

static int parse_proposal(const char *url, proposal_route *pr)
{
    static const char api[] = "/api/v1/proposals/", page[] = "/proposal/";
    const char *rest;
    if (strncmp(url, api, sizeof api - 1) == 0)
        pr->api = 1, rest = url + sizeof api - 1;
    else if (strncmp(url, page, sizeof page - 1) == 0)
        pr->api = 0, rest = url + sizeof page - 1;
    else
        return 0;
    size_t n = strcspn(rest, "/");
    /* A longer token is malformed anyway: the handlers answer 404. */
    snprintf(pr->token, sizeof pr->token, "%.*s", (int)(n < 63 ? n : 63), rest);
    const char *action = rest[n] ? rest + n + 1 : "";
    static const char *const actions[] = {"", "accept", "reschedule", "cancel", NULL};
    for (const char *const *a = actions; *a; a++)
        if (strcmp(action, *a) == 0) {
            pr->action = *a;
            return 1;
        }
    return 0;
}

static int is_upload(const char *url, const char *method)
{
    proposal_route pr;
    return strcmp(method, "POST") == 0 && parse_proposal(url, &pr) &&
           strcmp(pr.action, "accept") == 0;
}

void dk_reply_json(dk_reply *r, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    dk_buf_reset(&r->body);
    dk_buf_puts(&r->body, text ? text : "{}");
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

static int hsts; /* served over https (DK_PUBLIC_URL): set once before listening */

static enum MHD_Result send_reply(struct MHD_Connection *c, dk_reply *r)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->body.len, r->body.data ? r->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* same-origin: our own form POSTs then carry our Origin (with
     * no-referrer browsers send "Origin: null"); other sites get nothing. */
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    if (hsts)
        MHD_add_response_header(resp, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->location[0])
        MHD_add_response_header(resp, "Location", r->location);
    if (r->retry_after > 0) {
        char s[16];
        snprintf(s, sizeof s, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", s);
    }
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void route_proposal(dk_intake *in, struct MHD_Connection *c, const proposal_route *pr,
                           int get, int post, request_ctx *ctx, dk_reply *r)
{
    const char *body = ctx->body.data ? ctx->body.data : "";
    size_t len = ctx->body.len;
    const char *a = pr->action;
    if (!*a && get)
        (pr->api ? dk_proposal_api_get : dk_proposal_page_get)(in, c, pr->token, r);
    else if (!*a && post && !pr->api)
        dk_proposal_page_login(in, c, pr->token, body, len, r);
    else if (!strcmp(a, "accept") && post)
        (pr->api ? dk_proposal_api_accept : dk_proposal_page_accept)(in, c, pr->token, ctx->up, r);
    else if (!strcmp(a, "reschedule") && post)
        (pr->api ? dk_proposal_api_reschedule : dk_proposal_page_reschedule)(in, c, pr->token, body,
                                                                            len, r);
    else if (!strcmp(a, "cancel") && post)
        (pr->api ? dk_proposal_api_cancel : dk_proposal_page_cancel)(in, c, pr->token, body, len,
                                                                    r);
    else
        dk_reply_error(r, 405, *a ? "use POST" : pr->api ? "use GET" : "use GET or POST");
}

static void route(dk_intake *in, struct MHD_Connection *c, const char *url, const char *method,
                  request_ctx *ctx, dk_reply *r)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0;
    proposal_route pr;
    if (post && dk_origin_refused(in, c, url, r))
        return;
    if (parse_proposal(url, &pr)) {
        route_proposal(in, c, &pr, get, post, ctx, r);
    } else if (strcmp(url, "/api/v1/applications") == 0) {
        if (post)
            dk_api_applications(in, c, ctx->body.data ? ctx->body.data : "", ctx->body.len, r);
        else
            dk_reply_error(r, 405, "use POST with a JSON body");
    } else if (strcmp(url, "/") == 0) {
        if (get)
            dk_form_get(in, c, r);
        else if (post)
            dk_form_post(in, c, ctx->body.data ? ctx->body.data : "", ctx->body.len, r);
        else
            dk_reply_error(r, 405, "method not allowed");
    } else if (strcmp(url, "/style.css") == 0 && get) {
        r->status = 200;
        r->content_type = "text/css; charset=utf-8";
        dk_buf_puts(&r->body, dk_form_css);
    } else if (strcmp(url, "/healthz") == 0 && get) {
        dk_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
    } else {
        dk_reply_error(r, 404, "no such page");
    }
}

static void reply_too_large(const dk_intake *in, dk_reply *r)
{
    char msg[160];
    snprintf(msg, sizeof msg, "the request body is larger than %ld bytes", in->max_body);
    dk_reply_error(r, 413, msg);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    dk_intake *in = cls;
    request_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        *con_cls = ctx;
        if (is_upload(url, method)) {
            ctx->up = dk_upload_begin(in, c);
            if (!ctx->up->declared_too_large && !ctx->up->busy)
                return MHD_YES;
            /* Refused before reading any of the body. */
            ctx->replied = 1;
            dk_reply r = {0};
            route(in, c, url, method, ctx, &r);
            enum MHD_Result ok = send_reply(c, &r);
            dk_buf_free(&r.body);
            return ok;
        }
        /* Refuse an oversized body before reading any of it. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoll(cl, NULL, 10) > in->max_body) {
            ctx->replied = 1;
            dk_reply r = {0};
            reply_too_large(in, &r);
            enum MHD_Result ok = send_reply(c, &r);
            dk_buf_free(&r.body);
            return ok;
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0 && ctx->up) {
        int ok = dk_upload_feed(ctx->up, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return ok == 0 ? MHD_YES : MHD_NO;
    }
    if (*upload_data_size > 0) {
        if (!ctx->too_large && ctx->body.len + *upload_data_size > (size_t)in->max_body) {
            ctx->too_large = 1;
            dk_buf_free(&ctx->body);
        }
        if (!ctx->too_large)
            dk_buf_append(&ctx->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (ctx->replied)
        return MHD_YES;
    ctx->replied = 1;
    dk_reply r = {0};
    if (ctx->too_large) {
        reply_too_large(in, &r);
    } else {
        route(in, c, url, method, ctx, &r);
    }
    enum MHD_Result ok = send_reply(c, &r);
    dk_buf_free(&r.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request_ctx *ctx = *con_cls;
    if (ctx) {
        dk_upload_free(ctx->up);
        dk_buf_free(&ctx->body);
        free(ctx);
        *con_cls = NULL;
    }
}

struct MHD_Daemon *dk_http_start(dk_intake *in, const char *host, int port, int *bound_port,
                                 char *err, size_t errlen)
{
    hsts = in->secure_cookies;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "DK_INTAKE_HOST '%s' is not an IPv4 address", host);
        return NULL;
    }
    /* A thread per connection: a submission blocks until the broker
     * acknowledges it; the connection limit bounds the threads. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
            MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, on_request, in, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)dk_config_int("DK_INTAKE_MAX_CONNECTIONS"), MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)200,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "cannot listen on %s:%d (in use?)", host, port);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *bound_port = info ? info->port : port;
    return d;
}
