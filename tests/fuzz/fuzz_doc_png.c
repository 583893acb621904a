/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_doc_png.c — libFuzzer target for the PNG structure walker of the
 * document check (dk_doc_sniff_structure, dk_doc_sniff.c): any bytes taken
 * for a PNG. Must never read outside the input, must explain every
 * refusal, and may pass only a file that starts with the PNG signature and
 * ends with its IEND chunk (nothing appended). */
#include "doccheck/dk_doc_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_doc_pdf_info pdf;
    memset(&pdf, 0, sizeof pdf);
    char detail[256] = "";
    dk_doc_sniff_result r =
        dk_doc_sniff_structure(DK_DOC_FMT_PNG, data, size, &pdf, detail, sizeof detail);
    if (r != DK_DOC_SNIFF_OK && r != DK_DOC_SNIFF_CORRUPT && r != DK_DOC_SNIFF_UNSUPPORTED)
        abort();
    if (memchr(detail, '\0', sizeof detail) == NULL)
        abort();
    if (r != DK_DOC_SNIFF_OK && !detail[0])
        abort(); /* a refusal without its reason */
    if (r == DK_DOC_SNIFF_OK &&
        (size < 8 + 2 * 12 || memcmp(data, "\x89PNG\r\n\x1A\n", 8) != 0 ||
         memcmp(data + size - 12, "\0\0\0\0IEND", 8) != 0 || memcmp(data + 12, "IHDR", 4) != 0))
        abort();
    return 0;
}
