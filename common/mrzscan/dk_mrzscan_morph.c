/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_morph.c — the grey-level morphology the band finder needs on
 * a small 8-bit raster: erosion and dilation by a rectangle (separable,
 * van Herk / Gil-Werman: three comparisons a pixel whatever the size), the
 * black top-hat, a horizontal gradient and Otsu's threshold. */
#include "mrzscan/dk_mrzscan_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAXOF(a, b) ((a) > (b) ? (a) : (b))
#define MINOF(a, b) ((a) < (b) ? (a) : (b))

/* Min or max (OP) over a window of k (odd) centred on each of n samples;
 * outside the line counts as neutral. p, g and h hold n + k - 1. Blocks
 * of k: g runs forward from each block's start, h backward from its end;
 * a window spans at most two blocks. */
#define LINE_PASS(NAME, OP)                                                                        \
    static void NAME(const unsigned char *in, unsigned char *out, int n, int k,                    \
                     unsigned char neutral, unsigned char *p, unsigned char *g, unsigned char *h)  \
    {                                                                                              \
        int r = k / 2, len = n + 2 * r;                                                            \
        memset(p, neutral, (size_t)r);                                                             \
        memcpy(p + r, in, (size_t)n);                                                              \
        memset(p + r + n, neutral, (size_t)r);                                                     \
        for (int i = 0, c = 0; i < len; i++, c = c + 1 == k ? 0 : c + 1)                           \
            g[i] = c == 0 ? p[i] : OP(g[i - 1], p[i]);                                             \
        int last = len - 1;                                                                        \
        for (int i = last; i >= 0; i--)                                                            \
            h[i] = (i == last || (i + 1) % k == 0) ? p[i] : OP(h[i + 1], p[i]);                    \
        for (int i = 0; i < n; i++)                                                                \
            out[i] = OP(h[i], g[i + k - 1]);                                                       \
    }
LINE_PASS(line_max, MAXOF)
LINE_PASS(line_min, MINOF)

/* The same along columns, a whole row at a time (the rows stay in cache
 * and the inner loops vectorise): G and H hold (h + k - 1) rows of w. */
#define COLUMN_PASS(NAME, OP)                                                                      \
    static void NAME(const unsigned char *in, unsigned char *out, int w, int h, int k,             \
                     unsigned char neutral, unsigned char *G, unsigned char *H)                    \
    {                                                                                              \
        int r = k / 2, len = h + 2 * r;                                                            \
        for (int i = 0, c = 0; i < len; i++, c = c + 1 == k ? 0 : c + 1) {                         \
            int src = i - r;                                                                       \
            unsigned char *g = G + (size_t)i * w;                                                  \
            if (src < 0 || src >= h)                                                               \
                memset(g, neutral, (size_t)w);                                                     \
            else                                                                                   \
                memcpy(g, in + (size_t)src * w, (size_t)w);                                        \
            if (c != 0)                                                                            \
                for (int x = 0; x < w; x++)                                                        \
                    g[x] = OP(g[x - w], g[x]);                                                     \
        }                                                                                          \
        for (int i = len - 1; i >= 0; i--) {                                                       \
            int src = i - r;                                                                       \
            unsigned char *hh = H + (size_t)i * w;                                                 \
            if (src < 0 || src >= h)                                                               \
                memset(hh, neutral, (size_t)w);                                                    \
            else                                                                                   \
                memcpy(hh, in + (size_t)src * w, (size_t)w);                                       \
            if (i != len - 1 && (i + 1) % k != 0)                                                  \
                for (int x = 0; x < w; x++)                                                        \
                    hh[x] = OP(hh[x + w], hh[x]);                                                  \
        }                                                                                          \
        for (int y = 0; y < h; y++) {                                                              \
            const unsigned char *a = H + (size_t)y * w, *b = G + (size_t)(y + k - 1) * w;          \
            unsigned char *o = out + (size_t)y * w;                                                \
            for (int x = 0; x < w; x++)                                                            \
                o[x] = OP(a[x], b[x]);                                                             \
        }                                                                                          \
    }
COLUMN_PASS(column_max, MAXOF)
COLUMN_PASS(column_min, MINOF)

int dk_mrzscan_minmax(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh,
                      int is_max)
{
    kw |= 1;
    kh |= 1;
    size_t rows = (size_t)h + kh;
    unsigned char neutral = is_max ? 0 : 255;
    unsigned char *tmp = malloc((size_t)w * h);
    unsigned char *p = malloc((size_t)w + kw), *g = malloc((size_t)w + kw),
                  *hh = malloc((size_t)w + kw);
    unsigned char *G = malloc(rows * w), *H = malloc(rows * w);
    int rc = -1;
    if (tmp && p && g && hh && G && H) {
        for (int y = 0; y < h; y++)
            (is_max ? line_max : line_min)(in + (size_t)y * w, tmp + (size_t)y * w, w, kw, neutral,
                                           p, g, hh);
        (is_max ? column_max : column_min)(tmp, out, w, h, kh, neutral, G, H);
        rc = 0;
    }
    free(tmp);
    free(p);
    free(g);
    free(hh);
    free(G);
    free(H);
    return rc;
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
