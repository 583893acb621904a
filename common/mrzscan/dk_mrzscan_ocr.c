/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrzscan_ocr.c — Tesseract through its C API, held once per reader
 * (loading a model takes far longer than reading a band): the MRZ's 37
 * characters only, the strip read as one block of lines. */
#include "core/dk_err.h"
#include "mrzscan/dk_mrzscan_internal.h"

#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct dk_mrzscan_ocr {
    TessBaseAPI *api;
};

dk_mrzscan_ocr *dk_mrzscan_ocr_new(const char *tessdata, int engine, char *err, size_t errlen)
{
    dk_mrzscan_ocr *o = calloc(1, sizeof *o);
    if (!o || !(o->api = TessBaseAPICreate())) {
        free(o);
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    TessOcrEngineMode oem = engine == DK_MRZSCAN_ENGINE_LEGACY ? OEM_TESSERACT_ONLY
                            : engine == DK_MRZSCAN_ENGINE_LSTM ? OEM_LSTM_ONLY
                                                               : OEM_TESSERACT_LSTM_COMBINED;
    /* No dictionaries (an MRZ holds no words), no debug file. */
    char *names[] = {"load_system_dawg", "load_freq_dawg", "debug_file"};
    char *values[] = {"0", "0", "/dev/null"};
    if (TessBaseAPIInit4(o->api, tessdata, "eng", oem, NULL, 0, names, values, 3, 0) != 0) {
        dk_errf(err, errlen, "Tesseract does not start: no usable eng.traineddata in %s",
                tessdata ? tessdata : "its default folder");
        TessBaseAPIDelete(o->api);
        free(o);
        return NULL;
    }
    TessBaseAPISetVariable(o->api, "tessedit_char_whitelist",
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
    TessBaseAPISetPageSegMode(o->api, PSM_SINGLE_BLOCK);
    return o;
}

char *dk_mrzscan_ocr_text(dk_mrzscan_ocr *o, const unsigned char *strip, int w, int h)
{
    TessBaseAPISetImage(o->api, strip, w, h, 1, w);
    TessBaseAPISetSourceResolution(o->api, 300);
    char *t = TessBaseAPIGetUTF8Text(o->api);
    char *copy = t ? strdup(t) : NULL;
    if (t)
        TessDeleteText(t);
    TessBaseAPIClear(o->api);
    return copy;
}

void dk_mrzscan_ocr_free(dk_mrzscan_ocr *o)
{
    if (!o)
        return;
    TessBaseAPIEnd(o->api);
    TessBaseAPIDelete(o->api);
    free(o);
}
