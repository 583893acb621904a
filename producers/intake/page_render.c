/* SPDX-License-Identifier: EUPL-1.2 */
/* page_render.c — how every page of the intake is rendered: its template
 * from the embedded table, in HTML mode, with the builtins every template
 * may use (lang, path, nl) and the catalogue reached through one callback,
 * page_sentence() — the only place a page template meets the message
 * catalogue (i18n/dk_i18n.h); and how a
 * rendered page is queued, or a fixed 500 when it could not be rendered. */
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "page.h"
#include "pages.h"

#include <stdio.h>
#include <string.h>

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

int dk_page_render_template(dk_buf *out, const char *name, const char *lang, const char *path,
                            json_t *vars)
{
    char err[512] = "";
    const char *tpl = dk_render_find(dk_page_templates, name);
    json_t *builtins =
        json_pack("{s:s, s:s, s:s}", "lang", lang, "path", path ? path : "/", "nl", "\n");
    int rc = -1;
    if (!tpl)
        snprintf(err, sizeof err, "no page template '%s'", name);
    else if (!vars || !builtins)
        snprintf(err, sizeof err, "page %s: out of memory", name);
    else {
        dk_render_opts o = {.mode = DK_RENDER_HTML,
                            .lang = lang,
                            .where = name,
                            .translate = page_sentence,
                            .partials = dk_page_templates};
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

json_t *dk_page_str(const char *s)
{
    return s ? json_stringn_nocheck(s, strlen(s)) : json_null();
}

json_t *dk_page_error(const char *lang, const char *id, const char *code)
{
    if (!code)
        return json_null();
    return json_pack("{s:s, s:o}", "id", id, "text",
                     dk_page_str(dk_app_field_error_message(id, code, lang)));
}

/* What a page that could not be rendered answers: fixed, in the three
 * languages, so that nothing half-made reaches the applicant. */
static const char render_failed_page[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>500</title></head><body><main>"
    "<p lang=\"nl\">Er ging iets mis aan onze kant. Probeer het later opnieuw.</p>"
    "<p lang=\"fr\">Une erreur s'est produite de notre côté. Réessayez plus tard.</p>"
    "<p lang=\"en\">Something went wrong on our side. Please try again later.</p>"
    "</main></body></html>\n";

void dk_page_reply(dk_reply *r, int status, int rc, dk_buf *page)
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
        if (rc == 0)
            dk_log(DK_LOG_ERROR, "page_reply_failed",
                   "a rendered page could not be queued: answered 500");
    }
    dk_buf_free(page);
}
