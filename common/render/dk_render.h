/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_render.h — the one template engine of the pages and the e-mails: a
 * small Mustache-like language whose values are escaped by default for the
 * place the template puts them (HTML text, a quoted attribute, a URL), and
 * refused where no escaping is safe. The engine finds the place from the
 * template itself; a raw insertion is spelled so that it shows. */
#ifndef DK_RENDER_H
#define DK_RENDER_H

#include "core/dk_buf.h"

#include <jansson.h>
#include <stddef.h>

/* The syntax:
 *   {{name}}             the variable's value (string or number; a missing
 *                        or null variable is an error). Dotted names
 *                        ("slot.date") reach into objects; "." is the
 *                        current element of a list.
 *   {{name|filter}}      the value through a filter:
 *                          longdate  "2026-12-07" -> "maandag 7 december 2026"
 *                                    in the render's language; an ISO-8601
 *                                    instant gives its date in Brussels;
 *                          datetime  an ISO-8601 instant in Brussels time:
 *                                    "dinsdag 8 december 2026 om 10:30";
 *                          time      the same instant's time only, "10:30"
 *                                    ("10h30" in French);
 *                          url       refused unless http:// or https://.
 *   {{t:key}}            the catalogue's sentence for key in the render's
 *                        language (through the translate callback), escaped
 *                        like any value;
 *   {{t:key a b}}        the same with format arguments: the values of the
 *                        variables a and b fill the sentence's %s / %d;
 *   {{t:@name ...}}      the key is the value of the variable name.
 *   {{&name}}, {{{name}}} the value inserted RAW: only for an HTML fragment
 *                        we rendered ourselves, and only in HTML text.
 *   {{>name}}            the partial template name (from opts->partials),
 *                        rendered in the same place with the same values.
 *   {{! comment }}       nothing.
 *   {{#name}}..{{/name}} once per element of a list (the element is then
 *                        looked up first), or once for any other value that
 *                        is present and not false, null, "" or [].
 *   {{?name}}..{{/name}} once when name is present and not false, null, ""
 *                        or [] (no iteration).
 *   {{^name}}..{{/name}} once when it is not.
 *   {{?name=word}}..{{/name=word}}, {{^name=word}}..{{/name=word}}
 *                        once when name is (is not) the string "word".
 *
 * In DK_RENDER_HTML the engine follows the template's markup and escapes
 * each value for where it lands:
 *   element text, <title>, <textarea>   & < > " ' as character references;
 *   a quoted attribute value            the same (both quote kinds);
 *   a URL attribute (href, src, action, formaction, cite, poster, …)
 *                                       at the start of the value: a URL
 *                                       whose scheme, if any, is http,
 *                                       https or mailto (else an error),
 *                                       with bytes a URL cannot hold
 *                                       percent-encoded; later in the value
 *                                       (a query parameter): every byte but
 *                                       A-Z a-z 0-9 - . _ ~ percent-encoded;
 *                                       then HTML-escaped.
 * and refuses (an error, nothing rendered) a value placed in an unquoted
 * attribute, in a tag or attribute name, in <script> or <style>, in an
 * event-handler (on…) or style attribute, in a comment or <!…>. A template
 * that ends inside a tag or a comment is refused too. Bytes of a value that
 * are not UTF-8 become U+FFFD. In DK_RENDER_TEXT values are written as they
 * are (plain-text e-mails, subjects). */
typedef enum { DK_RENDER_TEXT, DK_RENDER_HTML } dk_render_mode;

/* Appends the catalogue's sentence for key in lang to out, its format
 * arguments (%s, %d, %ld…) filled in order by args[0..nargs-1] (numbers come
 * as their decimal text). Returns 0, or -1 (unknown key, arguments that do
 * not fit the sentence, out of memory). The one place the catalogue is
 * reached from a template. */
typedef int (*dk_render_translate_fn)(void *cls, dk_buf *out, const char *lang, const char *key,
                                      const char *const *args, int nargs);

/* A named template (partials, page tables); a table ends with name NULL. */
typedef struct {
    const char *name;
    const char *text;
} dk_render_template;

typedef struct {
    dk_render_mode mode;
    const char *lang;                 /* filters and {{t:…}} */
    const char *where;                /* names the template in error messages */
    int controls_to_spaces;           /* control characters of values become spaces */
    dk_render_translate_fn translate; /* NULL: {{t:…}} is an error */
    void *translate_cls;
    const dk_render_template *partials; /* NULL: {{>…}} is an error */
} dk_render_opts;

/* Renders tpl, appending to out. Names are looked up in scopes[nscopes-1]
 * first, then outwards to scopes[0] (each a JSON object; borrowed). Returns
 * 0, or -1 with a message in err ("template WHERE: …"); out then holds a
 * partial result the caller must not send. */
int dk_render(const char *tpl, const json_t *const *scopes, int nscopes, const dk_render_opts *o,
              dk_buf *out, char *err, size_t errlen);

/* The template named name in table, or NULL. */
const char *dk_render_find(const dk_render_template *table, const char *name);

/* The printf-style sentence fmt with its conversions (%s, %d, %i, %u, %ld,
 * %lu, %lld, %zu, %%) filled in order by the texts args[0..nargs-1],
 * appended to out. Returns 0, or -1 when the count of conversions is not
 * nargs, a conversion is another kind, or memory ran out. A translate
 * callback over a printf-format catalogue is this over its lookup. */
int dk_render_format(dk_buf *out, const char *fmt, const char *const *args, int nargs);

#endif
