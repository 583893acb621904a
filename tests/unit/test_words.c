/* SPDX-License-Identifier: EUPL-1.2 */
/* test_words.c — unit tests for dk_words: the date and clock spellings the
 * e-mails and the pages share, in each language, at the edges (day 1,
 * midnight, the last minute) and for a language we do not have. */
#include "belgium/dk_words.h"
#include "dk_test.h"

static void date_is(const char *lang, int y, int m, int d, const char *want)
{
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_words_date(&b, lang, (dk_date){y, m, d}), 0);
    CHECK_STR(b.data, want);
    dk_buf_free(&b);
}

static void clock_is(const char *lang, int minute, const char *want)
{
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_words_clock(&b, lang, minute), 0);
    CHECK_STR(b.data, want);
    dk_buf_free(&b);
}

int main(void)
{
    date_is("nl", 2026, 12, 8, "dinsdag 8 december 2026");
    date_is("fr", 2026, 12, 8, "mardi 8 décembre 2026");
    date_is("en", 2026, 12, 8, "Tuesday 8 December 2026");
    date_is("nl", 2026, 12, 1, "dinsdag 1 december 2026");
    date_is("fr", 2026, 12, 1, "mardi 1er décembre 2026");
    date_is("en", 2027, 8, 1, "Sunday 1 August 2027");
    date_is("fr", 2028, 2, 29, "mardi 29 février 2028");

    clock_is("nl", 9 * 60 + 30, "09:30");
    clock_is("fr", 9 * 60 + 30, "9h30");
    clock_is("en", 9 * 60 + 30, "09:30");
    clock_is("fr", 0, "0h00");
    clock_is("nl", 23 * 60 + 59, "23:59");
    clock_is("fr", 23 * 60 + 59, "23h59");
    /* Office hours as the slot hint of the pages writes them. */
    clock_is("fr", 9 * 60, "9h00");
    clock_is("fr", 17 * 60, "17h00");
    clock_is("nl", 9 * 60, "09:00");

    CHECK_STR(dk_words_at("nl"), "om");
    CHECK_STR(dk_words_at("fr"), "à");
    CHECK_STR(dk_words_at("en"), "at");

    /* A language the catalogue lacks is written in English. */
    date_is("de", 2026, 12, 8, "Tuesday 8 December 2026");
    date_is(NULL, 2026, 12, 8, "Tuesday 8 December 2026");
    clock_is(NULL, 10 * 60, "10:00");
    DK_TEST_DONE();
}
