/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_pdf.c — screens a PDF before poppler renders it: walks its objects
 * (names decoded from #xx escapes, compressed object streams inflated up to a
 * bound) for active content, pages, encryption and the scanned images' sizes.
 * A scanner's PDF is one page holding an image; anything else is refused. */
#include "core/dk_err.h"
#include "doccheck/dk_doc_internal.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

/* Inflated bytes one object stream may grow to, and all of them together: a
 * scanner's PDF has none or a few kB; the cap stops a zlib bomb. */
#define PDF_MAX_OBJSTM (4u << 20)
#define PDF_MAX_INFLATED (16u << 20)

/* Names that make a PDF do something when opened or clicked: scripts,
 * launching programs, embedded files, forms that submit, rich media. */
static const char *const active_names[] = {
    "JavaScript", "JS",         "Launch",     "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA",
    "AA",         "SubmitForm", "ImportData", "GoToE",        "GoToR",         NULL,
};

typedef struct {
    dk_doc_pdf_info *info;
    size_t inflated; /* total so far */
    char *detail;
    size_t dlen;
    int failed;
    /* the object being read */
    int is_image, is_objstm, flate;
    long width, height;
    int width_ref, height_ref;
    /* the last tokens: a name waiting for its value, and numbers */
    char key[32];
    long num[2];
    int nums;
} pdf_walk;

static int is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void object_reset(pdf_walk *w)
{
    w->is_image = w->is_objstm = w->flate = 0;
    w->width = w->height = -1;
    w->width_ref = w->height_ref = 0;
    w->key[0] = '\0';
    w->nums = 0;
}

static void on_name(pdf_walk *w, const char *name)
{
    for (const char *const *a = active_names; *a; a++)
        if (strcmp(name, *a) == 0 && !w->info->active[0])
            snprintf(w->info->active, sizeof w->info->active, "/%s", name);
    if (strcmp(name, "Encrypt") == 0)
        w->info->encrypted = 1;
    if (strcmp(w->key, "Type") == 0 && strcmp(name, "Page") == 0)
        w->info->pages++;
    if (strcmp(w->key, "Type") == 0 && strcmp(name, "ObjStm") == 0)
        w->is_objstm = 1;
    if (strcmp(w->key, "Subtype") == 0 && strcmp(name, "Image") == 0)
        w->is_image = 1;
    if (strcmp(w->key, "Filter") == 0 && strcmp(name, "FlateDecode") == 0)
        w->flate = 1;
    /* A name after /Filter may be one of an array: keep the key. */
    if (strcmp(w->key, "Filter") != 0 || strcmp(name, "FlateDecode") != 0)
        snprintf(w->key, sizeof w->key, "%s", name);
    w->nums = 0;
}

/* A regular token: a number, or a keyword (obj, R, stream...). */
static void on_number(pdf_walk *w, long v)
{
    if (strcmp(w->key, "Width") == 0 && w->nums == 0)
        w->width = v;
    if (strcmp(w->key, "Height") == 0 && w->nums == 0)
        w->height = v;
    if (w->nums < 2)
        w->num[w->nums] = v;
    w->nums++;
}

static void on_keyword(pdf_walk *w, const char *kw)
{
    if (strcmp(kw, "R") == 0 && w->nums == 2) {
        if (strcmp(w->key, "Width") == 0)
            w->width_ref = 1;
        if (strcmp(w->key, "Height") == 0)
            w->height_ref = 1;
    }
    if (strcmp(kw, "obj") == 0)
        object_reset(w);
    w->nums = 0;
}

static void walk(pdf_walk *w, const unsigned char *p, size_t n, int depth);

/* Inflates one object stream into a bounded buffer and walks it. */
static void walk_objstm(pdf_walk *w, const unsigned char *data, size_t len, int depth)
{
    size_t cap = PDF_MAX_OBJSTM, used = 0;
    unsigned char *out = malloc(cap);
    if (!out) {
        dk_errf(w->detail, w->dlen, "out of memory inflating a PDF object stream");
        w->failed = 1;
        return;
    }
    GZlibDecompressor *z = g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    size_t in = 0;
    for (;;) {
        gsize r = 0, wr = 0;
        GError *gerr = NULL;
        if (used == cap) {
            dk_errf(w->detail, w->dlen, "a PDF object stream inflates past %u bytes",
                    PDF_MAX_OBJSTM);
            w->failed = 1;
            break;
        }
        GConverterResult res =
            g_converter_convert(G_CONVERTER(z), data + in, len - in, out + used, cap - used,
                                G_CONVERTER_INPUT_AT_END, &r, &wr, &gerr);
        in += r;
        used += wr;
        if (res == G_CONVERTER_ERROR) {
            dk_errf(w->detail, w->dlen, "a PDF object stream does not inflate: %s",
                    gerr ? gerr->message : "zlib error");
            g_clear_error(&gerr);
            w->failed = 1;
            break;
        }
        if (res == G_CONVERTER_FINISHED)
            break;
        if (r == 0 && wr == 0 && in >= len) {
            dk_errf(w->detail, w->dlen, "a PDF object stream ends early");
            w->failed = 1;
            break;
        }
    }
    g_object_unref(z);
    w->inflated += used;
    if (!w->failed && w->inflated > PDF_MAX_INFLATED) {
        dk_errf(w->detail, w->dlen, "PDF object streams inflate past %u bytes", PDF_MAX_INFLATED);
        w->failed = 1;
    }
    if (!w->failed)
        walk(w, out, used, depth + 1);
    free(out);
}

/* The bytes of a stream: after "stream" and its end of line, up to
 * "endstream". Returns the position after "endstream" (n when missing). */
static size_t on_stream(pdf_walk *w, const unsigned char *p, size_t n, size_t i, int depth)
{
    if (i < n && p[i] == '\r')
        i++;
    if (i < n && p[i] == '\n')
        i++;
    const unsigned char *end = memmem(p + i, n - i, "endstream", 9);
    size_t stop = end ? (size_t)(end - p) : n;
    if (w->is_image) {
        w->info->images++;
        if (w->width < 0 || w->height < 0 || w->width_ref || w->height_ref)
            w->info->img_size_unknown = 1;
        else if ((double)w->width * (double)w->height >
                 (double)w->info->img_w * (double)w->info->img_h) {
            w->info->img_w = w->width;
            w->info->img_h = w->height;
        }
    }
    if (w->is_objstm && depth == 0) {
        if (!w->flate) {
            /* An uncompressed object stream is walked as it is. */
            walk(w, p + i, stop - i, depth + 1);
        } else {
            walk_objstm(w, p + i, stop - i, depth);
        }
    }
    object_reset(w);
    return end ? stop + 9 : n;
}

static void walk(pdf_walk *w, const unsigned char *p, size_t n, int depth)
{
    size_t i = 0;
    while (i < n && !w->failed) {
        unsigned char c = p[i];
        if (is_space(c)) {
            i++;
        } else if (c == '%') {
            while (i < n && p[i] != '\r' && p[i] != '\n')
                i++;
        } else if (c == '(') {
            int nest = 0;
            for (; i < n; i++) {
                if (p[i] == '\\') {
                    i++;
                    continue;
                }
                if (p[i] == '(')
                    nest++;
                else if (p[i] == ')' && --nest == 0) {
                    i++;
                    break;
                }
            }
            w->nums = 0;
        } else if (c == '<' && i + 1 < n && p[i + 1] == '<') {
            i += 2;
        } else if (c == '>' && i + 1 < n && p[i + 1] == '>') {
            i += 2;
        } else if (c == '<') {
            while (i < n && p[i] != '>')
                i++;
            i++;
            w->nums = 0;
        } else if (c == '/') {
            char name[32];
            size_t k = 0;
            i++;
            while (i < n && !is_space(p[i]) && !is_delim(p[i])) {
                int ch = p[i++];
                if (ch == '#' && i + 1 < n && hexval(p[i]) >= 0 && hexval(p[i + 1]) >= 0) {
                    ch = hexval(p[i]) * 16 + hexval(p[i + 1]);
                    i += 2;
                }
                if (k + 1 < sizeof name)
                    name[k++] = (char)ch;
            }
            name[k] = '\0';
            on_name(w, name);
        } else if (is_delim(c)) {
            i++;
        } else {
            char tok[32];
            size_t k = 0;
            while (i < n && !is_space(p[i]) && !is_delim(p[i])) {
                if (k + 1 < sizeof tok)
                    tok[k++] = (char)p[i];
                i++;
            }
            tok[k] = '\0';
            char *endp;
            long v = strtol(tok, &endp, 10);
            if (k > 0 && *endp == '\0')
                on_number(w, v);
            else if (strcmp(tok, "stream") == 0)
                i = on_stream(w, p, n, i, depth);
            else
                on_keyword(w, tok);
        }
    }
}

int dk_doc_pdf_scan(const unsigned char *p, size_t n, dk_doc_pdf_info *info, char *detail,
                    size_t dlen)
{
    memset(info, 0, sizeof *info);
    pdf_walk w;
    memset(&w, 0, sizeof w);
    w.info = info;
    w.detail = detail;
    w.dlen = dlen;
    object_reset(&w);
    walk(&w, p, n, 0);
    return w.failed ? -1 : 0;
}
