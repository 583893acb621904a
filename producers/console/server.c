/* SPDX-License-Identifier: EUPL-1.2 */
/* server.c — the console on the common HTTP server (common/web, dk_web.h):
 * its limits, its own Content-Security-Policy, its templates in the common
 * layout, the page that says a POST from another site was refused, and the
 * routes (route.c) as the handler. */
#include "console.h"
#include "core/dk_config.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

extern const dk_render_template dk_console_templates[];

/* A POST from another site: the API keeps the server's JSON 403, a page
 * says it in the visitor's language. */
static void origin_refused(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    if (strncmp(rq->url, "/api/", 5) == 0)
        return;
    dk_req q = {.cn = cls, .rq = rq, .r = r};
    q.lang = dk_i18n_lang_or_default(
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "lang"));
    dk_buf_free(&r->body);
    r->status = 0;
    dk_req_message(&q, 403, "console.origin_title", "console.origin_refused");
}

static void handle(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    dk_console_route(cls, rq, r);
}

int dk_console_start(dk_console *cn, const char *host, int port, int *bound_port, char *err,
                     size_t errlen)
{
    cn->pages = dk_web_pages_new(dk_console_templates);
    if (!cn->pages) {
        snprintf(err, errlen, "out of memory for the page templates");
        return -1;
    }
    char base[512];
    dk_staff_console_url(base, sizeof base);
    static char public_url[512];
    snprintf(public_url, sizeof public_url, "%s", base);
    dk_web_options o = {.name = "console",
                        .host = host,
                        .port = port,
                        .handler = handle,
                        .cls = cn,
                        .max_body = cn->max_body,
                        .header_ms = (int)dk_config_int("DK_INTAKE_HEADER_TIMEOUT_MS"),
                        .body_ms = (int)dk_config_int("DK_INTAKE_BODY_TIMEOUT_MS"),
                        .workers = 16,
                        .max_connections = 1000,
                        .per_address = (int)dk_config_int("DK_INTAKE_MAX_PER_ADDRESS"),
                        .trust_proxy = cn->trust_proxy,
                        .https = cn->secure,
                        .csp = DK_CONSOLE_CSP,
                        .style = dk_web_css,
                        .public_url = public_url,
                        .origin_refused = origin_refused,
                        .stream = &dk_capture_stream,
                        .routes = dk_console_route_patterns};
    cn->web = dk_web_start(&o, err, errlen);
    if (!cn->web) {
        dk_web_pages_free(cn->pages);
        cn->pages = NULL;
        return -1;
    }
    *bound_port = dk_web_port(cn->web);
    return 0;
}

int dk_console_drain(dk_console *cn, int drain_ms)
{
    int left = dk_web_drain(cn->web, drain_ms);
    cn->web = NULL;
    dk_web_pages_free(cn->pages);
    cn->pages = NULL;
    return left;
}
