/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_err.c — see dk_err.h. */
#include "core/dk_err.h"

#include <stdarg.h>
#include <stdio.h>

void dk_errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
