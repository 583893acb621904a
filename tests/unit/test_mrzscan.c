/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mrzscan.c — the MRZ reader on pictures this test draws itself (a
 * page of print with ICAO's TD3 specimen MRZ in OCR-B, turned, shrunk,
 * faded) and on hostile bytes: the band finder finds the band where it is
 * and in its direction, and nothing on a blank or noisy picture; whole
 * reads give ICAO's facts with every check digit right and say how the page
 * was turned; hostile files give found false, quickly; and the shared
 * specimen photos (tests/corpus/specimens) are read with valid check digits
 * at least as often as measured when the reader was built. */
#include "dk_test.h"
#include "mrzscan/dk_mrzscan_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vips/vips.h>

#define FONT "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
#define PROSE "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
static const char *const L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char *const L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

/* The page: W x H paper, a few lines of ordinary print, the MRZ's two
 * lines near the bottom (their box returned). */
#define W 1250
#define H 880

/* Draws text (ink high from dk_mrzscan_render) at (x, y) onto page in
 * ink level on paper; *tw gets its width. */
static void stamp(unsigned char *page, const char *fontfile, int px, const char *text, int x, int y,
                  int paper, int ink, int *tw, int *th)
{
    int mw = 0, mh = 0;
    unsigned char *m = dk_mrzscan_render(fontfile, px, text, &mw, &mh);
    CHECK(m != NULL);
    if (!m)
        return;
    for (int j = 0; j < mh; j++)
        for (int i = 0; i < mw; i++) {
            int qx = x + i, qy = y + j;
            if (qx < 0 || qy < 0 || qx >= W || qy >= H)
                continue;
            double a = m[(size_t)j * mw + i] / 255.0;
            page[(size_t)qy * W + qx] = (unsigned char)(paper * (1 - a) + ink * a + 0.5);
        }
    free(m);
    if (tw)
        *tw = mw;
    if (th)
        *th = mh;
}

static unsigned char *draw_page(int paper, int ink, double *mrz_cy, double *mrz_len)
{
    unsigned char *page = malloc((size_t)W * H);
    memset(page, paper, (size_t)W * H);
    const char *prose[] = {"PASSPORT  PASSEPORT  UTOPIA", "Surname / Nom  ERIKSSON",
                           "Given names / Prenoms  ANNA MARIA", "Date of birth  12 AUG 1974",
                           "Date of expiry  15 APR 2012"};
    for (int i = 0; i < 5; i++)
        stamp(page, PROSE, 28, prose[i], 360, 60 + i * 90, paper, ink, NULL, NULL);
    /* The MRZ's two lines, centred, near the bottom. */
    int tw = 0, th = 0, probe_w = 0;
    unsigned char *probe = dk_mrzscan_render(FONT, 30, L1, &probe_w, &th);
    free(probe);
    int x = (W - probe_w) / 2, y = H - 200;
    stamp(page, FONT, 30, L1, x, y, paper, ink, &tw, &th);
    stamp(page, FONT, 30, L2, x, y + 60, paper, ink, NULL, NULL);
    *mrz_cy = y + (60 + th) / 2.0;
    *mrz_len = tw - 16;
    return page;
}

/* The page turned by deg (counter-clockwise on screen) about its centre
 * onto a larger white-ish canvas, and scaled; a new raster (*w, *h). */
static unsigned char *turn(const unsigned char *page, double deg, double scale, int fill, int *w,
                           int *h)
{
    VipsImage *in = vips_image_new_from_memory(page, (size_t)W * H, W, H, 1, VIPS_FORMAT_UCHAR);
    VipsImage *out = NULL;
    VipsArrayDouble *bg = vips_array_double_newv(1, (double)fill);
    int rc = vips_similarity(in, &out, "angle", -deg, "scale", scale, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    g_object_unref(in);
    if (rc != 0)
        return NULL;
    size_t size;
    unsigned char *px = vips_image_write_to_memory(out, &size);
    *w = vips_image_get_width(out);
    *h = vips_image_get_height(out);
    g_object_unref(out);
    unsigned char *copy = malloc(size);
    memcpy(copy, px, size);
    g_free(px);
    return copy;
}

/* The line direction's difference from want, modulo a half turn. */
static double angle_off(double got, double want)
{
    double d = fmod(fabs(got - want), M_PI);
    return d > M_PI / 2 ? M_PI - d : d;
}

static void test_band_upright_and_turned(void)
{
    double cy = 0, len = 0;
    unsigned char *page = draw_page(235, 30, &cy, &len);
    dk_mrzscan_band b;
    CHECK_INT(dk_mrzscan_band_find(page, W, H, &b), 0);
    CHECK(b.found);
    CHECK(angle_off(b.angle, 0) < 0.02);
    CHECK(fabs(b.cy - cy) < 15);
    CHECK(fabs(b.cx - W / 2.0) < 40);
    CHECK(b.length > 0.85 * len && b.length < 1.15 * len);
    CHECK_INT(b.lines, 2);

    /* Turned by small angles either way, a quarter, and upside down: the
     * direction follows (the page's centre stays the picture's). */
    const double degs[] = {8, -12, 90, -90, 180, 97};
    for (size_t i = 0; i < sizeof degs / sizeof *degs; i++) {
        int w, h;
        unsigned char *t = turn(page, degs[i], 1.0, 235, &w, &h);
        CHECK(t != NULL);
        if (!t)
            continue;
        memset(&b, 0, sizeof b);
        CHECK_INT(dk_mrzscan_band_find(t, w, h, &b), 0);
        CHECK(b.found);
        double want = degs[i] * M_PI / 180; /* y down: on screen counter-clockwise is -angle */
        if (angle_off(b.angle, -want) >= 0.03)
            fprintf(stderr, "turned %.0f: angle %.3f, want %.3f (mod pi)\n", degs[i], b.angle,
                    -want);
        CHECK(angle_off(b.angle, -want) < 0.03);
        /* The band's centre, turned with the page about the centre. */
        double dx = W / 2.0 - W / 2.0, dy = cy - H / 2.0;
        double ex = w / 2.0 + dx * cos(want) + dy * sin(want);
        double ey = h / 2.0 - dx * sin(want) + dy * cos(want);
        CHECK(hypot(b.cx - ex, b.cy - ey) < 25);
        free(t);
    }
    free(page);
}

static void test_band_small_and_faint(void)
{
    double cy = 0, len = 0;
    /* Faint: grey print on grey paper, 50 levels apart. */
    unsigned char *faint = draw_page(200, 150, &cy, &len);
    dk_mrzscan_band b;
    CHECK_INT(dk_mrzscan_band_find(faint, W, H, &b), 0);
    CHECK(b.found && fabs(b.cy - cy) < 15 && angle_off(b.angle, 0) < 0.02);
    free(faint);
    /* Small: the page at 40%, 500 px across (characters ~8 px tall). */
    unsigned char *page = draw_page(235, 30, &cy, &len);
    int w, h;
    unsigned char *small = turn(page, 0, 0.4, 235, &w, &h);
    CHECK(small != NULL);
    if (small) {
        CHECK_INT(dk_mrzscan_band_find(small, w, h, &b), 0);
        CHECK(b.found && fabs(b.cy - cy * 0.4) < 8 && angle_off(b.angle, 0) < 0.03);
        free(small);
    }
    free(page);
}

static void test_band_none(void)
{
    unsigned char *blank = malloc((size_t)W * H);
    memset(blank, 240, (size_t)W * H);
    dk_mrzscan_band b;
    CHECK_INT(dk_mrzscan_band_find(blank, W, H, &b), 0);
    CHECK(!b.found);
    dk_test_rng_state = 42;
    for (size_t i = 0; i < (size_t)W * H; i++)
        blank[i] = (unsigned char)dk_test_rnd(256);
    CHECK_INT(dk_mrzscan_band_find(blank, W, H, &b), 0);
    CHECK(!b.found);
    CHECK_INT(dk_mrzscan_band_find(blank, 4, 4, &b), 0);
    CHECK(!b.found);
    free(blank);
}

static void *png_of(const unsigned char *px, int w, int h, size_t *len)
{
    VipsImage *in = vips_image_new_from_memory(px, (size_t)w * h, w, h, 1, VIPS_FORMAT_UCHAR);
    void *buf = NULL;
    if (vips_pngsave_buffer(in, &buf, len, "compression", 1, NULL) != 0)
        buf = NULL;
    g_object_unref(in);
    return buf;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const dk_date today = {2010, 6, 1};

static void test_read_synthetic(dk_mrzscan *r)
{
    double cy, len;
    unsigned char *page = draw_page(235, 30, &cy, &len);
    const double degs[] = {0, 6, 180, 90, 270};
    const int turned[] = {0, 0, 180, 270, 90};
    for (size_t i = 0; i < sizeof degs / sizeof *degs; i++) {
        int w, h;
        unsigned char *t = turn(page, degs[i], 1.0, 235, &w, &h);
        size_t n = 0;
        void *png = t ? png_of(t, w, h, &n) : NULL;
        free(t);
        CHECK(png != NULL);
        if (!png)
            continue;
        dk_mrzscan_result res;
        char err[256];
        CHECK_INT(dk_mrzscan_read(r, png, n, today, &res, err, sizeof err), 0);
        g_free(png);
        if (!res.found || !res.mrz.valid)
            fprintf(stderr, "turned %.0f: found %d valid %d %s | %s | %s\n", degs[i], res.found,
                    res.mrz.valid, res.reason, res.mrz.lines[0], res.mrz.lines[1]);
        CHECK(res.found);
        CHECK(res.mrz.valid);
        CHECK_INT(res.mrz.format, DK_MRZ_TD3);
        CHECK_STR(res.mrz.document_number, "L898902C3");
        CHECK_STR(res.mrz.birth_date, "740812");
        CHECK_STR(res.mrz.expiry_date, "120415");
        CHECK_STR(res.mrz.surname, "ERIKSSON");
        CHECK_STR(res.mrz.given_names, "ANNA MARIA");
        CHECK_STR(res.mrz.lines[1], L2);
        CHECK_INT(res.turned, turned[i]);
        json_t *j = dk_mrzscan_json(&res);
        CHECK(j && json_is_true(json_object_get(j, "valid")) &&
              json_is_number(json_object_get(j, "ms")));
        json_decref(j);
    }
    free(page);
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Found false, a reason, and quickly. */
static void expect_none(dk_mrzscan *r, const void *p, size_t n, const char *what)
{
    dk_mrzscan_result res;
    char err[256];
    double t0 = now_ms();
    CHECK_INT(dk_mrzscan_read(r, p, n, today, &res, err, sizeof err), 0);
    double ms = now_ms() - t0;
    if (res.found || ms > 3000)
        fprintf(stderr, "%s: found %d in %.0f ms\n", what, res.found, ms);
    CHECK(!res.found);
    CHECK(res.reason[0] != '\0');
    CHECK(ms < 3000);
}

static void test_hostile(dk_mrzscan *r)
{
    expect_none(r, "", 0, "empty");
    expect_none(r, "P<UTOERIKSSON<<ANNA\n", 20, "text");
    /* 1 x 1 */
    unsigned char one = 255;
    size_t n;
    void *png = png_of(&one, 1, 1, &n);
    expect_none(r, png, n, "1x1");
    /* A header declaring 100000 x 100000 pixels (the IHDR's CRC right). */
    unsigned char *huge = malloc(n);
    memcpy(huge, png, n);
    put32(huge + 16, 100000);
    put32(huge + 20, 100000);
    put32(huge + 29, crc32_of(huge + 12, 17));
    expect_none(r, huge, n, "declared 100000 x 100000");
    free(huge);
    g_free(png);
    /* All white, all black, noise: 2000 x 1500. */
    int w = 2000, h = 1500;
    unsigned char *px = malloc((size_t)w * h);
    const int levels[] = {255, 0};
    for (int i = 0; i < 2; i++) {
        memset(px, levels[i], (size_t)w * h);
        png = png_of(px, w, h, &n);
        expect_none(r, png, n, levels[i] ? "white" : "black");
        g_free(png);
    }
    dk_test_rng_state = 7;
    for (size_t i = 0; i < (size_t)w * h; i++)
        px[i] = (unsigned char)dk_test_rnd(256);
    png = png_of(px, w, h, &n);
    expect_none(r, png, n, "noise");
    g_free(png);
    free(px);
}

/* The shared specimens that carry an MRZ: at least as many read with
 * every check digit right as now (13 of 16: 10 of the 15 ICAO ones when the
 * reader was built, then 12; the French card's national layout since it is
 * parsed; passporteye-98_pass-nld carries bytes after its image, which
 * uploads refuse). */
static void test_specimens(dk_mrzscan *r)
{
    const char *names[] = {"mrzdet-id1.jpg",
                           "mrzdet-id2.jpg",
                           "passporteye-0_pass-lva.jpg",
                           "passporteye-100_id-che.jpg",
                           "passporteye-100_id-rou.jpg",
                           "passporteye-100_pass-bdr.jpg",
                           "passporteye-100_pass-chn.jpg",
                           "passporteye-100_pass-fin.png",
                           "passporteye-100_pass-isl.png",
                           "passporteye-100_pass-lux.jpg",
                           "passporteye-100_pass-polx.jpg",
                           "passporteye-43_pass-twn.jpg",
                           "passporteye-62_pass-aus.png",
                           "passporteye-62_pass-pol.png",
                           "passporteye-79_pass-hun.png",
                           "passporteye-98_pass-nld.jpg"};
    int valid = 0, total = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/corpus/specimens/%s", names[i]);
        gchar *data = NULL;
        gsize n = 0;
        if (!g_file_get_contents(path, &data, &n, NULL)) {
            CHECK(!"specimen missing");
            continue;
        }
        dk_mrzscan_result res;
        char err[256];
        CHECK_INT(dk_mrzscan_read(r, data, n, (dk_date){2026, 12, 3}, &res, err, sizeof err), 0);
        g_free(data);
        total++;
        valid += res.found && res.mrz.valid;
        printf("  %-32s %s %.0f ms\n", names[i],
               res.found ? (res.mrz.valid ? "valid" : "read, a check digit wrong") : res.reason,
               res.ms);
    }
    printf("  specimens read with every check digit right: %d of %d\n", valid, total);
    CHECK(valid >= 13);
}

int main(void)
{
    char err[256];
    if (dk_doc_init(err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    test_band_upright_and_turned();
    test_band_small_and_faint();
    test_band_none();
    dk_mrzscan *own = dk_mrzscan_new("", DK_MRZSCAN_ENGINE_OCRB, err, sizeof err);
    CHECK(own != NULL);
    if (own) {
        test_read_synthetic(own);
        test_hostile(own);
        dk_mrzscan_free(own);
    }
    dk_mrzscan *r =
        dk_mrzscan_new("build/tessdata", DK_MRZSCAN_ENGINE_OCRB_LEGACY, err, sizeof err);
    if (!r)
        fprintf(stderr, "%s\n", err);
    CHECK(r != NULL);
    if (r) {
        test_specimens(r);
        dk_mrzscan_free(r);
    }
    DK_TEST_DONE();
}
