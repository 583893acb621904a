/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_blur.c — is the document sharp? The document's box is measured at
 * DK_DOC_NORM_LONG to MEASURE_LONG_MAX pixels on its long side; the focus
 * measure is, along each of four directions, the energy of the second
 * difference over the first's on the print's edges facing that direction,
 * and the weakest direction counts. The ratio keeps its meaning across a
 * 1 MP scan and a 12 MP photo (about the same scale), across dim and bright
 * shots (contrast cancels out), and catches motion blur (the edges facing
 * one direction smeared). */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* The box is measured at its own raster pixels (not resampled, which
 * would smooth it) when its long side has DK_DOC_NORM_LONG to
 * MEASURE_LONG_MAX of them; reduced to MEASURE_LONG_MAX when it has more:
 * the smallest blur to catch, 0.45% of the document (1.5% smeared by
 * motion), then spans 1.2-1.7 pixels and more. */
#define MEASURE_LONG_MAX 384
/* The box is inset by this share on each side: its border is background. */
#define INSET 0.06
/* Fewer pixels than this on a side leave nothing to measure sharpness on
 * (the resolution check has refused such an image already). */
#define MIN_BOX 8
/* Detail is where a first difference exceeds NOISE_FACTOR x the noise's
 * spread, and at least MIN_DETAIL luma (a clean scan's flat ground has no
 * noise to measure). The noise's median first difference is found in a
 * histogram of NOISE_BINS bins, NOISE_BINS_PER to a luma step. */
#define NOISE_FACTOR 3.0
#define MIN_DETAIL 2.0
#define NOISE_BINS 1536
#define EDGE_SHARE 0.2
#define NOISE_BINS_PER 8.0

/* The filter that maps n samples onto m over the same extent: output o is
 * the sum over k < *taps of w[o * taps + k] * in[first[o] + k] — the
 * area-weighted mean of the inputs it covers when shrinking, a linear blend
 * of its two neighbours when growing. Taps may reach up to *taps samples
 * past the end with zero weight: callers pad their input with zeros. 0, or
 * -1 when memory ran out (free() both either way). */
static int make_filter(int n, int m, int **first, float **w, int *taps)
{
    double step = (double)n / m;
    int k = step >= 1.0 ? (int)step + 2 : 2;
    *taps = k;
    *first = malloc((size_t)m * sizeof(int));
    *w = calloc((size_t)m * k, sizeof(float));
    if (!*first || !*w)
        return -1;
    for (int o = 0; o < m; o++) {
        float *wo = *w + (size_t)o * k;
        if (step >= 1.0) {
            double a = o * step, b = a + step;
            int i0 = (int)a;
            (*first)[o] = i0;
            for (int i = i0; i < n && i < b && i - i0 < k; i++) {
                double lo = i > a ? i : a, hi = i + 1 < b ? i + 1 : b;
                wo[i - i0] = (float)((hi - lo) / step);
            }
        } else {
            double c = (o + 0.5) * step - 0.5;
            int i = c < 0 ? 0 : (int)c;
            double t = c - i;
            t = t < 0 ? 0 : t;
            if (i >= n - 1) {
                i = n - 1;
                t = 0;
            }
            (*first)[o] = i;
            wo[0] = (float)(1 - t);
            wo[1] = (float)t;
        }
    }
    return 0;
}

/* The luma of the box (x0, y0)-(x1, y1) at DK_DOC_NORM_LONG to
 * MEASURE_LONG_MAX on its long side (w x h floats, free()), or NULL when memory ran out. */
static float *normalised_luma(const dk_doc_raster *r, int x0, int y0, int x1, int y1, int *w,
                              int *h)
{
    int cw = x1 - x0, ch = y1 - y0;
    int box_long = cw > ch ? cw : ch;
    int target = box_long < DK_DOC_NORM_LONG   ? DK_DOC_NORM_LONG
                 : box_long > MEASURE_LONG_MAX ? MEASURE_LONG_MAX
                                               : box_long;
    double scale = (double)target / box_long;
    int ow = (int)(cw * scale + 0.5), oh = (int)(ch * scale + 0.5);
    ow = ow < 8 ? 8 : ow;
    oh = oh < 8 ? 8 : oh;
    int *fx = NULL, *fy = NULL, kx = 0, ky = 0;
    float *wx = NULL, *wy = NULL, *luma = NULL, *mid = NULL, *out = NULL;
    if (make_filter(cw, ow, &fx, &wx, &kx) == 0 && make_filter(ch, oh, &fy, &wy, &ky) == 0) {
        luma = calloc((size_t)cw * ch + (size_t)kx, sizeof(float));
        mid = calloc((size_t)ow * (ch + ky), sizeof(float));
        out = malloc((size_t)ow * oh * sizeof(float));
    }
    if (luma && mid && out) {
        for (int y = 0; y < ch; y++) {
            const unsigned char *p = r->rgb + ((size_t)(y0 + y) * r->w + x0) * 3;
            float *l = luma + (size_t)y * cw;
            for (int x = 0; x < cw; x++, p += 3)
                l[x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
            float *m = mid + (size_t)y * ow;
            for (int o = 0; o < ow; o++) {
                const float *in = l + fx[o], *wo = wx + (size_t)o * kx;
                float acc = 0;
                for (int k = 0; k < kx; k++)
                    acc += wo[k] * in[k];
                m[o] = acc;
            }
        }
        for (int o = 0; o < oh; o++) {
            float *row = out + (size_t)o * ow;
            for (int x = 0; x < ow; x++)
                row[x] = 0;
            for (int k = 0; k < ky; k++) {
                const float *in = mid + (size_t)(fy[o] + k) * ow;
                float wk = wy[(size_t)o * ky + k];
                for (int x = 0; x < ow; x++)
                    row[x] += wk * in[x];
            }
        }
        *w = ow;
        *h = oh;
    } else {
        free(out);
        out = NULL;
    }
    free(fx), free(fy), free(wx), free(wy), free(luma), free(mid);
    return out;
}

/* Along each of the four directions (x, y, and the two diagonals), the
 * energy of the second difference over the first's, on the edges that face
 * it: the pixels whose gradient lies within 22.5 degrees of it and stands
 * out of the sensor's noise (NOISE_FACTOR x its spread, from the median
 * gradient: most of a document is flat ground). High when the edges are
 * as fine as the step, low when smeared. Motion blur smears the edges
 * facing its direction only; edges along it stay sharp, so only those
 * facing a direction count for it. On flat ground only noise changes, and
 * noise is fine-grained at any focus: a light document with little print
 * would otherwise read sharp. ratio[] gets x, y, diagonal, anti-diagonal.
 * 0, or -1 when memory ran out. */
static int directional_ratios(const float *y, int w, int h, double ratio[4])
{
    /* The median gradient, from a histogram of NOISE_BINS bins of
     * 1/NOISE_BINS_PER luma (larger ones fall in the last). */
    unsigned hist[NOISE_BINS] = {0};
    size_t n = 0;
    for (int j = 1; j < h - 1; j++) {
        const float *row = y + (size_t)j * w;
        for (int i = 1; i < w - 1; i++) {
            float gx = (row[i + 1] - row[i - 1]) / 2, gy = (row[i + w] - row[i - w]) / 2;
            int bin = (int)(sqrtf(gx * gx + gy * gy) * NOISE_BINS_PER);
            hist[bin < NOISE_BINS ? bin : NOISE_BINS - 1]++;
            n++;
        }
    }
    size_t seen = 0;
    int med = 0;
    while (med < NOISE_BINS - 1 && (seen += hist[med]) < (n + 1) / 2)
        med++;
    /* Noise of spread s per gradient component has a gradient length of
     * median 1.1774 s (Rayleigh). */
    double floor = NOISE_FACTOR * ((med + 0.5) / NOISE_BINS_PER) / 1.1774;
    if (floor < MIN_DETAIL)
        floor = MIN_DETAIL;
    /* And of the print's edges: a share of the strongest gradients (the
     * 99th percentile), so that the slow slopes of uneven light, a glare's
     * halo, do not count. */
    int top = med;
    while (top < NOISE_BINS - 1 && (double)(seen += hist[top + 1]) < 0.99 * (double)n)
        top++;
    double edge = EDGE_SHARE * (top + 0.5) / NOISE_BINS_PER;
    if (floor < edge)
        floor = edge;
    float floor2 = (float)(floor * floor);
    /* A row at a time: each pixel's direction (4 where it is flat) and
     * its two energies along it, without branches (the vectoriser's form:
     * every direction's differences, then the one chosen); then summed per
     * direction in the pixels' order. */
    float *e1 = malloc((size_t)w * 2 * sizeof(float)), *e2 = e1 ? e1 + w : NULL;
    int *dir = malloc((size_t)w * sizeof(int));
    if (!e1 || !dir) {
        free(e1), free(dir);
        return -1;
    }
    double d1[4] = {0}, d2[4] = {0};
    for (int j = 1; j < h - 1; j++) {
        const float *row = y + (size_t)j * w, *up = row - w, *down = row + w;
        for (int i = 1; i < w - 1; i++) {
            float gx = (row[i + 1] - row[i - 1]) / 2, gy = (down[i] - up[i]) / 2;
            /* The direction the gradient lies nearest to: the largest
             * projection (diagonals divided by sqrt 2), the first of equals. */
            float p0 = fabsf(gx), p1 = fabsf(gy), p2 = fabsf(gx + gy) * 0.70710678f,
                  p3 = fabsf(gx - gy) * 0.70710678f;
            int is1 = p1 > p0;
            float best = is1 ? p1 : p0;
            int is2 = p2 > best;
            best = is2 ? p2 : best;
            int is3 = p3 > best;
            /* Forward and backward neighbours along x, y, the diagonal
             * (+w+1) and the anti-diagonal (+1-w). */
            float c = row[i], f = row[i + 1], b = row[i - 1];
            float fy = down[i], by = up[i], fd = down[i + 1], bd = up[i - 1], fa = up[i + 1],
                  ba = down[i - 1];
            f = is1 ? fy : f;
            b = is1 ? by : b;
            f = is2 ? fd : f;
            b = is2 ? bd : b;
            f = is3 ? fa : f;
            b = is3 ? ba : b;
            int k = is1;
            k = is2 ? 2 : k;
            k = is3 ? 3 : k;
            float a = f - c, l = f - 2 * c + b;
            e1[i] = a * a;
            e2[i] = l * l;
            dir[i] = gx * gx + gy * gy <= floor2 ? 4 : k;
        }
        float s1[4] = {0}, s2[4] = {0};
        for (int i = 1; i < w - 1; i++)
            if (dir[i] < 4) { /* flat ground, most of a row, in runs */
                s1[dir[i]] += e1[i];
                s2[dir[i]] += e2[i];
            }
        for (int k = 0; k < 4; k++) {
            d1[k] += s1[k];
            d2[k] += s2[k];
        }
    }
    free(e1), free(dir);
    for (int k = 0; k < 4; k++)
        ratio[k] = d1[k] > 0 ? d2[k] / d1[k] : 0;
    return 0;
}

int dk_doc_blur_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                      json_t *figures)
{
    int x0, y0, x1, y1, w = 0, h = 0;
    dk_doc_inset(reg, INSET, &x0, &y0, &x1, &y1);
    if (x1 - x0 < MIN_BOX || y1 - y0 < MIN_BOX) {
        json_t *f = json_pack("{ss}", "not_judged", "too few pixels");
        return json_object_set_new(figures, "sharpness", f) != 0 ? -1 : 0;
    }
    float *y = normalised_luma(r, x0, y0, x1, y1, &w, &h);
    if (!y)
        return -1;
    double ratio[4];
    int measured = directional_ratios(y, w, h, ratio);
    free(y);
    if (measured != 0)
        return -1;
    double rx = ratio[0], ry = ratio[1], rd = ratio[2], ra = ratio[3];
    /* The weakest direction decides: motion blur smears one direction only. */
    double sharp = rx;
    sharp = ry < sharp ? ry : sharp;
    sharp = rd < sharp ? rd : sharp;
    sharp = ra < sharp ? ra : sharp;
    json_t *f = json_object();
    json_object_set_new(f, "sharpness", json_real(dk_doc_round(sharp, 3)));
    json_object_set_new(f, "bound", json_real(lim->min_sharpness));
    json_object_set_new(f, "by_direction",
                        json_pack("[ffff]", dk_doc_round(rx, 3), dk_doc_round(ry, 3),
                                  dk_doc_round(rd, 3), dk_doc_round(ra, 3)));
    json_object_set_new(f, "measured_at_long_side", json_integer(w > h ? w : h));
    if (json_object_set_new(figures, "sharpness", f) != 0)
        return -1;
    return sharp < lim->min_sharpness;
}
