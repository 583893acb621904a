/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_html.h — escaping text for HTML element content and quoted attribute
 * values. Every value that reaches an HTML page or e-mail passes through here
 * (names can hold "<script>", quotes and ampersands). */
#ifndef DK_HTML_H
#define DK_HTML_H

#include "core/dk_buf.h"

/* Returns a malloc'd copy of s with & < > " ' replaced by character
 * references; the caller frees it. NULL s is treated as "". NULL only when
 * memory ran out. Other bytes (UTF-8 included) pass unchanged. */
char *dk_html_escape(const char *s);

/* Appends the first n bytes of s, escaped, to b. Returns 0, or -1 when memory
 * ran out (b then holds a partial value). */
int dk_html_escape_append(dk_buf *b, const char *s, size_t n);

#endif
