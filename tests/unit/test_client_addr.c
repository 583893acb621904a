/* SPDX-License-Identifier: EUPL-1.2 */
/* test_client_addr.c — who the client is behind a proxy, and how its limits
 * count it: the X-Forwarded-For entry our proxies appended, never one the
 * client wrote (several headers, garbage, empty entries, spaces, overlong
 * text, IPv6 spellings, IPv4-mapped IPv6), the one spelling of an address
 * (dk_net_normalise), the client network key every limit shares
 * (dk_net_key: IPv4 address, IPv6 /64), and the rate limiter counting one
 * /64 as one client. */
#include "core/dk_net.h"
#include "dk_test.h"
#include "web/dk_addrcount.h"
#include "web/dk_ratelimit.h"
#include "web/dk_web.h"

#include <string.h>

/* The entry hops from the right of the header values (NULL-terminated), or
 * "-" when none is taken. */
static const char *pick(int hops, const char *v0, const char *v1, const char *v2)
{
    static char out[4][DK_NET_TEXT + 2];
    static int next;
    char *o = out[next++ % 4];
    const char *values[3] = {v0, v1, v2};
    int n = v2 ? 3 : v1 ? 2 : v0 ? 1 : 0;
    char got[DK_NET_TEXT];
    strcpy(got, "untouched");
    if (dk_web_forwarded_pick(values, n, hops, got) != 0) {
        CHECK_STR(got, ""); /* a refusal leaves nothing behind */
        strcpy(o, "-");
    } else {
        strcpy(o, got);
    }
    return o;
}

static void test_right_most_is_taken(void)
{
    /* One proxy that appends: the client wrote everything but the last. */
    CHECK_STR(pick(1, "10.1.2.3", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(1, "6.6.6.6, 10.1.2.3", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(1, "6.6.6.6,10.1.2.3", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(1, "1.1.1.1, 2.2.2.2, 3.3.3.3, 10.1.2.3", NULL, NULL), "10.1.2.3");
    /* Several headers are one list in order: the last header's last entry. */
    CHECK_STR(pick(1, "6.6.6.6", "10.1.2.3", NULL), "10.1.2.3");
    CHECK_STR(pick(1, "6.6.6.6, 7.7.7.7", "8.8.8.8, 10.1.2.3", NULL), "10.1.2.3");
    CHECK_STR(pick(1, "10.1.2.3", "6.6.6.6", NULL), "6.6.6.6");
    /* Two proxies (a CDN, then ours): the entry before ours. */
    CHECK_STR(pick(2, "6.6.6.6, 10.1.2.3, 192.0.2.1", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(2, "6.6.6.6, 10.1.2.3", "192.0.2.1", NULL), "10.1.2.3");
    CHECK_STR(pick(3, "10.1.2.3", "192.0.2.9", "192.0.2.1"), "10.1.2.3");
    /* Fewer entries than proxies: it did not come through them all. */
    CHECK_STR(pick(2, "10.1.2.3", NULL, NULL), "-");
    CHECK_STR(pick(4, "10.1.2.3", "192.0.2.9", "192.0.2.1"), "-");
    CHECK_STR(pick(1, NULL, NULL, NULL), "-");
    CHECK_STR(pick(0, "10.1.2.3", NULL, NULL), "-");
}

static void test_hostile_entries(void)
{
    /* Spaces and tabs around an entry are the list's, not the address's. */
    CHECK_STR(pick(1, "6.6.6.6,   10.1.2.3  ", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(1, "\t10.1.2.3\t", NULL, NULL), "10.1.2.3");
    /* The entry taken is not an address: none (the caller takes the peer). */
    CHECK_STR(pick(1, "10.1.2.3, unknown", NULL, NULL), "-");
    CHECK_STR(pick(1, "10.1.2.3, ", NULL, NULL), "-"); /* an empty last entry */
    CHECK_STR(pick(1, "10.1.2.3,", NULL, NULL), "-");
    CHECK_STR(pick(1, "", NULL, NULL), "-");
    CHECK_STR(pick(1, ",,,", NULL, NULL), "-");
    CHECK_STR(pick(1, "10.1.2.3", "", NULL), "-"); /* an empty last header */
    CHECK_STR(pick(1, "10.1.2.3:8080", NULL, NULL), "-");
    CHECK_STR(pick(1, "[2001:db8::1]", NULL, NULL), "-");
    CHECK_STR(pick(1, "fe80::1%eth0", NULL, NULL), "-");
    CHECK_STR(pick(1, "10.1.2.3 10.1.2.4", NULL, NULL), "-");
    CHECK_STR(pick(1, "010.001.002.003", NULL, NULL), "-"); /* no octal spellings */
    CHECK_STR(pick(1, "10.1.2", NULL, NULL), "-");
    CHECK_STR(pick(1, "256.1.2.3", NULL, NULL), "-");
    CHECK_STR(pick(1, "0x0a.1.2.3", NULL, NULL), "-");
    CHECK_STR(pick(1, "10.1.2.3\r\nX-Evil: 1", NULL, NULL), "-");
    /* An empty entry the client wrote on the left changes nothing. */
    CHECK_STR(pick(1, ", , 6.6.6.6,, 10.1.2.3", NULL, NULL), "10.1.2.3");
    /* ... but one in the place of a proxy's entry is counted, not skipped. */
    CHECK_STR(pick(2, "10.1.2.3, , 192.0.2.1", NULL, NULL), "-");
    /* Overlong text, as one entry or many: bounded, and no address. */
    static char longtext[20000];
    memset(longtext, '1', sizeof longtext - 1);
    CHECK_STR(pick(1, longtext, NULL, NULL), "-");
    for (size_t i = 0; i + 1 < sizeof longtext; i++)
        longtext[i] = i % 2 ? ',' : '1'; /* "1,1,1,…": thousands of entries */
    CHECK_STR(pick(1, longtext, NULL, NULL), "-");
    CHECK_STR(pick(9000, longtext, NULL, NULL), "-");
    strcpy(longtext + sizeof longtext - 12, ",10.1.2.3");
    CHECK_STR(pick(1, longtext, NULL, NULL), "10.1.2.3");
}

static void test_ipv6_spellings(void)
{
    CHECK_STR(pick(1, "6.6.6.6, 2001:DB8:0:1:0:0:0:42", NULL, NULL), "2001:db8:0:1::42");
    CHECK_STR(pick(1, "2001:0db8:0000:0001:0000:0000:0000:0042", NULL, NULL), "2001:db8:0:1::42");
    CHECK_STR(pick(1, "::1", NULL, NULL), "::1");
    /* IPv4-mapped IPv6 is the IPv4 address, in either spelling. */
    CHECK_STR(pick(1, "::ffff:10.1.2.3", NULL, NULL), "10.1.2.3");
    CHECK_STR(pick(1, "::FFFF:a01:203", NULL, NULL), "10.1.2.3");
    /* IPv4-compatible (deprecated) is plain IPv6. */
    CHECK_STR(pick(1, "::a01:203", NULL, NULL), "::10.1.2.3");
}

static void test_normalise(void)
{
    char out[DK_NET_TEXT];
    CHECK_INT(dk_net_normalise("10.1.2.3", 8, out), 0);
    CHECK_STR(out, "10.1.2.3");
    CHECK_INT(dk_net_normalise("10.1.2.3xyz", 8, out), 0); /* only the n bytes */
    CHECK_STR(out, "10.1.2.3");
    CHECK_INT(dk_net_normalise("10.1\0.2.3", 9, out), -1); /* a NUL inside */
    CHECK_STR(out, "");
    CHECK_INT(dk_net_normalise("", 0, out), -1);
    CHECK_INT(dk_net_normalise(NULL, 3, out), -1);
    const char *v6 = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"; /* the longest */
    CHECK_INT(dk_net_normalise(v6, strlen(v6), out), 0);
    CHECK_STR(out, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    const char *longer = "0ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    CHECK_INT(dk_net_normalise(longer, strlen(longer), out), -1);
}

static int same_key(const char *a, const char *b)
{
    char ka[DK_NET_KEY], kb[DK_NET_KEY];
    dk_net_key(a, ka);
    dk_net_key(b, kb);
    return strcmp(ka, kb) == 0;
}

static void test_network_key(void)
{
    char k[DK_NET_KEY];
    dk_net_key("10.1.2.3", k);
    CHECK_STR(k, "4:0a010203");
    dk_net_key("2001:db8:0:1::42", k);
    CHECK_STR(k, "6:20010db800000001");
    /* IPv4: each address its own; IPv4-mapped is the IPv4 address. */
    CHECK(!same_key("10.1.2.3", "10.1.2.4"));
    CHECK(same_key("::ffff:10.1.2.3", "10.1.2.3"));
    /* IPv6: one /64 whatever the host part and the spelling. */
    CHECK(same_key("2001:db8:0:1::42", "2001:DB8:0:1:ffff:ffff:ffff:ffff"));
    CHECK(same_key("2001:db8:0:1::42", "2001:0db8:0000:0001::1"));
    CHECK(!same_key("2001:db8:0:1::42", "2001:db8:0:2::42"));
    /* Text that is no address is never an address's key. */
    dk_net_key("4:0a010203", k);
    CHECK_STR(k, "x:4:0a010203");
    CHECK(!same_key("4:0a010203", "10.1.2.3"));
    dk_net_key(NULL, k);
    CHECK_STR(k, "x:");
    static char longtext[500];
    memset(longtext, 'a', sizeof longtext - 1);
    dk_net_key(longtext, k);
    CHECK_INT(strlen(k), 65);
}

static void test_limits_count_networks(void)
{
    /* Two addresses of one /64 share one bucket; another /64 has its own. */
    dk_ratelimit *rl = dk_ratelimit_new(2);
    int wait = 0;
    CHECK(dk_ratelimit_take(rl, "2001:db8:7:1::1", &wait));
    CHECK(dk_ratelimit_take(rl, "2001:db8:7:1::2", &wait));
    CHECK(!dk_ratelimit_take(rl, "2001:0DB8:7:1:ffff::9", &wait));
    CHECK(wait >= 1);
    CHECK(dk_ratelimit_take(rl, "2001:db8:7:2::1", &wait));
    /* IPv4-mapped and plain IPv4 are one client. */
    CHECK(dk_ratelimit_take(rl, "10.7.0.1", &wait));
    CHECK(dk_ratelimit_take(rl, "::ffff:10.7.0.1", &wait));
    CHECK(!dk_ratelimit_take(rl, "10.7.0.1", &wait));
    CHECK(dk_ratelimit_take(rl, "10.7.0.2", &wait));
    dk_ratelimit_free(rl);

    /* The per-key counter the uploads use, with network keys. */
    dk_addrcount *ac = dk_addrcount_new(2);
    char a[DK_NET_KEY], b[DK_NET_KEY], c[DK_NET_KEY];
    dk_net_key("2001:db8:9:1::1", a);
    dk_net_key("2001:db8:9:1::2", b);
    dk_net_key("2001:db8:9:2::1", c);
    CHECK(dk_addrcount_take(ac, a));
    CHECK(dk_addrcount_take(ac, b));
    CHECK(!dk_addrcount_take(ac, a));
    CHECK(dk_addrcount_take(ac, c));
    dk_addrcount_give(ac, b);
    CHECK(dk_addrcount_take(ac, a));
    /* A key longer than a slot keeps is found again (taken, given back). */
    static char longkey[200];
    memset(longkey, 'k', sizeof longkey - 1);
    CHECK(dk_addrcount_take(ac, longkey));
    CHECK(dk_addrcount_take(ac, longkey));
    CHECK(!dk_addrcount_take(ac, longkey));
    dk_addrcount_give(ac, longkey);
    CHECK(dk_addrcount_take(ac, longkey));
    dk_addrcount_free(ac);
}

int main(void)
{
    test_right_most_is_taken();
    test_hostile_entries();
    test_ipv6_spellings();
    test_normalise();
    test_network_key();
    test_limits_count_networks();
    DK_TEST_DONE();
}
