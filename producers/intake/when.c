/* SPDX-License-Identifier: EUPL-1.2 */
/* when.c — Brussels dates and times in Dutch, French and English words
 * (see when.h); the calendar arithmetic is dk_calendar's, the words are
 * dk_words', shared with the e-mails. */
#include "when.h"

#include "belgium/dk_words.h"
#include "core/dk_calendar.h"
#include "i18n/dk_i18n.h"

void dk_when_day(dk_buf *b, const char *lang, int64_t ms)
{
    dk_date d;
    dk_brussels_local(ms, &d, NULL);
    dk_words_date(b, lang, d);
}

void dk_when_clock(dk_buf *b, const char *lang, int64_t ms)
{
    int minute;
    dk_brussels_local(ms, NULL, &minute);
    dk_words_clock(b, lang, minute);
}

void dk_when_slot(dk_buf *b, const char *lang, int64_t start, int64_t end)
{
    dk_buf day = DK_BUF_INIT, from = DK_BUF_INIT, to = DK_BUF_INIT;
    dk_when_day(&day, lang, start);
    dk_when_clock(&from, lang, start);
    dk_when_clock(&to, lang, end);
    DK_I18N_APPENDF(b, lang, when_slot, day.data, from.data, to.data);
    dk_buf_free(&day);
    dk_buf_free(&from);
    dk_buf_free(&to);
}

void dk_when_instant(dk_buf *b, const char *lang, int64_t ms)
{
    dk_buf day = DK_BUF_INIT, at = DK_BUF_INIT;
    dk_when_day(&day, lang, ms);
    dk_when_clock(&at, lang, ms);
    DK_I18N_APPENDF(b, lang, when_instant, day.data, at.data);
    dk_buf_free(&day);
    dk_buf_free(&at);
}
