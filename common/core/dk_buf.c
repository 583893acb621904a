/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_buf.c — the growable string buffer: geometric growth, overflow-checked
 * sizes, a NUL terminator kept after every successful append, and a failure
 * that sticks until the buffer is reset. */
#include "core/dk_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(dk_buf *b)
{
    b->failed = 1;
    return -1;
}

int dk_buf_failed(const dk_buf *b)
{
    return b->failed;
}

void dk_buf_limit(dk_buf *b, size_t max)
{
    b->max = max;
}

int dk_buf_reserve(dk_buf *b, size_t extra)
{
    size_t max = b->max && b->max < DK_BUF_MAX ? b->max : DK_BUF_MAX;
    if (b->failed)
        return -1;
    if (extra > max || b->len > max - extra)
        return fail(b);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > DK_BUF_MAX / 2 ? DK_BUF_MAX + 1 : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return fail(b);
    b->data = p;
    b->cap = cap;
    return 0;
}

int dk_buf_append(dk_buf *b, const char *p, size_t n)
{
    if (dk_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int dk_buf_puts(dk_buf *b, const char *s)
{
    return s ? dk_buf_append(b, s, strlen(s)) : 0;
}

int dk_buf_putc(dk_buf *b, char c)
{
    return dk_buf_append(b, &c, 1);
}

int dk_buf_vappendf(dk_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return fail(b);
    if (dk_buf_reserve(b, (size_t)n) != 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int dk_buf_appendf(dk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = dk_buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void dk_buf_reset(dk_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = '\0';
}

void dk_buf_free(dk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

char *dk_buf_steal(dk_buf *b)
{
    if (b->failed) {
        dk_buf_free(b);
        return NULL;
    }
    char *s = b->data ? b->data : strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}
