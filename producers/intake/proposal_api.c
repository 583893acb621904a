/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_api.c — the self-service link as a JSON API:
 *   GET  /api/v1/proposals/{token}             (X-Security-Code) → 200 the proposal
 *                                              (and during the interview the live
 *                                              session_code and photo_requests)
 *   POST /api/v1/proposals/{token}/accept      multipart: security_code,
 *                                              document_kind, front[, back];
 *                                              or document_kind=previous to send
 *                                              again the document_on_file
 *   POST /api/v1/proposals/{token}/photo       multipart: security_code,
 *                                              request_id, front or back (the
 *                                              side the interviewer asked for)
 *   POST /api/v1/proposals/{token}/reschedule  JSON {security_code, preferred_slots}
 *   POST /api/v1/proposals/{token}/cancel      JSON {security_code}
 * Refusals: 401 wrong or missing code (one message for all), 404 unknown
 * link, 409 not in this state, 410 ended (reason; after the interview also
 * outcome and what comes next), 413, 415, 422 (errors[]),
 * 429 locked (locked_until, Retry-After), 503. An ended or locked link
 * without a code answers only 410 {error, code: "link_unusable"}: no
 * reason, no lock time. Sentences follow ?lang=, else the applicant's
 * language. */
#include "belgium/dk_video.h"
#include "core/dk_clock.h"
#include "doccheck/dk_doc_reasons.h"
#include "i18n/dk_i18n.h"
#include "interview/dk_interview.h"
#include "proposal.h"
#include "store/dk_token.h"
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

/* 410 after the interview: what came of it and what comes next; after
 * missing information or an absence, where to request a new interview. */
static void after_interview(dk_web_reply *r, const char *lang, const char *after)
{
    char key[40];
    snprintf(key, sizeof key, "after_%s", after ? after : "held");
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "error", dk_i18n_text(lang, key), "reason",
                             "interview_held", "outcome", after ? after : "held", "link",
                             dk_i18n_text(lang, "after_link_closed"));
    if (after && (!strcmp(after, "missing_information") || !strcmp(after, "no_show"))) {
        char base[512], url[600];
        dk_public_url(base, sizeof base);
        snprintf(url, sizeof url, "%s/?lang=%s", base, lang);
        json_object_set_new(body, "new_request_url", json_string(url));
    }
    dk_web_reply_json(r, 410, body);
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
        if (!strcmp(o->p.ended, "interview_held")) {
            after_interview(r, lang, o->p.after);
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

/* During the interview: the live session code and the open photo requests
 * (each with its latest upload's status and problems, in lang). */
static void interview_extras(json_t *body, const dk_outcome *o, const char *lang)
{
    if (o->session_code[0]) {
        char until[32];
        dk_iso8601_brussels(o->code_expires, until);
        json_object_set_new(body, "session_code",
                            json_pack("{s:s, s:s, s:i}", "code", o->session_code, "expires_at",
                                      until, "valid_minutes", DK_SESSION_CODE_MINUTES));
    }
    if (json_array_size(o->photo_requests) == 0)
        return;
    json_t *list = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(o->photo_requests, i, q)
    {
        char asked[32];
        dk_iso8601_brussels(json_integer_value(json_object_get(q, "requested_at")), asked);
        json_t *item =
            json_pack("{s:O, s:O, s:O, s:O, s:s}", "id", json_object_get(q, "id"), "subject",
                      json_object_get(q, "subject"), "kind", json_object_get(q, "kind"), "side",
                      json_object_get(q, "side"), "requested_at", asked);
        json_t *up = json_object_get(q, "upload");
        if (json_is_object(up))
            json_object_set_new(
                item, "upload",
                json_pack("{s:O, s:o}", "status", json_object_get(up, "status"), "problems",
                          dk_doc_reasons_json(json_object_get(up, "reasons"), lang)));
        json_array_append_new(list, item);
    }
    json_object_set_new(body, "photo_requests", list);
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
    interview_extras(body, &o, q ? q : p->language);
    dk_web_reply_json(r, 200, body);
    dk_outcome_free(&o);
}

/* A streamed upload (accept, photo): before the body, the link (and the
 * code when the header has it) through precheck; with the body, act. */
typedef void (*upload_step)(dk_intake *, const char *, const dk_credential *, dk_outcome *);
typedef void (*upload_act)(dk_intake *, const char *, const dk_credential *, dk_upload *,
                           dk_outcome *);

static int upload_route(dk_intake *in, struct MHD_Connection *c, const char *token, dk_upload *up,
                        dk_web_reply *r, upload_step precheck, upload_act act, dk_outcome *o)
{
    /* After the precheck, the language it found stands for the applicant's. */
    const char *q = valid_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    const char *lang = q ? q : valid_lang(up->lang) ? up->lang : "en";
    if (up->too_slow) { /* kept, and sent only if the body is cut for its pace */
        dk_web_reply_json(r, 408,
                          json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, "upload_too_slow"),
                                    "code", "upload_too_slow"));
        return 0;
    }
    if (up->addr_busy) {
        error_in(r, 429, lang, "upload_busy_address");
        r->retry_after = 30;
        return 0;
    }
    if (up->link_busy) {
        dk_web_reply_json(r, 409,
                          json_pack("{s:s, s:s}", "error", dk_i18n_text(lang, "upload_busy_link"),
                                    "code", "upload_in_progress"));
        r->retry_after = 30;
        return 0;
    }
    if (up->nameless) {
        dk_web_reply_error(r, 400,
                           "every part of the form needs a name "
                           "(Content-Disposition: form-data; name=\"...\")");
        return 0;
    }
    o->status = dk_upload_refusal(up);
    if (o->status == 0 && up->prechecking) {
        const char *typed = header_code(c);
        dk_credential cred = {typed ? DK_CRED_CODE : DK_CRED_NONE, typed};
        precheck(in, token, &cred, o);
        if (o->status == 200) {
            r->status = 0; /* read the body: one upload at a time for this request */
            snprintf(up->link, sizeof up->link, "%s", o->p.application_id);
            snprintf(up->lang, sizeof up->lang, "%s", o->p.language);
            return 0;
        }
    } else if (o->status == 0) {
        dk_credential cred = {DK_CRED_CODE,
                              up->security_code[0] ? up->security_code : header_code(c)};
        act(in, token, &cred, up, o);
    }
    if (o->status == 202)
        return 1;
    refusal(in, c, o, r);
    return 0;
}

void dk_proposal_api_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_web_reply *r)
{
    dk_outcome o = {0};
    if (upload_route(in, c, token, up, r, in->accept_precheck, dk_proposal_accept, &o))
        dk_web_reply_json(
            r, 202,
            json_pack("{s:s, s:s}", "status", "document_pending", "upload_id", o.upload_id));
    dk_outcome_free(&o);
}

void dk_proposal_api_photo(dk_intake *in, struct MHD_Connection *c, const char *token,
                           dk_upload *up, dk_web_reply *r)
{
    dk_outcome o = {0};
    if (upload_route(in, c, token, up, r, dk_proposal_photo_precheck, dk_proposal_photo, &o))
        dk_web_reply_json(r, 202,
                          json_pack("{s:s, s:s, s:s}", "status", "photo_pending", "upload_id",
                                    o.upload_id, "request_id", up->request_id));
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
