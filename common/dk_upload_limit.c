/* dk_upload_limit.c — the upload limit and its wording (see dk_upload_limit.h). */
#include "dk_upload_limit.h"

#include "dk_config.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>

size_t dk_upload_max(void)
{
    return (size_t)dk_config_int("DK_UPLOAD_MAX");
}

void dk_upload_size_words(size_t bytes, const char *lang, char *out, size_t n)
{
    size_t mib = bytes >> 20, tenths = ((bytes & ((1u << 20) - 1)) * 10) >> 20;
    if (mib == 0)
        snprintf(out, n, DK_I18N_FORMAT(lang, size_kilobytes), bytes >> 10);
    else if (tenths == 0)
        snprintf(out, n, DK_I18N_FORMAT(lang, size_megabytes), mib);
    else
        snprintf(out, n, DK_I18N_FORMAT(lang, size_megabytes_tenths), mib, tenths);
}
