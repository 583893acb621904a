/* SPDX-License-Identifier: EUPL-1.2 */
/* end_link_api.c — the address owner's end link as a JSON API, beside the
 * self-service link's:
 *   GET  /api/v1/end-links/{token}   → 200 {status: "can_end"}; changes nothing
 *   POST /api/v1/end-links/{token}   JSON {confirm: true} → 202 {status:
 *                                    "cancelled", new_request_url}
 * Refusals {error, code}: 404 link_invalid, 409 cannot_end, 410
 * link_unusable (used, run out, or its request has ended), 400/415 for
 * the body, 503. Sentences follow ?lang=, else the request's language. */
#include "end_link.h"
#include "i18n/dk_i18n.h"
#include "store/dk_token.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *lang_of(struct MHD_Connection *c, const dk_end_outcome *o)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    if (dk_i18n_lang_known(q))
        return q;
    return dk_i18n_lang_known(o->language) ? o->language : "en";
}

static void answer(struct MHD_Connection *c, const dk_end_outcome *o, dk_web_reply *r)
{
    const char *lang = lang_of(c, o);
    static const struct {
        int status;
        const char *key, *code;
    } refusals[] = {{404, "link_invalid", "link_invalid"},
                    {409, "end_conflict", "cannot_end"},
                    {410, "end_gone", "link_unusable"},
                    {503, "end_unavailable", "unavailable"}};
    if (o->status == 200) {
        dk_web_reply_json(r, 200, json_pack("{s:s}", "status", "can_end"));
        return;
    }
    if (o->status == 202) {
        char base[512], url[600];
        dk_public_url(base, sizeof base);
        snprintf(url, sizeof url, "%s/?lang=%s", base, lang);
        dk_web_reply_json(r, 202,
                          json_pack("{s:s, s:s}", "status", "cancelled", "new_request_url", url));
        return;
    }
    size_t i = 0;
    while (i + 1 < sizeof refusals / sizeof refusals[0] && refusals[i].status != o->status)
        i++;
    dk_web_reply_json(r, refusals[i].status,
                      json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, refusals[i].key), "code",
                                refusals[i].code));
    if (refusals[i].status == 503)
        r->retry_after = 30;
}

void dk_end_link_api_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                         dk_web_reply *r)
{
    dk_end_outcome o;
    dk_end_link_run(in, token, 0, NULL, &o);
    answer(c, &o, r);
}

void dk_end_link_api_post(dk_intake *in, struct MHD_Connection *c, const char *token,
                          const char *body, size_t len, dk_web_reply *r)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        dk_web_reply_error(r, 415, "send a JSON body (Content-Type: application/json)");
        return;
    }
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(doc) || !json_is_true(json_object_get(doc, "confirm"))) {
        dk_web_reply_error(r, 400, "send {\"confirm\": true} to end the request");
        json_decref(doc);
        return;
    }
    json_decref(doc);
    char addr[64];
    dk_web_client_addr(c, in->trust_proxy, addr);
    dk_end_outcome o;
    dk_end_link_run(in, token, 1, addr, &o);
    answer(c, &o, r);
}
