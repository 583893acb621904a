/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_compose.h — one mail job into the complete message the mailer
 * hands to SMTP: the job's vars are checked and completed with the links
 * only the mailer makes, the template is rendered, and the calendar entry
 * is attached when the job carries one. No I/O: the mailer records and
 * sends; tests compose. */
#ifndef DK_MAIL_COMPOSE_H
#define DK_MAIL_COMPOSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* What a mail.requested job holds, plus the Message-ID and Date. Borrowed. */
typedef struct {
    const char *template_name, *lang, *to;
    const json_t *vars;
    const char *message_id; /* "id@domain" */
    int64_t now_ms;         /* the Date: header and the calendar's DTSTAMP */
} dk_mail_job;

/* The result: malloc'd, freed by dk_mail_composed_free(). subject is set as
 * soon as the template rendered (also when composing failed afterwards). */
typedef struct {
    char *subject;
    char *message; /* RFC 5322, CRLF lines */
    size_t len;
} dk_mail_composed;

/* Copies vars into *out (a new reference) for rendering. Refused (-1 with
 * err): vars that are not an object, or that carry a variable named like a
 * secret (core/dk_redact.h dk_secret_mail_var: token, proposal_url,
 * security_code, code, activation_code, activation_url, and any name that
 * looks like a code; secrets and links never travel in a message), an
 * appointment_id that is not a UUID, or outcome variables that fail
 * dk_mail_outcome_vars. Added: proposal_url from appointment_id
 * (dk_proposal_url), activation_url from activation_id, and request_url,
 * the request form in lang ({public url}/?lang=xx). */
int dk_mail_vars(const json_t *vars, const char *lang, json_t **out, char *err, size_t errlen);

/* The whole job: dk_mail_vars, dk_mail_key_vars (the key mails' variables
 * and the e-mail security code), dk_mail_render, dk_mail_calendar, then
 * dk_mime_build (From DK_MAIL_FROM_NAME <DK_MAIL_FROM>). Returns 0 with
 * *out filled, or -1 with the reason in err (every failure is permanent:
 * the same job would fail again). */
int dk_mail_compose(const dk_mail_job *job, dk_mail_composed *out, char *err, size_t errlen);

/* Frees and zeroes; safe on a zeroed struct. */
void dk_mail_composed_free(dk_mail_composed *c);

#endif
