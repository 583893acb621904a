/* dk_words.c — the weekday and month names and the clock style of each
 * language (see dk_words.h). */
#include "belgium/dk_words.h"

#include <string.h>

typedef struct {
    const char *code;
    const char *weekday[7]; /* Monday first, as dk_date_weekday() counts */
    const char *month[12];
    const char *first_day;  /* how day 1 is written ("1er" in French) */
    const char *at;
    char hm_sep;            /* ':' for "09:30", 'h' for "9h30" */
} words;

static const words table[] = {
    {"nl",
     {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"},
     {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
      "november", "december"},
     "1", "om", ':'},
    {"fr",
     {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
      "novembre", "décembre"},
     "1er", "à", 'h'},
    {"en",
     {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
     {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"},
     "1", "at", ':'},
};

static const words *find(const char *lang)
{
    for (size_t i = 0; lang && i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].code, lang) == 0)
            return &table[i];
    return NULL;
}

int dk_words_known(const char *lang)
{
    return find(lang) != NULL;
}

static const words *find_or_english(const char *lang)
{
    const words *w = find(lang);
    return w ? w : &table[2];
}

int dk_words_date(dk_buf *b, const char *lang, dk_date d)
{
    const words *w = find_or_english(lang);
    if (d.d == 1)
        return dk_buf_appendf(b, "%s %s %s %d", w->weekday[dk_date_weekday(d) - 1], w->first_day,
                              w->month[d.m - 1], d.y);
    return dk_buf_appendf(b, "%s %d %s %d", w->weekday[dk_date_weekday(d) - 1], d.d, w->month[d.m - 1], d.y);
}

int dk_words_clock(dk_buf *b, const char *lang, int minute_of_day)
{
    const words *w = find_or_english(lang);
    if (w->hm_sep == 'h')
        return dk_buf_appendf(b, "%dh%02d", minute_of_day / 60, minute_of_day % 60);
    return dk_buf_appendf(b, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
}

const char *dk_words_at(const char *lang)
{
    return find_or_english(lang)->at;
}
