/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_doc_jpeg_decode.c — libFuzzer target for the document check's own
 * JPEG decode (dk_doc_jpeg_decode, dk_doc_jpeg.c), at 1/8 and (up to 4 MP)
 * full scale: any bytes whose header passes, as in the check, the pixel
 * bound (50 MP). Must never read outside the input or leak, must say why
 * it refused, and a raster it returns has the size asked for. */
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_internal.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char detail[256];
    if (!ready && dk_doc_init(detail, sizeof detail) != 0)
        abort();
    ready = 1;
    dk_doc_pdf_info pdf;
    memset(&pdf, 0, sizeof pdf);
    int hw = 0, hh = 0, pages = 0;
    if (dk_doc_header(data, size, DK_DOC_FMT_JPEG, &pdf, &hw, &hh, &pages, detail, sizeof detail) !=
            0 ||
        (double)hw * hh > 50e6)
        return 0;
    for (int shrink = 8; shrink >= 1 && (shrink == 8 || (double)hw * hh <= 4e6); shrink -= 7) {
        unsigned char *rgb = NULL;
        int w = 0, h = 0;
        detail[0] = '\0';
        int rc = dk_doc_jpeg_decode(data, size, shrink, &rgb, &w, &h, detail, sizeof detail);
        if (rc < -1 || rc > 1 || (rc != 0) != (rgb == NULL))
            abort();
        if (rc == -1 && !detail[0])
            abort(); /* a refusal without its reason */
        if (rc == 0) {
            if (w < 1 || h < 1 || (size_t)w * (size_t)h > (size_t)1 << 28)
                abort();
            volatile unsigned char sum = 0;
            for (size_t i = 0; i < (size_t)w * h * 3; i += 61)
                sum ^= rgb[i]; /* every row is there: ASan sees a short buffer */
            (void)sum;
        }
        g_free(rgb);
    }
    return 0;
}
