/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_html.c — the HTML escaper. Escaping both quote kinds makes the output
 * safe in element content and in single- or double-quoted attributes. */
#include "core/dk_html.h"

#include <string.h>

int dk_html_escape_append(dk_buf *b, const char *s, size_t n)
{
    size_t run = 0; /* start of the pending run of unescaped bytes */
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        if (dk_buf_append(b, s + run, i - run) != 0 || dk_buf_puts(b, rep) != 0)
            return -1;
        run = i + 1;
    }
    return dk_buf_append(b, s + run, n - run);
}

char *dk_html_escape(const char *s)
{
    dk_buf b = DK_BUF_INIT;
    if (!s)
        s = "";
    if (dk_html_escape_append(&b, s, strlen(s)) != 0) {
        dk_buf_free(&b);
        return NULL;
    }
    return dk_buf_steal(&b);
}
