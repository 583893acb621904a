/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_print.c — finds a small document by its print where no outline
 * search finds its sides. A light card on a light mottled, striped or
 * chequered table may differ from it at its border by less than the
 * outline's edge step, while its print (title, photo, text, MRZ) stands
 * out plainly: dark strokes on light paper, steps of tens of luma levels
 * from one pixel to the next where the table, however textured, changes
 * over many. The fine steps are counted in cells of a grid of the
 * picture; a document's print makes one dense block of them, shaped like
 * a card or a page, wholly inside the picture, and plain table round it.
 * Its steps' own extent, the card's edge among them, measures it. The
 * last of dk_doc_frame.c's searches, after the outline's and the
 * windows'. The same cells tell whether a document's print runs on past a
 * side of its box out to the border: the border cuts it there, whatever
 * edge seemed to close that side. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The steps are taken on the luma reduced to about PRINT_LONG pixels along
 * the long side (whole raster pixels averaged: the same for a raster
 * decoded at any scale), in cells of about GRID_LONG along it. */
#define PRINT_LONG 500
#define GRID_LONG 128
/* A fine step: the luma differs between two neighbours by at least
 * STEP_NOISE times the picture's median difference (its grain and
 * texture), and at least STEP_FLOOR levels (a photo of a smooth table has
 * a median of 1-2). */
#define STEP_NOISE 4
#define STEP_FLOOR 12
/* A cell of print: at least DENSE_SHARE of its pixels begin a fine step
 * (either way: a card's own side among them, where its print stops short
 * of it); stepping both ways when EACH_WAY of that many step across and
 * as many down. */
#define DENSE_SHARE 0.1
#define EACH_WAY 0.3
/* The print's block: cells of print joined across gaps of up to two cells
 * (JOIN_CELLS - 1: the space between lines of text, a photo's flat
 * background, a card's plain middle), spanning at least MIN_CELLS along
 * its long side, at most SMALL_SHARE of the grid's sides (larger documents
 * are outlined), at least FILL_MIN of its box print, and JOIN_CELLS or
 * more off the grid's edges: a document the border cuts carries its print
 * out to it. Its extent is a document's shape (DK_DOC_ASPECT_MIN-MAX): a
 * document's photo alone is squarer, lines of text longer. */
#define JOIN_CELLS 3
#define MIN_CELLS 8
#define SMALL_SHARE 0.25
#define FILL_MIN 0.3
/* Plain table round it: in the ring of RING_SHARE of its size round its
 * box (grown by a cell), and in the rest of a box it is sought in, at
 * most RING_DENSE of the cells are print. */
#define RING_SHARE 0.5
#define RING_DENSE 0.05
/* Past a side: the strip out to the border leaves SIDE_GAP cells off the
 * side (the document's own edge, a box a little inside it). */
#define SIDE_GAP 2
/* The block's extent: the EXTENT_TRIM and 1 - EXTENT_TRIM quantiles of its
 * fine steps' places, one cell round its box (a speck of the table left
 * out). */
#define EXTENT_TRIM 0.01

/* A cell's print: any, and stepping both ways (as letters and a face do;
 * a table's stripes step one way). */
enum { PRINT_ANY = 1, PRINT_BOTH = 2 };

typedef struct {
    int w, h;             /* the reduced luma's size */
    int k;                /* raster pixels per reduced pixel, each way */
    unsigned char *fine;  /* where a fine step begins, w x h: 1 across, 2 down */
    int c, gw, gh;        /* the grid: c x c reduced pixels a cell */
    unsigned char *dense; /* gw x gh: PRINT_ANY where a cell is print, and
                             PRINT_BOTH where it steps both ways */
} print_map;

/* The luma's steps to the right and downwards at each pixel (0 past the
 * last column and row). */
static inline float step_across(const float *p, int x, int w)
{
    return x + 1 < w ? fabsf(p[1] - p[0]) : 0;
}
static inline float step_down(const float *p, int y, int w, int h)
{
    return y + 1 < h ? fabsf(p[w] - p[0]) : 0;
}

/* Marks in fine where a fine step begins on the w x h luma l: 1 across,
 * 2 down. */
static void fine_steps(const float *l, int w, int h, unsigned char *fine)
{
    unsigned long hist[256] = {0};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const float *p = l + (size_t)y * w + x;
            float s = fmaxf(step_across(p, x, w), step_down(p, y, w, h));
            hist[s < 255 ? (int)s : 255]++;
        }
    unsigned long half = (unsigned long)w * h / 2, seen = 0;
    int med = 0;
    while (med < 255 && (seen += hist[med]) <= half)
        med++;
    float least = STEP_NOISE * med > STEP_FLOOR ? STEP_NOISE * med : STEP_FLOOR;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const float *p = l + (size_t)y * w + x;
            fine[(size_t)y * w + x] = (unsigned char)((step_across(p, x, w) >= least) |
                                                      (step_down(p, y, w, h) >= least) << 1);
        }
}

/* The fine steps and the cells of print of r; 0, 1 when the raster is too
 * small to hold a block of print, or -1 on no memory. */
static int map_print(const dk_doc_raster *r, print_map *m)
{
    int longest = r->w > r->h ? r->w : r->h;
    m->k = (longest + PRINT_LONG / 2) / PRINT_LONG;
    if (m->k < 1)
        m->k = 1;
    m->w = r->w / m->k, m->h = r->h / m->k;
    int reduced_long = m->w > m->h ? m->w : m->h;
    m->c = reduced_long > GRID_LONG ? (reduced_long + GRID_LONG - 1) / GRID_LONG : 1;
    m->gw = m->w / m->c, m->gh = m->h / m->c;
    if (m->gw < MIN_CELLS + 2 * JOIN_CELLS || m->gh < MIN_CELLS / 2 + 2 * JOIN_CELLS)
        return 1; /* no room for a block of print off the edges */
    size_t n = (size_t)m->w * m->h;
    float *l = malloc(n * 3 * sizeof *l); /* the luma, then Cb and Cr, unused */
    m->fine = malloc(n);
    m->dense = calloc((size_t)m->gw * m->gh, 1);
    if (!l || !m->fine || !m->dense) {
        free(l);
        return -1;
    }
    dk_doc_cell_means(r, 0, 0, m->k, m->w, m->h, l, l + n, l + 2 * n);
    fine_steps(l, m->w, m->h, m->fine);
    free(l);
    int need = (int)ceil(DENSE_SHARE * m->c * m->c), need_each = (int)ceil(EACH_WAY * need);
    for (int gy = 0; gy < m->gh; gy++)
        for (int gx = 0; gx < m->gw; gx++) {
            int steps = 0, across = 0, down = 0;
            for (int y = gy * m->c; y < (gy + 1) * m->c; y++)
                for (int x = gx * m->c; x < (gx + 1) * m->c; x++) {
                    int f = m->fine[(size_t)y * m->w + x];
                    steps += f != 0, across += f & 1, down += f >> 1;
                }
            int both = steps >= need && across >= need_each && down >= need_each;
            m->dense[(size_t)gy * m->gw + gx] =
                (unsigned char)((steps >= need ? PRINT_ANY : 0) | (both ? PRINT_BOTH : 0));
        }
    return 0;
}

/* Cells of print in the grid's box (x0, y0, x1, y1, clipped), and into
 * *cells how many cells that box holds: of any print (way PRINT_ANY), or
 * of print stepping both ways (PRINT_BOTH). */
static int dense_in(const print_map *m, int x0, int y0, int x1, int y1, int way, int *cells)
{
    x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > m->gw ? m->gw : x1, y1 = y1 > m->gh ? m->gh : y1;
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += (m->dense[(size_t)y * m->gw + x] & way) != 0;
    *cells = x1 > x0 && y1 > y0 ? (x1 - x0) * (y1 - y0) : 0;
    return n;
}

/* The block of print joined to cell (sx, sy), marked in seen: its box in
 * cells (x0, y0, x1, y1 exclusive) and its cells of print. stack holds
 * gw x gh cell indices. */
static int grow_block(const print_map *m, int sx, int sy, unsigned char *seen, int *stack, int b[4])
{
    int top = 0, n = 0;
    stack[top++] = sy * m->gw + sx;
    seen[sy * m->gw + sx] = 1;
    b[0] = b[2] = sx, b[1] = b[3] = sy;
    while (top) {
        int at = stack[--top], x = at % m->gw, y = at / m->gw;
        n++;
        b[0] = x < b[0] ? x : b[0], b[1] = y < b[1] ? y : b[1];
        b[2] = x > b[2] ? x : b[2], b[3] = y > b[3] ? y : b[3];
        /* Neighbours up to JOIN_CELLS away: gaps of fewer cells join. */
        for (int dy = -JOIN_CELLS; dy <= JOIN_CELLS; dy++)
            for (int dx = -JOIN_CELLS; dx <= JOIN_CELLS; dx++) {
                int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= m->gw || ny >= m->gh)
                    continue;
                int i = ny * m->gw + nx;
                if ((m->dense[i] & PRINT_ANY) && !seen[i])
                    seen[i] = 1, stack[top++] = i;
            }
    }
    b[2]++, b[3]++;
    return n;
}

/* Whether block b (cells, n of them print) is a small document's print:
 * its size, shape and fill, inside the grid, plain table round it. */
static int block_is_document(const print_map *m, const int b[4], int n)
{
    int bw = b[2] - b[0], bh = b[3] - b[1];
    int hi = bw > bh ? bw : bh;
    if (hi < MIN_CELLS || bw > SMALL_SHARE * m->gw || bh > SMALL_SHARE * m->gh ||
        n < FILL_MIN * bw * bh || b[0] < JOIN_CELLS || b[1] < JOIN_CELLS ||
        b[2] > m->gw - JOIN_CELLS || b[3] > m->gh - JOIN_CELLS)
        return 0;
    /* A cell round it, then the ring. */
    const int g[4] = {b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1};
    int rx = (int)ceil(RING_SHARE * (g[2] - g[0])), ry = (int)ceil(RING_SHARE * (g[3] - g[1]));
    int outer_cells, inner_cells;
    int ring = dense_in(m, g[0] - rx, g[1] - ry, g[2] + rx, g[3] + ry, PRINT_ANY, &outer_cells) -
               dense_in(m, g[0], g[1], g[2], g[3], PRINT_ANY, &inner_cells);
    int ring_cells = outer_cells - inner_cells;
    return ring_cells > 0 && ring <= RING_DENSE * ring_cells;
}

/* The EXTENT_TRIM quantiles of the fine steps' places within the grid's
 * box b grown by a cell, in reduced pixels, into e (x0, y0, x1, y1). 0 on
 * no memory. */
static int block_extent(const print_map *m, const int b[4], int e[4])
{
    int x0 = (b[0] - 1) * m->c, y0 = (b[1] - 1) * m->c;
    int x1 = (b[2] + 1) * m->c, y1 = (b[3] + 1) * m->c;
    x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > m->w ? m->w : x1, y1 = y1 > m->h ? m->h : y1;
    int *col = calloc((size_t)(x1 - x0) + (y1 - y0), sizeof *col), *row = col + (x1 - x0);
    if (!col)
        return 0;
    long total = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if (m->fine[(size_t)y * m->w + x] != 0)
                col[x - x0]++, row[y - y0]++, total++;
    long cut = (long)(EXTENT_TRIM * total);
    long seen = 0;
    int i = 0;
    while (i < x1 - x0 - 1 && (seen += col[i]) <= cut)
        i++;
    e[0] = x0 + i;
    for (seen = 0, i = x1 - x0 - 1; i > 0 && (seen += col[i]) <= cut; i--)
        ;
    e[2] = x0 + i + 1;
    for (seen = 0, i = 0; i < y1 - y0 - 1 && (seen += row[i]) <= cut; i++)
        ;
    e[1] = y0 + i;
    for (seen = 0, i = y1 - y0 - 1; i > 0 && (seen += row[i]) <= cut; i--)
        ;
    e[3] = y0 + i + 1;
    free(col);
    return 1;
}

/* Whether extent e (x0, y0, x1, y1) has a document's shape. */
static int extent_is_document(const int e[4])
{
    double w = e[2] - e[0], h = e[3] - e[1];
    double aspect = w > h ? w / h : h / w;
    return h > 0 && w > 0 && aspect >= DK_DOC_ASPECT_MIN && aspect <= DK_DOC_ASPECT_MAX;
}

/* Whether the rest of box (raster pixels), out of block b (cells) grown
 * by a cell, is as plain as the table round a document: at most
 * RING_DENSE of its cells print. */
static int rest_is_plain(const print_map *m, const int box[4], const int b[4])
{
    int span = m->k * m->c;
    int cells, hole_cells;
    int dense = dense_in(m, box[0] / span, box[1] / span, (box[2] + span - 1) / span,
                         (box[3] + span - 1) / span, PRINT_ANY, &cells);
    dense -= dense_in(m, b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1, PRINT_ANY, &hole_cells);
    return dense <= RING_DENSE * (cells - hole_cells > 0 ? cells - hole_cells : 0);
}

int dk_doc_print_find(const dk_doc_raster *r, const int box[4], dk_doc_outline *out)
{
    memset(out, 0, sizeof *out);
    print_map m = {0};
    int mapped = map_print(r, &m);
    if (mapped != 0) {
        free(m.fine), free(m.dense);
        return mapped > 0 ? 0 : -1;
    }
    size_t cells = (size_t)m.gw * m.gh;
    unsigned char *seen = calloc(cells, 1);
    int *stack = malloc(cells * sizeof *stack);
    int rc = seen && stack ? 0 : -1;
    int best[4] = {0}, best_n = 0;
    for (size_t i = 0; rc == 0 && i < cells; i++) {
        if (!(m.dense[i] & PRINT_ANY) || seen[i])
            continue;
        int b[4];
        int n = grow_block(&m, (int)(i % m.gw), (int)(i / m.gw), seen, stack, b);
        if (n > best_n && block_is_document(&m, b, n))
            memcpy(best, b, sizeof best), best_n = n;
    }
    int e[4];
    if (rc == 0 && best_n > 0) {
        if (!block_extent(&m, best, e)) {
            rc = -1;
        } else if (extent_is_document(e) && (!box || rest_is_plain(&m, box, best))) {
            double k = m.k;
            out->found = 1;
            out->x0 = (int)(e[0] * k), out->y0 = (int)(e[1] * k);
            out->x1 = (int)(e[2] * k), out->y1 = (int)(e[3] * k);
            const double cx[4] = {out->x0, out->x1, out->x1, out->x0};
            const double cy[4] = {out->y0, out->y0, out->y1, out->y1};
            memcpy(out->x, cx, sizeof cx), memcpy(out->y, cy, sizeof cy);
            out->wide = out->x1 - out->x0, out->high = out->y1 - out->y0;
            out->by_print = 1;
        }
    }
    free(seen), free(stack), free(m.fine), free(m.dense);
    return rc;
}

/* The share of cells of print stepping both ways wholly inside the
 * raster box b, or -1 when it holds no cell. */
static double share_inside(const print_map *m, const int b[4])
{
    int span = m->k * m->c, cells;
    int n = dense_in(m, (b[0] + span - 1) / span, (b[1] + span - 1) / span, b[2] / span,
                     b[3] / span, PRINT_BOTH, &cells);
    return cells > 0 ? (double)n / cells : -1;
}

int dk_doc_print_past_sides(const dk_doc_raster *r, const int box[4], double trim, double past[4],
                            double *table)
{
    print_map m = {0};
    int mapped = map_print(r, &m);
    for (int k = 0; k < 4; k++)
        past[k] = -1;
    *table = -1;
    if (mapped == 0) {
        int gap = SIDE_GAP * m.k * m.c;
        int tx = (int)(trim * (box[2] - box[0])), ty = (int)(trim * (box[3] - box[1]));
        const int strips[4][4] = {{0, box[1] + ty, box[0] - gap, box[3] - ty},
                                  {box[0] + tx, 0, box[2] - tx, box[1] - gap},
                                  {box[2] + gap, box[1] + ty, r->w, box[3] - ty},
                                  {box[0] + tx, box[3] + gap, box[2] - tx, r->h}};
        for (int k = 0; k < 4; k++)
            past[k] = share_inside(&m, strips[k]);
        /* The table: the picture's cells out of the box grown by the gap. */
        int span = m.k * m.c, all, hole;
        int dense = dense_in(&m, 0, 0, m.gw, m.gh, PRINT_BOTH, &all) -
                    dense_in(&m, (box[0] - gap) / span, (box[1] - gap) / span,
                             (box[2] + gap + span - 1) / span, (box[3] + gap + span - 1) / span,
                             PRINT_BOTH, &hole);
        if (all > hole)
            *table = (double)dense / (all - hole);
    }
    free(m.fine), free(m.dense);
    return mapped < 0 ? -1 : 0;
}
