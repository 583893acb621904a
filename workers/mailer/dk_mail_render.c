/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_render.c — an applicant e-mail from its row of the template table:
 * its words from the message catalogue (dk_mail_template_row), the subject
 * and the plain text rendered as text, the HTML fragment inside
 * the shared layout, all by the engine of common/render (values escaped for
 * where they land, control characters of values made spaces). */
#include "dk_mail_templates.h"

#include "core/dk_buf.h"
#include "i18n/dk_i18n.h"
#include "render/dk_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the HTML frame ----------------------------------------------------- */

static const char layout_open[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"{{lang}}\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{{subject}}</title>\n"
    "</head>\n"
    "<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n"
    "<div role=\"article\" aria-label=\"{{subject}}\" lang=\"{{lang}}\" "
    "style=\"max-width:600px;margin:0 auto;"
    "padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;"
    "line-height:1.5;color:#1f2937;\">\n";

static const char layout_close[] = "</div>\n</body>\n</html>\n";

/* One part of the mail: where names it in errors ("proposal/nl html"). */
static int part(const char *tpl, const char *where, dk_render_mode mode, const char *lang,
                const json_t *vars, const json_t *builtins, dk_buf *out, char *err, size_t errlen)
{
    char where_full[128];
    snprintf(where_full, sizeof where_full, "mail %s", where);
    dk_render_opts o = {.mode = mode, .lang = lang, .where = where_full, .controls_to_spaces = 1};
    /* Builtins (lang, subject) take precedence over variables. */
    const json_t *scopes[] = {vars, builtins};
    return dk_render(tpl, scopes, 2, &o, out, err, errlen);
}

char *dk_mail_render_text(const char *lang, const char *tpl, const json_t *vars, char *err,
                          size_t errlen)
{
    dk_render_opts o = {
        .mode = DK_RENDER_TEXT, .lang = lang, .where = "mail text", .controls_to_spaces = 1};
    const json_t *scopes[] = {vars};
    dk_buf out = DK_BUF_INIT;
    if (dk_render(tpl, scopes, 1, &o, &out, err, errlen) != 0) {
        dk_buf_free(&out);
        return NULL;
    }
    return dk_buf_steal(&out);
}

int dk_mail_render(const char *template_name, const char *lang, const json_t *vars,
                   dk_mail_rendered *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    dk_mail_template tpl;
    const dk_mail_template *row = &tpl;
    if (dk_mail_template_row(template_name, lang, &tpl) != 0) {
        if (err && errlen) {
            if (!dk_mail_template_known(template_name))
                snprintf(err, errlen, "unknown mail template '%s'",
                         template_name ? template_name : "(null)");
            else if (!dk_i18n_lang_known(lang))
                snprintf(err, errlen, "unknown mail language '%s'", lang ? lang : "(null)");
            else
                snprintf(err, errlen, "mail template '%s' has no words in the catalogue",
                         template_name);
        }
        return -1;
    }
    if (!json_is_object(vars)) {
        if (err && errlen)
            snprintf(err, errlen, "mail template %s: variables must be a JSON object",
                     template_name);
        return -1;
    }
    char where[96];
    dk_buf subject = DK_BUF_INIT, text = DK_BUF_INIT, html = DK_BUF_INIT;
    json_t *builtins = json_pack("{s:s}", "lang", lang);
    int rc = builtins ? 0 : -1;
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s subject", template_name, lang);
        rc = part(row->subject, where, DK_RENDER_TEXT, lang, vars, builtins, &subject, err, errlen);
    }
    if (rc == 0 && json_object_set_new(builtins, "subject",
                                       json_string(subject.data ? subject.data : "")) != 0)
        rc = -1;
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s text", template_name, lang);
        rc = part(row->text, where, DK_RENDER_TEXT, lang, vars, builtins, &text, err, errlen);
    }
    if (rc == 0) {
        snprintf(where, sizeof where, "%s/%s html", template_name, lang);
        rc = part(layout_open, where, DK_RENDER_HTML, lang, vars, builtins, &html, err, errlen);
        if (rc == 0)
            rc = part(row->html, where, DK_RENDER_HTML, lang, vars, builtins, &html, err, errlen);
        if (rc == 0)
            rc =
                part(layout_close, where, DK_RENDER_HTML, lang, vars, builtins, &html, err, errlen);
    }
    json_decref(builtins);
    if (rc == 0) {
        out->subject = dk_buf_steal(&subject);
        out->text = dk_buf_steal(&text);
        out->html = dk_buf_steal(&html);
        if (!out->subject || !out->text || !out->html)
            rc = -1;
    }
    if (rc != 0) {
        dk_mail_rendered_free(out);
        if (err && errlen && !err[0])
            snprintf(err, errlen, "out of memory");
    }
    dk_buf_free(&subject);
    dk_buf_free(&text);
    dk_buf_free(&html);
    return rc;
}

void dk_mail_rendered_free(dk_mail_rendered *r)
{
    if (!r)
        return;
    free(r->subject);
    free(r->text);
    free(r->html);
    r->subject = r->text = r->html = NULL;
}
