/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_calendar.c — civil-date arithmetic (days since the epoch), ISO weeks,
 * Belgian public holidays and the EU daylight-saving rule for Brussels.
 * Pure functions on integers: no locale, no TZ, no tzdata. */
#include "core/dk_calendar.h"

#include <stddef.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dk_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int dk_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= dk_days_in_month(y, m);
}

int dk_date_parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int dk_date_parse(const char *s, dk_date *out)
{
    int y, m, d;
    if (s == NULL)
        return -1;
    for (int i = 0; i < 10; i++)
        if (s[i] == '\0')
            return -1;
    if (s[10] != '\0' || s[4] != '-' || s[7] != '-')
        return -1;
    if (dk_date_parse_digits(s, 4, &y) || dk_date_parse_digits(s + 5, 2, &m) ||
        dk_date_parse_digits(s + 8, 2, &d))
        return -1;
    if (y < 1000 || !dk_date_valid(y, m, d))
        return -1;
    out->y = y;
    out->m = m;
    out->d = d;
    return 0;
}

void dk_date_format(dk_date d, char out[11])
{
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + d.m / 10 % 10);
    out[6] = (char)('0' + d.m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d.d / 10 % 10);
    out[9] = (char)('0' + d.d % 10);
    out[10] = '\0';
}

/* Howard Hinnant's days_from_civil / civil_from_days: eras of 400 years,
 * years starting on 1 March so that the leap day comes last. */
int64_t dk_date_to_days(dk_date d)
{
    int64_t y = (int64_t)d.y - (d.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

dk_date dk_date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    dk_date r = {(int)(yoe + era * 400 + (m <= 2)), (int)m, (int)d};
    return r;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return (a - floor_mod(a, b)) / b;
}

int dk_date_weekday(dk_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    return (int)floor_mod(dk_date_to_days(d) + 3, 7) + 1;
}

dk_date dk_date_add_days(dk_date d, int n)
{
    return dk_date_from_days(dk_date_to_days(d) + n);
}

int dk_date_cmp(dk_date a, dk_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

void dk_date_iso_week(dk_date d, int *iso_year, int *week)
{
    /* The week belongs to the year of its Thursday. */
    int64_t thu = dk_date_to_days(d) - (dk_date_weekday(d) - 1) + 3;
    dk_date t = dk_date_from_days(thu);
    dk_date jan1 = {t.y, 1, 1};
    int64_t doy = thu - dk_date_to_days(jan1);
    if (iso_year)
        *iso_year = t.y;
    if (week)
        *week = (int)(doy / 7) + 1;
}

dk_date dk_easter_sunday(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int n = h + l - 7 * m + 114;
    dk_date r = {year, n / 31, n % 31 + 1};
    return r;
}

int dk_be_holiday(dk_date d, const char **name_out)
{
    static const struct {
        int m, d;
        const char *name;
    } fixed[] = {
        {1, 1, "New Year's Day"},  {5, 1, "Labour Day"},       {7, 21, "National Day"},
        {8, 15, "Assumption Day"}, {11, 1, "All Saints' Day"}, {11, 11, "Armistice Day"},
        {12, 25, "Christmas Day"},
    };
    static const struct {
        int offset;
        const char *name;
    } movable[] = {
        {1, "Easter Monday"},
        {39, "Ascension Day"},
        {50, "Whit Monday"},
    };
    const char *name = NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && !name; i++)
        if (d.m == fixed[i].m && d.d == fixed[i].d)
            name = fixed[i].name;
    if (!name) {
        int64_t easter = dk_date_to_days(dk_easter_sunday(d.y));
        int64_t day = dk_date_to_days(d);
        for (size_t i = 0; i < sizeof movable / sizeof movable[0] && !name; i++)
            if (day == easter + movable[i].offset)
                name = movable[i].name;
    }
    if (name_out)
        *name_out = name;
    return name != NULL;
}

int dk_be_working_day(dk_date d)
{
    return dk_date_weekday(d) <= 5 && !dk_be_holiday(d, NULL);
}

dk_date dk_be_add_working_days(dk_date d, int n)
{
    int step = n < 0 ? -1 : 1;
    int left = n < 0 ? -n : n;
    while (left > 0) {
        d = dk_date_add_days(d, step);
        if (dk_be_working_day(d))
            left--;
    }
    return d;
}

int64_t dk_be_add_working_ms(int64_t utc_ms, int64_t working_ms)
{
    dk_date d;
    int minute;
    dk_brussels_local(utc_ms, &d, &minute);
    /* Milliseconds of d's wall clock passed at utc_ms. */
    int64_t into = minute * DK_MS_PER_MINUTE +
                   (utc_ms - floor_div(utc_ms, DK_MS_PER_MINUTE) * DK_MS_PER_MINUTE);
    if (!dk_be_working_day(d)) {
        d = dk_be_add_working_days(d, 1);
        into = 0;
    }
    int64_t left = working_ms < 0 ? 0 : working_ms;
    /* One step per working day; at most ~10^4 years of them. */
    for (int64_t steps = 0; steps < 4000000; steps++) {
        if (d.y > 9998)
            return -1;
        if (left <= DK_MS_PER_DAY - into) {
            int64_t at = into + left; /* <= 24:00 of d, which is 00:00 of the next day */
            return dk_brussels_to_utc_ms(d, (int)(at / DK_MS_PER_MINUTE)) + at % DK_MS_PER_MINUTE;
        }
        left -= DK_MS_PER_DAY - into;
        into = 0;
        d = dk_be_add_working_days(d, 1);
    }
    return -1;
}

/* 01:00 UTC on the last Sunday of month m (3 or 10) of year y, in ms. */
static int64_t eu_change_ms(int y, int m)
{
    dk_date last = {y, m, 31};
    int64_t days = dk_date_to_days(last) - (dk_date_weekday(last) % 7);
    return days * DK_MS_PER_DAY + 60 * DK_MS_PER_MINUTE;
}

int dk_brussels_offset_minutes(int64_t utc_ms)
{
    int y = dk_date_from_days(floor_div(utc_ms, DK_MS_PER_DAY)).y;
    return utc_ms >= eu_change_ms(y, 3) && utc_ms < eu_change_ms(y, 10) ? 120 : 60;
}

void dk_brussels_local(int64_t utc_ms, dk_date *date_out, int *minute_of_day_out)
{
    int64_t local = utc_ms + dk_brussels_offset_minutes(utc_ms) * DK_MS_PER_MINUTE;
    int64_t days = floor_div(local, DK_MS_PER_DAY);
    if (date_out)
        *date_out = dk_date_from_days(days);
    if (minute_of_day_out)
        *minute_of_day_out = (int)((local - days * DK_MS_PER_DAY) / DK_MS_PER_MINUTE);
}

int64_t dk_brussels_to_utc_ms(dk_date d, int minute_of_day)
{
    int64_t local = dk_date_to_days(d) * DK_MS_PER_DAY + minute_of_day * DK_MS_PER_MINUTE;
    int64_t summer = local - 120 * DK_MS_PER_MINUTE;
    int64_t winter = local - 60 * DK_MS_PER_MINUTE;
    /* Both readings consistent: the repeated hour, take the earlier one.
     * Only the winter reading consistent: an ordinary CET time. Neither: the
     * skipped hour, read with the CET offset that applied before it. */
    if (dk_brussels_offset_minutes(summer) == 120)
        return summer;
    return winter;
}

void dk_slot_window(int64_t now_utc_ms, dk_date *first, dk_date *last)
{
    dk_date today;
    dk_brussels_local(now_utc_ms, &today, NULL);
    dk_date monday = dk_date_add_days(today, -(dk_date_weekday(today) - 1));
    if (first)
        *first = dk_date_add_days(monday, 7);
    if (last)
        *last = dk_date_add_days(monday, 18);
}
