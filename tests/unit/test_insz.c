/* SPDX-License-Identifier: EUPL-1.2 */
/* test_insz.c — unit tests for dk_insz: normalising formatted input and
 * validating national register and bis numbers (check digits in both
 * centuries, encoded birth dates, unknown dates, serial range). */
#include "belgium/dk_insz.h"
#include "dk_test.h"

static void test_normalise(void)
{
    char out[12];
    CHECK_INT(dk_insz_normalise("85.07.30-033.28", out), 0);
    CHECK_STR(out, "85073003328");
    CHECK_INT(dk_insz_normalise("85073003328", out), 0);
    CHECK_STR(out, "85073003328");
    CHECK_INT(dk_insz_normalise("85 07 30 033 28", out), 0);
    CHECK_STR(out, "85073003328");
    CHECK_INT(dk_insz_normalise("85.07.30-033 28 ", out), 0);
    CHECK_STR(out, "85073003328");
    CHECK_INT(dk_insz_normalise("850730-03328", out), 0);
    CHECK_STR(out, "85073003328");

    static const char *const bad[] = {
        "",                       /* empty */
        "   ",                    /* separators only */
        "8507300332",             /* 10 digits */
        "850730033288",           /* 12 digits */
        "85.07.30-033.2",         /* 10 digits, formatted */
        "85.07.30/033.28",        /* foreign separator */
        "85O73003328",            /* letter O */
        "8507300332a",            /* letter */
        "85073003328\n",          /* newline */
        "85\t073003328",          /* tab */
        "８５０７３００３３２８", /* full-width digits */
        "+85073003328",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out[0] = 'x';
        CHECK_INT(dk_insz_normalise(bad[i], out), -1);
        CHECK_STR(out, "");
    }
    CHECK_INT(dk_insz_normalise(NULL, out), -1);
}

static void test_valid(void)
{
    static const char *const good[] = {
        /* required vectors */
        "05061300176", /* 2005-06-13, post-2000 check digits */
        "00022899848", /* 2000-02-28 */
        "20022900276", /* 2020-02-29, leap year */
        "87521500290", /* bis, sex known (+40): 1987-12-15 */
        "87321500544", /* bis, sex unknown (+20): 1987-12-15 */
        /* more */
        "85073003328", /* 1985-07-30 */
        "17073003384", /* 2017-07-30 */
        "00022900145", /* 2000-02-29: 2000 is a leap year */
        "24022900164", /* 2024-02-29 */
        "85073100130", /* 31 July */
        "85073099833", /* serial 998 */
        "85500100167", /* bis +40: 1985-10-01 */
        "85320100138", /* bis +20: 1985-12-01 */
        "75460898095", /* bis +40: 1975-06-08 */
        "01490700185", /* bis +40: 2001-09-07 */
        "00000000196", /* birth date unknown (month 00, day 00) */
        "00000000128", /* the same, post-2000 check digits */
        "00000100166", /* unknown month, day used as counter */
        "00400000185", /* bis, unknown date */
        "85200000181", /* bis (+20), unknown date */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int ok = dk_insz_valid(good[i]);
        CHECK_INT(ok, 1);
        if (!ok)
            fprintf(stderr, "  rejected %s\n", good[i]);
    }

    static const char *const bad[] = {
        /* required vectors */
        "05061300162", /* wrong check digits */
        "87321500545", /* wrong check digits */
        "19022900141", /* check digits fit neither century (27 or 56 would) */
        /* more */
        "19022900127", /* check digits fit 1919, but 1919-02-29 is not a date */
        "19022900156", /* check digits fit 2019, but 2019-02-29 is not a date */
        "00022900116", /* 1900-02-29: 1900 is not a leap year */
        "23022900143", /* 2023-02-29 */
        "85063100123", /* 31 June */
        "85023000125", /* 30 February */
        "85130100102", /* month 13 */
        "85600100140", /* month 60 */
        "85010000145", /* day 00 with a known month */
        "85073000061", /* serial 000 */
        "85073099932", /* serial 999 */
        "12345678901",
        "00000000000",
        "99999999999",
        "8507300332",      /* 10 digits */
        "850730033280",    /* 12 digits */
        "85.07.30-033.28", /* not normalised */
        "8507300332a",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int ok = dk_insz_valid(bad[i]);
        CHECK_INT(ok, 0);
        if (ok)
            fprintf(stderr, "  accepted %s\n", bad[i]);
    }
    CHECK_INT(dk_insz_valid(NULL), 0);

    /* Normalise, then validate. */
    char out[12];
    CHECK_INT(dk_insz_normalise("87.52.15-002.90", out), 0);
    CHECK_INT(dk_insz_valid(out), 1);
}

int main(void)
{
    test_normalise();
    test_valid();
    DK_TEST_DONE();
}
