/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_page.h — the pages of any of our servers: templates of the one
 * engine (render/dk_render.h) in HTML mode, in the common layout (partials
 * head, lang_switch and foot, common/web/templates), their sentences from
 * the message catalogue (i18n/dk_i18n.h) in the visitor's language, and a
 * fixed 500 page in the three languages when a page could not be rendered,
 * never a part of one. The stylesheet the layout links to is dk_web_css
 * (serve it with dk_web_options.style).
 *
 * A server's own templates are a table (infra/gen_templates.sh embeds a
 * folder of .html files as one) whose pages start with {{>head}} and end
 * with {{>foot}}; head needs title_key (a catalogue key), and gets the
 * builtins lang, path (the page's own address, for the language switch)
 * and nl (a line break). */
#ifndef DK_WEB_PAGE_H
#define DK_WEB_PAGE_H

#include "core/dk_buf.h"
#include "render/dk_render.h"
#include "web/dk_web.h"

#include <jansson.h>

/* A server's templates with the layout's partials (a template of its own
 * of the same name wins). own must outlive the result. NULL: no memory.
 * Build it once at start; rendering from it is thread-safe. */
typedef struct dk_web_pages dk_web_pages;
dk_web_pages *dk_web_pages_new(const dk_render_template *own);
void dk_web_pages_free(dk_web_pages *p);

/* Renders the template name with vars (stolen; the builtins lang, path
 * — "/" when NULL — and nl added) in lang into out. Returns 0, or -1
 * (logged: no such template, a value the engine refused, no memory) with
 * out holding a partial page the caller must not send. */
int dk_web_render_page(dk_buf *out, const dk_web_pages *p, const char *name, const char *lang,
                       const char *path, json_t *vars);

/* Queues a page rendered by dk_web_render_page: when rc is 0 the page in
 * *page becomes r's body, HTML, with status; otherwise r is a 500 with the
 * fixed page. *page is emptied either way. */
void dk_web_reply_page(dk_web_reply *r, int status, int rc, dk_buf *page);

/* The layout's templates (head, lang_switch, foot), embedded. */
extern const dk_render_template dk_web_layout[];

/* The stylesheet of the pages (the Content-Security-Policy forbids inline
 * styles). */
extern const char dk_web_css[];

#endif
