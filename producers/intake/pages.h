/* SPDX-License-Identifier: EUPL-1.2 */
/* pages.h — every HTML page of the intake, rendered from a model into a
 * buffer by the engine of common/render from the templates in
 * producers/intake/templates, without a connection (the HTTP layer only
 * queues the result). Each dk_page_render_* returns 0, or -1 (logged: a
 * template refused a value, or memory ran out) with out holding a partial
 * page the caller must not send (it answers 500). */
#ifndef DK_INTAKE_PAGES_H
#define DK_INTAKE_PAGES_H

#include "booking/dk_application.h"
#include "core/dk_buf.h"

#include <jansson.h>
#include <stdint.h>

/* A sentence of the catalogue (i18n.h) and its one argument, if any. */
typedef struct {
    const char *key; /* NULL: none */
    const char *arg; /* NULL: the sentence takes none */
} dk_page_sentence;

/* The preferred-slot rows as typed (slot1_date … slot10_to) and the
 * validator's errors on them. */
typedef struct {
    const json_t *values;        /* field name → string, as typed */
    const dk_field_errors *errs; /* NULL = none */
    const int *slot_row;         /* preferred_slots[i] came from form row slot_row[i] */
    int nslots;
} dk_slot_view;

/* GET / and POST /: the request form with what was typed and its errors. */
typedef struct {
    const char *lang;
    const char *csrf;
    dk_page_sentence banner;     /* above the form; none: errors_summary when errs has any */
    const json_t *values;        /* field name → string, as typed */
    const dk_field_errors *errs; /* NULL = none */
    int consent;                 /* the box was ticked */
    dk_slot_view slots;
    const dk_app_rules *rules;
    int64_t now_ms; /* the slot window */
} dk_form_model;

int dk_page_render_form(dk_buf *out, const dk_form_model *m);

/* After an accepted request: its reference and the security code. */
typedef struct {
    const char *lang, *application_id, *security_code;
} dk_success_model;

int dk_page_render_success(dk_buf *out, const dk_success_model *m);

/* A page that only says something (refusals, "cancelled", "origin refused"). */
typedef struct {
    const char *lang, *path, *title_key;
    dk_page_sentence lead;
    int link_back; /* to path (not when path is "/") */
    int link_new;  /* to a new request */
} dk_message_model;

int dk_page_render_message(dk_buf *out, const dk_message_model *m);

/* The security-code form of a link. banner_key "code_wrong" marks the field. */
typedef struct {
    const char *lang, *path, *csrf, *title_key, *lead_key;
    const char *banner_key; /* NULL: none */
} dk_code_form_model;

int dk_page_render_code_form(dk_buf *out, const dk_code_form_model *m);

/* "Cancel the interview of <slot>?" */
typedef struct {
    const char *lang, *path, *csrf;
    const char *slot_text; /* dk_when_slot */
} dk_cancel_confirm_model;

int dk_page_render_cancel_confirm(dk_buf *out, const dk_cancel_confirm_model *m);

/* The address owner's end link: "End the request in progress for your
 * address?" and its button (POST to path). */
typedef struct {
    const char *lang, *path, *csrf;
} dk_end_confirm_model;

int dk_page_render_end_confirm(dk_buf *out, const dk_end_confirm_model *m);

/* The proposal and the actions its state allows. */
typedef struct {
    const char *lang, *path, *csrf;
    dk_page_sentence banner;
    const char *status;     /* the application's: proposed, reserved, … */
    int started;            /* the slot has begun */
    const char *slot_text;  /* dk_when_slot */
    const char *held_text;  /* dk_when_instant of held_until */
    const char *video_url;  /* reserved with a room, or NULL */
    const json_t *problems; /* document_rejected: [{code, problem, fix}], or NULL */
    /* accept: the upload form, and the document accepted before */
    int can_accept;
    const char *previous_kind; /* "passport", "id_card", NULL: none on file */
    const char *previous_day;  /* dk_when_day of its acceptance */
    long upload_max_mb;
    const char *kind; /* the document kind chosen before, or NULL */
    const char *kind_error, *front_error, *back_error; /* sentences, or NULL */
    /* reschedule: the slot rows (values may be NULL: empty rows) */
    int can_reschedule;
    dk_slot_view slots;
    const dk_app_rules *rules;
    int64_t now_ms;
    int can_cancel;
    /* during the reserved interview */
    const char *session_code; /* the live session code, or NULL */
    const char *code_until;   /* dk_when_clock of its expiry */
    int code_minutes;         /* how long a code is valid */
    /* the open photo requests: [{id, subject, upload: null or {status,
     * problems: [{code, problem, fix}]}}] (dk_photo_request.h's, problems
     * worded), or NULL */
    const json_t *photos;
    const char *photo_request; /* the request whose form is shown with errors, or NULL */
    const char *photo_front_error, *photo_back_error; /* its errors (sentences), or NULL */
} dk_proposal_model;

int dk_page_render_proposal(dk_buf *out, const dk_proposal_model *m);

/* After the interview (410): what came of it ("approved",
 * "missing_information", "rejected", "no_show", or "held" when the
 * application moved on) and what comes next. */
typedef struct {
    const char *lang, *path, *outcome;
} dk_after_interview_model;

int dk_page_render_after_interview(dk_buf *out, const dk_after_interview_model *m);

/* ---- inside the page module (page_model.c, page_slots.c) ---- */

/* Renders the template name with vars (stolen; builtins lang, path and nl
 * added) in the common layout (web/dk_web_page.h: head, foot). */
int dk_page_render_template(dk_buf *out, const char *name, const char *lang, const char *path,
                            json_t *vars);

/* The slot hint's words and the rows (slot_fields.html). NULL: out of memory. */
json_t *dk_page_slots_model(const char *lang, const dk_slot_view *v, const dk_app_rules *rules,
                            int64_t now_ms);

/* A file input of an upload form (file_input.html) with its error
 * sentence (or NULL) and hint (a key, or NULL). */
json_t *dk_page_file_input(const char *name, const char *label_key, const char *hint_key,
                           int required, const char *error);

/* The interview's parts of the proposal page (page_interview.c): the
 * session code and the photo requests, set on vars. Returns 0 or -1. */
int dk_page_interview_vars(const dk_proposal_model *m, json_t *vars);

/* {id, text}: the error next to field id, worded by dk_app_field_error_message;
 * JSON null when code is NULL. */
json_t *dk_page_error(const char *lang, const char *id, const char *code);

/* A string kept as typed (invalid UTF-8 included, up to a NUL): the engine
 * writes U+FFFD for what is not UTF-8. */
json_t *dk_page_str(const char *s);

/* The templates, embedded by infra/gen_templates.sh. */
#include "render/dk_render.h"
extern const dk_render_template dk_page_templates[];

#endif
