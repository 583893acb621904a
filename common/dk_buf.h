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
 * dk_buf_steal(). A zeroed struct (DK_BUF_INIT) is an empty buffer. */
typedef struct {
    char *data;
    size_t len, cap;
} dk_buf;

#define DK_BUF_INIT {NULL, 0, 0}

/* Hard ceiling on one buffer (1 GiB): growing past it fails like ENOMEM, so
 * a runaway loop cannot eat the machine. */
#define DK_BUF_MAX ((size_t)1 << 30)

/* Appends n bytes of p (which may contain NULs; p may be NULL when n == 0).
 * Every append returns 0, or -1 when memory ran out or DK_BUF_MAX would be
 * passed; on -1 the buffer keeps its previous contents. */
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

/* Empties the buffer but keeps its memory for reuse. */
void dk_buf_reset(dk_buf *b);

/* Frees the memory and leaves an empty buffer (safe to call twice). */
void dk_buf_free(dk_buf *b);

/* Hands the contents to the caller, who frees them with free(); the buffer is
 * left empty. An empty buffer yields a malloc'd "". NULL only when that
 * allocation failed. */
char *dk_buf_steal(dk_buf *b);

#endif
