/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_exposure.c — is the document lit well enough to read? From luma
 * histograms of the document and of the whole picture: too dark when even
 * the brightest parts (the paper) stay dim, overexposed when much of the
 * picture is burnt out at the sensor's ceiling. The whole picture keeps the
 * judgement sound when a washed-out document cannot be told from its
 * background; the document's median is reported for the reader. */
#include "doccheck/dk_doc_internal.h"

#define INSET 0.05
/* Luma at or above this is taken as clipped (8-bit, after JPEG rounding). */
#define CLIPPED 250

typedef struct {
    int median, p95;
    double clipped;
} luma_stats;

static void measure(const dk_doc_raster *r, int x0, int y0, int x1, int y1, luma_stats *s)
{
    unsigned long hist[256] = {0}, total = 0, run = 0, clipped = 0;
    for (int y = y0; y < y1; y++) {
        const unsigned char *p = r->rgb + ((size_t)y * r->w + x0) * 3;
        for (int x = x0; x < x1; x++, p += 3)
            hist[(77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8]++;
    }
    for (int v = 0; v < 256; v++)
        total += hist[v];
    for (int v = CLIPPED; v < 256; v++)
        clipped += hist[v];
    s->median = s->p95 = -1;
    for (int v = 0; v < 256; v++) {
        run += hist[v];
        if (s->median < 0 && run * 2 > total)
            s->median = v;
        if (s->p95 < 0 && run * 20 > total * 19)
            s->p95 = v;
    }
    s->median = s->median < 0 ? 255 : s->median;
    s->p95 = s->p95 < 0 ? 255 : s->p95;
    s->clipped = total ? (double)clipped / (double)total : 0;
}

int dk_doc_exposure_check(const dk_doc_raster *r, const dk_doc_region *reg,
                          const dk_doc_limits *lim, int *dark, int *over, json_t *figures)
{
    int x0, y0, x1, y1;
    dk_doc_inset(reg, INSET, &x0, &y0, &x1, &y1);
    luma_stats doc, all;
    measure(r, x0, y0, x1, y1, &doc);
    measure(r, 0, 0, r->w, r->h, &all);
    int bright = doc.p95 > all.p95 ? doc.p95 : all.p95;
    *dark = bright < lim->min_luma_bright;
    *over = all.clipped > lim->max_clipped_share;
    json_t *f = json_object();
    json_object_set_new(f, "luma_p95", json_integer(bright));
    json_object_set_new(f, "min_luma_p95", json_real(lim->min_luma_bright));
    json_object_set_new(f, "document_luma_median", json_integer(doc.median));
    json_object_set_new(f, "clipped_share", json_real(dk_doc_round(all.clipped, 4)));
    json_object_set_new(f, "max_clipped_share", json_real(lim->max_clipped_share));
    if (json_object_set_new(figures, "exposure", f) != 0)
        return -1;
    return *dark || *over;
}
