/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_jpeg.c — a phone photo's pixels straight from libjpeg(-turbo), at
 * 1/2, 1/4 or 1/8 scale. libvips's JPEG loader calls the same library with
 * the same settings (the pixels are identical), but its pipeline around it
 * (threads, regions, a sequential line cache) cost 2.2 ms of a 19 ms decode
 * of a 12 MP photo, a tenth of the whole check. libvips still reads the
 * header (size, EXIF orientation) and decodes everything else: other
 * formats, CMYK and YCCK JPEGs, and it turns the raster upright. */
#include "core/dk_err.h"
#include "doccheck/dk_doc_internal.h"

#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

#include <jerror.h>

/* As libvips's loader: warnings (the harmless oddities some cameras write,
 * a damaged stretch of data) are tolerated, a flood of them is not, and
 * input that ends inside the pixel data is an error. */
#define MAX_WARNINGS 100

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf back;
    char message[JMSG_LENGTH_MAX];
} jpeg_errors;

/* Ends the decode: why, then back to dk_doc_jpeg_decode()'s setjmp. */
G_GNUC_PRINTF(2, 3) static void give_up(j_common_ptr c, const char *fmt, ...)
{
    jpeg_errors *e = (jpeg_errors *)c->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    longjmp(e->back, 1);
}

static void on_error(j_common_ptr c)
{
    char why[JMSG_LENGTH_MAX];
    (*c->err->format_message)(c, why);
    give_up(c, "%s", why);
}

static void on_message(j_common_ptr c, int level)
{
    if (level >= 0)
        return; /* trace messages */
    if (c->err->msg_code == JWRN_JPEG_EOF)
        give_up(c, "premature end of input");
    if (++c->err->num_warnings >= MAX_WARNINGS)
        give_up(c, "%ld warnings: corrupt data", c->err->num_warnings);
}

static void on_progress(j_common_ptr c)
{
    if (((j_decompress_ptr)c)->input_scan_number > DK_DOC_JPEG_MAX_SCANS)
        give_up(c, "more than %d scans", DK_DOC_JPEG_MAX_SCANS);
}

int dk_doc_jpeg_decode(const void *p, size_t n, int shrink, unsigned char **rgb, int *w, int *h,
                       char *detail, size_t dlen)
{
    struct jpeg_decompress_struct d;
    jpeg_errors e;
    struct jpeg_progress_mgr progress = {.progress_monitor = on_progress};
    /* volatile: set after setjmp and read after a longjmp back to it. */
    unsigned char *volatile pixels = NULL;
    volatile int mine = 0;
    *rgb = NULL;
    memset(&d, 0, sizeof d);
    d.err = jpeg_std_error(&e.pub);
    e.pub.error_exit = on_error;
    e.pub.emit_message = on_message;
    e.message[0] = '\0';
    if (setjmp(e.back)) {
        g_free(pixels);
        jpeg_destroy_decompress(&d);
        if (!mine)
            return 1; /* libvips tries, and says what is wrong */
        dk_errf(detail, dlen, "pixels do not decode: %s", e.message);
        return -1;
    }
    jpeg_create_decompress(&d);
    d.progress = &progress;
    jpeg_mem_src(&d, (const unsigned char *)p, (unsigned long)n);
    if (jpeg_read_header(&d, TRUE) != JPEG_HEADER_OK ||
        (d.jpeg_color_space != JCS_YCbCr && d.jpeg_color_space != JCS_GRAYSCALE &&
         d.jpeg_color_space != JCS_RGB)) {
        jpeg_destroy_decompress(&d);
        return 1;
    }
    mine = 1;
    d.scale_num = 1;
    d.scale_denom = (unsigned)shrink;
    d.out_color_space = JCS_RGB;
    d.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&d); /* a progressive file's scans are all read here */
    /* libjpeg rounds a scaled size up, libvips down: its last partial
     * column and row are left out, so the two rasters are the same. */
    unsigned ow = d.output_width, oh = d.output_height;
    unsigned keep_w = d.image_width / (unsigned)shrink, keep_h = d.image_height / (unsigned)shrink;
    keep_w = keep_w < 1 ? 1 : keep_w < ow ? keep_w : ow;
    keep_h = keep_h < 1 ? 1 : keep_h < oh ? keep_h : oh;
    size_t row = (size_t)ow * 3;
    pixels = g_try_malloc(row * oh);
    if (!pixels)
        give_up((j_common_ptr)&d, "out of memory");
    while (d.output_scanline < oh) {
        JSAMPROW at = pixels + row * d.output_scanline;
        if (jpeg_read_scanlines(&d, &at, 1) != 1) /* none: the input ended */
            give_up((j_common_ptr)&d, "premature end of input");
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    /* The kept columns of each kept row, packed in place. */
    for (unsigned y = 1; keep_w < ow && y < keep_h; y++)
        memmove(pixels + (size_t)y * keep_w * 3, pixels + (size_t)y * row, (size_t)keep_w * 3);
    *rgb = pixels;
    *w = (int)keep_w;
    *h = (int)keep_h;
    return 0;
}
