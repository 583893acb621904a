/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_colour.c — is the document in colour? Measured by how far the
 * document's pixels stray in chroma (YCbCr) from their own median — the 99th
 * percentile of that distance — not by the band count: a colour photo of a
 * grey photocopy, even under a warm light that tints everything alike, has
 * no spread and is refused. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>

/* The box is inset by this share on each side so that the background in the
 * corners of a tilted document does not count. */
#define INSET 0.12
/* The share of the document that must show colour: a coat of arms, a photo,
 * coloured print — 1% is enough, a grey copy has none. */
#define QUANTILE 0.99

static int hist_quantile(const unsigned *hist, int bins, unsigned long total, double q)
{
    unsigned long want = (unsigned long)(q * (double)total), run = 0;
    for (int i = 0; i < bins; i++) {
        run += hist[i];
        if (run > want)
            return i;
    }
    return bins - 1;
}

int dk_doc_colour_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                        json_t *figures)
{
    int x0, y0, x1, y1;
    dk_doc_inset(reg, INSET, &x0, &y0, &x1, &y1);
    unsigned hcb[256] = {0}, hcr[256] = {0}, hdev[256] = {0};
    unsigned long total = 0;
    for (int y = y0; y < y1; y++) {
        const unsigned char *p = r->rgb + ((size_t)y * r->w + x0) * 3;
        for (int x = x0; x < x1; x++, p += 3) {
            int cb = (-43 * p[0] - 85 * p[1] + 128 * p[2] + 32768) >> 8;
            int cr = (128 * p[0] - 107 * p[1] - 21 * p[2] + 32768) >> 8;
            hcb[cb & 255]++;
            hcr[cr & 255]++;
            total++;
        }
    }
    if (!total)
        total = 1;
    int mcb = hist_quantile(hcb, 256, total, 0.5), mcr = hist_quantile(hcr, 256, total, 0.5);
    for (int y = y0; y < y1; y++) {
        const unsigned char *p = r->rgb + ((size_t)y * r->w + x0) * 3;
        for (int x = x0; x < x1; x++, p += 3) {
            int cb = ((-43 * p[0] - 85 * p[1] + 128 * p[2] + 32768) >> 8) - mcb;
            int cr = ((128 * p[0] - 107 * p[1] - 21 * p[2] + 32768) >> 8) - mcr;
            int d = (int)sqrt((double)(cb * cb + cr * cr));
            hdev[d > 255 ? 255 : d]++;
        }
    }
    double spread = hist_quantile(hdev, 256, total, QUANTILE);
    double cast = sqrt((double)((mcb - 128) * (mcb - 128) + (mcr - 128) * (mcr - 128)));
    json_t *f = json_object();
    json_object_set_new(f, "chroma_p99", json_real(spread));
    json_object_set_new(f, "bound", json_real(lim->min_chroma));
    json_object_set_new(f, "cast", json_real(dk_doc_round(cast, 1)));
    if (json_object_set_new(figures, "colour", f) != 0)
        return -1;
    return spread < lim->min_chroma;
}
