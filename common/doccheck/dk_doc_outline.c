/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_outline.c — finds the document by its outline: four straight
 * edges, each ending at its corners, around a card- or page-shaped
 * quadrilateral. A light document on a light or patterned table may differ
 * from it little in colour, but its border is a long straight step that no
 * table's grain, stripes or blotches make four times over at right angles.
 * dk_doc_frame.c finds the document by colour and trusts this outline when
 * it finds one. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The edge grid: cells of a few raster pixels, ~256 along the long side
 * (4 raster pixels of a 12 MP photo decoded at 1/4). */
#define OUTLINE_LONG 256
/* A cell is on an edge across x (or y) when the colour differs by at least
 * EDGE_STEP between its two neighbours that way (luma and chroma, 0-255),
 * more than it does the other way, and most there among its neighbours
 * across: a sharp local step, where a flat area or a smooth shading makes
 * none. */
#define EDGE_STEP 6.0
/* Lines are swept every SWEEP_STEP degrees up to SWEEP_STEP x SWEEP_HALF
 * either side of the grid's axes (a document photographed a little
 * turned); each candidate is then refined every REFINE_STEP degrees within
 * a sweep step, and a cell either side. */
#define SWEEP_STEP 2.0
#define SWEEP_HALF 5
#define ANGLES (2 * SWEEP_HALF + 1)
#define REFINE_STEP 0.5
/* Candidate lines: the longest runs of edge cells (gaps of up to RUN_GAP
 * bridged), at least MIN_SIDE of the grid's short side, the best
 * MAX_LINES of each direction, one per place (NMS_CELLS apart). */
#define RUN_GAP 3
#define MIN_SIDE 0.10
#define MAX_LINES 32
#define NMS_CELLS 3
/* A side is the document's when edge cells cover SIDE_SUPPORT of it
 * between its corners (CORNER_TRIM of its length left out at each end: the
 * rounded corners of a card), and it stops there (an inner line, such as
 * the top of a machine-readable zone, runs into the document's sides, which
 * go on past it). Beyond each corner, over EXTENSION of its length, either
 * edge cells cover STOP_DROP less of the line than along the side (a
 * table's texture may put edge cells anywhere, so the drop counts, not a
 * share), or they thin out by a quarter of that and the colour step the
 * side makes across the line is gone: the mean step across it there is at
 * most STEP_GONE of the side's, measured where the side's is strongest (a
 * cell either side of the line or on it: print may come within a few cells
 * of a card's edge, and the step is the card's margin against the table,
 * not its print's) (a mosaic or grained table makes edge cells
 * beyond the corner too, but steps of every sign that average out, where a
 * document's side would go on with a step of its own, the same or, past a
 * dark band of print, reversed). Where the edge cells go on undiminished
 * (a mottled or wavy table as dense with them as the side; or print past
 * an inner line, a page's MRZ the border cuts through its top), the step
 * must be gone to STEP_GONE_DENSE of the side's; the line must not go on
 * as densely out to the border at both ends (a stripe's edge does); and no
 * near-parallel line run along the side just outside it, within
 * OUTER_NEAR of the document's width across, as a side does and with a
 * stronger step: the side would be a line of print inside the document,
 * and that line its edge. The side's step counts when it is at least
 * EDGE_STEP. */
#define SIDE_SUPPORT 0.75
#define CORNER_TRIM 0.08
#define EXTENSION 0.15
#define STOP_DROP 0.35
#define STEP_GONE 0.5
#define STEP_GONE_DENSE 0.35
#define OUTER_NEAR 0.1
#define OUTER_TAN 0.05
#define MIN_BEYOND 3
/* The cells beyond a corner are measured from BEYOND_GAP past it: where
 * two lines meet is known to a cell (whole intercepts, half-degree angles),
 * and the first cell past a corner put a cell short may still hold the
 * side's own edge and step. */
#define BEYOND_GAP 1
/* When no outline was found, the search is made again with only the
 * steps of each of these times the table's typical one (the median step
 * over the picture, which the table takes most of) as edge cells: on a
 * grained or mottled table the grain's own steps pass EDGE_STEP nearly
 * everywhere, and its runs at every angle crowd out a light document's
 * faint sides; a document's edge, one step between broad areas, stands
 * above the grain's. Rising in turn: the lowest that shows the sides keeps
 * the most of them. There each plane's step is weighed against its own
 * grain, as luma's is (a table mottled in light and shade may be of one
 * hue, where a cream card differs from it in hue all along its sides
 * though its margin matches the table's blotches in light here and
 * there); a plane's typical squared step counts as GRAIN_FLOOR at least
 * (a step of one level: any photo's noise), so that a plane without grain
 * is not weighed up without bound. Last, the same on hue alone: a table's
 * grain is mostly light and shade (its blotches, the light falling off
 * across it), where a document's hue, however little it differs from the
 * table's, differs all along its sides. */
#define GRAIN_FACTORS 1.25, 1.5, 2.0
#define GRAIN_FLOOR 1.0
/* There a side must be covered over GRAIN_SIDE_SUPPORT: with the grain
 * gone a document's edge, stepping above it all along, is nearly whole (a
 * fifth of it may be lost where a glare spot's halo or a blotch as light
 * as the paper meets it), where a line pieced together from the grain's
 * strongest steps (a wavy stripe's edge along a card's side, a row of
 * print) is not. A line that
 * runs "as a side does" (into the border, on past the corners, just
 * outside a side) is asked the same there. */
#define GRAIN_SIDE_SUPPORT 0.8
/* A side of a box found otherwise (by colour) is closed when one of the
 * candidate lines runs along it, from CLOSE_INSIDE cells inside it (the
 * colour's box may stop a little short of the edge) out to the border,
 * covered by edge cells over CLOSE_SUPPORT of the box's side: a document
 * lying near the border has its own edge there, one the border cuts has
 * none. */
#define CLOSE_INSIDE 4
#define CLOSE_SUPPORT 0.5
/* Card- and page-shaped (DK_DOC_ASPECT_MIN-MAX); opposite sides within the
 * foreshortening of a photo taken a little aslant. */
#define OPPOSITE_RATIO 1.25
/* A side runs on into the border when edge cells cover REACH_CELLS
 * before the outermost cell. */
#define REACH_CELLS 4
/* The picture's outermost cells make straight lines of their own (a
 * decoder's rounding there): a cut document's sides lie further in. */
#define BORDER_CELLS 3

/* One straight line of a direction: vertical lines run x = at + t (y - mid)
 * over y, horizontal ones y = at + t (x - mid) over x. */
typedef struct {
    double t; /* tangent of its angle to the axis */
    int at;   /* intercept at the middle */
    int run;  /* its longest run of edge cells */
} outline_line;

/* A direction's candidate lines, and the edge cells along each as prefix
 * counts over the line's own coordinate (len + 1 per candidate). */
typedef struct {
    int across, len; /* intercepts, and positions along */
    outline_line cand[MAX_LINES];
    int ncand;
    uint16_t *prefix;     /* MAX_LINES x (len + 1) */
    const float *v;       /* the cell means: luma and chroma planes */
    size_t cells;         /* a plane's length */
    ptrdiff_t along, out; /* a cell's stride along the lines and across */
    double side_support;  /* the share of a side (or of a line running as a side does)
                             edge cells must cover: SIDE_SUPPORT, or GRAIN_SIDE_SUPPORT in
                             the grain's search */
} outline_family;

static double deg_tan(double deg)
{
    return tan(deg * M_PI / 180.0);
}

/* How far across from its intercept the line of tangent t lies at position
 * p of len: the nearest cell (halves away from zero, as lround(), which
 * costs a call). */
static inline int line_offset(double t, int p, int len)
{
    double o = t * (p - len / 2.0);
    return o >= 0 ? (int)(o + 0.5) : -(int)(0.5 - o);
}

/* Share of edge cells along candidate k over positions [p0, p1). */
static double support(const outline_family *f, int k, int p0, int p1)
{
    if (p0 < 0)
        p0 = 0;
    if (p1 > f->len)
        p1 = f->len;
    if (p1 <= p0)
        return 0;
    const uint16_t *pre = f->prefix + (size_t)k * (f->len + 1);
    return (double)(pre[p1] - pre[p0]) / (p1 - p0);
}

/* The mean colour step across candidate k over positions [p0, p1), per
 * plane into d, measured o cells across from the line (it may lie a cell
 * off the document's edge): the two cells after o less the two before. The
 * number of positions measured. */
static int step_across(const outline_family *f, int k, int o, int p0, int p1, double d[3])
{
    const outline_line *l = &f->cand[k];
    const ptrdiff_t a = f->out;
    d[0] = d[1] = d[2] = 0;
    int n = 0;
    for (int p = p0 < 0 ? 0 : p0; p < p1 && p < f->len; p++) {
        int q = l->at + line_offset(l->t, p, f->len) + o;
        if (q < 2 || q + 2 >= f->across)
            continue;
        for (int ch = 0; ch < 3; ch++) {
            const float *c = f->v + ch * f->cells + p * f->along + q * a;
            d[ch] += (c[a] + c[2 * a] - c[-a] - c[-2 * a]) / 2;
        }
        n++;
    }
    for (int ch = 0; ch < 3 && n > 0; ch++)
        d[ch] /= n;
    return n;
}

static double norm2(const double d[3])
{
    return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}

/* Whether step b goes the way step a does: in colour as a whole, or in
 * hue alone where a's hue step is one of its own (HUE_STEP or more) and b
 * holds it at half its size or more, within HUE_TURN (cosine) of its
 * direction: along a light document cut on a table mottled in light and
 * shade, a blotch by the border may be lighter than the paper where the
 * rest of the table is darker, while the paper's hue differs from the
 * table's all along. */
#define HUE_STEP 3.0
#define HUE_TURN 0.7
static int same_way(const double a[3], const double b[3])
{
    if (a[0] * b[0] + a[1] * b[1] + a[2] * b[2] > 0)
        return 1;
    double ah = a[1] * a[1] + a[2] * a[2], bh = b[1] * b[1] + b[2] * b[2];
    double dot = a[1] * b[1] + a[2] * b[2];
    return ah >= HUE_STEP * HUE_STEP && bh >= 0.25 * ah && dot >= HUE_TURN * sqrt(ah * bh);
}

/* step_across() where the step is strongest, a cell either side of the
 * line or on it (print may come within a few cells of a document's edge):
 * the step into d, its offset into *at; its squared size, or -1 when no
 * position was measured. */
static double strongest_step(const outline_family *f, int k, int p0, int p1, double d[3], int *at)
{
    double best = -1, s[3];
    *at = 0;
    d[0] = d[1] = d[2] = 0;
    for (int o = -1; o <= 1; o++)
        if (step_across(f, k, o, p0, p1, s) > 0 && norm2(s) > best) {
            best = norm2(s);
            *at = o;
            memcpy(d, s, sizeof s);
        }
    return best;
}

/* Fills the prefix counts of every line from edge (across x along cells,
 * edge[p * across + q] for position p, across q) and keeps the candidates:
 * per intercept the angle with the longest run, then the intercepts whose
 * run is the longest within NMS_CELLS (the same edge at a neighbouring
 * place), the MAX_LINES longest. 0, or -1 when memory ran out. */
static int scan_lines(outline_family *f, const unsigned char *edge, int min_run)
{
    int across = f->across, len = f->len;
    /* Every line's cells stay within pad of its intercept. */
    int pad = (int)ceil(deg_tan(SWEEP_HALF * SWEEP_STEP) * len / 2.0) + 1;
    outline_line *best = calloc((size_t)across, sizeof(outline_line));
    int16_t *state = malloc((size_t)across * 3 * sizeof(int16_t));
    unsigned char *padded = calloc((size_t)across + 2 * pad, 1);
    int *offs = malloc((size_t)len * sizeof(int));
    if (!best || !state || !padded || !offs) {
        free(best), free(state), free(padded), free(offs);
        return -1;
    }
    int16_t *gap = state, *cur = state + across, *run = state + 2 * across;
    for (int a = 0; a < ANGLES; a++) {
        double t = deg_tan((a - SWEEP_HALF) * SWEEP_STEP);
        /* Position by position, every intercept at once, without branches:
         * the edge row (zeros either side, off the picture) read in order;
         * per line the misses since its last edge cell, the current run
         * (reset after more than RUN_GAP misses) and the longest. */
        for (int at = 0; at < across; at++)
            gap[at] = RUN_GAP + 1, cur[at] = 0, run[at] = 0;
        for (int p = 0; p < len; p++) {
            int off = line_offset(t, p, len);
            memcpy(padded + pad, edge + (size_t)p * across, (size_t)across);
            const unsigned char *row = padded + pad + off;
            for (int at = 0; at < across; at++) {
                int16_t hit = (int16_t)-row[at]; /* all ones on an edge cell */
                int16_t g = (int16_t)((gap[at] + 1) & ~hit);
                g = g > RUN_GAP + 1 ? RUN_GAP + 1 : g;
                int16_t c = cur[at];
                int16_t go_on = (int16_t) - (g <= RUN_GAP && (c | hit) != 0);
                c = (int16_t)((c + 1) & go_on);
                int16_t r = (int16_t)(c & hit);
                gap[at] = g;
                cur[at] = c;
                run[at] = r > run[at] ? r : run[at];
            }
        }
        for (int at = 0; at < across; at++)
            if (run[at] > best[at].run)
                best[at] = (outline_line){t, at, run[at]};
    }
    f->ncand = 0;
    for (int at = 0; at < across; at++) {
        int longest = best[at].run, peak = longest >= min_run;
        for (int d = -NMS_CELLS; d <= NMS_CELLS && peak; d++) {
            int o = at + d;
            if (d != 0 && o >= 0 && o < across)
                peak = best[o].run < longest || (best[o].run == longest && o > at);
        }
        if (!peak)
            continue;
        /* Into the list of the longest, kept sorted. */
        if (f->ncand == MAX_LINES && f->cand[MAX_LINES - 1].run >= longest)
            continue;
        int k = f->ncand < MAX_LINES ? f->ncand++ : MAX_LINES - 1;
        while (k > 0 && f->cand[k - 1].run < longest) {
            f->cand[k] = f->cand[k - 1];
            k--;
        }
        f->cand[k] = best[at];
    }
    /* Each candidate refined to the angle and intercept nearby that meet
     * the most edge cells, then its prefix counts. */
    for (int k = 0; k < f->ncand; k++) {
        outline_line *l = &f->cand[k];
        double deg = atan(l->t) * 180.0 / M_PI, best_t = l->t;
        int best_at = l->at, most = -1;
        for (double d = -SWEEP_STEP / 2; d <= SWEEP_STEP / 2 + 1e-9; d += REFINE_STEP) {
            double t = deg_tan(deg + d);
            for (int p = 0; p < len; p++)
                offs[p] = line_offset(t, p, len);
            for (int at = l->at - 1; at <= l->at + 1; at++) {
                int hits = 0;
                for (int p = 0; p < len; p++) {
                    int q = at + offs[p];
                    hits += q >= 0 && q < across && edge[(size_t)p * across + q];
                }
                if (hits > most) {
                    most = hits;
                    best_t = t;
                    best_at = at;
                }
            }
        }
        l->t = best_t;
        l->at = best_at;
        uint16_t *pre = f->prefix + (size_t)k * (len + 1);
        pre[0] = 0;
        for (int p = 0; p < len; p++) {
            int q = l->at + line_offset(l->t, p, len);
            pre[p + 1] =
                (uint16_t)(pre[p] + (q >= 0 && q < across && edge[(size_t)p * across + q]));
        }
    }
    free(best), free(state), free(padded), free(offs);
    return 0;
}

/* Where vertical line v meets horizontal line h, in grid cells. */
static void meet(const outline_family *vf, const outline_line *v, const outline_family *hf,
                 const outline_line *h, double *x, double *y)
{
    /* x = v.at + tv (y - vmid), y = h.at + th (x - hmid) */
    double tv = v->t, th = h->t;
    double vmid = vf->len / 2.0, hmid = hf->len / 2.0;
    double yy = (h->at + th * (v->at - tv * vmid - hmid)) / (1 - th * tv);
    *y = yy;
    *x = v->at + tv * (yy - vmid);
}

/* Whether a side along candidate l, between positions p0 < p1, is covered
 * by edge cells and stops at both ends; or, at the end open names
 * (OPEN_LOW: p0, OPEN_HIGH: p1, the border's), runs on into the border:
 * edge cells cover the REACH_CELLS before the picture's outermost cell as
 * they cover the side, and the colour steps there the same way
 * (same_way()). 0 when it does not hold; HOLDS, or HOLDS_DENSE when it
 * stops at a corner where edge cells go on undiminished (whether a line
 * outside it is the document's edge is the caller's to ask:
 * outer_edge()). */
#define OPEN_LOW 1
#define OPEN_HIGH 2
#define HOLDS 1
#define HOLDS_DENSE 2
static int side_holds(const outline_family *f, int l, double p0, double p1, int open,
                      double *weakest)
{
    double n = p1 - p0, trim = CORNER_TRIM * n, ext = EXTENSION * n;
    int s0 = open & OPEN_LOW ? 1 : (int)lround(p0 + trim);
    int s1 = open & OPEN_HIGH ? f->len - 1 : (int)lround(p1 - trim);
    double s = support(f, l, s0, s1);
    if (s < *weakest)
        *weakest = s;
    if (s < f->side_support)
        return 0;
    /* Beyond each corner: a document's rounded corner curves inside the
     * lines' meeting point, so nothing of its side lies beyond it. At least
     * MIN_BEYOND cells of it must lie where edges are measured (all but the
     * outermost cell): a side that runs into the border may go on outside
     * the picture, and two cells beside a band of print the border cuts
     * (a card's MRZ) may show none of it; a document lying 2 % from the
     * border leaves three past BEYOND_GAP. */
    int b0 = (int)floor(p0 - ext) - BEYOND_GAP, b1 = (int)floor(p0) - BEYOND_GAP;
    int a0 = (int)ceil(p1) + BEYOND_GAP, a1 = (int)ceil(p1 + ext) + BEYOND_GAP;
    if (b0 < 1)
        b0 = 1;
    if (a1 > f->len - 1)
        a1 = f->len - 1;
    if ((!(open & OPEN_LOW) && b1 - b0 < MIN_BEYOND) ||
        (!(open & OPEN_HIGH) && a1 - a0 < MIN_BEYOND))
        return 0;
    /* The side's step where it is strongest. */
    double side[3], beyond[3];
    int at;
    double step2 = fmax(0, strongest_step(f, l, s0, s1, side, &at));
    int heard = 0;
    for (int end = 0; end < 2; end++) {
        if (open & (end ? OPEN_HIGH : OPEN_LOW)) {
            /* Into the border: the same edge, the same step, up to it. */
            int e0 = end ? f->len - 1 - REACH_CELLS : 1, e1 = e0 + REACH_CELLS;
            if (support(f, l, e0, e1) < f->side_support || step2 < EDGE_STEP * EDGE_STEP ||
                step_across(f, l, at, e0, e1, beyond) == 0 || !same_way(side, beyond))
                return 0;
            continue;
        }
        int e0 = end ? a0 : b0, e1 = end ? a1 : b1;
        double on = support(f, l, e0, e1);
        if (on <= s - STOP_DROP)
            continue;
        int undiminished = on > s - STOP_DROP / 4;
        double gone = undiminished ? STEP_GONE_DENSE : STEP_GONE;
        if (step2 < EDGE_STEP * EDGE_STEP || step_across(f, l, at, e0, e1, beyond) == 0 ||
            norm2(beyond) > gone * gone * step2)
            return 0;
        heard |= undiminished;
    }
    /* Stopped where edge cells go on: a line of the table (a stripe, a
     * plank's edge) goes on as a side would, out to the border at both
     * ends (all but the outermost cells); a document's side ends (one
     * that runs into the border, as a cut one's may, is not asked). */
    if (heard && !open) {
        int before = (int)floor(p0 - trim), after = (int)ceil(p1 + trim);
        int n0 = before > 1 ? before - 1 : 0, n1 = f->len - 1 > after ? f->len - 1 - after : 0;
        if (n0 + n1 > 0 &&
            (support(f, l, 1, before) * n0 + support(f, l, after, f->len - 1) * n1) / (n0 + n1) >=
                f->side_support)
            return 0;
    }
    return heard ? HOLDS_DENSE : HOLDS;
}

/* The squared colour distance (luma and chroma planes of v, each cells
 * long, weighed by wt) between the mean of w cells after i and of w
 * before, stepping by stride. */
static float window_step2(const float *v, const float wt[3], size_t cells, size_t i,
                          ptrdiff_t stride, int w)
{
    float sum = 0;
    for (int ch = 0; ch < 3; ch++) {
        const float *p = v + ch * cells;
        float d = 0;
        for (int k = 1; k <= w; k++)
            d += p[(ptrdiff_t)i + k * stride] - p[(ptrdiff_t)i - k * stride];
        d *= wt[ch] / w;
        sum += d * d;
    }
    return sum;
}

/* A cell's squared step one way (fit: how many cells lie beyond it either
 * way): the smaller of the 2- and the 4-cell windows', or what fits. */
static float colour_step2(const float *v, const float wt[3], size_t cells, size_t i,
                          ptrdiff_t stride, int fit)
{
    if (fit >= 4)
        return fminf(window_step2(v, wt, cells, i, stride, 2),
                     window_step2(v, wt, cells, i, stride, 4));
    return window_step2(v, wt, cells, i, stride, fit < 2 ? fit : 2);
}

/* colour_step2() at every cell off the grid's outermost ring, across x
 * into gx and across y into gy, plane ch weighed by wt[ch] (0: left out):
 * the cells where both windows fit a row at a time (s2, s4: gw floats of
 * scratch, the vectoriser's form), the few next to the border one by one. */
static void colour_steps(const float *v, const float wt[3], int gw, int gh, float *gx, float *gy,
                         float *s2, float *s4)
{
    size_t cells = (size_t)gw * gh;
    for (int y = 1; y < gh - 1; y++) {
        size_t row = (size_t)y * gw;
        int far_y = y >= 4 && y < gh - 4;
        /* Across x. */
        for (int x = 0; x < gw; x++)
            s2[x] = s4[x] = 0;
        for (int ch = 0; ch < 3; ch++) {
            const float *p = v + ch * cells + row, k = wt[ch];
            if (k == 0)
                continue;
            for (int x = 4; x < gw - 4; x++) {
                float a2 = (p[x + 1] + p[x + 2] - p[x - 1] - p[x - 2]) * k;
                float a4 = (a2 + (p[x + 3] + p[x + 4] - p[x - 3] - p[x - 4]) * k) * 0.25f;
                a2 *= 0.5f;
                s2[x] += a2 * a2;
                s4[x] += a4 * a4;
            }
        }
        for (int x = 4; x < gw - 4; x++)
            gx[row + x] = s2[x] < s4[x] ? s2[x] : s4[x];
        /* Across y. */
        if (far_y) {
            ptrdiff_t g = gw;
            for (int x = 0; x < gw; x++)
                s2[x] = s4[x] = 0;
            for (int ch = 0; ch < 3; ch++) {
                const float *p = v + ch * cells + row, k = wt[ch];
                if (k == 0)
                    continue;
                for (int x = 1; x < gw - 1; x++) {
                    float a2 = (p[x + g] + p[x + 2 * g] - p[x - g] - p[x - 2 * g]) * k;
                    float a4 =
                        (a2 + (p[x + 3 * g] + p[x + 4 * g] - p[x - 3 * g] - p[x - 4 * g]) * k) *
                        0.25f;
                    a2 *= 0.5f;
                    s2[x] += a2 * a2;
                    s4[x] += a4 * a4;
                }
            }
            for (int x = 1; x < gw - 1; x++)
                gy[row + x] = s2[x] < s4[x] ? s2[x] : s4[x];
        }
        for (int x = 1; x < gw - 1; x++) {
            int fx = x < gw - 1 - x ? x : gw - 1 - x, fy = y < gh - 1 - y ? y : gh - 1 - y;
            if (fx < 4)
                gx[row + x] = colour_step2(v, wt, cells, row + x, 1, fx);
            if (!far_y)
                gy[row + x] = colour_step2(v, wt, cells, row + x, (ptrdiff_t)gw, fy);
        }
    }
}

static double dist(double ax, double ay, double bx, double by)
{
    return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by)); /* hypot() is slower */
}

static int on_grid(double x, double y, int gw, int gh)
{
    return x >= 0 && y >= 0 && x <= gw - 1 && y <= gh - 1;
}

/* Whether another candidate of f, within OUTER_TAN of l's angle, lies
 * outside it (way: -1 towards lower intercepts, 1 higher) within near
 * cells and is covered by edge cells over l's span [p0, p1) as a side is,
 * with a stronger step there: l is then a line inside the document, and
 * that one its edge. */
static int outer_edge(const outline_family *f, int l, int way, double p0, double p1, double near)
{
    const outline_line *a = &f->cand[l];
    double n = p1 - p0, trim = CORNER_TRIM * n, d[3];
    int s0 = (int)lround(p0 + trim), s1 = (int)lround(p1 - trim), at;
    double own = strongest_step(f, l, s0, s1, d, &at);
    for (int k = 0; k < f->ncand; k++) {
        const outline_line *b = &f->cand[k];
        int off = (b->at - a->at) * way;
        if (k == l || off <= 0 || off > near || fabs(b->t - a->t) > OUTER_TAN)
            continue;
        if (support(f, k, s0, s1) >= f->side_support && strongest_step(f, k, s0, s1, d, &at) > own)
            return 1;
    }
    return 0;
}

/* The largest card- or page-shaped quadrilateral whose four sides hold
 * (the top's corners met once for every bottom). */
static void best_quad(const outline_family *vf, const outline_family *hf, int gw, int gh,
                      double min_side, dk_doc_outline *out, double *best_area)
{
    for (int i = 0; i < vf->ncand; i++)
        for (int j = 0; j < vf->ncand; j++) {
            const outline_line *l = &vf->cand[i], *r = &vf->cand[j];
            if (r->at - l->at < min_side)
                continue;
            for (int k = 0; k < hf->ncand; k++) {
                const outline_line *t = &hf->cand[k];
                double x[4], y[4]; /* top-left, top-right, bottom-right, bottom-left */
                meet(vf, l, hf, t, &x[0], &y[0]);
                meet(vf, r, hf, t, &x[1], &y[1]);
                if (!on_grid(x[0], y[0], gw, gh) || !on_grid(x[1], y[1], gw, gh))
                    continue;
                double top = dist(x[0], y[0], x[1], y[1]);
                for (int m = 0; m < hf->ncand; m++) {
                    const outline_line *b = &hf->cand[m];
                    if (b->at - t->at < min_side)
                        continue;
                    meet(vf, r, hf, b, &x[2], &y[2]);
                    meet(vf, l, hf, b, &x[3], &y[3]);
                    if (!on_grid(x[2], y[2], gw, gh) || !on_grid(x[3], y[3], gw, gh))
                        continue;
                    double bottom = dist(x[3], y[3], x[2], y[2]);
                    double left = dist(x[0], y[0], x[3], y[3]),
                           right = dist(x[1], y[1], x[2], y[2]);
                    if (top > OPPOSITE_RATIO * bottom || bottom > OPPOSITE_RATIO * top ||
                        left > OPPOSITE_RATIO * right || right > OPPOSITE_RATIO * left)
                        continue;
                    double wide = (top + bottom) / 2, high = (left + right) / 2;
                    double aspect = wide > high ? wide / high : high / wide;
                    if (aspect < DK_DOC_ASPECT_MIN || aspect > DK_DOC_ASPECT_MAX)
                        continue;
                    double area = wide * high;
                    if (area <= *best_area)
                        continue;
                    double weakest = 1;
                    int h[4];
                    if (!(h[0] = side_holds(vf, i, y[0], y[3], 0, &weakest)) ||
                        !(h[1] = side_holds(vf, j, y[1], y[2], 0, &weakest)) ||
                        !(h[2] = side_holds(hf, k, x[0], x[1], 0, &weakest)) ||
                        !(h[3] = side_holds(hf, m, x[3], x[2], 0, &weakest)))
                        continue;
                    if ((h[0] == HOLDS_DENSE &&
                         outer_edge(vf, i, -1, y[0], y[3], OUTER_NEAR * wide)) ||
                        (h[1] == HOLDS_DENSE &&
                         outer_edge(vf, j, 1, y[1], y[2], OUTER_NEAR * wide)) ||
                        (h[2] == HOLDS_DENSE &&
                         outer_edge(hf, k, -1, x[0], x[1], OUTER_NEAR * high)) ||
                        (h[3] == HOLDS_DENSE &&
                         outer_edge(hf, m, 1, x[3], x[2], OUTER_NEAR * high)))
                        continue;
                    *best_area = area;
                    out->found = 1;
                    out->support = weakest;
                    for (int c = 0; c < 4; c++) {
                        out->x[c] = x[c];
                        out->y[c] = y[c];
                    }
                }
            }
        }
}

/* Whether the colour step across candidate l over positions [p0, p1),
 * where it is strongest (a cell either side of the line or on it), is a
 * document's edge against the table all along: over the first and the
 * last share of the span, at least EDGE_STEP, the same way (a table's
 * grain or stripes make steps of every sign along a line, which average
 * out). The mean step into d when d is not NULL. 1 or 0. */
static int steady_step(const outline_family *f, int l, int p0, int p1, double share, double *d)
{
    double whole[3], first[3], last[3];
    int at;
    double best = strongest_step(f, l, p0, p1, whole, &at);
    if (d)
        memcpy(d, whole, sizeof whole);
    int part = (int)ceil(share * (p1 - p0));
    if (best < EDGE_STEP * EDGE_STEP || step_across(f, l, at, p0, p0 + part, first) == 0 ||
        step_across(f, l, at, p1 - part, p1, last) == 0)
        return 0;
    double a = norm2(first), b = norm2(last);
    double dot = first[0] * last[0] + first[1] * last[1] + first[2] * last[2];
    return fmin(a, b) >= EDGE_STEP * EDGE_STEP && dot > 0;
}

/* Where parallel par (of the vertical family when vertical, else the
 * horizontal one) meets line b of the other: x, y in cells, and p along
 * the parallel, q along b. */
static void cross(const outline_family *vf, const outline_family *hf, int vertical,
                  const outline_line *par, const outline_line *b, double *x, double *y, double *p,
                  double *q)
{
    if (vertical)
        meet(vf, par, hf, b, x, y);
    else
        meet(vf, b, hf, par, x, y);
    *p = vertical ? *y : *x;
    *q = vertical ? *x : *y;
}

/* Whether parallel l's step across ends at position p: from there on to
 * the border at the open end it is less than STEP_GONE of what it is on
 * the other side of p, or turns (the table on both sides of it). Fewer
 * than MIN_BEYOND cells measured beyond p (a line of print crossing the
 * parallel at the border's last cells, tilted) say nothing of it: no. */
static int steps_end(const outline_family *f, int l, double p, int open_high)
{
    int at = (int)lround(p), before[2] = {open_high ? 1 : at, open_high ? at : f->len - 1},
        after[2] = {open_high ? at : 1, open_high ? f->len - 1 : at};
    double a[3], b[3];
    if (step_across(f, l, 0, after[0], after[1], b) < MIN_BEYOND)
        return 0;
    if (step_across(f, l, 0, before[0], before[1], a) == 0)
        return 1;
    return norm2(b) < STEP_GONE * STEP_GONE * norm2(a) ||
           a[0] * b[0] + a[1] * b[1] + a[2] * b[2] <= 0;
}

/* Whether a candidate of bf other than the base k crosses the U of
 * parallels li, ri beyond along (towards the open end) as the document's
 * fourth side would: edge cells over CLOSE_SUPPORT of the way across, a
 * steady step, the base's (sb) the other way (the same document inside,
 * the same table outside: the two add up to at most FOURTH_LIKE of the
 * base's), and a parallel's step ends there (a band of print, whose top
 * may step as a table would, has the document's sides going on past it). */
#define FOURTH_LIKE 0.5
static int closed_beyond(const outline_family *vf, const outline_family *hf, int vertical, int li,
                         int ri, int k, int open_high, double along, const double sb[3])
{
    const outline_family *pf = vertical ? vf : hf, *bf = vertical ? hf : vf;
    const outline_line *l = &pf->cand[li], *r = &pf->cand[ri];
    for (int m = 0; m < bf->ncand; m++) {
        double x[2], y[2], p[2], q[2], sm[3];
        cross(vf, hf, vertical, l, &bf->cand[m], &x[0], &y[0], &p[0], &q[0]);
        cross(vf, hf, vertical, r, &bf->cand[m], &x[1], &y[1], &p[1], &q[1]);
        int q0 = (int)lround(fmin(q[0], q[1])), q1 = (int)lround(fmax(q[0], q[1]));
        if (m != k && (open_high ? fmin(p[0], p[1]) > along : fmax(p[0], p[1]) < along) &&
            on_grid(x[0], y[0], vf->across, hf->across) &&
            on_grid(x[1], y[1], vf->across, hf->across) &&
            support(bf, m, q0, q1) >= CLOSE_SUPPORT && steady_step(bf, m, q0, q1, 0.5, sm)) {
            double sum[3] = {sm[0] + sb[0], sm[1] + sb[1], sm[2] + sb[2]};
            if (norm2(sum) <= FOURTH_LIKE * FOURTH_LIKE * norm2(sb) &&
                (steps_end(pf, li, p[0], open_high) || steps_end(pf, ri, p[1], open_high)))
                return 1;
        }
    }
    return 0;
}

/* Whether the table makes lines like the parallels li, ri of a U over
 * positions [p0, p1): two other candidates of their family, outside them,
 * covered by edge cells as the weaker parallel is (or over TABLE_LINE,
 * as whole as a document's edge): stripes or planks, whose U would say
 * nothing (a mosaic's joints, broken where two stones are alike, make one
 * such line at times). */
#define TABLE_LINE 0.85
static int table_lines(const outline_family *f, int li, int ri, int p0, int p1)
{
    int lo = f->cand[li].at - NMS_CELLS, hi = f->cand[ri].at + NMS_CELLS, n = 0;
    double like = fmin(TABLE_LINE, fmin(support(f, li, p0, p1), support(f, ri, p0, p1)));
    for (int k = 0; k < f->ncand; k++)
        n += (f->cand[k].at < lo || f->cand[k].at > hi) && support(f, k, p0, p1) >= like;
    return n >= 2;
}

/* A document that side of the picture (left, top, right, bottom) cuts,
 * outlined on its three other sides: the largest U whose base (a
 * candidate of the other family than the parallels') holds between the
 * two parallels, which hold from their corners with it on into that
 * border, around the middle of box (x0, y0, x1, y1 in cells: the colour's
 * box, which spans at least BOX_OF_U of the way between the parallels: on
 * a light document it may be its photo alone, under a quarter of its
 * width, where a sheet of paper a card lies on is wider still), each side
 * a steady step, and nothing closing it before the border. Its visible part is card- or page-shaped
 * or shorter (at most DK_DOC_ASPECT_MAX times as long as wide); its box in cells into cut_box. */
#define BOX_OF_U 0.2
static void best_cut(const outline_family *vf, const outline_family *hf, int side, double min_side,
                     const double box[4], dk_doc_outline *out, double *best_area, double cut_box[4])
{
    int vertical = side % 2, open_high = side >= 2; /* the parallels' family, the open end */
    double centre[2] = {(box[0] + box[2]) / 2, (box[1] + box[3]) / 2};
    double box_across = vertical ? box[2] - box[0] : box[3] - box[1]; /* across the parallels */
    const outline_family *pf = vertical ? vf : hf, *bf = vertical ? hf : vf;
    int gw = vf->across, gh = hf->across, end = open_high ? pf->len - 1 : 0;
    int open = open_high ? OPEN_HIGH : OPEN_LOW;
    double c_along = vertical ? centre[1] : centre[0], c_across = vertical ? centre[0] : centre[1];
    for (int i = 0; i < pf->ncand; i++)
        for (int j = 0; j < pf->ncand; j++) {
            const outline_line *l = &pf->cand[i], *r = &pf->cand[j];
            int l_end = l->at + line_offset(l->t, end, pf->len),
                r_end = r->at + line_offset(r->t, end, pf->len);
            if (r->at - l->at < min_side || l_end < BORDER_CELLS || l->at < BORDER_CELLS ||
                r_end >= pf->across - BORDER_CELLS || r->at >= pf->across - BORDER_CELLS ||
                l->at + line_offset(l->t, (int)c_along, pf->len) > c_across ||
                r->at + line_offset(r->t, (int)c_along, pf->len) < c_across)
                continue;
            for (int k = 0; k < bf->ncand; k++) {
                const outline_line *b = &bf->cand[k];
                double x[2], y[2], pa[2], qa[2];
                cross(vf, hf, vertical, l, b, &x[0], &y[0], &pa[0], &qa[0]);
                cross(vf, hf, vertical, r, b, &x[1], &y[1], &pa[1], &qa[1]);
                if (!on_grid(x[0], y[0], gw, gh) || !on_grid(x[1], y[1], gw, gh))
                    continue;
                double base_across = b->at + line_offset(b->t, (int)c_across, bf->len);
                if (open_high ? c_along < base_across : c_along > base_across)
                    continue;
                double wide = dist(x[0], y[0], x[1], y[1]);
                if (box_across < BOX_OF_U * wide)
                    continue;
                double mid = (pa[0] + pa[1]) / 2, high = open_high ? pf->len - 1 - mid : mid;
                if (wide < min_side || high < min_side || high > DK_DOC_ASPECT_MAX * wide ||
                    wide * high <= *best_area)
                    continue;
                double weakest = 1, sb[3];
                int q0 = (int)lround(fmin(qa[0], qa[1])), q1 = (int)lround(fmax(qa[0], qa[1]));
                int l0 = open_high ? (int)lround(pa[0]) : 1,
                    l1 = open_high ? end : (int)lround(pa[0]);
                int r0 = open_high ? (int)lround(pa[1]) : 1,
                    r1 = open_high ? end : (int)lround(pa[1]);
                if (!side_holds(bf, k, q0, q1, 0, &weakest) ||
                    !side_holds(pf, i, l0, l1, open, &weakest) ||
                    !side_holds(pf, j, r0, r1, open, &weakest) ||
                    !steady_step(pf, i, l0, l1, 1 / 3.0, NULL) ||
                    !steady_step(pf, j, r0, r1, 1 / 3.0, NULL) ||
                    !steady_step(bf, k, q0, q1, 0.5, sb) ||
                    table_lines(pf, i, j, l0 < r0 ? l0 : r0, l1 > r1 ? l1 : r1) ||
                    closed_beyond(vf, hf, vertical, i, j, k, open_high, c_along, sb))
                    continue;
                *best_area = wide * high;
                out->cut_by = 1 + side;
                /* Its box: the corners, and where the parallels leave. */
                double ex[2] = {vertical ? l_end : end, vertical ? r_end : end},
                       ey[2] = {vertical ? end : l_end, vertical ? end : r_end};
                cut_box[0] = fmin(fmin(x[0], x[1]), fmin(ex[0], ex[1]));
                cut_box[1] = fmin(fmin(y[0], y[1]), fmin(ey[0], ey[1]));
                cut_box[2] = fmax(fmax(x[0], x[1]), fmax(ex[0], ex[1]));
                cut_box[3] = fmax(fmax(y[0], y[1]), fmax(ey[0], ey[1]));
            }
        }
}

void dk_doc_outline_grid(const dk_doc_raster *r, int *c, int *gw, int *gh)
{
    int longest = r->w > r->h ? r->w : r->h;
    *c = (longest + OUTLINE_LONG - 1) / OUTLINE_LONG;
    *gw = r->w / *c;
    *gh = r->h / *c;
}

/* The candidate lines of family f that reach [from, to) across over
 * positions [p0, p1) (a turned document's side at one end of them: its box
 * is the outermost), covered by edge cells over CLOSE_SUPPORT of it there:
 * how many (up to DK_DOC_MAX_CLOSING), each one's place across in at[]
 * (cells) where it comes nearest to the border (the low one when low). */
static int closing_lines(const outline_family *f, int from, int to, int p0, int p1, int low,
                         int at[DK_DOC_MAX_CLOSING])
{
    int n = 0;
    for (int k = 0; k < f->ncand && n < DK_DOC_MAX_CLOSING; k++) {
        const outline_line *l = &f->cand[k];
        int a = l->at + line_offset(l->t, p0, f->len), b = l->at + line_offset(l->t, p1, f->len);
        int reaches = (a >= from && a < to) || (b >= from && b < to);
        if (reaches && support(f, k, p0, p1) >= CLOSE_SUPPORT)
            at[n++] = low ? (a < b ? a : b) : (a > b ? a : b);
    }
    return n;
}

/* out->closed[] and the closing lines for a box on the raster (c raster
 * pixels a cell): each side is closed when a candidate line runs along
 * it, from CLOSE_INSIDE cells inside it out to the border, over the box's
 * middle (CORNER_TRIM left out at each end). */
static void closed_sides(const outline_family *vf, const outline_family *hf, const int box[4],
                         int c, dk_doc_outline *out)
{
    int x0 = box[0] / c, y0 = box[1] / c, x1 = box[2] / c, y1 = box[3] / c;
    int ty = (int)(CORNER_TRIM * (y1 - y0)), tx = (int)(CORNER_TRIM * (x1 - x0));
    out->closing[0] =
        closing_lines(vf, 0, x0 + CLOSE_INSIDE + 1, y0 + ty, y1 - ty, 1, out->closing_at[0]);
    out->closing[1] =
        closing_lines(hf, 0, y0 + CLOSE_INSIDE + 1, x0 + tx, x1 - tx, 1, out->closing_at[1]);
    out->closing[2] =
        closing_lines(vf, x1 - CLOSE_INSIDE, vf->across, y0 + ty, y1 - ty, 0, out->closing_at[2]);
    out->closing[3] =
        closing_lines(hf, y1 - CLOSE_INSIDE, hf->across, x0 + tx, x1 - tx, 0, out->closing_at[3]);
    for (int k = 0; k < 4; k++) {
        out->closed[k] = out->closing[k] > 0;
        for (int i = 0; i < out->closing[k]; i++) /* the cell's middle, on the raster */
            out->closing_at[k][i] = out->closing_at[k][i] * c + c / 2;
    }
}

/* The cells on an edge at squared step e2 and up: a sharp local step (the
 * strongest among its neighbours across), each widened by one cell across
 * so that a line drawn at the nearest angle still meets it. Vertical lines
 * read ex by (y, x); horizontal ones read ey_t, transposed, by (x, y).
 * scratch: 3 x gw x gh bytes. */
static void edge_cells(const float *gx, const float *gy, int gw, int gh, float e2,
                       unsigned char *ex, unsigned char *ey_t, unsigned char *scratch)
{
    size_t cells = (size_t)gw * gh;
    unsigned char *px = scratch, *py = scratch + cells, *ey = scratch + 2 * cells;
    memset(scratch, 0, 3 * cells);
    memset(ex, 0, cells);
    for (int y = 1; y < gh - 1; y++)
        for (int x = 1; x < gw - 1; x++) {
            size_t i = (size_t)y * gw + x;
            float a = gx[i], b = gy[i];
            px[i] = (a >= e2) & (a >= b) & (a >= gx[i - 1]) & (a >= gx[i + 1]);
            py[i] = (b >= e2) & (b >= a) & (b >= gy[i - gw]) & (b >= gy[i + gw]);
        }
    for (int y = 1; y < gh - 1; y++) {
        size_t row = (size_t)y * gw;
        ex[row] = px[row + 1];
        for (int x = 1; x < gw - 1; x++)
            ex[row + x] = px[row + x - 1] | px[row + x] | px[row + x + 1];
        ex[row + gw - 1] = px[row + gw - 2];
    }
    for (int y = 0; y < gh; y++) {
        size_t row = (size_t)y * gw;
        const unsigned char *up = y > 0 ? py + row - gw : py + row,
                            *down = y < gh - 1 ? py + row + gw : py + row;
        for (int x = 1; x < gw - 1; x++)
            ey[row + x] = up[x] | py[row + x] | down[x];
    }
    for (int y = 0; y < gh; y++)
        for (int x = 0; x < gw; x++)
            ey_t[(size_t)x * gh + y] = ey[(size_t)y * gw + x];
}

/* The median of the larger of a cell's two squared steps, over the cells
 * off the outermost ring: the table's own grain, where the document takes
 * a small part of the picture. scratch: gw x gh floats. */
static float typical_step2(const float *gx, const float *gy, int gw, int gh, float *scratch)
{
    size_t n = 0;
    for (int y = 1; y < gh - 1; y++)
        for (int x = 1; x < gw - 1; x++) {
            size_t i = (size_t)y * gw + x;
            scratch[n++] = gx[i] > gy[i] ? gx[i] : gy[i];
        }
    return dk_doc_quantile(scratch, n, 0.5);
}

/* The planes' weights in the grain's search, into wt: each plane's
 * typical step (at least GRAIN_FLOOR) counts as luma's does. gx, gy: the
 * steps of the last plane measured; s2: 2 x gw floats, scratch: gw x gh
 * floats. */
static void grain_weights(const float *v, int gw, int gh, float *gx, float *gy, float *s2,
                          float *scratch, float wt[3])
{
    double typical[3];
    for (int ch = 0; ch < 3; ch++) {
        const float alone[3] = {ch == 0, ch == 1, ch == 2};
        colour_steps(v, alone, gw, gh, gx, gy, s2, s2 + gw);
        typical[ch] = fmax(GRAIN_FLOOR, typical_step2(gx, gy, gw, gh, scratch));
    }
    for (int ch = 0; ch < 3; ch++)
        wt[ch] = (float)sqrt(typical[0] / typical[ch]);
}

/* The box of the outline's corners (x0, y0, x1, y1), in their units. */
static void corners_box(const dk_doc_outline *o, double b[4])
{
    b[0] = b[2] = o->x[0], b[1] = b[3] = o->y[0];
    for (int k = 1; k < 4; k++) {
        b[0] = fmin(b[0], o->x[k]), b[2] = fmax(b[2], o->x[k]);
        b[1] = fmin(b[1], o->y[k]), b[3] = fmax(b[3], o->y[k]);
    }
}

/* One search at squared edge step e2: the candidate lines, then the
 * largest outline, else (box given, in cells) the largest U a border cuts,
 * its visible part's box in cells into cut_cells. 0, or -1 when memory ran
 * out. */
static int search_at(float e2, const float *gx, const float *gy, int gw, int gh, double min_side,
                     const double *box_cells, outline_family *vf, outline_family *hf,
                     unsigned char *ex, unsigned char *ey_t, unsigned char *scratch,
                     dk_doc_outline *out, double cut_cells[4])
{
    edge_cells(gx, gy, gw, gh, e2, ex, ey_t, scratch);
    if (scan_lines(vf, ex, (int)min_side) != 0 || scan_lines(hf, ey_t, (int)min_side) != 0)
        return -1;
    double area = 0, cut = 0;
    best_quad(vf, hf, gw, gh, min_side, out, &area);
    if (out->found && box_cells) {
        double b[4];
        corners_box(out, b);
        double box_area = (box_cells[2] - box_cells[0]) * (box_cells[3] - box_cells[1]);
        if ((b[2] - b[0]) * (b[3] - b[1]) < DK_DOC_OUTLINE_MIN_OF_BOX * box_area) {
            /* A part of the document: its photo, a printed frame. */
            out->found = 0;
            out->support = 0;
            memset(out->x, 0, sizeof out->x);
            memset(out->y, 0, sizeof out->y);
        }
    }
    for (int side = 0; side < 4 && !out->found && box_cells; side++)
        best_cut(vf, hf, side, min_side, box_cells, out, &cut, cut_cells);
    return 0;
}

int dk_doc_outline_find(const dk_doc_raster *r, const float *means, const int box[4],
                        dk_doc_outline *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < 4; k++)
        out->closed[k] = 1; /* unless the lines say otherwise */
    int c, gw, gh;
    dk_doc_outline_grid(r, &c, &gw, &gh);
    if (gw < 32 || gh < 32)
        return 0;
    size_t cells = (size_t)gw * gh;
    float *own = means ? NULL : malloc(cells * 3 * sizeof(float));
    const float *v = means ? means : own;
    unsigned char *ex = malloc(cells), *ey_t = malloc(cells), *scratch = malloc(4 * cells);
    float *gx = calloc(cells, sizeof(float)), *gy = calloc(cells, sizeof(float));
    float *s2 = malloc(2 * (size_t)gw * sizeof(float));
    outline_family vf = {gw, gh, {{0, 0, 0}}, 0, NULL, v, cells, gw, 1, SIDE_SUPPORT},
                   hf = {gh, gw, {{0, 0, 0}}, 0, NULL, v, cells, 1, gw, SIDE_SUPPORT};
    vf.prefix = malloc((size_t)MAX_LINES * (gh + 1) * sizeof(uint16_t));
    hf.prefix = malloc((size_t)MAX_LINES * (gw + 1) * sizeof(uint16_t));
    int rc = -1;
    if (!v || !ex || !ey_t || !scratch || !gx || !gy || !s2 || !vf.prefix || !hf.prefix)
        goto done;
    if (own)
        dk_doc_cell_means(r, 0, 0, c, gw, gh, own, own + cells, own + 2 * cells);
    /* The colour step across x and across y at each cell: the smaller of
     * two, the mean of the two cells on one side against the two on the
     * other, and of four against four. A document's edge, a step between
     * broad areas, is whole at both; a table's fine texture (a weave,
     * stripes a few cells wide) averages out at one or the other. Next to
     * the border, what fits. */
    const float as_seen[3] = {1, 1, 1};
    colour_steps(v, as_seen, gw, gh, gx, gy, s2, s2 + gw);
    int short_side = gw < gh ? gw : gh;
    double min_side = MIN_SIDE * short_side;
    const double in_box[4] = {box ? (double)box[0] / c : 0, box ? (double)box[1] / c : 0,
                              box ? (double)box[2] / c : 0, box ? (double)box[3] / c : 0};
    double cut_cells[4];
    const float e2 = (float)(EDGE_STEP * EDGE_STEP); /* the steps are squared */
    if (search_at(e2, gx, gy, gw, gh, min_side, box ? in_box : NULL, &vf, &hf, ex, ey_t, scratch,
                  out, cut_cells) != 0)
        goto done;
    if (box)
        closed_sides(&vf, &hf, box, c, out);
    /* None found on a grained or mottled table, whose own steps make edge
     * cells everywhere and bury a light document's faint edges in them:
     * again with only the steps GRAIN_FACTORS times the table's typical
     * one or more, each plane weighed by its grain, each in turn until one
     * finds it; then the same on hue alone. */
    static const double grain_factors[] = {GRAIN_FACTORS};
    float wt[3];
    if (!out->found && !out->cut_by)
        grain_weights(v, gw, gh, gx, gy, s2, (float *)scratch, wt);
    vf.side_support = hf.side_support = GRAIN_SIDE_SUPPORT;
    for (int hue_only = 0; hue_only < 2 && !out->found && !out->cut_by; hue_only++) {
        wt[0] = !hue_only;
        colour_steps(v, wt, gw, gh, gx, gy, s2, s2 + gw);
        float typical = typical_step2(gx, gy, gw, gh, (float *)scratch);
        for (size_t i = 0; i < sizeof grain_factors / sizeof *grain_factors; i++) {
            float grain = (float)(grain_factors[i] * grain_factors[i]) * typical;
            if (out->found || out->cut_by || grain <= e2)
                continue;
            if (search_at(grain, gx, gy, gw, gh, min_side, box ? in_box : NULL, &vf, &hf, ex, ey_t,
                          scratch, out, cut_cells) != 0)
                goto done;
        }
    }
    /* On the raster, out to the border it is cut at. */
    const int raster[4] = {0, 0, r->w, r->h};
    for (int k = 0; k < 4 && out->cut_by; k++) {
        double at = (cut_cells[k] + (k < 2 ? 0 : 1)) * c;
        out->cut_box[k] =
            k == out->cut_by - 1 ? raster[k] : (int)fmin(raster[k % 2 + 2], fmax(0, at));
    }
    if (out->found) {
        for (int k = 0; k < 4; k++) {
            out->x[k] = (out->x[k] + 0.5) * c;
            out->y[k] = (out->y[k] + 0.5) * c;
        }
        double b[4];
        corners_box(out, b);
        out->x0 = (int)fmax(0, floor(b[0]));
        out->y0 = (int)fmax(0, floor(b[1]));
        out->x1 = (int)fmin(r->w, ceil(b[2]));
        out->y1 = (int)fmin(r->h, ceil(b[3]));
        out->wide = (dist(out->x[0], out->y[0], out->x[1], out->y[1]) +
                     dist(out->x[3], out->y[3], out->x[2], out->y[2])) /
                    2;
        out->high = (dist(out->x[0], out->y[0], out->x[3], out->y[3]) +
                     dist(out->x[1], out->y[1], out->x[2], out->y[2])) /
                    2;
    }
    rc = 0;
done:
    free(own), free(ex), free(ey_t), free(scratch), free(gx), free(gy), free(s2), free(vf.prefix),
        free(hf.prefix);
    return rc;
}
