/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_reply.c — the small helpers of dk_web.h a handler answers with: a
 * JSON answer or error, and the client's address. */
#include "core/dk_log.h"
#include "web/dk_web.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void dk_web_reply_json(dk_web_reply *r, int status, json_t *body)
{
    /* A body that could not be built (json_pack out of memory, or handed a
     * NULL) is a 500 that says so, never an empty object that looks fine. */
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(body);
    r->status = text ? status : 500;
    r->content_type = "application/json; charset=utf-8";
    dk_buf_reset(&r->body);
    dk_buf_puts(&r->body, text ? text : "{\"error\":\"could not build the answer\"}");
    if (!text)
        dk_log(DK_LOG_ERROR, "reply_failed", "a JSON answer could not be built: answered 500");
    free(text);
}

void dk_web_reply_error(dk_web_reply *r, int status, const char *message)
{
    dk_web_reply_json(r, status, json_pack("{s:s}", "error", message));
}

void dk_web_client_addr(struct MHD_Connection *c, int trust_proxy, char out[64])
{
    out[0] = '\0';
    if (trust_proxy) {
        const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff && *xff) {
            /* The left-most address is the client as our trusted proxy saw it. */
            size_t n = strcspn(xff, ", ");
            if (n > 63)
                n = 63;
            memcpy(out, xff, n);
            out[n] = '\0';
            return;
        }
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        char host[64] = "";
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
        snprintf(out, 64, "%s", host);
    }
}
