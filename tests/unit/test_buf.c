/* SPDX-License-Identifier: EUPL-1.2 */
/* test_buf.c — unit tests for dk_buf: growth and terminator, and the sticky
 * failure that keeps a truncated page or message from going out: after one
 * failed append (here forced by a per-buffer limit) every later append fails,
 * even one that would fit, the contents stay what they were, dk_buf_steal()
 * refuses them, and only a reset starts a new text. */
#include "core/dk_buf.h"
#include "dk_test.h"

#include <stdlib.h>

static void grows_and_terminates(void)
{
    dk_buf b = DK_BUF_INIT;
    CHECK(b.data == NULL);
    CHECK_INT(dk_buf_failed(&b), 0);
    for (int i = 0; i < 1000; i++)
        CHECK_INT(dk_buf_appendf(&b, "%03d,", i % 1000), 0);
    CHECK_INT(b.len, 4000);
    CHECK_INT(b.data[b.len], '\0');
    CHECK(strncmp(b.data, "000,001,002,", 12) == 0);
    CHECK_INT(dk_buf_append(&b, "a\0b", 3), 0);
    CHECK_INT(b.len, 4003);
    CHECK_INT(b.data[4001], '\0');
    CHECK_INT(dk_buf_puts(&b, NULL), 0);
    CHECK_INT(dk_buf_failed(&b), 0);
    char *s = dk_buf_steal(&b);
    CHECK(s != NULL);
    CHECK(b.data == NULL && b.len == 0);
    free(s);
    s = dk_buf_steal(&b); /* an empty buffer yields "" */
    CHECK_STR(s, "");
    free(s);
}

static void failure_sticks(void)
{
    dk_buf b = DK_BUF_INIT;
    dk_buf_limit(&b, 10);
    CHECK_INT(dk_buf_puts(&b, "<p>hello"), 0); /* 8 bytes */
    CHECK_INT(dk_buf_failed(&b), 0);
    CHECK_INT(dk_buf_puts(&b, " world</p>"), -1); /* would pass 10 */
    CHECK_INT(dk_buf_failed(&b), 1);
    CHECK_STR(b.data, "<p>hello"); /* previous contents kept, terminated */
    /* Later appends that would fit fail too: no gap in the middle of a page. */
    CHECK_INT(dk_buf_putc(&b, '!'), -1);
    CHECK_INT(dk_buf_append(&b, "", 0), -1);
    CHECK_INT(dk_buf_appendf(&b, "%d", 1), -1);
    CHECK_INT(dk_buf_reserve(&b, 0), -1);
    CHECK_STR(b.data, "<p>hello");
    CHECK_INT(dk_buf_failed(&b), 1);
    /* The truncated text is refused, never handed on. */
    CHECK(dk_buf_steal(&b) == NULL);
    CHECK(b.data == NULL && b.len == 0);
    CHECK_INT(dk_buf_failed(&b), 0);
}

static void exactly_at_the_limit(void)
{
    dk_buf b = DK_BUF_INIT;
    dk_buf_limit(&b, 4);
    CHECK_INT(dk_buf_puts(&b, "abcd"), 0);
    CHECK_INT(dk_buf_failed(&b), 0);
    CHECK_INT(dk_buf_putc(&b, 'e'), -1);
    CHECK_INT(dk_buf_failed(&b), 1);
    dk_buf_free(&b);
}

static void reset_starts_a_new_text(void)
{
    dk_buf b = DK_BUF_INIT;
    dk_buf_limit(&b, 6);
    CHECK_INT(dk_buf_appendf(&b, "%s", "too long"), -1);
    CHECK_INT(dk_buf_failed(&b), 1);
    CHECK(b.data == NULL); /* nothing was written */
    dk_buf_reset(&b);
    CHECK_INT(dk_buf_failed(&b), 0);
    CHECK_INT(dk_buf_puts(&b, "error"), 0);
    CHECK_STR(b.data, "error");
    dk_buf_free(&b);
    CHECK_INT(dk_buf_failed(&b), 0);
    CHECK_INT(dk_buf_puts(&b, "123456"), 0); /* the limit stays after free */
    CHECK_INT(dk_buf_putc(&b, '7'), -1);
    dk_buf_free(&b);
}

static void the_global_ceiling_fails_too(void)
{
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_buf_puts(&b, "x"), 0);
    CHECK_INT(dk_buf_reserve(&b, DK_BUF_MAX), -1); /* len + extra overflows the ceiling */
    CHECK_INT(dk_buf_failed(&b), 1);
    CHECK_INT(dk_buf_puts(&b, "y"), -1);
    CHECK_STR(b.data, "x");
    dk_buf_free(&b);
    dk_buf_limit(&b, DK_BUF_MAX * 2); /* a limit above the ceiling is the ceiling */
    CHECK_INT(dk_buf_reserve(&b, DK_BUF_MAX + 1), -1);
    CHECK_INT(dk_buf_failed(&b), 1);
    dk_buf_free(&b);
}

int main(void)
{
    grows_and_terminates();
    failure_sticks();
    exactly_at_the_limit();
    reset_starts_a_new_text();
    the_global_ceiling_fails_too();
    DK_TEST_DONE();
}
