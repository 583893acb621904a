/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_read.c — one read, start to end: the bytes screened as an
 * upload is (type, size, pixel count), the document found on a small decode
 * (doccheck's framing), the band found on the document brought to a fixed
 * size, the band cut from a finer decode along its direction, binarised and
 * read; read again end for end when the check digits say the page was
 * upside down. The best parse wins: every check digit right, else most. */
#include "core/dk_config.h"
#include "core/dk_err.h"
#include "mrzscan/dk_mrzscan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The small decode's long side, and the document's on the band finder's
 * picture (its kernels are sized for it). */
#define WORK_LONG 1000
#define DOC_LONG 800
/* The strip's length: 44 characters of ~23 pixels, OCR-B at ~30 pixels
 * tall, where Tesseract reads best. */
#define STRIP_W 1000
/* Room around the band as found: along the lines, across them. */
#define PAD_ALONG 1.06
#define PAD_ACROSS 1.35
/* Smaller pictures hold no MRZ one could read. */
#define MIN_SIDE 60
#define MAX_LINES 12

struct dk_mrzscan {
    dk_mrzscan_ocrb *ocrb; /* the own recogniser, or NULL */
    dk_mrzscan_ocr *ocr;   /* Tesseract, or NULL */
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int engine_of(const char *s)
{
    if (!strcmp(s, "legacy"))
        return DK_MRZSCAN_ENGINE_LEGACY;
    if (!strcmp(s, "lstm"))
        return DK_MRZSCAN_ENGINE_LSTM;
    if (!strcmp(s, "combined"))
        return DK_MRZSCAN_ENGINE_COMBINED;
    if (!strcmp(s, "ocrb"))
        return DK_MRZSCAN_ENGINE_OCRB;
    if (!strcmp(s, "ocrb+legacy"))
        return DK_MRZSCAN_ENGINE_OCRB_LEGACY;
    return -1;
}

dk_mrzscan *dk_mrzscan_new(const char *tessdata, int engine, char *err, size_t errlen)
{
    if (dk_doc_init(err, errlen) != 0)
        return NULL;
    if (!tessdata)
        tessdata = dk_config_str("DK_MRZ_TESSDATA");
    if (engine < 0 && (engine = engine_of(dk_config_str("DK_MRZ_ENGINE"))) < 0) {
        dk_errf(err, errlen, "DK_MRZ_ENGINE is none of ocrb, ocrb+legacy, legacy, lstm, combined");
        return NULL;
    }
    dk_mrzscan *r = calloc(1, sizeof *r);
    if (!r) {
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    int own = engine == DK_MRZSCAN_ENGINE_OCRB || engine == DK_MRZSCAN_ENGINE_OCRB_LEGACY;
    if (own && !(r->ocrb = dk_mrzscan_ocrb_new(dk_config_str("DK_MRZ_FONT"), err, errlen))) {
        free(r);
        return NULL;
    }
    if (engine != DK_MRZSCAN_ENGINE_OCRB &&
        !(r->ocr = dk_mrzscan_ocr_new(*tessdata ? tessdata : NULL,
                                      own ? DK_MRZSCAN_ENGINE_LEGACY : engine, err, errlen))) {
        dk_mrzscan_ocrb_free(r->ocrb);
        free(r);
        return NULL;
    }
    return r;
}

void dk_mrzscan_free(dk_mrzscan *r)
{
    if (!r)
        return;
    dk_mrzscan_ocr_free(r->ocr);
    dk_mrzscan_ocrb_free(r->ocrb);
    free(r);
}

static int checks_ok(const dk_mrz *m)
{
    int ok = 0;
    for (int c = 0; c < DK_MRZ_NCHECKS; c++)
        ok += (m->has_check >> c & 1) && m->check_ok[c];
    return ok;
}

/* Better parses score higher: found, then every check right, then the
 * most right, then the fewest repairs. */
static int score(const dk_mrz *m)
{
    if (!m->found)
        return 0;
    return 1000 + (m->valid ? 500 : 0) + 20 * checks_ok(m) - m->nrepairs;
}

/* Second choices tried at most in one window of lines: 2^12 parses. */
#define MAX_ALTS 12

/* The window's lines with the second choices of mask (bit i: alternative
 * i) put in, parsed into *tmp; kept in *best when better, with the
 * changes noted as repairs a check digit proved. */
static void parse_variant(char lines[][64], const size_t *lens, int count, const int *al,
                          const int *ap, const char *ac, int nalt, unsigned mask, dk_date today,
                          dk_mrz *best, dk_mrz *tmp)
{
    char copy[3][64];
    const char *ls[3];
    for (int k = 0; k < count; k++) {
        memcpy(copy[k], lines[k], sizeof copy[k]);
        ls[k] = copy[k];
    }
    int flips = 0;
    for (int i = 0; i < nalt; i++)
        if (mask >> i & 1) {
            copy[al[i]][ap[i]] = ac[i];
            flips++;
        }
    dk_mrz_parse_lines(ls, lens, count, today, tmp);
    /* A second choice must earn its place: each costs a repair. */
    tmp->nrepairs += flips;
    if (score(tmp) <= score(best))
        return;
    tmp->nrepairs -= flips;
    for (int i = 0; i < nalt && tmp->nrepairs < DK_MRZ_MAX_REPAIRS; i++)
        if (mask >> i & 1)
            tmp->repairs[tmp->nrepairs++] = (dk_mrz_repair){.field = "glyph",
                                                            .line = al[i] + 1,
                                                            .pos = ap[i] + 1,
                                                            .from = lines[al[i]][ap[i]],
                                                            .to = ac[i],
                                                            .why = "check_digit"};
    *best = *tmp;
}

/* The recogniser's lines, spaces dropped; every run of 2 or 3 consecutive
 * lines long enough to be MRZ lines is parsed, with the second choices of
 * alts (same layout as text; NULL: none) tried where the first ones leave
 * a check digit wrong; the best parse is kept in *best. */
static void parse_text(const char *text, const char *alts, dk_date today, dk_mrz *best, dk_mrz *tmp)
{
    char lines[MAX_LINES][64], second[MAX_LINES][64];
    size_t lens[MAX_LINES];
    int n = 0;
    const char *p = text, *q = alts;
    while (*p && n < MAX_LINES) {
        size_t len = 0;
        for (; *p && *p != '\n'; p++, q += q != NULL)
            if (*p != ' ' && len < sizeof lines[0] - 1) {
                second[n][len] = q ? *q : '.';
                lines[n][len++] = *p;
            }
        if (*p == '\n') {
            p++;
            q += q != NULL;
        }
        lines[n][len] = '\0';
        if (len >= 20)
            lens[n++] = len;
    }
    for (int count = 2; count <= 3; count++)
        for (int i = 0; i + count <= n; i++) {
            int al[MAX_ALTS], ap[MAX_ALTS], nalt = 0;
            char ac[MAX_ALTS];
            dk_mrz_parse_lines((const char *[]){lines[i], lines[i + 1], lines[i + count - 1]},
                               lens + i, count, today, tmp);
            /* The names' line holds letters and fillers only: the parser
             * settles its confusions by class, the check digits cannot. */
            int names = !tmp->found ? -1 : tmp->format == DK_MRZ_TD1 ? 2 : 0;
            for (int k = 0; k < count; k++)
                for (size_t c = 0; c < lens[i + k] && nalt < MAX_ALTS && k != names; c++)
                    if (second[i + k][c] != '.') {
                        al[nalt] = k;
                        ap[nalt] = (int)c;
                        ac[nalt++] = second[i + k][c];
                    }
            parse_variant(lines + i, lens + i, count, al, ap, ac, nalt, 0, today, best, tmp);
            /* Fewest changes first: every mask of one change, then two... */
            for (int ones = 1; ones <= nalt && !best->valid; ones++)
                for (unsigned mask = 1; mask < 1u << nalt; mask++)
                    if (__builtin_popcount(mask) == ones)
                        parse_variant(lines + i, lens + i, count, al, ap, ac, nalt, mask, today,
                                      best, tmp);
        }
}

static void band_box(const dk_mrzscan_band *b, double *x0, double *y0, double *x1, double *y1)
{
    double ca = fabs(cos(b->angle)), sa = fabs(sin(b->angle));
    double hw = (b->length * ca + b->thickness * sa) / 2 + 4;
    double hh = (b->length * sa + b->thickness * ca) / 2 + 4;
    *x0 = b->cx - hw;
    *x1 = b->cx + hw;
    *y0 = b->cy - hh;
    *y1 = b->cy + hh;
}

/* Looks for the band in the box [bx0, bx1) x [by0, by1) of the small
 * decode (grey), brought to DOC_LONG; *band in the image's own pixels;
 * *touches (when not NULL) set when the band runs into the box's edge. 0
 * found, 1 not, -1 memory. */
static int locate_in(const unsigned char *grey, const dk_mrzscan_pixels *small, double bx0,
                     double by0, double bx1, double by1, dk_mrzscan_band *band, int *touches)
{
    double bw = bx1 - bx0, bh = by1 - by0;
    double f = DOC_LONG / fmax(bw, bh);
    int ww = (int)(bw * f + 0.5), wh = (int)(bh * f + 0.5);
    if (ww < 16 || wh < 16)
        return 1;
    dk_mrzscan_band box = {
        .cx = (bx0 + bx1) / 2, .cy = (by0 + by1) / 2, .length = bw, .thickness = bh};
    unsigned char *work = dk_mrzscan_straighten(grey, small->w, small->h, &box, ww, wh, 0);
    if (!work)
        return -1;
    int rc = dk_mrzscan_band_find(work, ww, wh, band);
    free(work);
    if (rc != 0)
        return -1;
    if (!band->found)
        return 1;
    /* A band running into the box's edge was cut by a box too tight. */
    double ex = band->length / 2 * fabs(cos(band->angle)),
           ey = band->length / 2 * fabs(sin(band->angle));
    if (touches && (band->cx - ex < 4 || band->cx + ex > ww - 4 || band->cy - ey < 4 ||
                    band->cy + ey > wh - 4))
        *touches = 1;
    /* work -> small -> the image's own pixels */
    double to_full = small->scale / f;
    band->cx = (bx0 + band->cx / f) * small->scale;
    band->cy = (by0 + band->cy / f) * small->scale;
    band->length *= to_full * PAD_ALONG;
    band->thickness *= to_full * PAD_ACROSS;
    return 0;
}

/* Finds the band: on the document's box, from the quality checks' own
 * framing, when it stands out as a part of the picture; else (or when the
 * box holds none, or cuts the band) on the whole picture. */
static int locate(const dk_mrzscan_pixels *small, int whole_only, dk_mrzscan_band *band,
                  int *in_region)
{
    *in_region = 0;
    size_t n = (size_t)small->w * small->h;
    unsigned char *grey = malloc(n);
    if (!grey)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *q = small->px + 3 * i;
        grey[i] = (unsigned char)((299 * q[0] + 587 * q[1] + 114 * q[2] + 500) / 1000);
    }
    dk_doc_raster r = {.rgb = small->px, .w = small->w, .h = small->h};
    dk_doc_region reg;
    int rc = 1;
    if (dk_doc_frame_find(&r, &reg) != 0) {
        free(grey);
        return -1;
    }
    int touches = 0;
    if (!whole_only && reg.found && reg.share < 0.7) {
        double mx = 0.05 * (reg.x1 - reg.x0), my = 0.05 * (reg.y1 - reg.y0);
        rc = locate_in(grey, small, fmax(0, reg.x0 - mx), fmax(0, reg.y0 - my),
                       fmin(small->w, reg.x1 + mx), fmin(small->h, reg.y1 + my), band, &touches);
    }
    *in_region = rc == 0;
    if (rc == 1 || touches) {
        dk_mrzscan_band whole;
        int again = locate_in(grey, small, 0, 0, small->w, small->h, &whole, NULL);
        if (again <= 0 || rc == 1) {
            rc = again;
            *band = whole;
            *in_region = 0;
        }
    }
    free(grey);
    return rc;
}

/* Reads the band, straightened both ways round: the own recogniser
 * first (both ways: it is quick), then Tesseract on the way round that
 * read better (on both when neither read an MRZ), until every check digit
 * holds. */
static int read_band(dk_mrzscan *r, const dk_mrzscan_pixels *area, const dk_mrzscan_band *b,
                     dk_date today, dk_mrzscan_result *out)
{
    int sw = STRIP_W, sh = (int)(b->thickness * STRIP_W / b->length + 0.5);
    if (sh < 8)
        sh = 8;
    if (sh > 2 * STRIP_W)
        sh = 2 * STRIP_W;
    unsigned char *strip[2] = {NULL, NULL};
    dk_mrz *tmp = malloc(sizeof *tmp), *way = calloc(2, sizeof *way);
    int rc = -1, best_flip = 0;
    if (!tmp || !way)
        goto done;
    for (int flip = 0; flip < 2; flip++) {
        strip[flip] = dk_mrzscan_straighten(area->px, area->w, area->h, b, sw, sh, flip);
        if (!strip[flip] || dk_mrzscan_binarise(strip[flip], sw, sh, STRIP_W / 30) != 0)
            goto done;
    }
    for (int pass = 0; pass < 2 && !out->mrz.valid; pass++) {
        if ((pass == 0 && !r->ocrb) || (pass == 1 && !r->ocr))
            continue;
        for (int k = 0; k < 2 && !out->mrz.valid; k++) {
            /* Tesseract: the better way round first, the other only when
             * neither was an MRZ. */
            int flip = pass == 1 && score(&way[1]) > score(&way[0]) ? 1 - k : k;
            if (pass == 1 && k == 1 && (way[0].found || way[1].found))
                break;
            char *alts = NULL;
            char *text = pass == 0 ? dk_mrzscan_ocrb_text(r->ocrb, strip[flip], sw, sh, &alts)
                                   : dk_mrzscan_ocr_text(r->ocr, strip[flip], sw, sh);
            out->attempts++;
            if (!text)
                goto done;
            parse_text(text, alts, today, &way[flip], tmp);
            free(text);
            free(alts);
            if (score(&way[flip]) > score(&out->mrz)) {
                out->mrz = way[flip];
                best_flip = flip;
            }
        }
    }
    double deg = b->angle * 180 / M_PI + (best_flip ? 180 : 0);
    int q = (int)lround(deg / 90) % 4;
    out->turned = (q + 4) % 4 * 90;
    rc = 0;
done:
    free(strip[0]);
    free(strip[1]);
    free(tmp);
    free(way);
    return rc;
}

static void not_found(dk_mrzscan_result *out, const char *why, const char *detail)
{
    out->found = 0;
    char clean[96];
    size_t i = 0;
    for (; detail && detail[i] && i + 1 < sizeof clean; i++)
        clean[i] = detail[i] >= 0x20 && detail[i] < 0x7f ? detail[i] : '?';
    clean[i] = '\0';
    snprintf(out->reason, sizeof out->reason, "%s%s%s", why, i ? ": " : "", clean);
}

int dk_mrzscan_read(dk_mrzscan *r, const void *bytes, size_t len, dk_date today,
                    dk_mrzscan_result *out, char *err, size_t errlen)
{
    double t0 = now_ms();
    memset(out, 0, sizeof *out);
    dk_doc_limits lim;
    dk_doc_limits_default(&lim);
    dk_doc_format fmt;
    dk_doc_sniff_result sniffed;
    dk_doc_pdf_info pdf;
    char mime[128], detail[256];
    int rc = 0;
    dk_mrzscan_pixels small = {0}, area = {0};
    if (!r || (!bytes && len <= lim.max_bytes)) {
        dk_errf(err, errlen, "bad argument");
        return -1;
    }
    if (len > lim.max_bytes) {
        not_found(out, "larger than DK_UPLOAD_MAX", NULL);
        goto done;
    }
    if (len == 0) {
        not_found(out, "empty file", NULL);
        goto done;
    }
    if (dk_doc_sniff(bytes, len, 1, &fmt, &sniffed, &pdf, mime, sizeof mime, detail, sizeof detail,
                     err, errlen) != 0)
        return -1;
    if (sniffed != DK_DOC_SNIFF_OK) {
        not_found(out, "not an image the reader takes", detail);
        goto done;
    }
    int uw, uh, pages;
    if (dk_doc_header(bytes, len, fmt, &pdf, &uw, &uh, &pages, detail, sizeof detail) != 0) {
        not_found(out, "does not decode", detail);
        goto done;
    }
    if ((double)uw * uh > lim.max_pixels) {
        not_found(out, "more pixels than the upload bound", NULL);
        goto done;
    }
    double pdf_scale = 1.0;
    int w, h;
    if (fmt == DK_DOC_FMT_PDF) {
        /* Render the page at about its scan's own resolution. */
        if (dk_mrzscan_stored_size(bytes, len, fmt, 1.0, &w, &h, detail, sizeof detail) != 0) {
            not_found(out, "does not decode", detail);
            goto done;
        }
        pdf_scale = fmax(uw, uh) / fmax(1, fmax(w, h));
        pdf_scale = fmin(fmax(pdf_scale, 1.0), 6.0);
    }
    if (dk_mrzscan_stored_size(bytes, len, fmt, pdf_scale, &w, &h, detail, sizeof detail) != 0) {
        not_found(out, "does not decode", detail);
        goto done;
    }
    if (w < MIN_SIDE || h < MIN_SIDE) {
        not_found(out, "too small a picture to hold a readable MRZ", NULL);
        goto done;
    }
    if (dk_mrzscan_load_small(bytes, len, fmt, w, h, pdf_scale, WORK_LONG, &small, detail,
                              sizeof detail) != 0) {
        not_found(out, "does not decode", detail);
        goto done;
    }
    /* The band found inside the document first; when what it reads does
     * not hold, the band found on the whole picture (the document finder
     * may have kept only part of a page that fills the picture). */
    for (int whole_only = 0; whole_only < 2; whole_only++) {
        dk_mrzscan_band band;
        int in_region = 0;
        int found = locate(&small, whole_only, &band, &in_region);
        if (found < 0)
            goto oom;
        if (found > 0) {
            if (!whole_only)
                not_found(out, "no MRZ band found", NULL);
            break;
        }
        /* The finest decode that still leaves the band longer than the strip. */
        int shrink = 8;
        while (shrink > 1 && band.length / shrink < STRIP_W)
            shrink /= 2;
        double x0, y0, x1, y1;
        band_box(&band, &x0, &y0, &x1, &y1);
        dk_mrzscan_pixels_free(&area);
        if (dk_mrzscan_load_area(bytes, len, fmt, w, h, pdf_scale, shrink, (int)floor(x0),
                                 (int)floor(y0), (int)ceil(x1), (int)ceil(y1), &area, detail,
                                 sizeof detail) != 0) {
            not_found(out, "the band does not decode", detail);
            break;
        }
        dk_mrzscan_band in_area = band;
        in_area.cx = band.cx / area.scale - area.x0;
        in_area.cy = band.cy / area.scale - area.y0;
        in_area.length = band.length / area.scale;
        in_area.thickness = band.thickness / area.scale;
        dk_mrzscan_result tried = *out;
        if (read_band(r, &area, &in_area, today, &tried) != 0)
            goto oom;
        tried.found = tried.mrz.found;
        if (!tried.found)
            not_found(&tried, "no MRZ read in the band", tried.mrz.reason);
        /* the whole picture's reading replaces the region's only when better */
        if (!whole_only || tried.mrz.valid || !out->found)
            *out = tried;
        if (out->mrz.valid || !in_region)
            break;
    }
    goto done;
oom:
    dk_errf(err, errlen, "out of memory");
    rc = -1;
done:
    dk_mrzscan_pixels_free(&small);
    dk_mrzscan_pixels_free(&area);
    out->ms = now_ms() - t0;
    return rc;
}

json_t *dk_mrzscan_json(const dk_mrzscan_result *res)
{
    json_t *o = res->found ? dk_mrz_json(&res->mrz) : json_object();
    if (!o)
        return NULL;
    if (!res->found) {
        json_object_set_new(o, "found", json_false());
        json_object_set_new(o, "reason", json_string(res->reason));
    } else {
        json_object_set_new(o, "turned", json_integer(res->turned));
    }
    json_object_set_new(o, "ms", json_real(round(res->ms * 10) / 10));
    return o;
}
