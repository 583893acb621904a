/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc.h — judges an uploaded identity-document image before an interviewer
 * relies on it: type sniffed from the bytes, size and pixel caps before any
 * decoding, then resolution, colour, sharpness, glare, exposure and framing
 * measured on one small shrink-on-load decode. No Kafka, no SQL: bytes in,
 * verdict out. */
#ifndef DK_DOC_H
#define DK_DOC_H

#include <jansson.h>
#include <stddef.h>

typedef enum { DK_DOC_PASSPORT, DK_DOC_ID_CARD } dk_doc_kind;
typedef enum { DK_DOC_FRONT, DK_DOC_BACK } dk_doc_side;

/* The reason codes, stable: messages, dashboards and tests key on them.
 * dk_doc_check() tries them in this order:
 *   too_large             more bytes than max_bytes
 *   unsupported_format    not cleanly one JPEG, PNG, HEIF image or one-page PDF scan
 *   corrupt               the header or the pixels do not decode (truncation included)
 *   too_many_pixels       the header declares more than max_pixels
 *   too_small_resolution  too few pixels on the document to read it
 *   greyscale             no colour on the document
 *   blurred               not sharp at the normalised scale
 *   glare                 specular reflections on the document
 *   too_dark, overexposed
 *   not_in_frame          cut off by the border, or no document found in the picture
 *                         (a document wholly inside it with enough pixels is in frame
 *                         however much table surrounds it) */
#define DK_DOC_TOO_LARGE "too_large"
#define DK_DOC_UNSUPPORTED_FORMAT "unsupported_format"
#define DK_DOC_CORRUPT "corrupt"
#define DK_DOC_TOO_MANY_PIXELS "too_many_pixels"
#define DK_DOC_TOO_SMALL_RESOLUTION "too_small_resolution"
#define DK_DOC_GREYSCALE "greyscale"
#define DK_DOC_BLURRED "blurred"
#define DK_DOC_GLARE "glare"
#define DK_DOC_TOO_DARK "too_dark"
#define DK_DOC_OVEREXPOSED "overexposed"
#define DK_DOC_NOT_IN_FRAME "not_in_frame"

#define DK_DOC_MAX_REASONS 16

/* Every bound a check compares against. dk_doc_limits_default() fills the
 * values chosen from the labelled corpus; dk_doc_limits.c says where each
 * number comes from. The figures of a verdict use the same units. */
typedef struct {
    size_t max_bytes;           /* upload size (DK_UPLOAD_MAX) */
    double max_pixels;          /* width x height from the header (default 50 MP) */
    int min_long_side_passport; /* document long side, original pixels */
    int min_long_side_id_card;
    double min_chroma;           /* colour spread on the document, 99th percentile */
    double min_sharpness;        /* focus measure at the normalised scale */
    double max_glare_share;      /* share of the document that is specular */
    double max_soft_glare_share; /* the same, in blobs whose halo falls softly */
    double min_luma_bright;      /* 95th percentile of luma (document or picture), 0..255 */
    double max_clipped_share;    /* share of the picture at the sensor's ceiling */
    double min_frame_margin;     /* the document's distance to each border, share of the side */
    double max_border_cross;     /* share of a near border's stretch the document crosses */
    int accept_pdf;              /* 0 refuses PDFs before poppler sees them */
} dk_doc_limits;

void dk_doc_limits_default(dk_doc_limits *lim);

/* One judgement. reasons[] point to the DK_DOC_* strings (static, never
 * freed), first failing check first. A failing size, format, decoding or
 * pixel-count check ends the judgement (nothing after it can be measured);
 * the quality checks that follow are each listed when they fail — except
 * that under a failing exposure colour, sharpness, glare and framing cannot
 * be measured and are marked "not_judged" in the figures. figures holds what
 * was measured for each check and its bound, owned by the verdict; detected
 * names what the bytes are ("image/jpeg", or why they were refused). */
typedef struct {
    int accepted;
    const char *reasons[DK_DOC_MAX_REASONS];
    int n_reasons;
    json_t *figures;
    char detected[128];
} dk_doc_verdict;

/* Once per process, before the first check (later calls do nothing; the
 * first dk_doc_check() calls it when nobody did): starts
 * libvips with its operation cache off, one worker thread per pipeline, and
 * the loaders libvips marks untrusted blocked — except the PDF loader, which
 * only ever sees PDFs that dk_doc's own screening passed. 0, or -1 with err. */
int dk_doc_init(char *err, size_t errlen);

/* Judges len bytes (borrowed, not kept) of an upload of the given document
 * kind and side; lim NULL means the defaults. bytes may be NULL when len is
 * over lim->max_bytes: the size alone decides, before anything is read (an
 * HTTP body's Content-Length, a file's size). Returns 0 when the bytes were
 * judged — accepted or not — with *out filled (release it with
 * dk_doc_verdict_free()); -1 when they could not be judged (libvips or
 * libmagic did not start, a bad argument, memory), with err filled and *out
 * empty. Thread-safe. */
int dk_doc_check(const void *bytes, size_t len, dk_doc_kind kind, dk_doc_side side,
                 const dk_doc_limits *lim, dk_doc_verdict *out, char *err, size_t errlen);

/* Frees the figures and empties the verdict; safe on an empty verdict. */
void dk_doc_verdict_free(dk_doc_verdict *v);

/* The verdict as the CLI and the workers print it, a new object the caller
 * owns: {"verdict": "accepted"|"rejected", "reasons": [...], "detected": ...,
 * "figures": {...}} (figures shared with v, reference counted). NULL when
 * memory ran out. */
json_t *dk_doc_verdict_json(const dk_doc_verdict *v);

/* Names for kinds and sides, as messages and the CLI spell them ("passport",
 * "id_card"; "front", "back"). Parsing returns the enum value, or -1 for an
 * unknown name or NULL (which dk_doc_check() refuses as a bad argument). */
const char *dk_doc_kind_name(dk_doc_kind kind);
const char *dk_doc_side_name(dk_doc_side side);
int dk_doc_kind_parse(const char *s);
int dk_doc_side_parse(const char *s);

#endif
