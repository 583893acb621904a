/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_internal.h — what the files of the document checks share between
 * themselves (dk_doc_*.c): the sniffed format, the small decoded raster, the
 * document region found on it, and each measuring step. Not for callers:
 * they use dk_doc.h. */
#ifndef DK_DOC_INTERNAL_H
#define DK_DOC_INTERNAL_H

#include "doccheck/dk_doc.h"

#include <stddef.h>

typedef enum { DK_DOC_FMT_JPEG, DK_DOC_FMT_PNG, DK_DOC_FMT_HEIF, DK_DOC_FMT_PDF } dk_doc_format;

/* ---- dk_doc_pdf.c: screening a PDF's structure before poppler sees it */
typedef struct {
    int pages;            /* objects of /Type /Page */
    int images;           /* image XObjects */
    long img_w, img_h;    /* the largest image's declared size, pixels */
    int img_size_unknown; /* an image whose /Width or /Height is not a plain number */
    int encrypted;        /* a /Encrypt dictionary: strings and streams unreadable */
    char active[48];      /* first active-content name met (e.g. "/JavaScript"), or "" */
} dk_doc_pdf_info;

/* Walks the PDF's objects (and its compressed object streams, inflated up to
 * a bound). Returns 0 with *info filled, or -1 with detail saying why the
 * structure could not be screened (too large object stream, broken zlib). */
int dk_doc_pdf_scan(const unsigned char *p, size_t n, dk_doc_pdf_info *info, char *detail,
                    size_t dlen);

/* ---- dk_doc_sniff.c: what the bytes are */
typedef enum {
    DK_DOC_SNIFF_OK,          /* cleanly one image of *fmt */
    DK_DOC_SNIFF_UNSUPPORTED, /* a type or a structure we refuse */
    DK_DOC_SNIFF_CORRUPT,     /* the right type, but truncated or malformed */
} dk_doc_sniff_result;

/* Type from the bytes (libmagic), then the container's own structure: one
 * image, nothing appended, no animation, no script in its metadata; PDFs
 * through dk_doc_pdf_scan() (*pdf filled for PDFs). mime gets libmagic's
 * answer, detail a sentence for the refusal. -1 only when libmagic itself
 * could not start (err filled). */
int dk_doc_sniff(const unsigned char *p, size_t n, int accept_pdf, dk_doc_format *fmt,
                 dk_doc_sniff_result *result, dk_doc_pdf_info *pdf, char *mime, size_t mimelen,
                 char *detail, size_t dlen, char *err, size_t errlen);

/* dk_doc_sniff's second half, once the type is known: the container's own
 * structure walked (*pdf filled for a PDF, which must be zeroed before). */
dk_doc_sniff_result dk_doc_sniff_structure(dk_doc_format fmt, const unsigned char *p, size_t n,
                                           dk_doc_pdf_info *pdf, char *detail, size_t dlen);

/* True when [p, p+n) holds markup or script markers ("<script", "<html",
 * "<?php", "javascript:", ...), case-insensitively. For metadata only. */
int dk_doc_has_script(const unsigned char *p, size_t n);

/* ---- dk_doc_load.c: header, pixel limits, the analysis raster */
typedef struct {
    unsigned char *rgb; /* w * h * 3 bytes, sRGB, 8 bits; owned, g_free() */
    int w, h;
    int full_w, full_h; /* the upright image in its own pixels (a PDF: its scan's) */
    int shrink;         /* JPEG shrink-on-load factor used, 1 for the others */
} dk_doc_raster;

/* Reads the header only: the upright size in the image's own pixels (for a
 * PDF the largest embedded image's, from *pdf) and, for PDFs, the page
 * count libvips sees. -1 with detail when the header does not decode. */
int dk_doc_header(const void *p, size_t n, dk_doc_format fmt, const dk_doc_pdf_info *pdf, int *w,
                  int *h, int *pages, char *detail, size_t dlen);

/* Decodes once into *out, upright, sRGB, 8 bits, alpha flattened on white,
 * with its long side at least min_long (when the image has that many) and
 * not far above: JPEGs through shrink-on-load, the rest loaded and reduced.
 * Truncation and decoding errors fail (-1, detail). */
int dk_doc_decode(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h, int min_long,
                  dk_doc_raster *out, char *detail, size_t dlen);

void dk_doc_raster_free(dk_doc_raster *r);

/* A progressive JPEG may declare scan after scan, each a pass over every
 * coefficient: a small hostile file could keep any decoder busy for
 * minutes. Real encoders write about ten. The sniff refuses more than this
 * (whatever the colour space, before libvips or libjpeg sees the file), and
 * dk_doc_jpeg_decode() counts them again as it reads. */
#define DK_DOC_JPEG_MAX_SCANS 500

/* ---- dk_doc_jpeg.c: a YCbCr, greyscale or RGB JPEG decoded by libjpeg at
 * 1/shrink (1, 2, 4 or 8), as libvips would (its size rounded down), into
 * *rgb (g_malloc'd, w x h x 3, not turned upright). 0; 1 when it is not
 * one of those (libvips decodes it); -1 with detail when it does not
 * decode (more than 100 warnings or 500 scans count as not decoding). */
int dk_doc_jpeg_decode(const void *p, size_t n, int shrink, unsigned char **rgb, int *w, int *h,
                       char *detail, size_t dlen);

/* A document's shape, its long side over its short: ID-1 cards 1.59,
 * passport pages 1.42, an open booklet 1.41 across its two pages; a box
 * round one a little turned, or foreshortened, a little less or more. */
#define DK_DOC_ASPECT_MIN 1.2
#define DK_DOC_ASPECT_MAX 1.9

/* ---- dk_doc_outline.c: the document's straight outline */
#define DK_DOC_MAX_CLOSING 4
typedef struct {
    int found; /* four straight sides around a card- or page-shaped quadrilateral */
    double x[4],
        y[4]; /* its corners on the raster: top-left, top-right, bottom-right, bottom-left */
    int x0, y0, x1, y1; /* their box, x1/y1 exclusive */
    double wide, high;  /* its mean width (top, bottom) and height (left, right) */
    double support;     /* the weakest side's share of edge cells */
    int closed[4];      /* per side of the box asked about (left, top, right, bottom):
                           a straight edge runs along it, from a little inside it
                           out to the border */
    int closing[4];     /* how many such edges per side (up to DK_DOC_MAX_CLOSING) */
    int closing_at[4][DK_DOC_MAX_CLOSING]; /* each one's place across the side on the
                                              raster (x or y), where it comes nearest
                                              to the border */
    int cut_by;     /* with no outline found: 0, or 1 + the side of the picture (left,
                       top, right, bottom) that cuts a document whose three other
                       sides are straight edges around the box asked about */
    int cut_box[4]; /* that document's visible part on the raster (x0, y0, x1, y1,
                       exclusive), out to the border that cuts it */
    int by_print;   /* found by its print (dk_doc_print.c), not its sides: the
                       box of its print and edges, support 0 */
} dk_doc_outline;

/* The outline's grid on r: c x c raster pixels a cell, gw x gh cells. */
void dk_doc_outline_grid(const dk_doc_raster *r, int *c, int *gw, int *gh);

/* An outline whose box covers less than this share of the box asked
 * about is a part of the document (its photo, a printed frame), not found:
 * the box, which may reach the border, says more, and a document the
 * border cuts is looked for (cut_by). A document's photo takes a sixth of
 * it or less (ICAO's 35 x 45 mm on a 125 x 88 mm page, 14 %; a card's,
 * about 17 %), a quarter of the colour's box when that holds only the
 * document's print; a document's own outline may cover less than half of
 * the box when the table, lit unevenly, differs from its border in places
 * and the box takes them in. */
#define DK_DOC_OUTLINE_MIN_OF_BOX 0.25

/* means: that grid's cell means (dk_doc_cell_means(): the luma plane, then
 * Cb, then Cr), or NULL to have them computed. box (x0, y0, x1, y1 on the
 * raster, or NULL): a box the document was found in some other way, whose
 * sides out->closed[] tells about. 0 (out->found says whether one was
 * found), or -1 when memory ran out. */
int dk_doc_outline_find(const dk_doc_raster *r, const float *means, const int box[4],
                        dk_doc_outline *out);

/* ---- dk_doc_small.c: a small document the whole picture's search misses,
 * outlined in windows of half the picture and carrying print, else found
 * by its print (dk_doc_print_find()); 0 (out->found says whether one was
 * found), or -1 when memory ran out. */
int dk_doc_small_find(const dk_doc_raster *r, dk_doc_outline *out);
/* The same near a box the document's colour was found in (x0, y0, x1, y1
 * on the raster; a table's blotches may have widened it, the border may
 * reach it): one window round it, the outline lying within it grown by pad
 * raster pixels, the rest of the box plain like the table round it (not
 * more of a document's print); else its print, within that grown box. */
int dk_doc_small_find_near(const dk_doc_raster *r, const int box[4], int pad, dk_doc_outline *out);
/* Whether box (x0, y0, x1, y1 on the raster) carries print: its light
 * spreads more than that of the ring of picture round it. 1 or 0. */
int dk_doc_carries_print(const dk_doc_raster *r, const int box[4]);

/* ---- dk_doc_print.c: a small document found by its block of print (fine
 * steps of the luma, dense, card-shaped, plain table round it) where no
 * outline search finds its sides; box (x0, y0, x1, y1 on the raster, or
 * NULL): one it is sought in, whose rest must be plain table too.
 * out->found says whether one was found, its box and corners that block's
 * extent. 0, or -1 when memory ran out. */
int dk_doc_print_find(const dk_doc_raster *r, const int box[4], dk_doc_outline *out);
/* Print past the sides of a document's box (x0, y0, x1, y1 on the
 * raster): into past[k] (left, top, right, bottom) the share of cells of
 * print between side k (a couple of cells off it) and the border, over the
 * box's span less trim of it at each end; into *table that share over the
 * picture out of the box. -1 where there is no such cell. 0, or -1 when
 * memory ran out. */
int dk_doc_print_past_sides(const dk_doc_raster *r, const int box[4], double trim, double past[4],
                            double *table);

/* ---- dk_doc_frame.c: where the document is */
typedef struct {
    int found;              /* a document-like region stands out from the background */
    int x0, y0, x1, y1;     /* its box on the raster, x1/y1 exclusive (whole raster if !found) */
    double margin[4];       /* left, top, right, bottom gap to the border, share of the side */
    double share;           /* box area / image area */
    double threshold;       /* colour distance that separated it */
    double bg_spread;       /* the background's own spread of that distance */
    double edge_threshold;  /* colour gradient that marked the document's edge */
    double contact[4];      /* left, top, right, bottom: share of the border along the box
                               that the document crosses (0 when the box keeps off it) */
    int outlined;           /* the box is the straight outline's (dk_doc_outline.c) */
    double outline_support; /* that outline's weakest side */
    double outline_wide,    /* its own mean width and height: a document turned */
        outline_high;       /* in the picture spans a larger box than itself */
    int open[4];            /* left, top, right, bottom: no straight edge closes the
                               colour's box there (dk_doc_outline.c's closed[]) */
    int by_print;           /* that outline is the box of the document's print
                               (dk_doc_print.c): no side was found */
    int cut_by;             /* 0, or 1 + the side (left, top, right, bottom) where the
                               border cuts a document outlined on its other three
                               (dk_doc_outline.c's cut_by); the box spans both */
} dk_doc_region;

/* 0, or -1 when memory ran out. */
int dk_doc_frame_find(const dk_doc_raster *r, dk_doc_region *out);

/* Appends the framing figures; returns 1 when no document was found or it
 * reaches the border (cut off). */
int dk_doc_frame_judge(const dk_doc_region *reg, const dk_doc_limits *lim, json_t *figures);

/* The share of an outlined document the colour check asks to show colour
 * (dk_doc_colour.c: a coat of arms, a photo, coloured print). */
#define DK_DOC_COLOUR_SHARE 0.01

/* ---- the measuring steps: each adds its figures under its own key and
 * returns 1 when its check fails, 0 when it passes, -1 on memory failure */
int dk_doc_colour_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                        json_t *figures);
int dk_doc_blur_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                      json_t *figures);
/* *share: the share of the document the glare burns out (its figure). */
int dk_doc_glare_check(const dk_doc_raster *r, const dk_doc_region *reg, const dk_doc_limits *lim,
                       json_t *figures, double *share);
/* Whether one saturated blob on the document is a specular reflection: its
 * box (box_w x box_h) and pixel count give its shape, profile[d] the mean
 * luma at d raster pixels outside it (d = 1..profile_len - 1; -1 where no
 * pixel lies at that distance). 1 or 0. */
int dk_doc_glare_blob_is_specular(int box_w, int box_h, unsigned long area, const double *profile,
                                  int profile_len);
/* The same on the profile of the paper around it (the ring's pixels at or
 * above its mean, paper[d] for d = 1..24): the light still falling off,
 * half of it within half the way, by less where the paper is near the
 * ceiling. 1 or 0. */
int dk_doc_glare_paper_falls_off(int box_w, int box_h, unsigned long area, const double *paper);
/* Whether a blob its mean profile calls specular is a white area of the
 * document on paper near the ceiling, its step down all in the first ring
 * (profile and paper as above, d = 1..24). 1 or 0. */
int dk_doc_glare_white_area(unsigned long area, const double *profile, const double *paper);
/* Whether a blob's mean profile (as above, d = 1..24) falls off softly
 * from its first ring to half its radius out: SOFT_SHARE of the fall at
 * least beyond the first ring. 1 or 0. */
int dk_doc_glare_halo_is_soft(unsigned long area, const double *profile);
/* Sets *dark or *over. */
int dk_doc_exposure_check(const dk_doc_raster *r, const dk_doc_region *reg,
                          const dk_doc_limits *lim, int *dark, int *over, json_t *figures);

/* The long side, in raster pixels, that the sharpness is measured at. */
#define DK_DOC_NORM_LONG 256

/* Helpers shared by the steps (dk_doc_limits.c). A box inset by a share of
 * its size on each side. A number rounded for figures. */
void dk_doc_inset(const dk_doc_region *reg, double share, int *x0, int *y0, int *x1, int *y1);
double dk_doc_round(double v, int decimals);
/* The share of box a's area that lies within box b (x0, y0, x1, y1). */
double dk_doc_share_within(const int a[4], const int b[4]);
/* The photo's pixels per raster pixel, along the long sides (0 when the
 * photo's size is unknown). */
double dk_doc_to_full(const dk_doc_raster *r);
/* The q-quantile of v[0..n) (the element of rank q x (n - 1), rounded),
 * by selection: reorders v. 0 when n is 0. */
float dk_doc_quantile(float *v, size_t n, double q);
/* The mean luma and chroma (Y 0-255, Cb and Cr -128-127) of each c x c
 * cell of a gw x gh grid over the raster from (x0, y0), row by row (the
 * means of R, G, B first: the conversion is linear). */
void dk_doc_cell_means(const dk_doc_raster *r, int x0, int y0, int c, int gw, int gh, float *luma,
                       float *cb, float *cr);

#endif
