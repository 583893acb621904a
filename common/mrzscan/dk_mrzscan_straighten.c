/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_straighten.c — the band cut out along its own direction into
 * an upright strip (bilinear sampling: the rotation by any angle and the
 * scale in one pass), and the strip binarised for the OCR. */
#include "mrzscan/dk_mrzscan_internal.h"

#include <math.h>
#include <stdlib.h>

unsigned char *dk_mrzscan_straighten(const unsigned char *src, int sw, int sh,
                                     const dk_mrzscan_band *band, int out_w, int out_h, int flip)
{
    if (out_w < 1 || out_h < 1 || out_w > 8192 || out_h > 8192)
        return NULL;
    unsigned char *out = malloc((size_t)out_w * out_h);
    if (!out)
        return NULL;
    double ca = cos(band->angle), sa = sin(band->angle);
    if (flip) {
        ca = -ca;
        sa = -sa;
    }
    double su = band->length / out_w, sv = band->thickness / out_h;
    for (int v = 0; v < out_h; v++) {
        double dv = (v + 0.5 - out_h / 2.0) * sv;
        for (int u = 0; u < out_w; u++) {
            double du = (u + 0.5 - out_w / 2.0) * su;
            double x = band->cx + du * ca - dv * sa - 0.5, y = band->cy + du * sa + dv * ca - 0.5;
            int x0 = (int)floor(x), y0 = (int)floor(y);
            double fx = x - x0, fy = y - y0;
            double acc = 0;
            for (int j = 0; j < 2; j++)
                for (int i = 0; i < 2; i++) {
                    int xx = x0 + i, yy = y0 + j;
                    double wgt = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
                    int px =
                        xx >= 0 && yy >= 0 && xx < sw && yy < sh ? src[(size_t)yy * sw + xx] : 255;
                    acc += wgt * px;
                }
            out[(size_t)v * out_w + u] = (unsigned char)(acc + 0.5);
        }
    }
    return out;
}

int dk_mrzscan_binarise(unsigned char *strip, int w, int h, int char_h)
{
    size_t n = (size_t)w * h;
    unsigned char *bg = malloc(n);
    if (!bg)
        return -1;
    /* The paper's level around each pixel: the brightest within a window
     * larger than a character, so print never stands for paper. */
    int k = 2 * char_h + 1;
    if (dk_mrzscan_minmax(strip, bg, w, h, k, k, 1) != 0) {
        free(bg);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int b = bg[i] < 16 ? 16 : bg[i];
        int v = strip[i] * 255 / b;
        strip[i] = (unsigned char)(v > 255 ? 255 : v);
    }
    free(bg);
    int thr = dk_mrzscan_otsu(strip, n);
    for (size_t i = 0; i < n; i++)
        strip[i] = strip[i] > thr ? 255 : 0;
    return 0;
}
