/* SPDX-License-Identifier: EUPL-1.2 */
/* end_link_page.c — the address owner's end link as HTML pages (nl/fr/en,
 * no JavaScript):
 *   GET  /end/{token}   what ending does, and a button; changes nothing
 *                       (mail scanners open links)
 *   POST /end/{token}   the button (its CSRF field bound to a cookie the
 *                       GET set; the server refused another site's Origin
 *                       before) → 202 "ended, you can request now"
 * 404 for a link that is none (malformed, tampered, invented), 410 for one
 * used or run out or whose request has ended, 409 while the request cannot
 * be ended (its interview has begun or taken place): the same words for
 * every link of each kind, nothing about the request. */
#include "end_link.h"
#include "page.h"
#include "store/dk_token.h"
#include "web/dk_csrf.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    dk_intake *in;
    struct MHD_Connection *c;
    char path[64];     /* /end/{token}, or / for a malformed token */
    const char *qlang; /* ?lang= when it is one of ours */
    const char *lang;
} end_ctx;

static const char *valid_lang(const char *l)
{
    return l && (!strcmp(l, "nl") || !strcmp(l, "fr") || !strcmp(l, "en")) ? l : NULL;
}

static void ctx_init(end_ctx *x, dk_intake *in, struct MHD_Connection *c, const char *token)
{
    memset(x, 0, sizeof *x);
    x->in = in;
    x->c = c;
    if (dk_token_valid(token))
        snprintf(x->path, sizeof x->path, "/end/%s", token);
    else
        snprintf(x->path, sizeof x->path, "/");
    x->qlang = valid_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    x->lang = x->qlang ? x->qlang : "nl";
}

/* Once the request is known, its language is the default. */
static void ctx_lang(end_ctx *x, const dk_end_outcome *o)
{
    if (!x->qlang && valid_lang(o->language))
        x->lang = valid_lang(o->language);
}

static void message(const end_ctx *x, dk_web_reply *r, int status, const char *title_key,
                    const char *key, int link_new)
{
    dk_message_model m = {.lang = x->lang,
                          .path = x->path,
                          .title_key = title_key,
                          .lead = {key, NULL},
                          .link_back = 0,
                          .link_new = link_new};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_message(&page, &m), &page);
    if (status == 503 && r->status != 500)
        r->retry_after = 30;
}

static void answer(const end_ctx *x, const dk_end_outcome *o, dk_web_reply *r)
{
    switch (o->status) {
    case 202:
        message(x, r, 202, "end_done_title", "end_done", 1);
        break;
    case 404:
        message(x, r, 404, "link_invalid_title", "link_invalid", 0);
        break;
    case 409:
        message(x, r, 409, "end_title", "end_conflict", 0);
        break;
    case 410:
        message(x, r, 410, "end_gone_title", "end_gone", 1);
        break;
    default:
        message(x, r, 503, "unavailable_title", "end_unavailable", 0);
        break;
    }
}

void dk_end_link_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r)
{
    end_ctx x;
    ctx_init(&x, in, c, token);
    dk_end_outcome o;
    dk_end_link_run(in, token, 0, NULL, &o);
    ctx_lang(&x, &o);
    if (o.status != 200) {
        answer(&x, &o, r);
        return;
    }
    char csrf[128];
    dk_web_issue_csrf(in->secure_cookies, in->csrf_key, DK_COOKIE_CSRF(in->secure_cookies),
                      r->set_cookie, sizeof r->set_cookie, csrf);
    dk_end_confirm_model m = {.lang = x.lang, .path = x.path, .csrf = csrf};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 200, dk_page_render_end_confirm(&page, &m), &page);
}

void dk_end_link_page_post(dk_intake *in, struct MHD_Connection *c, const char *token,
                           const char *body, size_t len, dk_web_reply *r)
{
    end_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = json_object();
    if (dk_web_form_fields(c, body, len, values) != 0) {
        message(&x, r, 400, "end_title", "bad_form", 0);
    } else if (!dk_csrf_valid(in->csrf_key,
                              MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                          DK_COOKIE_CSRF(in->secure_cookies)),
                              json_string_value(json_object_get(values, "csrf")))) {
        message(&x, r, 403, "csrf_title", "csrf_failed", 0);
    } else {
        char addr[64];
        dk_web_client_addr(c, in->trust_proxy, addr);
        dk_end_outcome o;
        dk_end_link_run(in, token, 1, addr, &o);
        ctx_lang(&x, &o);
        answer(&x, &o, r);
    }
    json_decref(values);
}
