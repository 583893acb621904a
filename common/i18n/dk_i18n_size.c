/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_i18n_size.c — a size in the applicant's words ("10 MB", "12,5 Mo"): the
 * upload limit is said in every sentence that states it (see dk_i18n.h). */
#include "i18n/dk_i18n.h"

#include <stdio.h>

void dk_i18n_size_words(size_t bytes, const char *lang, char *out, size_t n)
{
    size_t mib = bytes >> 20, tenths = ((bytes & ((1u << 20) - 1)) * 10) >> 20;
    if (mib == 0)
        snprintf(out, n, DK_I18N_FORMAT(lang, size_kilobytes), bytes >> 10);
    else if (tenths == 0)
        snprintf(out, n, DK_I18N_FORMAT(lang, size_megabytes), mib);
    else
        snprintf(out, n, DK_I18N_FORMAT(lang, size_megabytes_tenths), mib, tenths);
}
