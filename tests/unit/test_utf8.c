/* SPDX-License-Identifier: EUPL-1.2 */
/* test_utf8.c — unit tests for dk_utf8: strict validity (overlongs,
 * surrogates, range, truncation), code point counting and the two
 * control-character scans. */
#include "core/dk_utf8.h"
#include "dk_test.h"

#include <string.h>

static int valid(const char *s)
{
    return dk_utf8_valid(s, strlen(s));
}

static void test_valid(void)
{
    CHECK(valid(""));
    CHECK(valid("plain ASCII"));
    CHECK(valid("Ren\xc3\xa9")); /* é */
    CHECK(valid("Stra\xc3\x9f"
                "e"));                        /* ß */
    CHECK(valid("\xd0\x9a\xd0\xb8\xd1\x80")); /* Кир */
    CHECK(valid("\xe2\x82\xac"));             /* € */
    CHECK(valid("\xef\xbf\xbf"));             /* U+FFFF */
    CHECK(valid("\xf0\x9f\x98\x80"));         /* U+1F600 */
    CHECK(valid("\xf4\x8f\xbf\xbf"));         /* U+10FFFF */
    CHECK(valid("\xc2\x80"));                 /* U+0080, smallest 2-byte */
    CHECK(valid("\xe0\xa0\x80"));             /* U+0800, smallest 3-byte */
    CHECK(valid("\xf0\x90\x80\x80"));         /* U+10000, smallest 4-byte */
    CHECK(valid("\xed\x9f\xbf"));             /* U+D7FF */
    CHECK(valid("\xee\x80\x80"));             /* U+E000 */
    CHECK(dk_utf8_valid("a\0b", 3));          /* NUL is valid UTF-8 */

    CHECK(!valid("\x80")); /* lone continuation */
    CHECK(!valid("\xbf"));
    CHECK(!valid("\xc0\x80"));     /* overlong NUL */
    CHECK(!valid("\xc1\xbf"));     /* overlong */
    CHECK(!valid("\xe0\x80\x80")); /* overlong 3-byte */
    CHECK(!valid("\xe0\x9f\xbf"));
    CHECK(!valid("\xf0\x80\x80\x80")); /* overlong 4-byte */
    CHECK(!valid("\xf0\x8f\xbf\xbf"));
    CHECK(!valid("\xed\xa0\x80"));     /* U+D800 surrogate */
    CHECK(!valid("\xed\xbf\xbf"));     /* U+DFFF surrogate */
    CHECK(!valid("\xf4\x90\x80\x80")); /* U+110000 */
    CHECK(!valid("\xf5\x80\x80\x80"));
    CHECK(!valid("\xff"));
    CHECK(!valid("\xfe"));
    CHECK(!valid("\xc3")); /* truncated */
    CHECK(!valid("\xe2\x82"));
    CHECK(!valid("\xf0\x9f\x98"));
    CHECK(!valid("\xc3\x28")); /* bad continuation */
    CHECK(!valid("\xe2\x28\xa1"));
    CHECK(!valid("\xe2\x82\x28"));
    CHECK(!valid("\xf0\x9f\x98\x28"));
    CHECK(!valid("ok\xc3"));
    /* n limits the scan: a sequence cut by n is invalid. */
    CHECK(!dk_utf8_valid("\xe2\x82\xac", 2));
    CHECK(dk_utf8_valid("\xe2\x82\xac", 0));
}

static void test_count(void)
{
    CHECK_INT(dk_utf8_count(""), 0);
    CHECK_INT(dk_utf8_count("abc"), 3);
    CHECK_INT(dk_utf8_count("Ren\xc3\xa9"), 4);
    CHECK_INT(dk_utf8_count("\xe2\x82\xac\xf0\x9f\x98\x80"), 2);
    CHECK_INT(dk_utf8_count("\xd0\x9a\xd0\xb8\xd1\x80\xd0\xb8\xd0\xbb\xd0\xbb\xd0\xb8\xd1\x86"
                            "\xd0\xb0"),
              9); /* Кириллица */
}

static void test_controls(void)
{
    CHECK_INT(dk_utf8_has_control("Jean-Pierre O'Neil <x>; \"q\""), 0);
    CHECK_INT(dk_utf8_has_control("Ren\xc3\xa9 \xc2\xa0 \xc2\xbf"), 0); /* NBSP, ¿ */
    CHECK_INT(dk_utf8_has_control("a\x01"), 1);
    CHECK_INT(dk_utf8_has_control("a\tb"), 1);
    CHECK_INT(dk_utf8_has_control("a\nb"), 1);
    CHECK_INT(dk_utf8_has_control("a\rb"), 1);
    CHECK_INT(dk_utf8_has_control("a\x1b[31m"), 1);
    CHECK_INT(dk_utf8_has_control("a\x1f"), 1);
    CHECK_INT(dk_utf8_has_control("a\x7f"), 1);
    CHECK_INT(dk_utf8_has_control("a\xc2\x80"), 1); /* U+0080 */
    CHECK_INT(dk_utf8_has_control("a\xc2\x85"), 1); /* NEL */
    CHECK_INT(dk_utf8_has_control("a\xc2\x9f"), 1); /* U+009F */
    CHECK_INT(dk_utf8_has_control("a\xc2\xa0"), 0); /* U+00A0 is not */
    CHECK_INT(dk_utf8_has_control(""), 0);

    CHECK_INT(dk_utf8_has_control_except_newline("line 1\nline 2\r\n\tindented"), 0);
    CHECK_INT(dk_utf8_has_control_except_newline("a\x01"), 1);
    CHECK_INT(dk_utf8_has_control_except_newline("a\x0b"), 1); /* vertical tab */
    CHECK_INT(dk_utf8_has_control_except_newline("a\x0c"), 1); /* form feed */
    CHECK_INT(dk_utf8_has_control_except_newline("a\x7f"), 1);
    CHECK_INT(dk_utf8_has_control_except_newline("a\xc2\x85"), 1);
    CHECK_INT(dk_utf8_has_control_except_newline("caf\xc3\xa9\n"), 0);
}

int main(void)
{
    test_valid();
    test_count();
    test_controls();
    DK_TEST_DONE();
}
