/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_morph.c — the grey-level morphology the band finder needs on
 * a small 8-bit raster: erosion and dilation by a rectangle (separable,
 * van Herk / Gil-Werman: three comparisons a pixel whatever the size), the
 * black top-hat, a horizontal gradient and Otsu's threshold. */
#include "mrzscan/dk_mrzscan_internal.h"

#include <stdlib.h>
#include <string.h>

static inline unsigned char pick(unsigned char a, unsigned char b, int is_max)
{
    return is_max ? (a > b ? a : b) : (a < b ? a : b);
}

/* Min or max over a window of k (odd) centred on each of n samples at
 * stride apart; outside the line counts as neutral. g and h hold n + k. */
static void line_minmax(const unsigned char *in, unsigned char *out, int n, int stride, int k,
                        int is_max, unsigned char *g, unsigned char *h)
{
    int r = k / 2, len = n + 2 * r;
    unsigned char neutral = is_max ? 0 : 255;
    /* padded[i] = in[i - r] */
    for (int i = 0; i < len; i++) {
        int src = i - r;
        unsigned char v = src >= 0 && src < n ? in[(size_t)src * stride] : neutral;
        g[i] = (i % k == 0) ? v : pick(g[i - 1], v, is_max);
    }
    for (int i = len - 1; i >= 0; i--) {
        int src = i - r;
        unsigned char v = src >= 0 && src < n ? in[(size_t)src * stride] : neutral;
        h[i] = (i == len - 1 || (i + 1) % k == 0) ? v : pick(h[i + 1], v, is_max);
    }
    /* window [i, i + k - 1] of the padded line = h[i] with g[i + k - 1] */
    for (int i = 0; i < n; i++)
        out[(size_t)i * stride] = pick(h[i], g[i + k - 1], is_max);
}

int dk_mrzscan_minmax(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh,
                      int is_max)
{
    kw |= 1;
    kh |= 1;
    int longest = (w > h ? w : h) + (kw > kh ? kw : kh);
    unsigned char *tmp = malloc((size_t)w * h);
    unsigned char *line = calloc((size_t)longest, 1);
    unsigned char *res = malloc((size_t)longest);
    unsigned char *g = malloc((size_t)longest), *hh = malloc((size_t)longest);
    if (!tmp || !line || !res || !g || !hh) {
        free(tmp);
        free(line);
        free(res);
        free(g);
        free(hh);
        return -1;
    }
    for (int y = 0; y < h; y++)
        line_minmax(in + (size_t)y * w, tmp + (size_t)y * w, w, 1, kw, is_max, g, hh);
    for (int x = 0; x < w; x++) {
        for (int y = 0; y < h; y++)
            line[y] = tmp[(size_t)y * w + x];
        line_minmax(line, res, h, 1, kh, is_max, g, hh);
        for (int y = 0; y < h; y++)
            out[(size_t)y * w + x] = res[y];
    }
    free(tmp);
    free(line);
    free(res);
    free(g);
    free(hh);
    return 0;
}

int dk_mrzscan_close(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh)
{
    unsigned char *tmp = malloc((size_t)w * h);
    if (!tmp)
        return -1;
    int rc = dk_mrzscan_minmax(in, tmp, w, h, kw, kh, 1);
    if (rc == 0)
        rc = dk_mrzscan_minmax(tmp, out, w, h, kw, kh, 0);
    free(tmp);
    return rc;
}

int dk_mrzscan_blackhat(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh)
{
    if (dk_mrzscan_close(in, out, w, h, kw, kh) != 0)
        return -1;
    for (size_t i = 0; i < (size_t)w * h; i++)
        out[i] = (unsigned char)(out[i] - in[i]); /* closing >= input */
    return 0;
}

void dk_mrzscan_gradient_x(const unsigned char *in, unsigned char *out, int w, int h)
{
    int max = 1;
    for (int y = 0; y < h; y++) {
        const unsigned char *r = in + (size_t)y * w;
        const unsigned char *up = y > 0 ? r - w : r, *dn = y + 1 < h ? r + w : r;
        for (int x = 0; x < w; x++) {
            int a = x > 0 ? x - 1 : x, b = x + 1 < w ? x + 1 : x;
            /* Sobel in x */
            int d = (up[b] + 2 * r[b] + dn[b]) - (up[a] + 2 * r[a] + dn[a]);
            d = d < 0 ? -d : d;
            d = d > 255 ? 255 : d;
            out[(size_t)y * w + x] = (unsigned char)d;
            if (d > max)
                max = d;
        }
    }
    for (size_t i = 0; i < (size_t)w * h; i++)
        out[i] = (unsigned char)(out[i] * 255 / max);
}

int dk_mrzscan_otsu(const unsigned char *p, size_t n)
{
    double hist[256] = {0};
    for (size_t i = 0; i < n; i++)
        hist[p[i]]++;
    double sum = 0;
    for (int i = 0; i < 256; i++)
        sum += i * hist[i];
    double w0 = 0, sum0 = 0, best = -1;
    int thr = 128;
    for (int t = 0; t < 256; t++) {
        w0 += hist[t];
        if (w0 == 0)
            continue;
        double w1 = (double)n - w0;
        if (w1 == 0)
            break;
        sum0 += t * hist[t];
        double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
        double between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if (between > best) {
            best = between;
            thr = t;
        }
    }
    return thr;
}
