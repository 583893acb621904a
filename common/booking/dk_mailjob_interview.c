/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob_interview.c — the outcome e-mails of an interview as mail jobs
 * (see dk_mailjob_interview.h): what each builder is given is checked here,
 * the variables are those the templates mail.<name>.* of po/ use
 * (schemas/messages/mail.requested.json documents them). */
#include "booking/dk_mailjob_interview.h"

#include "belgium/dk_email.h"
#include "booking/dk_mailjob.h"
#include "booking/dk_missing_items.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

static int nonblank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 1;
    return 0;
}

/* An ISO-8601 instant as UTC "…Z" (what the mail schema wants). */
static int instant(const char *what, const char *s, char out[32], int64_t *ms, char *err,
                   size_t errlen)
{
    if (!s || dk_iso8601_parse(s, ms) != 0) {
        dk_errf(err, errlen, "%s is not an ISO-8601 instant", what);
        return -1;
    }
    dk_iso8601_utc(*ms, out);
    return 0;
}

/* A name of the greeting: present, valid UTF-8 (control characters become
 * spaces in the mail). */
static int name_ok(const char *what, const char *s, char *err, size_t errlen)
{
    if (!nonblank(s) || !dk_utf8_valid(s, strlen(s))) {
        dk_errf(err, errlen, "%s must be a non-empty UTF-8 text", what);
        return -1;
    }
    return 0;
}

/* A free text written by a civil servant: UTF-8, no control character but
 * tab and line ends, at most DK_MAILJOB_FREE_TEXT_MAX code points. */
static int free_text_ok(const char *what, const char *s, char *err, size_t errlen)
{
    if (!dk_utf8_valid(s, strlen(s)) || dk_utf8_has_control_except_newline(s)) {
        dk_errf(err, errlen, "%s must be UTF-8 text without control characters", what);
        return -1;
    }
    if (dk_utf8_count(s) > DK_MAILJOB_FREE_TEXT_MAX) {
        dk_errf(err, errlen, "%s is longer than %d characters", what, DK_MAILJOB_FREE_TEXT_MAX);
        return -1;
    }
    return 0;
}

/* The variables every outcome mail has, or NULL with err. */
static json_t *common_vars(const dk_mailjob_outcome *o, char *err, size_t errlen)
{
    char start[32], end[32];
    int64_t start_ms, end_ms;
    if (!o || !o->application_id || !dk_uuid_valid(o->application_id) || !o->outcome_id ||
        !dk_uuid_valid(o->outcome_id)) {
        dk_errf(err, errlen, "the application id and the outcome id must be UUIDs");
        return NULL;
    }
    if (!dk_i18n_lang_known(o->language)) {
        dk_errf(err, errlen, "unknown language '%s'", o->language ? o->language : "(null)");
        return NULL;
    }
    if (!o->email || !dk_email_valid(o->email)) {
        dk_errf(err, errlen, "the recipient is not an e-mail address");
        return NULL;
    }
    if (name_ok("first_names", o->first_names, err, errlen) != 0 ||
        name_ok("last_name", o->last_name, err, errlen) != 0 ||
        instant("slot_start", o->slot_start, start, &start_ms, err, errlen) != 0 ||
        instant("slot_end", o->slot_end, end, &end_ms, err, errlen) != 0)
        return NULL;
    if (end_ms <= start_ms) {
        dk_errf(err, errlen, "slot_start must be before slot_end");
        return NULL;
    }
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s}", "first_names", o->first_names,
                             "last_name", o->last_name, "application_id", o->application_id,
                             "slot_start", start, "slot_end", end);
    /* Where to turn: the help desk the seed names, unless configured away. */
    const char *support = dk_config_str("DK_SUPPORT_URL");
    if (vars && support && *support)
        json_object_set_new(vars, "support_url", json_string(support));
    if (!vars)
        dk_errf(err, errlen, "out of memory");
    return vars;
}

static json_t *row(const char *template_name, const dk_mailjob_outcome *o, const char *key_id,
                   json_t *vars, char *err, size_t errlen)
{
    char key[128];
    snprintf(key, sizeof key, "%s:%s", template_name, key_id);
    json_t *r = dk_mailjob_row(template_name, o->language, o->email, key, o->application_id, vars);
    if (!r)
        dk_errf(err, errlen, "the %s mail job could not be made (sealing or memory)",
                template_name);
    return r;
}

json_t *dk_mailjob_activation_row(const dk_mailjob_outcome *o, const char *activation_id,
                                  int valid_days, const char *expires_at, char *err, size_t errlen)
{
    char until[32];
    int64_t until_ms;
    if (!activation_id || !dk_uuid_valid(activation_id)) {
        dk_errf(err, errlen, "the activation id must be a UUID");
        return NULL;
    }
    if (valid_days < 1 || valid_days > 365) {
        dk_errf(err, errlen, "the activation link's validity must be 1 to 365 days");
        return NULL;
    }
    if (instant("expires_at", expires_at, until, &until_ms, err, errlen) != 0)
        return NULL;
    json_t *vars = common_vars(o, err, errlen);
    if (!vars)
        return NULL;
    if (json_object_set_new(vars, "activation_id", json_string(activation_id)) != 0 ||
        json_object_set_new(vars, "activation_days", json_integer(valid_days)) != 0 ||
        json_object_set_new(vars, "activation_expires", json_string(until)) != 0) {
        json_decref(vars);
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    return row("activation", o, activation_id, vars, err, errlen);
}

json_t *dk_mailjob_missing_information_row(const dk_mailjob_outcome *o, const json_t *item_codes,
                                           const char *note, char *err, size_t errlen)
{
    if (note && free_text_ok("the interviewer's note", note, err, errlen) != 0)
        return NULL;
    json_t *vars = common_vars(o, err, errlen);
    if (!vars)
        return NULL;
    json_t *items = dk_missing_items_json(item_codes, o->language, err, errlen);
    if (!items || json_object_set_new(vars, "missing", items) != 0 ||
        (nonblank(note) && json_object_set_new(vars, "interviewer_note", json_string(note)) != 0)) {
        json_decref(vars);
        if (items && err && errlen)
            dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    return row("interview_missing_information", o, o->outcome_id, vars, err, errlen);
}

json_t *dk_mailjob_rejected_row(const dk_mailjob_outcome *o, const char *motivation, char *err,
                                size_t errlen)
{
    if (!nonblank(motivation)) {
        dk_errf(err, errlen, "a rejection needs a motivation");
        return NULL;
    }
    if (free_text_ok("the motivation", motivation, err, errlen) != 0)
        return NULL;
    json_t *vars = common_vars(o, err, errlen);
    if (!vars)
        return NULL;
    if (json_object_set_new(vars, "decision_motivation", json_string(motivation)) != 0) {
        json_decref(vars);
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    return row("interview_rejected", o, o->outcome_id, vars, err, errlen);
}

json_t *dk_mailjob_no_show_row(const dk_mailjob_outcome *o, char *err, size_t errlen)
{
    json_t *vars = common_vars(o, err, errlen);
    return vars ? row("interview_no_show", o, o->outcome_id, vars, err, errlen) : NULL;
}
