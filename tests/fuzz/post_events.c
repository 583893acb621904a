/* SPDX-License-Identifier: EUPL-1.2 */
/* post_events.c — the post-processor event replay the intake's form and
 * upload fuzz targets share (see post_events.h). */
#include "post_events.h"

#include <stdlib.h>
#include <string.h>

static int hex(uint8_t c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* [p, p+n) with %XX decoded into a malloc'd buffer of *len bytes (plus a
 * NUL, not counted). NULL without memory. */
static char *decode(const uint8_t *p, size_t n, size_t *len)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n && hex(p[i + 1]) >= 0 && hex(p[i + 2]) >= 0) {
            out[o++] = (char)(hex(p[i + 1]) * 16 + hex(p[i + 2]));
            i += 2;
        } else {
            out[o++] = (char)p[i];
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

/* The value in a buffer of exactly its size (one byte when empty: the post
 * processor passes a pointer even then). */
static char *exact_copy(const char *v, size_t len)
{
    char *c = malloc(len ? len : 1);
    if (c && len)
        memcpy(c, v, len);
    return c;
}

int post_events_replay(const uint8_t *data, size_t size, MHD_PostDataIterator cb, void *cls)
{
    char *key = NULL; /* the field the next '+' continues */
    int have_key = 0, file = 0;
    uint64_t off = 0;
    int calls = 0;
    size_t i = 0;
    while (i < size) {
        const uint8_t *line = data + i, *nl = memchr(line, '\n', size - i);
        size_t n = nl ? (size_t)(nl - line) : size - i;
        i += n + 1;
        if (n == 0 || (line[0] != '=' && line[0] != '@' && line[0] != '+' && line[0] != '~'))
            continue;
        char op = (char)line[0];
        const uint8_t *rest = line + 1, *tab = NULL;
        size_t rn = n - 1;
        if (op == '=' || op == '@') {
            tab = memchr(rest, '\t', rn);
            size_t kn = tab ? (size_t)(tab - rest) : rn, klen;
            free(key);
            key = decode(rest, kn, &klen);
            if (!key)
                break;
            have_key = 1;
            file = op == '@';
            off = 0;
            if (!tab) { /* a key without a value */
                calls++;
                if (cb(cls, MHD_POSTDATA_KIND, key, NULL, NULL, NULL, NULL, 0, 0) != MHD_YES)
                    break;
                continue;
            }
            rest = tab + 1;
            rn = n - 1 - kn - 1;
        } else if (op == '~') {
            free(key);
            key = NULL;
            have_key = 1;
            file = 0;
            off = 0;
        } else if (!have_key) {
            continue; /* a '+' with nothing before */
        }
        size_t vlen;
        char *v = decode(rest, rn, &vlen);
        char *piece = v ? exact_copy(v, vlen) : NULL;
        free(v);
        if (!piece)
            break;
        calls++;
        enum MHD_Result r = cb(cls, MHD_POSTDATA_KIND, key, file ? "scan.jpg" : NULL,
                               file ? "image/jpeg" : NULL, NULL, piece, off, vlen);
        free(piece);
        off += vlen;
        if (r != MHD_YES)
            break;
    }
    free(key);
    return calls;
}
