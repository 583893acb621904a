/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_doc_jpeg.c — libFuzzer target for the JPEG structure walker of the
 * document check (dk_doc_sniff_structure, dk_doc_sniff.c): any bytes taken
 * for a JPEG. Must never read outside the input, must explain every
 * refusal, and may pass only a file that starts with a start-of-image
 * marker and holds an end-of-image one. */
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
        dk_doc_sniff_structure(DK_DOC_FMT_JPEG, data, size, &pdf, detail, sizeof detail);
    if (r != DK_DOC_SNIFF_OK && r != DK_DOC_SNIFF_CORRUPT && r != DK_DOC_SNIFF_UNSUPPORTED)
        abort();
    if (memchr(detail, '\0', sizeof detail) == NULL)
        abort();
    if (r != DK_DOC_SNIFF_OK && !detail[0])
        abort(); /* a refusal without its reason */
    if (r == DK_DOC_SNIFF_OK &&
        (size < 4 || data[0] != 0xFF || data[1] != 0xD8 || !memmem(data, size, "\xFF\xD9", 2)))
        abort();
    return 0;
}
