/* SPDX-License-Identifier: EUPL-1.2 */
/* test_source.c — unit tests for dk_source_key: one key per IPv4 address
 * and per IPv6 /64 whatever the spelling, IPv4-mapped IPv6 as IPv4, a
 * different key under another secret, the address never in the key, and
 * hostile text from a proxy header. Known values computed with Python's
 * hmac module pin the format (a change would reset every source's count). */
#include "dk_source.h"
#include "dk_test.h"

#include <string.h>

static const char *key(const char *secret, const char *addr)
{
    static char out[8][65];
    static int next;
    char *o = out[next++ % 8];
    if (dk_source_key(secret, addr, o) != 0)
        return NULL;
    return o;
}

static int same(const char *a, const char *b)
{
    const char *ka = key("test-key", a), *kb = key("test-key", b);
    return ka && kb && strcmp(ka, kb) == 0;
}

static void test_known_values(void)
{
    CHECK_STR(key("test-key", "10.1.2.3"),
              "c15b0ac62be0abdc488d5d307334f75d6c1337da1013078d10e5e6b78887096a");
    CHECK_STR(key("test-key", "2001:db8:0:1::42"),
              "00249b838907d4d8e381fd58ccbf370a94dc8b5e80d9570557c995e925fc7237");
}

static void test_ipv4(void)
{
    CHECK(same("10.1.2.3", "10.1.2.3"));
    CHECK(!same("10.1.2.3", "10.1.2.4")); /* IPv4: each address its own source */
    CHECK(!same("10.1.2.3", "11.1.2.3"));
    CHECK(same("::ffff:10.1.2.3", "10.1.2.3")); /* IPv4-mapped IPv6 */
    CHECK(same("::ffff:a01:203", "10.1.2.3"));
    CHECK(!same("::10.1.2.3", "10.1.2.3")); /* IPv4-compatible is plain IPv6 */
}

static void test_ipv6_prefix(void)
{
    /* One /64, any host part and any spelling: one source. */
    CHECK(same("2001:db8:0:1::42", "2001:db8:0:1::43"));
    CHECK(same("2001:db8:0:1::42", "2001:0db8:0000:0001:ffff:ffff:ffff:ffff"));
    CHECK(same("2001:DB8:0:1::1", "2001:db8:0:1:1:2:3:4"));
    /* The next /64, or another prefix: another source. */
    CHECK(!same("2001:db8:0:1::42", "2001:db8:0:2::42"));
    CHECK(!same("2001:db8:0:1::42", "2001:db9:0:1::42"));
    CHECK(!same("::1", "127.0.0.1"));
}

static void test_secret_and_secrecy(void)
{
    const char *a = key("test-key", "10.1.2.3"), *b = key("other-key", "10.1.2.3");
    CHECK(a && b && strcmp(a, b) != 0);
    const char *k = key("test-key", "192.0.2.77");
    CHECK(k != NULL && strlen(k) == 64);
    for (size_t i = 0; k && i < 64; i++)
        CHECK((k[i] >= '0' && k[i] <= '9') || (k[i] >= 'a' && k[i] <= 'f'));
    CHECK(k && strstr(k, "192") == NULL);
}

static void test_hostile_text(void)
{
    char out[65] = "untouched";
    CHECK_INT(dk_source_key("test-key", "", out), -1);
    CHECK_INT(dk_source_key("test-key", NULL, out), -1);
    CHECK_STR(out, "untouched");
    /* Not an address: a source of its own, never confused with one. */
    CHECK(key("test-key", "unknown") != NULL);
    CHECK(!same("unknown", "10.1.2.3"));
    CHECK(!same("4:0a010203", "10.1.2.3"));
    CHECK(!same("10.1.2.3:8080", "10.1.2.3"));
    CHECK(!same("10.1.2.3 ", "10.1.2.3"));
    /* Long text is cut, never overflows. */
    char longtext[4096];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    CHECK(key("test-key", longtext) != NULL);
}

int main(void)
{
    test_known_values();
    test_ipv4();
    test_ipv6_prefix();
    test_secret_and_secrecy();
    test_hostile_text();
    DK_TEST_DONE();
}
