/* SPDX-License-Identifier: EUPL-1.2 */
/* test_doc_outline.c — the document's straight outline (dk_doc_outline.c)
 * on rasters this test draws: a light card, turned, on light tables that
 * hide it from a colour test (light stone, a fine weave, a mosaic whose
 * joints make edge cells past the card's corners too), with or without a
 * title close to its top edge, is found with its corners where they are (stripes a few cells wide,
 * which break its sides' ends into edge cells too, are left to the colour's test); what is not a
 * whole document outline is not found: a card cut off by the border (whose printed lines and sides
 * make three sides and a false fourth), a tiled floor (rectangles of a card's shape whose lines run
 * on past every corner), a card's own photo when the card around it is whole, flat and noisy
 * pictures, a raster too small; the sides of a box found by colour that the card's own edge
 * closes; and the border that cuts a card outlined on its three other sides.
 */
#include "dk_test.h"
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The raster of a 12 MP photo decoded at 1/4. */
#define W 1000
#define H 750

static uint32_t rng_state = 1;

static uint32_t rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

static unsigned char clamp(double v)
{
    return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
}

enum table { WEAVE, BLOTCHES, TILES, FLAT, NOISE, MOSAIC, STRIPES, PALE, PAGE };

static void paint_table(unsigned char *p, int w, int h, enum table t)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = 200, noise = (int)(rnd() % 7) - 3;
            switch (t) {
            case BLOTCHES: /* light stone, broad lighter and darker patches */
                v = 214 + 14 * sin(x / 90.0) * sin(y / 70.0) + noise;
                break;
            case WEAVE: /* a fine check, 3 px */
                v = 220 + (((x / 3) + (y / 3)) % 2 ? 12 : -12) + noise;
                break;
            case MOSAIC: { /* 12 px stones of random light shades: their joints
                            * make edge cells of every sign, beyond a card's corners too */
                uint32_t k = (uint32_t)(x / 12) * 2654435761u ^ (uint32_t)(y / 12) * 40503u;
                k ^= k >> 13, k *= 0x5bd1e995u, k ^= k >> 15;
                v = 206 + 12 * ((int)(k % 201) - 100) / 100.0 + noise;
                break;
            }
            case TILES: /* 150 x 100 px tiles (1.5:1), 4 px grout */
                v = (x % 150 < 4 || y % 100 < 4) ? 120 : 215 + noise;
                break;
            case FLAT:
                v = 180;
                break;
            case STRIPES: /* light and darker upright stripes, 9 px each */
                v = (x / 9) % 2 ? 226 : 196;
                v += noise;
                break;
            case NOISE:
                v = rnd() % 256;
                break;
            case PALE: /* mottled as light as a card's ground: its sides step
                        * by a few levels, under the outline's edge step */
                v = 241 + 4 * sin(x / 37.0) * sin(y / 23.0) + noise;
                break;
            case PAGE: /* a printed page: lines of dark text everywhere */
                v = (y % 14 < 5 && x % 9 < 6) ? 60 : 235;
                break;
            }
            unsigned char *px = p + ((size_t)y * w + x) * 3;
            px[0] = clamp(v + 3), px[1] = clamp(v), px[2] = clamp(v - 3);
        }
}

/* A light card (ID-1, cw x cw / 1.585) centred at (cx, cy), turned by deg:
 * white ground, a portrait photo, lines of dark text, an MRZ band with a
 * ruled top and three dark lines; with title, a line of large dark blue
 * letters 3.5% of its height below its top edge (a French identity
 * card's). Returns its corners in *x, *y (top-left, top-right,
 * bottom-right, bottom-left). */
static void paint_card(unsigned char *p, int w, int h, double cx, double cy, double cw, double deg,
                       int title, double x[4], double y[4])
{
    double ch = cw / 1.585, c = cos(deg * M_PI / 180), s = sin(deg * M_PI / 180);
    const double u[4] = {-0.5, 0.5, 0.5, -0.5}, v[4] = {-0.5, -0.5, 0.5, 0.5};
    for (int k = 0; k < 4; k++) {
        x[k] = cx + c * u[k] * cw - s * v[k] * ch;
        y[k] = cy + s * u[k] * cw + c * v[k] * ch;
    }
    for (int py = 0; py < h; py++)
        for (int px = 0; px < w; px++) {
            /* Card coordinates, 0..1 across and down. */
            double dx = px - cx, dy = py - cy;
            double a = (c * dx + s * dy) / cw + 0.5, b = (-s * dx + c * dy) / ch + 0.5;
            if (a < 0 || a >= 1 || b < 0 || b >= 1)
                continue;
            double r = 243, g = 243, bl = 246;
            if (title && b > 0.035 && b < 0.11 && a > 0.12 && a < 0.9 && fmod(a * 40, 1) < 0.7)
                r = 40, g = 60, bl = 140;                         /* the title */
            else if (a > 0.05 && a < 0.3 && b > 0.15 && b < 0.65) /* photo */
                r = 190 - 80 * b, g = 150 + 40 * a, bl = 120;
            else if (a > 0.35 && a < 0.95 && b > 0.15 && b < 0.65 && fmod(b * 20, 2) < 0.6 &&
                     fmod(a * 60, 2) < 1.4)
                r = g = bl = 60; /* text */
            else if (b > 0.7 && b < 0.705)
                r = g = bl = 150; /* the MRZ band's ruled top */
            else if (b > 0.72 && a > 0.04 && a < 0.96 && fmod((b - 0.72) * 36, 3) < 1.6 &&
                     fmod(a * 90, 2) < 1.3)
                r = g = bl = 30; /* MRZ characters */
            unsigned char *q = p + ((size_t)py * w + px) * 3;
            double n = (int)(rnd() % 5) - 2;
            q[0] = clamp(r + n), q[1] = clamp(g + n), q[2] = clamp(bl + n);
        }
}

/* The table, and on it the card when cw > 0 (its corners into x, y). */
static void paint_scene(unsigned char *p, enum table t, double cx, double cy, double cw, double deg,
                        double x[4], double y[4])
{
    paint_table(p, W, H, t);
    if (cw > 0)
        paint_card(p, W, H, cx, cy, cw, deg, 0, x, y);
}

static dk_doc_outline find(unsigned char *p, int w, int h)
{
    dk_doc_raster r = {p, w, h, w * 4, h * 4, 4};
    dk_doc_outline ol;
    CHECK_INT(dk_doc_outline_find(&r, NULL, NULL, &ol), 0);
    return ol;
}

/* A light card on light tables: found, each corner within 2% of the
 * picture's long side of where it was drawn. */
static void test_found(void)
{
    const struct {
        enum table t;
        double cx, cy, cw, deg;
        int title;
    } cases[] = {
        {BLOTCHES, 420, 380, 420, 4, 0},
        {BLOTCHES, 600, 330, 330, -7, 0},
        {WEAVE, 500, 400, 380, 2, 0},
        {FLAT, 480, 360, 500, 0, 0},
        {WEAVE, 350, 300, 300, 9, 0},
        {MOSAIC, 500, 380, 400, 3, 0},
        {MOSAIC, 520, 400, 460, 0, 0},
        {MOSAIC, 430, 400, 380, -2, 0},
        /* Its title two cells below its top edge: the top's step is its
         * margin's against the table, not the title's (the first two were
         * missed, or found from the title down, before that). */
        {MOSAIC, 500, 380, 400, 3, 1},
        {MOSAIC, 520, 390, 420, -2, 1},
        {MOSAIC, 480, 380, 380, 6, 1},
        {WEAVE, 500, 380, 400, 3, 1},
        {MOSAIC, 500, 380, 460, 0, 1},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_table(p, W, H, cases[i].t);
        paint_card(p, W, H, cases[i].cx, cases[i].cy, cases[i].cw, cases[i].deg, cases[i].title, x,
                   y);
        dk_doc_outline ol = find(p, W, H);
        CHECK(ol.found);
        if (!ol.found) {
            fprintf(stderr, "case %zu: no outline\n", i);
            continue;
        }
        for (int k = 0; k < 4; k++) {
            double off = hypot(ol.x[k] - x[k], ol.y[k] - y[k]);
            if (off > 0.02 * W)
                fprintf(stderr, "case %zu corner %d: (%.0f, %.0f), drawn (%.0f, %.0f)\n", i, k,
                        ol.x[k], ol.y[k], x[k], y[k]);
            CHECK(off <= 0.02 * W);
        }
        CHECK(ol.x0 >= 0 && ol.y0 >= 0 && ol.x1 <= W && ol.y1 <= H);
        CHECK(ol.x0 < ol.x1 && ol.y0 < ol.y1);
        CHECK(ol.support >= 0.75 && ol.support <= 1.0);
        /* Its own long side, not its box's: a turned card's box is larger.
         * (Its short side may end at the MRZ's last line, see case 4.) */
        double cw = cases[i].cw;
        if (fabs(ol.wide - cw) > 0.03 * cw)
            fprintf(stderr, "case %zu: width %.0f, drawn %.0f\n", i, ol.wide, cw);
        CHECK(fabs(ol.wide - cw) <= 0.03 * cw);
    }
    free(p);
}

/* What is not a whole document's outline. */
static void test_not_found(void)
{
    const struct {
        const char *what;
        enum table t;
        double cx, cy, cw, deg; /* the card, none when cw is 0 */
    } cases[] = {
        /* Its sides, top and the MRZ band's ruled top make a card-shaped
         * rectangle, whose sides run on into the border. */
        {"cut off at the bottom through its MRZ band", BLOTCHES, 450, 620, 440, 2},
        {"cut off at the bottom, square to the picture", FLAT, 450, 640, 400, 0},
        {"cut off on the left", WEAVE, 120, 380, 460, -3},
        {"cut off on the right, on a mosaic", MOSAIC, 880, 380, 460, 2},
        {"cut off at the top, on a mosaic", MOSAIC, 480, 90, 420, 0},
        {"tiles of a card's shape, and no card", TILES, 0, 0, 0, 0},
        {"a flat picture", FLAT, 0, 0, 0, 0},
        {"noise", NOISE, 0, 0, 0, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_scene(p, cases[i].t, cases[i].cx, cases[i].cy, cases[i].cw, cases[i].deg, x, y);
        int found = find(p, W, H).found;
        if (found)
            fprintf(stderr, "%s: an outline found\n", cases[i].what);
        CHECK(!found);
    }
    /* Too small a raster to judge: nothing, and no harm. */
    CHECK(!find(p, 60, 40).found);
    CHECK(!find(p, 1, 1).found);
    free(p);
}

/* The card whole around its photo: the card's outline, the largest, is
 * the one found; not the photo's, nor the MRZ band's. */
static void test_largest(void)
{
    unsigned char *p = malloc((size_t)W * H * 3);
    double x[4], y[4];
    paint_table(p, W, H, FLAT);
    paint_card(p, W, H, 500, 380, 560, 0, 0, x, y);
    dk_doc_outline ol = find(p, W, H);
    CHECK(ol.found);
    double area = (double)(ol.x1 - ol.x0) * (ol.y1 - ol.y0), drawn = 560 * 560 / 1.585;
    CHECK(area > 0.9 * drawn && area < 1.1 * drawn);
    free(p);
}

/* A box found by colour (here: where the card was drawn, its bottom as
 * the colour's box would end it) is closed on a side when the card's own
 * edge runs there: a card lying 2% from the border is; one the border cuts
 * (its box stopping 6 cells short of the border) is open at the bottom. */
static void test_closed_sides(void)
{
    const struct {
        const char *what;
        enum table t;
        double cy;
        int bottom_closed;
    } cases[] = {
        {"2% from the bottom, flat table", FLAT, 596, 1},
        {"2% from the bottom, light stone", BLOTCHES, 596, 1},
        {"cut off at the bottom, flat table", FLAT, 720, 0},
        {"cut off at the bottom, light stone", BLOTCHES, 720, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_table(p, W, H, cases[i].t);
        paint_card(p, W, H, 500, cases[i].cy, 440, 0, 0, x, y);
        int bottom = y[2] < H ? (int)y[2] + 4 : H - 24;
        const int box[4] = {(int)x[0], (int)y[0], (int)x[1], bottom};
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        dk_doc_outline ol;
        CHECK_INT(dk_doc_outline_find(&r, NULL, box, &ol), 0);
        if (ol.closed[3] != cases[i].bottom_closed)
            fprintf(stderr, "%s: bottom %s\n", cases[i].what, ol.closed[3] ? "closed" : "open");
        CHECK_INT(ol.closed[3], cases[i].bottom_closed);
        CHECK(ol.closed[0] && ol.closed[1] && ol.closed[2]);
    }
    /* Without a box, every side counts as closed. */
    dk_doc_outline ol = find(p, W, H);
    CHECK(ol.closed[0] && ol.closed[1] && ol.closed[2] && ol.closed[3]);
    free(p);
}

/* A card the border cuts, with a box found by colour inside it (its
 * middle, as a light card's print shows to a colour test): its three
 * other sides run into the border, and nothing closes them before it, so
 * the outline names the border that cuts it. A whole card, one lying 2%
 * from the border or on stripes 4% from it, one lying on a white sheet
 * three times as wide that the border cuts, or tiles of a card's shape
 * around the box: none. A light card's colour may show only its photo: the
 * same. */
#define ON_SHEET 1
#define PHOTO_BOX 2
static void test_cut(void)
{
    const struct {
        const char *what;
        enum table t;
        double cx, cy, cw, deg; /* the card, none when cw is 0 */
        int cut_by;             /* 1 + left, top, right, bottom; 0: none */
        int how;                /* ON_SHEET: the card lies on a white sheet the border cuts;
                                 * PHOTO_BOX: the colour's box is its photo alone */
    } cases[] = {
        {"cut off at the bottom through its MRZ band", BLOTCHES, 450, 620, 440, 2, 4, 0},
        {"cut off at the bottom, its photo alone seen by colour", BLOTCHES, 450, 620, 440, 2, 4,
         PHOTO_BOX},
        {"cut off at the bottom, square to the picture", FLAT, 450, 640, 400, 0, 4, 0},
        {"cut off on the left", WEAVE, 120, 380, 460, -3, 1, 0},
        {"cut off on the right, on a mosaic", MOSAIC, 880, 380, 460, 2, 3, 0},
        {"cut off at the top, on a mosaic", MOSAIC, 480, 90, 420, 0, 2, 0},
        {"whole, on light stone", BLOTCHES, 500, 380, 480, 4, 0, 0},
        {"2% from the bottom, light stone", BLOTCHES, 500, 596, 440, 0, 0, 0},
        {"4% from the bottom, on stripes along its sides", STRIPES, 500, 580, 440, 0, 0, 0},
        {"whole, a third of the width of a white sheet the border cuts", FLAT, 500, 430, 170, 0, 0,
         ON_SHEET},
        {"tiles of a card's shape, and no card", TILES, 500, 380, 0, 0, 0, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4], cw = cases[i].cw > 0 ? cases[i].cw : 300;
        paint_table(p, W, H, cases[i].t);
        /* The sheet: 640 px wide, out at the bottom. */
        for (int py = 150; py < H && cases[i].how == ON_SHEET; py++)
            for (int px = 180; px < 820; px++)
                memset(p + ((size_t)py * W + px) * 3, 250 - (int)(rnd() % 3), 3);
        if (cases[i].cw > 0) {
            paint_card(p, W, H, cases[i].cx, cases[i].cy, cw, cases[i].deg, 0, x, y);
        } else {
            x[0] = x[3] = cases[i].cx - cw / 2, x[1] = x[2] = cases[i].cx + cw / 2;
            y[0] = y[1] = cases[i].cy - cw / 3, y[2] = y[3] = cases[i].cy + cw / 3;
        }
        /* The colour's box: the visible card's box, 15% of it off each side;
         * or its photo's, a quarter of its width, 8% in from its left. */
        double x0 = fmax(0, fmin(x[0], x[3])), x1 = fmin(W, fmax(x[1], x[2]));
        double y0 = fmax(0, fmin(y[0], y[1])), y1 = fmin(H, fmax(y[2], y[3]));
        double ix = 0.15 * (x1 - x0), iy = 0.15 * (y1 - y0);
        int box[4] = {(int)(x0 + ix), (int)(y0 + iy), (int)(x1 - ix), (int)(y1 - iy)};
        if (cases[i].how == PHOTO_BOX) {
            box[0] = (int)(x0 + 0.08 * (x1 - x0));
            box[2] = (int)(x0 + 0.33 * (x1 - x0));
        }
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        dk_doc_outline ol;
        CHECK_INT(dk_doc_outline_find(&r, NULL, box, &ol), 0);
        if (ol.cut_by != cases[i].cut_by)
            fprintf(stderr, "%s: cut by %d, not %d\n", cases[i].what, ol.cut_by, cases[i].cut_by);
        CHECK_INT(ol.cut_by, cases[i].cut_by);
        if (ol.cut_by) { /* its box holds the colour's and reaches the border */
            CHECK(ol.cut_box[0] <= box[0] + 8 && ol.cut_box[1] <= box[1] + 8);
            CHECK(ol.cut_box[2] >= box[2] - 8 && ol.cut_box[3] >= box[3] - 8);
            const int edge[4] = {0, 0, W, H};
            CHECK_INT(ol.cut_box[ol.cut_by - 1], edge[ol.cut_by - 1]);
        }
    }
    free(p);
}

/* A card drawn on a table, and whether a search should find it. */
typedef struct {
    const char *what;
    enum table t;
    double cx, cy, cw, deg; /* the card; none when cw is 0 */
    int found;
} scene_case;

/* Checks that ol is found when want is, each corner within 2.5 % of the
 * picture of the card drawn at x, y (a window may take a mosaic's joint
 * beside a side for it); whether both are found. */
static int found_where_drawn(const char *what, const dk_doc_outline *ol, int want,
                             const double x[4], const double y[4])
{
    if (ol->found != want)
        fprintf(stderr, "%s: %s\n", what, ol->found ? "an outline found" : "not found");
    CHECK_INT(ol->found, want);
    if (!ol->found || !want)
        return 0;
    for (int k = 0; k < 4; k++)
        CHECK(fabs(ol->x[k] - x[k]) < 0.025 * W && fabs(ol->y[k] - y[k]) < 0.025 * W);
    return 1;
}

/* A small card (a tenth of the picture's width and more) on tables whose
 * texture crowds its short sides out of the whole picture's lines: the
 * windows find it, each corner within 2.5% of the picture's long side (a
 * mosaic's joint a stone beside a side may be taken for it: with other
 * noise drawn, 17 px out); its box carries print, the same box on the bare
 * table does not; a bare table, or one with a card cut off by the border,
 * gives nothing. */
static void test_small(void)
{
    const scene_case cases[] = {
        {"small on stripes", STRIPES, 260, 560, 110, 2, 1},
        {"small on light stone", BLOTCHES, 780, 170, 130, -3, 1},
        {"small on a weave, in the middle", WEAVE, 500, 380, 140, 0, 1},
        {"small on a mosaic", MOSAIC, 200, 180, 140, 1, 1},
        {"cut off on the right", STRIPES, 980, 400, 140, 0, 0},
        {"bare stripes", STRIPES, 0, 0, 0, 0, 0},
        {"bare stone", BLOTCHES, 0, 0, 0, 0, 0},
        {"tiles of a card's shape", TILES, 0, 0, 0, 0, 0},
        {"noise", NOISE, 0, 0, 0, 0, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_scene(p, cases[i].t, cases[i].cx, cases[i].cy, cases[i].cw, cases[i].deg, x, y);
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        dk_doc_outline ol;
        CHECK_INT(dk_doc_small_find(&r, &ol), 0);
        if (!found_where_drawn(cases[i].what, &ol, cases[i].found, x, y))
            continue;
        const int card[4] = {ol.x0, ol.y0, ol.x1, ol.y1};
        CHECK_INT(dk_doc_carries_print(&r, card), 1);
        paint_table(p, W, H, cases[i].t);
        CHECK_INT(dk_doc_carries_print(&r, card), 0);
    }
    free(p);
}

/* A small card near a colour's box that takes in table round it (a
 * blotch, a stretch out to the border): found, where it is; what else the
 * box holds decides: not when it holds the print of a document cut off by
 * the border beside the card (the card is not all there is), nor when it
 * is bare table. */
static void test_small_near(void)
{
    const struct {
        const char *what;
        enum table t;
        double cx, cy, cw; /* the card; none when cw is 0 */
        double cut_cx;     /* a larger card's middle, cut off by the right border; none at 0 */
        int box[4];
        int found;
    } cases[] = {
        {"in a box three times its size", BLOTCHES, 480, 400, 140, 0, {360, 300, 640, 520}, 1},
        {"in a box out to the border", FLAT, 110, 300, 120, 0, {0, 240, 200, 360}, 1},
        {"its box a few pixels short of it", WEAVE, 700, 500, 130, 0, {641, 465, 759, 535}, 1},
        {"beside a cut document's print", BLOTCHES, 600, 400, 140, 1000, {520, 270, 1000, 530}, 0},
        {"bare stone", BLOTCHES, 0, 0, 0, 0, {300, 200, 600, 450}, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4], cut_x[4], cut_y[4];
        paint_scene(p, cases[i].t, cases[i].cx, cases[i].cy, cases[i].cw, 2, x, y);
        if (cases[i].cut_cx > 0)
            paint_card(p, W, H, cases[i].cut_cx, 400, 400, 0, 1, cut_x, cut_y);
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        dk_doc_outline ol;
        CHECK_INT(dk_doc_small_find_near(&r, cases[i].box, 8, &ol), 0);
        found_where_drawn(cases[i].what, &ol, cases[i].found, x, y);
    }
    free(p);
}

/* Small light cards found by their print (dk_doc_print.c): on a pale
 * table their sides step too little for any outline search (found by
 * print by dk_doc_small_find, whose windows come first), at the raster's
 * scale and a quarter of it alike: its box within 2.5 % of the picture of
 * the card's. Not what is not a small document's print, whole: a card cut
 * off by the border, a document too large for this search (outlined), a
 * card's photo alone (square), a line of text (long), a card on a printed
 * page (print all round it), bare tables, noise. Sharp stripes step as
 * finely as print and join it into one block the size of the table: left
 * to the windows, which outline the card (test_small). */
static void test_print(void)
{
    const scene_case cases[] = {
        {"on a pale table", PALE, 300, 250, 130, 3, 1},
        {"on a pale table, turned 8 degrees", PALE, 760, 560, 150, -8, 1},
        {"on sharp stripes", STRIPES, 500, 380, 120, 0, 0},
        {"cut off on the left", PALE, 20, 300, 140, 0, 0},
        {"a large document", PALE, 500, 375, 520, 2, 0},
        {"on a printed page", PAGE, 500, 380, 140, 0, 0},
        {"bare pale table", PALE, 0, 0, 0, 0, 0},
        {"bare stripes", STRIPES, 0, 0, 0, 0, 0},
        {"noise", NOISE, 0, 0, 0, 0, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_scene(p, cases[i].t, cases[i].cx, cases[i].cy, cases[i].cw, cases[i].deg, x, y);
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        dk_doc_outline ol;
        CHECK_INT(dk_doc_print_find(&r, NULL, &ol), 0);
        if (ol.found != cases[i].found)
            fprintf(stderr, "print, %s: %s\n", cases[i].what, ol.found ? "found" : "not found");
        CHECK_INT(ol.found, cases[i].found);
        if (!ol.found || !cases[i].found)
            continue;
        CHECK_INT(ol.by_print, 1);
        double bx0 = fmin(fmin(x[0], x[1]), fmin(x[2], x[3])),
               bx1 = fmax(fmax(x[0], x[1]), fmax(x[2], x[3]));
        double by0 = fmin(fmin(y[0], y[1]), fmin(y[2], y[3])),
               by1 = fmax(fmax(y[0], y[1]), fmax(y[2], y[3]));
        CHECK(fabs(ol.x0 - bx0) < 0.025 * W && fabs(ol.x1 - bx1) < 0.025 * W);
        CHECK(fabs(ol.y0 - by0) < 0.025 * W && fabs(ol.y1 - by1) < 0.025 * W);
        if (cases[i].t == PALE) { /* no window outlines it: its print finds it */
            CHECK_INT(dk_doc_small_find(&r, &ol), 0);
            CHECK(ol.found && ol.by_print);
        }
    }
    /* A card's photo alone, a line of text, on the pale table. */
    paint_table(p, W, H, PALE);
    for (int py = 300; py < 380; py++)
        for (int px = 400; px < 470; px++)
            memset(p + ((size_t)py * W + px) * 3, (px / 3 + py / 4) % 3 ? 40 : 200, 3);
    for (int py = 600; py < 620; py++)
        for (int px = 100; px < 500; px++)
            if (px % 9 < 6)
                memset(p + ((size_t)py * W + px) * 3, 50, 3);
    dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
    dk_doc_outline ol;
    CHECK_INT(dk_doc_print_find(&r, NULL, &ol), 0);
    CHECK_INT(ol.found, 0);
    /* The same card at a quarter of the scale (a 12 MP photo at 1/8 is
     * 500 x 375: half of this raster's sides) and rasters too small to
     * hold a grid: found, then nothing. */
    int w2 = W / 2, h2 = H / 2;
    double x[4], y[4];
    paint_table(p, w2, h2, PALE);
    paint_card(p, w2, h2, 150, 125, 65, 3, 0, x, y);
    dk_doc_raster half = {p, w2, h2, W * 4, H * 4, 8};
    CHECK_INT(dk_doc_print_find(&half, NULL, &ol), 0);
    CHECK(ol.found && fabs(ol.x0 - fmin(x[0], x[3])) < 0.025 * w2);
    const int tiny[][2] = {{8, 8}, {2000, 3}, {1, 1}};
    for (size_t i = 0; i < sizeof tiny / sizeof *tiny; i++) {
        dk_doc_raster t = {p, tiny[i][0], tiny[i][1], tiny[i][0], tiny[i][1], 1};
        CHECK_INT(dk_doc_print_find(&t, NULL, &ol), 0);
        CHECK_INT(ol.found, 0);
    }
    free(p);
}

/* Print past a document's side: a light card the top border cuts through
 * its title, its box 3 % short of the border: its print runs on to the
 * border there, past no other side. The same card whole, 3 % from the
 * border, on a pale table or on sharp stripes (steps one way only, print
 * none): no print past any side. */
static void test_print_past_sides(void)
{
    const struct {
        const char *what;
        enum table t;
        double cy;      /* the card's middle; 200 px wide */
        int box_top;    /* its box's top on the raster */
        int cut_at_top; /* print past the top */
    } cases[] = {
        {"cut at the top", PALE, 44, 26, 1},
        {"whole, near the top", PALE, 90, 26, 0},
        {"whole, near the top, on stripes", STRIPES, 90, 26, 0},
    };
    unsigned char *p = malloc((size_t)W * H * 3);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double x[4], y[4];
        paint_table(p, W, H, cases[i].t);
        paint_card(p, W, H, 500, cases[i].cy, 200, 0, 1, x, y);
        dk_doc_raster r = {p, W, H, W * 4, H * 4, 4};
        const int box[4] = {400, cases[i].box_top, 600, (int)y[2]};
        double past[4], table;
        CHECK_INT(dk_doc_print_past_sides(&r, box, 0.08, past, &table), 0);
        if ((past[1] >= 0.3) != cases[i].cut_at_top)
            fprintf(stderr, "past sides, %s: %.2f past the top\n", cases[i].what, past[1]);
        CHECK_INT(past[1] >= 0.3, cases[i].cut_at_top);
        for (int k = 0; k < 4; k++)
            CHECK(k == 1 || past[k] < 0.1);
        CHECK(table >= 0 && table < 0.05);
    }
    free(p);
}

int main(void)
{
    test_found();
    test_not_found();
    test_largest();
    test_closed_sides();
    test_cut();
    test_small();
    test_small_near();
    test_print();
    test_print_past_sides();
    DK_TEST_DONE();
}
