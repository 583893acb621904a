/* SPDX-License-Identifier: EUPL-1.2 */
/* test_origin.c — the origin check of POSTs (common/web/dk_origin.c):
 * reading the origin of an Origin header or a Referer URL, and matching it
 * against DK_PUBLIC_URL and the intake's own address, with hostile and
 * malformed values that must never match. */
#include "dk_test.h"
#include "web/dk_origin.h"

#include <stdio.h>
#include <string.h>

static void origin_of(void)
{
    static const struct {
        const char *in, *want; /* want NULL = not an origin */
    } cases[] = {
        {"https://mybelgianid.example", "https://mybelgianid.example"},
        {"https://MyBelgianID.Example/", "https://mybelgianid.example"},
        {"HTTPS://mybelgianid.example:443", "https://mybelgianid.example"},
        {"http://127.0.0.1:80/x", "http://127.0.0.1"},
        {"https://mybelgianid.example:8443/proposal/abc?lang=nl#top",
         "https://mybelgianid.example:8443"},
        {"http://127.0.0.1:41234", "http://127.0.0.1:41234"},
        {"http://127.0.0.1:41234?x", "http://127.0.0.1:41234"},
        {"http://[::1]:8080/", "http://[::1]:8080"},
        {"https://a.example:443#f", "https://a.example"},
        {"null", NULL},
        {"", NULL},
        {"ftp://mybelgianid.example", NULL},
        {"//mybelgianid.example", NULL},
        {"mybelgianid.example", NULL},
        {"https://", NULL},
        {"https:///path", NULL},
        {"https://:443", NULL},
        {"https://user@mybelgianid.example", NULL},
        {"https://mybelgianid.example@evil.example", NULL},
        {"https://evil.example\\@mybelgianid.example", NULL},
        {"https://mybelgianid.example:", NULL},
        {"https://mybelgianid.example:0", NULL},
        {"https://mybelgianid.example:65536", NULL},
        {"https://mybelgianid.example:123456", NULL},
        {"https://mybelgianid.example:44x", NULL},
        {"https://mybelgianid.example :443", NULL},
        {"https://mybelgianid.example\t", NULL},
        {"https://mybel\x01gianid.example", NULL},
        {"https://mybelgianid.example\xc3\xa9", NULL},
        {"https://[::1", NULL},
        {"https://[]", NULL},
        {"https://[::1]x", NULL},
        {"https://my_belgianid.example", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[300] = "";
        int rc = dk_origin_of(cases[i].in, out, sizeof out);
        if (cases[i].want) {
            CHECK_INT(rc, 0);
            CHECK_STR(out, cases[i].want);
        } else if (rc != -1) {
            CHECK_INT(rc, -1);
            fprintf(stderr, "  accepted \"%s\" as \"%s\"\n", cases[i].in, out);
        }
    }
    CHECK_INT(dk_origin_of(NULL, (char[64]){0}, 64), -1);
    /* Too long for out: refused, not cut. */
    char small[16];
    CHECK_INT(dk_origin_of("https://mybelgianid.example", small, sizeof small), -1);
    /* A host longer than any real one. */
    char huge[400] = "https://";
    memset(huge + 8, 'a', 300);
    huge[308] = '\0';
    CHECK_INT(dk_origin_of(huge, (char[512]){0}, 512), -1);
}

static void matches(void)
{
    const char *const ours[] = {"https://mybelgianid.example", "http://127.0.0.1:41234", "",
                                "http://localhost:41234", NULL};
    CHECK(dk_origin_matches("https://mybelgianid.example", ours));
    CHECK(dk_origin_matches("https://mybelgianid.example:443", ours));
    CHECK(dk_origin_matches("https://mybelgianid.example/proposal/x?lang=fr", ours)); /* Referer */
    CHECK(dk_origin_matches("http://127.0.0.1:41234", ours));
    CHECK(dk_origin_matches("http://localhost:41234", ours));
    CHECK(!dk_origin_matches("https://evil.example", ours));
    CHECK(!dk_origin_matches("null", ours));
    CHECK(!dk_origin_matches("", ours));
    CHECK(!dk_origin_matches(NULL, ours));
    CHECK(!dk_origin_matches("http://mybelgianid.example", ours));       /* scheme */
    CHECK(!dk_origin_matches("https://mybelgianid.example:8443", ours)); /* port */
    CHECK(!dk_origin_matches("http://127.0.0.1:41235", ours));
    CHECK(!dk_origin_matches("https://127.0.0.1:41234", ours));
    CHECK(!dk_origin_matches("https://mybelgianid.example.evil.example", ours));
    CHECK(!dk_origin_matches("https://evil-mybelgianid.example", ours));
    CHECK(!dk_origin_matches("https://sub.mybelgianid.example", ours));
    CHECK(!dk_origin_matches("https://mybelgianid.example@evil.example", ours));
    CHECK(!dk_origin_matches("https://evil.example/https://mybelgianid.example", ours));
    CHECK(!dk_origin_matches("https://mybelgianid.example, https://evil.example", ours));
    /* An empty list, or an empty public URL alone, matches nothing. */
    const char *const none[] = {NULL};
    const char *const empty[] = {"", NULL};
    CHECK(!dk_origin_matches("https://mybelgianid.example", none));
    CHECK(!dk_origin_matches("https://mybelgianid.example", empty));
    CHECK(!dk_origin_matches("https://mybelgianid.example", NULL));
    /* A public URL with a path prefix still names its origin. */
    const char *const behind[] = {"https://www.example.be/digitalkey/", NULL};
    CHECK(dk_origin_matches("https://www.example.be", behind));
}

int main(void)
{
    origin_of();
    matches();
    DK_TEST_DONE();
}
