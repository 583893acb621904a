/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_words.h — dates and clock times written out for people in their
 * language, one set of words (the message catalogue's date.* keys) for the
 * e-mails and the pages alike, so that an applicant reads "mardi 8 décembre
 * 2026 à 10h30" in the mail and on the page, never two spellings of one time. */
#ifndef DK_WORDS_H
#define DK_WORDS_H

#include "core/dk_buf.h"
#include "core/dk_calendar.h"

/* "dinsdag 8 december 2026" / "mardi 1er décembre 2026" /
 * "Tuesday 8 December 2026". A language the catalogue lacks writes English.
 * Returns 0, or -1 when out of memory. */
int dk_words_date(dk_buf *b, const char *lang, dk_date d);

/* A minute of the day: "09:30" (nl, en) / "9h30" (fr). */
int dk_words_clock(dk_buf *b, const char *lang, int minute_of_day);

/* The word between a date and its time: "om", "à", "at". */
const char *dk_words_at(const char *lang);

#endif
