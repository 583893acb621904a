/* SPDX-License-Identifier: EUPL-1.2 */
/* test_calendar.c — unit tests for dk_calendar: date parsing and arithmetic,
 * ISO weeks, Easter and every Belgian holiday of 2026–2027, the slot window,
 * and Brussels daylight saving (cross-checked against the system tzdata). */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "dk_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static dk_date D(int y, int m, int d)
{
    dk_date r = {y, m, d};
    return r;
}

static int same(dk_date a, dk_date b)
{
    return a.y == b.y && a.m == b.m && a.d == b.d;
}

static int64_t at(const char *iso)
{
    int64_t ms = 0;
    if (dk_iso8601_parse(iso, &ms) != 0) {
        fprintf(stderr, "bad test instant %s\n", iso);
        exit(1);
    }
    return ms;
}

static void test_valid_and_parse(void)
{
    dk_date d;
    CHECK(dk_date_valid(2024, 2, 29));
    CHECK(!dk_date_valid(2023, 2, 29));
    CHECK(!dk_date_valid(1900, 2, 29));
    CHECK(dk_date_valid(2000, 2, 29));
    CHECK(!dk_date_valid(2026, 4, 31));
    CHECK(!dk_date_valid(2026, 13, 1));
    CHECK(!dk_date_valid(2026, 0, 1));
    CHECK(!dk_date_valid(2026, 1, 0));
    CHECK(!dk_date_valid(0, 1, 1));
    CHECK(!dk_date_valid(10000, 1, 1));

    CHECK_INT(dk_date_parse("2026-03-27", &d), 0);
    CHECK(same(d, D(2026, 3, 27)));
    CHECK_INT(dk_date_parse("1000-01-01", &d), 0);
    CHECK_INT(dk_date_parse("9999-12-31", &d), 0);
    CHECK_INT(dk_date_parse("0999-12-31", &d), -1);
    CHECK_INT(dk_date_parse("2026-02-29", &d), -1);
    CHECK_INT(dk_date_parse("2026-3-27", &d), -1);
    CHECK_INT(dk_date_parse("2026-03-27 ", &d), -1);
    CHECK_INT(dk_date_parse(" 2026-03-27", &d), -1);
    CHECK_INT(dk_date_parse("2026/03/27", &d), -1);
    CHECK_INT(dk_date_parse("2026-03-2x", &d), -1);
    CHECK_INT(dk_date_parse("+026-03-27", &d), -1);
    CHECK_INT(dk_date_parse("2026-03", &d), -1);
    CHECK_INT(dk_date_parse("", &d), -1);
    CHECK_INT(dk_date_parse(NULL, &d), -1);
    CHECK_INT(dk_date_parse("2026-03-27T10:00:00Z", &d), -1);

    char buf[11];
    dk_date_format(D(2026, 3, 7), buf);
    CHECK_STR(buf, "2026-03-07");
}

static void test_days(void)
{
    CHECK_INT(dk_date_to_days(D(1970, 1, 1)), 0);
    CHECK_INT(dk_date_to_days(D(1969, 12, 31)), -1);
    CHECK_INT(dk_date_to_days(D(2000, 3, 1)), 11017);
    CHECK_INT(dk_date_to_days(D(2026, 3, 27)), 20539);
    CHECK(same(dk_date_from_days(20539), D(2026, 3, 27)));
    CHECK(same(dk_date_from_days(-1), D(1969, 12, 31)));
    CHECK(same(dk_date_from_days(-25567), D(1900, 1, 1)));
    /* Round trip over years 1000..9999, every day. */
    int bad = 0;
    for (int64_t n = dk_date_to_days(D(1000, 1, 1)); n <= dk_date_to_days(D(9999, 12, 31)); n++) {
        dk_date d = dk_date_from_days(n);
        if (!dk_date_valid(d.y, d.m, d.d) || dk_date_to_days(d) != n)
            bad++;
    }
    CHECK_INT(bad, 0);

    CHECK(same(dk_date_add_days(D(2026, 12, 31), 1), D(2027, 1, 1)));
    CHECK(same(dk_date_add_days(D(2024, 3, 1), -1), D(2024, 2, 29)));
    CHECK(same(dk_date_add_days(D(2026, 1, 1), 365), D(2027, 1, 1)));
    CHECK(dk_date_cmp(D(2026, 1, 2), D(2026, 1, 1)) > 0);
    CHECK(dk_date_cmp(D(2025, 12, 31), D(2026, 1, 1)) < 0);
    CHECK_INT(dk_date_cmp(D(2026, 5, 5), D(2026, 5, 5)), 0);
}

static void test_weekday_and_iso_week(void)
{
    int y, w;
    CHECK_INT(dk_date_weekday(D(1970, 1, 1)), 4);
    CHECK_INT(dk_date_weekday(D(2026, 3, 27)), 5);
    CHECK_INT(dk_date_weekday(D(2026, 3, 29)), 7);
    CHECK_INT(dk_date_weekday(D(2026, 3, 30)), 1);
    CHECK_INT(dk_date_weekday(D(1900, 1, 1)), 1);

    dk_date_iso_week(D(2026, 12, 31), &y, &w);
    CHECK_INT(y, 2026);
    CHECK_INT(w, 53);
    dk_date_iso_week(D(2027, 1, 1), &y, &w);
    CHECK_INT(y, 2026);
    CHECK_INT(w, 53);
    dk_date_iso_week(D(2027, 1, 4), &y, &w);
    CHECK_INT(y, 2027);
    CHECK_INT(w, 1);
    dk_date_iso_week(D(2020, 12, 31), &y, &w);
    CHECK_INT(y, 2020);
    CHECK_INT(w, 53);
    dk_date_iso_week(D(2021, 1, 3), &y, &w);
    CHECK_INT(y, 2020);
    CHECK_INT(w, 53);
    dk_date_iso_week(D(2024, 12, 30), &y, &w);
    CHECK_INT(y, 2025);
    CHECK_INT(w, 1);
    dk_date_iso_week(D(2026, 3, 27), &y, &w);
    CHECK_INT(y, 2026);
    CHECK_INT(w, 13);
    dk_date_iso_week(D(2027, 12, 30), &y, &w);
    CHECK_INT(y, 2027);
    CHECK_INT(w, 52);
}

static void test_easter(void)
{
    static const struct {
        int y, m, d;
    } e[] = {{1961, 4, 2},  {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24},
             {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},
             {2027, 3, 28}, {2028, 4, 16}, {2038, 4, 25}, {2285, 3, 22}};
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        dk_date got = dk_easter_sunday(e[i].y);
        CHECK_INT(got.y, e[i].y);
        CHECK_INT(got.m, e[i].m);
        CHECK_INT(got.d, e[i].d);
        CHECK_INT(dk_date_weekday(got), 7);
    }
}

static void test_holidays(void)
{
    static const struct {
        int y, m, d;
        const char *name;
    } h[] = {
        {2026, 1, 1, "New Year's Day"},  {2026, 4, 6, "Easter Monday"},
        {2026, 5, 1, "Labour Day"},      {2026, 5, 14, "Ascension Day"},
        {2026, 5, 25, "Whit Monday"},    {2026, 7, 21, "National Day"},
        {2026, 8, 15, "Assumption Day"}, {2026, 11, 1, "All Saints' Day"},
        {2026, 11, 11, "Armistice Day"}, {2026, 12, 25, "Christmas Day"},
        {2027, 1, 1, "New Year's Day"},  {2027, 3, 29, "Easter Monday"},
        {2027, 5, 1, "Labour Day"},      {2027, 5, 6, "Ascension Day"},
        {2027, 5, 17, "Whit Monday"},    {2027, 7, 21, "National Day"},
        {2027, 8, 15, "Assumption Day"}, {2027, 11, 1, "All Saints' Day"},
        {2027, 11, 11, "Armistice Day"}, {2027, 12, 25, "Christmas Day"},
    };
    const size_t n = sizeof h / sizeof h[0];
    const char *name;
    for (size_t i = 0; i < n; i++) {
        name = NULL;
        CHECK_INT(dk_be_holiday(D(h[i].y, h[i].m, h[i].d), &name), 1);
        CHECK_STR(name, h[i].name);
        CHECK_INT(dk_be_working_day(D(h[i].y, h[i].m, h[i].d)), 0);
    }
    /* Exactly these 10 per year and nothing else. */
    for (int y = 2026; y <= 2027; y++) {
        int count = 0;
        for (dk_date d = D(y, 1, 1); d.y == y; d = dk_date_add_days(d, 1)) {
            if (!dk_be_holiday(d, NULL))
                continue;
            count++;
            int listed = 0;
            for (size_t i = 0; i < n; i++)
                listed |= same(d, D(h[i].y, h[i].m, h[i].d));
            CHECK(listed);
        }
        CHECK_INT(count, 10);
    }
    name = "x";
    CHECK_INT(dk_be_holiday(D(2026, 4, 5), &name), 0); /* Easter Sunday itself */
    CHECK(name == NULL);
    CHECK_INT(dk_be_holiday(D(2026, 12, 26), NULL), 0); /* not a Belgian holiday */
    CHECK_INT(dk_be_holiday(D(2026, 4, 3), NULL), 0);   /* Good Friday neither */

    CHECK_INT(dk_be_working_day(D(2026, 3, 27)), 1);
    CHECK_INT(dk_be_working_day(D(2026, 3, 28)), 0);
    CHECK_INT(dk_be_working_day(D(2026, 3, 29)), 0);
    CHECK_INT(dk_be_working_day(D(2026, 4, 6)), 0);
    CHECK_INT(dk_be_working_day(D(2026, 4, 7)), 1);

    /* Friday 2026-04-03 + 1 working day skips the weekend and Easter Monday. */
    CHECK(same(dk_be_add_working_days(D(2026, 4, 3), 1), D(2026, 4, 7)));
    CHECK(same(dk_be_add_working_days(D(2026, 4, 7), -1), D(2026, 4, 3)));
    CHECK(same(dk_be_add_working_days(D(2026, 12, 24), 1), D(2026, 12, 28)));
    CHECK(same(dk_be_add_working_days(D(2026, 12, 31), 1), D(2027, 1, 4)));
    CHECK(same(dk_be_add_working_days(D(2026, 3, 23), 5), D(2026, 3, 30)));
    CHECK(same(dk_be_add_working_days(D(2026, 3, 28), 0), D(2026, 3, 28)));
    /* 2026-05-11 (Mon) + 4: Ascension Thursday 14 May is skipped. */
    CHECK(same(dk_be_add_working_days(D(2026, 5, 11), 4), D(2026, 5, 18)));
}

static void check_window(const char *now, dk_date first, dk_date last)
{
    dk_date f, l;
    dk_slot_window(at(now), &f, &l);
    CHECK(same(f, first));
    CHECK(same(l, last));
    CHECK_INT(dk_date_weekday(f), 1);
    CHECK_INT(dk_date_weekday(l), 5);
    if (!same(f, first) || !same(l, last))
        fprintf(stderr, "  window for %s: %d-%02d-%02d..%d-%02d-%02d\n", now, f.y, f.m, f.d, l.y,
                l.m, l.d);
}

static void test_slot_window(void)
{
    check_window("2026-12-23T10:00:00Z", D(2026, 12, 28), D(2027, 1, 8));
    check_window("2027-12-30T10:00:00Z", D(2028, 1, 3), D(2028, 1, 14));
    check_window("2026-03-27T10:00:00Z", D(2026, 3, 30), D(2026, 4, 10));
    /* Monday 00:00 and Sunday 23:59 local belong to the same ISO week. */
    check_window("2026-03-22T23:00:00Z", D(2026, 3, 30), D(2026, 4, 10)); /* Mon 00:00 CET */
    check_window("2026-03-29T21:59:00Z", D(2026, 3, 30), D(2026, 4, 10)); /* Sun 23:59 CEST */
    /* Sunday 23:30 UTC is already Monday in Brussels. */
    check_window("2026-03-29T22:30:00Z", D(2026, 4, 6), D(2026, 4, 17));
    check_window("2026-01-04T23:30:00Z", D(2026, 1, 12), D(2026, 1, 23));
    /* A request on the daylight-saving Sunday itself. */
    check_window("2026-03-29T00:30:00Z", D(2026, 3, 30), D(2026, 4, 10));
    check_window("2026-03-29T01:30:00Z", D(2026, 3, 30), D(2026, 4, 10));
    check_window("2026-10-25T00:30:00Z", D(2026, 10, 26), D(2026, 11, 6));
    check_window("2026-10-25T01:30:00Z", D(2026, 10, 26), D(2026, 11, 6));
}

static void test_brussels_offsets(void)
{
    /* 2026: CEST from 2026-03-29T01:00Z to 2026-10-25T01:00Z. */
    CHECK_INT(dk_brussels_offset_minutes(at("2026-03-29T00:59:59.999Z")), 60);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-03-29T01:00:00Z")), 120);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-10-25T00:59:59.999Z")), 120);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-10-25T01:00:00Z")), 60);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-01-15T12:00:00Z")), 60);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-07-15T12:00:00Z")), 120);
    CHECK_INT(dk_brussels_offset_minutes(at("2026-12-31T23:30:00Z")), 60);

    dk_date d;
    int minute;
    dk_brussels_local(at("2026-03-29T00:59:00Z"), &d, &minute);
    CHECK(same(d, D(2026, 3, 29)));
    CHECK_INT(minute, 1 * 60 + 59);
    dk_brussels_local(at("2026-03-29T01:00:00Z"), &d, &minute);
    CHECK_INT(minute, 3 * 60);
    dk_brussels_local(at("2026-10-25T00:30:00Z"), &d, &minute);
    CHECK_INT(minute, 2 * 60 + 30);
    dk_brussels_local(at("2026-10-25T01:30:00Z"), &d, &minute);
    CHECK_INT(minute, 2 * 60 + 30);
    dk_brussels_local(at("2026-12-31T23:30:00Z"), &d, &minute);
    CHECK(same(d, D(2027, 1, 1)));
    CHECK_INT(minute, 30);
    dk_brussels_local(at("1969-12-31T23:30:00Z"), &d, &minute);
    CHECK(same(d, D(1970, 1, 1)));
    CHECK_INT(minute, 30);
}

static void test_brussels_to_utc(void)
{
    /* 09:00 on the Friday before and the Monday after each change. */
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 3, 27), 540), at("2026-03-27T08:00:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 3, 30), 540), at("2026-03-30T07:00:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 10, 23), 540), at("2026-10-23T07:00:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 10, 26), 540), at("2026-10-26T08:00:00Z"));
    /* Around the March change (02:00–02:59 local does not exist). */
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 3, 29), 119), at("2026-03-29T00:59:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 3, 29), 150), at("2026-03-29T01:30:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 3, 29), 180), at("2026-03-29T01:00:00Z"));
    /* Around the October change (02:00–02:59 local happens twice). */
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 10, 25), 119), at("2026-10-24T23:59:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 10, 25), 150), at("2026-10-25T00:30:00Z"));
    CHECK_INT(dk_brussels_to_utc_ms(D(2026, 10, 25), 180), at("2026-10-25T02:00:00Z"));
    /* Midnight, year end. */
    CHECK_INT(dk_brussels_to_utc_ms(D(2027, 1, 1), 0), at("2026-12-31T23:00:00Z"));
    /* Round trip local -> UTC -> local for every minute of both change days
     * except the skipped hour. */
    int bad = 0;
    dk_date days[] = {D(2026, 3, 29), D(2026, 10, 25), D(2027, 3, 28), D(2027, 10, 31)};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        for (int m = 0; m < 1440; m++) {
            if (days[i].m == 3 && m >= 120 && m < 180)
                continue;
            dk_date back;
            int mback;
            dk_brussels_local(dk_brussels_to_utc_ms(days[i], m), &back, &mback);
            if (!same(back, days[i]) || mback != m)
                bad++;
        }
    }
    CHECK_INT(bad, 0);
}

/* Every hour (and the millisecond before it) of 2025–2028 against tzdata. */
static void test_against_tzdata(void)
{
    if (access("/usr/share/zoneinfo/Europe/Brussels", R_OK) != 0) {
        printf("test_calendar: tzdata missing, cross-check skipped\n");
        return;
    }
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    int64_t from = at("2025-01-01T00:00:00Z"), to = at("2029-01-01T00:00:00Z");
    int mismatches = 0, checked = 0;
    for (int64_t t = from; t < to; t += 3600000) {
        for (int k = 0; k < 2; k++) {
            int64_t ms = t - k;
            time_t secs = (time_t)((ms - (ms % 1000 + 1000) % 1000) / 1000);
            struct tm tm;
            localtime_r(&secs, &tm);
            checked++;
            if (tm.tm_gmtoff / 60 != dk_brussels_offset_minutes(ms)) {
                if (mismatches++ < 5)
                    fprintf(stderr, "  tz mismatch at %lld: tzdata %ld, ours %d\n", (long long)ms,
                            (long)tm.tm_gmtoff / 60, dk_brussels_offset_minutes(ms));
            }
            dk_date d;
            int minute;
            dk_brussels_local(ms, &d, &minute);
            if (d.y != tm.tm_year + 1900 || d.m != tm.tm_mon + 1 || d.d != tm.tm_mday ||
                minute != tm.tm_hour * 60 + tm.tm_min)
                mismatches++;
        }
    }
    CHECK_INT(mismatches, 0);
    CHECK(checked > 70000);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    test_valid_and_parse();
    test_days();
    test_weekday_and_iso_week();
    test_easter();
    test_holidays();
    test_slot_window();
    test_brussels_offsets();
    test_brussels_to_utc();
    test_against_tzdata();
    DK_TEST_DONE();
}
