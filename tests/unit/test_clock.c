/* SPDX-License-Identifier: EUPL-1.2 */
/* test_clock.c — unit tests for dk_clock: the strict ISO-8601 parser (offset
 * forms, fractions, malformed inputs), UTC and Brussels formatting, and
 * dk_now_ms() pinned by DK_NOW, including the exit(2) on a malformed value. */
#include "core/dk_clock.h"
#include "dk_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T_2026_03_27_10 INT64_C(1774605600000) /* 2026-03-27T10:00:00Z */

static void test_parse_ok(void)
{
    int64_t ms = -1;
    CHECK_INT(dk_iso8601_parse("1970-01-01T00:00:00Z", &ms), 0);
    CHECK_INT(ms, 0);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00Z", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-27T11:00:00+01:00", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-27T05:30:00-04:30", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00+00:00", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00-00:00", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-28T00:00:00+14:00", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00.5Z", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10 + 500);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00.123Z", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10 + 123);
    CHECK_INT(dk_iso8601_parse("2026-03-27T10:00:00.123999999Z", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10 + 123); /* truncated, not rounded */
    CHECK_INT(dk_iso8601_parse("2026-03-27T12:00:00.250+02:00", &ms), 0);
    CHECK_INT(ms, T_2026_03_27_10 + 250);
    CHECK_INT(dk_iso8601_parse("1969-12-31T23:59:59.999Z", &ms), 0);
    CHECK_INT(ms, -1);
    CHECK_INT(dk_iso8601_parse("2024-02-29T23:59:59Z", &ms), 0);
    CHECK_INT(dk_iso8601_parse("9999-12-31T23:59:59.999Z", &ms), 0);
    CHECK_INT(ms, INT64_C(253402300799999));
}

static void test_parse_bad(void)
{
    static const char *const bad[] = {
        "",
        "2026",
        "2026-03-27",
        "2026-03-27T10:00Z",    /* seconds required */
        "2026-03-27T10:00:00",  /* zone required */
        "2026-03-27 10:00:00Z", /* 'T' required */
        "2026-03-27t10:00:00Z", /* upper case only */
        "2026-03-27T10:00:00z",
        "2026-03-27T10:00:00+0100", /* ±HH:MM only */
        "2026-03-27T10:00:00+01",
        "2026-03-27T10:00:00+1:00",
        "2026-03-27T10:00:00+24:00",
        "2026-03-27T10:00:00+01:60",
        "2026-03-27T10:00:00Z ",
        " 2026-03-27T10:00:00Z",
        "2026-03-27T10:00:00ZZ",
        "2026-03-27T10:00:00+01:00Z",
        "2026-03-27T24:00:00Z",
        "2026-03-27T10:60:00Z",
        "2026-03-27T10:00:60Z", /* no leap seconds */
        "2026-02-29T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-3-27T10:00:00Z",
        "0999-12-31T10:00:00Z",
        "2026-03-27T10:00:00.Z",  /* empty fraction */
        "2026-03-27T10:00:00,5Z", /* comma fraction */
        "2026-03-27T10:00:00.1234567890Z",
        "2026-03-27T1a:00:00Z",
        "+2026-03-27T10:00:00Z",
        "now",
        "1774605600000",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms = 42;
        int rc = dk_iso8601_parse(bad[i], &ms);
        CHECK_INT(rc, -1);
        CHECK_INT(ms, 42);
        if (rc != -1)
            fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
    }
    int64_t ms;
    CHECK_INT(dk_iso8601_parse(NULL, &ms), -1);
}

static void test_format(void)
{
    char buf[32];
    dk_iso8601_utc(T_2026_03_27_10, buf);
    CHECK_STR(buf, "2026-03-27T10:00:00Z");
    dk_iso8601_utc(T_2026_03_27_10 + 7, buf);
    CHECK_STR(buf, "2026-03-27T10:00:00.007Z");
    dk_iso8601_utc(T_2026_03_27_10 + 123, buf);
    CHECK_STR(buf, "2026-03-27T10:00:00.123Z");
    dk_iso8601_utc(0, buf);
    CHECK_STR(buf, "1970-01-01T00:00:00Z");
    dk_iso8601_utc(-1, buf);
    CHECK_STR(buf, "1969-12-31T23:59:59.999Z");
    dk_iso8601_utc(INT64_MAX, buf);
    CHECK_STR(buf, "9999-12-31T23:59:59.999Z");
    dk_iso8601_utc(INT64_MIN, buf);
    CHECK_STR(buf, "0001-01-01T00:00:00Z");

    dk_iso8601_brussels(T_2026_03_27_10, buf);
    CHECK_STR(buf, "2026-03-27T11:00:00+01:00");
    int64_t ms;
    dk_iso8601_parse("2026-03-30T07:00:00Z", &ms);
    dk_iso8601_brussels(ms, buf);
    CHECK_STR(buf, "2026-03-30T09:00:00+02:00");
    dk_iso8601_parse("2026-10-25T00:30:00Z", &ms);
    dk_iso8601_brussels(ms, buf);
    CHECK_STR(buf, "2026-10-25T02:30:00+02:00");
    dk_iso8601_parse("2026-10-25T01:30:00.5Z", &ms);
    dk_iso8601_brussels(ms, buf);
    CHECK_STR(buf, "2026-10-25T02:30:00.500+01:00");
    dk_iso8601_parse("2026-12-31T23:00:00Z", &ms);
    dk_iso8601_brussels(ms, buf);
    CHECK_STR(buf, "2027-01-01T00:00:00+01:00");

    /* Round trips through the parser. */
    int bad = 0;
    for (int64_t t = -INT64_C(86400000) * 366 * 80; t < INT64_C(86400000) * 366 * 80;
         t += INT64_C(86400000) * 7 + 3600 * 1000 + 61001) {
        char a[32], b[32];
        int64_t back1 = 0, back2 = 0;
        dk_iso8601_utc(t, a);
        dk_iso8601_brussels(t, b);
        if (dk_iso8601_parse(a, &back1) != 0 || back1 != t || dk_iso8601_parse(b, &back2) != 0 ||
            back2 != t)
            bad++;
    }
    CHECK_INT(bad, 0);
}

/* In a child: DK_NOW=value, call dk_now_ms(); returns the exit status. */
static int child_status(const char *value)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (freopen("/dev/null", "w", stderr) == NULL)
            _exit(3);
        setenv("DK_NOW", value, 1);
        (void)dk_now_ms();
        _exit(0);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_now(void)
{
    /* Run before this process's first dk_now_ms() so that children start
     * with a fresh pthread_once. */
    CHECK_INT(child_status("garbage"), 2);
    CHECK_INT(child_status("2026-03-27"), 2);
    CHECK_INT(child_status("2026-03-27T10:00:00"), 2);
    CHECK_INT(child_status("2026-03-27T10:00:00Z"), 0);
    CHECK_INT(child_status(""), 0); /* empty = unset */

    setenv("DK_NOW", "2026-03-27T11:00:00+01:00", 1);
    int64_t a = dk_now_ms();
    CHECK(a >= T_2026_03_27_10 && a < T_2026_03_27_10 + 5000);
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    int64_t b = dk_now_ms();
    CHECK(b >= a + 15 && b < a + 5000); /* advances with real time */
    /* Read once: changing DK_NOW afterwards has no effect. */
    setenv("DK_NOW", "2030-01-01T00:00:00Z", 1);
    int64_t c = dk_now_ms();
    CHECK(c >= b && c < T_2026_03_27_10 + 10000);
    unsetenv("DK_NOW");
}

int main(void)
{
    test_parse_ok();
    test_parse_bad();
    test_format();
    test_now();
    DK_TEST_DONE();
}
