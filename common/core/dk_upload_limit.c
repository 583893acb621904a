/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_upload_limit.c — the upload limit (see dk_upload_limit.h). */
#include "core/dk_upload_limit.h"

#include "core/dk_config.h"

size_t dk_upload_max(void)
{
    return (size_t)dk_config_int("DK_UPLOAD_MAX");
}
