/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_check.c — runs the document checks in their fixed order: size,
 * format, header, pixel bound (each ends the judgement when it fails), then
 * one small decode on which framing, resolution, colour, sharpness, glare
 * and exposure are all measured and every failing one listed. */
#include "core/dk_err.h"
#include "doccheck/dk_doc_internal.h"

#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <vips/vips.h>

/* The raster's long side for a photo: a 12 MP JPEG decodes at 1/8 (500 px),
 * enough for a document filling most of it to give DK_DOC_NORM_LONG pixels.
 * A scanner's page is mostly empty glass: render it larger. */
#define DECODE_LONG_PHOTO 400
#define DECODE_LONG_PAGE 1280
/* When the document turned out small in the frame (but not so small that
 * it may well not be the document: REFINE_MIN_SHARE of the picture), one
 * finer decode, up to this long side. */
#define DECODE_LONG_MAX 1600
#define REFINE_MIN_SHARE 0.02

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = -1;
static char init_error[256] = "dk_doc_init() was not called";

/* Decoding warnings of hostile files would flood the log; what matters of
 * them reaches the verdict as the loader's error. */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
}

static void init_vips(void)
{
    if (VIPS_INIT("dk_doc") != 0) {
        char *msg = vips_error_buffer_copy();
        snprintf(init_error, sizeof init_error, "libvips does not start: %s", msg ? msg : "");
        g_free(msg);
        return;
    }
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
    /* Nothing from one upload may linger for the next: no operation cache. */
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    /* Work is one small image per upload; parallelism comes from workers. */
    vips_concurrency_set(1);
    /* Each check allocates the same blocks of a few hundred KB (the raster,
     * the grids, the decoder's buffers). Above glibc's 128 KB threshold each
     * is a fresh mapping, whose pages the kernel zeroes and faults in one by
     * one: some 250 faults per photo, which in a virtual machine cost a
     * fifth of a check. Kept in the heap up to 4 MB (and freed space up to
     * 8 MB not given back), the next photo reuses them: about 40 faults,
     * for 1 MB more of peak memory. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    /* Loaders libvips marks untrusted stay blocked. Poppler is one of them;
     * it is allowed back for buffers only, and dk_doc only hands it PDFs
     * its own screening passed (one page, an image, no active content). */
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoadPdfBuffer", FALSE);
    init_status = 0;
}

int dk_doc_init(char *err, size_t errlen)
{
    pthread_once(&init_once, init_vips);
    if (init_status != 0)
        dk_errf(err, errlen, "%s", init_error);
    return init_status;
}

static void add_reason(dk_doc_verdict *v, const char *code)
{
    if (v->n_reasons < DK_DOC_MAX_REASONS)
        v->reasons[v->n_reasons++] = code;
}

/* Copies what into out (at most outlen bytes with the NUL) as printable
 * ASCII: details may quote bytes of a hostile file (a box type, a decoder's
 * message), and verdicts go into JSON and logs. */
static void printable(char *out, size_t outlen, const char *what)
{
    size_t i = 0;
    for (; what[i] && i + 1 < outlen; i++)
        out[i] = what[i] >= 0x20 && what[i] < 0x7f ? what[i] : '?';
    out[i] = '\0';
}

static void set_detected(dk_doc_verdict *v, const char *what)
{
    printable(v->detected, sizeof v->detected, what);
}

static void set_detail(json_t *format, const char *detail)
{
    char clean[160];
    printable(clean, sizeof clean, detail);
    json_object_set_new(format, "detail", json_string(clean));
}

/* Decodes, finds the document, and when it covers too few raster pixels to
 * be measured at the normalised scale, decodes once more, finer. */
static int decode_and_frame(const unsigned char *p, size_t n, dk_doc_format fmt, int full_w,
                            int full_h, dk_doc_raster *r, dk_doc_region *reg, char *detail,
                            size_t dlen)
{
    int want = fmt == DK_DOC_FMT_PDF ? DECODE_LONG_PAGE : DECODE_LONG_PHOTO;
    if (dk_doc_decode(p, n, fmt, full_w, full_h, want, r, detail, dlen) != 0)
        return 1;
    if (dk_doc_frame_find(r, reg) != 0)
        return -1;
    int raster_long = r->w > r->h ? r->w : r->h;
    int full_long = full_w > full_h ? full_w : full_h;
    int doc_long = reg->x1 - reg->x0 > reg->y1 - reg->y0 ? reg->x1 - reg->x0 : reg->y1 - reg->y0;
    if (!reg->found || reg->share < REFINE_MIN_SHARE || doc_long >= DK_DOC_NORM_LONG ||
        raster_long >= full_long || raster_long >= DECODE_LONG_MAX)
        return 0;
    /* Scaled from the raster decoded (shrink-on-load may give more than
     * was asked for), so the finer one has the pixels. */
    int finer = (int)((double)raster_long * DK_DOC_NORM_LONG * 1.1 / doc_long) + 1;
    if (finer > DECODE_LONG_MAX)
        finer = DECODE_LONG_MAX;
    const dk_doc_region coarse = *reg;
    const int coarse_w = r->w, coarse_h = r->h;
    dk_doc_raster_free(r);
    if (dk_doc_decode(p, n, fmt, full_w, full_h, finer, r, detail, dlen) != 0)
        return 1;
    if (dk_doc_frame_find(r, reg) != 0)
        return -1;
    /* The outline's grid has cells of the same size in the photo at both
     * scales, but their means differ a little: a faint side covered just
     * enough at one may fall short at the other. An outline, or a
     * document the border cuts, found at the coarser one stands for the
     * document when the finer one finds neither. */
    if ((coarse.outlined || coarse.cut_by) && !reg->outlined && !reg->cut_by) {
        double sx = (double)r->w / coarse_w, sy = (double)r->h / coarse_h;
        *reg = coarse;
        reg->x0 = (int)(coarse.x0 * sx), reg->x1 = (int)fmin(r->w, ceil(coarse.x1 * sx));
        reg->y0 = (int)(coarse.y0 * sy), reg->y1 = (int)fmin(r->h, ceil(coarse.y1 * sy));
        reg->outline_wide *= sx, reg->outline_high *= sy;
    }
    return 0;
}

/* figures.<key> says the check was not judged, and for want of what. */
static void not_judged(json_t *fig, const char *key, const char *why)
{
    json_object_set_new(fig, key, json_pack("{ss}", "not_judged", why));
}

/* The quality checks on the decoded raster, every failing one listed in the
 * fixed order (framing when the document was found, resolution, colour,
 * sharpness, glare, exposure, framing when it was not). Exposure is
 * measured first: when the document is too dark or washed out, it cannot
 * be told apart well enough to measure its colour, sharpness, glare or
 * edges, so those are not judged and the resolution is taken on the whole
 * picture (the most the document could have). */
static int judge_quality(const dk_doc_raster *r, const dk_doc_region *found, dk_doc_format fmt,
                         dk_doc_kind kind, const dk_doc_limits *lim, dk_doc_verdict *v)
{
    json_t *fig = v->figures;
    int dark = 0, over = 0;
    if (dk_doc_exposure_check(r, found, lim, &dark, &over, fig) < 0)
        return -1;
    int exposed = !dark && !over;
    dk_doc_region whole = {.x1 = r->w, .y1 = r->h, .share = 1.0};
    const dk_doc_region *reg = exposed ? found : &whole;

    double to_full = dk_doc_to_full(r);
    int bw = reg->x1 - reg->x0, bh = reg->y1 - reg->y0;
    json_t *dec = json_object();
    json_object_set_new(dec, "shrink", json_integer(r->shrink));
    json_object_set_new(dec, "raster", json_pack("[ii]", r->w, r->h));
    json_object_set_new(dec, "document_box",
                        json_pack("[iiii]", (int)(reg->x0 * to_full), (int)(reg->y0 * to_full),
                                  (int)(reg->x1 * to_full), (int)(reg->y1 * to_full)));
    json_object_set_new(fig, "decode", dec);

    /* Resolution: on the document when it was found, else on the picture —
     * the long side of the largest document of the kind (ID-3 125 x 88 mm,
     * ID-1 85.6 x 54 mm) that fits in that box, in the image's own pixels:
     * a sliver of an image has a long side but no room for a document.
     * A straight outline, already of a document's shape, gives its own long
     * side: turned in the picture, it spans a box larger than itself (and
     * its short side may end at the last line of its MRZ). */
    double aspect = kind == DK_DOC_PASSPORT ? 88.0 / 125.0 : 54.0 / 85.6;
    double box_long = (bw > bh ? bw : bh) * to_full, box_short = (bw > bh ? bh : bw) * to_full;
    double doc_long = box_short / aspect < box_long ? box_short / aspect : box_long;
    if (reg->outlined)
        doc_long = fmax(reg->outline_wide, reg->outline_high) * to_full;
    /* A box the border cuts along one axis only tells the least the
     * document spans along it: the other side sets the document's size
     * (the larger reading of it), and not_in_frame says what is wrong. */
    int cut_x = reg->found && (reg->margin[0] <= 0 || reg->margin[2] <= 0);
    int cut_y = reg->found && (reg->margin[1] <= 0 || reg->margin[3] <= 0);
    if (cut_x != cut_y) {
        double whole_side = (cut_x ? bh : bw) * to_full / aspect;
        if (whole_side > doc_long)
            doc_long = whole_side;
    }
    int min_long =
        kind == DK_DOC_PASSPORT ? lim->min_long_side_passport : lim->min_long_side_id_card;
    json_object_set_new(
        fig, "resolution",
        json_pack("{sIsi}", "document_long_side", (json_int_t)doc_long, "bound", min_long));
    int small = doc_long < min_long;

    /* Sharpness only on a document with the pixels to show it: on fewer,
     * its print spans too few of them to be sharp, the measure (at
     * DK_DOC_NORM_LONG, upscaled) calls any of it blurred, and the
     * applicant, told to come closer, is not told a second, false thing. */
    int c = 0, b = 0, g = 0, f = 0;
    double glare_share = 0;
    if (exposed) {
        c = dk_doc_colour_check(r, reg, lim, fig);
        b = c < 0 ? -1 : small ? 0 : dk_doc_blur_check(r, reg, lim, fig);
        if (c >= 0 && small)
            not_judged(fig, "sharpness", "resolution");
        g = b < 0 ? -1 : dk_doc_glare_check(r, reg, lim, fig, &glare_share);
        f = g < 0 ? -1 : dk_doc_frame_judge(reg, lim, fig);
        if (f < 0)
            return -1;
    } else {
        not_judged(fig, "colour", "exposure");
        not_judged(fig, "sharpness", "exposure");
        not_judged(fig, "glare", "exposure");
        not_judged(fig, "frame", "exposure");
    }
    /* A document found and cut by the border was measured in part (its
     * size, colour and glare on what the picture holds of it): taking it
     * whole comes first. When none was found, what was measured on the
     * whole picture (too few pixels, no colour) says more. */
    int cut = f && reg->found;
    /* So is one found by its colour alone (no straight outline) under a
     * glare: the glare whitens the paper it falls on towards a light
     * table's colour, and the box keeps what still differs, perhaps a part
     * (the photo, the print beside the spot). Its size is the less sure
     * finding then: the glare comes first. */
    int glare_first = g > 0 && small && reg->found && !reg->outlined;
    /* And a document judged grey under a glare that burns out more of it
     * than the share the colour check asks to show colour: the colour may
     * lie under the glare (a light card's flag and title by its edge, the
     * rest of it grey): the glare is the surer finding. */
    int glare_before_grey = !glare_first && g > 0 && c > 0 && glare_share > DK_DOC_COLOUR_SHARE;
    if (cut)
        add_reason(v, DK_DOC_NOT_IN_FRAME);
    if (glare_first)
        add_reason(v, DK_DOC_GLARE);
    if (small)
        add_reason(v, DK_DOC_TOO_SMALL_RESOLUTION);
    if (glare_before_grey)
        add_reason(v, DK_DOC_GLARE);
    if (c)
        add_reason(v, DK_DOC_GREYSCALE);
    if (b)
        add_reason(v, DK_DOC_BLURRED);
    if (g && !glare_first && !glare_before_grey)
        add_reason(v, DK_DOC_GLARE);
    if (dark)
        add_reason(v, DK_DOC_TOO_DARK);
    if (over)
        add_reason(v, DK_DOC_OVEREXPOSED);
    if (f && !cut)
        add_reason(v, DK_DOC_NOT_IN_FRAME);
    return 0;
}

int dk_doc_check(const void *bytes, size_t len, dk_doc_kind kind, dk_doc_side side,
                 const dk_doc_limits *lim, dk_doc_verdict *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (dk_doc_init(err, errlen) != 0) /* once; a no-op after the first call */
        return -1;
    dk_doc_limits defaults;
    if (!lim) {
        dk_doc_limits_default(&defaults);
        lim = &defaults;
    }
    if ((!bytes && len <= lim->max_bytes) ||
        ((int)kind != DK_DOC_PASSPORT && (int)kind != DK_DOC_ID_CARD) ||
        ((int)side != DK_DOC_FRONT && (int)side != DK_DOC_BACK)) {
        dk_errf(err, errlen, "dk_doc_check: bad argument");
        return -1;
    }
    if (kind == DK_DOC_PASSPORT && side == DK_DOC_BACK) {
        dk_errf(err, errlen, "a passport is judged on its photo page only (side front)");
        return -1;
    }
    const unsigned char *p = bytes;
    json_t *fig = out->figures = json_object();
    if (!fig) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    json_object_set_new(fig, "kind", json_string(dk_doc_kind_name(kind)));
    json_object_set_new(fig, "side", json_string(dk_doc_side_name(side)));
    json_object_set_new(
        fig, "size",
        json_pack("{sIsI}", "bytes", (json_int_t)len, "bound", (json_int_t)lim->max_bytes));
    if (len > lim->max_bytes) {
        snprintf(out->detected, sizeof out->detected, "%zu bytes, over %zu", len, lim->max_bytes);
        add_reason(out, DK_DOC_TOO_LARGE);
        return 0;
    }

    char mime[96], detail[160] = "";
    dk_doc_format fmt = DK_DOC_FMT_JPEG;
    dk_doc_sniff_result sniffed;
    dk_doc_pdf_info pdf;
    if (dk_doc_sniff(p, len, lim->accept_pdf, &fmt, &sniffed, &pdf, mime, sizeof mime, detail,
                     sizeof detail, err, errlen) != 0) {
        dk_doc_verdict_free(out);
        return -1;
    }
    json_t *format = json_object();
    json_object_set_new(format, "mime", json_string(mime));
    if (detail[0])
        set_detail(format, detail);
    json_object_set_new(fig, "format", format);
    if (sniffed != DK_DOC_SNIFF_OK) {
        set_detected(out, detail[0] ? detail : mime);
        add_reason(out,
                   sniffed == DK_DOC_SNIFF_CORRUPT ? DK_DOC_CORRUPT : DK_DOC_UNSUPPORTED_FORMAT);
        return 0;
    }
    set_detected(out, mime);

    int w = 0, h = 0, pages = 1;
    if (dk_doc_header(p, len, fmt, &pdf, &w, &h, &pages, detail, sizeof detail) != 0 || w <= 0 ||
        h <= 0) {
        set_detail(format, detail);
        add_reason(out, DK_DOC_CORRUPT);
        return 0;
    }
    if (fmt == DK_DOC_FMT_PDF && pages != 1) {
        snprintf(detail, sizeof detail, "PDF with %d pages (one scanned page expected)", pages);
        set_detail(format, detail);
        set_detected(out, detail);
        add_reason(out, DK_DOC_UNSUPPORTED_FORMAT);
        return 0;
    }
    double pixels = (double)w * h;
    json_object_set_new(fig, "pixels",
                        json_pack("{sisisfsf}", "width", w, "height", h, "megapixels",
                                  dk_doc_round(pixels / 1e6, 2), "bound",
                                  dk_doc_round(lim->max_pixels / 1e6, 2)));
    if (pixels > lim->max_pixels) {
        add_reason(out, DK_DOC_TOO_MANY_PIXELS);
        return 0;
    }

    dk_doc_raster r;
    dk_doc_region reg;
    int d = decode_and_frame(p, len, fmt, w, h, &r, &reg, detail, sizeof detail);
    if (d > 0) {
        set_detail(format, detail);
        add_reason(out, DK_DOC_CORRUPT);
        return 0;
    }
    if (d < 0 || judge_quality(&r, &reg, fmt, kind, lim, out) != 0) {
        dk_doc_raster_free(&r);
        dk_doc_verdict_free(out);
        dk_errf(err, errlen, "out of memory judging the image");
        return -1;
    }
    dk_doc_raster_free(&r);
    out->accepted = out->n_reasons == 0;
    return 0;
}

json_t *dk_doc_verdict_json(const dk_doc_verdict *v)
{
    json_t *reasons = json_array();
    for (int i = 0; reasons && i < v->n_reasons; i++)
        json_array_append_new(reasons, json_string(v->reasons[i]));
    return json_pack("{sssosssO}", "verdict", v->accepted ? "accepted" : "rejected", "reasons",
                     reasons, "detected", v->detected, "figures",
                     v->figures ? v->figures : json_null());
}

void dk_doc_verdict_free(dk_doc_verdict *v)
{
    if (!v)
        return;
    json_decref(v->figures);
    memset(v, 0, sizeof *v);
}
