/* SPDX-License-Identifier: EUPL-1.2 */
/* test_doc_jpeg.c — the document check's own JPEG decode (dk_doc_jpeg.c)
 * gives libvips's pixels exactly: every scale, odd sizes, greyscale,
 * progressive and chroma-halved encodings; it leaves CMYK and what is not
 * a JPEG to libvips, tolerates damaged data as libvips does, and refuses
 * input that ends inside the pixels and progressive files of endless
 * scans, bogus or valid. */
#include "dk_test.h"
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vips/vips.h>

#include <jpeglib.h>

/* A colourful w x h picture with sharp and smooth parts. */
static VipsImage *picture(int w, int h)
{
    unsigned char *p = g_malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = p + ((size_t)y * w + x) * 3;
            px[0] = (unsigned char)(x * 255 / w);
            px[1] = (unsigned char)((x / 9 + y / 7) % 2 ? 200 : 40);
            px[2] = (unsigned char)((x * y) % 251);
        }
    VipsImage *im =
        vips_image_new_from_memory_copy(p, (size_t)w * h * 3, w, h, 3, VIPS_FORMAT_UCHAR);
    g_free(p);
    return im;
}

static void *encode(VipsImage *im, const char *suffix, size_t *n)
{
    void *buf = NULL;
    if (vips_image_write_to_buffer(im, suffix, &buf, n, NULL) != 0)
        return NULL;
    return buf;
}

/* What the libvips path makes of the JPEG: sRGB, 3 bands, 8 bits. */
static unsigned char *by_vips(const void *buf, size_t n, int shrink, int *w, int *h)
{
    VipsImage *im = NULL, *rgb = NULL;
    if (vips_jpegload_buffer((void *)buf, n, &im, "shrink", shrink, "fail_on", VIPS_FAIL_ON_ERROR,
                             NULL) != 0)
        return NULL;
    if (vips_colourspace(im, &rgb, VIPS_INTERPRETATION_sRGB, NULL) != 0) {
        g_object_unref(im);
        return NULL;
    }
    size_t size = 0;
    unsigned char *mem = vips_image_write_to_memory(rgb, &size);
    *w = vips_image_get_width(rgb);
    *h = vips_image_get_height(rgb);
    g_object_unref(rgb);
    g_object_unref(im);
    return mem;
}

/* Both decodes of one encoding, at every scale, are the same pixels. */
static void same_as_vips(const char *what, VipsImage *im, const char *suffix)
{
    size_t n = 0;
    void *buf = encode(im, suffix, &n);
    CHECK(buf != NULL);
    for (int shrink = 1; buf && shrink <= 8; shrink *= 2) {
        unsigned char *ours = NULL;
        int w = 0, h = 0, vw = 0, vh = 0;
        char detail[200] = "";
        int rc = dk_doc_jpeg_decode(buf, n, shrink, &ours, &w, &h, detail, sizeof detail);
        unsigned char *theirs = by_vips(buf, n, shrink, &vw, &vh);
        CHECK(theirs != NULL);
        CHECK_INT(rc, 0);
        if (rc != 0 || !theirs) {
            fprintf(stderr, "  %s at 1/%d: %s\n", what, shrink, detail);
        } else {
            CHECK_INT(w, vw);
            CHECK_INT(h, vh);
            int same = w == vw && h == vh && memcmp(ours, theirs, (size_t)w * h * 3) == 0;
            if (!same)
                fprintf(stderr, "  %s at 1/%d: pixels differ\n", what, shrink);
            CHECK(same);
        }
        g_free(ours);
        g_free(theirs);
    }
    g_free(buf);
}

static void test_same_pixels_as_libvips(void)
{
    VipsImage *even = picture(1024, 768), *odd = picture(1003, 757), *grey = NULL;
    same_as_vips("baseline", even, ".jpg[Q=90]");
    same_as_vips("odd size", odd, ".jpg[Q=90]");
    same_as_vips("chroma halved", odd, ".jpg[Q=75,subsample-mode=on]");
    same_as_vips("progressive", odd, ".jpg[Q=85,interlace]");
    vips_colourspace(odd, &grey, VIPS_INTERPRETATION_B_W, NULL);
    CHECK_INT(vips_image_get_bands(grey), 1);
    same_as_vips("greyscale", grey, ".jpg[Q=90]");
    g_object_unref(grey);
    g_object_unref(even);
    g_object_unref(odd);
}

static int decode(const void *buf, size_t n, char *detail, size_t dlen)
{
    unsigned char *rgb = NULL;
    int w, h;
    int rc = dk_doc_jpeg_decode(buf, n, 8, &rgb, &w, &h, detail, dlen);
    CHECK(rc == 0 ? rgb != NULL : rgb == NULL);
    g_free(rgb);
    return rc;
}

static void test_left_to_libvips(void)
{
    VipsImage *im = picture(640, 480), *cmyk = NULL;
    vips_colourspace(im, &cmyk, VIPS_INTERPRETATION_CMYK, NULL);
    size_t n = 0;
    void *buf = encode(cmyk, ".jpg[Q=90]", &n);
    char detail[200];
    CHECK_INT(decode(buf, n, detail, sizeof detail), 1);
    g_free(buf);
    buf = encode(im, ".png", &n);
    CHECK_INT(decode(buf, n, detail, sizeof detail), 1);
    g_free(buf);
    const char junk[] = "\xff\xd8\xff\xe0 not really a JPEG";
    CHECK_INT(decode(junk, sizeof junk, detail, sizeof detail), 1);
    CHECK_INT(decode("", 0, detail, sizeof detail), 1);
    g_object_unref(cmyk);
    g_object_unref(im);
}

/* Where the first scan's entropy-coded data begins. */
static size_t scan_data(const unsigned char *p, size_t n)
{
    for (size_t i = 2; i + 4 < n; i++)
        if (p[i] == 0xFF && p[i + 1] == 0xDA)
            return i + 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
    return 0;
}

/* A valid progressive JPEG of many scans, written with libjpeg: every AC
 * coefficient of every component a band of its own, sent in three
 * successive-approximation passes (Al 2, then 1, then 0): 570 scans of a
 * 64 x 64 colour picture, 759 of a CMYK one. g_free() the result. */
static unsigned char *many_scans(int cmyk, size_t *n, int *scans)
{
    enum { S = 64 };
    static jpeg_scan_info script[3 + 3 * 4 * 63];
    int comps = cmyk ? 4 : 3, k = 0;
    for (int al = 2; al >= 0; al--) {
        script[k++] = (jpeg_scan_info){comps, {0, 1, 2, 3}, 0, 0, al < 2 ? al + 1 : 0, al};
        for (int c = 0; c < comps; c++)
            for (int ss = 1; ss <= 63; ss++)
                script[k++] = (jpeg_scan_info){1, {c}, ss, ss, al < 2 ? al + 1 : 0, al};
    }
    *scans = k;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long len = 0;
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = S;
    c.image_height = S;
    c.input_components = comps;
    c.in_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&c);
    c.scan_info = script;
    c.num_scans = k;
    jpeg_start_compress(&c, TRUE);
    unsigned char row[S * 4];
    while (c.next_scanline < S) {
        for (int x = 0; x < S * comps; x++)
            row[x] = (unsigned char)(x * 7 + c.next_scanline * 13);
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    unsigned char *copy = g_memdup2(out, len);
    free(out);
    *n = len;
    return copy;
}

static void test_damaged_and_hostile(void)
{
    VipsImage *im = picture(1024, 768);
    size_t n = 0;
    unsigned char *buf = encode(im, ".jpg[Q=90]", &n);
    size_t data = scan_data(buf, n);
    CHECK(data > 0 && data < n / 2);
    char detail[200];

    /* A damaged stretch in the middle: tolerated, as libvips does. */
    unsigned char *damaged = g_memdup2(buf, n);
    for (size_t i = n / 2; i < n / 2 + 300; i++)
        damaged[i] = (unsigned char)(i * 37 % 0xF0);
    CHECK_INT(decode(damaged, n, detail, sizeof detail), 0);
    int vw, vh;
    unsigned char *theirs = by_vips(damaged, n, 8, &vw, &vh);
    CHECK(theirs != NULL);
    g_free(theirs);
    g_free(damaged);

    /* Cut inside the pixel data, no end marker: an error, not grey rows. */
    CHECK_INT(decode(buf, n * 2 / 3, detail, sizeof detail), -1);
    CHECK(strstr(detail, "premature end") != NULL);

    /* A progressive file of endless scans: its first scan (the DC of every
     * component) declared again and again. Refused, and soon. */
    void *prog = encode(im, ".jpg[Q=85,interlace]", &n);
    const unsigned char *pp = prog;
    size_t sos = 0, next = 0;
    for (size_t i = 2; i + 1 < n && !next; i++)
        if (pp[i] == 0xFF && pp[i + 1] == 0xDA) {
            if (!sos)
                sos = i;
            else
                next = i;
        }
    CHECK(sos > 0 && next > sos);
    size_t one = next - sos, copies = 2000;
    unsigned char *endless = g_malloc(sos + one * copies + 2);
    memcpy(endless, pp, sos);
    for (size_t k = 0; k < copies; k++)
        memcpy(endless + sos + k * one, pp + sos, one);
    memcpy(endless + sos + one * copies, "\xff\xd9", 2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_INT(decode(endless, sos + one * copies + 2, detail, sizeof detail), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(s < 5.0);
    CHECK(strstr(detail, "scans") != NULL || strstr(detail, "warnings") != NULL);
    g_free(endless);
    g_free(prog);

    /* Many scans, each of them valid: refused past 500 by the decoder, and
     * before any decoder by the sniff, CMYK (libvips's to decode) as well. */
    for (int cmyk = 0; cmyk <= 1; cmyk++) {
        int scans = 0;
        unsigned char *valid = many_scans(cmyk, &n, &scans);
        CHECK(scans > DK_DOC_JPEG_MAX_SCANS);
        if (!cmyk) {
            CHECK_INT(decode(valid, n, detail, sizeof detail), -1);
            CHECK(strstr(detail, "more than 500 scans") != NULL);
        }
        dk_doc_pdf_info pdf;
        memset(&pdf, 0, sizeof pdf);
        CHECK_INT(dk_doc_sniff_structure(DK_DOC_FMT_JPEG, valid, n, &pdf, detail, sizeof detail),
                  DK_DOC_SNIFF_CORRUPT);
        CHECK(strstr(detail, "more than 500 scans") != NULL);
        dk_doc_verdict v;
        CHECK_INT(
            dk_doc_check(valid, n, DK_DOC_PASSPORT, DK_DOC_FRONT, NULL, &v, detail, sizeof detail),
            0);
        CHECK_INT(v.n_reasons, 1);
        CHECK_STR(v.n_reasons ? v.reasons[0] : "", DK_DOC_CORRUPT);
        dk_doc_verdict_free(&v);
        g_free(valid);
    }
    g_free(buf);
    g_object_unref(im);
}

int main(void)
{
    char err[256];
    CHECK_INT(dk_doc_init(err, sizeof err), 0);
    test_same_pixels_as_libvips();
    test_left_to_libvips();
    test_damaged_and_hostile();
    DK_TEST_DONE();
}
