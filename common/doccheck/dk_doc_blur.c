/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_blur.c — is the document sharp? The document's box is resized so
 * its long side is DK_DOC_NORM_LONG pixels; the focus measure is, along each
 * of four directions, the energy of the second difference over the first's,
 * and the weakest direction counts. The ratio keeps its meaning across a
 * 1 MP scan and a 12 MP photo (same scale), across dim and bright shots
 * (contrast cancels out), and catches motion blur (one direction smeared). */
#include "doccheck/dk_doc_internal.h"

#include <stddef.h>
#include <stdlib.h>

/* The box is inset by this share on each side: its border is background. */
#define INSET 0.06
/* Fewer pixels than this on a side leave nothing to measure sharpness on
 * (the resolution check has refused such an image already). */
#define MIN_BOX 8

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

/* The luma of the box (x0, y0)-(x1, y1) resized to DK_DOC_NORM_LONG on its
 * long side (w x h floats, free()), or NULL when memory ran out. */
static float *normalised_luma(const dk_doc_raster *r, int x0, int y0, int x1, int y1, int *w,
                              int *h)
{
    int cw = x1 - x0, ch = y1 - y0;
    double scale = (double)DK_DOC_NORM_LONG / (cw > ch ? cw : ch);
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

/* Energy of the second difference over the first along one step (dx, dy):
 * high when detail is as fine as the step, low when it is smeared. */
static double directional_ratio(const float *y, int w, int h, int dx, int dy)
{
    double d1 = 0, d2 = 0;
    ptrdiff_t step = dx + (ptrdiff_t)dy * w;
    for (int j = 1; j < h - 1; j++) {
        const float *row = y + (size_t)j * w;
        float s1 = 0, s2 = 0;
        for (int i = 1; i < w - 1; i++) {
            float c = row[i], f = row[i + step], b = row[i - step];
            float a = f - c, l = f - 2 * c + b;
            s1 += a * a;
            s2 += l * l;
        }
        d1 += s1;
        d2 += s2;
    }
    return d1 > 0 ? d2 / d1 : 0;
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
    double rx = directional_ratio(y, w, h, 1, 0), ry = directional_ratio(y, w, h, 0, 1);
    double rd = directional_ratio(y, w, h, 1, 1), ra = directional_ratio(y, w, h, 1, -1);
    free(y);
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
