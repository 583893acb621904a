/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_doc_pdf.c — libFuzzer target for the PDF screening of the document
 * check: any bytes through dk_doc_pdf_scan (the object walker, object
 * streams inflated within their bound, dk_doc_pdf.c) and through
 * dk_doc_sniff_structure (the end marker, then the verdict). Must never
 * read outside the input, must explain every refusal, and may pass only
 * what its screening figures allow: one page, an image of declared size,
 * no encryption, no active content. */
#include "doccheck/dk_doc_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_doc_pdf_info info;
    char why[96] = "";
    int rc = dk_doc_pdf_scan(data, size, &info, why, sizeof why);
    if (rc != 0 && (rc != -1 || !why[0]))
        abort(); /* a failure without its reason */
    if (!memchr(info.active, '\0', sizeof info.active) || info.pages < 0 || info.images < 0)
        abort();
    if (info.active[0] && info.active[0] != '/')
        abort();

    dk_doc_pdf_info pdf;
    memset(&pdf, 0, sizeof pdf);
    char detail[256] = "";
    dk_doc_sniff_result r =
        dk_doc_sniff_structure(DK_DOC_FMT_PDF, data, size, &pdf, detail, sizeof detail);
    if (r != DK_DOC_SNIFF_OK && r != DK_DOC_SNIFF_CORRUPT && r != DK_DOC_SNIFF_UNSUPPORTED)
        abort();
    if (!memchr(detail, '\0', sizeof detail) || (r != DK_DOC_SNIFF_OK && !detail[0]))
        abort();
    if (r == DK_DOC_SNIFF_OK &&
        (pdf.pages != 1 || pdf.images < 1 || pdf.encrypted || pdf.active[0] ||
         pdf.img_size_unknown || rc != 0 || memcmp(data, "%PDF-", 5) != 0))
        abort();
    return 0;
}
