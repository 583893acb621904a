/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_compose.c — a mail job's vars, template, calendar and MIME
 * message in one place (see dk_mail_compose.h). */
#include "dk_mail_compose.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_redact.h"
#include "dk_mail_calendar.h"
#include "dk_mail_key_vars.h"
#include "dk_mail_outcome_vars.h"
#include "dk_mail_templates.h"
#include "mail/dk_mime.h"
#include "store/dk_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_mail_vars(const json_t *vars, const char *lang, json_t **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!json_is_object(vars)) {
        dk_errf(err, errlen, "vars must be a JSON object");
        return -1;
    }
    /* The link token and the security code are secrets, and the links are
     * the mailer's own to make. */
    const char *name;
    const json_t *value;
    json_object_foreach((json_t *)vars, name, value)
    {
        if (dk_secret_mail_var(name)) {
            dk_errf(err, errlen, "vars carry '%s', which must never travel in a message", name);
            return -1;
        }
    }
    const json_t *appt = json_object_get(vars, "appointment_id");
    if (appt && (!json_is_string(appt) || !dk_uuid_valid(json_string_value(appt)))) {
        dk_errf(err, errlen, "vars.appointment_id is not a UUID");
        return -1;
    }
    const json_t *end = json_object_get(vars, "end_link_id");
    if (end && (!json_is_string(end) || !dk_uuid_valid(json_string_value(end)))) {
        dk_errf(err, errlen, "vars.end_link_id is not a UUID");
        return -1;
    }
    json_t *v = json_copy((json_t *)vars);
    int rc = v ? 0 : -1;
    if (rc == 0 && dk_mail_outcome_vars(vars, v, err, errlen) != 0) {
        json_decref(v);
        return -1;
    }
    if (rc == 0 && appt) {
        char url[768];
        dk_proposal_url(json_string_value(appt), url, sizeof url);
        rc = json_object_set_new(v, "proposal_url", json_string(url));
    }
    if (rc == 0 && end) {
        /* The address owner's end link (booking/dk_live.h). */
        char url[768];
        dk_token_end_url(json_string_value(end), url, sizeof url);
        rc = json_object_set_new(v, "end_url", json_string(url));
    }
    if (rc == 0) {
        char base[512], url[600];
        dk_public_url(base, sizeof base);
        snprintf(url, sizeof url, "%s/?lang=%s", base, lang ? lang : "");
        rc = json_object_set_new(v, "request_url", json_string(url));
    }
    if (rc != 0) {
        json_decref(v);
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    *out = v;
    return 0;
}

int dk_mail_compose(const dk_mail_job *job, dk_mail_composed *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char why[512] = "";
    json_t *vars = NULL;
    if (dk_mail_outcome_required(job->template_name, job->vars, why, sizeof why) != 0 ||
        dk_mail_vars(job->vars, job->lang, &vars, why, sizeof why) != 0 ||
        dk_mail_key_vars(job->template_name, job->vars, vars, why, sizeof why) != 0) {
        json_decref(vars);
        dk_errf(err, errlen, "refused: %s", why);
        return -1;
    }
    dk_mail_rendered mail = {0};
    if (dk_mail_render(job->template_name, job->lang, vars, &mail, why, sizeof why) != 0) {
        json_decref(vars);
        dk_errf(err, errlen, "cannot render: %s", why);
        return -1;
    }
    out->subject = mail.subject;
    mail.subject = NULL;
    char *ics = NULL;
    size_t ics_len = 0;
    const char *method = NULL;
    int rc = dk_mail_calendar(vars, job->lang, job->to, job->now_ms, &ics, &ics_len, &method, why,
                              sizeof why);
    if (rc != 0)
        dk_errf(err, errlen, "cannot attach the calendar entry: %s", why);
    dk_mime_attachment att;
    if (rc == 0 && ics && dk_mime_calendar_attachment(method, ics, ics_len, &att) != 0) {
        dk_errf(err, errlen, "cannot attach the calendar entry: method %s", method);
        rc = -1;
    }
    if (rc == 0) {
        dk_mime_message mm = {
            .from_name = dk_config_str("DK_MAIL_FROM_NAME"),
            .from_addr = dk_config_str("DK_MAIL_FROM"),
            .to_addr = job->to,
            .subject = out->subject,
            .text = mail.text,
            .html = mail.html,
            .message_id = job->message_id,
            .date_ms = job->now_ms,
            .language = job->lang,
            .attachments = ics ? &att : NULL,
            .n_attachments = ics ? 1 : 0,
        };
        out->message = dk_mime_build(&mm, &out->len, why, sizeof why);
        if (!out->message) {
            dk_errf(err, errlen, "cannot compose: %s", why);
            rc = -1;
        }
    }
    free(ics);
    dk_mail_rendered_free(&mail);
    json_decref(vars);
    return rc;
}

void dk_mail_composed_free(dk_mail_composed *c)
{
    if (!c)
        return;
    free(c->subject);
    free(c->message);
    memset(c, 0, sizeof *c);
}
