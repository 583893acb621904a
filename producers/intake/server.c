/* SPDX-License-Identifier: EUPL-1.2 */
/* server.c — the intake on the common HTTP server (common/web, dk_web.h):
 * its limits from the DK_INTAKE_* configuration, its routes (route.c) as
 * the handler, the document upload of an accept as the one body that
 * streams (upload.c: checked link first, then its own slots and limits),
 * and the page that says a POST from another site was refused. */
#include "core/dk_config.h"
#include "i18n/dk_i18n.h"
#include "intake.h"
#include "page.h"
#include "route.h"
#include "upload.h"
#include "web/dk_web_page.h"

#include <stdio.h>
#include <string.h>

static void handle(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    dk_upload *up = rq->stream;
    if (up) {
        up->prechecking = rq->phase == DK_WEB_PRECHECK;
        up->too_slow = rq->phase == DK_WEB_TOO_SLOW;
    }
    dk_request_body b = {rq->body, rq->len, up};
    dk_route(cls, rq->conn, rq->url, rq->method, &b, r);
    if (up)
        up->too_slow = 0; /* only worded: the body goes on */
}

/* ---- the accept's upload as dk_web's streamed body ---- */

static int upload_wants(void *cls, const char *url, const char *method)
{
    (void)cls;
    return dk_route_is_upload(url, method);
}

static void *upload_open(void *cls, struct MHD_Connection *c)
{
    return dk_upload_new(cls, c);
}

static int upload_refused(void *stream)
{
    return dk_upload_refusal(stream);
}

static int upload_start(void *stream, struct MHD_Connection *c, const char *addr)
{
    return dk_upload_start(stream, c, addr);
}

static int upload_feed(void *stream, const char *data, size_t n)
{
    return dk_upload_feed(stream, data, n);
}

static void upload_finish(void *stream)
{
    dk_upload_finish(stream);
}

static void upload_free(void *stream)
{
    dk_upload_free(stream);
}

static const dk_web_stream upload_stream = {upload_wants, upload_open, upload_refused,
                                            upload_start, upload_feed, upload_finish,
                                            upload_free};

/* A POST from another site: the API keeps the server's JSON 403, a page
 * says it in the visitor's language. */
static void origin_refused(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    (void)cls;
    if (strncmp(rq->url, "/api/", 5) == 0)
        return;
    const char *lang = dk_i18n_lang_or_default(
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "lang"));
    dk_message_model m = {.lang = lang,
                          .path = "/",
                          .title_key = "origin_title",
                          .lead = {"origin_refused", NULL},
                          .link_new = 1};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 403, dk_page_render_message(&page, &m), &page);
}

struct MHD_Daemon *dk_http_start(dk_intake *in, const char *host, int port, int *bound_port,
                                 char *err, size_t errlen)
{
    if (!in->accept_precheck) {
        snprintf(err, errlen, "no link check for accepts (dk_intake.accept_precheck)");
        return NULL;
    }
    in->upload_addrs = dk_addrcount_new((int)dk_config_int("DK_INTAKE_UPLOADS_PER_ADDRESS"));
    in->upload_links = dk_addrcount_new(1);
    if (!in->upload_addrs || !in->upload_links) {
        snprintf(err, errlen, "cannot start the HTTP server's threads");
        dk_addrcount_free(in->upload_addrs);
        dk_addrcount_free(in->upload_links);
        in->upload_addrs = in->upload_links = NULL;
        return NULL;
    }
    dk_web_options o = {.name = "intake",
                        .host = host,
                        .port = port,
                        .handler = handle,
                        .cls = in,
                        .max_body = in->max_body,
                        .header_ms = (int)dk_config_int("DK_INTAKE_HEADER_TIMEOUT_MS"),
                        .body_ms = (int)dk_config_int("DK_INTAKE_BODY_TIMEOUT_MS"),
                        .body_min_rate = (int)dk_config_int("DK_INTAKE_MIN_UPLOAD_BYTES_PER_S"),
                        .body_grace_ms = (int)dk_config_int("DK_INTAKE_UPLOAD_GRACE_MS"),
                        .workers = (int)dk_config_int("DK_INTAKE_THREADS"),
                        .max_connections = (int)dk_config_int("DK_INTAKE_MAX_CONNECTIONS"),
                        .per_address = (int)dk_config_int("DK_INTAKE_MAX_PER_ADDRESS"),
                        .trust_proxy = in->trust_proxy,
                        .https = in->secure_cookies,
                        .style = dk_web_css,
                        .public_url = dk_config_str("DK_PUBLIC_URL"),
                        .origin_refused = origin_refused,
                        .stream = &upload_stream,
                        .routes = dk_route_patterns};
    in->web = dk_web_start(&o, err, errlen);
    if (!in->web) {
        dk_addrcount_free(in->upload_addrs);
        dk_addrcount_free(in->upload_links);
        in->upload_addrs = in->upload_links = NULL;
        return NULL;
    }
    *bound_port = dk_web_port(in->web);
    return dk_web_daemon(in->web);
}

int dk_http_drain(dk_intake *in, struct MHD_Daemon *d, int drain_ms)
{
    (void)d;
    int left = dk_web_drain(in->web, drain_ms);
    in->web = NULL;
    dk_addrcount_free(in->upload_addrs);
    dk_addrcount_free(in->upload_links);
    in->upload_addrs = in->upload_links = NULL;
    return left;
}
