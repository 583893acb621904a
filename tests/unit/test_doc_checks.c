/* SPDX-License-Identifier: EUPL-1.2 */
/* test_doc_checks.c — the document-image checks, one reason code at a time,
 * on small images this test draws itself (a colourful ID-1 card on a wooden
 * table) and on hostile byte strings: every code comes out for the defect
 * that should cause it, and a good image passes in every accepted encoding. */
#include "dk_test.h"
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

/* The scene: a W x H photo with an ID-1 card (CARD_W x CARD_H, 1.585:1) at
 * (cx, cy); 1000 px on the card's long side clears the 850 px bound. */
#define CARD_W 1000
#define CARD_H 631

static uint32_t rng_state;

static uint32_t rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

static unsigned char clamp(double v)
{
    return v < 0 ? 0 : v > 255 ? 255 : (unsigned char)(v + 0.5);
}

/* Draws the scene into a malloc'd RGB buffer: a textured brown table, the
 * card with a pale blue ground, a red title bar, a photo block, and rows of
 * dark "text" with sharp edges. */
static unsigned char *draw_scene(int w, int h, int cx, int cy)
{
    unsigned char *p = malloc((size_t)w * h * 3);
    rng_state = 12345;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = p + ((size_t)y * w + x) * 3;
            double grain = 12 * sin((y + 8 * sin(x / 90.0)) / 7.0) + (int)(rnd() % 9) - 4;
            px[0] = clamp(100 + grain), px[1] = clamp(66 + grain), px[2] = clamp(42 + grain);
        }
    for (int y = 0; y < CARD_H; y++)
        for (int x = 0; x < CARD_W; x++) {
            int X = cx + x, Y = cy + y;
            if (X < 0 || Y < 0 || X >= w || Y >= h)
                continue;
            unsigned char *px = p + ((size_t)Y * w + X) * 3;
            double r = 200 + 20.0 * x / CARD_W, g = 214, b = 232;
            if (y < 70) /* title bar */
                r = 190, g = 40, b = 50;
            else if (x > 40 && x < 300 && y > 110 && y < 470) /* photo */
                r = 210 - (x - 40) / 4.0, g = 150 + (y - 110) / 8.0, b = 120 + (x % 37);
            else if (x > 340 && x < 960 && (y - 110) % 48 < 16 && y < 600 &&
                     ((x - 340) / 23 + (y - 110) / 48) % 5 != 0) /* text */
                r = 30, g = 30, b = 60;
            px[0] = clamp(r + (int)(rnd() % 5) - 2);
            px[1] = clamp(g + (int)(rnd() % 5) - 2);
            px[2] = clamp(b + (int)(rnd() % 5) - 2);
        }
    return p;
}

/* An image over a copy of the pixels (the image owns nothing: keep buf). */
static VipsImage *wrap(unsigned char *buf, int w, int h)
{
    return vips_image_new_from_memory(buf, (size_t)w * h * 3, w, h, 3, VIPS_FORMAT_UCHAR);
}

/* Encodes with libvips (".jpg[Q=90]", ".png", ...); g_free() the result. */
static void *encode(VipsImage *im, const char *suffix, size_t *len)
{
    void *buf = NULL;
    *len = 0;
    if (vips_image_write_to_buffer(im, suffix, &buf, len, NULL) != 0) {
        fprintf(stderr, "encode %s: %s\n", suffix, vips_error_buffer());
        vips_error_clear();
    }
    return buf;
}

/* Judges bytes; returns the first reason ("accepted" when none). */
static const char *first_reason(const void *p, size_t n, dk_doc_kind kind, dk_doc_verdict *v)
{
    char err[256];
    if (dk_doc_check(p, n, kind, DK_DOC_FRONT, NULL, v, err, sizeof err) != 0) {
        fprintf(stderr, "dk_doc_check: %s\n", err);
        return "error";
    }
    CHECK(v->figures != NULL);
    CHECK_INT(v->accepted, v->n_reasons == 0);
    return v->n_reasons ? v->reasons[0] : "accepted";
}

static void expect(const char *what, VipsImage *im, const char *suffix, const char *reason)
{
    size_t n;
    void *buf = encode(im, suffix, &n);
    dk_doc_verdict v;
    const char *got = first_reason(buf, n, DK_DOC_ID_CARD, &v);
    if (strcmp(got, reason) != 0) {
        char *fig = v.figures ? json_dumps(v.figures, JSON_COMPACT) : NULL;
        fprintf(stderr, "%s: figures %s\n", what, fig ? fig : "-");
        free(fig);
    }
    CHECK_STR(got, reason);
    dk_doc_verdict_free(&v);
    g_free(buf);
}

/* A document the border cuts is refused as not in frame first, and for
 * reason after it. */
static void cut_first(VipsImage *im, const char *reason)
{
    size_t n;
    void *buf = encode(im, ".jpg[Q=90]", &n);
    dk_doc_verdict v;
    CHECK_STR(first_reason(buf, n, DK_DOC_ID_CARD, &v), DK_DOC_NOT_IN_FRAME);
    int also = 0;
    for (int k = 1; k < v.n_reasons; k++)
        also |= strcmp(v.reasons[k], reason) == 0;
    CHECK_INT(also, 1);
    dk_doc_verdict_free(&v);
    g_free(buf);
}

/* A document with too few pixels is refused for that alone: its
 * sharpness is not judged. */
static void too_small_only(VipsImage *im)
{
    size_t n;
    void *buf = encode(im, ".jpg[Q=90]", &n);
    dk_doc_verdict v;
    CHECK_STR(first_reason(buf, n, DK_DOC_ID_CARD, &v), DK_DOC_TOO_SMALL_RESOLUTION);
    CHECK_INT(v.n_reasons, 1);
    json_t *sharp = json_object_get(v.figures, "sharpness");
    CHECK_STR(json_string_value(json_object_get(sharp, "not_judged")), "resolution");
    dk_doc_verdict_free(&v);
    g_free(buf);
}

static void test_photo_checks(void)
{
    const int W = 1600, H = 1200;
    unsigned char *scene = draw_scene(W, H, 300, 285);
    VipsImage *good = wrap(scene, W, H), *t = NULL, *u = NULL;

    expect("good JPEG", good, ".jpg[Q=90]", "accepted");
    expect("good PNG", good, ".png", "accepted");

    /* Blur of 1% of the card's long side: text no longer readable. */
    vips_gaussblur(good, &t, 10.0, NULL);
    expect("blurred", t, ".jpg[Q=90]", DK_DOC_BLURRED);
    g_object_unref(t);

    /* A grey copy saved as a colour JPEG: three bands, no colour. */
    vips_colourspace(good, &t, VIPS_INTERPRETATION_B_W, NULL);
    vips_colourspace(t, &u, VIPS_INTERPRETATION_sRGB, NULL);
    CHECK_INT(vips_image_get_bands(u), 3);
    expect("greyscale", u, ".jpg[Q=90]", DK_DOC_GREYSCALE);
    g_object_unref(t);

    /* The grey copy through a lens with chromatic aberration (red half a
     * pixel off blue, a fringe of colour along every line of print) and a
     * JPEG that halves chroma: still a grey copy. */
    VipsImage *band[3] = {NULL, NULL, NULL}, *shifted = NULL, *sum = NULL, *half = NULL,
              *fringed = NULL;
    for (int b = 0; b < 3; b++)
        vips_extract_band(u, &band[b], b, NULL);
    vips_embed(band[0], &shifted, 1, 0, W, H, "extend", VIPS_EXTEND_COPY, NULL);
    vips_add(band[0], shifted, &sum, NULL);
    vips_linear1(sum, &half, 0.5, 0, "uchar", TRUE, NULL);
    VipsImage *planes[3] = {half, band[1], band[2]};
    vips_bandjoin(planes, &fringed, 3, NULL);
    expect("greyscale with colour fringes", fringed, ".jpg[Q=75,subsample-mode=on]",
           DK_DOC_GREYSCALE);
    g_object_unref(fringed);
    g_object_unref(half);
    g_object_unref(sum);
    g_object_unref(shifted);
    for (int b = 0; b < 3; b++)
        g_object_unref(band[b]);

    /* The grey copy under a tinted light (every pixel's red up 15%, its
     * blue down 20%): its white paper takes the tint, its dark print and
     * photo hardly any, so their chroma differs by the tint; still a grey
     * copy. */
    const double gains[3] = {1.15, 1.0, 0.8}, none[3] = {0, 0, 0};
    vips_linear(u, &t, gains, none, 3, "uchar", TRUE, NULL);
    expect("greyscale under a tinted light", t, ".jpg[Q=90]", DK_DOC_GREYSCALE);
    g_object_unref(t);

    /* The grey copy with one small emblem in colour, 1.5% of the card:
     * a colour document. */
    size_t gsize = 0;
    unsigned char *grey = vips_image_write_to_memory(u, &gsize);
    for (int y = 420; y < 480; y++)
        for (int x = 1100; x < 1190; x++) {
            unsigned char *px = grey + ((size_t)y * W + x) * 3;
            px[0] = 40, px[1] = 90, px[2] = 200;
        }
    VipsImage *emblem = wrap(grey, W, H);
    expect("grey with a colour emblem", emblem, ".jpg[Q=90]", "accepted");
    vips_linear(emblem, &t, gains, none, 3, "uchar", TRUE, NULL);
    expect("grey with a colour emblem, under a tinted light", t, ".jpg[Q=90]", "accepted");
    g_object_unref(t);
    g_object_unref(emblem);
    g_free(grey);
    g_object_unref(u);

    /* Cut off: the card's left 10% is outside the picture (the 900 px left
     * still clear the resolution bound). */
    vips_extract_area(good, &t, 400, 0, W - 400, H, NULL);
    expect("cropped", t, ".jpg[Q=90]", DK_DOC_NOT_IN_FRAME);
    /* Cut off and grey: both said, taking it whole first. */
    vips_colourspace(t, &u, VIPS_INTERPRETATION_B_W, NULL);
    cut_first(u, DK_DOC_GREYSCALE);
    g_object_unref(u);
    g_object_unref(t);

    /* Half the pixels: the card's 500 px are too few to read it. */
    vips_resize(good, &t, 0.5, NULL);
    expect("low resolution", t, ".jpg[Q=90]", DK_DOC_TOO_SMALL_RESOLUTION);
    g_object_unref(t);
    /* Under a sixth: the card's 150 px, measured upscaled, read as
     * blurred too; the applicant is told only to come closer. */
    vips_resize(good, &t, 0.15, NULL);
    too_small_only(t);
    g_object_unref(t);

    vips_linear1(good, &t, 0.2, 0, "uchar", TRUE, NULL);
    expect("dark", t, ".jpg[Q=90]", DK_DOC_TOO_DARK);
    g_object_unref(t);
    vips_linear1(good, &t, 2.2, 0, "uchar", TRUE, NULL);
    expect("overexposed", t, ".jpg[Q=90]", DK_DOC_OVEREXPOSED);
    g_object_unref(t);

    /* Glare: a burnt-out white patch of ~2% of the card. */
    unsigned char *glare = malloc((size_t)W * H * 3);
    memcpy(glare, scene, (size_t)W * H * 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            double d = hypot(x - 1000.0, y - 560.0);
            if (d < 90) {
                unsigned char *px = glare + ((size_t)y * W + x) * 3;
                double a = d < 60 ? 1.0 : (90 - d) / 30;
                for (int k = 0; k < 3; k++)
                    px[k] = clamp(px[k] * (1 - a) + 255 * a);
            }
        }
    t = wrap(glare, W, H);
    expect("glare", t, ".jpg[Q=90]", DK_DOC_GLARE);
    g_object_unref(t);
    free(glare);

    /* Upright only once the EXIF orientation is applied: stored turned a
     * quarter clockwise, tagged 8 (turn 270 degrees clockwise to show). */
    vips_rot90(good, &t, NULL);
    vips_copy(t, &u, NULL);
    vips_image_set_int(u, VIPS_META_ORIENTATION, 8);
    size_t n;
    void *buf = encode(u, ".jpg[Q=90]", &n);
    dk_doc_verdict v;
    CHECK_STR(first_reason(buf, n, DK_DOC_ID_CARD, &v), "accepted");
    json_t *px = json_object_get(v.figures, "pixels");
    CHECK_INT(json_integer_value(json_object_get(px, "width")), W);
    CHECK_INT(json_integer_value(json_object_get(px, "height")), H);
    dk_doc_verdict_free(&v);
    g_free(buf);
    g_object_unref(u);
    g_object_unref(t);

    /* CMYK, 16 bits, alpha: converted, then judged like any photo. */
    vips_colourspace(good, &t, VIPS_INTERPRETATION_CMYK, NULL);
    expect("CMYK JPEG", t, ".jpg[Q=90]", "accepted");
    g_object_unref(t);
    vips_colourspace(good, &t, VIPS_INTERPRETATION_RGB16, NULL);
    CHECK_INT(vips_image_get_format(t), VIPS_FORMAT_USHORT);
    expect("16-bit PNG", t, ".png", "accepted");
    g_object_unref(t);
    vips_bandjoin_const1(good, &t, 255, NULL);
    expect("PNG with alpha", t, ".png", "accepted");
    g_object_unref(t);

    /* Small in the frame: the same card on a 3200 x 2400 photo (8%), which
     * takes a second, finer decode — of a picture stored turned. Wholly
     * inside with enough pixels, it is in frame however much table there is. */
    unsigned char *wide = draw_scene(3200, 2400, 1100, 900);
    t = wrap(wide, 3200, 2400);
    vips_rot90(t, &u, NULL);
    g_object_unref(t);
    vips_copy(u, &t, NULL);
    vips_image_set_int(t, VIPS_META_ORIENTATION, 8);
    expect("small in frame", t, ".jpg[Q=85]", "accepted");
    g_object_unref(t);
    g_object_unref(u);
    free(wide);

    g_object_unref(good);
    free(scene);
}

/* A light card on a light-grey table, 9% of a 3200 x 2400 photo: a white
 * ground, a light-grey field box, a white MRZ band burnt out to 255 with
 * dark lines in it, a coloured photo and a blue title. When spot_x >= 0, a
 * specular spot (a Gaussian of light, sigma px, on top of the scene). */
/* The tables under the light card: a fine even grain; broad light and
 * dark stripes; light stone with large blue-grey blotches over two
 * corners (each running along two sides of the photo). */
enum light_table { TABLE_GRAIN, TABLE_STRIPES, TABLE_BLOTCHES };

static unsigned char *draw_light_card_on(enum light_table table, int spot_x, int spot_y,
                                         double sigma)
{
    const int w = 3200, h = 2400, cx = 1100, cy = 900;
    unsigned char *p = malloc((size_t)w * h * 3);
    rng_state = 777;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = p + ((size_t)y * w + x) * 3;
            double grain = 6 * sin((x + 5 * sin(y / 70.0)) / 9.0) + (int)(rnd() % 7) - 3;
            double v = 168 + 10.0 * x / w + grain, blue = 0;
            if (table == TABLE_STRIPES) /* 45 px light, 45 px darker, wavy */
                v = (fmod(x + 40 * sin(y / 300.0), 90) < 45 ? 222 : 160) + grain;
            else if (table == TABLE_BLOTCHES) {
                double d1 = hypot(x - 0.0, y - 0.0) / 900,
                       d2 = hypot(x - 3200.0, y - 2400.0) / 1000;
                double blot = exp(-d1 * d1) + exp(-d2 * d2);
                v = 214 - 110 * blot + grain;
                blue = 40 * blot;
            }
            px[0] = clamp(v + 4 - blue), px[1] = clamp(v + 2), px[2] = clamp(v - 4 + blue);
        }
    for (int y = 0; y < CARD_H; y++)
        for (int x = 0; x < CARD_W; x++) {
            unsigned char *px = p + ((size_t)(cy + y) * w + cx + x) * 3;
            double r = 238, g = 238, b = 241;
            if (y > 30 && y < 80 && x > 40 && x < 700) /* title */
                r = 30, g = 60, b = 160;
            else if (x > 40 && x < 300 && y > 110 && y < 440) /* photo */
                r = 200 - (x - 40) / 4.0, g = 140 + (y - 110) / 8.0, b = 110 + (x % 37);
            else if (x > 340 && x < 960 && y > 110 && y < 440) { /* field box with text */
                r = g = b = 214;
                if ((y - 110) % 60 > 30 && (y - 110) % 60 < 48 && ((x - 340) / 21) % 6 != 0)
                    r = g = b = 40;
            } else if (y >= 470) { /* white MRZ band, clipped, three lines */
                r = g = b = 255;
                if (x > 40 && x < 960 && (y - 480) % 50 < 22 && y < 620 && (x / 17) % 3 != 0)
                    r = g = b = 25;
            }
            px[0] = clamp(r + (int)(rnd() % 5) - 2);
            px[1] = clamp(g + (int)(rnd() % 5) - 2);
            px[2] = clamp(b + (int)(rnd() % 5) - 2);
        }
    if (spot_x >= 0)
        for (int y = spot_y - (int)(4 * sigma); y < spot_y + 4 * sigma; y++)
            for (int x = spot_x - (int)(4 * sigma); x < spot_x + 4 * sigma; x++) {
                if (x < 0 || y < 0 || x >= w || y >= h)
                    continue;
                double d2 =
                    (double)(x - spot_x) * (x - spot_x) + (double)(y - spot_y) * (y - spot_y);
                double add = 380 * exp(-0.5 * d2 / (sigma * sigma));
                unsigned char *px = p + ((size_t)y * w + x) * 3;
                for (int k = 0; k < 3; k++)
                    px[k] = clamp(px[k] + add);
            }
    return p;
}

static unsigned char *draw_light_card(int spot_x, int spot_y, double sigma)
{
    return draw_light_card_on(TABLE_GRAIN, spot_x, spot_y, sigma);
}

/* White print areas are not glare; a document wholly inside the picture is
 * in frame; a real specular spot, on a dark or a light area, is glare. */
static void test_light_card(void)
{
    const struct {
        const char *what;
        int x, y;
        double sigma;
        const char *reason;
    } cases[] = {
        {"light card, clipped white MRZ band", -1, 0, 0, "accepted"},
        {"glare on the photo", 1270, 1180, 28, DK_DOC_GLARE},
        {"glare on the light-grey field box", 1800, 1150, 22, DK_DOC_GLARE},
        /* Small ones, 0.3-0.4% of the card: under max_glare_share, over
         * max_soft_glare_share, their halo soft. */
        {"small glare on the field box", 1800, 1150, 13, DK_DOC_GLARE},
        {"small glare on the photo", 1270, 1180, 17, DK_DOC_GLARE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unsigned char *px = draw_light_card(cases[i].x, cases[i].y, cases[i].sigma);
        VipsImage *im = wrap(px, 3200, 2400);
        expect(cases[i].what, im, ".jpg[Q=90]", cases[i].reason);
        g_object_unref(im);
        free(px);
    }
    /* The same card framed tighter (the card spans x 1100-2100, y
     * 900-1531): cut off, its white MRZ band (as light as the table) or
     * its photo run into the border — not in frame; 2% from the border, or
     * in its corner, it is whole — in frame. */
    const struct {
        const char *what;
        int x, y, w, h;
        const char *reason;
    } crops[] = {
        {"light card, MRZ band cut off at the bottom", 300, 200, 2400, 1240, DK_DOC_NOT_IN_FRAME},
        {"light card, cut off on the left", 1190, 300, 1800, 1500, DK_DOC_NOT_IN_FRAME},
        /* 600 of its 1000 px left: its height shows a card of enough
         * pixels, so what is wrong is the framing, not the resolution. */
        {"light card, cut off at 600 px on the left", 1500, 300, 1500, 1500, DK_DOC_NOT_IN_FRAME},
        {"light card, 2% from the left", 1058, 300, 2100, 1500, "accepted"},
        {"light card, 2% from the bottom and right", 200, 100, 1945, 1459, "accepted"},
    };
    /* On a striped or a blotched light table the card is boxed where it
     * lies (x 1100-2100, y 900-1531 of 3200 x 2400), give or take 2% of
     * the photo, and accepted. */
    const enum light_table tables[] = {TABLE_STRIPES, TABLE_BLOTCHES};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        unsigned char *tp = draw_light_card_on(tables[i], -1, 0, 0);
        VipsImage *ti = wrap(tp, 3200, 2400);
        size_t n;
        void *buf = encode(ti, ".jpg[Q=90]", &n);
        dk_doc_verdict v;
        const char *got = first_reason(buf, n, DK_DOC_ID_CARD, &v);
        json_t *box = json_object_get(json_object_get(v.figures, "decode"), "document_box");
        const int want[4] = {1100, 900, 2100, 1531};
        CHECK(json_array_size(box) == 4);
        for (int k = 0; k < 4; k++) {
            int at = (int)json_integer_value(json_array_get(box, (size_t)k));
            if (abs(at - want[k]) > 64)
                fprintf(stderr, "light card on table %zu: box side %d at %d, not %d\n", i, k, at,
                        want[k]);
            CHECK(abs(at - want[k]) <= 64);
        }
        CHECK_STR(got, "accepted");
        dk_doc_verdict_free(&v);
        g_free(buf);
        g_object_unref(ti);
        free(tp);
    }
    unsigned char *px = draw_light_card(-1, 0, 0);
    VipsImage *im = wrap(px, 3200, 2400), *t = NULL;
    for (size_t i = 0; i < sizeof crops / sizeof *crops; i++) {
        vips_extract_area(im, &t, crops[i].x, crops[i].y, crops[i].w, crops[i].h, NULL);
        expect(crops[i].what, t, ".jpg[Q=90]", crops[i].reason);
        g_object_unref(t);
    }
    g_object_unref(im);
    free(px);
}

/* A page of light paper (luma ~232) ruled with print on a dark table,
 * 3200 x 2400, the page at (1000, 700) 1250 x 880; with a soft spot of
 * light (peak add, sigma px) at (sx, sy) when add > 0. The paper around
 * the spot's core burns out up to the print, which bounds the blob. */
static unsigned char *draw_light_page(int sx, int sy, double add, double sigma)
{
    const int w = 3200, h = 2400, px0 = 1000, py0 = 700, pw = 1250, ph = 880;
    unsigned char *p = malloc((size_t)w * h * 3);
    rng_state = 4242;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *q = p + ((size_t)y * w + x) * 3;
            double v = 60 + (int)(rnd() % 9) - 4, r = v - 10, g = v, b = v + 25;
            int dx = x - px0, dy = y - py0;
            if (dx >= 0 && dy >= 0 && dx < pw && dy < ph) {
                r = g = b = 232;
                /* Rows of print: 14 px letters every 40 px, words of 5. */
                if (dx > 40 && dx < pw - 40 && dy > 40 && dy < ph - 40 && dy % 40 < 14 &&
                    (dx / 12) % 6 != 0)
                    r = 40, g = 40, b = 70;
                if (dx < 300 && dy > 100 && dy < 500 && dx > 40) /* a photo */
                    r = 170 - dy / 8.0, g = 120 + dx / 6.0, b = 110;
            }
            if (add > 0) {
                double d2 = (double)(x - sx) * (x - sx) + (double)(y - sy) * (y - sy);
                double a = add * exp(-0.5 * d2 / (sigma * sigma));
                r += a, g += a, b += a;
            }
            int n = (int)(rnd() % 5) - 2;
            q[0] = clamp(r + n), q[1] = clamp(g + n), q[2] = clamp(b + n);
        }
    return p;
}

/* On light paper a glare is bounded by the print it fails to burn out, not
 * by its own halo; the paper between the print is still lit above its
 * level around it. Without the spot, the page is accepted. */
static void test_light_page_glare(void)
{
    unsigned char *px = draw_light_page(0, 0, 0, 0);
    VipsImage *im = wrap(px, 3200, 2400);
    expect("light page, no glare", im, ".jpg[Q=90]", "accepted");
    g_object_unref(im);
    free(px);
    px = draw_light_page(1700, 1100, 120, 90);
    im = wrap(px, 3200, 2400);
    expect("light page, a spot burning the paper out up to its print", im, ".jpg[Q=90]",
           DK_DOC_GLARE);
    g_object_unref(im);
    free(px);
}

/* Judges tests/data/frames/<file> as kind into v: 0, or -1 (counted as a
 * failed check) when it cannot be read or judged. */
#define FRAMES_DIR "tests/data/frames/"
static int judge_fixture(const char *file, dk_doc_kind kind, dk_doc_verdict *v)
{
    char path[256];
    snprintf(path, sizeof path, FRAMES_DIR "%s", file);
    gchar *buf = NULL;
    gsize n = 0;
    CHECK(g_file_get_contents(path, &buf, &n, NULL));
    if (!buf)
        return -1;
    int judged = strcmp(first_reason(buf, n, kind, v), "error") != 0;
    g_free(buf);
    CHECK(judged);
    return judged ? 0 : -1;
}

/* Whether v lists reason. */
static int lists_reason(const dk_doc_verdict *v, const char *reason)
{
    for (int k = 0; k < v->n_reasons; k++)
        if (strcmp(v->reasons[k], reason) == 0)
            return 1;
    return 0;
}

/* Photos whose framing was misjudged (tests/data/frames/README.md): three
 * light documents cut off at the top, whose colour's box stops 3% short of
 * the border and whose only straight edges along it lie on the border
 * itself, where their print crosses it — not in frame; two wholly inside
 * near the border — in frame; documents on stripes — in frame; a page cut
 * through its MRZ, whose inner lines stop at the MRZ's top — not in frame;
 * light documents on a mottled table, whose outlines show only among the
 * strongest steps — one inside in frame, one cut not in frame — or only
 * where each plane is weighed by its own grain — two inside, in frame; a
 * light page cut off at the top on grey wavy stripes, whose sides show on
 * its hue alone — not in frame; a light card cut off at the top whose
 * photo makes an outline of its own — not in frame; light documents cut
 * off at the bottom whose side's step turns in light by the border (its
 * hue goes on), whose MRZ crosses a side in the border's last cell, or
 * whose sides are found at the coarser of two scales only — not in frame;
 * a page cut through its MRZ whose last row's top, two cells from the
 * border, would close an outline — not in frame; a light card inside on
 * a mottled table whose side's step shows in the cell past the point its
 * lines meet — in frame; a light card cut off at the bottom on a granite
 * table lit by a lamp, whose bright middle a plane of light leaves as the
 * colour's box — not in frame; a passport page cut off at the left on a
 * veined marble table lit by a lamp, where the quadric hardly stands out
 * on the ring and the plane's box, the lamp's bright middle, has no edges
 * — not in frame. Each is too small to accept: the frame's reason and
 * figure count. */
static void test_frame_fixtures(void)
{
    const struct {
        const char *file;
        int cut;
        const char *cut_by; /* the frame's cut_by: the border a U-shaped outline runs into */
    } cases[] = {
        {"cut-light-id-card.jpg", 1, "top"},
        {"cut-light-passport-aze.jpg", 1, "top"},
        {"cut-light-passport-fin.jpg", 1, "top"},
        {"cut-right-light-id-card.jpg", 1, "right"},
        {"near-border-light-passport-isl.jpg", 0, NULL},
        {"near-border-passport-fin.jpg", 0, NULL},
        {"near-border-light-id-card-stripes.jpg", 0, NULL},
        {"inside-passport-stripes.jpg", 0, NULL},
        {"inside-light-id-card-stripes.jpg", 0, NULL},
        {"inside-light-passport-wavy-stripes.jpg", 0, NULL},
        {"inside-passport-wavy-stripes-glare.jpg", 0, NULL},
        {"cut-passport-twn-mrz.jpg", 1, "bottom"},
        {"inside-light-id-card-mottled.jpg", 0, NULL},
        {"cut-light-passport-polx-mottled.jpg", 1, "bottom"},
        {"cut-light-id-card-photo-outlined.jpg", 1, "top"},
        {"inside-light-passport-est-mottled.jpg", 0, NULL},
        {"inside-light-id-card-tinted-mottled.jpg", 0, NULL},
        {"cut-light-passport-pol-wavy-stripes.jpg", 1, "top"},
        {"cut-light-id-card-mottled-lighter-blotch.jpg", 1, "bottom"},
        {"cut-light-passport-mrz-at-border.jpg", 1, "bottom"},
        {"cut-light-id-card-mottled-two-scales.jpg", 1, "bottom"},
        {"cut-light-passport-mrz-line-near-border.jpg", 1, NULL},
        {"inside-light-id-card-mottled-corner.png", 0, NULL},
        {"cut-light-id-card-lamp-granite.jpg", 1, NULL},
        {"cut-passport-polx-lamp-marble.jpg", 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dk_doc_verdict v;
        if (judge_fixture(cases[i].file, DK_DOC_PASSPORT, &v) != 0)
            continue;
        int not_in_frame = lists_reason(&v, DK_DOC_NOT_IN_FRAME);
        json_t *open =
            json_object_get(json_object_get(v.figures, "frame"), "open_sides_near_border");
        if (not_in_frame != cases[i].cut)
            fprintf(stderr, "%s: judged %s\n", cases[i].file,
                    not_in_frame ? "not in frame" : "in frame");
        json_t *frame = json_object_get(v.figures, "frame");
        const char *cut_by = json_string_value(json_object_get(frame, "cut_by"));
        CHECK_INT(not_in_frame, cases[i].cut);
        CHECK_INT(json_integer_value(open) > 0 || cut_by, cases[i].cut);
        CHECK_STR(cut_by ? cut_by : "", cases[i].cut_by ? cases[i].cut_by : "");
        dk_doc_verdict_free(&v);
    }
}

/* Light cards with a glare on them (tests/data/frames/README.md) whose
 * outline must stand for the document, the glare measured on it: on a
 * plain light table lit unevenly, the colour's box takes in the table,
 * four times the card (the glare covers 1 % of the card, 0.3 % of the
 * box); on a mottled table, decoded finer for want of pixels, the outline
 * is found at the coarser scale only, and the colour's box is the card's
 * photo (the glare lies outside it); a light page on a mottled table,
 * whose sides' edge cells among the strongest steps cover 0.80-0.85 of
 * them, its colour's box its photo. */
static void test_glare_on_outlined_card(void)
{
    const struct {
        const char *file;
        dk_doc_kind kind;
    } cases[] = {
        {"glare-light-card-plain-table.jpg", DK_DOC_PASSPORT},
        {"glare-light-card-mottled-two-scales.jpg", DK_DOC_ID_CARD},
        {"glare-light-passport-mottled.jpg", DK_DOC_PASSPORT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dk_doc_verdict v;
        if (judge_fixture(cases[i].file, cases[i].kind, &v) != 0)
            continue;
        int glare = lists_reason(&v, DK_DOC_GLARE);
        if (!glare)
            fprintf(stderr, "%s: no glare seen\n", cases[i].file);
        CHECK_INT(glare, 1);
        json_t *frame = json_object_get(v.figures, "frame");
        CHECK(json_is_true(json_object_get(frame, "outline")));
        dk_doc_verdict_free(&v);
    }
}

/* A light card on a mottled table with a glare on it, its outline not
 * found (tests/data/frames/README.md): the colour's box is a part of the
 * card, too small to accept; the glare comes first, its size second. */
static void test_glare_before_size_on_a_partial_box(void)
{
    dk_doc_verdict v;
    if (judge_fixture("glare-light-card-mottled-partial-box.jpg", DK_DOC_ID_CARD, &v) != 0)
        return;
    json_t *frame = json_object_get(v.figures, "frame");
    CHECK(json_is_false(json_object_get(frame, "outline")));
    CHECK_INT(v.n_reasons, 2);
    CHECK_STR(v.n_reasons > 0 ? v.reasons[0] : "", DK_DOC_GLARE);
    CHECK_STR(v.n_reasons > 1 ? v.reasons[1] : "", DK_DOC_TOO_SMALL_RESOLUTION);
    dk_doc_verdict_free(&v);
}

/* Washed-out documents (tests/data/frames/README.md): a glare's core on
 * a page whose paper is burnt out round it, joined to that paper through
 * the paper between the lines of print — the core, opened out of it, is a
 * glare; a card whose white MRZ band's end is burnt out, opened into a
 * compact blob with print on one side and the card's edge on the other,
 * no halo — no glare. */
static void test_glare_core_joined_to_washed_out_paper(void)
{
    dk_doc_verdict v;
    if (judge_fixture("glare-washed-out-passport-core-joined.jpg", DK_DOC_PASSPORT, &v) == 0) {
        json_t *glare = json_object_get(v.figures, "glare");
        CHECK_INT(lists_reason(&v, DK_DOC_GLARE), 1);
        CHECK_INT(json_integer_value(json_object_get(glare, "opened_cores")), 1);
        dk_doc_verdict_free(&v);
    }
    if (judge_fixture("good-washed-out-card-white-band-end.jpg", DK_DOC_ID_CARD, &v) == 0) {
        json_t *glare = json_object_get(v.figures, "glare");
        CHECK_INT(lists_reason(&v, DK_DOC_GLARE), 0);
        CHECK(json_object_get(glare, "opened_cores") == NULL);
        dk_doc_verdict_free(&v);
    }
}

/* Small cards the whole picture's search misses
 * (tests/data/frames/README.md): one on granite, found by nothing; one on
 * a mottled table whose darker blotch at the border took the colour's box
 * (no print in it): the windows outline each. One near the border on a
 * dark table, its colour's box by the border with no edge found to close
 * it; one whose box a blotch widened out to the border: outlined in a
 * window round the box. One whose box took in so much grey table that its
 * print is lost in it: the windows outline it. Each too small, in frame,
 * in colour. */
static void test_small_card_found_in_windows(void)
{
    static const struct {
        const char *file;
        dk_doc_kind kind;
    } cases[] = {
        {"small-card-granite-unfound.jpg", DK_DOC_ID_CARD},
        {"small-card-mottled-blotch-at-border.jpg", DK_DOC_ID_CARD},
        {"small-card-near-border-dark-table.jpg", DK_DOC_ID_CARD},
        {"small-card-blotch-box-to-border.jpg", DK_DOC_PASSPORT},
        {"small-card-printless-grey-box.jpg", DK_DOC_ID_CARD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *file = cases[i].file;
        dk_doc_verdict v;
        if (judge_fixture(file, cases[i].kind, &v) != 0)
            continue;
        json_t *frame = json_object_get(v.figures, "frame");
        if (lists_reason(&v, DK_DOC_NOT_IN_FRAME))
            fprintf(stderr, "%s: judged not in frame\n", file);
        CHECK_INT(lists_reason(&v, DK_DOC_NOT_IN_FRAME), 0);
        CHECK_INT(lists_reason(&v, DK_DOC_TOO_SMALL_RESOLUTION), 1);
        CHECK_INT(lists_reason(&v, DK_DOC_GREYSCALE), 0);
        CHECK(json_is_true(json_object_get(frame, "outline")));
        dk_doc_verdict_free(&v);
    }
}

/* Small light cards whose sides no search finds (tests/data/frames/README.md):
 * one on a pale table whose colour's box ran out to the border, one on a
 * chequered table that hid its colour. Found by their block of print:
 * too small, in frame, in colour, the frame saying how it was found. */
static void test_small_card_found_by_print(void)
{
    static const char *const files[] = {"small-card-pale-table-near-print.jpg",
                                        "small-card-chequered-table-print.jpg"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        dk_doc_verdict v;
        if (judge_fixture(files[i], DK_DOC_ID_CARD, &v) != 0)
            continue;
        json_t *frame = json_object_get(v.figures, "frame");
        if (v.n_reasons != 1)
            fprintf(stderr, "%s: %d reasons, first %s\n", files[i], v.n_reasons,
                    v.n_reasons ? v.reasons[0] : "none");
        CHECK_INT(v.n_reasons, 1);
        CHECK_INT(lists_reason(&v, DK_DOC_TOO_SMALL_RESOLUTION), 1);
        CHECK_STR(json_string_value(json_object_get(frame, "found_by")), "print");
        dk_doc_verdict_free(&v);
    }
}

/* Washed-out documents cut off at the bottom through their MRZ, on light
 * tables (tests/data/frames/README.md): their colour's box stops short of
 * the border and a line of the table closed that side; the MRZ's print
 * running on past it to the border says the border cuts them. */
static void test_print_past_a_side_cuts(void)
{
    static const struct {
        const char *file;
        dk_doc_kind kind;
    } cases[] = {
        {"cut-passport-mrz-light-stripes.jpg", DK_DOC_PASSPORT},
        {"cut-card-mrz-light-table.jpg", DK_DOC_ID_CARD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dk_doc_verdict v;
        if (judge_fixture(cases[i].file, cases[i].kind, &v) != 0)
            continue;
        json_t *frame = json_object_get(v.figures, "frame");
        if (!lists_reason(&v, DK_DOC_NOT_IN_FRAME))
            fprintf(stderr, "%s: judged in frame\n", cases[i].file);
        CHECK_INT(lists_reason(&v, DK_DOC_NOT_IN_FRAME), 1);
        CHECK(json_integer_value(json_object_get(frame, "open_sides_near_border")) >= 1);
        dk_doc_verdict_free(&v);
    }
}

/* A light card judged grey under a glare that burns out 16 % of it
 * (tests/data/frames/README.md; its flag and title by its edge, outside
 * the colour's inset box): the glare, more than the 1 % the colour check
 * asks to show colour, is listed before the grey; both are listed. */
static void test_glare_before_grey_when_it_hides_colour(void)
{
    dk_doc_verdict v;
    if (judge_fixture("glare-light-card-colour-by-edge.jpg", DK_DOC_PASSPORT, &v) != 0)
        return;
    int glare_at = -1, grey_at = -1;
    for (int k = 0; k < v.n_reasons; k++) {
        if (strcmp(v.reasons[k], DK_DOC_GLARE) == 0)
            glare_at = k;
        if (strcmp(v.reasons[k], DK_DOC_GREYSCALE) == 0)
            grey_at = k;
    }
    CHECK(glare_at >= 0 && grey_at >= 0);
    CHECK(glare_at < grey_at);
    CHECK(json_real_value(json_object_get(json_object_get(v.figures, "glare"), "share")) > 0.01);
    dk_doc_verdict_free(&v);
}

/* A light colour card on a light marble table (tests/data/frames/README.md)
 * whose outline is not found: the colour's box takes in the table, twice
 * the card, and the card's photo and flag, its 1 %, are half a percent of
 * the box — in colour, not grey; the same photo made grey is grey. */
static void test_colour_in_a_box_larger_than_the_card(void)
{
    const char *file = "good-light-card-marble-no-outline.jpg";
    dk_doc_verdict v;
    if (judge_fixture(file, DK_DOC_ID_CARD, &v) != 0)
        return;
    json_t *frame = json_object_get(v.figures, "frame");
    CHECK(json_is_false(json_object_get(frame, "outline")));
    if (lists_reason(&v, DK_DOC_GREYSCALE))
        fprintf(stderr, "%s: judged grey\n", file);
    CHECK_INT(lists_reason(&v, DK_DOC_GREYSCALE), 0);
    dk_doc_verdict_free(&v);
    char path[256];
    snprintf(path, sizeof path, FRAMES_DIR "%s", file);
    VipsImage *im = vips_image_new_from_file(path, NULL), *grey = NULL, *rgb = NULL;
    CHECK(im != NULL);
    if (im && vips_colourspace(im, &grey, VIPS_INTERPRETATION_B_W, NULL) == 0 &&
        vips_colourspace(grey, &rgb, VIPS_INTERPRETATION_sRGB, NULL) == 0)
        expect("the card made grey, its box larger than the card", rgb, ".jpg[Q=90]",
               DK_DOC_GREYSCALE);
    else
        CHECK(0);
    if (rgb)
        g_object_unref(rgb);
    if (grey)
        g_object_unref(grey);
    if (im)
        g_object_unref(im);
}

/* A 12 MP photo of a page (px0, py0, pw x ph) on a neutral table of luma
 * table (+20 from top to bottom), paint() giving the colour of each page
 * pixel (u, t from its corner); JPEG-like noise of +-2 on each channel. */
typedef void (*page_paint)(int u, int t, double *r, double *g, double *b);

static unsigned char *draw_page_on_table(int px0, int py0, int pw, int ph, double table,
                                         page_paint paint)
{
    const int w = 4000, h = 3000;
    unsigned char *p = malloc((size_t)w * h * 3);
    rng_state = 9090;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = p + ((size_t)y * w + x) * 3;
            double r = table + 20.0 * y / h + (int)(rnd() % 9) - 4, g = r, b = r;
            int u = x - px0, t = y - py0;
            if (u >= 0 && u < pw && t >= 0 && t < ph)
                paint(u, t, &r, &g, &b);
            px[0] = clamp(r + (int)(rnd() % 5) - 2);
            px[1] = clamp(g + (int)(rnd() % 5) - 2);
            px[2] = clamp(b + (int)(rnd() % 5) - 2);
        }
    return p;
}

/* A grey passport page whose only colour is thin magenta lettering (a
 * black-and-white portrait, black print), a quarter of a 12 MP photo on a
 * light table: decoded at 1/8, its lettering is a raster pixel or less
 * across. The grey one prints the lettering grey. */
static void paint_lettered_page(int u, int t, int magenta, double *r, double *g, double *b)
{
    *r = *g = *b = 226;
    if (u > 80 && u < 560 && t > 260 && t < 900) /* portrait */
        *r = *g = *b = 120 + 60 * sin(u / 90.0) * cos(t / 110.0);
    else if (u > 640 && u < 1900 && t > 260 && t < 1000 && t % 90 > 60 && (u / 9) % 4 != 0)
        *r = *g = *b = 45; /* black print */
    else if (t > 80 && t < 290 && u > 80 && u < 1900 && (t - 80) % 60 < 20 && u % 12 < 2)
        *r = magenta ? 200 : 110, *g = magenta ? 40 : 110, *b = magenta ? 150 : 110;
    else if (t > 1150 && t < 1330 && t % 80 < 40 && (u / 12) % 3 != 0)
        *r = *g = *b = 30; /* MRZ */
}

static void paint_magenta_lettering(int u, int t, double *r, double *g, double *b)
{
    paint_lettered_page(u, t, 1, r, g, b);
}

static void paint_grey_lettering(int u, int t, double *r, double *g, double *b)
{
    paint_lettered_page(u, t, 0, r, g, b);
}

/* Its lettering is its colour; the same page printed grey is grey. */
static void test_colour_in_thin_print(void)
{
    for (int magenta = 1; magenta >= 0; magenta--) {
        unsigned char *px = draw_page_on_table(
            1200, 800, 2200, 1550, 150, magenta ? paint_magenta_lettering : paint_grey_lettering);
        VipsImage *im = wrap(px, 4000, 3000);
        expect(magenta ? "magenta lettering on a grey page" : "the same lettering grey", im,
               ".jpg[Q=90]", magenta ? "accepted" : DK_DOC_GREYSCALE);
        g_object_unref(im);
        free(px);
    }
}

/* A passport page whose white paper is at the sensor's ceiling, on a dark
 * table (12 MP): the paper burns out 8.9 % of the photo, as a light document
 * photographed well does (up to 8.3 % on tests/corpus's harder draws). */
static void paint_white_page(int u, int t, double *r, double *g, double *b)
{
    *r = *g = *b = 254;
    if (u > 60 && u < 500 && t > 150 && t < 700) /* photo */
        *r = 190 - u / 5.0, *g = 130 + t / 10.0, *b = 100 + (u % 29);
    else if (u > 560 && u < 1540 && t > 150 && t < 760) /* field boxes */
        *r = *g = *b = t % 70 > 40 && (u / 11) % 4 != 0 ? 40 : 214;
    else if (t > 880 && t < 1060 && t % 90 < 45 && (u / 14) % 3 != 0 && u > 60 && u < 1540)
        *r = *g = *b = 25; /* MRZ */
    else if (t < 100 && u > 60 && u < 1000 && t > 40)
        *r = 40, *g = 70, *b = 170; /* title */
}

/* Its white paper is not overexposure; the photo brightened until the
 * table burns out too is. */
static void test_white_paper_not_overexposed(void)
{
    unsigned char *px = draw_page_on_table(1150, 850, 1720, 1210, 100, paint_white_page);
    VipsImage *im = wrap(px, 4000, 3000), *bright = NULL;
    expect("white paper at the ceiling", im, ".jpg[Q=90]", "accepted");
    CHECK(vips_linear1(im, &bright, 2.2, 0, "uchar", TRUE, NULL) == 0);
    if (bright) {
        expect("the photo brightened 2.2 times", bright, ".jpg[Q=90]", DK_DOC_OVEREXPOSED);
        g_object_unref(bright);
    }
    g_object_unref(im);
    free(px);
}

/* The glare rule on one blob's measures. */
static void test_glare_blob_rule(void)
{
    double halo[25], flat[25], step[25];
    for (int d = 0; d < 25; d++) {
        halo[d] = 250 - 3.0 * d; /* light still falling off */
        flat[d] = 240;           /* white paper all round */
        step[d] = 120;           /* print right next to it */
    }
    halo[0] = flat[0] = step[0] = -1;
    CHECK_INT(dk_doc_glare_blob_is_specular(40, 36, 1100, halo, 25), 1);
    CHECK_INT(dk_doc_glare_blob_is_specular(40, 36, 1100, flat, 25), 0);
    CHECK_INT(dk_doc_glare_blob_is_specular(40, 36, 1100, step, 25), 0);
    /* Measured round 79 x 63 px blobs: a white area of a light card,
     * ringed by print 10 px out and then paper as light as its edge (it
     * dips and rises back), and a glare on light paper, whose halo falls
     * to the paper's level and stays there. */
    const double ringed[25] = {-1,  250, 247, 246, 244, 241, 237, 233, 230, 229, 227, 227, 229,
                               232, 234, 237, 240, 242, 244, 245, 245, 245, 245, 244, 244};
    const double fading[25] = {-1,  252, 249, 246, 243, 240, 238, 236, 235, 234, 233, 233, 233,
                               233, 233, 232, 233, 233, 232, 233, 233, 233, 232, 233, 233};
    CHECK_INT(dk_doc_glare_blob_is_specular(79, 63, 2877, ringed, 25), 0);
    CHECK_INT(dk_doc_glare_blob_is_specular(79, 63, 2877, fading, 25), 1);
    /* Measured on paper near the ceiling: the end of a light card's white
     * MRZ band, burnt out by a hair (its mean steps down to the print at
     * once, its paper level at 250), and a glare on light paper, whose
     * mean halo falls over a dozen rings. Both step down as a glare's;
     * only the first is a white area. */
    const double band_end[25] = {-1,  245, 232, 230, 230, 231, 231, 230, 231, 231, 230, 231, 231,
                                 231, 231, 231, 231, 230, 230, 230, 230, 230, 230, 230, 230};
    const double band_paper[25] = {-1,  252, 251, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250,
                                   250, 249, 249, 249, 249, 249, 249, 249, 249, 249, 249, 248};
    const double lit[25] = {-1,  250, 248, 246, 245, 243, 242, 242, 241, 240, 236, 231, 232,
                            233, 233, 233, 233, 231, 226, 226, 233, 235, 232, 229, 230};
    const double lit_paper[25] = {-1,  251, 250, 250, 249, 249, 248, 248, 248, 248, 247, 247, 247,
                                  247, 247, 247, 247, 247, 244, 244, 246, 247, 246, 246, 246};
    CHECK_INT(dk_doc_glare_blob_is_specular(58, 87, 4232, band_end, 25), 1);
    CHECK_INT(dk_doc_glare_white_area(4232, band_end, band_paper), 1);
    CHECK_INT(dk_doc_glare_blob_is_specular(56, 50, 2139, lit, 25), 1);
    CHECK_INT(dk_doc_glare_white_area(2139, lit, lit_paper), 0);
    /* The same step at once on darker paper is a glare's sharp core. */
    CHECK_INT(dk_doc_glare_white_area(4232, band_end, step), 0);
    /* A band (the MRZ's) or a frame round a photo, however bright around. */
    CHECK_INT(dk_doc_glare_blob_is_specular(160, 30, 4000, halo, 25), 0);
    CHECK_INT(dk_doc_glare_blob_is_specular(60, 60, 900, halo, 25), 0);
    /* Degenerate measures: no blob, no box, nothing measured around it. */
    double none[25];
    for (int d = 0; d < 25; d++)
        none[d] = -1;
    CHECK_INT(dk_doc_glare_blob_is_specular(0, 0, 0, halo, 25), 0);
    CHECK_INT(dk_doc_glare_blob_is_specular(5, 5, 20, none, 25), 0);
    CHECK_INT(dk_doc_glare_blob_is_specular(5, 5, 20, halo, 1), 0);
    CHECK_INT(dk_doc_glare_halo_is_soft(20, none), 0);
}

/* The soft halo, on profiles measured around small specular blobs of
 * 12 MP photos: a glare disc on a passport page falls off over rings (a
 * third of the fall beyond the first); a good card's photo, white ground
 * against the dark table beside it, steps down in the first ring and is
 * level beyond (a tenth). */
static void test_glare_soft_halo(void)
{
    const double disc[25] = {-1,  242, 210, 188, 170, 156, 149, 145, 139, 135, 136, 137, 136,
                             135, 138, 139, 139, 139, 140, 142, 142, 143, 145, 147, 145};
    const double edge[25] = {-1, 216, 106, 102, 99, 94, 95, 91, 89, 122, 108, -1, -1,
                             -1, -1,  -1,  -1,  -1, -1, -1, -1, -1, -1,  -1,  -1};
    CHECK_INT(dk_doc_glare_halo_is_soft(215, disc), 1);
    CHECK_INT(dk_doc_glare_halo_is_soft(442, edge), 0);
    /* Nothing falls, or the profile is too short to say. */
    double flat[25];
    for (int d = 0; d < 25; d++)
        flat[d] = d ? 240 : -1;
    CHECK_INT(dk_doc_glare_halo_is_soft(215, flat), 0);
    flat[2] = -1;
    flat[1] = 250;
    CHECK_INT(dk_doc_glare_halo_is_soft(215, flat), 0);
}

/* The paper's rule, on profiles measured around blobs of 12 MP photos of
 * light documents (raster px 1..24 out). A glare on paper of luma 243,
 * 12 levels below the ceiling: its halo falls by 7, more than half that
 * headroom, most of it near the blob. A white area on the same paper, lit
 * evenly: a step down at once, level beyond. The glare's halo on darker
 * paper must fall by the whole HALO_STEP (10). */
static void test_glare_paper_rule(void)
{
    double glare[25] = {-1,  250, 248, 246, 245, 243, 244, 243, 243, 243, 244, 243, 242,
                        243, 243, 243, 243, 243, 243, 243, 243, 243, 243, 243, 242};
    double white[25] = {-1,  250, 244, 244, 244, 244, 244, 243, 244, 244, 243, 244, 243,
                        244, 244, 243, 244, 244, 243, 244, 244, 243, 244, 244, 243};
    double darker[25];
    for (int d = 0; d < 25; d++)
        darker[d] = glare[d] < 0 ? -1 : glare[d] - 20; /* falls by 7 over paper at 223 */
    CHECK_INT(dk_doc_glare_paper_falls_off(34, 38, 839, glare), 1);
    CHECK_INT(dk_doc_glare_paper_falls_off(34, 38, 839, white), 0);
    CHECK_INT(dk_doc_glare_paper_falls_off(34, 38, 839, darker), 0);
    /* Its shape still counts: a band. */
    CHECK_INT(dk_doc_glare_paper_falls_off(160, 30, 4000, glare), 0);
    /* Measured round the burnt-out part (94 x 46 px) of a white MRZ band
     * lit unevenly: the band's unburnt part lies beside it, lighter than
     * its first ring, and the paper lights up again half-way out. */
    const double band[25] = {-1,  227, 228, 240, 237, 233, 231, 230, 225, 234, 239, 239, 238,
                             237, 235, 213, 204, 210, 202, 195, 194, 194, 194, 188, 215};
    const double band_paper[25] = {-1,  250, 245, 250, 245, 242, 241, 240, 240, 240, 251, 250, 244,
                                   242, 240, 237, 236, 235, 235, 234, 232, 232, 231, 231, 232};
    CHECK_INT(dk_doc_glare_blob_is_specular(94, 46, 3148, band, 25), 0);
    CHECK_INT(dk_doc_glare_paper_falls_off(94, 46, 3148, band_paper), 0);
}

/* A one-page PDF holding jpg (w x h) on an A4 page; extra goes into the
 * catalog; pages > 1 repeats the page. malloc'd, *len set. */
static char *make_pdf(const void *jpg, size_t jlen, int w, int h, const char *extra, int pages,
                      size_t *len)
{
    size_t cap = jlen * (size_t)pages + 4096;
    char *out = malloc(cap);
    size_t n = 0, offs[16];
    int obj = 0;
#define ADD(...) (n += (size_t)snprintf(out + n, cap - n, __VA_ARGS__))
    ADD("%%PDF-1.4\n");
    offs[++obj] = n;
    ADD("1 0 obj\n<< /Type /Catalog /Pages 2 0 R %s >>\nendobj\n", extra);
    offs[++obj] = n;
    ADD("2 0 obj\n<< /Type /Pages /Kids [");
    for (int p = 0; p < pages; p++)
        ADD("%d 0 R ", 3 + 3 * p);
    ADD("] /Count %d >>\nendobj\n", pages);
    for (int p = 0; p < pages; p++) {
        const char *content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
        offs[++obj] = n;
        ADD("%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
            "/XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>\nendobj\n",
            obj, obj + 2, obj + 1);
        offs[++obj] = n;
        ADD("%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n", obj, strlen(content),
            content);
        offs[++obj] = n;
        ADD("%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
            "/DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %zu >>\nstream\n",
            obj, w, h, jlen);
        memcpy(out + n, jpg, jlen);
        n += jlen;
        ADD("\nendstream\nendobj\n");
    }
    size_t xref = n;
    ADD("xref\n0 %d\n0000000000 65535 f \n", obj + 1);
    for (int i = 1; i <= obj; i++)
        ADD("%010zu 00000 n \n", offs[i]);
    ADD("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", obj + 1, xref);
#undef ADD
    *len = n;
    return out;
}

static void test_scanner_pdf(void)
{
    /* A flatbed scan: A4 at 200 dpi (1654 x 2339), the card on near-white
     * glass. */
    const int W = 1654, H = 2339;
    unsigned char *page = malloc((size_t)W * H * 3);
    memset(page, 244, (size_t)W * H * 3);
    unsigned char *card = draw_scene(CARD_W + 40, CARD_H + 40, 20, 20);
    for (int y = 0; y < CARD_H; y++)
        memcpy(page + ((size_t)(100 + y) * W + 100) * 3,
               card + ((size_t)(20 + y) * (CARD_W + 40) + 20) * 3, (size_t)CARD_W * 3);
    free(card);
    VipsImage *im = wrap(page, W, H);
    size_t jlen, plen;
    void *jpg = encode(im, ".jpg[Q=85]", &jlen);
    dk_doc_verdict v;

    char *pdf = make_pdf(jpg, jlen, W, H, "", 1, &plen);
    CHECK_STR(first_reason(pdf, plen, DK_DOC_ID_CARD, &v), "accepted");
    CHECK_STR(v.detected, "application/pdf");
    dk_doc_verdict_free(&v);
    free(pdf);

    const char *hostile[] = {
        "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
        "/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        "/Names << /EmbeddedFiles 9 0 R >>",
        "/AA << /O << /S /Launch /F (calc.exe) >> >>",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        pdf = make_pdf(jpg, jlen, W, H, hostile[i], 1, &plen);
        CHECK_STR(first_reason(pdf, plen, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
        dk_doc_verdict_free(&v);
        free(pdf);
    }
    pdf = make_pdf(jpg, jlen, W, H, "", 2, &plen);
    CHECK_STR(first_reason(pdf, plen, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
    CHECK(strstr(v.detected, "2 pages") != NULL);
    dk_doc_verdict_free(&v);
    free(pdf);

    /* With PDFs turned off, the same good scan is refused before poppler. */
    pdf = make_pdf(jpg, jlen, W, H, "", 1, &plen);
    dk_doc_limits lim;
    dk_doc_limits_default(&lim);
    lim.accept_pdf = 0;
    char err[256];
    CHECK_INT(dk_doc_check(pdf, plen, DK_DOC_ID_CARD, DK_DOC_FRONT, &lim, &v, err, sizeof err), 0);
    CHECK_STR(v.n_reasons ? v.reasons[0] : "accepted", DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    free(pdf);

    g_free(jpg);
    g_object_unref(im);
    free(page);
}

/* The CRC-32 a PNG chunk ends with (over its type and data). */
static uint32_t png_crc(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

static void test_hostile_bytes(void)
{
    dk_doc_verdict v;
    char err[256];

    /* Garbage, nothing, text, HTML. */
    unsigned char junk[4096];
    rng_state = 99;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)rnd();
    CHECK_STR(first_reason(junk, sizeof junk, DK_DOC_PASSPORT, &v), DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    CHECK_STR(first_reason("", 0, DK_DOC_PASSPORT, &v), DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    const char *html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
    CHECK_STR(first_reason(html, strlen(html), DK_DOC_PASSPORT, &v), DK_DOC_UNSUPPORTED_FORMAT);
    CHECK_STR(v.detected, "text/html is not accepted (JPEG, PNG, HEIF or a one-page PDF)");
    dk_doc_verdict_free(&v);

    /* Over the size bound: judged on the size alone, bytes never read. */
    CHECK_INT(dk_doc_check(NULL, (size_t)11 << 20, DK_DOC_PASSPORT, DK_DOC_FRONT, NULL, &v, err,
                           sizeof err),
              0);
    CHECK_STR(v.reasons[0], DK_DOC_TOO_LARGE);
    CHECK_INT(v.n_reasons, 1);
    dk_doc_verdict_free(&v);

    /* A real JPEG to break in several ways. */
    const int W = 1600, H = 1200;
    unsigned char *scene = draw_scene(W, H, 300, 285);
    VipsImage *im = wrap(scene, W, H);
    size_t n;
    unsigned char *jpg = encode(im, ".jpg[Q=90]", &n);

    CHECK_STR(first_reason(jpg, n / 2, DK_DOC_ID_CARD, &v), DK_DOC_CORRUPT);
    dk_doc_verdict_free(&v);

    unsigned char *poly = malloc(n + 64);
    memcpy(poly, jpg, n);
    static const char zip[] = "PK\x03\x04 then a zip archive, or a script";
    memcpy(poly + n, zip, sizeof zip);
    CHECK_STR(first_reason(poly, n + sizeof zip, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    memset(poly + n, 0, 64); /* zero padding after the image is harmless */
    CHECK_STR(first_reason(poly, n + 64, DK_DOC_ID_CARD, &v), "accepted");
    dk_doc_verdict_free(&v);
    free(poly);

    /* A phone's multi-picture JPEG (an MPF segment) may carry further whole
     * JPEGs after the first (gain maps, depth): accepted; the same bytes
     * without the declaration are not cleanly one image. */
    static const unsigned char app2[] = {0xFF, 0xE2, 0x00, 0x0A, 'M', 'P', 'F', 0, 0, 0, 0, 0};
    unsigned char *mpf = malloc(2 * n + sizeof app2);
    memcpy(mpf, jpg, 2);
    memcpy(mpf + 2, app2, sizeof app2);
    memcpy(mpf + 2 + sizeof app2, jpg + 2, n - 2);
    memcpy(mpf + n + sizeof app2, jpg, n);
    CHECK_STR(first_reason(mpf, 2 * n + sizeof app2, DK_DOC_ID_CARD, &v), "accepted");
    dk_doc_verdict_free(&v);
    memcpy(mpf + n, jpg, n); /* the same two images, no MPF segment */
    memcpy(mpf, jpg, n);
    CHECK_STR(first_reason(mpf, 2 * n, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    free(mpf);

    /* The frame header claims 60000 x 60000: refused before decoding. */
    unsigned char *bomb = malloc(n);
    memcpy(bomb, jpg, n);
    for (size_t i = 2; i + 9 < n; i++)
        if (bomb[i] == 0xFF && bomb[i + 1] == 0xC0) {
            bomb[i + 5] = 0xEA, bomb[i + 6] = 0x60, bomb[i + 7] = 0xEA, bomb[i + 8] = 0x60;
            break;
        }
    CHECK_STR(first_reason(bomb, n, DK_DOC_ID_CARD, &v), DK_DOC_TOO_MANY_PIXELS);
    dk_doc_verdict_free(&v);
    free(bomb);

    /* A script in a JPEG comment segment. */
    const char *com = "<script>alert(document.cookie)</script>";
    size_t clen = strlen(com);
    unsigned char *withcom = malloc(n + clen + 4);
    memcpy(withcom, jpg, 2);
    withcom[2] = 0xFF, withcom[3] = 0xFE;
    withcom[4] = (unsigned char)((clen + 2) >> 8), withcom[5] = (unsigned char)(clen + 2);
    memcpy(withcom + 6, com, clen);
    memcpy(withcom + 6 + clen, jpg + 2, n - 2);
    CHECK_STR(first_reason(withcom, n + clen + 4, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
    dk_doc_verdict_free(&v);
    free(withcom);

    /* A PNG whose IEND chunk carries bytes (it must be empty): something
     * appended, hidden in the last chunk. Found by fuzz_doc_png. */
    size_t plen;
    unsigned char *png = encode(im, ".png", &plen);
    static const char tail[] = "PK\x03\x04 then a zip archive";
    size_t tlen = sizeof tail - 1;
    unsigned char *stuffed = malloc(plen + tlen);
    memcpy(stuffed, png, plen - 12); /* all but IEND: length, type, CRC */
    unsigned char *iend = stuffed + plen - 12;
    iend[0] = iend[1] = iend[2] = 0, iend[3] = (unsigned char)tlen;
    memcpy(iend + 4, "IEND", 4);
    memcpy(iend + 8, tail, tlen);
    uint32_t crc = png_crc(iend + 4, 4 + tlen);
    for (int k = 0; k < 4; k++)
        iend[8 + tlen + k] = (unsigned char)(crc >> (24 - 8 * k));
    CHECK_STR(first_reason(stuffed, plen + tlen, DK_DOC_ID_CARD, &v), DK_DOC_CORRUPT);
    CHECK(strstr(v.detected, "IEND") != NULL);
    dk_doc_verdict_free(&v);
    free(stuffed);
    g_free(png);

    /* Animated GIF: not an accepted type at all. */
    VipsImage *small = NULL, *frames = NULL;
    vips_resize(im, &small, 0.1, NULL);
    VipsImage *pair[2] = {small, small};
    vips_arrayjoin(pair, &frames, 2, "across", 1, NULL);
    vips_image_set_int(frames, "page-height", vips_image_get_height(small));
    size_t glen;
    void *gif = encode(frames, ".gif", &glen);
    if (gif) {
        CHECK_STR(first_reason(gif, glen, DK_DOC_ID_CARD, &v), DK_DOC_UNSUPPORTED_FORMAT);
        CHECK_STR(v.detected, "image/gif is not accepted (JPEG, PNG, HEIF or a one-page PDF)");
        dk_doc_verdict_free(&v);
    }
    g_free(gif);
    g_object_unref(frames);
    g_object_unref(small);

    g_free(jpg);
    g_object_unref(im);
    free(scene);
}

/* Degenerate but valid images are judged, not errors. */
static void test_tiny_images(void)
{
    const int sizes[][2] = {{1, 1}, {7, 3}, {3, 2000}, {2000, 5}, {40, 30}};
    const char *suffixes[] = {".jpg", ".png"};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (size_t k = 0; k < 2; k++) {
            int w = sizes[i][0], h = sizes[i][1];
            unsigned char *px = malloc((size_t)w * h * 3);
            for (size_t j = 0; j < (size_t)w * h * 3; j++)
                px[j] = (unsigned char)(j * 7);
            VipsImage *im = wrap(px, w, h);
            size_t n;
            void *buf = encode(im, suffixes[k], &n);
            dk_doc_verdict v;
            CHECK_STR(first_reason(buf, n, DK_DOC_PASSPORT, &v), DK_DOC_TOO_SMALL_RESOLUTION);
            dk_doc_verdict_free(&v);
            g_free(buf);
            g_object_unref(im);
            free(px);
        }
}

/* Valid images with nothing on them: a clear reason each, no crash. */
static void test_blank_images(void)
{
    const struct {
        int w, h, v;
        const char *reason;
    } cases[] = {
        {2000, 1500, 255, DK_DOC_OVEREXPOSED},       {2000, 1500, 0, DK_DOC_TOO_DARK},
        {2000, 1500, 128, DK_DOC_GREYSCALE},         {1, 4000, 200, DK_DOC_TOO_SMALL_RESOLUTION},
        {4000, 1, 200, DK_DOC_TOO_SMALL_RESOLUTION},
    };
    const char *suffixes[] = {".jpg", ".png"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t k = 0; k < 2; k++) {
            size_t n = (size_t)cases[i].w * cases[i].h * 3;
            unsigned char *px = malloc(n);
            memset(px, cases[i].v, n);
            VipsImage *im = wrap(px, cases[i].w, cases[i].h);
            size_t len;
            void *buf = encode(im, suffixes[k], &len);
            dk_doc_verdict v;
            CHECK_STR(first_reason(buf, len, DK_DOC_ID_CARD, &v), cases[i].reason);
            dk_doc_verdict_free(&v);
            g_free(buf);
            g_object_unref(im);
            free(px);
        }
}

static void test_api(void)
{
    dk_doc_verdict v;
    char err[256] = "";
    CHECK_INT(dk_doc_check("x", 1, DK_DOC_PASSPORT, DK_DOC_BACK, NULL, &v, err, sizeof err), -1);
    CHECK(strstr(err, "passport") != NULL);
    CHECK_INT(dk_doc_check(NULL, 10, DK_DOC_PASSPORT, DK_DOC_FRONT, NULL, &v, err, sizeof err), -1);
    CHECK_INT(dk_doc_check("x", 1, (dk_doc_kind)7, DK_DOC_FRONT, NULL, &v, err, sizeof err), -1);
    CHECK(v.figures == NULL);
    dk_doc_verdict_free(&v);

    CHECK_INT(dk_doc_kind_parse("passport"), DK_DOC_PASSPORT);
    CHECK_INT(dk_doc_kind_parse("id_card"), DK_DOC_ID_CARD);
    CHECK_INT(dk_doc_kind_parse("ID_CARD"), -1);
    CHECK_INT(dk_doc_kind_parse(NULL), -1);
    CHECK_INT(dk_doc_side_parse("back"), DK_DOC_BACK);
    CHECK_INT(dk_doc_side_parse("left"), -1);
    CHECK_STR(dk_doc_kind_name(DK_DOC_ID_CARD), "id_card");
    CHECK_STR(dk_doc_side_name(DK_DOC_FRONT), "front");

    CHECK_INT(dk_doc_check(NULL, (size_t)20 << 20, DK_DOC_ID_CARD, DK_DOC_BACK, NULL, &v, err,
                           sizeof err),
              0);
    json_t *j = dk_doc_verdict_json(&v);
    CHECK_STR(json_string_value(json_object_get(j, "verdict")), "rejected");
    CHECK_STR(json_string_value(json_array_get(json_object_get(j, "reasons"), 0)), "too_large");
    CHECK_STR(json_string_value(json_object_get(json_object_get(j, "figures"), "side")), "back");
    dk_doc_verdict_free(&v);
    CHECK(json_object_get(j, "figures") != NULL); /* still alive: shared by reference */
    json_decref(j);
}

int main(void)
{
    char err[256];
    CHECK_INT(dk_doc_init(err, sizeof err), 0);
    CHECK_INT(dk_doc_init(err, sizeof err), 0); /* a second call is harmless */
    test_api();
    test_tiny_images();
    test_blank_images();
    test_glare_blob_rule();
    test_glare_soft_halo();
    test_frame_fixtures();
    test_glare_on_outlined_card();
    test_glare_before_size_on_a_partial_box();
    test_colour_in_a_box_larger_than_the_card();
    test_glare_core_joined_to_washed_out_paper();
    test_glare_before_grey_when_it_hides_colour();
    test_small_card_found_in_windows();
    test_small_card_found_by_print();
    test_print_past_a_side_cuts();
    test_colour_in_thin_print();
    test_white_paper_not_overexposed();
    test_glare_paper_rule();
    test_light_card();
    test_light_page_glare();
    test_hostile_bytes();
    test_photo_checks();
    test_scanner_pdf();
    DK_TEST_DONE();
}
