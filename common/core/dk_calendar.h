/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_calendar.h — civil dates, ISO weeks, Belgian public holidays and
 * Europe/Brussels local time, computed from first principles so that no
 * component depends on the TZ variable or on tzdata at run time. */
#ifndef DK_CALENDAR_H
#define DK_CALENDAR_H

#include <stdint.h>

/* A proleptic Gregorian calendar date. m is 1..12, d is 1..31. */
typedef struct {
    int y, m, d;
} dk_date;

#define DK_MS_PER_MINUTE INT64_C(60000)
#define DK_MS_PER_DAY INT64_C(86400000)

/* 1 when y-m-d is a real date with 1 <= y <= 9999, else 0. */
int dk_date_valid(int y, int m, int d);

/* Days in month m (1..12) of year y; 0 for a month outside 1..12. */
int dk_days_in_month(int y, int m);

/* Strict "YYYY-MM-DD": exactly 10 characters, a real date, year 1000..9999.
 * Returns 0 and fills *out, or -1 (and leaves *out untouched). */
/* n decimal digits at s into *out; -1 when any is not a digit. */
int dk_date_parse_digits(const char *s, int n, int *out);

int dk_date_parse(const char *s, dk_date *out);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void dk_date_format(dk_date d, char out[11]);

/* Days since 1970-01-01 (negative before). d must be a valid date. */
int64_t dk_date_to_days(dk_date d);

/* Inverse of dk_date_to_days, for any day in years 1..9999. */
dk_date dk_date_from_days(int64_t days);

/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int dk_date_weekday(dk_date d);

/* ISO 8601 week: the week-numbering year and the week 1..53. */
void dk_date_iso_week(dk_date d, int *iso_year, int *week);

/* d plus n days (n may be negative). */
dk_date dk_date_add_days(dk_date d, int n);

/* <0, 0, >0 as a is before, equal to, after b. */
int dk_date_cmp(dk_date a, dk_date b);

/* Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
dk_date dk_easter_sunday(int year);

/* 1 when d is one of the 10 Belgian public holidays, with its English name
 * (a static string) in *name_out when name_out is not NULL; else 0 and
 * *name_out = NULL. */
int dk_be_holiday(dk_date d, const char **name_out);

/* 1 for Monday..Friday that is not a public holiday, else 0. */
int dk_be_working_day(dk_date d);

/* The n-th working day after d (n > 0) or before d (n < 0); d itself is
 * never counted. n == 0 returns d unchanged, working day or not. */
dk_date dk_be_add_working_days(dk_date d, int n);

/* Working time: the time that falls on Belgian working days, each counted
 * whole, from 00:00 to 24:00 Brussels wall time (no office hours). The
 * instant at which working_ms (>= 0) of it have passed since utc_ms. An
 * instant on a weekend or a holiday counts from 00:00 of the next working
 * day; a total that ends exactly at the end of a working day gives 00:00 of
 * the day after (so 3 working days from Saturday 10:00 end at Thursday
 * 00:00), and 0 gives utc_ms itself or that next 00:00. The clocks change on
 * Sundays, never on a working day, so every working day is 24 real hours
 * and the result keeps the Brussels wall time of the request: 72 hours from
 * Thursday 16:00 are Tuesday 16:00 (Friday, Monday, Tuesday). Years
 * 1..9998; -1 when the answer lies beyond. */
int64_t dk_be_add_working_ms(int64_t utc_ms, int64_t working_ms);

/* UTC offset of Europe/Brussels at an instant, in minutes: 60 (CET) or 120
 * (CEST, from 01:00 UTC on the last Sunday of March until 01:00 UTC on the
 * last Sunday of October — the EU rule since 1996). */
int dk_brussels_offset_minutes(int64_t utc_ms);

/* The Brussels local date and minute of day (0..1439) of an instant.
 * Either output pointer may be NULL. */
void dk_brussels_local(int64_t utc_ms, dk_date *date_out, int *minute_of_day_out);

/* The instant at which Brussels wall clocks show date d, minute_of_day
 * (0..1439; other values are added linearly to midnight of d).
 * - Skipped hour (last Sunday of March, 02:00–02:59 local does not exist):
 *   the time is read with the offset before the change (CET), so 02:30
 *   yields 01:30 UTC, which clocks show as 03:30 CEST.
 * - Repeated hour (last Sunday of October, 02:00–02:59 local happens
 *   twice): the earlier instant (still CEST) is returned, so 02:30 yields
 *   00:30 UTC. */
int64_t dk_brussels_to_utc_ms(dk_date d, int minute_of_day);

/* The dates an applicant may ask slots for, given the request instant:
 * first = Monday of the ISO week after the one containing now's Brussels
 * local date, last = Friday of the week after that. */
void dk_slot_window(int64_t now_utc_ms, dk_date *first, dk_date *last);

#endif
