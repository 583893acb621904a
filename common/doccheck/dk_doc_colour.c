/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_colour.c — is the document in colour? Measured by how far the
 * document's colour strays in chroma (YCbCr) from the light's tint — the
 * 99th percentile of that distance over small cells — not by the band
 * count: a colour photo of a grey photocopy, even under a warm light, has no
 * spread and is refused. A light's tint scales every channel, so a grey
 * document's chroma is the tint times its luma: its paper takes the tint,
 * its dark print and photo hardly any. The tint is therefore measured per
 * unit of luma (the median of chroma / luma over the cells light enough to
 * tell) and each cell's chroma compared with the tint at its own luma. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdlib.h>

/* The box is inset by this share on each side so that the background in the
 * corners of a tilted document does not count. */
#define INSET 0.12
/* The share of the document that must show colour: a coat of arms, a photo,
 * coloured print — 1% is enough, a grey copy has none. */
#define QUANTILE (1 - DK_DOC_COLOUR_SHARE)
/* Where no outline of the document was found the box is the colour's
 * (dk_doc_frame.c), and around a light document on a light, grainy table
 * it takes in table as well, up to as much again as the document: a light
 * colour card whose photo and flag make its 1% then showed them on half a
 * percent of the box, and was told it was grey. The document's 1% is
 * looked for in the box's 0.5% there. A grey copy gains nothing by it: its
 * most colourful half percent is as grey as its 1%, unless the table is
 * coloured, which then shows colour on either share. */
#define QUANTILE_UNOUTLINED 0.995
/* Chroma is taken as the mean of CELL x CELL raster pixels: the colour
 * fringes a camera and JPEG leave along black print on white (each a pixel
 * or two, of either sign) cancel out there, while a colour area of the
 * document, a photo or an emblem, spans many cells. Pixel by pixel those
 * fringes put grey copies of sharp print within 4 of colour documents;
 * cell by cell they stand twice apart (tests/corpus, five draws). */
#define CELL 4
/* But never more than CELL_PHOTO_PX pixels of the photo: decoded at 1/8
 * (a 12 MP photo of a document filling a quarter of it), CELL raster
 * pixels are 32 of the photo, and thin coloured lettering, a passport's
 * only colour beside a black-and-white portrait, is averaged away to grey
 * there; the decoder's own 8 x 8 averaging has already cancelled the
 * fringes. At 24 the grey copies measure as before (tests/corpus). */
#define CELL_PHOTO_PX 24
/* Cells darker than this tell the tint poorly (chroma / luma). */
#define TINT_MIN_LUMA 64
/* Distances are binned by 1/BINS_PER. */
#define BINS_PER 8
#define BINS (256 * BINS_PER)

static double hist_quantile(const unsigned *hist, int bins, unsigned long total, double q)
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
    double to_full = dk_doc_to_full(r);
    int cell = to_full > 1 ? (int)(CELL_PHOTO_PX / to_full + 0.5)
                           : CELL; /* not reduced (or no size known): the raster is the photo */
    cell = cell < 1 ? 1 : cell > CELL ? CELL : cell;
    /* Too small a box for cells: pixels. */
    int c = x1 - x0 >= 8 * cell && y1 - y0 >= 8 * cell ? cell : 1;
    int cw = (x1 - x0) / c, ch = (y1 - y0) / c;
    size_t cells = cw > 0 && ch > 0 ? (size_t)cw * ch : 0;
    float *luma = malloc((cells ? cells : 1) * 3 * sizeof(float));
    float *cb = luma ? luma + cells : NULL, *cr = luma ? luma + 2 * cells : NULL;
    unsigned *hist = calloc(BINS, sizeof(unsigned));
    if (!luma || !hist) {
        free(luma), free(hist);
        return -1;
    }
    /* Each cell's mean chroma, and the medians from histograms of 1/4. */
    dk_doc_cell_means(r, x0, y0, c, cw, ch, luma, cb, cr);
    unsigned *hcb = hist, *hcr = hist + BINS / 2; /* -128..127 at 1/4 each */
    for (size_t i = 0; i < cells; i++) {
        int bb = (int)((cb[i] + 128) * 4), br = (int)((cr[i] + 128) * 4);
        hcb[bb < 0 ? 0 : bb > 1023 ? 1023 : bb]++;
        hcr[br < 0 ? 0 : br > 1023 ? 1023 : br]++;
    }
    unsigned long total = cells ? cells : 1;
    double mcb = (hist_quantile(hcb, 1024, total, 0.5) + 0.5) / 4 - 128,
           mcr = (hist_quantile(hcr, 1024, total, 0.5) + 0.5) / 4 - 128;
    /* The tint per unit of luma, from histograms of chroma / luma by
     * 1/1024 over -0.5..0.5 (none when no cell is light enough). */
    for (int i = 0; i < BINS; i++)
        hist[i] = 0;
    unsigned long lit = 0;
    for (size_t i = 0; i < cells; i++) {
        if (luma[i] < TINT_MIN_LUMA)
            continue;
        int bb = (int)((cb[i] / luma[i] + 0.5) * 1024), br = (int)((cr[i] / luma[i] + 0.5) * 1024);
        hcb[bb < 0 ? 0 : bb > 1023 ? 1023 : bb]++;
        hcr[br < 0 ? 0 : br > 1023 ? 1023 : br]++;
        lit++;
    }
    double kb = lit ? (hist_quantile(hcb, 1024, lit, 0.5) + 0.5) / 1024 - 0.5 : 0,
           kr = lit ? (hist_quantile(hcr, 1024, lit, 0.5) + 0.5) / 1024 - 0.5 : 0;
    for (int i = 0; i < BINS; i++)
        hist[i] = 0;
    for (size_t i = 0; i < cells; i++) {
        double db = cb[i] - kb * luma[i], dr = cr[i] - kr * luma[i];
        int bin = (int)(sqrt(db * db + dr * dr) * BINS_PER);
        hist[bin < BINS ? bin : BINS - 1]++;
    }
    double q = reg->outlined ? QUANTILE : QUANTILE_UNOUTLINED;
    double spread = hist_quantile(hist, BINS, total, q) / BINS_PER;
    double cast = sqrt(mcb * mcb + mcr * mcr);
    free(luma), free(hist);
    json_t *f = json_object();
    json_object_set_new(f, "chroma_p99", json_real(dk_doc_round(spread, 2)));
    json_object_set_new(f, "box_quantile", json_real(q));
    json_object_set_new(f, "bound", json_real(lim->min_chroma));
    json_object_set_new(f, "cast", json_real(dk_doc_round(cast, 1)));
    if (json_object_set_new(figures, "colour", f) != 0)
        return -1;
    return spread < lim->min_chroma;
}
