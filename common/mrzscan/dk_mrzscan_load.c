/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_load.c — the picture as the reader needs it, in the image's
 * stored orientation (the band finder turns pages itself, so the EXIF tag
 * costs nothing): a small RGB decode to find the document and the band on
 * (JPEG shrink-on-load), then one grey area around the band, decoded at
 * the finest shrink that still leaves the band wider than the strip. */
#include "core/dk_err.h"
#include "mrzscan/dk_mrzscan_internal.h"

#include <string.h>
#include <vips/vips.h>

static void vips_detail(char *detail, size_t dlen, const char *what)
{
    char *msg = vips_error_buffer_copy();
    char *nl = msg ? strchr(msg, '\n') : NULL;
    if (nl)
        *nl = '\0';
    dk_errf(detail, dlen, "%s: %s", what, msg && *msg ? msg : "libvips error");
    g_free(msg);
}

static VipsImage *open_image(const void *p, size_t n, dk_doc_format fmt, int shrink, double scale,
                             int sequential)
{
    VipsImage *im = NULL;
    void *buf = (void *)p; /* libvips takes a non-const pointer but only reads */
    VipsAccess access = sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM;
    int r = -1;
    switch (fmt) {
    case DK_DOC_FMT_JPEG:
        r = vips_jpegload_buffer(buf, n, &im, "shrink", shrink, "access", access, "fail_on",
                                 VIPS_FAIL_ON_ERROR, "autorotate", FALSE, NULL);
        break;
    case DK_DOC_FMT_PNG:
        r = vips_pngload_buffer(buf, n, &im, "access", access, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    case DK_DOC_FMT_HEIF:
        r = vips_heifload_buffer(buf, n, &im, "access", access, "fail_on", VIPS_FAIL_ON_ERROR,
                                 "autorotate", FALSE, NULL);
        break;
    case DK_DOC_FMT_PDF:
        r = vips_pdfload_buffer(buf, n, &im, "scale", scale, "access", access, "fail_on",
                                VIPS_FAIL_ON_ERROR, NULL);
        break;
    }
    return r == 0 ? im : NULL;
}

int dk_mrzscan_stored_size(const void *p, size_t n, dk_doc_format fmt, double pdf_scale, int *w,
                           int *h, char *detail, size_t dlen)
{
    VipsImage *im = open_image(p, n, fmt, 1, pdf_scale, 1);
    if (!im) {
        vips_detail(detail, dlen, "header does not decode");
        return -1;
    }
    *w = vips_image_get_width(im);
    *h = vips_image_get_height(im);
    g_object_unref(im);
    return 0;
}

/* In a local array t of 8: converted to bands (1 grey, 3 sRGB) of uchar,
 * alpha flattened on white. */
static VipsImage *to_bands(VipsImage *cur, int bands, VipsImage **t)
{
    VipsInterpretation want = bands == 1 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
    if (vips_image_hasalpha(cur)) {
        VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
        int ok = vips_flatten(cur, &t[0], "background", white, NULL) == 0;
        vips_area_unref(VIPS_AREA(white));
        if (!ok)
            return NULL;
        cur = t[0];
    }
    if (vips_colourspace(cur, &t[1], want, NULL) != 0)
        return NULL;
    cur = t[1];
    if (vips_image_get_bands(cur) > bands) {
        if (vips_extract_band(cur, &t[2], 0, "n", bands, NULL) != 0)
            return NULL;
        cur = t[2];
    }
    if (vips_image_get_bands(cur) != bands) {
        vips_error("dk_mrzscan", "%d bands", vips_image_get_bands(cur));
        return NULL;
    }
    if (vips_image_get_format(cur) != VIPS_FORMAT_UCHAR) {
        if (vips_cast_uchar(cur, &t[3], NULL) != 0)
            return NULL;
        cur = t[3];
    }
    return cur;
}

static int to_memory(VipsImage *cur, int bands, dk_mrzscan_pixels *out, char *detail, size_t dlen)
{
    size_t size = 0;
    void *mem = vips_image_write_to_memory(cur, &size);
    if (!mem) {
        vips_detail(detail, dlen, "pixels do not decode");
        return -1;
    }
    out->w = vips_image_get_width(cur);
    out->h = vips_image_get_height(cur);
    out->bands = bands;
    if (size != (size_t)out->w * out->h * bands) {
        g_free(mem);
        dk_errf(detail, dlen, "unexpected raster size");
        return -1;
    }
    out->px = mem;
    return 0;
}

int dk_mrzscan_load_small(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h,
                          double pdf_scale, int want_long, dk_mrzscan_pixels *out, char *detail,
                          size_t dlen)
{
    memset(out, 0, sizeof *out);
    int full_long = full_w > full_h ? full_w : full_h;
    int full_short = full_w < full_h ? full_w : full_h;
    int shrink = 1;
    if (fmt == DK_DOC_FMT_JPEG)
        for (shrink = 8; shrink > 1 && (full_long / shrink < want_long || full_short / shrink < 2);
             shrink /= 2)
            ;
    VipsImage *ctx = vips_image_new();
    VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(ctx), 8);
    VipsImage *cur = t[0] = open_image(p, n, fmt, shrink, pdf_scale, 1);
    int ok = cur != NULL;
    if (ok && (cur = to_bands(cur, 3, t + 1)) == NULL)
        ok = 0;
    if (ok) {
        int cw = vips_image_get_width(cur), ch = vips_image_get_height(cur);
        int longest = cw > ch ? cw : ch;
        if (longest > 2 * want_long) {
            double sc = 1.25 * want_long / longest;
            double hs = sc * cw < 1 ? 1.0 / cw : sc, vs = sc * ch < 1 ? 1.0 / ch : sc;
            ok = vips_resize(cur, &t[5], hs, "vscale", vs, NULL) == 0;
            cur = ok ? t[5] : cur;
        }
    }
    if (!ok) {
        vips_detail(detail, dlen, "does not decode");
        g_object_unref(ctx);
        return -1;
    }
    int rc = to_memory(cur, 3, out, detail, dlen);
    g_object_unref(ctx);
    if (rc == 0)
        out->scale = (double)full_w / out->w;
    return rc;
}

int dk_mrzscan_load_area(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h,
                         double pdf_scale, int shrink, int x0, int y0, int x1, int y1,
                         dk_mrzscan_pixels *out, char *detail, size_t dlen)
{
    memset(out, 0, sizeof *out);
    if (fmt != DK_DOC_FMT_JPEG)
        shrink = 1;
    VipsImage *ctx = vips_image_new();
    VipsImage **t = (VipsImage **)vips_object_local_array(VIPS_OBJECT(ctx), 8);
    VipsImage *cur = t[0] = open_image(p, n, fmt, shrink, pdf_scale, 1);
    int ok = cur != NULL;
    if (ok) {
        int w = vips_image_get_width(cur), h = vips_image_get_height(cur);
        /* The area in this decode's pixels; a shrunk JPEG rounds its size. */
        double sx = (double)w / full_w, sy = (double)h / full_h;
        int ax = (int)(x0 * sx), ay = (int)(y0 * sy);
        int bx = (int)(x1 * sx + 1), by = (int)(y1 * sy + 1);
        ax = ax < 0 ? 0 : ax;
        ay = ay < 0 ? 0 : ay;
        bx = bx > w ? w : bx;
        by = by > h ? h : by;
        if (bx - ax < 2 || by - ay < 2) {
            vips_error("dk_mrzscan", "empty area");
            ok = 0;
        } else {
            ok = vips_extract_area(cur, &t[1], ax, ay, bx - ax, by - ay, NULL) == 0;
            cur = ok ? t[1] : cur;
            out->x0 = ax;
            out->y0 = ay;
            out->scale = 1.0 / sx;
        }
    }
    if (ok && (cur = to_bands(cur, 1, t + 2)) == NULL)
        ok = 0;
    if (!ok) {
        vips_detail(detail, dlen, "area does not decode");
        g_object_unref(ctx);
        return -1;
    }
    int rc = to_memory(cur, 1, out, detail, dlen);
    g_object_unref(ctx);
    return rc;
}

void dk_mrzscan_pixels_free(dk_mrzscan_pixels *px)
{
    if (!px)
        return;
    g_free(px->px);
    memset(px, 0, sizeof *px);
}
