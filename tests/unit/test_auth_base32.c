/* SPDX-License-Identifier: EUPL-1.2 */
/* test_auth_base32.c — RFC 4648 base32 of common/auth: the RFC's vectors,
 * round trips of every length, the forms people type (lower case, spaces,
 * padding) and the inputs it must refuse. */
#include "auth/dk_auth_base32.h"
#include "dk_test.h"

#include <string.h>

static void rfc4648_vectors(void)
{
    static const struct {
        const char *in, *padded, *plain;
    } v[] = {
        {"", "", ""},
        {"f", "MY======", "MY"},
        {"fo", "MZXQ====", "MZXQ"},
        {"foo", "MZXW6===", "MZXW6"},
        {"foob", "MZXW6YQ=", "MZXW6YQ"},
        {"fooba", "MZXW6YTB", "MZXW6YTB"},
        {"foobar", "MZXW6YTBOI======", "MZXW6YTBOI"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = strlen(v[i].in);
        dk_buf b = DK_BUF_INIT;
        CHECK_INT(dk_auth_base32_encode(&b, v[i].in, n, 1), 0);
        CHECK_STR(b.data, v[i].padded);
        dk_buf_reset(&b);
        CHECK_INT(dk_auth_base32_encode(&b, v[i].in, n, 0), 0);
        CHECK_STR(b.data, v[i].plain);
        CHECK_INT(dk_auth_base32_len(n), strlen(v[i].plain));
        dk_buf_free(&b);
        if (n == 0)
            continue;
        unsigned char out[16];
        size_t got = 99;
        CHECK_INT(dk_auth_base32_decode(v[i].padded, out, sizeof out, &got), 0);
        CHECK_INT(got, n);
        CHECK(memcmp(out, v[i].in, n) == 0);
        got = 99;
        CHECK_INT(dk_auth_base32_decode(v[i].plain, out, sizeof out, &got), 0);
        CHECK_INT(got, n);
        CHECK(memcmp(out, v[i].in, n) == 0);
    }
}

static void round_trips(void)
{
    dk_test_rng_state = 0x5eed0b32u;
    for (size_t n = 1; n <= 80; n++) {
        for (int rep = 0; rep < 5; rep++) {
            unsigned char in[80], out[80];
            for (size_t i = 0; i < n; i++)
                in[i] = (unsigned char)dk_test_rnd(256);
            for (int pad = 0; pad <= 1; pad++) {
                dk_buf b = DK_BUF_INIT;
                CHECK_INT(dk_auth_base32_encode(&b, in, n, pad), 0);
                CHECK_INT(b.len, pad ? (n + 4) / 5 * 8 : dk_auth_base32_len(n));
                /* Lower-cased, and with a space every 4 symbols, it still decodes. */
                for (size_t i = 0; i < b.len; i++)
                    if (rep % 2 && b.data[i] >= 'A' && b.data[i] <= 'Z')
                        b.data[i] = (char)(b.data[i] - 'A' + 'a');
                dk_buf spaced = DK_BUF_INIT;
                for (size_t i = 0; i < b.len; i++) {
                    if (i % 4 == 0)
                        dk_buf_putc(&spaced, ' ');
                    dk_buf_putc(&spaced, b.data[i]);
                }
                size_t got = 0;
                CHECK_INT(dk_auth_base32_decode(b.data, out, sizeof out, &got), 0);
                CHECK_INT(got, n);
                CHECK(memcmp(in, out, n) == 0);
                got = 0;
                CHECK_INT(dk_auth_base32_decode(spaced.data, out, sizeof out, &got), 0);
                CHECK_INT(got, n);
                CHECK(memcmp(in, out, n) == 0);
                /* Too small an output buffer is refused, not overrun. */
                CHECK_INT(dk_auth_base32_decode(b.data, out, n - 1, &got), -1);
                dk_buf_free(&b);
                dk_buf_free(&spaced);
            }
        }
    }
}

static void refusals(void)
{
    const char *bad[] = {
        "",                 /* nothing */
        "   ",              /* spaces only */
        "========",         /* padding only */
        "MZXW6YT0",         /* 0 is not a symbol */
        "MZXW6YT1",         /* nor 1 */
        "MZXW6YT8",         /* nor 8 */
        "MZXW6YT9",         /* nor 9 */
        "MZXW-6YTB",        /* nor '-' */
        "MZXW6YTB\n",       /* nor a newline */
        "MZXW\t6YTB",       /* nor a tab */
        "MZXWÉYTB",         /* nor a non-ASCII letter */
        "MZXW6YTB\xff",     /* nor a stray byte */
        "M",                /* 1 symbol: no byte string */
        "MZX",              /* 3 symbols */
        "MZXW6Y",           /* 6 symbols */
        "MZ=XW6===",        /* a symbol after padding */
        "MY=====",          /* too little padding */
        "MY=======",        /* too much padding */
        "MZXW6YTB========", /* padding after a full block */
        "MZ",               /* "f" is MY: Z's unused bits are not zero */
        "MZXW6YR",          /* "foob" is MZXW6YQ: R's unused bit is set */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char out[32];
        size_t got = 12345;
        int rc = dk_auth_base32_decode(bad[i], out, sizeof out, &got);
        if (rc != -1)
            fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
        CHECK_INT(rc, -1);
        CHECK_INT(got, 12345);
    }
    unsigned char out[4];
    CHECK_INT(dk_auth_base32_decode(NULL, out, sizeof out, NULL), -1);
    /* A long input is refused at the output's end, never written past it. */
    char longer[4001];
    memset(longer, 'A', 4000);
    longer[4000] = '\0';
    unsigned char guard[8] = {0};
    CHECK_INT(dk_auth_base32_decode(longer, guard, 4, NULL), -1);
    CHECK_INT(guard[4], 0);
}

int main(void)
{
    rfc4648_vectors();
    round_trips();
    refusals();
    DK_TEST_DONE();
}
