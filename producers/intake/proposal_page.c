/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_page.c — the self-service link as HTML pages (nl/fr/en, no
 * JavaScript, every form with its CSRF field):
 *   GET  /proposal/{token}             the security-code form, or with a
 *                                      session the proposal and its actions
 *   POST /proposal/{token}             the code → session cookie, 303 back
 *   POST /proposal/{token}/accept      multipart upload → 303 back
 *   POST /proposal/{token}/photo       the new photo the interviewer asked
 *                                      for (multipart) → 303 back
 *   POST /proposal/{token}/reschedule  other preferred slots → 202 page
 *   POST /proposal/{token}/cancel      confirmation step, then → 202 page
 * The link alone shows nothing and changes nothing (mail scanners open
 * links): a live one shows the code form, an ended or locked one only that
 * it cannot be used (and the code form, to learn why). Status codes mirror
 * the API's; each refusal has a page saying what happened and what to do.
 * The code form's CSRF field is bound to a random cookie; once there is a
 * session, the forms' field is bound to the session (dk_csrf.h). */
#include "belgium/dk_video.h"
#include "core/dk_clock.h"
#include "doccheck/dk_doc_reasons.h"
#include "i18n/dk_i18n.h"
#include "interview/dk_interview.h"
#include "page.h"
#include "proposal.h"
#include "store/dk_token.h"
#include "web/dk_csrf.h"
#include "when.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    dk_intake *in;
    struct MHD_Connection *c;
    const char *token;
    char path[64];     /* /proposal/{token}, or / for a malformed token */
    const char *qlang; /* ?lang= when it is one of ours */
    const char *lang;  /* the page's language */
    const char *session;
} page_ctx;

static const char *valid_lang(const char *l)
{
    return l && (!strcmp(l, "nl") || !strcmp(l, "fr") || !strcmp(l, "en")) ? l : NULL;
}

static void ctx_init(page_ctx *x, dk_intake *in, struct MHD_Connection *c, const char *token)
{
    memset(x, 0, sizeof *x);
    x->in = in;
    x->c = c;
    x->token = token;
    if (dk_token_valid(token))
        snprintf(x->path, sizeof x->path, "/proposal/%s", token);
    else
        snprintf(x->path, sizeof x->path, "/");
    x->qlang = valid_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    x->lang = x->qlang ? x->qlang : "nl";
    x->session =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, DK_COOKIE_SESSION(in->secure_cookies));
}

/* Once the application is known, its language is the default. */
static void ctx_lang(page_ctx *x, const dk_outcome *o)
{
    if (!x->qlang && o->found && valid_lang(o->p.language))
        x->lang = valid_lang(o->p.language);
}

static dk_credential session_cred(const page_ctx *x)
{
    dk_credential cred = {DK_CRED_SESSION, x->session};
    return cred;
}

/* A Retry-After for a page that was rendered (a 500 carries none). */
static void retry_after(dk_web_reply *r, int seconds)
{
    if (r->status != 500)
        r->retry_after = seconds;
}

/* A page that only says something: title, sentence, and where to go. */
static void message_page(const page_ctx *x, dk_web_reply *r, int status, const char *title_key,
                         dk_page_sentence lead, int link_back, int link_new)
{
    dk_message_model m = {.lang = x->lang,
                          .path = x->path,
                          .title_key = title_key,
                          .lead = lead,
                          .link_back = link_back,
                          .link_new = link_new};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_message(&page, &m), &page);
}

static dk_page_sentence said(const char *key)
{
    return (dk_page_sentence){key, NULL};
}

/* The security-code form under title_key and lead_key: all a bare link
 * shows. */
static void code_form_page(const page_ctx *x, dk_web_reply *r, int status, const char *title_key,
                           const char *lead_key, const char *message_key)
{
    char csrf[128];
    dk_web_issue_csrf(x->in->secure_cookies, x->in->csrf_key, DK_COOKIE_CSRF(x->in->secure_cookies),
                      r->set_cookie, sizeof r->set_cookie, csrf);
    dk_code_form_model m = {.lang = x->lang,
                            .path = x->path,
                            .csrf = csrf,
                            .title_key = title_key,
                            .lead_key = lead_key,
                            .banner_key = message_key};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_code_form(&page, &m), &page);
}

static void code_page(const page_ctx *x, dk_web_reply *r, int status, const char *message_key)
{
    code_form_page(x, r, status, "prop_title", "code_intro", message_key);
}

/* The page of a refusal: 401 asks the code again, the others explain. */
static void outcome_page(const page_ctx *x, const dk_outcome *o, int code_typed, dk_web_reply *r)
{
    switch (o->status) {
    case 401:
        code_page(x, r, 401, code_typed ? "code_wrong" : "session_expired");
        break;
    case 404:
        message_page(x, r, 404, "link_invalid_title", said("link_invalid"), 0, 0);
        break;
    case 410: {
        if (!o->p.ended) { /* ended or locked, and no proof of who asks */
            code_form_page(x, r, 410, "unusable_title", "unusable_code", NULL);
            break;
        }
        if (!strcmp(o->p.ended, "interview_held")) {
            dk_after_interview_model m = {.lang = x->lang, .path = x->path, .outcome = o->p.after};
            dk_buf page = DK_BUF_INIT;
            dk_web_reply_page(r, 410, dk_page_render_after_interview(&page, &m), &page);
            break;
        }
        char key[32];
        snprintf(key, sizeof key, "ended_%s", o->p.ended);
        int again = !strcmp(o->p.ended, "cancelled") || !strcmp(o->p.ended, "expired");
        message_page(x, r, 410, "ended_title", said(key), 0, again);
        break;
    }
    case 429: {
        dk_buf when = DK_BUF_INIT;
        dk_when_instant(&when, x->lang, o->p.locked_until);
        message_page(x, r, 429, "locked_title",
                     (dk_page_sentence){"locked", when.data ? when.data : ""}, 0, 0);
        dk_buf_free(&when);
        int64_t wait = (o->p.locked_until - dk_now_ms() + 999) / 1000;
        retry_after(r, wait < 1 ? 1 : (int)wait);
        break;
    }
    case 413: {
        char mb[24];
        snprintf(mb, sizeof mb, "%ld", x->in->upload_max / (1024 * 1024));
        message_page(x, r, 413, "upload_title", (dk_page_sentence){"upload_too_large", mb}, 1, 0);
        break;
    }
    case 415:
        message_page(x, r, 415, "upload_title", said("upload_not_multipart"), 1, 0);
        break;
    case 400:
        message_page(x, r, 400, "prop_title", said("bad_form"), 1, 0);
        break;
    case 403:
        message_page(x, r, 403, "csrf_title", said("csrf_failed"), 1, 0);
        break;
    default:
        message_page(x, r, 503, "unavailable_title", said("unavailable_proposal"), 1, 0);
        retry_after(r, 30);
        break;
    }
}

/* ---- the proposal itself ---- */

typedef struct {
    dk_page_sentence banner;            /* a sentence above everything, or none */
    const dk_field_errors *upload_errs; /* the upload form's errors, or NULL */
    const char *kind;                   /* the document kind chosen before */
    const dk_slot_view *slots;          /* typed slot rows and their errors, or NULL */
    const char *photo_request;          /* the photo form with errors (upload_errs), or NULL */
} extras;

static const char *upload_error(const page_ctx *x, const extras *e, const char *field)
{
    const char *code = e->upload_errs ? dk_app_error_for(e->upload_errs, field) : NULL;
    return code ? dk_proposal_error_message(field, code, x->lang) : NULL;
}

/* The open photo requests with their latest upload's problems worded. */
static json_t *photos_worded(const page_ctx *x, const json_t *requests)
{
    json_t *out = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(requests, i, q)
    {
        json_t *item = json_deep_copy(q);
        json_t *up = json_object_get(item, "upload");
        if (json_is_object(up))
            json_object_set_new(up, "problems",
                                dk_doc_reasons_json(json_object_get(up, "reasons"), x->lang));
        json_array_append_new(out, item);
    }
    return out;
}

static void proposal_page(const page_ctx *x, const dk_outcome *o, int status, const extras *e,
                          dk_web_reply *r)
{
    const dk_proposal *p = &o->p;
    int64_t now = dk_now_ms();
    char csrf[DK_CSRF_LEN + 1], video[512];
    dk_csrf_for_session(x->in->csrf_key, x->session, csrf);
    dk_buf slot = DK_BUF_INIT, held = DK_BUF_INIT, day = DK_BUF_INIT;
    dk_when_slot(&slot, x->lang, p->starts_at, p->ends_at);
    dk_when_instant(&held, x->lang, p->held_until);
    if (o->has_previous)
        dk_when_day(&day, x->lang, o->previous.accepted_at);
    int video_ok = !strcmp(p->status, "reserved") && p->room_id[0] &&
                   dk_video_url(p->room_id, video, sizeof video) == 0;
    dk_buf until = DK_BUF_INIT;
    if (o->session_code[0])
        dk_when_clock(&until, x->lang, o->code_expires);
    json_t *photos = photos_worded(x, o->photo_requests);
    const char *photo_request = e->photo_request;
    dk_proposal_model m = {
        .lang = x->lang,
        .path = x->path,
        .csrf = csrf,
        .banner = e->banner,
        .status = p->status,
        .started = p->starts_at <= now,
        .slot_text = slot.data ? slot.data : "",
        .held_text = held.data ? held.data : "",
        .video_url = video_ok ? video : NULL,
        .problems = !strcmp(p->status, "document_rejected")
                        ? json_object_get(o->document, "problems")
                        : NULL,
        .can_accept = !dk_proposal_refusal(p, "accept", now),
        .previous_kind = o->has_previous ? o->previous.kind : NULL,
        .previous_day = day.data ? day.data : "",
        .upload_max_mb = x->in->upload_max / (1024 * 1024),
        .kind = e->kind,
        .kind_error = upload_error(x, e, "document_kind"),
        .front_error = upload_error(x, e, "front"),
        .back_error = upload_error(x, e, "back"),
        .can_reschedule = !dk_proposal_refusal(p, "reschedule", now),
        .slots = e->slots ? *e->slots : (dk_slot_view){0},
        .rules = &x->in->rules,
        .now_ms = now,
        .can_cancel = !dk_proposal_refusal(p, "cancel", now),
        .session_code = o->session_code[0] ? o->session_code : NULL,
        .code_until = until.data ? until.data : "",
        .code_minutes = DK_SESSION_CODE_MINUTES,
        .photos = photos,
        .photo_request = photo_request,
        .photo_front_error = photo_request ? upload_error(x, e, "front") : NULL,
        .photo_back_error = photo_request ? upload_error(x, e, "back") : NULL,
    };
    if (photo_request) /* the errors belong to the photo's form, not the accept's */
        m.front_error = m.back_error = NULL;
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, status, dk_page_render_proposal(&page, &m), &page);
    dk_buf_free(&until);
    json_decref(photos);
    dk_buf_free(&slot);
    dk_buf_free(&held);
    dk_buf_free(&day);
}

/* After a refused action (409, 422): the proposal as it is now, with why. */
static void show_again(page_ctx *x, int status, const extras *e, dk_web_reply *r)
{
    dk_outcome o = {0};
    dk_credential cred = session_cred(x);
    dk_proposal_view(x->in, x->token, &cred, x->qlang, &o);
    ctx_lang(x, &o);
    if (o.status == 200)
        proposal_page(x, &o, status, e, r);
    else
        outcome_page(x, &o, 0, r);
    dk_outcome_free(&o);
}

static void see_proposal(const page_ctx *x, dk_web_reply *r)
{
    r->status = 303;
    r->content_type = "text/html; charset=utf-8";
    dk_buf_reset(&r->body);
    snprintf(r->location, sizeof r->location, "%s%s%s", x->path, x->qlang ? "?lang=" : "",
             x->qlang ? x->qlang : "");
}

/* ---- the routes ---- */

void dk_proposal_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    dk_outcome o = {0};
    dk_credential cred = {x.session ? DK_CRED_SESSION : DK_CRED_NONE, x.session};
    dk_proposal_view(in, token, &cred, x.qlang, &o);
    ctx_lang(&x, &o);
    if (o.status == 200 && x.session)
        proposal_page(&x, &o, 200, &(extras){0}, r);
    else if (o.status == 200)
        code_page(&x, r, 200, NULL);
    else if (o.status == 401)
        code_page(&x, r, 200, "session_expired"); /* the session ran out: ask again */
    else
        outcome_page(&x, &o, 0, r);
    dk_outcome_free(&o);
}

/* Whether the CSRF field of a POST is right: the code form's is bound to
 * the CSRF cookie; an action's to the session. An action without any
 * session cookie goes on: it acts for nobody, and its answer is the code
 * form (401) or that the link cannot be used (410). */
static int csrf_ok(const page_ctx *x, int login, const char *field)
{
    if (login)
        return dk_csrf_valid(x->in->csrf_key,
                             MHD_lookup_connection_value(x->c, MHD_COOKIE_KIND,
                                                         DK_COOKIE_CSRF(x->in->secure_cookies)),
                             field);
    return !x->session || dk_csrf_session_valid(x->in->csrf_key, x->session, field);
}

/* The fields of a url-encoded POST and its CSRF check; on failure the
 * reply is made (400/403) and NULL returned. */
static json_t *checked_fields(const page_ctx *x, int login, const char *body, size_t len,
                              dk_web_reply *r)
{
    json_t *values = json_object();
    dk_outcome o = {0};
    if (dk_web_form_fields(x->c, body, len, values) != 0)
        o.status = 400;
    else if (!csrf_ok(x, login, json_string_value(json_object_get(values, "csrf"))))
        o.status = 403;
    if (o.status) {
        outcome_page(x, &o, 0, r);
        json_decref(values);
        return NULL;
    }
    return values;
}

void dk_proposal_page_login(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_web_reply *r)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, 1, body, len, r);
    if (!values)
        return;
    dk_outcome o = {0};
    char session[DK_SESSION_LEN + 1];
    dk_proposal_login(in, token, json_string_value(json_object_get(values, "security_code")), &o,
                      session);
    ctx_lang(&x, &o);
    if (o.status == 200) {
        see_proposal(&x, r);
        dk_web_cookie(r->set_cookie, sizeof r->set_cookie, in->secure_cookies,
                      DK_COOKIE_SESSION(in->secure_cookies), session, DK_SESSION_MINUTES * 60);
    } else {
        outcome_page(&x, &o, 1, r);
    }
    dk_outcome_free(&o);
    json_decref(values);
}

/* An upload from the page (accept, photo): CSRF in the body, the session
 * as credential; precheck before the body, act once it is whole. */
typedef void (*upload_step)(dk_intake *, const char *, const dk_credential *, dk_outcome *);
typedef void (*upload_act)(dk_intake *, const char *, const dk_credential *, dk_upload *,
                           dk_outcome *);

static void page_upload(dk_intake *in, struct MHD_Connection *c, const char *token, dk_upload *up,
                        dk_web_reply *r, upload_step precheck, upload_act act, int photo)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    if (!x.qlang && valid_lang(up->lang)) /* after the precheck: the applicant's */
        x.lang = valid_lang(up->lang);
    if (up->too_slow) { /* kept, and sent only if the body is cut for its pace */
        message_page(&x, r, 408, "upload_title", said("upload_too_slow"), 1, 0);
        return;
    }
    if (up->addr_busy) {
        message_page(&x, r, 429, "upload_title", said("upload_busy_address"), 1, 0);
        retry_after(r, 30);
        return;
    }
    if (up->link_busy) {
        message_page(&x, r, 409, "upload_title", said("upload_busy_link"), 1, 0);
        retry_after(r, 30);
        return;
    }
    if (up->nameless) {
        message_page(&x, r, 400, "upload_title", said("upload_no_name"), 1, 0);
        return;
    }
    dk_outcome o = {0};
    o.status = dk_upload_refusal(up);
    if (o.status == 0 && !up->prechecking && !csrf_ok(&x, 0, up->csrf))
        o.status = 403;
    if (o.status != 0) {
        outcome_page(&x, &o, 0, r);
        return;
    }
    dk_credential cred = session_cred(&x);
    if (up->prechecking) /* before the body: the link and the session (CSRF comes in the body) */
        precheck(in, token, &cred, &o);
    else
        act(in, token, &cred, up, &o);
    ctx_lang(&x, &o);
    if (o.status == 200) {
        r->status = 0; /* the link check passed: read the body, one at a time per request */
        snprintf(up->link, sizeof up->link, "%s", o.p.application_id);
        snprintf(up->lang, sizeof up->lang, "%s", o.p.language);
    } else if (o.status == 202) {
        see_proposal(&x, r);
    } else if (o.status == 422) {
        extras e = {.upload_errs = &o.errs,
                    .kind = photo ? NULL : up->document_kind,
                    .banner = said("errors_summary"),
                    .photo_request = photo ? up->request_id : NULL};
        show_again(&x, 422, &e, r);
    } else if (o.status == 409) {
        extras e = {.banner = said(o.conflict)};
        show_again(&x, 409, &e, r);
    } else {
        outcome_page(&x, &o, 0, r);
    }
    dk_outcome_free(&o);
}

void dk_proposal_page_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                             dk_upload *up, dk_web_reply *r)
{
    page_upload(in, c, token, up, r, in->accept_precheck, dk_proposal_accept, 0);
}

void dk_proposal_page_photo(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_web_reply *r)
{
    page_upload(in, c, token, up, r, dk_proposal_photo_precheck, dk_proposal_photo, 1);
}

void dk_proposal_page_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_web_reply *r)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, 0, body, len, r);
    if (!values)
        return;
    int slot_row[DK_APP_MAX_SLOTS], nslots = 0;
    json_t *req =
        json_pack("{s:o}", "preferred_slots", dk_slot_fields_collect(values, slot_row, &nslots));
    dk_outcome o = {0};
    dk_credential cred = session_cred(&x);
    dk_proposal_reschedule(in, token, &cred, req, &o);
    ctx_lang(&x, &o);
    if (o.status == 202) {
        message_page(&x, r, 202, "rescheduled_title", said("rescheduled_text"), 0, 0);
    } else if (o.status == 422) {
        dk_slot_view sv = {
            .values = values, .errs = &o.errs, .slot_row = slot_row, .nslots = nslots};
        extras e = {.slots = &sv, .banner = said("errors_summary")};
        show_again(&x, 422, &e, r);
    } else if (o.status == 409) {
        extras e = {.banner = said(o.conflict)};
        show_again(&x, 409, &e, r);
    } else {
        outcome_page(&x, &o, 0, r);
    }
    dk_outcome_free(&o);
    json_decref(req);
    json_decref(values);
}

static void confirm_cancel_page(const page_ctx *x, const dk_outcome *o, dk_web_reply *r)
{
    char csrf[DK_CSRF_LEN + 1];
    dk_csrf_for_session(x->in->csrf_key, x->session, csrf);
    dk_buf when = DK_BUF_INIT;
    dk_when_slot(&when, x->lang, o->p.starts_at, o->p.ends_at);
    dk_cancel_confirm_model m = {
        .lang = x->lang, .path = x->path, .csrf = csrf, .slot_text = when.data ? when.data : ""};
    dk_buf page = DK_BUF_INIT;
    dk_web_reply_page(r, 200, dk_page_render_cancel_confirm(&page, &m), &page);
    dk_buf_free(&when);
}

void dk_proposal_page_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_web_reply *r)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    json_t *values = checked_fields(&x, 0, body, len, r);
    if (!values)
        return;
    const char *confirm = json_string_value(json_object_get(values, "confirm"));
    dk_outcome o = {0};
    dk_credential cred = session_cred(&x);
    if (!confirm || strcmp(confirm, "yes") != 0) {
        /* First the question, on its own page. */
        dk_proposal_view(in, token, &cred, x.qlang, &o);
        ctx_lang(&x, &o);
        const char *no = o.status == 200 ? dk_proposal_refusal(&o.p, "cancel", dk_now_ms()) : NULL;
        if (o.status == 200 && !no)
            confirm_cancel_page(&x, &o, r);
        else if (o.status == 200)
            show_again(&x, 409, &(extras){.banner = said(no)}, r);
        else
            outcome_page(&x, &o, 0, r);
    } else {
        dk_proposal_cancel(in, token, &cred, &o);
        ctx_lang(&x, &o);
        if (o.status == 202) {
            message_page(&x, r, 202, "cancelled_title", said("cancelled_text"), 0, 1);
        } else if (o.status == 409) {
            show_again(&x, 409, &(extras){.banner = said(o.conflict)}, r);
        } else {
            outcome_page(&x, &o, 0, r);
        }
    }
    dk_outcome_free(&o);
    json_decref(values);
}
