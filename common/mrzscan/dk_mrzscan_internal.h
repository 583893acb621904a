/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_internal.h — what the files of the MRZ reader share between
 * themselves: the morphology on small 8-bit rasters, the band finder, the
 * picture's loading and the band's straightening, the OCR engine. Not for
 * callers: they use dk_mrzscan.h. */
#ifndef DK_MRZSCAN_INTERNAL_H
#define DK_MRZSCAN_INTERNAL_H

#include "doccheck/dk_doc_internal.h"
#include "mrzscan/dk_mrzscan.h"

#include <stddef.h>

/* ---- dk_mrzscan_morph.c: grey-level morphology, w x h 8-bit rasters */

/* Erosion (is_max 0) or dilation (1) by a kw x kh rectangle (made odd);
 * in and out may not overlap. 0, or -1 when memory ran out. */
int dk_mrzscan_minmax(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh,
                      int is_max);
/* Closing (dilation then erosion) of dark details. */
int dk_mrzscan_close(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh);
/* Closing minus the picture: dark print smaller than the rectangle, bright. */
int dk_mrzscan_blackhat(const unsigned char *in, unsigned char *out, int w, int h, int kw, int kh);
/* |Sobel x|, stretched to 0..255. */
void dk_mrzscan_gradient_x(const unsigned char *in, unsigned char *out, int w, int h);
/* Otsu's threshold of n samples: the level (0..255) that best splits them
 * into two classes (values above it are the bright class). */
int dk_mrzscan_otsu(const unsigned char *p, size_t n);

/* ---- dk_mrzscan_band.c: where the MRZ band is */
typedef struct {
    int found;
    double cx, cy;            /* its centre, raster pixels */
    double angle;             /* its lines' direction, radians from the x axis (y down),
                                 in (-pi/2, pi]: near 0 on an upright page, near pi/2
                                 on one turned a quarter */
    double length, thickness; /* along and across the lines, raster pixels */
    int lines;                /* lines of print seen in it (1 .. 3) */
} dk_mrzscan_band;

/* Finds the band on a grey picture of (mostly) the document, g w x h. 0
 * with out->found 0 or 1; -1 when memory ran out. */
int dk_mrzscan_band_find(const unsigned char *g, int w, int h, dk_mrzscan_band *out);

/* ---- dk_mrzscan_straighten.c: the band as an upright grey strip */

/* Samples src (sw x sh grey) along the band (its geometry in src's pixels)
 * into a new strip of out_w x out_h (bilinear), flipped end for end when
 * flip: the lines run left to right in it, white outside the picture.
 * Returns the strip (malloc) or NULL. */
unsigned char *dk_mrzscan_straighten(const unsigned char *src, int sw, int sh,
                                     const dk_mrzscan_band *band, int out_w, int out_h, int flip);

/* Binarises a strip in place: the paper's brightness flattened (a
 * dilation as wide as a few characters), then Otsu: print 0, paper 255. 0,
 * or -1 when memory ran out. */
int dk_mrzscan_binarise(unsigned char *strip, int w, int h, int char_h);

/* ---- dk_mrzscan_load.c: decoding, in the image's stored orientation */
typedef struct {
    unsigned char *px; /* w x h x bands, 8 bits; g_free() */
    int w, h, bands;
    int x0, y0;   /* an area's origin in the decode it was cut from */
    double scale; /* the image's own pixels per pixel here */
} dk_mrzscan_pixels;

/* The stored (not EXIF-turned) size; PDFs rendered at pdf_scale. */
int dk_mrzscan_stored_size(const void *p, size_t n, dk_doc_format fmt, double pdf_scale, int *w,
                           int *h, char *detail, size_t dlen);
/* The whole picture in sRGB, its long side at least want_long (when it has
 * that many) and not far above it. */
int dk_mrzscan_load_small(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h,
                          double pdf_scale, int want_long, dk_mrzscan_pixels *out, char *detail,
                          size_t dlen);
/* The area [x0, x1) x [y0, y1) (the image's own pixels) in grey, decoded
 * at JPEG shrink-on-load shrink (1, 2, 4, 8; others: 1). */
int dk_mrzscan_load_area(const void *p, size_t n, dk_doc_format fmt, int full_w, int full_h,
                         double pdf_scale, int shrink, int x0, int y0, int x1, int y1,
                         dk_mrzscan_pixels *out, char *detail, size_t dlen);
void dk_mrzscan_pixels_free(dk_mrzscan_pixels *px);

/* ---- dk_mrzscan_ocr.c: Tesseract, one engine per reader */
typedef struct dk_mrzscan_ocr dk_mrzscan_ocr;

dk_mrzscan_ocr *dk_mrzscan_ocr_new(const char *tessdata, int engine, char *err, size_t errlen);
/* The text of a binarised strip (w x h, 8 bits), a block of lines: a new
 * string (free()) or NULL. */
char *dk_mrzscan_ocr_text(dk_mrzscan_ocr *o, const unsigned char *strip, int w, int h);
void dk_mrzscan_ocr_free(dk_mrzscan_ocr *o);

/* ---- dk_mrzscan_ocrb.c: the reader's own recogniser of OCR-B */
typedef struct dk_mrzscan_ocrb dk_mrzscan_ocrb;

/* text (ASCII) rendered by FreeType from fontfile at px pixels an em: ink
 * high, 8 bits, a margin of 8 pixels all round; a new raster (free()) of
 * *w x *h, or NULL when the font does not load or lacks a character. */
unsigned char *dk_mrzscan_render(const char *fontfile, int px, const char *text, int *w, int *h);
/* Templates rendered from the OCR-B font file. */
dk_mrzscan_ocrb *dk_mrzscan_ocrb_new(const char *fontfile, char *err, size_t errlen);
/* The text of a binarised strip (print 0, paper 255), a line of characters
 * per line of print: a new string (free()) or NULL. *alts gets a string of
 * the same layout (free() it too): at each character its confusable second
 * choice ("O" for a '0' read nearly as well as an 'O'), or '.' for none. */
char *dk_mrzscan_ocrb_text(const dk_mrzscan_ocrb *o, const unsigned char *strip, int w, int h,
                           char **alts);
void dk_mrzscan_ocrb_free(dk_mrzscan_ocrb *o);

#endif
