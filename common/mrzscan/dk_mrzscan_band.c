/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_band.c — where the MRZ is on a small grey picture of the
 * document: dark print on light paper brought out by a black top-hat, its
 * vertical strokes by a horizontal gradient, characters joined into lines
 * and lines into a band by closings; the band is the longest elongated
 * region, its direction from its second moments. Text runs along rows
 * within about 15 degrees, or along columns (a picture turned by 90
 * degrees): both are tried. Upside down is the reader's to find out. */
#include "mrzscan/dk_mrzscan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes relative to the picture's long side (the document's, in the
 * reader: it crops the picture to the document first). A TD3 line of 44
 * characters spans ~0.9 of a passport page's width; a character is ~1/50
 * of it tall. */
#define TOPHAT_W 0.020
#define TOPHAT_H 0.009
#define JOIN_W 0.020
#define JOIN_H 0.004
/* A line of the MRZ is at least this share of the long side long, and
 * this many times longer than thick. */
#define MIN_LENGTH 0.35
#define MIN_ELONGATION 6

typedef struct {
    long n;
    double sx, sy, sxx, syy, sxy;
    int x0, y0, x1, y1;
} blob;

static int ksize(double share, int longest)
{
    int k = (int)(share * longest + 0.5);
    return k < 1 ? 1 : k | 1;
}

/* Labels the 8-connected components of mask (0/255) into lab (0: none),
 * accumulating their moments; returns their count or -1 (memory). */
static int label(const unsigned char *mask, int w, int h, int *lab, blob **out)
{
    size_t n = (size_t)w * h;
    int *stack = malloc(n * sizeof *stack);
    int cap = 64, count = 0;
    blob *b = malloc((size_t)cap * sizeof *b);
    if (!stack || !b) {
        free(stack);
        free(b);
        return -1;
    }
    memset(lab, 0, n * sizeof *lab);
    for (size_t start = 0; start < n; start++) {
        if (!mask[start] || lab[start])
            continue;
        if (count == cap) {
            blob *nb = realloc(b, (size_t)cap * 2 * sizeof *b);
            if (!nb) {
                free(stack);
                free(b);
                return -1;
            }
            b = nb;
            cap *= 2;
        }
        blob *c = &b[count++];
        memset(c, 0, sizeof *c);
        c->x0 = w;
        c->y0 = h;
        size_t top = 0;
        stack[top++] = (int)start;
        lab[start] = count;
        while (top) {
            int i = stack[--top];
            int x = i % w, y = i / w;
            c->n++;
            c->sx += x;
            c->sy += y;
            c->sxx += (double)x * x;
            c->syy += (double)y * y;
            c->sxy += (double)x * y;
            c->x0 = x < c->x0 ? x : c->x0;
            c->x1 = x > c->x1 ? x : c->x1;
            c->y0 = y < c->y0 ? y : c->y0;
            c->y1 = y > c->y1 ? y : c->y1;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h)
                        continue;
                    size_t j = (size_t)yy * w + xx;
                    if (mask[j] && !lab[j]) {
                        lab[j] = count;
                        stack[top++] = (int)j;
                    }
                }
        }
    }
    free(stack);
    *out = b;
    return count;
}

/* A long thin region: a line of print, in the picture's pixels. */
typedef struct {
    double cx, cy, angle, length, thickness;
} line_t;

#define MAX_CAND 64

/* The lines of print in one orientation of the picture (rows as they are):
 * regions at most ~20 degrees off the rows, long and thin and solid. */
static int candidate_lines(const blob *blobs, int count, const int *lab, int w, int longest,
                           line_t *lines)
{
    int n = 0;
    for (int i = 0; i < count && n < MAX_CAND; i++) {
        const blob *c = &blobs[i];
        if (c->n < 16 || c->x1 - c->x0 + 1 < MIN_LENGTH * longest * 0.9)
            continue;
        double mx = c->sx / c->n, my = c->sy / c->n;
        double cxx = c->sxx / c->n - mx * mx, cyy = c->syy / c->n - my * my;
        double cxy = c->sxy / c->n - mx * my;
        double angle = 0.5 * atan2(2 * cxy, cxx - cyy);
        if (fabs(angle) > 0.35)
            continue;
        /* Extents along and across the main axis, from the region's pixels. */
        double ca = cos(angle), sa = sin(angle);
        double u0 = 1e9, u1 = -1e9, v0 = 1e9, v1 = -1e9;
        for (int y = c->y0; y <= c->y1; y++)
            for (int x = c->x0; x <= c->x1; x++) {
                if (lab[(size_t)y * w + x] != i + 1)
                    continue;
                double u = (x - mx) * ca + (y - my) * sa, v = -(x - mx) * sa + (y - my) * ca;
                u0 = u < u0 ? u : u0;
                u1 = u > u1 ? u : u1;
                v0 = v < v0 ? v : v0;
                v1 = v > v1 ? v : v1;
            }
        double len = u1 - u0 + 1, thick = v1 - v0 + 1;
        if (len < MIN_LENGTH * longest || len < MIN_ELONGATION * thick || c->n < 0.4 * len * thick)
            continue;
        line_t *l = &lines[n++];
        l->cx = mx + (u0 + u1) / 2 * ca - (v0 + v1) / 2 * sa;
        l->cy = my + (u0 + u1) / 2 * sa + (v0 + v1) / 2 * ca;
        l->angle = angle;
        l->length = len;
        l->thickness = thick;
    }
    return n;
}

/* The MRZ: two or three parallel lines of about the same length, stacked
 * close (their spacing well under a tenth of their length). Each line
 * seeds a group of the lines like it; the group with the most length wins
 * (two or three MRZ lines outweigh any single line of print), at a tie the
 * lower one (the MRZ closes the page). */
static void group_lines(const line_t *lines, int n, int h, dk_mrzscan_band *out)
{
    double best = 0;
    for (int i = 0; i < n; i++) {
        const line_t *s = &lines[i];
        double ca = cos(s->angle), sa = sin(s->angle);
        double v0 = -s->thickness / 2, v1 = s->thickness / 2, total = 0, len = 0;
        int members = 0;
        for (int j = 0; j < n; j++) {
            const line_t *o = &lines[j];
            double du = (o->cx - s->cx) * ca + (o->cy - s->cy) * sa;
            double dv = -(o->cx - s->cx) * sa + (o->cy - s->cy) * ca;
            if (fabs(o->length - s->length) > 0.15 * s->length ||
                fabs(o->angle - s->angle) > 0.06 || fabs(du) > 0.1 * s->length ||
                fabs(dv) > 0.2 * s->length)
                continue;
            members++;
            total += o->length;
            len = o->length > len ? o->length : len;
            v0 = fmin(v0, dv - o->thickness / 2);
            v1 = fmax(v1, dv + o->thickness / 2);
        }
        if (members > 3)
            continue; /* a block of ordinary print */
        double score = total * (1.0 + 0.1 * s->cy / h);
        if (score > best) {
            best = score;
            out->found = 1;
            out->angle = s->angle;
            out->cx = s->cx - (v0 + v1) / 2 * sa;
            out->cy = s->cy + (v0 + v1) / 2 * ca;
            out->length = len;
            out->thickness = v1 - v0;
            out->lines = members;
        }
    }
}

/* The band in one orientation of the picture (rows as they are). */
static int find_rows(const unsigned char *g, int w, int h, dk_mrzscan_band *out)
{
    memset(out, 0, sizeof *out);
    int longest = w > h ? w : h;
    size_t n = (size_t)w * h;
    unsigned char *a = malloc(n), *b = malloc(n);
    int *lab = malloc(n * sizeof *lab);
    blob *blobs = NULL;
    line_t lines[MAX_CAND];
    int rc = -1;
    if (!a || !b || !lab)
        goto done;
    if (dk_mrzscan_blackhat(g, a, w, h, ksize(TOPHAT_W, longest), ksize(TOPHAT_H, longest)) != 0)
        goto done;
    dk_mrzscan_gradient_x(a, b, w, h);
    if (dk_mrzscan_close(b, a, w, h, ksize(JOIN_W, longest), ksize(JOIN_H, longest)) != 0)
        goto done;
    int thr = dk_mrzscan_otsu(a, n);
    for (size_t i = 0; i < n; i++)
        b[i] = a[i] > thr ? 255 : 0;
    /* An opening drops specks and thin bridges between lines. */
    if (dk_mrzscan_minmax(b, a, w, h, 3, 3, 0) != 0 || dk_mrzscan_minmax(a, b, w, h, 3, 3, 1) != 0)
        goto done;
    int count = label(b, w, h, lab, &blobs);
    if (count < 0)
        goto done;
    rc = 0;
    int nl = candidate_lines(blobs, count, lab, w, longest, lines);
    group_lines(lines, nl, h, out);
done:
    free(a);
    free(b);
    free(lab);
    free(blobs);
    return rc;
}

int dk_mrzscan_band_find(const unsigned char *g, int w, int h, dk_mrzscan_band *out)
{
    memset(out, 0, sizeof *out);
    if (!g || w < 8 || h < 8)
        return 0;
    dk_mrzscan_band rows, cols;
    if (find_rows(g, w, h, &rows) != 0)
        return -1;
    /* The picture turned a quarter: the same search on its transpose. */
    unsigned char *t = malloc((size_t)w * h);
    if (!t)
        return -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            t[(size_t)x * h + y] = g[(size_t)y * w + x];
    int rc = find_rows(t, h, w, &cols);
    free(t);
    if (rc != 0)
        return -1;
    if (cols.found && (!rows.found || cols.length * cols.lines > rows.length * rows.lines * 1.1)) {
        /* Back from the transpose: (x, y) there is (y, x) here; a line
         * along the transpose's rows at angle a runs at 90 - a here. */
        out->found = 1;
        out->cx = cols.cy;
        out->cy = cols.cx;
        out->angle = M_PI / 2 - cols.angle;
        out->length = cols.length;
        out->thickness = cols.thickness;
        out->lines = cols.lines;
    } else {
        *out = rows;
    }
    return 0;
}
