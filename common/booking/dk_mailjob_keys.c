/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob_keys.c — the digital key's mails as mail jobs (see
 * dk_mailjob_keys.h); the variables are those workers/mailer's
 * dk_mail_key_vars checks. */
#include "booking/dk_mailjob_keys.h"

#include "belgium/dk_email.h"
#include "booking/dk_mailjob.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "i18n/dk_i18n.h"
#include "store/dk_token.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int to_ok(const dk_mailjob_key_to *to, char *err, size_t errlen)
{
    if (!to || !to->application_id || !dk_uuid_valid(to->application_id)) {
        dk_errf(err, errlen, "the application id must be a UUID");
        return -1;
    }
    if (!dk_i18n_lang_known(to->language)) {
        dk_errf(err, errlen, "unknown language '%s'", to->language ? to->language : "(null)");
        return -1;
    }
    if (!to->email || !dk_email_valid(to->email)) {
        dk_errf(err, errlen, "the recipient is not an e-mail address");
        return -1;
    }
    return 0;
}

static int lower_uuid(const char *s)
{
    if (!s || !dk_uuid_valid(s))
        return 0;
    for (; *s; s++)
        if (isupper((unsigned char)*s))
            return 0;
    return 1;
}

static json_t *row(const char *template_name, const dk_mailjob_key_to *to, const char *key_id,
                   json_t *vars, char *err, size_t errlen)
{
    if (!vars) {
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    char key[128];
    snprintf(key, sizeof key, "%s:%s", template_name, key_id);
    json_t *r =
        dk_mailjob_row(template_name, to->language, to->email, key, to->application_id, vars);
    if (!r)
        dk_errf(err, errlen, "the %s mail job could not be made (sealing or memory)",
                template_name);
    return r;
}

json_t *dk_mailjob_key_email_code_row(const dk_mailjob_key_to *to, const char *email_code_id,
                                      const char *purpose, int minutes, char *err, size_t errlen)
{
    if (to_ok(to, err, errlen) != 0)
        return NULL;
    if (!lower_uuid(email_code_id)) {
        dk_errf(err, errlen, "the e-mail code id must be a lower-case UUID");
        return NULL;
    }
    if (!purpose || (strcmp(purpose, "activation") != 0 && strcmp(purpose, "signin") != 0)) {
        dk_errf(err, errlen, "the e-mail code's purpose must be activation or signin");
        return NULL;
    }
    if (minutes < 1 || minutes > 60) {
        dk_errf(err, errlen, "an e-mail code is valid 1 to 60 minutes");
        return NULL;
    }
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:i}", "application_id", to->application_id, "email_code_id",
                  email_code_id, "purpose", purpose, "minutes", minutes);
    return row("key_email_code", to, email_code_id, vars, err, errlen);
}

static const char *level_of(const char *key_type)
{
    static const char *const pairs[][2] = {{"totp", "substantial"},
                                           {"email", "low_email_code"},
                                           {"password", "low"},
                                           {"passkey", "substantial"}};
    for (size_t i = 0; key_type && i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(key_type, pairs[i][0]) == 0)
            return pairs[i][1];
    return NULL;
}

json_t *dk_mailjob_key_activated_row(const dk_mailjob_key_to *to, const char *key_type,
                                     const char *assurance_level, char *err, size_t errlen)
{
    if (to_ok(to, err, errlen) != 0)
        return NULL;
    const char *level = level_of(key_type);
    if (!level) {
        dk_errf(err, errlen, "unknown key type");
        return NULL;
    }
    if (!assurance_level || strcmp(level, assurance_level) != 0) {
        dk_errf(err, errlen, "a %s key reaches the assurance level %s", key_type, level);
        return NULL;
    }
    char base[512], url[600];
    dk_public_url(base, sizeof base);
    snprintf(url, sizeof url, "%s/signin", base);
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:s}", "application_id", to->application_id, "key_type",
                  key_type, "assurance_level", assurance_level, "signin_url", url);
    return row("key_activated", to, to->application_id, vars, err, errlen);
}
