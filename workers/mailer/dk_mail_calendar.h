/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_calendar.h — the calendar attachment of a mail job: vars.calendar
 * ({method, uid, sequence, start, end, video_url}, see
 * schemas/messages/mail.requested.json) made into an RFC 5545 object whose
 * title and description are in the applicant's language. */
#ifndef DK_MAIL_CALENDAR_H
#define DK_MAIL_CALENDAR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* When vars holds "calendar": writes the calendar object for recipient `to`
 * (malloc'd, caller frees) to *ics_out, its length to *len_out and its
 * method ("REQUEST" or "CANCEL", static) to *method_out; organizer is
 * DK_MAIL_FROM, the attendee's name comes from vars first_names and
 * last_name, DTSTAMP is now_ms, and the video link is calendar.video_url
 * (else vars.video_url, else none). Without "calendar", *ics_out = NULL.
 * Returns 0, or -1 with the reason in err (calendar not matching the schema,
 * a bad instant or URL, unknown language). */
int dk_mail_calendar(const json_t *vars, const char *lang, const char *to, int64_t now_ms,
                     char **ics_out, size_t *len_out, const char **method_out, char *err,
                     size_t errlen);

#endif
