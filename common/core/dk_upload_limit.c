/* dk_upload_limit.c — the upload limit and its wording (see dk_upload_limit.h). */
#include "core/dk_upload_limit.h"

#include "core/dk_config.h"

#include <stdio.h>
#include <string.h>

size_t dk_upload_max(void)
{
    return (size_t)dk_config_int("DK_UPLOAD_MAX");
}

void dk_upload_size_words(size_t bytes, const char *lang, char *out, size_t n)
{
    int fr = lang && strcmp(lang, "fr") == 0, nl = lang && strcmp(lang, "nl") == 0;
    const char *unit = fr ? "Mo" : "MB";
    size_t mib = bytes >> 20, tenths = ((bytes & ((1u << 20) - 1)) * 10) >> 20;
    if (mib == 0)
        snprintf(out, n, "%zu %s", bytes >> 10, fr ? "ko" : "kB");
    else if (tenths == 0)
        snprintf(out, n, "%zu %s", mib, unit);
    else
        snprintf(out, n, "%zu%c%zu %s", mib, fr || nl ? ',' : '.', tenths, unit);
}
