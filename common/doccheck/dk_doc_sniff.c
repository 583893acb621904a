/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_sniff.c — what an upload's bytes are, never what its name says:
 * libmagic names the type, then the container's own structure is walked so
 * that only cleanly one still image passes (nothing appended, no animation,
 * no markup hidden in metadata, PDFs screened by dk_doc_pdf.c). */
#include "core/dk_err.h"
#include "doccheck/dk_doc_internal.h"

#include <ctype.h>
#include <magic.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Markers of markup or script a browser or an interpreter would act on. We
 * look for them in metadata only (JPEG APPn/COM, PNG ancillary chunks, HEIF
 * boxes other than mdat), where no pixel data can produce them by chance. */
static const char *const script_markers[] = {
    "<script", "<html",  "<?php",       "<iframe",  "<body",   "<svg",
    "<object", "<embed", "javascript:", "onerror=", "onload=", NULL,
};

int dk_doc_has_script(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '<' && tolower(p[i]) != 'j' && tolower(p[i]) != 'o')
            continue;
        for (const char *const *m = script_markers; *m; m++) {
            size_t k = strlen(*m);
            if (k <= n - i && strncasecmp((const char *)p + i, *m, k) == 0)
                return 1;
        }
    }
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- JPEG: SOI, segments, entropy-coded scans, EOI. Returns the offset
 * after EOI, 0 when truncated or malformed (detail set), and flags an MPF
 * segment (phones' multi-picture JPEGs append declared images after EOI). */
static size_t jpeg_walk(const unsigned char *p, size_t n, int *mpf, int *script, char *detail,
                        size_t dlen)
{
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) {
        dk_errf(detail, dlen, "no JPEG start-of-image marker");
        return 0;
    }
    size_t i = 2;
    int frames = 0, scans = 0;
    for (;;) {
        if (i >= n) {
            dk_errf(detail, dlen, "JPEG ends before its end-of-image marker");
            return 0;
        }
        if (p[i] != 0xFF) {
            dk_errf(detail, dlen, "JPEG marker expected at byte %zu", i);
            return 0;
        }
        while (i < n && p[i] == 0xFF)
            i++;
        if (i >= n) {
            dk_errf(detail, dlen, "JPEG ends before its end-of-image marker");
            return 0;
        }
        unsigned m = p[i++];
        if (m == 0xD9) {
            if (!frames) {
                dk_errf(detail, dlen, "JPEG without a frame");
                return 0;
            }
            return i;
        }
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01)
            continue;
        if (i + 2 > n) {
            dk_errf(detail, dlen, "JPEG ends inside a segment header");
            return 0;
        }
        size_t len = (size_t)p[i] << 8 | p[i + 1];
        if (len < 2 || i + len > n) {
            dk_errf(detail, dlen, "JPEG segment 0x%02X runs past the end", m);
            return 0;
        }
        const unsigned char *seg = p + i + 2;
        size_t seglen = len - 2;
        if ((m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC)
            frames++;
        if (m == 0xE2 && seglen >= 4 && memcmp(seg, "MPF\0", 4) == 0)
            *mpf = 1;
        if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE)
            *script |= dk_doc_has_script(seg, seglen);
        i += len;
        if (m != 0xDA)
            continue;
        if (!frames) {
            dk_errf(detail, dlen, "JPEG scan before any frame");
            return 0;
        }
        if (++scans > DK_DOC_JPEG_MAX_SCANS) {
            dk_errf(detail, dlen, "JPEG of more than %d scans", DK_DOC_JPEG_MAX_SCANS);
            return 0;
        }
        /* Entropy-coded data: runs until a marker other than a stuffed 0xFF00
         * or a restart marker. */
        for (;;) {
            const unsigned char *ff = memchr(p + i, 0xFF, n - i);
            if (!ff || (size_t)(ff - p) + 1 >= n) {
                dk_errf(detail, dlen, "JPEG ends inside its pixel data");
                return 0;
            }
            size_t at = (size_t)(ff - p);
            unsigned next = p[at + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                i = at + 1;
                continue;
            }
            i = at;
            break;
        }
    }
}

static dk_doc_sniff_result jpeg_check(const unsigned char *p, size_t n, char *detail, size_t dlen)
{
    int mpf = 0, script = 0;
    size_t end = jpeg_walk(p, n, &mpf, &script, detail, dlen);
    if (!end)
        return DK_DOC_SNIFF_CORRUPT;
    /* After the image: padding (0x00/0xFF) is harmless; with an MPF segment,
     * only further complete JPEGs (depth maps, gain maps) may follow. */
    size_t i = end;
    while (i < n) {
        while (i < n && (p[i] == 0x00 || p[i] == 0xFF) &&
               !(mpf && i + 1 < n && p[i] == 0xFF && p[i + 1] == 0xD8))
            i++;
        if (i >= n)
            break;
        if (!mpf) {
            dk_errf(detail, dlen, "image/jpeg followed by %zu bytes of something else", n - end);
            return DK_DOC_SNIFF_UNSUPPORTED;
        }
        int inner_mpf = 0;
        char inner[96];
        size_t used = jpeg_walk(p + i, n - i, &inner_mpf, &script, inner, sizeof inner);
        if (!used) {
            dk_errf(detail, dlen, "image/jpeg followed by bytes that are not a declared image");
            return DK_DOC_SNIFF_UNSUPPORTED;
        }
        i += used;
    }
    if (script) {
        dk_errf(detail, dlen, "image/jpeg with markup or script in its metadata");
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    return DK_DOC_SNIFF_OK;
}

/* ---- PNG: signature, chunks, IEND, nothing after. */
static dk_doc_sniff_result png_check(const unsigned char *p, size_t n, char *detail, size_t dlen)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < 8 || memcmp(p, sig, 8) != 0) {
        dk_errf(detail, dlen, "no PNG signature");
        return DK_DOC_SNIFF_CORRUPT;
    }
    size_t i = 8;
    int first = 1, script = 0;
    for (;;) {
        if (i + 12 > n) {
            dk_errf(detail, dlen, "PNG ends before its IEND chunk");
            return DK_DOC_SNIFF_CORRUPT;
        }
        uint32_t len = be32(p + i);
        const unsigned char *type = p + i + 4;
        for (int k = 0; k < 4; k++)
            if (!isalpha(type[k])) {
                dk_errf(detail, dlen, "PNG chunk with a bad type at byte %zu", i);
                return DK_DOC_SNIFF_CORRUPT;
            }
        if (len > 0x7FFFFFFFu || (size_t)len > n - i - 12) {
            dk_errf(detail, dlen, "PNG chunk %.4s runs past the end", (const char *)type);
            return DK_DOC_SNIFF_CORRUPT;
        }
        if (first && memcmp(type, "IHDR", 4) != 0) {
            dk_errf(detail, dlen, "PNG does not start with IHDR");
            return DK_DOC_SNIFF_CORRUPT;
        }
        first = 0;
        if (memcmp(type, "IEND", 4) == 0 && len != 0) {
            /* IEND is empty by definition: bytes in it are bytes appended. */
            dk_errf(detail, dlen, "PNG IEND chunk holding %u bytes", (unsigned)len);
            return DK_DOC_SNIFF_CORRUPT;
        }
        if (memcmp(type, "acTL", 4) == 0) {
            dk_errf(detail, dlen, "animated PNG");
            return DK_DOC_SNIFF_UNSUPPORTED;
        }
        if (memcmp(type, "IDAT", 4) != 0)
            script |= dk_doc_has_script(p + i + 8, len);
        i += 12 + (size_t)len;
        if (memcmp(type, "IEND", 4) == 0)
            break;
    }
    if (i < n) {
        dk_errf(detail, dlen, "image/png followed by %zu bytes of something else", n - i);
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    if (script) {
        dk_errf(detail, dlen, "image/png with markup or script in its metadata");
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    return DK_DOC_SNIFF_OK;
}

/* ---- HEIF: ISO base-media boxes covering the file exactly; a still image,
 * not a sequence (a moov box or a sequence brand). */
static dk_doc_sniff_result heif_check(const unsigned char *p, size_t n, char *detail, size_t dlen)
{
    size_t i = 0;
    int script = 0;
    while (i < n) {
        if (n - i < 8) {
            dk_errf(detail, dlen, "HEIF ends inside a box header");
            return DK_DOC_SNIFF_CORRUPT;
        }
        uint64_t size = be32(p + i);
        size_t head = 8;
        const unsigned char *type = p + i + 4;
        if (size == 1) {
            if (n - i < 16) {
                dk_errf(detail, dlen, "HEIF ends inside a box header");
                return DK_DOC_SNIFF_CORRUPT;
            }
            size = (uint64_t)be32(p + i + 8) << 32 | be32(p + i + 12);
            head = 16;
        } else if (size == 0) {
            size = n - i;
        }
        if (size < head || size > n - i) {
            dk_errf(detail, dlen, "HEIF box %.4s runs past the end", (const char *)type);
            return DK_DOC_SNIFF_CORRUPT;
        }
        if (i == 0) {
            if (memcmp(type, "ftyp", 4) != 0 || size < 16) {
                dk_errf(detail, dlen, "HEIF does not start with ftyp");
                return DK_DOC_SNIFF_CORRUPT;
            }
            if (memcmp(p + 8, "msf1", 4) == 0 || memcmp(p + 8, "hevc", 4) == 0 ||
                memcmp(p + 8, "hevx", 4) == 0) {
                dk_errf(detail, dlen, "HEIF image sequence");
                return DK_DOC_SNIFF_UNSUPPORTED;
            }
        }
        if (memcmp(type, "moov", 4) == 0) {
            dk_errf(detail, dlen, "HEIF image sequence");
            return DK_DOC_SNIFF_UNSUPPORTED;
        }
        if (memcmp(type, "mdat", 4) != 0)
            script |= dk_doc_has_script(p + i + head, (size_t)size - head);
        i += (size_t)size;
    }
    if (script) {
        dk_errf(detail, dlen, "image/heif with markup or script in its metadata");
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    return DK_DOC_SNIFF_OK;
}

/* ---- PDF: one page holding a scanned image, no active content. */
static dk_doc_sniff_result pdf_check(const unsigned char *p, size_t n, dk_doc_pdf_info *info,
                                     char *detail, size_t dlen)
{
    if (n < 8 || memcmp(p, "%PDF-", 5) != 0) {
        dk_errf(detail, dlen, "PDF header not at the start");
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    /* The last %%EOF ends the file: only white space may follow it. */
    size_t end = n;
    while (end > 0 && (p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == ' ' ||
                       p[end - 1] == '\t' || p[end - 1] == '\0'))
        end--;
    if (end < 5 || memcmp(p + end - 5, "%%EOF", 5) != 0) {
        const unsigned char *last = NULL;
        for (const unsigned char *q = p; (q = memmem(q, n - (size_t)(q - p), "%%EOF", 5)); q += 5)
            last = q;
        if (!last) {
            dk_errf(detail, dlen, "PDF without its %%%%EOF end marker (truncated?)");
            return DK_DOC_SNIFF_CORRUPT;
        }
        dk_errf(detail, dlen, "application/pdf followed by %zu bytes of something else",
                n - (size_t)(last - p) - 5);
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    char why[96] = "";
    if (dk_doc_pdf_scan(p, n, info, why, sizeof why) != 0) {
        dk_errf(detail, dlen, "PDF that cannot be screened: %s", why);
        return DK_DOC_SNIFF_UNSUPPORTED;
    }
    if (info->encrypted)
        dk_errf(detail, dlen, "encrypted PDF");
    else if (info->active[0])
        dk_errf(detail, dlen, "PDF with active content (%s)", info->active);
    else if (info->pages != 1)
        dk_errf(detail, dlen, "PDF with %d pages (one scanned page expected)", info->pages);
    else if (!info->images)
        dk_errf(detail, dlen, "PDF without a scanned image");
    else if (info->img_size_unknown)
        dk_errf(detail, dlen, "PDF image of undeclared size");
    else
        return DK_DOC_SNIFF_OK;
    return DK_DOC_SNIFF_UNSUPPORTED;
}

dk_doc_sniff_result dk_doc_sniff_structure(dk_doc_format fmt, const unsigned char *p, size_t n,
                                           dk_doc_pdf_info *pdf, char *detail, size_t dlen)
{
    switch (fmt) {
    case DK_DOC_FMT_JPEG:
        return jpeg_check(p, n, detail, dlen);
    case DK_DOC_FMT_PNG:
        return png_check(p, n, detail, dlen);
    case DK_DOC_FMT_HEIF:
        return heif_check(p, n, detail, dlen);
    case DK_DOC_FMT_PDF:
        return pdf_check(p, n, pdf, detail, dlen);
    }
    dk_errf(detail, dlen, "unknown format");
    return DK_DOC_SNIFF_UNSUPPORTED;
}

/* One libmagic handle for the process, its database loaded once (loading
 * it took as long as typing the file); a handle is not safe across
 * threads, so calls take turns. */
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic;
static char magic_failure[160];

static void magic_start(void)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
    if (!m || magic_load(m, NULL) != 0) {
        snprintf(magic_failure, sizeof magic_failure, "libmagic: %s",
                 m ? magic_error(m) : "cannot start");
        if (m)
            magic_close(m);
        return;
    }
    magic = m;
}

int dk_doc_sniff(const unsigned char *p, size_t n, int accept_pdf, dk_doc_format *fmt,
                 dk_doc_sniff_result *result, dk_doc_pdf_info *pdf, char *mime, size_t mimelen,
                 char *detail, size_t dlen, char *err, size_t errlen)
{
    memset(pdf, 0, sizeof *pdf);
    pthread_once(&magic_once, magic_start);
    if (!magic) {
        dk_errf(err, errlen, "%s", magic_failure);
        return -1;
    }
    pthread_mutex_lock(&magic_lock);
    const char *type = magic_buffer(magic, p, n);
    snprintf(mime, mimelen, "%s", type ? type : "unknown");
    pthread_mutex_unlock(&magic_lock);

    if (strcmp(mime, "image/jpeg") == 0) {
        *fmt = DK_DOC_FMT_JPEG;
    } else if (strcmp(mime, "image/png") == 0) {
        *fmt = DK_DOC_FMT_PNG;
    } else if (strcmp(mime, "image/heic") == 0 || strcmp(mime, "image/heif") == 0) {
        *fmt = DK_DOC_FMT_HEIF;
    } else if (strcmp(mime, "application/pdf") == 0 && accept_pdf) {
        *fmt = DK_DOC_FMT_PDF;
    } else {
        *result = DK_DOC_SNIFF_UNSUPPORTED;
        dk_errf(detail, dlen, "%s is not accepted (JPEG, PNG, HEIF%s)", mime,
                accept_pdf ? " or a one-page PDF" : "");
        return 0;
    }
    *result = dk_doc_sniff_structure(*fmt, p, n, pdf, detail, dlen);
    return 0;
}
