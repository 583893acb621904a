/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_small.c — finds a small document the whole picture's search
 * misses. A card taking a tenth of the photo's width on a striped or
 * mottled table hardly stands out in colour from the table's spread, and
 * its sides are short next to the table's own long lines, which crowd them
 * out of the outline's candidates. Sought again in overlapping windows of
 * half the picture's sides, the outline's grid is twice as fine and the
 * table's lines half as long; what a window finds counts when it keeps off
 * the window's edges (wholly inside it) and carries print: a document's
 * text and photo spread its light more than the table round it does,
 * where four lines of the table's own texture enclose more of the same. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The window: half the picture's sides, at 3 x 3 places a quarter of the
 * picture apart (each place is covered by up to four windows: any
 * document spanning under 0.22 of the picture's sides lies inside one and
 * off its edges by WINDOW_KEEP, a quarter less that margin on each side). */
#define WINDOW_SHARE 0.5
#define WINDOW_PLACES 3
/* An outline within this share of its window's edge may be cut by it. */
#define WINDOW_KEEP 0.03
/* Print: the luma's spread over the outline's box (RING_INSET of its size
 * left out at each side: its edge, its rounded corners) at least
 * PRINT_SPREAD times that over the ring round it (RING_OUT of its size
 * out). A table's texture, inside or out, spreads alike (0.9-1.1 on the
 * draws' stripes); a card's print (1.8 and more on the draws) spreads
 * more than any table it lies on that lets it be found at all. */
#define RING_INSET (1 / 8.0)
#define RING_OUT (1 / 3.0)
#define PRINT_SPREAD 1.5

/* The luma's standard deviation over the raster's pixels in box b
 * (x0, y0, x1, y1, clipped to the raster), those in hole left out (NULL:
 * none). */
static double luma_spread(const dk_doc_raster *r, const int b[4], const int *hole)
{
    double sum = 0, sum2 = 0;
    long n = 0;
    int x0 = b[0] < 0 ? 0 : b[0], y0 = b[1] < 0 ? 0 : b[1];
    int x1 = b[2] > r->w ? r->w : b[2], y1 = b[3] > r->h ? r->h : b[3];
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            if (hole && x >= hole[0] && x < hole[2] && y >= hole[1] && y < hole[3])
                continue;
            const unsigned char *p = r->rgb + ((size_t)y * r->w + x) * 3;
            double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            sum += l, sum2 += l * l, n++;
        }
    if (n == 0)
        return 0;
    double mean = sum / n;
    return sqrt(fmax(0, sum2 / n - mean * mean));
}

int dk_doc_carries_print(const dk_doc_raster *r, const int box[4])
{
    int bw = box[2] - box[0], bh = box[3] - box[1];
    int ix = (int)(RING_INSET * bw), iy = (int)(RING_INSET * bh);
    int ox = (int)(RING_OUT * bw), oy = (int)(RING_OUT * bh);
    const int inside[4] = {box[0] + ix, box[1] + iy, box[2] - ix, box[3] - iy};
    const int ring[4] = {box[0] - ox, box[1] - oy, box[2] + ox, box[3] + oy};
    return luma_spread(r, inside, NULL) >= PRINT_SPREAD * luma_spread(r, ring, box);
}

/* o moved by (dx, dy) raster pixels. */
static void shift_outline(dk_doc_outline *o, int dx, int dy)
{
    for (int k = 0; k < 4; k++)
        o->x[k] += dx, o->y[k] += dy;
    o->x0 += dx, o->x1 += dx, o->y0 += dy, o->y1 += dy;
}

int dk_doc_small_find(const dk_doc_raster *r, dk_doc_outline *out)
{
    memset(out, 0, sizeof *out);
    int ww = (int)(WINDOW_SHARE * r->w), wh = (int)(WINDOW_SHARE * r->h);
    dk_doc_raster win = {malloc((size_t)ww * wh * 3), ww, wh, r->full_w, r->full_h, r->shrink};
    if (!win.rgb)
        return -1;
    double best = 0;
    for (int py = 0; py < WINDOW_PLACES; py++)
        for (int px = 0; px < WINDOW_PLACES; px++) {
            int x0 = px * (r->w - ww) / (WINDOW_PLACES - 1),
                y0 = py * (r->h - wh) / (WINDOW_PLACES - 1);
            for (int y = 0; y < wh; y++)
                memcpy(win.rgb + (size_t)y * ww * 3, r->rgb + ((size_t)(y0 + y) * r->w + x0) * 3,
                       (size_t)ww * 3);
            dk_doc_outline o;
            if (dk_doc_outline_find(&win, NULL, NULL, &o) != 0) {
                free(win.rgb);
                return -1;
            }
            if (!o.found || o.wide * o.high <= best || o.x0 < WINDOW_KEEP * ww ||
                o.y0 < WINDOW_KEEP * wh || o.x1 > (1 - WINDOW_KEEP) * ww ||
                o.y1 > (1 - WINDOW_KEEP) * wh)
                continue;
            shift_outline(&o, x0, y0);
            const int box[4] = {o.x0, o.y0, o.x1, o.y1};
            if (!dk_doc_carries_print(r, box))
                continue;
            best = o.wide * o.high;
            *out = o;
        }
    free(win.rgb);
    return 0;
}
