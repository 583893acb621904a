/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_buf.h — a growable, always NUL-terminated byte buffer. Every module that
 * composes text (MIME messages, mail templates, JSON, HTML pages) builds it
 * here instead of juggling fixed arrays and snprintf lengths. */
#ifndef DK_BUF_H
#define DK_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* data is NULL until the first append, then always NUL-terminated with
 * data[len] == '\0'; cap counts the bytes allocated (terminator included).
 * The buffer owns data: release it with dk_buf_free() or take it with
 * dk_buf_steal(). A zeroed struct (DK_BUF_INIT) is an empty buffer.
 *
 * Failure is sticky (like curl's dynbuf): once an append fails (memory ran
 * out, or the buffer would pass its limit) the buffer is marked failed, every
 * later append fails too, and dk_buf_steal() refuses the result. So a page or
 * a message built by fifty appends needs one check at the end, where it is
 * sent: dk_buf_failed(). Nothing truncated can go out unnoticed. */
typedef struct {
    char *data;
    size_t len, cap;
    size_t max; /* this buffer's own ceiling on len; 0 = DK_BUF_MAX */
    int failed; /* an append failed: the contents are not the whole text */
} dk_buf;

#define DK_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0, 0, 0                                                                           \
    }

/* Hard ceiling on one buffer (1 GiB): growing past it fails like ENOMEM, so
 * a runaway loop cannot eat the machine. */
#define DK_BUF_MAX ((size_t)1 << 30)

/* Appends n bytes of p (which may contain NULs; p may be NULL when n == 0).
 * Every append returns 0, or -1 when memory ran out, the buffer's limit
 * would be passed, or an earlier append had failed; on -1 the buffer keeps
 * its previous contents and is marked failed. */
int dk_buf_append(dk_buf *b, const char *p, size_t n);

/* Appends a NUL-terminated string (NULL appends nothing). */
int dk_buf_puts(dk_buf *b, const char *s);

/* Appends one byte. */
int dk_buf_putc(dk_buf *b, char c);

/* Appends printf-formatted text. */
int dk_buf_appendf(dk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dk_buf_vappendf(dk_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Makes room for at least `extra` more bytes (plus the terminator). */
int dk_buf_reserve(dk_buf *b, size_t extra);

/* Nonzero once an append failed since the buffer was made, reset or freed:
 * its contents are then a truncated text that must not be sent. */
int dk_buf_failed(const dk_buf *b);

/* Caps this buffer at max bytes of contents (0 = DK_BUF_MAX): an append past
 * it fails (and the buffer with it). */
void dk_buf_limit(dk_buf *b, size_t max);

/* Empties the buffer (and clears its failure) but keeps its memory for
 * reuse: what is written next is a new text. */
void dk_buf_reset(dk_buf *b);

/* Frees the memory and leaves an empty, unfailed buffer (safe to call
 * twice); a limit set by dk_buf_limit() stays. */
void dk_buf_free(dk_buf *b);

/* Hands the contents to the caller, who frees them with free(); the buffer is
 * left empty. An empty buffer yields a malloc'd "". NULL when that
 * allocation failed or the buffer had failed (its truncated contents are
 * freed, never handed on). */
char *dk_buf_steal(dk_buf *b);

#endif
