/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob.h — the one way to ask for an e-mail: a mail.requested envelope
 * (schemas/messages/mail.requested.json) whose message id is derived from its
 * dedupe key, so a replayed cause queues the same job and the mailer sends it
 * once. The recipient, names and video link travel sealed (dk_personal.h).
 * Workers and the intake put the text in the outbox. */
#ifndef DK_MAILJOB_H
#define DK_MAILJOB_H

#include <jansson.h>

/* The envelope text (malloc'd, caller frees); vars is stolen. */
char *dk_mailjob_text(const char *template_name, const char *language, const char *to,
                      const char *dedupe_key, const char *application_id, json_t *vars);

/* Same, as a row for dk_outbox_add_rows: {"topic","key","payload"}. */
json_t *dk_mailjob_row(const char *template_name, const char *language, const char *to,
                       const char *dedupe_key, const char *application_id, json_t *vars);

#endif
