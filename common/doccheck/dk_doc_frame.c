/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_frame.c — finds the document in the photo: the large region whose
 * colour stands out from the background seen along the image border (a
 * palette of the table's colours, under light fitted as a plane or round a
 * lamp; holes filled), boxed by its row and column profiles (a box with no
 * edges of its own is light, not a document); then judges
 * whether it is cut off by the border: its box reaches it, or, along a side
 * its box comes near, the document crosses the border or no straight edge
 * of its own closes it with the table beyond (a light document cut off on
 * a light table: its colour's box stops a few cells short of the border,
 * where its print fades into the table's colours). With no outline, a
 * small document is sought (dk_doc_small.c) round the colour's box, or in
 * windows over the picture when there is no box or a printless one. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The grid: cells of a few raster pixels, ~128 along the long side, so the
 * background's texture averages out and the work is ~12k cells. */
#define GRID_LONG 128
/* The border ring the background is learnt from, share of the short side. */
#define RING_SHARE 0.03
/* Luma differences count half as much as chroma ones: light falls unevenly
 * across a table, its colour changes less. */
#define LUMA_WEIGHT 1.0
/* A cell belongs to the document when its distance from the background
 * colour exceeds SPREAD_FACTOR x the background's own spread (the 90th
 * percentile of that distance along the border), and at least MIN_THRESHOLD
 * (a scanner's lid hardly spreads at all: 0.02 in the corpus, textured
 * tables up to 13 after the 3x3 mean). */
#define SPREAD_FACTOR 2.0
#define MIN_THRESHOLD 4.0
/* A cell is on the document's edge when its colour gradient exceeds
 * EDGE_FACTOR x the background's own (90th percentile along the border),
 * and at least MIN_EDGE. */
#define EDGE_FACTOR 1.5
#define MIN_EDGE 3.0
/* A document lying a cell and a half from the border, or further, reaches
 * the outermost cell's colour distance at half the next cell's, at most
 * (only through the 3x3 mean); one that crosses the border keeps it. */
#define FADE_SHARE 0.6
/* The border contact counts on the sides the document's box comes within
 * this share of: the ring the background is learnt from (3%), plus the
 * three cells (2.4-3.2%) the erosions may take off a document cut there. */
#define CONTACT_REACH 0.06
/* A row or column belongs to the document's box when at least this share
 * of the best one's cells do: the slanted ends of a rotated card and the
 * background's stray cells fall below it. */
#define PROFILE_SHARE 0.3
/* A document-like region spans at least this share of each side and fills
 * at least this share of its box. */
#define MIN_SPAN 0.08
#define MIN_FILL 0.35

/* The longest run of indexes whose count reaches share x the maximum,
 * bridging gaps of up to 2. -1 when every count is 0. */
static int span(const int *count, int len, int *a, int *b)
{
    int max = 0;
    for (int i = 0; i < len; i++)
        if (count[i] > max)
            max = count[i];
    if (max == 0)
        return -1;
    double thr = PROFILE_SHARE * max;
    int best = -1;
    for (int i = 0; i < len;) {
        if (count[i] < thr) {
            i++;
            continue;
        }
        int start = i, last = i;
        for (int j = i + 1; j < len && j - last <= 3; j++)
            if (count[j] >= thr)
                last = j;
        if (last - start > best) {
            best = last - start;
            *a = start;
            *b = last;
        }
        i = last + 1;
    }
    return best < 0 ? -1 : 0;
}

static void whole(const dk_doc_raster *r, dk_doc_region *out)
{
    out->found = 0;
    out->x0 = out->y0 = 0;
    out->x1 = r->w;
    out->y1 = r->h;
    for (int k = 0; k < 4; k++)
        out->margin[k] = 0;
    out->share = 1.0;
}

/* The working grid of dk_doc_frame_find: c x c raster pixels per cell. */
typedef struct {
    int c, gw, gh;
    size_t cells;
    float *ych, *cb, *cr; /* mean luma and chroma per cell (cb, cr inside ych's block) */
    float *dist;          /* distance of each cell's colour from the background */
    float *tmp;           /* scratch, cells long */
    float *grad;          /* colour gradient of each cell */
    unsigned char *fg;    /* document cells; fg + cells is a second plane (raw) */
    unsigned char *cross; /* outermost cells a document crosses (mark_border_crossings) */
    int *cnt;             /* a row or column profile */
    int *stack;           /* the flood fill's */
    unsigned char *win;   /* window counts, a mask and scratch: 3 planes (foreground_cells) */
    int ring;             /* the border ring's width, cells (RING_SHARE) */
    int *ring_at;         /* its cells, row by row */
    size_t nring;
} frame_grid;

static void grid_free(frame_grid *g)
{
    free(g->ych), free(g->dist), free(g->tmp), free(g->grad), free(g->fg), free(g->cross),
        free(g->cnt), free(g->stack), free(g->ring_at), free(g->win);
}

/* 0, or -1 when memory ran out (nothing left allocated). */
static int grid_alloc(frame_grid *g, int c, int gw, int gh)
{
    g->c = c;
    g->gw = gw;
    g->gh = gh;
    size_t cells = g->cells = (size_t)gw * gh;
    g->ych = malloc(cells * 3 * sizeof(float));
    g->dist = malloc(cells * sizeof(float));
    g->tmp = malloc(cells * sizeof(float));
    g->grad = malloc(cells * sizeof(float));
    g->fg = calloc(cells, 2);
    g->cross = calloc(cells, 1);
    g->cnt = malloc((size_t)(gw > gh ? gw : gh) * sizeof(int));
    g->stack = malloc(cells * sizeof(int));
    g->win = malloc(cells * 3);
    g->ring = (int)(RING_SHARE * (gw < gh ? gw : gh) + 0.5);
    if (g->ring < 1)
        g->ring = 1;
    g->ring_at = malloc(2 * (size_t)g->ring * (gw + gh) * sizeof(int));
    if (!g->ych || !g->dist || !g->tmp || !g->grad || !g->fg || !g->cross || !g->cnt || !g->stack ||
        !g->ring_at || !g->win) {
        grid_free(g);
        return -1;
    }
    g->cb = g->ych + cells;
    g->cr = g->ych + 2 * cells;
    int ring = g->ring;
    g->nring = 0;
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++)
            if (gx < ring || gy < ring || gx >= gw - ring || gy >= gh - ring)
                g->ring_at[g->nring++] = gy * gw + gx;
    return 0;
}

/* The grid's cell means from a grid of cells half as wide (fgw x fgh, its
 * planes as dk_doc_cell_means() fills them): each the mean of 2 x 2. */
static void halve_cells(const float *fine, int fgw, int fgh, frame_grid *g)
{
    size_t fcells = (size_t)fgw * fgh;
    for (int ch = 0; ch < 3; ch++) {
        const float *f = fine + ch * fcells;
        float *o = g->ych + ch * g->cells;
        for (int gy = 0; gy < g->gh; gy++) {
            const float *a = f + (size_t)(2 * gy) * fgw, *b = a + fgw;
            for (int gx = 0; gx < g->gw; gx++)
                o[(size_t)gy * g->gw + gx] =
                    (a[2 * gx] + a[2 * gx + 1] + b[2 * gx] + b[2 * gx + 1]) / 4;
        }
    }
}

/* A 3x3 mean over the cells (windows cut at the edges): the stripes of
 * wood or fabric (a few cells across) fade, the document's broad areas
 * stay. Separable: along rows into tmp, then along columns back. */
static void smooth_cells(frame_grid *g)
{
    int gw = g->gw, gh = g->gh;
    float *tmp = g->tmp;
    for (int ch = 0; ch < 3; ch++) {
        float *v = g->ych + ch * g->cells;
        for (int gy = 0; gy < gh; gy++) {
            const float *row = v + (size_t)gy * gw;
            float *o = tmp + (size_t)gy * gw;
            o[0] = (row[0] + row[1]) / 2;
            for (int gx = 1; gx < gw - 1; gx++)
                o[gx] = (row[gx - 1] + row[gx] + row[gx + 1]) / 3;
            o[gw - 1] = (row[gw - 2] + row[gw - 1]) / 2;
        }
        for (int gy = 0; gy < gh; gy++) {
            const float *up = tmp + (size_t)(gy > 0 ? gy - 1 : gy) * gw;
            const float *mid = tmp + (size_t)gy * gw;
            const float *down = tmp + (size_t)(gy < gh - 1 ? gy + 1 : gy) * gw;
            float n = gy == 0 || gy == gh - 1 ? 2.0f : 3.0f;
            float *o = v + (size_t)gy * gw;
            if (gy == 0 || gy == gh - 1) { /* the row itself counted once */
                const float *other = gy == 0 ? down : up;
                for (int gx = 0; gx < gw; gx++)
                    o[gx] = (mid[gx] + other[gx]) / n;
            } else {
                for (int gx = 0; gx < gw; gx++)
                    o[gx] = (up[gx] + mid[gx] + down[gx]) / n;
            }
        }
    }
}

/* The light falling across the table, as a function of a cell's place (x,
 * y from -0.5 to 0.5 across the picture): a plane (1, x, y) where it
 * brightens one side and dims the other, or a quadric (x^2, y^2, xy too)
 * where it falls off round a lamp, brightest under it. */
#define PLANE_TERMS 3
#define QUADRIC_TERMS 6
#define QUADRIC_GAIN 0.2
/* A colour's box under the plane edged along under EDGELESS_BOX of its
 * sides is light, not a document, when the quadric's is edged along
 * EDGED_BOX and lies outside it (under LAMP_OVERLAP of it within the
 * plane's). box_edge_share on make draws' 6394 photos: the plane's boxes
 * 0.98 at the median, 2 % under 0.4 (most of them outlined anyway); a
 * lamp's bright middle 0.04-0.23, the page the quadric finds 0.76-1. */
#define EDGELESS_BOX 0.4
#define EDGED_BOX 0.6
#define LAMP_OVERLAP 0.5

static void light_basis(const frame_grid *g, int gx, int gy, double b[QUADRIC_TERMS])
{
    double x = (double)gx / g->gw - 0.5, y = (double)gy / g->gh - 0.5;
    b[0] = 1, b[1] = x, b[2] = y, b[3] = x * x, b[4] = y * y, b[5] = x * y;
}

/* The light of model coef (its first n terms) at cell (gx, gy). */
static double light_at(const frame_grid *g, const double *coef, int n, int gx, int gy)
{
    double b[QUADRIC_TERMS], v = 0;
    light_basis(g, gx, gy, b);
    for (int k = 0; k < n; k++)
        v += coef[k] * b[k];
    return v;
}

/* Least squares of v by the first n terms over the ring cells whose flag
 * is set (all when flags is NULL), into coef: the normal equations solved
 * by elimination with partial pivoting. 0, or -1 when too few cells (4 a
 * term) or the cells cannot tell the terms apart. */
static int fit_light(const frame_grid *g, const float *v, const unsigned char *flags, int n,
                     double *coef)
{
    double a[QUADRIC_TERMS][QUADRIC_TERMS + 1] = {{0}};
    size_t used = 0;
    for (size_t k = 0; k < g->nring; k++) {
        int i = g->ring_at[k];
        if (flags && !flags[i])
            continue;
        double b[QUADRIC_TERMS];
        light_basis(g, i % g->gw, i / g->gw, b);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++)
                a[r][c] += b[r] * b[c];
            a[r][n] += b[r] * v[i];
        }
        used++;
    }
    if (used < (size_t)(4 * n))
        return -1;
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r][c]) > fabs(a[piv][c]))
                piv = r;
        if (fabs(a[piv][c]) < 1e-12 * (double)used)
            return -1;
        for (int k = 0; k <= n; k++) {
            double t = a[c][k];
            a[c][k] = a[piv][k];
            a[piv][k] = t;
        }
        for (int r = 0; r < n; r++)
            if (r != c) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= n; k++)
                    a[r][k] -= f * a[c][k];
            }
    }
    for (int c = 0; c < n; c++)
        coef[c] = a[c][n] / a[c][c];
    return 0;
}

/* The model of n terms fitted to the ring's luma from the median bg (robust
 * to a document in part of the ring), twice: the ring cells within 3 x the
 * median deviation of the current model; that deviation under the last
 * fit is returned. keep is a cells-long scratch plane. */
static double fit_ring_light(frame_grid *g, double bg, int n, unsigned char *keep,
                             double coef[QUADRIC_TERMS])
{
    int gw = g->gw;
    float *tmp = g->tmp;
    for (int k = 0; k < QUADRIC_TERMS; k++)
        coef[k] = k == 0 ? bg : 0;
    for (int round = 0;; round++) {
        for (size_t r = 0; r < g->nring; r++) {
            int i = g->ring_at[r];
            tmp[r] = (float)fabs(g->ych[i] - light_at(g, coef, n, i % gw, i / gw));
        }
        double mad = dk_doc_quantile(tmp, g->nring, 0.5); /* reorders tmp */
        if (round == 2)
            return mad;
        for (size_t r = 0; r < g->nring; r++) {
            int i = g->ring_at[r];
            keep[i] = fabs(g->ych[i] - light_at(g, coef, n, i % gw, i / gw)) <= 3 * mad + 1;
        }
        double next[QUADRIC_TERMS];
        if (fit_light(g, g->ych, keep, n, next) != 0)
            return mad;
        memcpy(coef, next, sizeof next);
    }
}

/* The background's spread of v (a value per cell): per side of the border
 * ring the 90th percentile, then the second smallest of the four (a
 * document cut off by one or two sides sits in their rings). */
static double ring_spread(frame_grid *g, const float *v)
{
    int gw = g->gw, gh = g->gh, ring = g->ring;
    float side_p90[4];
    for (int sd = 0; sd < 4; sd++) {
        size_t n = 0;
        int xa = sd == 2 ? gw - ring : 0, xb = sd == 0 ? ring : gw;
        int ya = sd == 3 ? gh - ring : 0, yb = sd == 1 ? ring : gh;
        for (int gy = ya; gy < yb; gy++)
            for (int gx = xa; gx < xb; gx++)
                g->tmp[n++] = v[(size_t)gy * gw + gx];
        side_p90[sd] = dk_doc_quantile(g->tmp, n, 0.9);
    }
    return dk_doc_quantile(side_p90, 4, 1.0 / 3);
}

/* The background's palette: a table is rarely one colour (blotches of
 * stone, the grain of wood, a cloth's pattern, a shadow over one corner),
 * so its colours are learnt as up to PALETTE_MAX clusters of the ring's
 * cells (k-means from the median colour, each further seed the ring cell
 * farthest from those so far, while that is over PALETTE_SPLIT). A
 * cluster is the table's when it holds PALETTE_MIN_SHARE of the ring and
 * shows along at least two sides: a document cut off by the border sits
 * in the ring along one side (two at a corner, where it holds a short
 * stretch of each), a table's colours recur around it. The median colour
 * always stands. res is each cell's luma less the light's plane. */
#define PALETTE_MAX 4
#define PALETTE_SPLIT 8.0
#define PALETTE_MIN_SHARE 0.08
#define PALETTE_SIDE_SHARE 0.15

/* The colour of c[0..k) nearest to cell i (luma residual res[i], chroma
 * cb/cr), and its squared distance in *d2. */
static int nearest_colour(const frame_grid *g, const float *res, size_t i,
                          const float c[PALETTE_MAX][3], int k, double *d2)
{
    int bj = 0;
    double best = -1;
    for (int j = 0; j < k; j++) {
        double dy = res[i] - c[j][0], db = g->cb[i] - c[j][1], dr = g->cr[i] - c[j][2];
        double d = dy * dy + db * db + dr * dr;
        if (best < 0 || d < best) {
            best = d;
            bj = j;
        }
    }
    *d2 = best;
    return bj;
}

static int background_palette(frame_grid *g, const float *res, const float bg[3],
                              float pal[PALETTE_MAX][3])
{
    int gw = g->gw, gh = g->gh, ring = g->ring;
    float c[PALETTE_MAX][3];
    int k = 1;
    c[0][0] = 0;
    c[0][1] = bg[1];
    c[0][2] = bg[2];
    for (int iter = 0; iter < 8; iter++) {
        /* A new seed while the farthest ring cell is far from every centre. */
        if (k < PALETTE_MAX) {
            double far = 0;
            size_t at = 0;
            for (size_t r = 0; r < g->nring; r++) {
                size_t i = (size_t)g->ring_at[r];
                double best;
                nearest_colour(g, res, i, c, k, &best);
                if (best > far) {
                    far = best;
                    at = i;
                }
            }
            if (far > PALETTE_SPLIT * PALETTE_SPLIT) {
                c[k][0] = res[at];
                c[k][1] = g->cb[at];
                c[k][2] = g->cr[at];
                k++;
            }
        }
        /* One Lloyd step; the median's centre stays where it is. */
        double sum[PALETTE_MAX][3] = {{0}};
        int n[PALETTE_MAX] = {0};
        for (size_t r = 0; r < g->nring; r++) {
            size_t i = (size_t)g->ring_at[r];
            double best;
            int bj = nearest_colour(g, res, i, c, k, &best);
            sum[bj][0] += res[i];
            sum[bj][1] += g->cb[i];
            sum[bj][2] += g->cr[i];
            n[bj]++;
        }
        for (int j = 1; j < k; j++)
            if (n[j] > 0)
                for (int ch = 0; ch < 3; ch++)
                    c[j][ch] = (float)(sum[j][ch] / n[j]);
    }
    /* Which clusters are the table's: share of the ring, and per side. */
    int total = 0, n[PALETTE_MAX] = {0}, side[PALETTE_MAX][4] = {{0}}, side_len[4] = {0};
    for (size_t r = 0; r < g->nring; r++) {
        int i = g->ring_at[r], gx = i % gw, gy = i / gw;
        double best;
        int bj = nearest_colour(g, res, (size_t)i, c, k, &best);
        total++;
        n[bj]++;
        const int on[4] = {gx < ring, gy < ring, gx >= gw - ring, gy >= gh - ring};
        for (int sd = 0; sd < 4; sd++)
            if (on[sd]) {
                side[bj][sd]++;
                side_len[sd]++;
            }
    }
    int np = 0;
    for (int j = 0; j < k; j++) {
        int sides = 0;
        for (int sd = 0; sd < 4; sd++)
            sides += side_len[sd] > 0 && side[j][sd] >= PALETTE_SIDE_SHARE * side_len[sd];
        if (j == 0 || (n[j] >= PALETTE_MIN_SHARE * total && sides >= 2)) {
            for (int ch = 0; ch < 3; ch++)
                pal[np][ch] = c[j][ch];
            np++;
        }
    }
    return np;
}

/* The table under both models of the light: the median colour of the
 * border ring, and its luma fitted as a plane and as a quadric. */
typedef struct {
    float bg[3];
    double plane[QUADRIC_TERMS], quadric[QUADRIC_TERMS];
    int curved; /* the quadric stands out: QUADRIC_GAIN */
} table_light;

/* The light: a plane, unless a quadric leaves the ring's luma under
 * QUADRIC_GAIN of the plane's deviation (a lamp's round fall-off, which a
 * plane leaves as a bright middle the colour's box would take for the
 * document; a table's blotches and grain, fitted a little better by any
 * model, stay above it). */
static void fit_table_light(frame_grid *g, table_light *t)
{
    size_t cells = g->cells;
    float *tmp = g->tmp;
    for (int ch = 0; ch < 3; ch++) {
        for (size_t r = 0; r < g->nring; r++)
            tmp[r] = g->ych[ch * cells + (size_t)g->ring_at[r]];
        t->bg[ch] = dk_doc_quantile(tmp, g->nring, 0.5);
    }
    unsigned char *keep = g->fg + cells; /* the raw plane is free until later */
    double plane_dev = fit_ring_light(g, t->bg[0], PLANE_TERMS, keep, t->plane);
    double quadric_dev = fit_ring_light(g, t->bg[0], QUADRIC_TERMS, keep, t->quadric);
    t->curved = quadric_dev < QUADRIC_GAIN * plane_dev;
}

/* The background under the light (the quadric when curved, else the
 * plane): each cell's distance from the table's palette into dist; its
 * spread and the threshold into out. */
static void background_distance(frame_grid *g, const table_light *t, int curved, dk_doc_region *out)
{
    int gw = g->gw, gh = g->gh;
    size_t cells = g->cells;
    float *dist = g->dist;
    const double *light = curved ? t->quadric : t->plane;
    int terms = curved ? QUADRIC_TERMS : PLANE_TERMS;
    /* Each cell's colour with the light taken off the luma: the table's
     * colours as they would be under even light. */
    float *res = g->grad; /* free until cell_gradients */
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            size_t i = (size_t)gy * gw + gx;
            res[i] = (float)(LUMA_WEIGHT * (g->ych[i] - light_at(g, light, terms, gx, gy)));
        }
    float pal[PALETTE_MAX][3];
    int np = background_palette(g, res, t->bg, pal);
    for (size_t i = 0; i < cells; i++) {
        double best;
        nearest_colour(g, res, i, (const float(*)[3])pal, np, &best);
        dist[i] = (float)sqrt(best);
    }
    /* Its spread: per side the 90th percentile of the distance; a document
     * cut off by one or two sides sits in their rings, so the second
     * smallest of the four stands for the background. */
    out->bg_spread = ring_spread(g, dist);
    out->threshold = SPREAD_FACTOR * out->bg_spread;
    if (out->threshold < MIN_THRESHOLD)
        out->threshold = MIN_THRESHOLD;
}

/* The colour gradient of each cell (central differences of the smoothed
 * luma and chroma, luma weighted as in the distance) into grad; returns the
 * background's own gradient spread: per side of the border ring the 90th
 * percentile, the second smallest of the four (a document cut off by one or
 * two sides sits in their rings). */
static double cell_gradients(frame_grid *g)
{
    int gw = g->gw, gh = g->gh;
    size_t cells = g->cells;
    float *grad = g->grad;
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            size_t i = (size_t)gy * gw + gx;
            size_t l = gx > 0 ? i - 1 : i, r = gx < gw - 1 ? i + 1 : i;
            size_t u = gy > 0 ? i - gw : i, d = gy < gh - 1 ? i + gw : i;
            double sum = 0;
            for (int ch = 0; ch < 3; ch++) {
                const float *v = g->ych + ch * cells;
                double wgt = ch == 0 ? LUMA_WEIGHT : 1.0;
                double dx = wgt * (v[r] - v[l]) / 2, dy = wgt * (v[d] - v[u]) / 2;
                sum += dx * dx + dy * dy;
            }
            grad[i] = (float)sqrt(sum);
        }
    return ring_spread(g, grad);
}

/* Holes filled: a face photo or a dark band on the document may look
 * like the table, but is enclosed by paper or by the document's edge. What
 * background reaches from the border stays background; the rest is
 * document. */
static void fill_holes(frame_grid *g)
{
    int gw = g->gw, gh = g->gh;
    size_t cells = g->cells;
    unsigned char *fg = g->fg, *outside = fg + cells;
    int *stack = g->stack;
    size_t top = 0;
    memset(outside, 0, cells);
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            size_t i = (size_t)gy * gw + gx;
            if ((gx == 0 || gy == 0 || gx == gw - 1 || gy == gh - 1) && !fg[i] && !outside[i]) {
                outside[i] = 1;
                stack[top++] = (int)i;
            }
        }
    while (top > 0) {
        int i = stack[--top], gx = i % gw, gy = i / gw;
        const int next[4] = {gx > 0 ? i - 1 : -1, gx < gw - 1 ? i + 1 : -1, gy > 0 ? i - gw : -1,
                             gy < gh - 1 ? i + gw : -1};
        for (int k = 0; k < 4; k++)
            if (next[k] >= 0 && !fg[next[k]] && !outside[next[k]]) {
                outside[next[k]] = 1;
                stack[top++] = next[k];
            }
    }
    for (size_t i = 0; i < cells; i++)
        fg[i] = !outside[i];
}

/* The outermost cells a document crosses into cross: where the colour
 * changes along the border itself (its outline and print cross it; a
 * document lying inside makes no change along the border, bar its small
 * tilt), or differs from the table's as much as one cell further in does
 * (FADE_SHARE). */
static void mark_border_crossings(frame_grid *g, double threshold, double edge_threshold)
{
    int gw = g->gw, gh = g->gh;
    size_t cells = g->cells;
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            int row = gy == 0 || gy == gh - 1, col = gx == 0 || gx == gw - 1;
            size_t i = (size_t)gy * gw + gx;
            g->cross[i] = 0;
            if (!row && !col)
                continue;
            /* Along a top or bottom row: x; along a side column: y. */
            size_t a = row ? (gx > 0 ? i - 1 : i) : (gy > 0 ? i - gw : i);
            size_t b = row ? (gx < gw - 1 ? i + 1 : i) : (gy < gh - 1 ? i + gw : i);
            size_t in = gy == 0 ? i + gw : gy == gh - 1 ? i - gw : gx == 0 ? i + 1 : i - 1;
            double sum = 0;
            for (int ch = 0; ch < 3; ch++) {
                const float *v = g->ych + ch * cells;
                double d = (ch == 0 ? LUMA_WEIGHT : 1.0) * (v[b] - v[a]) / 2;
                sum += d * d;
            }
            g->cross[i] = sum > edge_threshold * edge_threshold ||
                          (g->dist[i] > threshold && g->dist[i] > FADE_SHARE * g->dist[in]);
        }
}

/* How many of the cells of the 3 x 3 window around (gx, gy) lie on the
 * grid. */
static int window_cells(int gw, int gh, int gx, int gy)
{
    return (3 - (gx == 0) - (gx == gw - 1)) * (3 - (gy == 0) - (gy == gh - 1));
}

/* The set cells (0 or 1) of src in each cell's 3 x 3 window into cnt, the
 * window cut at the grid's edge: along rows into g->win's third plane,
 * then down. */
static void window_counts(frame_grid *g, const unsigned char *src, unsigned char *cnt)
{
    int gw = g->gw, gh = g->gh;
    unsigned char *rows = g->win + 2 * g->cells;
    for (int gy = 0; gy < gh; gy++) {
        const unsigned char *s = src + (size_t)gy * gw;
        unsigned char *o = rows + (size_t)gy * gw;
        o[0] = (unsigned char)(s[0] + (gw > 1 ? s[1] : 0));
        for (int gx = 1; gx < gw - 1; gx++)
            o[gx] = (unsigned char)(s[gx - 1] + s[gx] + s[gx + 1]);
        if (gw > 1)
            o[gw - 1] = (unsigned char)(s[gw - 2] + s[gw - 1]);
    }
    for (int gy = 0; gy < gh; gy++) {
        const unsigned char *mid = rows + (size_t)gy * gw;
        const unsigned char *up = gy > 0 ? mid - gw : NULL, *down = gy < gh - 1 ? mid + gw : NULL;
        unsigned char *o = cnt + (size_t)gy * gw;
        for (int gx = 0; gx < gw; gx++)
            o[gx] = (unsigned char)(mid[gx] + (up ? up[gx] : 0) + (down ? down[gx] : 0));
    }
}

/* The document's cells into fg: those over the colour threshold (after a
 * 3x3 majority vote against speckle), and those next to a sharp colour edge
 * (the edge cells dilated by one, which closes the gaps a weak stretch of
 * the border leaves) — a light document on a light table differs from it
 * little in colour, but its border is a step no table texture makes — with
 * what they enclose filled; then two 3x3 erosions take back the cell the
 * mean spread the document by and the dilation's (past the image's edge
 * counts as document, so one cut off there still touches it). */
static void foreground_cells(frame_grid *g, double threshold, double edge_threshold)
{
    int gw = g->gw, gh = g->gh;
    size_t cells = g->cells;
    unsigned char *fg = g->fg, *raw = fg + cells, *cnt = g->win, *mask = g->win + cells;
    mark_border_crossings(g, threshold, edge_threshold);
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            size_t i = (size_t)gy * gw + gx;
            int outer = gx == 0 || gy == 0 || gx == gw - 1 || gy == gh - 1;
            raw[i] = outer ? g->cross[i] : g->dist[i] > threshold;
        }
    /* The majority vote. */
    window_counts(g, raw, cnt);
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++) {
            size_t i = (size_t)gy * gw + gx;
            fg[i] = 2 * cnt[i] > window_cells(gw, gh, gx, gy);
        }
    /* The edge cells dilated, not onto the outermost cells: the edge of a
     * document wholly inside keeps off them, and the background must stay
     * free to reach around it from the border; those a document crosses
     * join as they are. */
    for (size_t i = 0; i < cells; i++)
        mask[i] = g->grad[i] > edge_threshold;
    window_counts(g, mask, cnt);
    for (int gy = 1; gy < gh - 1; gy++)
        for (int gx = 1; gx < gw - 1; gx++) {
            size_t i = (size_t)gy * gw + gx;
            fg[i] |= cnt[i] > 0;
        }
    for (int gy = 0; gy < gh; gy++)
        for (int gx = 0; gx < gw; gx++)
            if (gx == 0 || gy == 0 || gx == gw - 1 || gy == gh - 1)
                fg[(size_t)gy * gw + gx] |= g->cross[(size_t)gy * gw + gx];
    fill_holes(g);
    /* Two erosions (past the image's edge counts as document). */
    for (int pass = 0; pass < 2; pass++) {
        const unsigned char *src = pass == 0 ? fg : raw;
        unsigned char *dst = pass == 0 ? raw : fg;
        window_counts(g, src, cnt);
        for (int gy = 0; gy < gh; gy++)
            for (int gx = 0; gx < gw; gx++) {
                size_t i = (size_t)gy * gw + gx;
                dst[i] = cnt[i] == window_cells(gw, gh, gx, gy);
            }
    }
}

/* The box: column profile, then rows within those columns, twice; kept
 * (out->found and the box, margins, share) when it spans and fills enough. */
static void document_box(const dk_doc_raster *r, frame_grid *g, dk_doc_region *out)
{
    int c = g->c, gw = g->gw, gh = g->gh;
    const unsigned char *fg = g->fg;
    int *cnt = g->cnt;
    int cx0 = 0, cx1 = gw - 1, cy0 = 0, cy1 = gh - 1, found = 1;
    for (int pass = 0; pass < 2 && found; pass++) {
        for (int gx = 0; gx < gw; gx++) {
            cnt[gx] = 0;
            for (int gy = cy0; gy <= cy1; gy++)
                cnt[gx] += fg[(size_t)gy * gw + gx];
        }
        found = span(cnt, gw, &cx0, &cx1) == 0;
        if (!found)
            break;
        for (int gy = 0; gy < gh; gy++) {
            cnt[gy] = 0;
            for (int gx = cx0; gx <= cx1; gx++)
                cnt[gy] += fg[(size_t)gy * gw + gx];
        }
        found = span(cnt, gh, &cy0, &cy1) == 0;
    }
    if (found) {
        int bw = cx1 - cx0 + 1, bh = cy1 - cy0 + 1, on = 0;
        for (int gy = cy0; gy <= cy1; gy++)
            for (int gx = cx0; gx <= cx1; gx++)
                on += fg[(size_t)gy * gw + gx];
        found = bw >= MIN_SPAN * gw && bh >= MIN_SPAN * gh && on >= MIN_FILL * bw * bh;
    }
    if (found) {
        out->found = 1;
        out->x0 = cx0 * c;
        out->y0 = cy0 * c;
        out->x1 = cx1 == gw - 1 ? r->w : (cx1 + 1) * c;
        out->y1 = cy1 == gh - 1 ? r->h : (cy1 + 1) * c;
        out->margin[0] = (double)cx0 / gw;
        out->margin[1] = (double)cy0 / gh;
        out->margin[2] = (double)(gw - 1 - cx1) / gw;
        out->margin[3] = (double)(gh - 1 - cy1) / gh;
        out->share = (double)(cx1 - cx0 + 1) * (cy1 - cy0 + 1) / (double)g->cells;
        /* Along each side, the outermost cells the box spans. */
        for (int k = 0; k < 4; k++) {
            int along = k % 2 == 0 ? gh : gw, a = k % 2 == 0 ? cy0 : cx0,
                b = k % 2 == 0 ? cy1 : cx1;
            int n = 0;
            for (int t = a; t <= b && t < along; t++) {
                int gx = k == 0 ? 0 : k == 2 ? gw - 1 : t, gy = k == 1 ? 0 : k == 3 ? gh - 1 : t;
                n += g->cross[(size_t)gy * gw + gx];
            }
            out->contact[k] = (double)n / (b - a + 1);
        }
    }
}

/* The share of the colour's box's sides that run along an edge: over its
 * sides at least two cells inside the picture, the places with an edge
 * cell within EDGE_REACH cells across (the erosions and the 3 x 3 mean
 * move the box's side off the edge by up to two). A document's box runs
 * along its outline or its print; the bright middle a lamp leaves under a
 * plane fades out with no edge. -1 when no side lies inside. */
#define EDGE_REACH 2
static double box_edge_share(const frame_grid *g, const dk_doc_region *b)
{
    int c = g->c, gw = g->gw, gh = g->gh;
    const int side_at[4] = {b->x0 / c, b->y0 / c, b->x1 / c - 1, b->y1 / c - 1};
    int places = 0, edged = 0;
    for (int k = 0; k < 4; k++) {
        int at = side_at[k], across = k % 2 == 0 ? gw : gh;
        if (at < 2 || at > across - 3)
            continue;
        int a0 = side_at[k % 2 == 0 ? 1 : 0], a1 = side_at[k % 2 == 0 ? 3 : 2];
        for (int a = a0; a <= a1; a++) {
            int hit = 0;
            for (int q = at - EDGE_REACH; q <= at + EDGE_REACH && !hit; q++) {
                size_t i = k % 2 == 0 ? (size_t)a * gw + q : (size_t)q * gw + a;
                hit = g->grad[i] > b->edge_threshold;
            }
            places++;
            edged += hit;
        }
    }
    return places > 0 ? (double)edged / places : -1;
}

/* The share of region a's box that lies within region b's. */
static double box_overlap(const dk_doc_region *a, const dk_doc_region *b)
{
    const int ab[4] = {a->x0, a->y0, a->x1, a->y1}, bb[4] = {b->x0, b->y0, b->x1, b->y1};
    return dk_doc_share_within(ab, bb);
}

/* The colour's box under the table's light (its quadric when curved,
 * else its plane): the distances, the gradients, the document's cells
 * and their box into out (reset first). */
static void colour_box(const dk_doc_raster *r, frame_grid *g, const table_light *t, int curved,
                       dk_doc_region *out)
{
    memset(out, 0, sizeof *out);
    whole(r, out);
    background_distance(g, t, curved, out);
    double edge = EDGE_FACTOR * cell_gradients(g);
    out->edge_threshold = edge < MIN_EDGE ? MIN_EDGE : edge;
    foreground_cells(g, out->threshold, out->edge_threshold);
    document_box(r, g, out);
}

/* Whether side k of the colour's box is closed: one of the straight
 * edges the outline found along it has the table beyond it, between it and
 * the border (over the box's span, CLOSE_TRIM left out at each end): fewer
 * than STRIP_DOC_SHARE of the cells there (from a cell off the edge, which
 * the 3 x 3 mean spreads) differ from the table as the document does. A
 * document lying near the border has its own edge there with the table
 * beyond; on one the border cuts, the straight edge is a line of its
 * print, its photo's frame, with more of the document beyond. An edge
 * with no cell beyond it runs along the border itself: it closes the side
 * when nothing crosses the border there (the box's contact, at most
 * CLOSE_CONTACT), as a document lying a cell from the border leaves it. */
#define CLOSE_TRIM 0.08
#define STRIP_DOC_SHARE 0.5
#define CLOSE_CONTACT 0.1
static int closed_by_table(const frame_grid *g, const dk_doc_region *box, const dk_doc_outline *ol,
                           int k)
{
    int c = g->c, across = k % 2 == 0 ? g->gw : g->gh, along = k % 2 == 0 ? g->gh : g->gw;
    int a0 = k % 2 == 0 ? box->y0 / c : box->x0 / c, a1 = k % 2 == 0 ? box->y1 / c : box->x1 / c;
    int trim = (int)(CLOSE_TRIM * (a1 - a0));
    a0 += trim, a1 -= trim;
    if (a1 > along)
        a1 = along;
    for (int i = 0; i < ol->closing[k]; i++) {
        int at = ol->closing_at[k][i] / c;
        int q0 = k < 2 ? 0 : at + 2, q1 = k < 2 ? at - 1 : across; /* [q0, q1) */
        q1 = q1 > across ? across : q1;
        int cells = 0, doc = 0;
        for (int q = q0; q < q1; q++)
            for (int a = a0; a < a1; a++) {
                size_t cell = k % 2 == 0 ? (size_t)a * g->gw + q : (size_t)q * g->gw + a;
                cells++;
                doc += g->dist[cell] > box->threshold;
            }
        if (cells > 0 ? doc < STRIP_DOC_SHARE * cells : box->contact[k] <= CLOSE_CONTACT)
            return 1;
    }
    return 0;
}

/* The margins and share of out's box on the raster. */
static void box_margins(const dk_doc_raster *r, dk_doc_region *out)
{
    out->margin[0] = (double)out->x0 / r->w;
    out->margin[1] = (double)out->y0 / r->h;
    out->margin[2] = (double)(r->w - out->x1) / r->w;
    out->margin[3] = (double)(r->h - out->y1) / r->h;
    out->share = (double)(out->x1 - out->x0) * (out->y1 - out->y0) / ((double)r->w * r->h);
}

/* The straight outline's box in place of the colour's: four straight
 * sides ending at their corners are the document's edges however little
 * its colour stands out, and lie wholly inside the picture. */
static void take_outline(const dk_doc_raster *r, const dk_doc_outline *ol, dk_doc_region *out)
{
    out->found = 1;
    out->outlined = 1;
    out->outline_support = ol->support;
    out->by_print = ol->by_print;
    out->outline_wide = ol->wide;
    out->outline_high = ol->high;
    out->x0 = ol->x0;
    out->y0 = ol->y0;
    out->x1 = ol->x1;
    out->y1 = ol->y1;
    box_margins(r, out);
    for (int k = 0; k < 4; k++)
        out->contact[k] = 0, out->open[k] = 0;
}

/* The colour's box widened to the straight outline of a document the
 * border cuts (its three other sides), out to that border: the document
 * runs out of the picture there, whatever its colour says. */
static void take_cut(const dk_doc_raster *r, const dk_doc_outline *ol, dk_doc_region *out)
{
    out->cut_by = ol->cut_by;
    out->x0 = out->x0 < ol->cut_box[0] ? out->x0 : ol->cut_box[0];
    out->y0 = out->y0 < ol->cut_box[1] ? out->y0 : ol->cut_box[1];
    out->x1 = out->x1 > ol->cut_box[2] ? out->x1 : ol->cut_box[2];
    out->y1 = out->y1 > ol->cut_box[3] ? out->y1 : ol->cut_box[3];
    box_margins(r, out);
}

/* With no outline and no cut found: a small document the whole picture's
 * search missed (dk_doc_small.c) into ol. Near a colour's box that carries
 * print, which may be the document with the table's blotches or a stretch
 * of table out to the border round it (measured so, a small document would
 * pass for a large one, or for cut off); anywhere in the picture with no
 * box, or a printless one: a blotch of the table, darker or lighter than
 * the rest, or so much table round a small document that its print is lost
 * in it (a document cut at the border carries its print into the box).
 * pad: how far inside the document's edge the box's sides may lie (raster
 * pixels). */
static int small_elsewhere(const dk_doc_raster *r, const dk_doc_region *box, int pad,
                           dk_doc_outline *ol)
{
    const int at[4] = {box->x0, box->y0, box->x1, box->y1};
    dk_doc_outline small;
    if (box->found && dk_doc_carries_print(r, at)) {
        if (dk_doc_small_find_near(r, at, pad, &small) != 0)
            return -1;
    } else if (dk_doc_small_find(r, &small) != 0) {
        return -1;
    }
    if (small.found)
        *ol = small;
    return 0;
}

/* Sides near the border (within CONTACT_REACH) with the document's print
 * running on past them to it are open: the border cuts the document
 * there, whatever edge closed the side (a line of its print, its MRZ's
 * last line, a line of the table along it) and however little its light
 * paper differs from a light table. The strip between the side and the
 * border (over the box's span, CLOSE_TRIM left out at each end; print
 * stepping both ways, as letters do and a table's stripes do not) is print
 * in STRIP_PRINT of its cells or more, and in STRIP_OVER_TABLE times the
 * share of the picture's cells round the box (a table whose texture steps
 * as finely as print). 0, or -1 when memory ran out. */
#define STRIP_PRINT 0.3
#define STRIP_OVER_TABLE 3
static int open_by_print(const dk_doc_raster *r, dk_doc_region *reg)
{
    int near = 0;
    for (int k = 0; k < 4; k++)
        near |= reg->margin[k] <= CONTACT_REACH;
    if (!near)
        return 0;
    const int box[4] = {reg->x0, reg->y0, reg->x1, reg->y1};
    double past[4], table;
    if (dk_doc_print_past_sides(r, box, CLOSE_TRIM, past, &table) != 0)
        return -1;
    for (int k = 0; k < 4; k++)
        if (reg->margin[k] <= CONTACT_REACH && past[k] >= STRIP_PRINT &&
            past[k] >= STRIP_OVER_TABLE * table)
            reg->open[k] = 1;
    return 0;
}

int dk_doc_frame_find(const dk_doc_raster *r, dk_doc_region *out)
{
    memset(out, 0, sizeof *out);
    whole(r, out);
    int longest = r->w > r->h ? r->w : r->h;
    int c = (longest + GRID_LONG - 1) / GRID_LONG;
    int gw = r->w / c, gh = r->h / c;
    if (gw < 16 || gh < 16)
        return 0;
    frame_grid g;
    if (grid_alloc(&g, c, gw, gh) != 0)
        return -1;
    /* The outline's finer grid is read from the raster once: when its cells
     * are half as wide, these are the means of 2 x 2 of them. */
    int oc, ogw, ogh;
    dk_doc_outline_grid(r, &oc, &ogw, &ogh);
    size_t fine_cells = (size_t)ogw * ogh;
    float *fine = c == 2 * oc ? malloc(fine_cells * 3 * sizeof(float)) : NULL;
    if (fine) {
        dk_doc_cell_means(r, 0, 0, oc, ogw, ogh, fine, fine + fine_cells, fine + 2 * fine_cells);
        halve_cells(fine, ogw, ogh, &g);
    } else {
        dk_doc_cell_means(r, 0, 0, g.c, g.gw, g.gh, g.ych, g.cb, g.cr);
    }
    smooth_cells(&g);
    table_light light;
    fit_table_light(&g, &light);
    colour_box(r, &g, &light, light.curved, out);
    /* A box under the plane with hardly an edge along its sides, when the
     * quadric's has edges along most of them and lies elsewhere: a lamp's
     * light, which the table's veins or blotches kept the quadric from
     * standing out on (QUADRIC_GAIN), took the place of a document the
     * quadric finds. (Within the plane's box, the quadric's is the same
     * document with less of the table round it, or its print without its
     * light margins: the plane's stands.) */
    if (!light.curved && out->found) {
        double plane_share = box_edge_share(&g, out);
        if (plane_share >= 0 && plane_share < EDGELESS_BOX) {
            dk_doc_region lamp;
            colour_box(r, &g, &light, 1, &lamp);
            if (lamp.found && box_edge_share(&g, &lamp) >= EDGED_BOX &&
                box_overlap(&lamp, out) < LAMP_OVERLAP)
                *out = lamp;
            else
                colour_box(r, &g, &light, 0, out);
        }
    }
    dk_doc_outline ol;
    const int box[4] = {out->x0, out->y0, out->x1, out->y1};
    int failed = dk_doc_outline_find(r, fine, out->found ? box : NULL, &ol);
    free(fine);
    if (!failed) /* only the sides the judgement reads (dk_doc_frame_judge) */
        for (int k = 0; k < 4; k++)
            out->open[k] =
                out->found && out->margin[k] <= CONTACT_REACH && !closed_by_table(&g, out, &ol, k);
    grid_free(&g);
    if (failed)
        return -1;
    if (!ol.found && !ol.cut_by && small_elsewhere(r, out, EDGE_REACH * c, &ol) != 0)
        return -1;
    /* The straight outline stands for the document (it covers at least
     * DK_DOC_OUTLINE_MIN_OF_BOX of the colour's box). */
    if (ol.found) {
        take_outline(r, &ol, out);
    } else if (out->found && ol.cut_by) {
        take_cut(r, &ol, out);
    }
    return out->found && !out->cut_by ? open_by_print(r, out) : 0;
}

int dk_doc_frame_judge(const dk_doc_region *reg, const dk_doc_limits *lim, json_t *figures)
{
    double min_margin = reg->margin[0];
    for (int k = 1; k < 4; k++)
        if (reg->margin[k] < min_margin)
            min_margin = reg->margin[k];
    json_t *f = json_object();
    json_object_set_new(f, "document_found", json_boolean(reg->found));
    json_object_set_new(f, "margin_min", json_real(dk_doc_round(min_margin, 4)));
    json_object_set_new(f, "margin_bound", json_real(lim->min_frame_margin));
    json_object_set_new(f, "share", json_real(dk_doc_round(reg->share, 4)));
    /* On the sides the box comes near: the border contact (0 elsewhere),
     * and how many no straight edge of the document closes. */
    double contact = 0;
    int open = 0;
    for (int k = 0; k < 4; k++)
        if (reg->margin[k] <= CONTACT_REACH) {
            contact = fmax(contact, reg->contact[k]);
            open += reg->open[k];
        }
    json_object_set_new(f, "border_contact", json_real(dk_doc_round(contact, 3)));
    json_object_set_new(f, "border_contact_bound", json_real(lim->max_border_cross));
    json_object_set_new(f, "open_sides_near_border", json_integer(open));
    json_object_set_new(f, "background_spread", json_real(dk_doc_round(reg->bg_spread, 2)));
    json_object_set_new(f, "threshold", json_real(dk_doc_round(reg->threshold, 2)));
    json_object_set_new(f, "outline", json_boolean(reg->outlined));
    static const char *const side[4] = {"left", "top", "right", "bottom"};
    if (reg->cut_by)
        json_object_set_new(f, "cut_by", json_string(side[reg->cut_by - 1]));
    if (reg->by_print)
        json_object_set_new(f, "found_by", json_string("print"));
    else if (reg->outlined)
        json_object_set_new(f, "outline_support", json_real(dk_doc_round(reg->outline_support, 2)));
    if (json_object_set_new(figures, "frame", f) != 0)
        return -1;
    return !reg->found || min_margin < lim->min_frame_margin || contact > lim->max_border_cross ||
           open > 0 || reg->cut_by;
}
