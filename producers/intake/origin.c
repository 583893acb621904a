/* SPDX-License-Identifier: EUPL-1.2 */
/* origin.c — every POST (the request form, the self-service pages and both
 * JSON APIs) is refused with 403 when the browser says it comes from
 * another site. The Origin header, or without it the Referer, must name
 * DK_PUBLIC_URL or the address the client reached the intake on (its own
 * URL; also http://localhost:PORT when that is a loopback address). "null"
 * is nobody's origin. A request with neither header (curl, a server, an old
 * browser) goes on: the forms still need their CSRF field, the API its
 * security code. Our pages send a real Origin on their own POSTs because
 * their Referrer-Policy is same-origin. */
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "dk_origin.h"
#include "i18n/dk_i18n.h"
#include "intake.h"
#include "page.h"

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

static void refuse(struct MHD_Connection *c, const char *url, dk_reply *r)
{
    if (strncmp(url, "/api/", 5) == 0) {
        dk_reply_error(r, 403,
                       "this request comes from another site (Origin or Referer is not this "
                       "service's address) and was refused");
        return;
    }
    const char *lang =
        dk_i18n_lang_or_default(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    dk_message_model m = {.lang = lang,
                          .path = "/",
                          .title_key = "origin_title",
                          .lead = {"origin_refused", NULL},
                          .link_new = 1};
    dk_buf page = DK_BUF_INIT;
    dk_page_reply(r, 403, dk_page_render_message(&page, &m), &page);
}

int dk_origin_refused(dk_intake *in, struct MHD_Connection *c, const char *url, dk_reply *r)
{
    (void)in;
    const char *value = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *header = "Origin";
    if (!value) {
        value = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
        header = "Referer";
    }
    if (!value)
        return 0;
    char own[80], local[40];
    own_urls(c, own, local);
    const char *const allowed[] = {dk_config_str("DK_PUBLIC_URL"), own, local, NULL};
    if (dk_origin_matches(value, allowed))
        return 0;
    dk_logj(DK_LOG_WARN, "cross_origin_post",
            json_pack("{s:s, s:s, s:s%}", "path", url, "header", header, "value", value,
                      strlen(value) > 200 ? (size_t)200 : strlen(value)));
    refuse(c, url, r);
    return 1;
}
