/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_load.c — from bytes to the small raster every check measures: the
 * header alone first (so pixel bounds hold before any decoding), then one
 * decode through the loader that matches the sniffed type — JPEG with
 * shrink-on-load (1/8 for a 12 MP photo) — upright, sRGB, 8 bits, no alpha. */
#include "core/dk_err.h"
#include "doccheck/dk_doc_internal.h"

#include <string.h>
#include <vips/vips.h>

/* The loaders report decoding errors and truncation as failures, not as
 * grey rows at the bottom of the picture. Warnings (harmless oddities some
 * cameras write) are tolerated. */
#define FAIL_ON VIPS_FAIL_ON_ERROR

static void vips_detail(char *detail, size_t dlen, const char *what)
{
    char *msg = vips_error_buffer_copy();
    char *nl = msg ? strchr(msg, '\n') : NULL;
    if (nl)
        *nl = '\0';
    dk_errf(detail, dlen, "%s: %s", what, msg && *msg ? msg : "libvips error");
    g_free(msg);
}

/* The right loader for the type, lazily: only the header is read here. */
static VipsImage *open_lazy(const void *p, size_t n, dk_doc_format fmt, int shrink, double scale)
{
    VipsImage *im = NULL;
    void *buf = (void *)p; /* libvips takes a non-const pointer but only reads */
    int r = -1;
    switch (fmt) {
    case DK_DOC_FMT_JPEG:
        r = vips_jpegload_buffer(buf, n, &im, "shrink", shrink, "access", VIPS_ACCESS_SEQUENTIAL,
                                 "fail_on", FAIL_ON, NULL);
        break;
    case DK_DOC_FMT_PNG:
        r = vips_pngload_buffer(buf, n, &im, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", FAIL_ON,
                                NULL);
        break;
    case DK_DOC_FMT_HEIF:
        r = vips_heifload_buffer(buf, n, &im, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", FAIL_ON,
                                 NULL);
        break;
    case DK_DOC_FMT_PDF:
        r = vips_pdfload_buffer(buf, n, &im, "scale", scale, "access", VIPS_ACCESS_SEQUENTIAL,
                                "fail_on", FAIL_ON, NULL);
        break;
    }
    return r == 0 ? im : NULL;
}

int dk_doc_header(const void *p, size_t n, dk_doc_format fmt, const dk_doc_pdf_info *pdf, int *w,
                  int *h, int *pages, char *detail, size_t dlen)
{
    VipsImage *im = open_lazy(p, n, fmt, 1, 1.0);
    if (!im) {
        vips_detail(detail, dlen, "header does not decode");
        return -1;
    }
    *w = vips_image_get_width(im);
    *h = vips_image_get_height(im);
    *pages = vips_image_get_n_pages(im);
    if (fmt == DK_DOC_FMT_PDF) {
        /* The scan's own pixels: the page itself is only points. */
        *w = (int)(pdf->img_w > 0x7fffffffL ? 0x7fffffffL : pdf->img_w);
        *h = (int)(pdf->img_h > 0x7fffffffL ? 0x7fffffffL : pdf->img_h);
        if (vips_image_get_width(im) < vips_image_get_height(im) ? *w > *h : *w < *h) {
            int t = *w; /* the image fills the page: match its orientation */
            *w = *h;
            *h = t;
        }
    } else if (vips_image_get_orientation_swap(im)) {
        int t = *w;
        *w = *h;
        *h = t;
    }
    g_object_unref(im);
    return 0;
}

/* A JPEG's pixels through dk_doc_jpeg_decode(), turned upright per the
 * EXIF orientation libvips reads with the header. 1 when the JPEG is for
 * libvips to decode (an unusual colour space), -1 when it does not decode. */
static int decode_jpeg(const void *p, size_t n, int shrink, dk_doc_raster *out, char *detail,
                       size_t dlen)
{
    VipsImage *head = open_lazy(p, n, DK_DOC_FMT_JPEG, shrink, 1.0);
    if (!head)
        return 1; /* libvips says why */
    int orientation = vips_image_get_orientation(head);
    g_object_unref(head);
    unsigned char *rgb;
    int w, h;
    int rc = dk_doc_jpeg_decode(p, n, shrink, &rgb, &w, &h, detail, dlen);
    if (rc != 0)
        return rc;
    if (orientation > 1) {
        VipsImage *ctx = vips_image_new();
        VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(ctx), 2);
        t[0] = vips_image_new_from_memory(rgb, (size_t)w * h * 3, w, h, 3, VIPS_FORMAT_UCHAR);
        if (t[0])
            vips_image_set_int(t[0], VIPS_META_ORIENTATION, orientation);
        size_t size = 0;
        void *upright = t[0] && vips_autorot(t[0], &t[1], NULL) == 0
                            ? vips_image_write_to_memory(t[1], &size)
                            : NULL;
        if (upright) {
            w = vips_image_get_width(t[1]);
            h = vips_image_get_height(t[1]);
        } else {
            vips_detail(detail, dlen, "pixels do not turn upright");
        }
        g_object_unref(ctx);
        g_free(rgb);
        if (!upright)
            return -1;
        rgb = upright;
    }
    out->rgb = rgb;
    out->w = w;
    out->h = h;
    return 0;
}

int dk_doc_decode(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h, int min_long,
                  dk_doc_raster *out, char *detail, size_t dlen)
{
    memset(out, 0, sizeof *out);
    int full_long = full_w > full_h ? full_w : full_h;
    int shrink = 1;
    double scale = 1.0;
    if (fmt == DK_DOC_FMT_JPEG) {
        /* libjpeg decodes at 1/8, 1/4, 1/2 scale for a fraction of the work.
         * The short side keeps two pixels: libvips 8.14 aborts the process
         * on a shrink that leaves none (a hostile 3 x 2000 JPEG). */
        int full_short = full_w < full_h ? full_w : full_h;
        for (shrink = 8; shrink > 1 && (full_long / shrink < min_long || full_short / shrink < 2);
             shrink /= 2)
            ;
        int rc = decode_jpeg(p, n, shrink, out, detail, dlen);
        if (rc <= 0) {
            out->full_w = full_w;
            out->full_h = full_h;
            out->shrink = shrink;
            return rc;
        }
    } else if (fmt == DK_DOC_FMT_PDF) {
        VipsImage *page = open_lazy(p, n, fmt, 1, 1.0);
        if (!page) {
            vips_detail(detail, dlen, "PDF page does not load");
            return -1;
        }
        int pw = vips_image_get_width(page), ph = vips_image_get_height(page);
        g_object_unref(page);
        /* Poppler renders at this size; the short side keeps a pixel. */
        scale = (double)min_long / (pw > ph ? pw : ph);
        if (scale * (pw < ph ? pw : ph) < 1)
            scale = 1.0 / (pw < ph ? pw : ph);
    }

    VipsImage *ctx = vips_image_new();
    VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(ctx), 8);
    VipsImage *cur = t[0] = open_lazy(p, n, fmt, shrink, scale);
    if (!cur) {
        vips_detail(detail, dlen, "does not decode");
        g_object_unref(ctx);
        return -1;
    }
    int ok = 1;
    if (vips_image_get_interpretation(cur) != VIPS_INTERPRETATION_sRGB ||
        vips_image_get_format(cur) != VIPS_FORMAT_UCHAR) {
        ok = vips_colourspace(cur, &t[1], VIPS_INTERPRETATION_sRGB, NULL) == 0;
        cur = ok ? t[1] : cur;
    }
    if (ok && vips_image_hasalpha(cur)) {
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        ok = vips_flatten(cur, &t[2], "background", white, NULL) == 0;
        vips_area_unref(VIPS_AREA(white));
        cur = ok ? t[2] : cur;
    }
    if (ok && vips_image_get_bands(cur) != 3) {
        ok = vips_image_get_bands(cur) > 3 && vips_extract_band(cur, &t[3], 0, "n", 3, NULL) == 0;
        if (!ok)
            vips_error("dk_doc", "%d bands after conversion to sRGB", vips_image_get_bands(cur));
        cur = ok ? t[3] : cur;
    }
    if (ok && vips_image_get_format(cur) != VIPS_FORMAT_UCHAR) {
        ok = vips_cast_uchar(cur, &t[4], NULL) == 0;
        cur = ok ? t[4] : cur;
    }
    int cw = vips_image_get_width(cur), ch = vips_image_get_height(cur);
    int longest = cw > ch ? cw : ch;
    if (ok && longest > 2 * min_long) {
        /* Loaders without shrink-on-load: reduce to a little above the need,
         * never below one pixel across (libvips would abort on that). */
        double sc = 1.25 * min_long / longest;
        double hs = sc * cw < 1 ? 1.0 / cw : sc, vs = sc * ch < 1 ? 1.0 / ch : sc;
        ok = vips_resize(cur, &t[5], hs, "vscale", vs, NULL) == 0;
        cur = ok ? t[5] : cur;
    }
    if (ok && vips_image_get_orientation(cur) > 1) {
        /* Upright per EXIF. Turning needs the rows out of order, which a
         * sequential decode cannot give: the small raster goes to memory. */
        ok = (t[6] = vips_image_copy_memory(cur)) != NULL && vips_autorot(t[6], &t[7], NULL) == 0;
        cur = ok ? t[7] : cur;
    }
    size_t size = 0;
    void *mem = ok ? vips_image_write_to_memory(cur, &size) : NULL;
    if (!mem) {
        vips_detail(detail, dlen, "pixels do not decode");
        g_object_unref(ctx);
        return -1;
    }
    out->w = vips_image_get_width(cur);
    out->h = vips_image_get_height(cur);
    g_object_unref(ctx);
    if (size != (size_t)out->w * (size_t)out->h * 3) {
        g_free(mem);
        dk_errf(detail, dlen, "unexpected raster size");
        return -1;
    }
    out->rgb = mem;
    out->full_w = full_w;
    out->full_h = full_h;
    out->shrink = shrink;
    return 0;
}

void dk_doc_raster_free(dk_doc_raster *r)
{
    if (!r)
        return;
    g_free(r->rgb);
    memset(r, 0, sizeof *r);
}
