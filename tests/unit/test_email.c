/* SPDX-License-Identifier: EUPL-1.2 */
/* test_email.c — unit tests for dk_email_valid: ordinary addresses, every
 * length limit, and hostile input (header injection, NUL, Unicode, quoted
 * local parts, IP literals); the mailbox key of the per-recipient mail cap. */
#include "belgium/dk_email.h"
#include "dk_test.h"

#include <string.h>

static void check_one(const char *s, int want)
{
    int got = dk_email_valid(s);
    CHECK_INT(got, want);
    if (got != want)
        fprintf(stderr, "  \"%s\" -> %d\n", s, got);
}

static void test_valid(void)
{
    static const char *const good[] = {
        "jan.peeters@example.be",
        "a@b.be",
        "A.B@EXAMPLE.BE",
        "marie-claire.dupont@gov.fgov.be",
        "first+tag@sub.domain.example.com",
        "o'brien@example.ie",
        "x_y-z@example.museum",
        "!#$%&'*+-/=?^_`{|}~@example.org",
        "123@456.eu",
        "user@xn--caf-dma.be",   /* IDN domain label */
        "user@example.xn--p1ai", /* IDN TLD */
        "user@a-b.c-d.info",
        "user@1.2.3.be",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        check_one(good[i], 1);
}

static void test_invalid(void)
{
    static const char *const bad[] = {
        "",
        "@",
        "plainaddress",
        "@example.be",
        "user@",
        "user@@example.be",
        "a@b@example.be",
        "user@localhost", /* no dot */
        "user@example",
        "user@example.b",   /* one-letter TLD */
        "user@example.123", /* numeric TLD */
        "user@example.b3",
        "user@192.168.0.1",
        "user@[192.168.0.1]", /* IP literal */
        "user@[IPv6:2001:db8::1]",
        "\"john doe\"@example.be", /* quoted local part */
        "\"john\"@example.be",
        ".user@example.be",
        "user.@example.be",
        "us..er@example.be",
        "user@.example.be",
        "user@example.be.",
        "user@example..be",
        "user@-example.be",
        "user@example-.be",
        "user@exa_mple.be",
        "user name@example.be",
        " user@example.be",
        "user@example.be ",
        "user@exa mple.be",
        "user(comment)@example.be",
        "user@example.be\n",
        "a@b.be\r\nBcc: x@y.z",
        "a@b.be\nBcc: x@y.z",
        "a@b.be,x@y.z",
        "a@b.be;x@y.z",
        "<a@b.be>",
        "Jan <a@b.be>",
        "a\tb@example.be",
        "a\x7f@example.be",
        "jösé@example.be", /* non-ASCII local part */
        "user@café.be",    /* IDN not in xn-- form */
        "user@例え.jp",
        "user@example.xn--", /* empty punycode */
        "user@xn--.be",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_one(bad[i], 0);
    CHECK_INT(dk_email_valid(NULL), 0);

    /* A NUL cuts the string: what follows is never seen. */
    const char with_nul[] = "a@b.be\0\r\nBcc: x@y.z";
    CHECK_INT(dk_email_valid(with_nul), 1);
}

static void test_lengths(void)
{
    char buf[400];

    /* Local part: 64 ok, 65 not. */
    memset(buf, 'a', 64);
    strcpy(buf + 64, "@example.be");
    check_one(buf, 1);
    memset(buf, 'a', 65);
    strcpy(buf + 65, "@example.be");
    check_one(buf, 0);

    /* Label: 63 ok, 64 not. */
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 63);
    strcpy(buf + 65, ".be");
    check_one(buf, 1);
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 64);
    strcpy(buf + 66, ".be");
    check_one(buf, 0);

    /* Whole address of exactly 254 (local 11, domain 242) ok, 255 not:
     * labels of 59 characters plus dots. */
    size_t n = 0;
    memset(buf, 'u', 11);
    n = 11;
    buf[n++] = '@';
    for (int i = 0; i < 4; i++) {
        memset(buf + n, 'd', 59);
        n += 59;
        buf[n++] = '.';
    }
    strcpy(buf + n, "be");
    n += 2;
    CHECK_INT(strlen(buf), 254);
    check_one(buf, 1);
    memmove(buf + 1, buf, n + 1);
    buf[0] = 'u';
    CHECK_INT(strlen(buf), 255);
    check_one(buf, 0);

    /* Domain over 253 characters, local part short. */
    strcpy(buf, "a@");
    n = 2;
    for (int i = 0; i < 5; i++) {
        memset(buf + n, 'd', 50);
        n += 50;
        buf[n++] = '.';
    }
    strcpy(buf + n, "be");
    check_one(buf, 0);

    /* 300-character addresses. */
    memset(buf, 'a', 300);
    buf[300] = '\0';
    memcpy(buf + 280, "@example.be", 11);
    check_one(buf, 0);
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 298);
    buf[300] = '\0';
    memcpy(buf + 297, ".be", 3);
    check_one(buf, 0);
}

/* dk_email_mailbox_key: the key the mailer's per-recipient cap counts on. */
static void test_mailbox_key(void)
{
    static const char *const cases[][2] = {
        {"jan.peeters@example.be", "jan.peeters@example.be"},
        {"Jan.Peeters@EXAMPLE.BE", "jan.peeters@example.be"},
        {"victim+1@example.be", "victim@example.be"},
        {"VICTIM+Tag+More@Example.Be", "victim@example.be"},
        {"+only@example.be", "@example.be"},
        {"a.b+@example.be", "a.b@example.be"},
        {"no-at-sign+x", "no-at-sign+x"}, /* not an address: only lower case */
        {"", ""},
    };
    char out[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_email_mailbox_key(cases[i][0], out, sizeof out);
        CHECK_STR(out, cases[i][1]);
    }
    /* Every valid spelling of one mailbox gives one key. */
    char a[300], b[300];
    dk_email_mailbox_key("Someone+news@Example.org", a, sizeof a);
    dk_email_mailbox_key("someone@example.ORG", b, sizeof b);
    CHECK_STR(a, b);
    /* Truncates inside the buffer, always terminated. */
    char small[6];
    dk_email_mailbox_key("ABCDEFGH@x.be", small, sizeof small);
    CHECK_STR(small, "abcde");
    char one[1];
    dk_email_mailbox_key("x@y.be", one, sizeof one);
    CHECK_INT(one[0], 0);
}

int main(void)
{
    test_valid();
    test_invalid();
    test_lengths();
    test_mailbox_key();
    DK_TEST_DONE();
}
