/* SPDX-License-Identifier: EUPL-1.2 */
/* test_video.c — unit tests for dk_video_url: the room id goes into every
 * {room} of DK_VIDEO_URL_TEMPLATE, and a link that does not fit is refused. */
#include "belgium/dk_video.h"
#include "dk_test.h"

#include <stdlib.h>

int main(void)
{
    char out[128];
    unsetenv("DK_VIDEO_URL_TEMPLATE");
    CHECK_INT(dk_video_url("r0Om", out, sizeof out), 0);
    CHECK_STR(out, "https://meet.jit.si/digitalkey-r0Om");
    setenv("DK_VIDEO_URL_TEMPLATE", "https://video.example/{room}?pw={room}", 1);
    CHECK_INT(dk_video_url("abc", out, sizeof out), 0);
    CHECK_STR(out, "https://video.example/abc?pw=abc");
    setenv("DK_VIDEO_URL_TEMPLATE", "https://video.example/fixed", 1);
    CHECK_INT(dk_video_url("abc", out, sizeof out), 0);
    CHECK_STR(out, "https://video.example/fixed");
    setenv("DK_VIDEO_URL_TEMPLATE", "https://video.example/{room}", 1);
    CHECK_INT(dk_video_url("abc", out, 10), -1);
    CHECK_STR(out, "");
    DK_TEST_DONE();
}
