/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_render_html.h — inside the engine: where in the HTML markup the output
 * stands (followed byte by byte over the template's own text), and writing a
 * value there with the escaping that place needs, or refusing it. */
#ifndef DK_RENDER_HTML_H
#define DK_RENDER_HTML_H

#include "core/dk_buf.h"

#include <stddef.h>

typedef enum {
    DK_RENDER_HTML_TEXT,         /* element content */
    DK_RENDER_HTML_RAWTEXT,      /* inside <script> or <style> */
    DK_RENDER_HTML_TAG_OPEN,     /* "<" and the tag's name */
    DK_RENDER_HTML_TAG,          /* between attributes */
    DK_RENDER_HTML_ATTR_NAME,    /* an attribute's name */
    DK_RENDER_HTML_AFTER_NAME,   /* after a name, before "=" or the next one */
    DK_RENDER_HTML_BEFORE_VALUE, /* after "=" */
    DK_RENDER_HTML_DQ,           /* a "double-quoted" value */
    DK_RENDER_HTML_SQ,           /* a 'single-quoted' value */
    DK_RENDER_HTML_UNQUOTED,     /* an unquoted value */
    DK_RENDER_HTML_DECL,         /* <!doctype …>, <!…> */
    DK_RENDER_HTML_COMMENT,      /* <!-- … --> */
} dk_render_html_state;

typedef struct {
    dk_render_html_state st;
    char tag[16]; /* the current tag's name, lower case (truncated) */
    size_t taglen;
    int end_tag;   /* </…> */
    char attr[32]; /* the current attribute's name, lower case (truncated) */
    size_t attrlen;
    size_t vallen;    /* bytes of the current attribute value so far */
    char raw_end[8];  /* "script" or "style" while in RAWTEXT */
    size_t raw_match; /* bytes of "</" raw_end matched so far */
    int dashes;       /* consecutive '-' (comment ends) */
    size_t decl;      /* bytes after "<!" */
} dk_render_html_ctx;

/* Follows the template's own bytes s[0..n). */
void dk_render_html_feed(dk_render_html_ctx *c, const char *s, size_t n);

/* Writes the value s[0..n) for the current place. Returns 0; -1 when out of
 * memory (why = NULL) or when the place takes no value or the value is not
 * a URL allowed there (why = the reason, a static string). raw: the value
 * is our own HTML fragment, allowed in element text only. */
int dk_render_html_value(dk_render_html_ctx *c, dk_buf *out, const char *s, size_t n, int raw,
                         const char **why);

/* Whether the place is one a template may end in (element text). */
int dk_render_html_can_end(const dk_render_html_ctx *c);

#endif
