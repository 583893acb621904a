/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_mrz.c — libFuzzer target: the MRZ parser on any text (what an OCR
 * might make of a photo's MRZ band), its JSON, the comparison with a
 * request, and the transliteration of any bytes taken as a declared name. */
#include "mrz/dk_mrz.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const dk_date today = {2026, 12, 3};
    dk_mrz m;
    dk_mrz_parse_text((const char *)data, size, today, &m);
    if (m.found) {
        for (int i = 0; i < m.nlines; i++)
            if (strlen(m.lines[i]) !=
                (m.format == DK_MRZ_TD1 ? 30u
                 : m.format == DK_MRZ_TD2 || m.format == DK_MRZ_MRVB || m.format == DK_MRZ_FRA_ID
                     ? 36u
                     : 44u))
                abort();
        if (m.nrepairs > DK_MRZ_MAX_REPAIRS)
            abort();
    }
    json_t *j = dk_mrz_json(&m);
    json_decref(j);

    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    dk_mrz_request req = {s, s, "1974-08-12", "F", "BE", "2026-12-03"};
    dk_mrz_comparison c;
    dk_mrz_compare(&m, &req, &c);
    json_decref(dk_mrz_comparison_json(&c));
    char out[64];
    dk_mrz_fold(s, out, sizeof out);
    dk_mrz_name_compare(s, "ANNA<MARIA", 10, 1);
    if (m.found)
        dk_mrz_name_compare(s, m.lines[0], strlen(m.lines[0]), 1);
    free(s);
    return 0;
}
