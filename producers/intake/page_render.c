/* page_render.c — how every page of the intake is rendered: its template
 * from the embedded table, in HTML mode, with the builtins every template
 * may use (lang, path, nl) and the catalogue reached through one callback,
 * page_sentence() — the only place a page template meets i18n.h. */
#include "dk_log.h"
#include "i18n.h"
#include "pages.h"

#include <string.h>

/* {{t:key args}} of a page template: the sentence of key in lang, its
 * format arguments filled in order (i18n.h's sentences are printf formats). */
static int page_sentence(void *cls, dk_buf *out, const char *lang, const char *key, const char *const *args,
                         int nargs)
{
    (void)cls;
    const char *fmt = dk_t(lang, key);
    if (fmt == key) /* dk_t gives an unknown key back */
        return -1;
    return dk_render_format(out, fmt, args, nargs);
}

int dk_page_render_template(dk_buf *out, const char *name, const char *lang, const char *path, json_t *vars)
{
    char err[512] = "";
    const char *tpl = dk_render_find(dk_page_templates, name);
    json_t *builtins = json_pack("{s:s, s:s, s:s}", "lang", lang, "path", path ? path : "/", "nl", "\n");
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
    return json_pack("{s:s, s:o}", "id", id, "text", dk_page_str(dk_app_field_error_message(id, code, lang)));
}
