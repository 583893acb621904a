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
 * where four lines of the table's own texture enclose more of the same.
 * Where the document's colour was found but not its outline, the colour's
 * box may be much larger than the document (the table's blotches joined
 * it, or a stretch of table out to the border) and would measure it so:
 * one window round that box (the outline's grid the finer, the smaller
 * the window) outlines it, and the outline counts when the rest of the box
 * is plain table, not more of a document whose photo or printed frame it
 * found. Where no window outlines it, its block of print may still show
 * it (dk_doc_print.c). */
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
/* Near a colour's box: the window takes NEAR_MARGIN of the box's size
 * round it on each side; the outline lies within the box (grown by the
 * caller's pad) for at least NEAR_WITHIN of its area; the box's rest (out
 * of the outline grown by RING_INSET) spreads its light at most
 * REST_SPREAD times as much as the ring round the box does. On the draws
 * the tables' blotches a box takes in score 1.3-1.4, the print round a
 * cut document's photo or frame 2.1 and more. */
#define NEAR_MARGIN 0.25
#define NEAR_WITHIN 0.9
#define REST_SPREAD 1.6
/* A photo's noise: no table spreads its light less (a luma level). */
#define NOISE_SPREAD 1.0

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

/* box grown by share of its size on each side (shrunk when negative). */
static void grow_box(const int box[4], double share, int out[4])
{
    int dx = (int)(share * (box[2] - box[0])), dy = (int)(share * (box[3] - box[1]));
    out[0] = box[0] - dx, out[1] = box[1] - dy, out[2] = box[2] + dx, out[3] = box[3] + dy;
}

/* The luma's spread over the ring of RING_OUT of box's size round it. */
static double ring_spread(const dk_doc_raster *r, const int box[4])
{
    int ring[4];
    grow_box(box, RING_OUT, ring);
    return luma_spread(r, ring, box);
}

int dk_doc_carries_print(const dk_doc_raster *r, const int box[4])
{
    int inside[4];
    grow_box(box, -RING_INSET, inside);
    return luma_spread(r, inside, NULL) >= PRINT_SPREAD * ring_spread(r, box);
}

/* Whether the colour's box, outside outline o, is plain like the table
 * round it (also when o covers it all). */
static int rest_is_plain(const dk_doc_raster *r, const int box[4], const dk_doc_outline *o)
{
    const int ob[4] = {o->x0, o->y0, o->x1, o->y1};
    int hole[4];
    grow_box(ob, RING_INSET, hole);
    return luma_spread(r, box, hole) <= REST_SPREAD * fmax(ring_spread(r, box), NOISE_SPREAD);
}

/* o moved by (dx, dy) raster pixels. */
static void shift_outline(dk_doc_outline *o, int dx, int dy)
{
    for (int k = 0; k < 4; k++)
        o->x[k] += dx, o->y[k] += dy;
    o->x0 += dx, o->x1 += dx, o->y0 += dy, o->y1 += dy;
}

/* The outline found in r's window at (x0, y0), ww x wh (its pixels copied
 * into rgb, as large), on the raster, when it keeps off the window's edges
 * and carries print; else none. 0, or -1 when memory ran out. */
static int window_outline(const dk_doc_raster *r, unsigned char *rgb, int x0, int y0, int ww,
                          int wh, dk_doc_outline *o)
{
    dk_doc_raster win = {rgb, ww, wh, r->full_w, r->full_h, r->shrink};
    for (int y = 0; y < wh; y++)
        memcpy(rgb + (size_t)y * ww * 3, r->rgb + ((size_t)(y0 + y) * r->w + x0) * 3,
               (size_t)ww * 3);
    if (dk_doc_outline_find(&win, NULL, NULL, o) != 0)
        return -1;
    if (!o->found)
        return 0;
    if (o->x0 < WINDOW_KEEP * ww || o->y0 < WINDOW_KEEP * wh || o->x1 > (1 - WINDOW_KEEP) * ww ||
        o->y1 > (1 - WINDOW_KEEP) * wh) {
        memset(o, 0, sizeof *o);
        return 0;
    }
    shift_outline(o, x0, y0);
    const int box[4] = {o->x0, o->y0, o->x1, o->y1};
    if (!dk_doc_carries_print(r, box))
        memset(o, 0, sizeof *o);
    return 0;
}

int dk_doc_small_find(const dk_doc_raster *r, dk_doc_outline *out)
{
    memset(out, 0, sizeof *out);
    int ww = (int)(WINDOW_SHARE * r->w), wh = (int)(WINDOW_SHARE * r->h);
    unsigned char *rgb = malloc((size_t)ww * wh * 3);
    if (!rgb)
        return -1;
    for (int py = 0; py < WINDOW_PLACES; py++)
        for (int px = 0; px < WINDOW_PLACES; px++) {
            int x0 = px * (r->w - ww) / (WINDOW_PLACES - 1),
                y0 = py * (r->h - wh) / (WINDOW_PLACES - 1);
            dk_doc_outline o;
            if (window_outline(r, rgb, x0, y0, ww, wh, &o) != 0) {
                free(rgb);
                return -1;
            }
            if (o.found && o.wide * o.high > out->wide * out->high)
                *out = o;
        }
    free(rgb);
    return out->found ? 0 : dk_doc_print_find(r, NULL, out);
}

int dk_doc_small_find_near(const dk_doc_raster *r, const int box[4], int pad, dk_doc_outline *out)
{
    memset(out, 0, sizeof *out);
    /* The box grown by pad, and by NEAR_MARGIN round that, in the picture. */
    const int grown[4] = {box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad};
    int win[4];
    grow_box(grown, NEAR_MARGIN, win);
    int x0 = win[0] < 0 ? 0 : win[0], y0 = win[1] < 0 ? 0 : win[1];
    int ww = (win[2] > r->w ? r->w : win[2]) - x0, wh = (win[3] > r->h ? r->h : win[3]) - y0;
    if (ww <= 0 || wh <= 0)
        return 0;
    unsigned char *rgb = malloc((size_t)ww * wh * 3);
    if (!rgb)
        return -1;
    dk_doc_outline o;
    int rc = window_outline(r, rgb, x0, y0, ww, wh, &o);
    free(rgb);
    const int ob[4] = {o.x0, o.y0, o.x1, o.y1};
    if (rc == 0 && o.found && dk_doc_share_within(ob, grown) >= NEAR_WITHIN &&
        rest_is_plain(r, box, &o))
        *out = o;
    if (rc != 0 || out->found)
        return rc;
    /* Its sides not found: its print, within the box, no more print in
     * the rest of it. */
    if (dk_doc_print_find(r, box, &o) != 0)
        return -1;
    const int pb[4] = {o.x0, o.y0, o.x1, o.y1};
    if (o.found && dk_doc_share_within(pb, grown) >= NEAR_WITHIN)
        *out = o;
    return 0;
}
