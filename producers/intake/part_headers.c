/* SPDX-License-Identifier: EUPL-1.2 */
/* part_headers.c — finds a NUL in a multipart body's part headers (see
 * part_headers.h). */
#include "part_headers.h"

#include <string.h>
#include <strings.h>

enum { PREAMBLE, AFTER_BOUNDARY, HEADERS, AFTER_CR, VALUE, DONE, FOUND };

/* The Knuth-Morris-Pratt table: for each prefix length, the longest proper
 * prefix that is also its suffix (a boundary may start with dashes). */
static void kmp_table(const char *pat, size_t n, size_t *fail)
{
    fail[0] = 0;
    if (n)
        fail[1] = 0;
    for (size_t i = 1, k = 0; i < n; i++) {
        while (k && pat[i] != pat[k])
            k = fail[k];
        if (pat[i] == pat[k])
            k++;
        fail[i + 1] = k;
    }
}

/* One byte more of the pattern; returns 1 when it is whole. */
static int kmp_step(const char *pat, size_t n, const size_t *fail, size_t *m, char c)
{
    while (*m && pat[*m] != c)
        *m = fail[*m];
    if (pat[*m] == c)
        (*m)++;
    if (*m == n) {
        *m = 0;
        return 1;
    }
    return 0;
}

void dk_part_headers_init(dk_part_headers *h, const char *content_type)
{
    memset(h, 0, sizeof *h);
    static const char mp[] = "multipart/form-data";
    if (!content_type || strncasecmp(content_type, mp, sizeof mp - 1) != 0)
        return;
    const char *b = strstr(content_type + sizeof mp - 1, "boundary=");
    if (!b)
        return;
    b += 9;
    size_t blen = strlen(b);
    if (blen >= 2 && b[0] == '"' && b[blen - 1] == '"') {
        b++;
        blen -= 2;
    }
    if (blen == 0 || blen > DK_PART_BOUNDARY_MAX)
        return;
    memcpy(h->delim, "\r\n--", 4);
    memcpy(h->delim + 4, b, blen);
    h->dlen = blen + 4;
    kmp_table(h->delim, h->dlen, h->fail);
    kmp_table(h->delim + 2, h->dlen - 2, h->pfail);
    h->state = PREAMBLE;
    h->on = 1;
}

int dk_part_headers_feed(dk_part_headers *h, const char *p, size_t n)
{
    if (h->state == FOUND)
        return -1;
    if (!h->on)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        switch (h->state) {
        case PREAMBLE: /* the first boundary may come without the CRLF before it */
            if (kmp_step(h->delim + 2, h->dlen - 2, h->pfail, &h->match, c))
                h->state = AFTER_BOUNDARY;
            break;
        case VALUE:
            if (kmp_step(h->delim, h->dlen, h->fail, &h->match, c))
                h->state = AFTER_BOUNDARY;
            break;
        case AFTER_BOUNDARY: /* "--": the last one; else the end of its line */
            if (c == '-') {
                h->state = DONE;
                break;
            }
            h->state = c == '\r' ? AFTER_CR : HEADERS;
            if (c == '\0')
                h->state = FOUND;
            break;
        case AFTER_CR: /* a header line ended with CR: an LF may follow */
            h->state = HEADERS;
            if (c == '\n')
                break;
            __attribute__((fallthrough)); /* c begins the next line */
        case HEADERS:
            if (c == '\0') {
                h->state = FOUND;
            } else if (c == '\r' || c == '\n') {
                /* An empty line ends the headers (match counts the line's bytes). */
                int empty = h->match == 0;
                h->match = 0;
                h->state = empty ? VALUE : c == '\r' ? AFTER_CR : HEADERS;
            } else {
                h->match = 1;
            }
            break;
        default: /* DONE */
            return 0;
        }
        if (h->state == FOUND)
            return -1;
    }
    return 0;
}
