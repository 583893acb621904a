/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_net.c — one spelling and the client network key of an IP address
 * (dk_net.h), on inet_pton and inet_ntop. */
#include "core/dk_net.h"

#include "core/dk_crypto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* 4 or 6 with the address's bytes in b (an IPv4-mapped IPv6 address as
 * 4, its IPv4 bytes first), or 0 when s is not an address. */
static int parse(const char *s, unsigned char b[16])
{
    if (inet_pton(AF_INET, s, b) == 1)
        return 4;
    if (inet_pton(AF_INET6, s, b) != 1)
        return 0;
    if (memcmp(b, v4_mapped, sizeof v4_mapped) != 0)
        return 6;
    memmove(b, b + 12, 4);
    return 4;
}

int dk_net_normalise(const char *s, size_t n, char out[DK_NET_TEXT])
{
    out[0] = '\0';
    char text[DK_NET_TEXT];
    unsigned char b[16];
    /* Longer than any spelling, or with a NUL inside: not an address. */
    if (!s || n == 0 || n >= sizeof text || memchr(s, '\0', n))
        return -1;
    memcpy(text, s, n);
    text[n] = '\0';
    int family = parse(text, b);
    if (!family || !inet_ntop(family == 4 ? AF_INET : AF_INET6, b, out, DK_NET_TEXT)) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

void dk_net_key(const char *addr, char out[DK_NET_KEY])
{
    unsigned char b[16];
    char hex[33];
    int family = addr ? parse(addr, b) : 0;
    if (family) {
        /* IPv4: the address; IPv6: its first 64 bits, the network. */
        dk_hex(b, family == 4 ? 4 : 8, hex);
        snprintf(out, DK_NET_KEY, "%d:%s", family, hex);
    } else {
        snprintf(out, DK_NET_KEY, "x:%.63s", addr ? addr : "");
    }
}
