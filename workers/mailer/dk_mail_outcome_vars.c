/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_outcome_vars.c — the interview outcome mails' variables checked
 * and the activation link made (see dk_mail_outcome_vars.h). */
#include "dk_mail_outcome_vars.h"

#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"
#include "store/dk_token.h"

#include <string.h>

static int text_ok(const json_t *vars, const char *name, char *err, size_t errlen)
{
    const json_t *t = json_object_get(vars, name);
    if (!t)
        return 0;
    const char *s = json_string_value(t);
    if (!s || dk_utf8_count(s) > DK_MAIL_FREE_TEXT_MAX) {
        dk_errf(err, errlen, "vars.%s must be a text of at most %d characters", name,
                DK_MAIL_FREE_TEXT_MAX);
        return -1;
    }
    return 0;
}

static int missing_ok(const json_t *vars, char *err, size_t errlen)
{
    const json_t *m = json_object_get(vars, "missing");
    if (!m)
        return 0;
    size_t i, n = json_array_size(m);
    const json_t *e;
    if (!json_is_array(m) || n < 1 || n > 16) {
        dk_errf(err, errlen, "vars.missing must be a list of 1 to 16 items");
        return -1;
    }
    json_array_foreach(m, i, e)
    {
        if (!json_is_string(json_object_get(e, "item")) ||
            !json_is_string(json_object_get(e, "bring"))) {
            dk_errf(err, errlen, "vars.missing[%zu] must have the texts item and bring", i);
            return -1;
        }
    }
    return 0;
}

int dk_mail_outcome_vars(const json_t *vars, json_t *v, char *err, size_t errlen)
{
    const char *name;
    const json_t *value;
    json_object_foreach((json_t *)vars, name, value)
    {
        if (strncmp(name, "fraud", 5) == 0 || strncmp(name, "reason", 6) == 0) {
            dk_errf(err, errlen, "vars carry '%s', which an applicant's e-mail never shows", name);
            return -1;
        }
    }
    const json_t *act = json_object_get(vars, "activation_id");
    if (act && (!json_is_string(act) || !dk_uuid_valid(json_string_value(act)))) {
        dk_errf(err, errlen, "vars.activation_id is not a UUID");
        return -1;
    }
    const json_t *days = json_object_get(vars, "activation_days");
    if (days && (!json_is_integer(days) || json_integer_value(days) < 1 ||
                 json_integer_value(days) > 365)) {
        dk_errf(err, errlen, "vars.activation_days must be a whole number of days, 1 to 365");
        return -1;
    }
    const json_t *until = json_object_get(vars, "activation_expires");
    if (until && !json_is_string(until)) {
        dk_errf(err, errlen, "vars.activation_expires is not a text");
        return -1;
    }
    if (text_ok(vars, "interviewer_note", err, errlen) != 0 ||
        text_ok(vars, "decision_motivation", err, errlen) != 0 ||
        missing_ok(vars, err, errlen) != 0)
        return -1;
    int rc = 0;
    if (act) {
        char url[768];
        dk_token_activation_url(json_string_value(act), url, sizeof url);
        rc |= json_object_set_new(v, "activation_url", json_string(url));
    }
    if (days)
        rc |= json_object_set_new(v, "activation_one_day",
                                  json_boolean(json_integer_value(days) == 1));
    if (rc != 0) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static const struct {
    const char *template_name;
    const char *needs[5];
} required[] = {
    {"activation", {"activation_id", "activation_days", "activation_expires", "slot_start", NULL}},
    {"interview_missing_information", {"missing", "slot_start", NULL}},
    {"interview_rejected", {"decision_motivation", "slot_start", NULL}},
    {"interview_no_show", {"slot_start", "slot_end", NULL}},
};

int dk_mail_outcome_required(const char *template_name, const json_t *vars, char *err,
                             size_t errlen)
{
    for (size_t i = 0; template_name && i < sizeof required / sizeof required[0]; i++) {
        if (strcmp(required[i].template_name, template_name) != 0)
            continue;
        for (const char *const *n = required[i].needs; *n; n++) {
            if (!json_object_get(vars, *n)) {
                dk_errf(err, errlen, "the %s mail needs vars.%s", template_name, *n);
                return -1;
            }
        }
    }
    return 0;
}
