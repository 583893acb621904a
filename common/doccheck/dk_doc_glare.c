/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_glare.c — specular reflections on the document: a light source
 * mirrored by the laminate adds light in a smooth bump, burning a compact
 * core out to the sensor's ceiling, with a soft halo around it that is
 * brighter than what surrounds it. A document's own white print areas (a
 * white MRZ band, a photo's white ground, white paper) may reach the ceiling
 * too, but they are flat and bounded: print or the document's edge right
 * next to them, no halo, often a band or a frame rather than a blob. So each
 * saturated blob is measured — its shape, and the mean luma at each distance
 * around it — and only blobs with a glare's shape and halo count. Those
 * whose halo falls off softly, over rings, count from a smaller share than
 * the rest: a white area's blurred edge can pass for a halo one ring wide,
 * seldom for one over several. On a washed-out page the paper round a
 * glare's core burns out too and joins it into one sprawling blob; the
 * core, which burns the print out as well, is then looked for in the
 * saturated pixels opened by a 3 x 3 square, which takes the paper's
 * threads between the lines of print away. Judged only under a sound
 * exposure (dk_doc_check.c): a document washed out all over is
 * overexposed, not glared. */
#include "doccheck/dk_doc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INSET 0.03
/* A saturated pixel: every channel at least SPEC_MIN (the ceiling, after
 * JPEG rounding), channels within SPEC_GREY of each other (the light's own
 * colour, not the print's). */
#define SPEC_MIN 252
#define SPEC_GREY 24
/* Blobs of fewer pixels, or a smaller share of the document, are noise on
 * white paper: a reflection that hides a field is far larger (0.5% of the
 * document is the bound, dk_doc_limits.c). */
#define MIN_BLOB 4
#define MIN_BLOB_SHARE 0.001
/* A glare's shape: a bright bump seen through a tilted laminate is a round
 * or oval blob — its box at most MAX_ASPECT times as long as wide, filled
 * at least MIN_FILL (an ellipse fills pi/4 of its box; a band of print with
 * its letters, a frame round a photo fill far less or are far longer). */
#define MAX_ASPECT 3.0
#define MIN_FILL 0.4
/* Its halo: the mean luma just outside the blob (1 px) exceeds the mean at
 * half the blob's radius out (clamped to [HALO_NEAR, PROFILE]) by at least
 * HALO_STEP — the light still falling off, no ring on the way lighter
 * than the first by half that — and the mean from there out to PROFILE by
 * as much: it stays down. A white area's neighbourhood is print or paper
 * at one level: no step, a step down at once that leaves the first ring
 * dark, a ring of print with paper as light as its edge beyond, or (a
 * band burnt out in part) the band's unburnt part beside it. */
#define PROFILE 24
#define HALO_NEAR 4
#define HALO_STEP 10.0
/* The same on the paper's profile (the ring's pixels at or above its mean),
 * its near level the brightest of the first PAPER_NEAR rings; the step
 * asked where the paper is near the ceiling (paper_falls_off()). */
#define PAPER_NEAR 3
#define HEADROOM_SHARE 0.4
#define HALO_MIN 5.0
/* A soft halo: a quarter of the fall from the first ring to half the
 * blob's radius out lies beyond the first ring. A glare's bump falls off
 * over rings (a third to two thirds beyond the first, on the corpus and
 * the independent draws); a white area ends at its print's edge, blurred
 * over a ring (a tenth beyond it). Such a blob counts from
 * max_soft_glare_share (dk_doc_limits.c). */
#define SOFT_SHARE 0.25

typedef struct {
    unsigned long area;
    int x0, y0, x1, y1;
    double sum[PROFILE + 1]; /* luma summed at each distance (raster px) */
    unsigned long n[PROFILE + 1];
    double up_sum[PROFILE + 1]; /* the same over the pixels at or above that mean */
    unsigned long up_n[PROFILE + 1];
} blob;

static int saturated(const unsigned char *p)
{
    int lo = p[0], hi = p[0];
    for (int k = 1; k < 3; k++) {
        lo = p[k] < lo ? p[k] : lo;
        hi = p[k] > hi ? p[k] : hi;
    }
    return lo >= SPEC_MIN && hi - lo <= SPEC_GREY;
}

/* Labels the saturated pixels' 4-connected blobs 1..*nb (label[] holds -1
 * for a saturated pixel not yet labelled, 0 elsewhere); *out gets the
 * blobs (index 0 unused), NULL with -1 when memory ran out. */
static int label_blobs(int *label, int w, int h, int *stack, blob **out, int *nb)
{
    size_t n = (size_t)w * h;
    int cap = 16;
    blob *b = calloc((size_t)cap, sizeof *b);
    *nb = 0;
    for (size_t s = 0; s < n && b; s++) {
        if (label[s] != -1)
            continue;
        if (*nb + 1 >= cap) {
            blob *more = realloc(b, (size_t)cap * 2 * sizeof *b);
            if (!more) {
                free(b);
                b = NULL;
                break;
            }
            memset(more + cap, 0, (size_t)cap * sizeof *b);
            b = more;
            cap *= 2;
        }
        int id = ++*nb;
        blob *B = &b[id];
        B->x0 = w, B->y0 = h, B->x1 = -1, B->y1 = -1;
        size_t top = 0;
        stack[top++] = (int)s;
        label[s] = id;
        while (top) {
            int i = stack[--top], x = i % w, y = i / w;
            B->area++;
            B->x0 = x < B->x0 ? x : B->x0;
            B->x1 = x > B->x1 ? x : B->x1;
            B->y0 = y < B->y0 ? y : B->y0;
            B->y1 = y > B->y1 ? y : B->y1;
            const int next[4] = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1,
                                 y < h - 1 ? i + w : -1};
            for (int k = 0; k < 4; k++)
                if (next[k] >= 0 && label[next[k]] == -1) {
                    label[next[k]] = id;
                    stack[top++] = next[k];
                }
        }
    }
    *out = b;
    return b ? 0 : -1;
}

/* Chamfer (3-4) distance from the blobs, each pixel taking the label of the
 * blob nearest to it; then each blob's luma profile at 1..PROFILE px. */
static void halo_profiles(int *label, unsigned short *dist, const unsigned char *luma, int w, int h,
                          blob *b)
{
    const unsigned short far = 65535;
    size_t n = (size_t)w * h;
    for (size_t i = 0; i < n; i++)
        dist[i] = label[i] > 0 ? 0 : far;
    for (int pass = 0; pass < 2; pass++) {
        int st = pass ? -1 : 1;
        const int dx[4] = {-st, -st, 0, st}, dy[4] = {0, -st, -st, -st}, c[4] = {3, 4, 3, 4};
        for (int y = pass ? h - 1 : 0; y != (pass ? -1 : h); y += st)
            for (int x = pass ? w - 1 : 0; x != (pass ? -1 : w); x += st) {
                size_t i = (size_t)y * w + x;
                for (int k = 0; k < 4; k++) {
                    int xx = x + dx[k], yy = y + dy[k];
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h)
                        continue;
                    size_t j = (size_t)yy * w + xx;
                    if (dist[j] != far && dist[j] + c[k] < dist[i]) {
                        dist[i] = (unsigned short)(dist[j] + c[k]);
                        label[i] = label[j];
                    }
                }
            }
    }
    for (size_t i = 0; i < n; i++) {
        int d = (dist[i] + 1) / 3;
        if (d >= 1 && d <= PROFILE && label[i] > 0) {
            b[label[i]].sum[d] += luma[i];
            b[label[i]].n[d]++;
        }
    }
    /* The paper's profile: on light paper a glare burns out the paper
     * around its core up to the print, which bounds the blob; the print
     * next to it pulls the ring's mean down where the paper is still lit
     * above its level further out. The ring's pixels at or above its mean
     * are its paper. */
    for (size_t i = 0; i < n; i++) {
        int d = (dist[i] + 1) / 3;
        if (d >= 1 && d <= PROFILE && label[i] > 0) {
            blob *B = &b[label[i]];
            if (luma[i] * (double)B->n[d] >= B->sum[d]) {
                B->up_sum[d] += luma[i];
                B->up_n[d]++;
            }
        }
    }
}

/* The ring the halo is measured out to: half the blob's radius, clamped. */
static int halo_far(unsigned long area, int profile_len)
{
    int far = (int)(0.5 * sqrt((double)area / 3.14159265358979) + 0.5);
    far = far < HALO_NEAR ? HALO_NEAR : far;
    return far > profile_len - 1 ? profile_len - 1 : far;
}

/* A glare's shape, and a halo stepping down by at least step. */
static int halo_steps(int box_w, int box_h, unsigned long area, const double *profile,
                      int profile_len, double step)
{
    int lng = box_w > box_h ? box_w : box_h, shrt = box_w > box_h ? box_h : box_w;
    if (area < MIN_BLOB || shrt <= 0 || (double)lng > MAX_ASPECT * shrt ||
        (double)area < MIN_FILL * box_w * box_h)
        return 0;
    int far = halo_far(area, profile_len);
    if (far < 1 || profile[1] < 0 || profile[far] < 0 || profile[1] - profile[far] < step)
        return 0;
    /* Brightest next to the blob: no ring on the way out lighter than its
     * first by half the step (a band's unburnt part, a white area beside). */
    for (int d = 2; d <= far; d++)
        if (profile[d] > profile[1] + step / 2)
            return 0;
    /* And stays down beyond: a white area's ring of print, paper as light
     * as the blob's edge past it, dips and rises back. */
    double beyond = 0;
    int n = 0;
    for (int d = far; d < profile_len; d++)
        if (profile[d] >= 0)
            beyond += profile[d], n++;
    return n > 0 && profile[1] - beyond / n >= step;
}

int dk_doc_glare_blob_is_specular(int box_w, int box_h, unsigned long area, const double *profile,
                                  int profile_len)
{
    return halo_steps(box_w, box_h, area, profile, profile_len, HALO_STEP);
}

/* The paper's halo (paper[1] its near level, PROFILE + 1 long): as a
 * specular blob's, and falling from the blob outwards — half of it within half the way — not
 * level and then stepping down at a boundary further out (a burnt-out
 * white band's paper, lit evenly up to the darker print beyond). On paper
 * near the ceiling the halo can rise no higher than the headroom left
 * above it: the step asked is then HEADROOM_SHARE of that, at least
 * HALO_MIN, and half of it must lie beyond the first ring, the paper not
 * lit up again from there on. */
int dk_doc_glare_paper_falls_off(int box_w, int box_h, unsigned long area, const double *paper)
{
    int far = halo_far(area, PROFILE + 1), mid = (far + 1) / 2;
    if (paper[far] < 0)
        return 0;
    double step = fmin(HALO_STEP, fmax(HALO_MIN, HEADROOM_SHARE * (255 - paper[far])));
    if (!halo_steps(box_w, box_h, area, paper, PROFILE + 1, step) || paper[mid] < 0)
        return 0;
    for (int d = mid; d <= far; d++) /* half of it by mid-way, not lit up again after */
        if (paper[d] > paper[1] - step / 2)
            return 0;
    /* A smaller step must not be the blurred edge of a white area, a
     * ring wide: beyond it the paper is still lit above its level (the
     * brightest of the next rings, which print may darken). */
    double beyond = -1;
    for (int d = 2; d <= PAPER_NEAR + 1 && d < far; d++)
        beyond = fmax(beyond, paper[d]);
    return step >= HALO_STEP || (beyond >= 0 && beyond - paper[far] >= step / 2);
}

/* A white area burnt out by a hair: a blob whose mean profile steps down
 * as a glare's (dk_doc_glare_blob_is_specular()) but on paper near the
 * ceiling (where the headroom above it leaves a halo less than HALO_STEP
 * to rise: paper[far] above 255 - HALO_STEP / HEADROOM_SHARE), the step
 * all in its first ring: the area's white stops at its print at once (a
 * white band's end, a photo's white ground), where a glare's halo falls
 * over rings, half of it at least beyond the first. */
int dk_doc_glare_white_area(unsigned long area, const double *profile, const double *paper)
{
    int far = halo_far(area, PROFILE + 1);
    return paper[far] > 255 - HALO_STEP / HEADROOM_SHARE && profile[2] >= 0 && profile[far] >= 0 &&
           profile[2] - profile[far] < HALO_STEP / 2;
}

int dk_doc_glare_halo_is_soft(unsigned long area, const double *profile)
{
    int far = halo_far(area, PROFILE + 1);
    if (far < 2 || profile[1] < 0 || profile[2] < 0 || profile[far] < 0)
        return 0;
    double fall = profile[1] - profile[far];
    return fall > 0 && profile[2] - profile[far] >= SOFT_SHARE * fall;
}

/* What the blobs of a mask add up to. */
typedef struct {
    unsigned long glare_px, soft_px;
    int blobs, glare_blobs;
} blob_count;

/* The saturated mask's blobs (mask[i] set) judged: those of a glare's
 * shape and halo into c. label, dist and stack are n long. 0, or -1 when
 * memory ran out. */
static int count_glare(const unsigned char *mask, const unsigned char *luma, int w, int h,
                       int *label, unsigned short *dist, int *stack, blob_count *c)
{
    size_t n = (size_t)w * h;
    for (size_t i = 0; i < n; i++)
        label[i] = mask[i] ? -1 : 0;
    blob *b = NULL;
    int nb = 0;
    if (label_blobs(label, w, h, stack, &b, &nb) != 0)
        return -1;
    if (nb > 0)
        halo_profiles(label, dist, luma, w, h, b);
    for (int id = 1; id <= nb; id++) {
        blob *B = &b[id];
        if (B->area < MIN_BLOB || (double)B->area < MIN_BLOB_SHARE * (double)n)
            continue;
        c->blobs++;
        double profile[PROFILE + 1], paper[PROFILE + 1];
        for (int d = 0; d <= PROFILE; d++) {
            profile[d] = B->n[d] ? B->sum[d] / (double)B->n[d] : -1;
            paper[d] = B->up_n[d] ? B->up_sum[d] / (double)B->up_n[d] : -1;
        }
        /* The paper's first rings also hold the print the glare did not
         * burn out: its nearest lit level is the brightest of them. */
        for (int d = 2; d <= PAPER_NEAR; d++)
            if (paper[d] > paper[1])
                paper[1] = paper[d];
        int bw = B->x1 - B->x0 + 1, bh = B->y1 - B->y0 + 1;
        if ((dk_doc_glare_blob_is_specular(bw, bh, B->area, profile, PROFILE + 1) &&
             !dk_doc_glare_white_area(B->area, profile, paper)) ||
            dk_doc_glare_paper_falls_off(bw, bh, B->area, paper)) {
            c->glare_blobs++;
            c->glare_px += B->area;
            if (dk_doc_glare_halo_is_soft(B->area, profile))
                c->soft_px += B->area;
        }
    }
    free(b);
    return 0;
}

/* mask opened by a 3 x 3 square (eroded, then dilated; tmp is n bytes):
 * the saturated paper between lines of print, a pixel or two wide, goes;
 * a solid core stays as it was. */
static void open_mask(unsigned char *mask, unsigned char *tmp, int w, int h)
{
    for (int pass = 0; pass < 2; pass++) {
        int erode = pass == 0;
        /* along rows into tmp, then down columns back into mask */
        for (int y = 0; y < h; y++) {
            const unsigned char *m = mask + (size_t)y * w;
            unsigned char *t = tmp + (size_t)y * w;
            for (int x = 0; x < w; x++) {
                int l = x > 0 ? m[x - 1] : !erode, r = x < w - 1 ? m[x + 1] : !erode;
                t[x] = (unsigned char)(erode ? m[x] && l && r : m[x] || l || r);
            }
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * w + x;
                int u = y > 0 ? tmp[i - w] : !erode, d = y < h - 1 ? tmp[i + w] : !erode;
                mask[i] = (unsigned char)(erode ? tmp[i] && u && d : tmp[i] || u || d);
            }
    }
}

/* Whether the glare c found covers too much of the n pixels. */
static int too_much(const blob_count *c, size_t n, const dk_doc_limits *lim)
{
    return n > 0 && ((double)c->glare_px / (double)n > lim->max_glare_share ||
                     (double)c->soft_px / (double)n > lim->max_soft_glare_share);
}

int dk_doc_glare_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                       json_t *figures, double *glare_share)
{
    int x0, y0, x1, y1;
    dk_doc_inset(reg, INSET, &x0, &y0, &x1, &y1);
    int w = x1 - x0, h = y1 - y0;
    size_t n = (size_t)w * h;
    int *label = malloc(n * sizeof(int));
    unsigned short *dist = malloc(n * sizeof(unsigned short));
    unsigned char *luma = malloc(n), *mask = malloc(n), *tmp = malloc(n);
    int *stack = malloc(n * sizeof(int));
    int ok = label && dist && luma && mask && tmp && stack;
    unsigned long saturated_px = 0;
    blob_count as_seen = {0}, opened = {0};
    if (ok) {
        for (int y = 0; y < h; y++) {
            const unsigned char *p = r->rgb + ((size_t)(y0 + y) * r->w + x0) * 3;
            for (int x = 0; x < w; x++, p += 3) {
                size_t i = (size_t)y * w + x;
                luma[i] = (unsigned char)((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
                mask[i] = (unsigned char)saturated(p);
                saturated_px += mask[i];
            }
        }
        ok = count_glare(mask, luma, w, h, label, dist, stack, &as_seen) == 0;
    }
    /* None that counts: on a washed-out page the paper round a glare's
     * core is burnt out as well, and joins it through the paper between
     * the lines of print into one sprawling blob, of no glare's shape and
     * with no halo. The core burns the print out too and stays whole when
     * the paper's threads are opened away; it counts as it would alone
     * (its shape and halo as any blob's). */
    int glared = ok && too_much(&as_seen, n, lim);
    if (ok && !glared && (double)saturated_px >= MIN_BLOB_SHARE * (double)n) {
        open_mask(mask, tmp, w, h);
        ok = count_glare(mask, luma, w, h, label, dist, stack, &opened) == 0;
        glared = ok && too_much(&opened, n, lim);
    }
    free(label), free(dist), free(luma), free(mask), free(tmp), free(stack);
    if (!ok)
        return -1;
    const blob_count *c = glared && opened.glare_blobs > 0 ? &opened : &as_seen;
    double share = n ? (double)c->glare_px / (double)n : 0;
    *glare_share = share;
    double soft = n ? (double)c->soft_px / (double)n : 0;
    json_t *f = json_object();
    json_object_set_new(f, "share", json_real(dk_doc_round(share, 4)));
    json_object_set_new(f, "bound", json_real(lim->max_glare_share));
    json_object_set_new(f, "soft_share", json_real(dk_doc_round(soft, 4)));
    json_object_set_new(f, "soft_bound", json_real(lim->max_soft_glare_share));
    json_object_set_new(f, "saturated_share",
                        json_real(dk_doc_round(n ? (double)saturated_px / (double)n : 0, 4)));
    json_object_set_new(f, "blobs", json_integer(as_seen.blobs));
    json_object_set_new(f, "specular_blobs", json_integer(c->glare_blobs));
    if (c == &opened)
        json_object_set_new(f, "opened_cores", json_integer(opened.glare_blobs));
    if (json_object_set_new(figures, "glare", f) != 0)
        return -1;
    return glared;
}
