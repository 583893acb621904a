/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_page.c — how every page of our servers is rendered (see
 * dk_web_page.h): its template from the server's table merged with the
 * layout's, in HTML mode, with the builtins every template may use (lang,
 * path, nl) and the catalogue reached through one callback, page_sentence()
 * — the only place a page template meets the message catalogue
 * (i18n/dk_i18n.h); and how a rendered page is queued, or a fixed 500 when
 * it could not be rendered. */
#include "web/dk_web_page.h"

#include "core/dk_log.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dk_web_pages {
    dk_render_template *table; /* the server's, then the layout's, {0, 0} */
};

dk_web_pages *dk_web_pages_new(const dk_render_template *own)
{
    size_t n = 0, m = 0;
    while (own && own[n].name)
        n++;
    while (dk_web_layout[m].name)
        m++;
    dk_web_pages *p = calloc(1, sizeof *p);
    if (p)
        p->table = calloc(n + m + 1, sizeof *p->table);
    if (!p || !p->table) {
        free(p);
        return NULL;
    }
    /* dk_render_find takes the first of a name: the server's own wins. */
    if (n)
        memcpy(p->table, own, n * sizeof *own);
    memcpy(p->table + n, dk_web_layout, m * sizeof *dk_web_layout);
    return p;
}

void dk_web_pages_free(dk_web_pages *p)
{
    if (!p)
        return;
    free(p->table);
    free(p);
}

/* {{t:key args}} of a page template: the sentence of key in lang, its
 * format arguments filled in order (the catalogue's sentences are printf
 * formats). */
static int page_sentence(void *cls, dk_buf *out, const char *lang, const char *key,
                         const char *const *args, int nargs)
{
    (void)cls;
    if (!dk_i18n_has(key))
        return -1;
    return dk_render_format(out, dk_i18n_text(lang, key), args, nargs);
}

int dk_web_render_page(dk_buf *out, const dk_web_pages *p, const char *name, const char *lang,
                       const char *path, json_t *vars)
{
    char err[512] = "";
    const char *tpl = p ? dk_render_find(p->table, name) : NULL;
    json_t *builtins =
        json_pack("{s:s, s:s, s:s}", "lang", lang, "path", path ? path : "/", "nl", "\n");
    int rc = -1;
    if (!p)
        snprintf(err, sizeof err, "page %s: no templates (out of memory)", name);
    else if (!tpl)
        snprintf(err, sizeof err, "no page template '%s'", name);
    else if (!vars || !builtins)
        snprintf(err, sizeof err, "page %s: out of memory", name);
    else {
        dk_render_opts o = {.mode = DK_RENDER_HTML,
                            .lang = lang,
                            .where = name,
                            .translate = page_sentence,
                            .partials = p->table};
        /* The builtins first: a model's own names shadow none of them. */
        const json_t *scopes[] = {vars, builtins};
        rc = dk_render(tpl, scopes, 2, &o, out, err, sizeof err);
    }
    if (rc != 0)
        dk_log(DK_LOG_ERROR, "page_render_failed", "%s", err);
    json_decref(builtins);
    json_decref(vars);
    return rc;
}

/* What a page that could not be rendered answers: fixed, in the three
 * languages, so that nothing half-made reaches the visitor. */
static const char render_failed_page[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>500</title></head><body><main>"
    "<p lang=\"nl\">Er ging iets mis aan onze kant. Probeer het later opnieuw.</p>"
    "<p lang=\"fr\">Une erreur s'est produite de notre côté. Réessayez plus tard.</p>"
    "<p lang=\"en\">Something went wrong on our side. Please try again later.</p>"
    "</main></body></html>\n";

void dk_web_reply_page(dk_web_reply *r, int status, int rc, dk_buf *page)
{
    r->content_type = "text/html; charset=utf-8";
    dk_buf_reset(&r->body);
    if (rc == 0 && dk_buf_append(&r->body, page->data ? page->data : "", page->len) == 0) {
        r->status = status;
    } else {
        dk_buf_reset(&r->body);
        dk_buf_puts(&r->body, render_failed_page);
        r->status = 500;
        r->retry_after = 0;
        r->csp = NULL;
        if (rc == 0)
            dk_log(DK_LOG_ERROR, "page_reply_failed",
                   "a rendered page could not be queued: answered 500");
    }
    dk_buf_free(page);
}
