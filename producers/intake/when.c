/* when.c — Brussels dates and times in Dutch, French and English words
 * (see when.h); the calendar arithmetic is dk_calendar's. */
#include "when.h"

#include "dk_calendar.h"
#include "i18n.h"

#include <string.h>

static const char *const weekdays[3][7] = {
    {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"},
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}};

static const char *const months[3][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"}};

static int lang_index(const char *lang)
{
    return lang && !strcmp(lang, "nl") ? 0 : lang && !strcmp(lang, "fr") ? 1 : 2;
}

void dk_when_day(dk_buf *b, const char *lang, int64_t ms)
{
    dk_date d;
    dk_brussels_local(ms, &d, NULL);
    int l = lang_index(lang);
    dk_buf_appendf(b, "%s %d%s %s %d", weekdays[l][dk_date_weekday(d) - 1], d.d,
                   l == 1 && d.d == 1 ? "er" : "", months[l][d.m - 1], d.y);
}

void dk_when_clock(dk_buf *b, const char *lang, int64_t ms)
{
    int minute;
    dk_brussels_local(ms, NULL, &minute);
    if (lang_index(lang) == 1)
        dk_buf_appendf(b, "%d h %02d", minute / 60, minute % 60);
    else
        dk_buf_appendf(b, "%02d:%02d", minute / 60, minute % 60);
}

void dk_when_slot(dk_buf *b, const char *lang, int64_t start, int64_t end)
{
    dk_buf day = DK_BUF_INIT, from = DK_BUF_INIT, to = DK_BUF_INIT;
    dk_when_day(&day, lang, start);
    dk_when_clock(&from, lang, start);
    dk_when_clock(&to, lang, end);
    dk_t_appendf(b, lang, "when_slot", day.data, from.data, to.data);
    dk_buf_free(&day);
    dk_buf_free(&from);
    dk_buf_free(&to);
}

void dk_when_instant(dk_buf *b, const char *lang, int64_t ms)
{
    dk_buf day = DK_BUF_INIT, at = DK_BUF_INIT;
    dk_when_day(&day, lang, ms);
    dk_when_clock(&at, lang, ms);
    dk_t_appendf(b, lang, "when_instant", day.data, at.data);
    dk_buf_free(&day);
    dk_buf_free(&at);
}
