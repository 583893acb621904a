/* proposal_page.c — the self-service link as HTML pages (nl/fr/en, no
 * JavaScript, every form with its CSRF field):
 *   GET  /proposal/{token}             the security-code form, or with a
 *                                      session the proposal and its actions
 *   POST /proposal/{token}             the code → session cookie, 303 back
 *   POST /proposal/{token}/accept      multipart upload → 303 back
 *   POST /proposal/{token}/reschedule  other preferred slots → 202 page
 *   POST /proposal/{token}/cancel      confirmation step, then → 202 page
 * The link alone shows nothing and changes nothing (mail scanners open
 * links): a live one shows the code form, an ended or locked one only that
 * it cannot be used (and the code form, to learn why). Status codes mirror
 * the API's; each refusal has a page saying what happened and what to do.
 * The code form's CSRF field is bound to a random cookie; once there is a
 * session, the forms' field is bound to the session (dk_csrf.h). */
#include "core/dk_clock.h"
#include "dk_csrf.h"
#include "store/dk_token.h"
#include "belgium/dk_video.h"
#include "i18n/dk_i18n.h"
#include "page.h"
#include "proposal.h"
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
    return dk_i18n_lang_known(l) ? l : NULL;
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

static void html(dk_reply *r, int status)
{
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    dk_buf_reset(&r->body);
}

static void esc(dk_buf *b, const char *s)
{
    dk_page_esc(b, s);
}

static void para(dk_buf *b, const char *cls, const char *text)
{
    if (cls)
        dk_buf_appendf(b, "<p class=\"%s\">", cls);
    else
        dk_buf_puts(b, "<p>");
    esc(b, text);
    dk_buf_puts(b, "</p>");
}

static void banner(dk_buf *b, const char *text)
{
    dk_buf_puts(b, "<div class=\"banner\" role=\"alert\">");
    esc(b, text);
    dk_buf_puts(b, "</div>");
}

/* action="{path}/{what}?lang=xx" */
static void form_open(dk_buf *b, const page_ctx *x, const char *what, const char *extra,
                      const char *csrf)
{
    dk_buf_appendf(b, "<form method=\"post\" action=\"%s%s%s?lang=%s\" accept-charset=\"utf-8\"%s>",
                   x->path, what[0] ? "/" : "", what, x->lang, extra);
    dk_buf_appendf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf);
}

static void back_link(dk_buf *b, const page_ctx *x)
{
    if (strcmp(x->path, "/") == 0)
        return;
    dk_buf_appendf(b, "<p><a href=\"%s?lang=%s\">", x->path, x->lang);
    esc(b, dk_i18n_text(x->lang, "back_to_proposal"));
    dk_buf_puts(b, "</a></p>");
}

/* A page that only says something: title, sentence, and where to go. */
static void message_page(const page_ctx *x, dk_reply *r, int status, const char *title_key,
                         const char *text, int link_back, int link_new)
{
    html(r, status);
    dk_page_start(&r->body, x->lang, title_key, x->path);
    para(&r->body, "lead", text);
    if (link_back)
        back_link(&r->body, x);
    if (link_new) {
        dk_buf_appendf(&r->body, "<p><a href=\"/?lang=%s\">", x->lang);
        esc(&r->body, dk_i18n_text(x->lang, "new_request"));
        dk_buf_puts(&r->body, "</a></p>");
    }
    dk_page_end(&r->body);
}

/* The security-code form under title_key and lead_key: all a bare link
 * shows. */
static void code_form_page(const page_ctx *x, dk_reply *r, int status, const char *title_key,
                           const char *lead_key, const char *message_key)
{
    char csrf[128];
    html(r, status);
    dk_page_issue_csrf(x->in->secure_cookies, x->in->csrf_key, r->set_cookie, sizeof r->set_cookie,
                       csrf);
    dk_buf *b = &r->body;
    dk_page_start(b, x->lang, title_key, x->path);
    if (message_key)
        banner(b, dk_i18n_text(x->lang, message_key));
    para(b, "lead", dk_i18n_text(x->lang, lead_key));
    form_open(b, x, "", "", csrf);
    /* A wrong code is said at the field too, where the eye and a screen
     * reader are when typing it again. */
    int wrong = message_key && !strcmp(message_key, "code_wrong");
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"security_code\">",
                   wrong ? " invalid" : "");
    esc(b, dk_i18n_text(x->lang, "code_field"));
    dk_buf_puts(b, "</label><p class=\"hint\" id=\"security_code-hint\">");
    esc(b, dk_i18n_text(x->lang, "code_hint"));
    dk_buf_puts(b, "</p>");
    if (wrong) {
        dk_buf_puts(b, "<p class=\"error\" id=\"security_code-error\">");
        esc(b, dk_i18n_text(x->lang, "code_wrong_field"));
        dk_buf_puts(b, "</p>");
    }
    dk_buf_appendf(b, "<input id=\"security_code\" name=\"security_code\" type=\"text\" "
                      "maxlength=\"40\" autocomplete=\"off\" autocapitalize=\"characters\" "
                      "spellcheck=\"false\" required aria-describedby=\"security_code-hint%s\"%s>"
                      "</div><button type=\"submit\">",
                   wrong ? " security_code-error" : "", wrong ? " aria-invalid=\"true\"" : "");
    esc(b, dk_i18n_text(x->lang, "code_submit"));
    dk_buf_puts(b, "</button></form>");
    dk_page_end(b);
}

static void code_page(const page_ctx *x, dk_reply *r, int status, const char *message_key)
{
    code_form_page(x, r, status, "prop_title", "code_intro", message_key);
}

/* The page of a refusal: 401 asks the code again, the others explain. */
static void outcome_page(const page_ctx *x, const dk_outcome *o, int code_typed, dk_reply *r)
{
    dk_buf text = DK_BUF_INIT;
    switch (o->status) {
    case 401:
        code_page(x, r, 401, code_typed ? "code_wrong" : "session_expired");
        break;
    case 404:
        message_page(x, r, 404, "link_invalid_title", dk_i18n_text(x->lang, "link_invalid"), 0, 0);
        break;
    case 410: {
        if (!o->p.ended) { /* ended or locked, and no proof of who asks */
            code_form_page(x, r, 410, "unusable_title", "unusable_code", NULL);
            break;
        }
        char key[32];
        snprintf(key, sizeof key, "ended_%s", o->p.ended);
        int again = !strcmp(o->p.ended, "cancelled") || !strcmp(o->p.ended, "expired");
        message_page(x, r, 410, "ended_title", dk_i18n_text(x->lang, key), 0, again);
        break;
    }
    case 429: {
        dk_buf when = DK_BUF_INIT;
        dk_when_instant(&when, x->lang, o->p.locked_until);
        DK_I18N_APPENDF(&text, x->lang, locked, when.data);
        dk_buf_free(&when);
        message_page(x, r, 429, "locked_title", text.data, 0, 0);
        int64_t wait = (o->p.locked_until - dk_now_ms() + 999) / 1000;
        r->retry_after = wait < 1 ? 1 : (int)wait;
        break;
    }
    case 413:
        DK_I18N_APPENDF(&text, x->lang, upload_too_large, x->in->upload_max / (1024 * 1024));
        message_page(x, r, 413, "upload_title", text.data, 1, 0);
        break;
    case 415:
        message_page(x, r, 415, "upload_title", dk_i18n_text(x->lang, "upload_not_multipart"), 1, 0);
        break;
    case 400:
        message_page(x, r, 400, "prop_title", dk_i18n_text(x->lang, "bad_form"), 1, 0);
        break;
    case 403:
        message_page(x, r, 403, "csrf_title", dk_i18n_text(x->lang, "csrf_failed"), 1, 0);
        break;
    default:
        message_page(x, r, 503, "unavailable_title", dk_i18n_text(x->lang, "unavailable_proposal"), 1, 0);
        r->retry_after = 30;
        break;
    }
    dk_buf_free(&text);
}

/* ---- the proposal itself ---- */

typedef struct {
    const char *banner;                 /* a sentence above everything, or NULL */
    const dk_field_errors *upload_errs; /* the upload form's errors, or NULL */
    const char *kind;                   /* the document kind chosen before */
    const dk_slot_view *slots;          /* typed slot rows and their errors, or NULL */
} extras;

static void status_line(dk_buf *b, const page_ctx *x, const dk_proposal *p, int64_t now)
{
    dk_buf held = DK_BUF_INIT, text = DK_BUF_INIT;
    dk_when_instant(&held, x->lang, p->held_until);
    if (p->starts_at <= now)
        dk_buf_puts(&text, dk_i18n_text(x->lang, "conflict_started"));
    else if (!strcmp(p->status, "proposed"))
        DK_I18N_APPENDF(&text, x->lang, status_proposed, held.data);
    else if (!strcmp(p->status, "document_rejected"))
        DK_I18N_APPENDF(&text, x->lang, status_document_rejected, held.data);
    else if (!strcmp(p->status, "document_pending"))
        dk_buf_puts(&text, dk_i18n_text(x->lang, "status_document_pending"));
    else if (!strcmp(p->status, "reserved"))
        dk_buf_puts(&text, dk_i18n_text(x->lang, "status_reserved"));
    else
        dk_buf_puts(&text, dk_i18n_text(x->lang, "status_other"));
    /* Good news and bad news are told by colour too, not only in words. */
    const char *tone = p->starts_at <= now                           ? ""
                       : !strcmp(p->status, "reserved")             ? " good"
                       : !strcmp(p->status, "document_rejected")    ? " bad"
                                                                    : "";
    dk_buf_appendf(b, "<p class=\"status%s\" id=\"status\" data-status=\"%s\">", tone,
                   p->status);
    esc(b, text.data);
    dk_buf_puts(b, "</p>");
    dk_buf_free(&held);
    dk_buf_free(&text);
}

static void problems(dk_buf *b, const page_ctx *x, const json_t *document)
{
    json_t *list = json_object_get(document, "problems");
    if (json_array_size(list) == 0)
        return;
    dk_buf_puts(b, "<h2>");
    esc(b, dk_i18n_text(x->lang, "problems_title"));
    dk_buf_puts(b, "</h2><ul class=\"problems\">");
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        dk_buf_appendf(b, "<li data-code=\"%s\"><strong>",
                       json_string_value(json_object_get(item, "code")));
        esc(b, json_string_value(json_object_get(item, "problem")));
        dk_buf_puts(b, "</strong> ");
        esc(b, json_string_value(json_object_get(item, "fix")));
        dk_buf_puts(b, "</li>");
    }
    dk_buf_puts(b, "</ul>");
}

static const char *upload_error(const extras *e, const char *field)
{
    return e->upload_errs ? dk_app_error_for(e->upload_errs, field) : NULL;
}

static void upload_error_line(dk_buf *b, const page_ctx *x, const extras *e, const char *field)
{
    const char *code = upload_error(e, field);
    if (!code)
        return;
    dk_buf_appendf(b, "<p class=\"error\" id=\"%s-error\">", field);
    esc(b, dk_proposal_error_message(field, code, x->lang));
    dk_buf_puts(b, "</p>");
}

static void file_input(dk_buf *b, const page_ctx *x, const extras *e, const char *name,
                       const char *label_key, const char *hint_key, int required)
{
    const char *code = upload_error(e, name);
    dk_buf_appendf(b, "<div class=\"field%s\"><label for=\"%s\">", code ? " invalid" : "", name);
    esc(b, dk_i18n_text(x->lang, label_key));
    dk_buf_puts(b, required ? " *</label>" : "</label>");
    if (hint_key) {
        dk_buf_appendf(b, "<p class=\"hint\" id=\"%s-hint\">", name);
        esc(b, dk_i18n_text(x->lang, hint_key));
        dk_buf_puts(b, "</p>");
    }
    upload_error_line(b, x, e, name);
    dk_buf_appendf(
        b, "<input id=\"%s\" name=\"%s\" type=\"file\" accept=\"image/*,application/pdf\"%s", name,
        name, required ? " required" : "");
    char desc[64] = "";
    if (hint_key)
        snprintf(desc, sizeof desc, "%s-hint", name);
    if (code)
        snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%s%s-error", desc[0] ? " " : "",
                 name);
    if (desc[0])
        dk_buf_appendf(b, " aria-describedby=\"%s\"", desc);
    if (code)
        dk_buf_puts(b, " aria-invalid=\"true\"");
    dk_buf_puts(b, "></div>");
}

/* An action's section: <section class="action" id=id><h2>title</h2>. */
static void action_open(dk_buf *b, const page_ctx *x, const char *id, const char *title_key)
{
    dk_buf_appendf(b, "<section class=\"action\" id=\"%s\"><h2>", id);
    esc(b, dk_i18n_text(x->lang, title_key));
    dk_buf_puts(b, "</h2>");
}

/* The form's submit button (cls may be NULL), closing the form and the
 * action's section. */
static void action_close(dk_buf *b, const page_ctx *x, const char *cls, const char *label_key)
{
    if (cls)
        dk_buf_appendf(b, "<button type=\"submit\" class=\"%s\">", cls);
    else
        dk_buf_puts(b, "<button type=\"submit\">");
    esc(b, dk_i18n_text(x->lang, label_key));
    dk_buf_puts(b, "</button></form></section>");
}

/* A moved interview whose document already passed: confirm with it. */
static void previous_form(dk_buf *b, const page_ctx *x, const dk_previous_doc *d, const char *csrf)
{
    action_open(b, x, "accept-previous", "previous_title");
    dk_buf day = DK_BUF_INIT, text = DK_BUF_INIT;
    dk_when_day(&day, x->lang, d->accepted_at);
    if (!strcmp(d->kind, "id_card"))
        DK_I18N_APPENDF(&text, x->lang, previous_id_card, day.data);
    else
        DK_I18N_APPENDF(&text, x->lang, previous_passport, day.data);
    para(b, NULL, text.data);
    dk_buf_free(&day);
    dk_buf_free(&text);
    form_open(b, x, "accept", " enctype=\"multipart/form-data\"", csrf);
    dk_buf_puts(b, "<input type=\"hidden\" name=\"document_kind\" value=\"previous\">");
    action_close(b, x, NULL, "previous_submit");
}

static void upload_form(dk_buf *b, const page_ctx *x, const extras *e, int after_previous,
                        const char *csrf)
{
    action_open(b, x, "accept", "upload_title");
    if (after_previous)
        para(b, NULL, dk_i18n_text(x->lang, "previous_or_new"));
    dk_buf_puts(b, "<p class=\"hint\">");
    DK_I18N_APPENDF(b, x->lang, upload_intro, x->in->upload_max / (1024 * 1024));
    dk_buf_puts(b, "</p>");
    form_open(b, x, "accept", " enctype=\"multipart/form-data\"", csrf);
    const char *kcode = upload_error(e, "document_kind");
    dk_buf_appendf(b, "<fieldset class=\"field%s\"><legend>", kcode ? " invalid" : "");
    esc(b, dk_i18n_text(x->lang, "doc_kind"));
    dk_buf_puts(b, " *</legend>");
    upload_error_line(b, x, e, "document_kind");
    dk_buf_puts(b, "<div class=\"choices\">");
    static const char *const kinds[] = {"passport", "id_card"};
    static const char *const kind_keys[] = {"doc_passport", "doc_id_card"};
    for (int i = 0; i < 2; i++) {
        dk_buf_appendf(b,
                       "<label class=\"choice\"><input type=\"radio\" name=\"document_kind\" "
                       "value=\"%s\"%s%s> ",
                       kinds[i], e->kind && !strcmp(e->kind, kinds[i]) ? " checked" : "",
                       i == 0 ? " required" : "");
        esc(b, dk_i18n_text(x->lang, kind_keys[i]));
        dk_buf_puts(b, "</label>");
    }
    dk_buf_puts(b, "</div></fieldset>");
    file_input(b, x, e, "front", "doc_front", NULL, 1);
    file_input(b, x, e, "back", "doc_back", "doc_back_hint", 0);
    action_close(b, x, NULL, "upload_submit");
}

static void reschedule_form(dk_buf *b, const page_ctx *x, const extras *e, const char *csrf)
{
    action_open(b, x, "reschedule", "reschedule_title");
    para(b, NULL, dk_i18n_text(x->lang, "reschedule_intro"));
    form_open(b, x, "reschedule", "", csrf);
    json_t *none = json_object();
    dk_slot_view empty = {.lang = x->lang, .values = none};
    dk_slot_fields_render(b, e->slots ? e->slots : &empty, &x->in->rules);
    json_decref(none);
    action_close(b, x, "secondary", "reschedule_submit");
}

static void cancel_form(dk_buf *b, const page_ctx *x, const char *csrf)
{
    action_open(b, x, "cancel", "cancel_title");
    para(b, NULL, dk_i18n_text(x->lang, "cancel_intro"));
    form_open(b, x, "cancel", "", csrf);
    action_close(b, x, "danger", "cancel_submit");
}

static void slot_block(dk_buf *b, const page_ctx *x, const dk_proposal *p)
{
    dk_buf_puts(b, "<section class=\"proposal\"><h2>");
    esc(b, dk_i18n_text(x->lang, "slot_label"));
    dk_buf_puts(b, "</h2><p class=\"when\" id=\"slot\">");
    dk_buf when = DK_BUF_INIT;
    dk_when_slot(&when, x->lang, p->starts_at, p->ends_at);
    esc(b, when.data);
    dk_buf_free(&when);
    dk_buf_puts(b, "</p>");
}

static void proposal_page(const page_ctx *x, const dk_outcome *o, int status, const extras *e,
                          dk_reply *r)
{
    const dk_proposal *p = &o->p;
    int64_t now = dk_now_ms();
    char csrf[DK_CSRF_LEN + 1];
    html(r, status);
    dk_csrf_for_session(x->in->csrf_key, x->session, csrf);
    dk_buf *b = &r->body;
    dk_page_start(b, x->lang, !strcmp(p->status, "reserved") ? "reserved_title" : "prop_title",
                  x->path);
    if (e->banner)
        banner(b, e->banner);
    slot_block(b, x, p);
    status_line(b, x, p, now);
    dk_buf_puts(b, "</section>");
    char video[512];
    if (!strcmp(p->status, "reserved") && p->room_id[0] &&
        dk_video_url(p->room_id, video, sizeof video) == 0) {
        dk_buf_puts(b, "<section class=\"video\"><h2>");
        esc(b, dk_i18n_text(x->lang, "video_label"));
        dk_buf_puts(b, "</h2><p><a id=\"video-url\" rel=\"noopener noreferrer\" href=\"");
        esc(b, video);
        dk_buf_puts(b, "\">");
        esc(b, video);
        dk_buf_puts(b, "</a></p>");
        para(b, "hint", dk_i18n_text(x->lang, "video_hint"));
        dk_buf_puts(b, "</section>");
    }
    if (!strcmp(p->status, "document_rejected"))
        problems(b, x, o->document);
    if (!dk_proposal_refusal(p, "accept", now)) {
        if (o->has_previous)
            previous_form(b, x, &o->previous, csrf);
        upload_form(b, x, e, o->has_previous, csrf);
    }
    if (!dk_proposal_refusal(p, "reschedule", now))
        reschedule_form(b, x, e, csrf);
    if (!dk_proposal_refusal(p, "cancel", now))
        cancel_form(b, x, csrf);
    dk_page_end(b);
}

/* After a refused action (409, 422): the proposal as it is now, with why. */
static void show_again(page_ctx *x, int status, const extras *e, dk_reply *r)
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

static void see_proposal(const page_ctx *x, dk_reply *r)
{
    html(r, 303);
    snprintf(r->location, sizeof r->location, "%s%s%s", x->path, x->qlang ? "?lang=" : "",
             x->qlang ? x->qlang : "");
}

/* ---- the routes ---- */

void dk_proposal_page_get(dk_intake *in, struct MHD_Connection *c, const char *token, dk_reply *r)
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
                              dk_reply *r)
{
    json_t *values = json_object();
    dk_outcome o = {0};
    if (dk_page_form_fields(x->c, body, len, values) != 0)
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
                            const char *body, size_t len, dk_reply *r)
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
        dk_page_cookie(r->set_cookie, sizeof r->set_cookie, in->secure_cookies,
                       DK_COOKIE_SESSION(in->secure_cookies), session, DK_SESSION_MINUTES * 60);
    } else {
        outcome_page(&x, &o, 1, r);
    }
    dk_outcome_free(&o);
    json_decref(values);
}

void dk_proposal_page_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                             dk_upload *up, dk_reply *r)
{
    page_ctx x;
    ctx_init(&x, in, c, token);
    if (up->addr_busy) {
        message_page(&x, r, 429, "upload_title", dk_i18n_text(x.lang, "upload_busy_address"), 1, 0);
        r->retry_after = 30;
        return;
    }
    if (up->nameless) {
        message_page(&x, r, 400, "upload_title", dk_i18n_text(x.lang, "upload_no_name"), 1, 0);
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
        dk_proposal_accept_precheck(in, token, &cred, &o);
    else
        dk_proposal_accept(in, token, &cred, up, &o);
    ctx_lang(&x, &o);
    if (o.status == 200) {
        r->status = 0; /* the link check passed: read the body */
    } else if (o.status == 202) {
        see_proposal(&x, r);
    } else if (o.status == 422) {
        extras e = {.upload_errs = &o.errs,
                    .kind = up->document_kind,
                    .banner = dk_i18n_text(x.lang, "errors_summary")};
        show_again(&x, 422, &e, r);
    } else if (o.status == 409) {
        extras e = {.banner = dk_i18n_text(x.lang, o.conflict)};
        show_again(&x, 409, &e, r);
    } else {
        outcome_page(&x, &o, 0, r);
    }
    dk_outcome_free(&o);
}

void dk_proposal_page_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_reply *r)
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
        html(r, 202);
        dk_page_start(&r->body, x.lang, "rescheduled_title", x.path);
        para(&r->body, "lead", dk_i18n_text(x.lang, "rescheduled_text"));
        dk_page_end(&r->body);
    } else if (o.status == 422) {
        dk_slot_view sv = {.lang = x.lang,
                           .values = values,
                           .errs = &o.errs,
                           .slot_row = slot_row,
                           .nslots = nslots};
        extras e = {.slots = &sv, .banner = dk_i18n_text(x.lang, "errors_summary")};
        show_again(&x, 422, &e, r);
    } else if (o.status == 409) {
        extras e = {.banner = dk_i18n_text(x.lang, o.conflict)};
        show_again(&x, 409, &e, r);
    } else {
        outcome_page(&x, &o, 0, r);
    }
    dk_outcome_free(&o);
    json_decref(req);
    json_decref(values);
}

static void confirm_cancel_page(const page_ctx *x, const dk_outcome *o, dk_reply *r)
{
    char csrf[DK_CSRF_LEN + 1];
    html(r, 200);
    dk_csrf_for_session(x->in->csrf_key, x->session, csrf);
    dk_buf *b = &r->body;
    dk_page_start(b, x->lang, "cancel_confirm_title", x->path);
    dk_buf when = DK_BUF_INIT, text = DK_BUF_INIT;
    dk_when_slot(&when, x->lang, o->p.starts_at, o->p.ends_at);
    DK_I18N_APPENDF(&text, x->lang, cancel_confirm, when.data);
    para(b, "lead", text.data);
    dk_buf_free(&when);
    dk_buf_free(&text);
    form_open(b, x, "cancel", "", csrf);
    dk_buf_puts(b, "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                   "<button type=\"submit\" class=\"danger\">");
    esc(b, dk_i18n_text(x->lang, "cancel_confirm_submit"));
    dk_buf_puts(b, "</button></form>");
    back_link(b, x);
    dk_page_end(b);
}

void dk_proposal_page_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_reply *r)
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
            show_again(&x, 409, &(extras){.banner = dk_i18n_text(x.lang, no)}, r);
        else
            outcome_page(&x, &o, 0, r);
    } else {
        dk_proposal_cancel(in, token, &cred, &o);
        ctx_lang(&x, &o);
        if (o.status == 202) {
            html(r, 202);
            dk_page_start(&r->body, x.lang, "cancelled_title", x.path);
            para(&r->body, "lead", dk_i18n_text(x.lang, "cancelled_text"));
            dk_buf_appendf(&r->body, "<p><a href=\"/?lang=%s\">", x.lang);
            esc(&r->body, dk_i18n_text(x.lang, "new_request"));
            dk_buf_puts(&r->body, "</a></p>");
            dk_page_end(&r->body);
        } else if (o.status == 409) {
            show_again(&x, 409, &(extras){.banner = dk_i18n_text(x.lang, o.conflict)}, r);
        } else {
            outcome_page(&x, &o, 0, r);
        }
    }
    dk_outcome_free(&o);
    json_decref(values);
}
