/* SPDX-License-Identifier: EUPL-1.2 */
/* test_hours.c — unit tests for dk_hours: good specs and their canonical
 * text, many bad ones with the part each message must name, the round trip
 * parse(format(h)) == h over random specs, and slot cutting. */
#include "belgium/dk_hours.h"
#include "dk_test.h"

#include <stdint.h>

/* Parses spec and returns its canonical text (a static buffer), or the
 * error message prefixed with "error: ". */
static const char *canon(const char *spec)
{
    static char text[DK_HOURS_TEXT_MAX + 64];
    dk_hours h;
    char err[160];
    if (dk_hours_parse(spec, &h, err, sizeof err) != 0) {
        snprintf(text, sizeof text, "error: %s", err);
        return text;
    }
    dk_hours_format(&h, text, sizeof text);
    return text;
}

static void test_good(void)
{
    CHECK_STR(canon("mon-fri 09:00-12:00,13:00-17:00"), "mon-fri 09:00-12:00,13:00-17:00");
    CHECK_STR(canon("mon,wed 09:00-17:00; fri 09:00-12:00"),
              "mon,wed 09:00-17:00; fri 09:00-12:00");
    CHECK_STR(canon("  MON-Fri   09:00-12:00 ,  13:00-17:00 ;sat 10:00-12:00 "),
              "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-12:00");
    CHECK_STR(canon("mon - wed 08:00 - 10:00"), "mon-wed 08:00-10:00");
    CHECK_STR(canon("sun 00:00-24:00"), "sun 00:00-24:00");
    CHECK_STR(canon("mon-sun 23:30-24:00"), "mon-sun 23:30-24:00");
    CHECK_STR(canon("tue,mon 09:00-10:00"), "mon,tue 09:00-10:00");
    CHECK_STR(canon("mon,tue,wed,fri 09:00-10:00"), "mon-wed,fri 09:00-10:00");
    CHECK_STR(canon("fri-sun 09:00-10:00; mon 09:00-10:00"), "mon,fri-sun 09:00-10:00");
    /* Ranges out of order, touching ranges, a day in two groups. */
    CHECK_STR(canon("mon 13:00-17:00,09:00-12:00"), "mon 09:00-12:00,13:00-17:00");
    CHECK_STR(canon("mon 09:00-12:00,12:00-13:00"), "mon 09:00-12:00,12:00-13:00");
    CHECK_STR(canon("mon-fri 09:00-12:00; mon,wed,fri 13:00-17:00"),
              "mon-fri 09:00-12:00; mon,wed,fri 13:00-17:00");
    CHECK_STR(canon("mon 09:00-10:00;tue 09:00-10:00"), "mon,tue 09:00-10:00");

    dk_hours h;
    CHECK_INT(dk_hours_parse("mon-fri 09:00-12:00,13:00-17:00", &h, NULL, 0), 0);
    CHECK_INT(h.nranges[0], 2);
    CHECK_INT(h.nranges[4], 2);
    CHECK_INT(h.nranges[5], 0);
    CHECK_INT(h.ranges[2][1].from, 13 * 60);
    CHECK_INT(h.ranges[2][1].to, 17 * 60);
}

/* The spec is refused and the message contains want. */
static void bad(const char *spec, const char *want)
{
    dk_hours h;
    char err[160] = "untouched";
    h.nranges[0] = 99;
    int rc = dk_hours_parse(spec, &h, err, sizeof err);
    CHECK_INT(rc, -1);
    CHECK_INT(h.nranges[0], 0); /* nothing half-parsed is left behind */
    if (!strstr(err, want)) {
        dk_test_failures++;
        fprintf(stderr, "%s:%d: spec \"%s\": message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__,
                spec ? spec : "(null)", err, want);
    }
    dk_test_checks++;
}

static void test_bad(void)
{
    char longer[300];
    memset(longer, ' ', sizeof longer);
    memcpy(longer, "mon 09:00-10:00", 15);
    longer[201] = '\0';
    bad(longer, "longer than 200");
    longer[200] = '\0';
    CHECK_STR(canon(longer), "mon 09:00-10:00"); /* exactly 200 is fine */

    bad(NULL, "no hours");
    bad("", "empty");
    bad("   ", "empty");
    bad("mun 09:00-10:00", "day 'mun' is not one of mon tue wed thu fri sat sun");
    bad("monday 09:00-10:00", "day 'monday'");
    bad("mon-fry 09:00-10:00", "day 'fry'");
    bad("fri-mon 09:00-10:00", "day range 'fri-mon' runs backwards");
    bad("mon,mon 09:00-10:00", "day 'mon' is listed twice");
    bad("mon-wed,tue 09:00-10:00", "day 'tue' is listed twice");
    bad("mon,,tue 09:00-10:00", "empty day in 'mon,,tue'");
    bad("mon 25:00-26:00", "time '25:00' is not between 00:00 and 24:00");
    bad("mon 09:00-24:01", "time '24:01'");
    bad("mon 09:60-10:00", "time '09:60'");
    bad("mon 9:00-10:00", "time '9:00' is not HH:MM");
    bad("mon 09h00-10:00", "time '09h00' is not HH:MM");
    bad("mon 12:00-09:00", "time range '12:00-09:00' does not end after it starts");
    bad("mon 09:00-09:00", "time range '09:00-09:00' does not end after it starts");
    bad("mon 09:00", "time range '09:00' is not HH:MM-HH:MM");
    bad("mon 09:00-12:00,11:00-13:00", "time ranges 09:00-12:00 and 11:00-13:00 overlap on mon");
    bad("mon-fri 09:00-12:00; wed 10:00-11:00", "overlap on wed");
    bad("mon 09:00-10:00,09:00-10:00", "overlap on mon");
    bad("mon", "group 'mon' has no time range");
    bad("mon-fri", "has no time range");
    bad("09:00-12:00", "group '09:00-12:00' does not start with days");
    bad("mon 09:00-10:00;", "group 2 (between ';') is empty");
    bad(";mon 09:00-10:00", "group 1 (between ';') is empty");
    bad("mon 09:00-10:00;; tue 09:00-10:00", "group 2");
    bad("mon 09:00-10:00,", "empty time range");
    bad("mon 09:00-10:00 tue 11:00-12:00", "time '10:00 tue 11:00-12:00' is not HH:MM");
    bad("mon\t09:00-10:00", "byte 0x09 at position 4");
    bad("mon 09:00-10:00\xc3\xa9", "byte 0xc3 at position 16");
    bad("\x01\x02\x03", "byte 0x01 at position 1");
    bad("mon 09:00-10:00\n", "byte 0x0a");
    bad("mon 0a:00-10:00", "time '0a:00'");
    bad("mon 09:00--10:00", "time '-10:00'");
    bad("mon 09:00-10:00-11:00", "time '10:00-11:00'");
    /* 16 ranges is the most 200 bytes can hold. */
    CHECK_STR(canon("mon 00:00-00:01,00:02-00:03,00:04-00:05,00:06-00:07,00:08-00:09,"
                    "00:10-00:11,00:12-00:13,00:14-00:15,00:16-00:17,00:18-00:19,00:20-00:21,"
                    "00:22-00:23,00:24-00:25,00:26-00:27,00:28-00:29,00:30-00:31"),
              "mon 00:00-00:01,00:02-00:03,00:04-00:05,00:06-00:07,00:08-00:09,"
              "00:10-00:11,00:12-00:13,00:14-00:15,00:16-00:17,00:18-00:19,00:20-00:21,"
              "00:22-00:23,00:24-00:25,00:26-00:27,00:28-00:29,00:30-00:31");
    /* A long bad part is cut in the message. */
    bad("abcdefghijklmnopqrstuvwxyzabcdefghijklmnop 09:00-10:00",
        "day 'abcdefghijklmnopqrstuvwxyzabcd...'");

    /* A tiny error buffer is still terminated; no buffer at all is fine. */
    char small[8];
    dk_hours h;
    CHECK_INT(dk_hours_parse("mun 09:00-10:00", &h, small, sizeof small), -1);
    CHECK_INT((long long)strlen(small), 7);
    CHECK_INT(dk_hours_parse("mun 09:00-10:00", &h, NULL, 0), -1);
    CHECK_INT(dk_hours_parse("mon 09:00-10:00", NULL, small, sizeof small), -1);
}

/* A random valid or invalid spec of at most 200 bytes. */
static void random_spec(char *out, size_t n)
{
    static const char *days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    size_t len = 0;
    int groups = 1 + dk_test_rnd(5);
    out[0] = '\0';
    for (int g = 0; g < groups; g++) {
        char part[200];
        int k = 0;
        int a = dk_test_rnd(7), b = a + dk_test_rnd(7 - a);
        if (dk_test_rnd(2))
            k += snprintf(part + k, sizeof part - (size_t)k, "%s-%s", days[a], days[b]);
        else
            k += snprintf(part + k, sizeof part - (size_t)k, "%s,%s", days[a], days[b]);
        int ranges = 1 + dk_test_rnd(4), t = dk_test_rnd(8) * 60;
        for (int r = 0; r < ranges && t < 1440; r++) {
            int e = t + 15 * (1 + dk_test_rnd(16));
            if (e > 1440)
                e = 1440;
            k += snprintf(part + k, sizeof part - (size_t)k, "%s%02d:%02d-%02d:%02d", r ? "," : " ",
                          t / 60, t % 60, e / 60, e % 60);
            t = e + 15 * dk_test_rnd(12);
        }
        if (len + (size_t)k + 2 >= n)
            break;
        len += (size_t)snprintf(out + len, n - len, "%s%s", g ? (dk_test_rnd(2) ? ";" : " ; ") : "",
                                part);
    }
}

static void test_round_trip(void)
{
    int valid = 0, longer = 0;
    for (int round = 0; round < 20000; round++) {
        char spec[DK_HOURS_SPEC_MAX + 1], text[DK_HOURS_TEXT_MAX];
        random_spec(spec, sizeof spec);
        dk_hours h, back;
        char err[160];
        if (dk_hours_parse(spec, &h, err, sizeof err) != 0)
            continue;
        valid++;
        dk_hours_format(&h, text, sizeof text);
        CHECK((long long)strlen(text) < DK_HOURS_TEXT_MAX - 1);
        if (strlen(text) > DK_HOURS_SPEC_MAX) {
            longer++;
            continue;
        }
        int rc = dk_hours_parse(text, &back, err, sizeof err);
        CHECK_INT(rc, 0);
        if (rc != 0 || memcmp(&h, &back, sizeof h) != 0) {
            dk_test_failures++;
            fprintf(stderr, "round trip: \"%s\" -> \"%s\" (%s)\n", spec, text, err);
        }
    }
    CHECK(valid > 5000);
    CHECK(longer < valid / 100);

    /* The documented contrived case: canonical text longer than the spec. */
    const char *spec = "mon,tue 01:00-02:00;mon,wed 03:00-04:00;mon,thu 05:00-06:00;"
                       "mon,fri 07:00-08:00;mon,sat 09:00-10:00;mon,sun 11:00-12:00;"
                       "tue,wed 13:00-14:00;tue,thu 15:00-16:00;tue,fri 17:00-18:00;"
                       "tue,sat 19:00-20:00";
    CHECK_INT((long long)strlen(spec), 199);
    CHECK_INT((long long)strlen(canon(spec)), 208);

    /* Sixteen ranges on sixteen different day sets: a long canonical text,
     * still whole in DK_HOURS_TEXT_MAX. */
    static const unsigned sets[DK_HOURS_MAX_RANGES] = {0x5b, 0x6d, 0x5d, 0x6b, 0x55, 0x2b,
                                                       0x35, 0x4b, 0x53, 0x65, 0x59, 0x4d,
                                                       0x33, 0x2d, 0x69, 0x56};
    dk_hours h;
    char text[DK_HOURS_TEXT_MAX];
    memset(&h, 0, sizeof h);
    for (int i = 0; i < DK_HOURS_MAX_RANGES; i++)
        for (int d = 0; d < 7; d++)
            if (sets[i] & (1u << d))
                h.ranges[d][h.nranges[d]++] =
                    (dk_hours_range){(short)(60 * i), (short)(60 * i + 30)};
    dk_hours_format(&h, text, sizeof text);
    CHECK(strlen(text) > 400);
    CHECK(strlen(text) < sizeof text - 1);
}

static void test_slots(void)
{
    dk_hours h;
    int starts[1440];
    CHECK_INT(dk_hours_parse("mon-fri 09:00-12:00,13:00-17:00; sat 10:10-11:00", &h, NULL, 0), 0);
    CHECK_INT(dk_hours_slots(&h, 1, 30, starts, 1440), 14);
    CHECK_INT(starts[0], 540);
    CHECK_INT(starts[5], 690);
    CHECK_INT(starts[6], 780);
    CHECK_INT(starts[13], 990);
    CHECK_INT(dk_hours_slots(&h, 6, 30, starts, 1440), 1); /* 10:10-10:40; 10:40-11:10 no */
    CHECK_INT(starts[0], 610);
    CHECK_INT(dk_hours_slots(&h, 7, 30, starts, 1440), 0);
    CHECK_INT(dk_hours_slots(&h, 5, 45, starts, 1440), 4 + 5); /* 09:00..11:15, 13:00..16:00 */
    CHECK_INT(dk_hours_slots(&h, 5, 240, starts, 1440), 1);
    CHECK_INT(dk_hours_slots(&h, 5, 500, starts, 1440), 0);
    CHECK_INT(dk_hours_slots(&h, 1, 30, starts, 3), 3);
    CHECK_INT(starts[2], 600);
    CHECK_INT(dk_hours_slots(&h, 0, 30, starts, 1440), 0);
    CHECK_INT(dk_hours_slots(&h, 8, 30, starts, 1440), 0);
    CHECK_INT(dk_hours_slots(&h, 1, 0, starts, 1440), 0);
    CHECK_INT(dk_hours_parse("sun 00:00-24:00", &h, NULL, 0), 0);
    CHECK_INT(dk_hours_slots(&h, 7, 1, starts, 1440), 1440);
    CHECK_INT(starts[1439], 1439);
}

int main(void)
{
    dk_test_rng_state = 0x2545f4914f6cdd1du;
    test_good();
    test_bad();
    test_round_trip();
    test_slots();
    DK_TEST_DONE();
}
