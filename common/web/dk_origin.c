/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_origin.c — the origin of a URL and whether a browser's Origin (or
 * Referer) names one of ours (see dk_origin.h). Strict on purpose: what
 * cannot be read as http(s)://host[:port] is never ours. */
#include "web/dk_origin.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int dk_origin_of(const char *s, char *out, size_t n)
{
    if (!s)
        return -1;
    const char *scheme;
    size_t skip;
    if (strncasecmp(s, "http://", 7) == 0)
        scheme = "http", skip = 7;
    else if (strncasecmp(s, "https://", 8) == 0)
        scheme = "https", skip = 8;
    else
        return -1;
    const char *host = s + skip;
    size_t len = strcspn(host, "/?#");
    if (len == 0 || len > 255)
        return -1;
    /* host (a name, IPv4 or [IPv6]) and an optional :port; nothing else. */
    char authority[256];
    size_t hlen = 0, plen = 0;
    const char *port = NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)host[i];
        if (ch <= ' ' || ch >= 0x7f || ch == '@' || ch == '\\')
            return -1;
    }
    if (host[0] == '[') {
        const char *close = memchr(host, ']', len);
        if (!close)
            return -1;
        hlen = (size_t)(close - host) + 1;
        if (hlen < 3 || strspn(host + 1, "0123456789abcdefABCDEF:.") != hlen - 2)
            return -1;
    } else {
        hlen = strcspn(host, ":/?#");
        if (hlen > len)
            hlen = len;
        if (hlen == 0 || strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789.-") != hlen)
            return -1;
    }
    if (hlen < len) {
        if (host[hlen] != ':')
            return -1;
        port = host + hlen + 1;
        plen = len - hlen - 1;
        if (plen == 0 || plen > 5 || strspn(port, "0123456789") < plen)
            return -1;
    }
    for (size_t i = 0; i < hlen; i++)
        authority[i] = (char)tolower((unsigned char)host[i]);
    authority[hlen] = '\0';
    long p = port ? strtol(port, NULL, 10) : 0;
    if (port && (p < 1 || p > 65535))
        return -1;
    int dflt = !port || (p == 80 && scheme[4] == '\0') || (p == 443 && scheme[4] == 's');
    int w = dflt ? snprintf(out, n, "%s://%s", scheme, authority)
                 : snprintf(out, n, "%s://%s:%ld", scheme, authority, p);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int dk_origin_matches(const char *value, const char *const *allowed)
{
    char have[300], want[300];
    if (!allowed || dk_origin_of(value, have, sizeof have) != 0)
        return 0;
    for (const char *const *a = allowed; *a; a++)
        if (**a && dk_origin_of(*a, want, sizeof want) == 0 && strcmp(have, want) == 0)
            return 1;
    return 0;
}
