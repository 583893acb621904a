/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_client.c — who the client is (dk_web.h): the peer's address, or
 * behind trusted proxies the X-Forwarded-For entry the nearest of them
 * appended. A proxy that appends (nginx's $proxy_add_x_forwarded_for,
 * HAProxy's option forwardfor) leaves whatever the client sent on the left,
 * so only the entries counted from the right are the proxies' own. */
#include "core/dk_config.h"
#include "core/dk_net.h"
#include "web/dk_web.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

int dk_web_forwarded_pick(const char *const *values, int n, int hops, char out[DK_NET_TEXT])
{
    out[0] = '\0';
    if (hops < 1)
        return -1;
    int seen = 0;
    /* Right to left over the headers in order, and inside each over its
     * comma-separated entries (an empty one counts: a proxy never appends
     * one, so the entry it names is the client's making). */
    for (int v = n - 1; v >= 0; v--) {
        const char *s = values[v] ? values[v] : "";
        size_t end = strlen(s);
        for (;;) {
            size_t start = end;
            while (start > 0 && s[start - 1] != ',')
                start--;
            if (++seen == hops) {
                size_t a = start, b = end;
                while (a < b && (s[a] == ' ' || s[a] == '\t'))
                    a++;
                while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
                    b--;
                return dk_net_normalise(s + a, b - a, out);
            }
            if (start == 0)
                break;
            end = start - 1; /* before the comma */
        }
    }
    return -1; /* fewer entries than proxies: not through them all */
}

/* The last X-Forwarded-For headers, in order (the right-most entries are
 * all that is ever read). */
#define KEPT 16
typedef struct {
    const char *v[KEPT];
    int n; /* headers seen; the last min(n, KEPT) are in v, in a ring */
} forwarded;

static enum MHD_Result keep_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    forwarded *f = cls;
    if (key && !strcasecmp(key, "X-Forwarded-For"))
        f->v[f->n++ % KEPT] = value ? value : "";
    return MHD_YES;
}

void dk_web_client_addr(struct MHD_Connection *c, int trusted_hops, char out[64])
{
    out[0] = '\0';
    if (trusted_hops > 0) {
        forwarded f = {0};
        MHD_get_connection_values(c, MHD_HEADER_KIND, keep_forwarded, &f);
        const char *ordered[KEPT];
        int k = f.n < KEPT ? f.n : KEPT;
        for (int i = 0; i < k; i++)
            ordered[i] = f.v[(f.n - k + i) % KEPT];
        char addr[DK_NET_TEXT];
        if (k > 0 && dk_web_forwarded_pick(ordered, k, trusted_hops, addr) == 0) {
            snprintf(out, 64, "%s", addr);
            return;
        }
        /* None, or not an address: the peer (our proxy) stands for the
         * client, which then shares the proxy's limits. */
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        char host[DK_NET_TEXT] = "";
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
        char one[DK_NET_TEXT];
        snprintf(out, 64, "%s", dk_net_normalise(host, strlen(host), one) == 0 ? one : host);
    }
}

int dk_web_trusted_hops(void)
{
    if (!dk_config_int("DK_INTAKE_TRUST_PROXY"))
        return 0;
    return (int)dk_config_int("DK_INTAKE_TRUSTED_HOPS");
}
