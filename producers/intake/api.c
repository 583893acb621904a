/* SPDX-License-Identifier: EUPL-1.2 */
/* api.c — POST /api/v1/applications, exactly as SPEC.md fixes it: 201 with
 * the id and the security code once the broker acknowledged; 400 for a body
 * that is not JSON; 415 for another content type; 422 naming every invalid
 * field; 409 when the e-mail address already has a request in progress (the
 * mail about it goes to that address, nothing about it in the answer); 429
 * beyond the rate limit; 503 when the request cannot be made durable.
 * Messages follow the body's language when it names a valid one. */
#include "core/dk_clock.h"
#include "i18n/dk_i18n.h"
#include "intake.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *body_language(const json_t *body)
{
    const char *l = json_string_value(json_object_get(body, "language"));
    return dk_i18n_lang_known(l) ? l : "en";
}

void dk_api_applications(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                         dk_web_reply *r)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        dk_web_reply_error(r, 415, "send the application as JSON (Content-Type: application/json)");
        return;
    }
    char addr[64];
    int wait = 0;
    dk_web_client_addr(c, in->trust_proxy, addr);
    if (!dk_ratelimit_take(in->limiter, addr, &wait)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "too many requests from your address; please try again in %d seconds", wait);
        dk_web_reply_error(r, 429, msg);
        r->retry_after = wait;
        return;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        char msg[300];
        snprintf(msg, sizeof msg, "the body is not valid JSON: %s (line %d, column %d)", jerr.text,
                 jerr.line, jerr.column);
        dk_web_reply_error(r, 400, msg);
        return;
    }
    dk_field_errors errs;
    if (dk_app_validate(doc, dk_now_ms(), &in->rules, &errs) > 0) {
        const char *lang = body_language(doc);
        json_t *list = json_array();
        for (int i = 0; i < errs.n; i++) {
            const dk_field_error *e = &errs.e[i];
            json_array_append_new(
                list, json_pack("{s:s, s:s, s:s}", "field", e->field, "code", e->code, "message",
                                dk_app_field_error_message(e->field, e->code, lang)));
        }
        dk_web_reply_json(r, 422, json_pack("{s:o}", "errors", list));
        json_decref(doc);
        return;
    }
    const char *lang = body_language(doc);
    if (dk_intake_address_in_use(in, json_string_value(json_object_get(doc, "email")))) {
        dk_web_reply_json(r, 409,
                          json_pack("{s:[{s:s, s:s, s:s}]}", "errors", "field", "email", "code",
                                    "application_exists", "message",
                                    dk_app_error_message("application_exists", lang)));
        json_decref(doc);
        return;
    }
    char id[37], code[32];
    if (dk_submit(in, doc, addr, id, code) != 0) {
        dk_web_reply_error(r, 503,
                           "your request could not be stored right now and was not registered; "
                           "please try again in a few minutes");
        r->retry_after = 60;
    } else {
        dk_web_reply_json(r, 201,
                          json_pack("{s:s, s:s, s:s}", "application_id", id, "security_code", code,
                                    "status", "submitted"));
    }
    json_decref(doc);
}
