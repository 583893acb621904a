/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan.h — reads the machine-readable zone off an uploaded photo or
 * scan of an identity document: the band of 2 or 3 OCR-B lines found on a
 * small decode, cut from a finer one along its own direction, binarised,
 * read by Tesseract with the MRZ's 37 characters only, and parsed (every
 * check digit, the usual OCR repairs) by common/mrz. Bytes in, facts out:
 * no Kafka, no SQL. Supports pages upright, upside down or turned a quarter
 * either way, each within about 15 degrees of it, the band at least ~450
 * pixels long in the picture. */
#ifndef DK_MRZSCAN_H
#define DK_MRZSCAN_H

#include "core/dk_calendar.h"
#include "mrz/dk_mrz.h"

#include <stddef.h>

/* The recognisers: the reader's own of OCR-B glyphs (dk_mrzscan_ocrb.c),
 * and Tesseract's engines — the legacy one (character classifier), the
 * LSTM line recogniser, or both (the model must carry what is asked).
 * OCRB_LEGACY reads with the own first and asks Tesseract's legacy engine
 * only when the check digits say it misread. */
enum {
    DK_MRZSCAN_ENGINE_LEGACY,
    DK_MRZSCAN_ENGINE_LSTM,
    DK_MRZSCAN_ENGINE_COMBINED,
    DK_MRZSCAN_ENGINE_OCRB,
    DK_MRZSCAN_ENGINE_OCRB_LEGACY
};

/* A reader: one Tesseract engine, loaded once (a few hundred ms); one
 * thread at a time per reader. */
typedef struct dk_mrzscan dk_mrzscan;

/* tessdata: the folder holding eng.traineddata (NULL: DK_MRZ_TESSDATA);
 * engine: DK_MRZSCAN_ENGINE_* (-1: DK_MRZ_ENGINE); the OCR-B font file is
 * DK_MRZ_FONT. Starts libvips through dk_doc_init(). NULL with err when
 * the model or the font does not load. */
dk_mrzscan *dk_mrzscan_new(const char *tessdata, int engine, char *err, size_t errlen);
void dk_mrzscan_free(dk_mrzscan *r);

typedef struct {
    int found;        /* an MRZ was read and parsed (mrz.found); see mrz.valid */
    char reason[128]; /* when not found: why (English, for operators) */
    dk_mrz mrz;       /* the parser's result (found, lines, fields, checks, repairs) */
    int turned;       /* degrees the page was turned by in the picture: 0, 90, 180, 270
                         (clockwise, to the nearest quarter) */
    int attempts;     /* strips read by the OCR (1 .. 4) */
    double ms;        /* the whole read, load included */
} dk_mrzscan_result;

/* Reads the MRZ off len bytes (borrowed; NULL when len is over the upload
 * bound: the size alone refuses them) of an image: JPEG, PNG, HEIF or a
 * one-page PDF scan, screened as dk_doc_check() screens uploads (type from
 * the bytes, size and pixel bounds before decoding). Anything that is no
 * such image, or holds no readable MRZ, gives found 0 and a reason.
 * today gives the dates' centuries. Returns 0 (read, found or not), -1 when
 * the reader itself failed (memory), err filled. */
int dk_mrzscan_read(dk_mrzscan *r, const void *bytes, size_t len, dk_date today,
                    dk_mrzscan_result *out, char *err, size_t errlen);

/* The result as `dk document mrz` prints it (SPEC.md): the parser's object
 * (dk_mrz_json) with found, ms, turned, and reason when not found; file
 * is the caller's to add. NULL when memory ran out. */
json_t *dk_mrzscan_json(const dk_mrzscan_result *res);

#endif
