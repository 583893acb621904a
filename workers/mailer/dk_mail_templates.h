/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_templates.h — the e-mails applicants receive, rendered from a
 * template name, a language (nl, fr, en) and a JSON object of variables into
 * a subject, a plain-text body and an HTML body. */
#ifndef DK_MAIL_TEMPLATES_H
#define DK_MAIL_TEMPLATES_H

#include <jansson.h>
#include <stddef.h>

/* One template in one language, its words from the message catalogue (po/,
 * keys mail.<name>.subject, .text, .html). Adding an e-mail (proposal,
 * reserved, released, reminders...) is adding its name to
 * dk_mail_template_names and its three keys to the catalogue.
 *
 * The texts are templates of the engine in common/render (render/dk_render.h
 * has the syntax): the subject and the text are rendered as plain text, the
 * html as HTML, every value escaped for where it lands (text, attribute,
 * URL); control characters in values become spaces everywhere. `lang` and
 * `subject` (the rendered subject) are predefined and take precedence over
 * variables of the same name.
 * `html` is the inside of a shared page layout that carries the lang
 * attribute, the title and the styles of the frame. */
typedef struct {
    const char *name;    /* e.g. "request_received" */
    const char *lang;    /* a language of the catalogue: "nl", "fr", "en" */
    const char *subject; /* one line */
    const char *text;    /* plain text, LF line ends */
    const char *html;    /* HTML fragment */
} dk_mail_template;

/* The name of every template; the last entry is NULL. */
extern const char *const dk_mail_template_names[];

/* 1 when name is one of dk_mail_template_names, else 0. */
int dk_mail_template_known(const char *name);

/* The row of template name in lang. Returns 0 and fills *row, or -1 when the
 * name or the language is unknown or the catalogue lacks the template. */
int dk_mail_template_row(const char *name, const char *lang, dk_mail_template *row);

/* The result of dk_mail_render(): three malloc'd UTF-8 strings owned by the
 * struct; release them with dk_mail_rendered_free(). */
typedef struct {
    char *subject, *text, *html;
} dk_mail_rendered;

/* Renders template_name in lang with the variables in vars (a JSON object;
 * borrowed, not modified). Returns 0 and fills *out, or -1 with a message in
 * err (unknown template or language, a missing or ill-typed variable, a bad
 * date or URL, out of memory) and *out zeroed. */
int dk_mail_render(const char *template_name, const char *lang, const json_t *vars,
                   dk_mail_rendered *out, char *err, size_t errlen);

/* Frees the three strings and zeroes *r; safe on a zeroed or freed struct. */
void dk_mail_rendered_free(dk_mail_rendered *r);

/* Renders one template text (the syntax above) in lang with vars, as plain
 * text without the page layout: what the filters and sections make of it.
 * Returns a string to free(), or NULL with a message in err. */
char *dk_mail_render_text(const char *lang, const char *tpl, const json_t *vars, char *err,
                          size_t errlen);

#endif
