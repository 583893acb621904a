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
 * The texts use a small Mustache-like syntax:
 *   {{name}}             the variable's value (string or number; a missing
 *                        or null variable is an error). Dotted names
 *                        ("slot.date") reach into objects; "." is the
 *                        current element of a list.
 *   {{name|filter}}      the value through a filter:
 *                          longdate  "2026-12-07" -> "maandag 7 december 2026"
 *                                    in the template's language; an ISO-8601
 *                                    instant gives its date in Brussels;
 *                          datetime  an ISO-8601 instant in Brussels time:
 *                                    "dinsdag 8 december 2026 om 10:30",
 *                                    "mardi 8 décembre 2026 à 10h30",
 *                                    "Tuesday 8 December 2026 at 10:30";
 *                          time      the same instant's time only, "10:30"
 *                                    ("10h30" in French);
 *                          url       refused unless http:// or https://.
 *   {{#name}}..{{/name}} once per element of a list (the element is then
 *                        looked up first), or once for any other value that
 *                        is present and not false, null, "" or [].
 *   {{?name}}..{{/name}} once when name is present and not false, null, ""
 *                        or [] (no iteration).
 *   {{^name}}..{{/name}} once when it is not.
 *   {{?name=word}}..{{/name=word}}, {{^name=word}}..{{/name=word}}
 *                        once when name is (is not) the string "word".
 * Every value is HTML-escaped in `html`; control characters in values become
 * spaces everywhere. `lang` and `subject` (the rendered subject) are
 * predefined and take precedence over variables of the same name.
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
int dk_mail_render(const char *template_name, const char *lang, const json_t *vars, dk_mail_rendered *out,
                   char *err, size_t errlen);

/* Frees the three strings and zeroes *r; safe on a zeroed or freed struct. */
void dk_mail_rendered_free(dk_mail_rendered *r);

/* Renders one template text (the syntax above) in lang with vars, as plain
 * text without the page layout: what the filters and sections make of it.
 * Returns a string to free(), or NULL with a message in err. */
char *dk_mail_render_text(const char *lang, const char *tpl, const json_t *vars, char *err,
                          size_t errlen);

#endif
