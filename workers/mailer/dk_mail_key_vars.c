/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_key_vars.c — the key mails' variables checked and the e-mail
 * security code made (see dk_mail_key_vars.h).
 *
 * The code is in the body, never in the subject. Many services put it in
 * the subject so that phones offer it for autofill; but a subject is shown
 * on a locked phone's notifications, in mail lists and push previews, and
 * the mailer stores every subject in mails.subject: a code there would sit
 * in a row and in anyone's view of the lock screen, which issue 12 rules
 * out (the code is in no message and no row). The subject says what the
 * mail is for and how long the code is valid; the code is the first thing
 * of the body. */
#include "dk_mail_key_vars.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "store/dk_token.h"

#include <string.h>

/* The key types and the assurance level each reaches. */
static const struct {
    const char *key_type, *level;
} levels[] = {
    {"totp", "substantial"},
    {"email", "low_email_code"},
    {"password", "low"},
    {"passkey", "substantial"},
};

static const char *text_of(const json_t *vars, const char *name)
{
    return json_string_value(json_object_get(vars, name));
}

/* 1 when s is a UUID written in lower case. */
static int lower_uuid(const char *s)
{
    if (!s || !dk_uuid_valid(s))
        return 0;
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'F')
            return 0;
    return 1;
}

/* 1 when s is an http(s) URL of at most DK_MAIL_SIGNIN_URL_MAX bytes with
 * no space or control character (the url filter checks the scheme again
 * where it is printed). */
static int plain_url(const char *s)
{
    if (!s || (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0))
        return 0;
    size_t n = strlen(s);
    if (n > DK_MAIL_SIGNIN_URL_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static int email_code_vars(const json_t *vars, json_t *v, char *err, size_t errlen)
{
    const char *id = text_of(vars, "email_code_id");
    if (!lower_uuid(id)) {
        dk_errf(err, errlen, "vars.email_code_id must be a UUID in lower case");
        return -1;
    }
    const char *purpose = text_of(vars, "purpose");
    if (!purpose || (strcmp(purpose, "activation") != 0 && strcmp(purpose, "signin") != 0)) {
        dk_errf(err, errlen, "vars.purpose must be \"activation\" or \"signin\"");
        return -1;
    }
    const json_t *minutes = json_object_get(vars, "minutes");
    if (!json_is_integer(minutes) || json_integer_value(minutes) < 1 ||
        json_integer_value(minutes) > 60) {
        dk_errf(err, errlen, "vars.minutes must be a whole number of minutes, 1 to 60");
        return -1;
    }
    char code[DK_EMAIL_CODE_DIGITS + 1], grouped[DK_EMAIL_CODE_DIGITS + 2];
    dk_token_email_code(id, code);
    /* "123 456": two groups of three, read and typed without losing place */
    memcpy(grouped, code, 3);
    grouped[3] = ' ';
    memcpy(grouped + 4, code + 3, 4);
    int rc = json_object_set_new(v, "email_code", json_string(grouped));
    rc |= json_object_set_new(v, "minutes_one", json_boolean(json_integer_value(minutes) == 1));
    if (rc != 0) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int activated_vars(const json_t *vars, char *err, size_t errlen)
{
    const char *type = text_of(vars, "key_type"), *level = text_of(vars, "assurance_level");
    size_t i = 0, n = sizeof levels / sizeof levels[0];
    while (type && i < n && strcmp(levels[i].key_type, type) != 0)
        i++;
    if (!type || i == n) {
        dk_errf(err, errlen,
                "vars.key_type must be \"totp\", \"email\", \"password\" or \"passkey\"");
        return -1;
    }
    if (!level || strcmp(level, levels[i].level) != 0) {
        dk_errf(err, errlen, "vars.assurance_level of a %s key must be \"%s\"", type,
                levels[i].level);
        return -1;
    }
    if (!plain_url(text_of(vars, "signin_url"))) {
        dk_errf(err, errlen,
                "vars.signin_url must be an http(s) URL of at most %d bytes without spaces",
                DK_MAIL_SIGNIN_URL_MAX);
        return -1;
    }
    return 0;
}

int dk_mail_key_vars(const char *template_name, const json_t *vars, json_t *v, char *err,
                     size_t errlen)
{
    int email_code = template_name && strcmp(template_name, "key_email_code") == 0;
    int activated = template_name && strcmp(template_name, "key_activated") == 0;
    if (!email_code && json_object_get(vars, "email_code_id")) {
        dk_errf(err, errlen, "vars.email_code_id belongs to the key_email_code mail only");
        return -1;
    }
    if (!email_code && !activated)
        return 0;
    if (email_code ? email_code_vars(vars, v, err, errlen) != 0
                   : activated_vars(vars, err, errlen) != 0)
        return -1;
    const char *support = dk_config_str("DK_SUPPORT_URL");
    if (!json_object_get(vars, "support_url") && support && support[0] &&
        json_object_set_new(v, "support_url", json_string(support)) != 0) {
        dk_errf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
