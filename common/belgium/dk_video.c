/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_video.c — video-room links (see dk_video.h). */
#include "belgium/dk_video.h"

#include "core/dk_buf.h"
#include "core/dk_config.h"

#include <stdio.h>
#include <string.h>

int dk_video_url(const char *room_id, char *out, size_t n)
{
    const char *t = dk_config_str("DK_VIDEO_URL_TEMPLATE");
    dk_buf b = DK_BUF_INIT;
    for (const char *at; (at = strstr(t, "{room}")); t = at + 6) {
        dk_buf_append(&b, t, (size_t)(at - t));
        dk_buf_puts(&b, room_id);
    }
    dk_buf_puts(&b, t);
    int ok = b.data && !dk_buf_failed(&b) && b.len < n;
    if (ok)
        memcpy(out, b.data, b.len + 1);
    else if (n)
        out[0] = '\0';
    dk_buf_free(&b);
    return ok ? 0 : -1;
}
