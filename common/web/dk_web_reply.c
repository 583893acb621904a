/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_reply.c — the small helpers of dk_web.h a handler answers with: a
 * JSON answer or an error. */
#include "core/dk_log.h"
#include "web/dk_web.h"

#include <stdlib.h>

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
