/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_origin.c — every POST a server of dk_web.h receives (forms and
 * JSON APIs alike) is refused with 403 when the browser says it comes from
 * another site. The Origin header, or without it the Referer, must name the
 * server's public URL or the address the client reached it on (its own
 * URL; also http://localhost:PORT when that is a loopback address). "null"
 * is nobody's origin. A request with neither header (curl, a server, an old
 * browser) goes on: forms still need their CSRF field, an API its
 * credentials. Our pages send a real Origin on their own POSTs because
 * their Referrer-Policy is same-origin. */
#include "core/dk_log.h"
#include "web/dk_origin.h"
#include "web/dk_web.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* http://ADDR:PORT of the socket the client is connected to (and the
 * localhost spelling of a loopback address); "" when unknown. */
static void own_urls(struct MHD_Connection *c, char own[80], char local[40])
{
    own[0] = local[0] = '\0';
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (!ci || getsockname(ci->connect_fd, (struct sockaddr *)&ss, &len) != 0)
        return;
    char host[INET6_ADDRSTRLEN] = "";
    unsigned port = 0;
    int loopback = 0;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
        loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
        snprintf(own, 80, "http://%s:%u", host, port);
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
        loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
        snprintf(own, 80, "http://[%s]:%u", host, port);
    }
    if (loopback)
        snprintf(local, 40, "http://localhost:%u", port);
}

int dk_web_origin_allowed(struct MHD_Connection *c, const char *route, const char *public_url)
{
    const char *value = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *header = "Origin";
    if (!value) {
        value = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
        header = "Referer";
    }
    if (!value)
        return 1;
    char own[80], local[40];
    own_urls(c, own, local);
    const char *const allowed[] = {public_url ? public_url : "", own, local, NULL};
    if (dk_origin_matches(value, allowed))
        return 1;
    dk_logj(DK_LOG_WARN, "cross_origin_post",
            json_pack("{s:s, s:s, s:s%}", "route", route, "header", header, "value", value,
                      strlen(value) > 200 ? (size_t)200 : strlen(value)));
    return 0;
}
