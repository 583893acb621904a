/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_template_table.c — the applicant e-mails by name, and the row of
 * one in one language, its subject, text and HTML taken from the message
 * catalogue (po/, keys mail.<name>.subject, .text and .html; syntax in
 * dk_mail_templates.h). Adding an e-mail is adding its name here and its
 * three keys to every file of po/; the engine never changes for it. */
#include "dk_mail_templates.h"

#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

const char *const dk_mail_template_names[] = {
    "request_received",
    "document_rejected",
    "proposal",
    "reserved",
    "slot_released",
    "proposal_expired",
    "promise_missed",
    "application_exists",
    /* the timers (common/booking/dk_booking_timers.h) */
    "interview_reminder",
    /* after the interview (common/booking/dk_mailjob_interview.h) */
    "activation",
    "interview_missing_information",
    "interview_rejected",
    "interview_no_show",
    /* the digital key (common/booking/dk_mailjob_keys.h) */
    "key_email_code",
    "key_activated",
    NULL,
};

int dk_mail_template_known(const char *name)
{
    for (const char *const *n = dk_mail_template_names; name && *n; n++)
        if (strcmp(*n, name) == 0)
            return 1;
    return 0;
}

/* The catalogue's text of one part of a template, or NULL when it has none. */
static const char *part(const char *name, const char *what, const char *lang)
{
    char key[96];
    if ((size_t)snprintf(key, sizeof key, "mail.%s.%s", name, what) >= sizeof key ||
        !dk_i18n_has(key))
        return NULL;
    return dk_i18n_text(lang, key);
}

int dk_mail_template_row(const char *name, const char *lang, dk_mail_template *row)
{
    if (!dk_mail_template_known(name) || !dk_i18n_lang_known(lang))
        return -1;
    *row = (dk_mail_template){name, lang, part(name, "subject", lang), part(name, "text", lang),
                              part(name, "html", lang)};
    return row->subject && row->text && row->html ? 0 : -1;
}
