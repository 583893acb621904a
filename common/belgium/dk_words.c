/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_words.c — dates and clock times written out in each language (see
 * dk_words.h); the names and the clock's style are keys date.* of the
 * message catalogue. */
#include "belgium/dk_words.h"

#include "i18n/dk_i18n.h"

static const char *const weekdays[] = {"date.monday",   "date.tuesday", "date.wednesday",
                                       "date.thursday", "date.friday",  "date.saturday",
                                       "date.sunday"};
static const char *const months[] = {"date.january", "date.february", "date.march",
                                     "date.april",   "date.may",      "date.june",
                                     "date.july",    "date.august",   "date.september",
                                     "date.october", "date.november", "date.december"};

int dk_words_date(dk_buf *b, const char *lang, dk_date d)
{
    const char *weekday = dk_i18n_text(lang, weekdays[dk_date_weekday(d) - 1]);
    const char *month = dk_i18n_text(lang, months[d.m - 1]);
    if (d.d == 1)
        return dk_buf_appendf(b, "%s %s %s %d", weekday, dk_i18n_text(lang, "date.first_day"),
                              month, d.y);
    return dk_buf_appendf(b, "%s %d %s %d", weekday, d.d, month, d.y);
}

int dk_words_clock(dk_buf *b, const char *lang, int minute_of_day)
{
    return DK_I18N_APPENDF(b, lang, date_clock, minute_of_day / 60, minute_of_day % 60);
}

const char *dk_words_at(const char *lang)
{
    return dk_i18n_text(lang, "date.at");
}
