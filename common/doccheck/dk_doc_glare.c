/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_glare.c — specular reflections on the document: a light source
 * mirrored by the laminate burns out a patch to near-white with no colour,
 * hiding what is printed there. Measured as the share of the document that
 * is such a patch. Judged only under a sound exposure (dk_doc_check.c): a
 * document washed out all over is overexposed, not glared. */
#include "doccheck/dk_doc_internal.h"

#define INSET 0.03
/* A specular pixel: every channel at least SPEC_MIN, channels within
 * SPEC_GREY of each other (the light's own colour, not the print's). */
#define SPEC_MIN 245
#define SPEC_GREY 24

int dk_doc_glare_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                       json_t *figures)
{
    int x0, y0, x1, y1;
    dk_doc_inset(reg, INSET, &x0, &y0, &x1, &y1);
    unsigned long spec = 0, total = 0;
    for (int y = y0; y < y1; y++) {
        const unsigned char *p = r->rgb + ((size_t)y * r->w + x0) * 3;
        for (int x = x0; x < x1; x++, p += 3) {
            int lo = p[0], hi = p[0];
            for (int k = 1; k < 3; k++) {
                lo = p[k] < lo ? p[k] : lo;
                hi = p[k] > hi ? p[k] : hi;
            }
            spec += lo >= SPEC_MIN && hi - lo <= SPEC_GREY;
            total++;
        }
    }
    double share = total ? (double)spec / (double)total : 0;
    json_t *f = json_object();
    json_object_set_new(f, "share", json_real(dk_doc_round(share, 4)));
    json_object_set_new(f, "bound", json_real(lim->max_glare_share));
    if (json_object_set_new(figures, "glare", f) != 0)
        return -1;
    return share > lim->max_glare_share;
}
