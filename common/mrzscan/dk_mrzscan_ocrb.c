/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_ocrb.c — a recogniser of the MRZ's own 37 glyphs: every MRZ
 * is printed in OCR-B at one size and pitch, so on a binarised strip the
 * lines are runs of inked rows, the characters runs of inked columns, and
 * each one is the OCR-B glyph its shape is closest to. The templates are
 * rendered once from Debian's OCR-B font (fonts-ocr-b) by FreeType; nothing
 * is learnt from pictures. Shapes are compared on a small grid of ink
 * shares, with the glyph's width to height and its height to the line's. */
#include "core/dk_err.h"
#include "mrzscan/dk_mrzscan_internal.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GW 10
#define GH 14
#define NGLYPHS 37
#define MAX_LINES 8
#define MAX_BOXES 96

static const char ALPHABET[NGLYPHS + 1] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

typedef struct {
    float cell[GW * GH]; /* ink share of each cell of the glyph's tight box */
    float aspect;        /* width / height */
    float height;        /* height / the line's capital height */
} feat;

/* Print in a photo comes out bolder than the font's outline, by how much
 * depends on the light and the focus: each glyph is kept at several
 * stroke weights (the rendering dilated by 0, 2, 4 and 6 pixels at its
 * 64-point size, where a stroke is ~9 pixels wide). */
#define NWEIGHTS 4

struct dk_mrzscan_ocrb {
    feat t[NGLYPHS][NWEIGHTS];
};

/* The features of the inked pixels (ink(x, y) true) in the tight box
 * [x0, x1] x [y0, y1] of an 8-bit raster (ink: below 128). */
static void features(const unsigned char *px, int stride, int x0, int y0, int x1, int y1,
                     int ink_high, double cap, feat *f)
{
    int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    for (int gy = 0; gy < GH; gy++)
        for (int gx = 0; gx < GW; gx++) {
            /* 4 x 4 samples a cell */
            int inked = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    int x = x0 + (int)((gx + (sx + 0.5) / 4) * bw / GW);
                    int y = y0 + (int)((gy + (sy + 0.5) / 4) * bh / GH);
                    unsigned char v = px[(size_t)y * stride + x];
                    inked += ink_high ? v >= 128 : v < 128;
                }
            f->cell[gy * GW + gx] = inked / 16.0f;
        }
    f->aspect = (float)bw / bh;
    f->height = (float)(bh / cap);
}

/* The tight box of the ink in [x0, x1] x [y0, y1]; 0 when there is none. */
static int tight(const unsigned char *px, int stride, int ink_high, int *x0, int *y0, int *x1,
                 int *y1)
{
    int a = *x1, b = *y1, c = *x0, d = *y0, any = 0;
    for (int y = *y0; y <= *y1; y++)
        for (int x = *x0; x <= *x1; x++) {
            unsigned char v = px[(size_t)y * stride + x];
            if (ink_high ? v >= 128 : v < 128) {
                any = 1;
                a = x < a ? x : a;
                c = x > c ? x : c;
                b = y < b ? y : b;
                d = y > d ? y : d;
            }
        }
    if (!any)
        return 0;
    *x0 = a;
    *y0 = b;
    *x1 = c;
    *y1 = d;
    return 1;
}

unsigned char *dk_mrzscan_render(const char *fontfile, int px, const char *text, int *w, int *h)
{
    FT_Library lib;
    FT_Face face;
    if (FT_Init_FreeType(&lib) != 0)
        return NULL;
    unsigned char *out = NULL;
    if (FT_New_Face(lib, fontfile, 0, &face) != 0) {
        FT_Done_FreeType(lib);
        return NULL;
    }
    if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px) != 0)
        goto done;
    /* The pen's run: width from the advances, height from the face's
     * ascender and descender, a margin of MARGIN all round. */
    enum { MARGIN = 8 };
    long advance = 0;
    for (const char *c = text; *c; c++) {
        if (FT_Load_Char(face, (FT_ULong)(unsigned char)*c, FT_LOAD_DEFAULT) != 0)
            goto done;
        advance += face->glyph->advance.x >> 6;
    }
    int asc = (int)(face->size->metrics.ascender >> 6),
        desc = (int)(-face->size->metrics.descender >> 6);
    *w = (int)advance + 2 * MARGIN;
    *h = asc + desc + 2 * MARGIN;
    if (*w > 1 << 14 || *h > 1 << 12 || !(out = calloc((size_t)*w * *h, 1)))
        goto done;
    int pen = MARGIN;
    for (const char *c = text; *c; c++) {
        if (FT_Load_Char(face, (FT_ULong)(unsigned char)*c, FT_LOAD_RENDER) != 0) {
            free(out);
            out = NULL;
            goto done;
        }
        FT_GlyphSlot g = face->glyph;
        for (unsigned r = 0; r < g->bitmap.rows; r++)
            for (unsigned col = 0; col < g->bitmap.width; col++) {
                int x = pen + g->bitmap_left + (int)col, y = MARGIN + asc - g->bitmap_top + (int)r;
                if (x >= 0 && y >= 0 && x < *w && y < *h) {
                    unsigned char v = g->bitmap.buffer[(long)r * g->bitmap.pitch + col];
                    unsigned char *o = &out[(size_t)y * *w + x];
                    *o = v > *o ? v : *o;
                }
            }
        pen += (int)(g->advance.x >> 6);
    }
done:
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    return out;
}

dk_mrzscan_ocrb *dk_mrzscan_ocrb_new(const char *fontfile, char *err, size_t errlen)
{
    dk_mrzscan_ocrb *o = calloc(1, sizeof *o);
    if (!o) {
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    double cap[NWEIGHTS] = {0};
    /* 'H' first: every glyph's height is measured against it. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < NGLYPHS; i++) {
            if (pass == 0 && ALPHABET[i] != 'H')
                continue;
            int w, h;
            char glyph[2] = {ALPHABET[i], 0};
            unsigned char *mem = dk_mrzscan_render(fontfile, 64, glyph, &w, &h);
            unsigned char *fat = mem ? malloc((size_t)w * h) : NULL;
            for (int k = 0; fat && k < NWEIGHTS; k++) {
                int x0 = 0, y0 = 0, x1 = w - 1, y1 = h - 1;
                if (dk_mrzscan_minmax(mem, fat, w, h, 1 + 4 * k, 1 + 4 * k, 1) != 0 ||
                    !tight(fat, w, 1, &x0, &y0, &x1, &y1)) {
                    free(fat);
                    fat = NULL;
                    break;
                }
                if (pass == 0)
                    cap[k] = y1 - y0 + 1;
                else
                    features(fat, w, x0, y0, x1, y1, 1, cap[k], &o->t[i][k]);
            }
            free(mem);
            if (!fat) {
                dk_errf(err, errlen, "the OCR-B font %s does not render '%c'", fontfile,
                        ALPHABET[i]);
                free(o);
                return NULL;
            }
            free(fat);
        }
    return o;
}

void dk_mrzscan_ocrb_free(dk_mrzscan_ocrb *o)
{
    free(o);
}

/* OCR-B's pairs a photo's print may blur into each other: where the
 * second choice is one of these and nearly as close, it is kept as the
 * glyph's alternative for the check digits to decide. */
static int confusable(char a, char b)
{
    static const char *const pairs[] = {"O0", "D0", "Q0", "U0", "I1", "B8", "S5", "Z2", "G6"};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if ((a == pairs[i][0] && b == pairs[i][1]) || (a == pairs[i][1] && b == pairs[i][0]))
            return 1;
    return 0;
}

static char classify(const dk_mrzscan_ocrb *o, const feat *f, char *alt)
{
    double best = 1e18, second = 1e18;
    int bi = NGLYPHS - 1, si = 0;
    for (int i = 0; i < NGLYPHS * NWEIGHTS; i++) {
        const feat *t = &o->t[i / NWEIGHTS][i % NWEIGHTS];
        double d = 0;
        for (int k = 0; k < GW * GH; k++) {
            double e = f->cell[k] - t->cell[k];
            d += e * e;
        }
        d /= GW * GH;
        double da = log((f->aspect + 0.05) / (t->aspect + 0.05));
        double dh = log((f->height + 0.05) / (t->height + 0.05));
        d += 0.3 * da * da + 4 * dh * dh;
        if (d < best) {
            if (i / NWEIGHTS != bi) {
                second = best;
                si = bi;
            }
            best = d;
            bi = i / NWEIGHTS;
        } else if (d < second && i / NWEIGHTS != bi) {
            second = d;
            si = i / NWEIGHTS;
        }
    }
    /* O and 0 are one shape in the font's OCR-B (the digit a few per cent
     * taller, which a photo's print cannot show): read as the digit, with
     * the letter as its alternative. Where only letters may stand (names,
     * states) the parser makes it the letter; in a document number the
     * check digits choose. */
    if (ALPHABET[bi] == 'O' || ALPHABET[bi] == '0') {
        *alt = 'O';
        return '0';
    }
    *alt = confusable(ALPHABET[bi], ALPHABET[si]) && second < 1.6 * best ? ALPHABET[si] : '.';
    return ALPHABET[bi];
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

typedef struct {
    int x0, x1;
} span;

/* One line's characters (rows y0..y1 of the strip) into out (NUL-ended,
 * at most MAX_BOXES). */
static void read_line(const dk_mrzscan_ocrb *o, const unsigned char *s, int w, int y0, int y1,
                      char *out, char *alts)
{
    span sp[MAX_BOXES * 2];
    int n = 0;
    for (int x = 0; x < w && n < MAX_BOXES * 2;) {
        int inked = 0;
        for (int y = y0; y <= y1 && !inked; y++)
            inked = s[(size_t)y * w + x] < 128;
        if (!inked) {
            x++;
            continue;
        }
        int a = x;
        for (; x < w; x++) {
            int any = 0;
            for (int y = y0; y <= y1 && !any; y++)
                any = s[(size_t)y * w + x] < 128;
            if (!any)
                break;
        }
        sp[n].x0 = a;
        sp[n].x1 = x - 1;
        n++;
    }
    out[0] = alts[0] = '\0';
    if (n < 2)
        return;
    /* The pitch: the median distance between neighbours' centres. */
    int d[MAX_BOXES * 2], widths[MAX_BOXES * 2];
    for (int i = 0; i < n; i++)
        widths[i] = sp[i].x1 - sp[i].x0 + 1;
    for (int i = 0; i + 1 < n; i++)
        d[i] = (sp[i + 1].x0 + sp[i + 1].x1 - sp[i].x0 - sp[i].x1) / 2;
    qsort(d, (size_t)n - 1, sizeof *d, cmp_int);
    qsort(widths, (size_t)n, sizeof *widths, cmp_int);
    double pitch = d[(n - 1) / 2], wmed = widths[n / 2];
    if (pitch < 4)
        return;
    /* The capital height: the median tight height. */
    int heights[MAX_BOXES * 2], nh = 0;
    for (int i = 0; i < n; i++) {
        int a = sp[i].x0, b = y0, c = sp[i].x1, e = y1;
        if (tight(s, w, 0, &a, &b, &c, &e))
            heights[nh++] = e - b + 1;
    }
    qsort(heights, (size_t)nh, sizeof *heights, cmp_int);
    double cap = nh ? heights[nh / 2] : y1 - y0 + 1;
    int len = 0;
    for (int i = 0; i < n && len < MAX_BOXES; i++) {
        int width = sp[i].x1 - sp[i].x0 + 1;
        /* Touching characters: cut at the pitch. */
        int k = width > 1.5 * wmed ? (int)lround(width / pitch) : 1;
        k = k < 1 ? 1 : k;
        for (int j = 0; j < k && len < MAX_BOXES; j++) {
            int a = sp[i].x0 + j * width / k, c = sp[i].x0 + (j + 1) * width / k - 1;
            int b = y0, e = y1;
            if (!tight(s, w, 0, &a, &b, &c, &e))
                continue;
            if ((c - a + 1) * (e - b + 1) < 4 || e - b + 1 < 0.2 * cap)
                continue; /* a speck */
            feat f;
            features(s, w, a, b, c, e, 0, cap, &f);
            out[len] = classify(o, &f, &alts[len]);
            len++;
        }
    }
    out[len] = alts[len] = '\0';
}

char *dk_mrzscan_ocrb_text(const dk_mrzscan_ocrb *o, const unsigned char *s, int w, int h,
                           char **alts)
{
    /* Lines: runs of rows holding ink, bridged over one empty row. */
    int *count = calloc((size_t)h, sizeof *count);
    char *text = malloc((size_t)MAX_LINES * (MAX_BOXES + 1) + 1);
    char *alt = malloc((size_t)MAX_LINES * (MAX_BOXES + 1) + 1);
    if (!count || !text || !alt) {
        free(count);
        free(text);
        free(alt);
        return NULL;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            count[y] += s[(size_t)y * w + x] < 128;
    int min_ink = w / 100 > 2 ? w / 100 : 2;
    size_t tl = 0;
    int nlines = 0;
    for (int y = 0; y < h && nlines < MAX_LINES;) {
        if (count[y] < min_ink) {
            y++;
            continue;
        }
        int a = y;
        while (y < h && (count[y] >= min_ink || (y + 1 < h && count[y + 1] >= min_ink)))
            y++;
        if (y - a < 6)
            continue;
        char line[MAX_BOXES + 1], second[MAX_BOXES + 1];
        read_line(o, s, w, a, y - 1, line, second);
        size_t l = strlen(line);
        memcpy(text + tl, line, l);
        memcpy(alt + tl, second, l);
        tl += l;
        alt[tl] = '\n';
        text[tl++] = '\n';
        nlines++;
    }
    text[tl] = alt[tl] = '\0';
    free(count);
    *alts = alt;
    return text;
}
