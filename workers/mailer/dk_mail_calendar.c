/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_calendar.c — vars.calendar of a mail job into the interview's
 * calendar object (dk_ics), with the entry's title and description in the
 * applicant's language (the words: keys calendar.* of the message catalogue).
 * The description of a REQUEST is join + the video link + bring + manage
 * (join is left out without a link). */
#include "dk_mail_calendar.h"

#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_err.h"
#include "i18n/dk_i18n.h"
#include "mail/dk_ics.h"

#include <stdlib.h>
#include <string.h>

static int instant(const char *what, const char *s, int64_t *ms, char *err, size_t errlen)
{
    if (dk_iso8601_parse(s, ms) != 0) {
        dk_errf(err, errlen, "calendar.%s is not an ISO-8601 instant", what);
        return -1;
    }
    return 0;
}

int dk_mail_calendar(const json_t *vars, const char *lang, const char *to, int64_t now_ms,
                     char **ics_out, size_t *len_out, const char **method_out, char *err,
                     size_t errlen)
{
    *ics_out = NULL;
    *len_out = 0;
    *method_out = NULL;
    const json_t *cal = json_object_get(vars, "calendar");
    if (!cal)
        return 0;
    if (!dk_i18n_lang_known(lang)) {
        dk_errf(err, errlen, "calendar: unknown language '%s'", lang ? lang : "(null)");
        return -1;
    }
    const char *method, *uid, *start, *end, *video = NULL;
    json_int_t seq;
    json_error_t je;
    if (!json_is_object(cal) ||
        json_unpack_ex((json_t *)cal, &je, JSON_STRICT, "{s:s, s:s, s:I, s:s, s:s, s?s}", "method",
                       &method, "uid", &uid, "sequence", &seq, "start", &start, "end", &end,
                       "video_url", &video) != 0) {
        dk_errf(err, errlen,
                "vars.calendar does not match schemas/messages/mail.requested.json%s%s",
                json_is_object(cal) ? ": " : "", json_is_object(cal) ? je.text : "");
        return -1;
    }
    if (!video)
        video = json_string_value(json_object_get(vars, "video_url"));
    dk_ics_event e = {
        .method = method,
        .uid = uid,
        .sequence = (long)seq,
        .summary = dk_i18n_text(lang, "calendar.summary"),
        .url = video,
        .organizer = dk_config_str("DK_MAIL_FROM"),
        .organizer_name = dk_config_str("DK_MAIL_FROM_NAME"),
        .attendee = to,
        .dtstamp_ms = now_ms,
    };
    if (seq < 0 || seq > 2147483647) {
        dk_errf(err, errlen, "calendar.sequence must be 0..2147483647");
        return -1;
    }
    if (instant("start", start, &e.start_ms, err, errlen) != 0 ||
        instant("end", end, &e.end_ms, err, errlen) != 0)
        return -1;
    const char *first = json_string_value(json_object_get(vars, "first_names"));
    const char *last = json_string_value(json_object_get(vars, "last_name"));
    dk_buf name = DK_BUF_INIT, desc = DK_BUF_INIT;
    int rc = 0;
    if (first && last)
        rc |= dk_buf_appendf(&name, "%s %s", first, last);
    if (strcmp(method, "CANCEL") == 0) {
        rc |= dk_buf_puts(&desc, dk_i18n_text(lang, "calendar.cancelled"));
    } else {
        if (video)
            rc |= dk_buf_appendf(&desc, "%s\n%s\n\n", dk_i18n_text(lang, "calendar.join"), video);
        rc |= dk_buf_appendf(&desc, "%s\n%s", dk_i18n_text(lang, "calendar.bring"),
                             dk_i18n_text(lang, "calendar.manage"));
    }
    e.attendee_name = name.data;
    e.description = desc.data;
    char why[256];
    *ics_out = rc == 0 ? dk_ics_build(&e, len_out, why, sizeof why) : NULL;
    if (!*ics_out)
        dk_errf(err, errlen, "calendar: %s", rc == 0 ? why : "out of memory");
    else
        *method_out = strcmp(method, "CANCEL") == 0 ? "CANCEL" : "REQUEST";
    dk_buf_free(&name);
    dk_buf_free(&desc);
    return *ics_out ? 0 : -1;
}
