/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_api.c — the self-service link as a JSON API:
 *   GET  /api/v1/proposals/{token}             (X-Security-Code) → 200 the proposal
 *   POST /api/v1/proposals/{token}/accept      multipart: security_code,
 *                                              document_kind, front[, back];
 *                                              or document_kind=previous to send
 *                                              again the document_on_file
 *   POST /api/v1/proposals/{token}/reschedule  JSON {security_code, preferred_slots}
 *   POST /api/v1/proposals/{token}/cancel      JSON {security_code}
 * Refusals: 401 wrong or missing code (one message for all), 404 unknown
 * link, 409 not in this state, 410 ended (reason), 413, 415, 422 (errors[]),
 * 429 locked (locked_until, Retry-After), 503. An ended or locked link
 * without a code answers only 410 {error, code: "link_unusable"}: no
 * reason, no lock time. Sentences follow ?lang=, else the applicant's
 * language. */
#include "belgium/dk_video.h"
#include "core/dk_clock.h"
#include "i18n/dk_i18n.h"
#include "proposal.h"
#include "when.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *valid_lang(const char *l)
{
    return dk_i18n_lang_known(l) ? l : NULL;
}

static const char *lang_of(struct MHD_Connection *c, const dk_outcome *o)
{
    const char *q = valid_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    if (q)
        return q;
    return o && o->found && valid_lang(o->p.language) ? o->p.language : "en";
}

static void error_in(dk_web_reply *r, int status, const char *lang, const char *key)
{
    dk_web_reply_error(r, status, dk_i18n_text(lang, key));
}

/* Every answer but success: the same shapes for every route. */
static void refusal(dk_intake *in, struct MHD_Connection *c, const dk_outcome *o, dk_web_reply *r)
{
    const char *lang = lang_of(c, o);
    int64_t now = dk_now_ms();
    switch (o->status) {
    case 401:
        error_in(r, 401, lang, "code_wrong");
        break;
    case 404:
        error_in(r, 404, lang, "link_invalid");
        break;
    case 409:
        dk_web_reply_json(r, 409,
                          json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, o->conflict),
                                    "status", o->p.status));
        break;
    case 410: {
        if (!o->p.ended) {
            dk_web_reply_json(r, 410,
                              json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, "unusable"),
                                        "code", "link_unusable"));
            break;
        }
        char key[32];
        snprintf(key, sizeof key, "ended_%s", o->p.ended);
        dk_web_reply_json(
            r, 410,
            json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, key), "reason", o->p.ended));
        break;
    }
    case 422: {
        json_t *list = json_array();
        for (int i = 0; i < o->errs.n; i++)
            json_array_append_new(
                list,
                json_pack("{s:s, s:s, s:s}", "field", o->errs.e[i].field, "code", o->errs.e[i].code,
                          "message",
                          dk_proposal_error_message(o->errs.e[i].field, o->errs.e[i].code, lang)));
        dk_web_reply_json(r, 422, json_pack("{s:o}", "errors", list));
        break;
    }
    case 429: {
        char until[32];
        dk_iso8601_brussels(o->p.locked_until, until);
        dk_buf when = DK_BUF_INIT, msg = DK_BUF_INIT;
        dk_when_instant(&when, lang, o->p.locked_until);
        DK_I18N_APPENDF(&msg, lang, locked, when.data);
        dk_web_reply_json(r, 429,
                          json_pack("{s:s, s:s}", "error", msg.data, "locked_until", until));
        dk_buf_free(&when);
        dk_buf_free(&msg);
        int64_t wait = (o->p.locked_until - now + 999) / 1000;
        r->retry_after = wait < 1 ? 1 : (int)wait;
        break;
    }
    case 413: {
        dk_buf msg = DK_BUF_INIT;
        DK_I18N_APPENDF(&msg, lang, upload_too_large, in->upload_max / (1024 * 1024));
        dk_web_reply_error(r, 413, msg.data);
        dk_buf_free(&msg);
        break;
    }
    case 415:
        dk_web_reply_error(r, 415, "send the document as multipart/form-data");
        break;
    case 400:
        dk_web_reply_error(r, 400, "the body could not be read");
        break;

    default:
        error_in(r, 503, lang, "unavailable_proposal");
        r->retry_after = 30;
        break;
    }
}

static const char *header_code(struct MHD_Connection *c)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Security-Code");
}

void dk_proposal_api_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                         dk_web_reply *r)
{
    dk_outcome o = {0};
    dk_credential cred = {DK_CRED_CODE, header_code(c)};
    /* Problems are worded in ?lang= or the applicant's language. */
    const char *q = valid_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    dk_proposal_view(in, token, &cred, q, &o);
    if (o.status != 200) {
        refusal(in, c, &o, r);
        dk_outcome_free(&o);
        return;
    }
    const dk_proposal *p = &o.p;
    int64_t now = dk_now_ms();
    char start[32], end[32], held[32];
    dk_iso8601_brussels(p->starts_at, start);
    dk_iso8601_brussels(p->ends_at, end);
    dk_iso8601_brussels(p->held_until, held);
    json_t *body = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:o}", "application_id",
                             p->application_id, "appointment_id", p->appointment_id, "status",
                             p->status, "slot", "start", start, "end", end, "held_until", held,
                             "match", p->match, "actions", dk_proposal_actions(p, now));
    if (o.document)
        json_object_set(body, "document", o.document);
    if (o.has_previous) {
        char accepted[32];
        dk_iso8601_brussels(o.previous.accepted_at, accepted);
        json_object_set_new(
            body, "document_on_file",
            json_pack("{s:s, s:s}", "kind", o.previous.kind, "accepted_at", accepted));
    }
    char video[512];
    if (!strcmp(p->status, "reserved") && p->room_id[0] &&
        dk_video_url(p->room_id, video, sizeof video) == 0)
        json_object_set_new(body, "video_url", json_string(video));
    dk_web_reply_json(r, 200, body);
    dk_outcome_free(&o);
}

void dk_proposal_api_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_web_reply *r)
{
    if (up->addr_busy) {
        error_in(r, 429, lang_of(c, NULL), "upload_busy_address");
        r->retry_after = 30;
        return;
    }
    if (up->nameless) {
        dk_web_reply_error(r, 400,
                           "every part of the form needs a name "
                           "(Content-Disposition: form-data; name=\"...\")");
        return;
    }
    dk_outcome o = {0};
    o.status = dk_upload_refusal(up);
    if (o.status == 0 && up->prechecking) {
        /* Before the body: the link, and the code when the header has it. */
        const char *typed = header_code(c);
        dk_credential cred = {typed ? DK_CRED_CODE : DK_CRED_NONE, typed};
        dk_proposal_accept_precheck(in, token, &cred, &o);
        if (o.status == 200) {
            r->status = 0; /* read the body */
            dk_outcome_free(&o);
            return;
        }
    } else if (o.status == 0) {
        dk_credential cred = {DK_CRED_CODE,
                              up->security_code[0] ? up->security_code : header_code(c)};
        dk_proposal_accept(in, token, &cred, up, &o);
    }
    if (o.status == 202)
        dk_web_reply_json(
            r, 202,
            json_pack("{s:s, s:s}", "status", "document_pending", "upload_id", o.upload_id));
    else
        refusal(in, c, &o, r);
    dk_outcome_free(&o);
}

/* The JSON body of reschedule/cancel, or NULL after answering 400/415. */
static json_t *json_body(struct MHD_Connection *c, const char *body, size_t len, dk_web_reply *r)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        dk_web_reply_error(r, 415, "send a JSON body (Content-Type: application/json)");
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc || !json_is_object(doc)) {
        char msg[300];
        snprintf(msg, sizeof msg, "the body is not a JSON object: %s",
                 doc ? "another JSON value" : jerr.text);
        dk_web_reply_error(r, 400, msg);
        json_decref(doc);
        return NULL;
    }
    return doc;
}

static dk_credential body_code(struct MHD_Connection *c, const json_t *doc)
{
    const char *code = json_string_value(json_object_get(doc, "security_code"));
    dk_credential cred = {DK_CRED_CODE, code ? code : header_code(c)};
    return cred;
}

void dk_proposal_api_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                const char *body, size_t len, dk_web_reply *r)
{
    json_t *doc = json_body(c, body, len, r);
    if (!doc)
        return;
    dk_outcome o = {0};
    dk_credential cred = body_code(c, doc);
    dk_proposal_reschedule(in, token, &cred, doc, &o);
    if (o.status == 202)
        dk_web_reply_json(r, 202, json_pack("{s:s}", "status", "rescheduling"));
    else
        refusal(in, c, &o, r);
    dk_outcome_free(&o);
    json_decref(doc);
}

void dk_proposal_api_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_web_reply *r)
{
    json_t *doc = json_body(c, body, len, r);
    if (!doc)
        return;
    dk_outcome o = {0};
    dk_credential cred = body_code(c, doc);
    dk_proposal_cancel(in, token, &cred, &o);
    if (o.status == 202)
        dk_web_reply_json(r, 202, json_pack("{s:s}", "status", "cancelled"));
    else
        refusal(in, c, &o, r);
    dk_outcome_free(&o);
    json_decref(doc);
}
