/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_video.h — the address of an interview's video room, made from
 * DK_VIDEO_URL_TEMPLATE and the appointment's room id, so the scheduler's
 * mails and the applicant's pages show the same link. */
#ifndef DK_VIDEO_H
#define DK_VIDEO_H

#include <stddef.h>

/* DK_VIDEO_URL_TEMPLATE with each "{room}" replaced by room_id. Returns 0,
 * or -1 when it does not fit in n bytes. */
int dk_video_url(const char *room_id, char *out, size_t n);

#endif
