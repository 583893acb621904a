/* SPDX-License-Identifier: EUPL-1.2 */
/* route.c — which handler answers a console request: the pages under
 * /signin, /enrol/…, /interviews/…, the JSON API under /api/v1/… (the same
 * actions), /healthz; 404 and 405 otherwise. The server (common/web)
 * answered a POST from another site and /style.css before. */
#include "console.h"
#include "core/dk_clock.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

const char *const dk_console_route_patterns[] = {
    "/",
    "/signin",
    "/signout",
    "/interviews",
    "/interviews/*",
    "/interviews/*/documents/**",
    "/interviews/*/captures/**",
    "/interviews/*/checks",
    "/interviews/*/session-code",
    "/interviews/*/session-code/verify",
    "/interviews/*/outcome",
    "/interviews/*/captures",
    "/interviews/*/reassign",
    "/interviews/*/photo-requests",
    "/api/v1/interviews",
    "/api/v1/interviews/*",
    "/api/v1/interviews/*/documents/**",
    "/api/v1/interviews/*/captures/**",
    "/api/v1/interviews/*/checks",
    "/api/v1/interviews/*/session-code",
    "/api/v1/interviews/*/session-code/verify",
    "/api/v1/interviews/*/outcome",
    "/api/v1/interviews/*/captures",
    "/api/v1/interviews/*/reassign",
    "/api/v1/interviews/*/photo-requests",
    "/api/v1/interviews/*/photos",
    "/api/v1/staff/session",
    "/api/v1/staff/signout",
    "/enrol/*",
    "/enrol/*/confirm",
    "/console.js",
    "/style.css",
    "/favicon.ico",
    "/healthz",
    "/readyz",
    NULL,
};

/* The appointment id and the action after it of an interview URL
 * ("/interviews/ID[/ACTION...]" under the page or the API prefix). */
static int interview_url(const char *url, int *api, char id[40], const char **action)
{
    static const char page[] = "/interviews/", apiv[] = "/api/v1/interviews/";
    const char *rest;
    if (strncmp(url, apiv, sizeof apiv - 1) == 0)
        *api = 1, rest = url + sizeof apiv - 1;
    else if (strncmp(url, page, sizeof page - 1) == 0)
        *api = 0, rest = url + sizeof page - 1;
    else
        return 0;
    size_t n = strcspn(rest, "/");
    if (n == 0 || n > 36)
        n = n > 36 ? 37 : 0; /* too long: not an id; handlers answer 404 */
    snprintf(id, 40, "%.*s", (int)n, rest);
    *action = rest[n] ? rest + n + 1 : "";
    return 1;
}

static void route_interview(dk_req *q, const char *id, const char *action, int get, int post)
{
    static const char docs[] = "documents/", caps[] = "captures/";
    if (!*action && get)
        dk_dossier_get(q, id);
    else if (!strncmp(action, docs, sizeof docs - 1) && get)
        dk_dossier_image(q, id, "document", action + sizeof docs - 1);
    else if (!strncmp(action, caps, sizeof caps - 1) && get)
        dk_dossier_image(q, id, "capture", action + sizeof caps - 1);
    else if (!strcmp(action, "checks") && post)
        dk_action_check(q, id);
    else if (!strcmp(action, "session-code") && post)
        dk_action_code(q, id, 0);
    else if (!strcmp(action, "session-code/verify") && post)
        dk_action_code(q, id, 1);
    else if (!strcmp(action, "outcome") && post)
        dk_action_outcome(q, id);
    else if (!strcmp(action, "captures") && post)
        dk_action_capture(q, id);
    else if (!strcmp(action, "reassign") && post)
        dk_interviews_reassign(q, id);
    else if (!strcmp(action, "photo-requests") && post)
        dk_photos_ask(q, id);
    else if (!strcmp(action, "photos") && get && q->api)
        dk_photos_get(q, id);
    else if (!*action || !strcmp(action, "checks") || !strcmp(action, "session-code") ||
             !strcmp(action, "session-code/verify") || !strcmp(action, "outcome") ||
             !strcmp(action, "reassign") || !strcmp(action, "captures") ||
             !strcmp(action, "photo-requests") || (!strcmp(action, "photos") && q->api))
        dk_req_fail(q, 405, "method");
    else
        dk_req_fail(q, 404, "not_found");
}

static void route(dk_req *q, int get, int post)
{
    const char *url = q->rq->url;
    static const char enrol[] = "/enrol/";
    char id[40];
    const char *action;
    int api = 0;
    if (interview_url(url, &api, id, &action)) {
        q->api = api;
        route_interview(q, id, action, get, post);
    } else if (!strncmp(url, enrol, sizeof enrol - 1)) {
        const char *rest = url + sizeof enrol - 1;
        size_t n = strcspn(rest, "/");
        char token[DK_STAFF_TOKEN_LEN + 2];
        snprintf(token, sizeof token, "%.*s", (int)(n < sizeof token - 1 ? n : sizeof token - 1),
                 rest);
        int confirm = !strcmp(rest + n, "/confirm");
        if (rest[n] && !confirm)
            dk_req_fail(q, 404, "not_found");
        else if (get || post)
            dk_enrol(q, token, confirm);
        else
            dk_req_fail(q, 405, "method");
    } else if (!strcmp(url, "/api/v1/staff/session")) {
        q->api = 1;
        if (post)
            dk_signin_post(q);
        else
            dk_req_fail(q, 405, "method");
    } else if (!strcmp(url, "/api/v1/staff/signout") || !strcmp(url, "/signout")) {
        q->api = url[1] == 'a';
        if (post)
            dk_signout(q);
        else
            dk_req_fail(q, 405, "method");
    } else if (!strcmp(url, "/signin")) {
        if (get)
            dk_signin_page(q);
        else if (post)
            dk_signin_post(q);
        else
            dk_req_fail(q, 405, "method");
    } else if (!strcmp(url, "/api/v1/interviews") || !strcmp(url, "/interviews")) {
        q->api = url[1] == 'a';
        if (get)
            dk_interviews_list(q);
        else
            dk_req_fail(q, 405, "method");
    } else if (!strcmp(url, "/console.js") && get) {
        q->r->status = 200;
        q->r->content_type = "text/javascript; charset=utf-8";
        dk_buf_reset(&q->r->body);
        dk_buf_puts(&q->r->body, dk_console_js);
    } else if (!strcmp(url, "/") && get) {
        dk_req_redirect(q, "/interviews");
    } else if ((!strcmp(url, "/healthz") || !strcmp(url, "/readyz")) && get) {
        /* The service's clock (DK_NOW in tests), for authenticator codes. */
        char now[32];
        dk_iso8601_utc(dk_now_ms(), now);
        dk_web_reply_json(q->r, 200, json_pack("{s:s, s:s}", "status", "ok", "now", now));
    } else {
        q->api = !strncmp(url, "/api/", 5);
        dk_req_fail(q, 404, "not_found");
    }
}

void dk_console_route(dk_console *cn, const dk_web_request *rq, dk_web_reply *r)
{
    dk_req q = {.cn = cn, .rq = rq, .r = r};
    q.lang = dk_i18n_lang_or_default(
        MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "lang"));
    q.api = !strncmp(rq->url, "/api/", 5);
    dk_web_client_addr(rq->conn, cn->trust_proxy, q.addr);
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    int post = !strcmp(rq->method, "POST");
    route(&q, get, post);
    if (q.pg)
        dk_pgpool_put(cn->pool, q.pg);
}
