/* SPDX-License-Identifier: EUPL-1.2 */
/* route.c — which handler answers a request: the URL and method to one of
 * the intake's pages or API endpoints, or 404/405. Runs in a thread of the
 * work pool, never in the event loop (handlers may wait on the broker or
 * PostgreSQL), but for an upload's refusal (upload.h), which looks nothing
 * up. The server (common/web) answered a POST from another site and
 * /style.css before. */
#include "route.h"

#include <stdio.h>
#include <string.h>

const char *const dk_route_patterns[] = {
    "/",
    "/api/v1/applications",
    "/api/v1/proposals/*",
    "/api/v1/proposals/*/accept",
    "/api/v1/proposals/*/photo",
    "/api/v1/proposals/*/reschedule",
    "/api/v1/proposals/*/cancel",
    "/proposal/*",
    "/proposal/*/accept",
    "/proposal/*/photo",
    "/proposal/*/reschedule",
    "/proposal/*/cancel",
    "/api/v1/end-links/*",
    "/end/*",
    "/api/v1/keys/login",
    "/api/v1/keys/passkey/options",
    "/api/v1/activations/*",
    "/api/v1/activations/*/confirm",
    "/api/v1/activations/*/email-code",
    "/signin",
    "/activate/*",
    "/activate/*/confirm",
    "/activate/*/email-code",
    "/activate.js",
    "/signin.js",
    "/style.css",
    "/favicon.ico",
    "/healthz",
    NULL,
};

int dk_route_proposal(const char *url, dk_proposal_route *pr)
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
    static const char *const actions[] = {"", "accept", "photo", "reschedule", "cancel", NULL};
    for (const char *const *a = actions; *a; a++)
        if (strcmp(action, *a) == 0) {
            pr->action = *a;
            return 1;
        }
    return 0;
}

int dk_route_is_upload(const char *url, const char *method)
{
    dk_proposal_route pr;
    return strcmp(method, "POST") == 0 && dk_route_proposal(url, &pr) &&
           (strcmp(pr.action, "accept") == 0 || strcmp(pr.action, "photo") == 0);
}

static void route_proposal(dk_intake *in, struct MHD_Connection *c, const dk_proposal_route *pr,
                           int get, int post, const dk_request_body *b, dk_web_reply *r)
{
    const char *a = pr->action;
    if (!*a && get)
        (pr->api ? dk_proposal_api_get : dk_proposal_page_get)(in, c, pr->token, r);
    else if (!*a && post && !pr->api)
        dk_proposal_page_login(in, c, pr->token, b->data, b->len, r);
    else if (!strcmp(a, "accept") && post)
        (pr->api ? dk_proposal_api_accept : dk_proposal_page_accept)(in, c, pr->token, b->up, r);
    else if (!strcmp(a, "photo") && post)
        (pr->api ? dk_proposal_api_photo : dk_proposal_page_photo)(in, c, pr->token, b->up, r);
    else if (!strcmp(a, "reschedule") && post)
        (pr->api ? dk_proposal_api_reschedule : dk_proposal_page_reschedule)(in, c, pr->token,
                                                                             b->data, b->len, r);
    else if (!strcmp(a, "cancel") && post)
        (pr->api ? dk_proposal_api_cancel : dk_proposal_page_cancel)(in, c, pr->token, b->data,
                                                                     b->len, r);
    else
        dk_web_reply_error(r, 405, *a ? "use POST" : pr->api ? "use GET" : "use GET or POST");
}

/* The JSON API of the activation and the key (key_api.c): 1 when url is
 * one of its routes (answered). */
static int route_keys(dk_intake *in, struct MHD_Connection *c, const char *url, int post,
                      const dk_request_body *b, dk_web_reply *r)
{
    static const char act[] = "/api/v1/activations/";
    if (!strcmp(url, "/api/v1/keys/login") || !strcmp(url, "/api/v1/keys/passkey/options")) {
        if (!post)
            dk_web_reply_error(r, 405, "use POST with a JSON body");
        else if (!strcmp(url, "/api/v1/keys/login"))
            dk_key_api_login(in, c, b->data, b->len, r);
        else
            dk_key_api_passkey_options(in, c, b->data, b->len, r);
        return 1;
    }
    if (strncmp(url, act, sizeof act - 1) != 0)
        return 0;
    const char *rest = url + sizeof act - 1;
    size_t n = strcspn(rest, "/");
    char token[64];
    /* A longer token is malformed anyway: common/keys answers 404. */
    snprintf(token, sizeof token, "%.*s", (int)(n < 63 ? n : 63), rest);
    const char *action = rest[n] ? rest + n + 1 : "";
    if (strcmp(action, "") && strcmp(action, "confirm") && strcmp(action, "email-code"))
        dk_web_reply_error(r, 404, "no such page");
    else if (!post)
        dk_web_reply_error(r, 405, "use POST with a JSON body");
    else
        dk_key_api_activation(in, c, token, action, b->data, b->len, r);
    return 1;
}

/* The address owner's end link (end_link_page.c, end_link_api.c): 1 when
 * url is one of its routes (answered). */
static int route_end_link(dk_intake *in, struct MHD_Connection *c, const char *url, int get,
                          int post, const dk_request_body *b, dk_web_reply *r)
{
    static const char api[] = "/api/v1/end-links/", page[] = "/end/";
    int is_api = strncmp(url, api, sizeof api - 1) == 0;
    if (!is_api && strncmp(url, page, sizeof page - 1) != 0)
        return 0;
    const char *rest = url + (is_api ? sizeof api : sizeof page) - 1;
    char token[64];
    /* A longer token, or one with a slash, is no token: 404 below. */
    snprintf(token, sizeof token, "%.*s", (int)(strlen(rest) < 63 ? strlen(rest) : 63), rest);
    if (get)
        (is_api ? dk_end_link_api_get : dk_end_link_page_get)(in, c, token, r);
    else if (post)
        (is_api ? dk_end_link_api_post : dk_end_link_page_post)(in, c, token, b->data, b->len, r);
    else
        dk_web_reply_error(r, 405, "use GET or POST");
    return 1;
}

/* The key's pages (activate_page.c, signin_page.c): 1 when url is one of
 * their routes (answered). */
static int route_key_pages(dk_intake *in, struct MHD_Connection *c, const char *url, int get,
                           int post, const dk_request_body *b, dk_web_reply *r)
{
    static const char act[] = "/activate/";
    if (!strcmp(url, "/signin")) {
        if (get)
            dk_signin_page_get(in, c, r);
        else if (post)
            dk_signin_page_post(in, c, b->data, b->len, r);
        else
            dk_web_reply_error(r, 405, "use GET or POST");
        return 1;
    }
    if (strncmp(url, act, sizeof act - 1) != 0)
        return 0;
    const char *rest = url + sizeof act - 1;
    size_t n = strcspn(rest, "/");
    char token[64];
    /* A longer token is malformed anyway: common/keys answers 404. */
    snprintf(token, sizeof token, "%.*s", (int)(n < 63 ? n : 63), rest);
    const char *action = rest[n] ? rest + n + 1 : "";
    if (!*action && get)
        dk_activate_page_get(in, c, token, r);
    else if (!*action && post)
        dk_activate_page_choose(in, c, token, b->data, b->len, r);
    else if (!strcmp(action, "confirm") && post)
        dk_activate_page_confirm(in, c, token, b->data, b->len, r);
    else if (!strcmp(action, "email-code") && post)
        dk_activate_page_email_code(in, c, token, b->data, b->len, r);
    else if (!*action || !strcmp(action, "confirm") || !strcmp(action, "email-code"))
        dk_web_reply_error(r, 405, *action ? "use POST" : "use GET or POST");
    else
        dk_web_reply_error(r, 404, "no such page");
    return 1;
}

void dk_route(dk_intake *in, struct MHD_Connection *c, const char *url, const char *method,
              const dk_request_body *b, dk_web_reply *r)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0;
    dk_proposal_route pr;
    if (route_keys(in, c, url, post, b, r) || route_key_pages(in, c, url, get, post, b, r) ||
        route_end_link(in, c, url, get, post, b, r))
        return;
    if (dk_route_proposal(url, &pr)) {
        route_proposal(in, c, &pr, get, post, b, r);
    } else if (strcmp(url, "/api/v1/applications") == 0) {
        if (post)
            dk_api_applications(in, c, b->data, b->len, r);
        else
            dk_web_reply_error(r, 405, "use POST with a JSON body");
    } else if (strcmp(url, "/") == 0) {
        if (get)
            dk_form_get(in, c, r);
        else if (post)
            dk_form_post(in, c, b->data, b->len, r);
        else
            dk_web_reply_error(r, 405, "method not allowed");
    } else if ((strcmp(url, "/activate.js") == 0 || strcmp(url, "/signin.js") == 0) && get) {
        r->status = 200;
        r->content_type = "text/javascript; charset=utf-8";
        dk_buf_puts(&r->body, url[1] == 'a' ? dk_activate_js : dk_signin_js);
    } else if (strcmp(url, "/healthz") == 0 && get) {
        dk_web_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
    } else {
        dk_web_reply_error(r, 404, "no such page");
    }
}
