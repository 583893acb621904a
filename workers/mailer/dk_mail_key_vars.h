/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mail_key_vars.h — the variables of the two mails of the digital key
 * (issue 12; common/booking/dk_mailjob_keys.h builds their jobs) checked
 * strictly, and completed with what only the mailer makes: the e-mail
 * security code, derived from its id (store/dk_token.h), so that the code
 * travels in no message and is stored in no row. */
#ifndef DK_MAIL_KEY_VARS_H
#define DK_MAIL_KEY_VARS_H

#include <jansson.h>
#include <stddef.h>

/* The longest signin_url taken. */
#define DK_MAIL_SIGNIN_URL_MAX 1024

/* For template_name "key_email_code", vars must hold
 *   email_code_id    a UUID in lower case (key_email_codes.id, as the
 *                    database writes it: the code is derived from its text);
 *   purpose          "activation" or "signin";
 *   minutes          an integer 1..60, how long the code is valid;
 * and v (the copy being rendered) gets email_code, the 6 digits of
 * dk_token_email_code(email_code_id) grouped for reading ("123 456"), and
 * minutes_one (true for 1, the template's singular).
 * For "key_activated", vars must hold
 *   key_type         "totp", "email", "password" or "passkey";
 *   assurance_level  the level that key type reaches (DESIGN of issue 12:
 *                    password "low", totp and passkey "substantial", email
 *                    "low_email_code"), any other pairing refused;
 *   signin_url       an http(s) URL of at most DK_MAIL_SIGNIN_URL_MAX bytes
 *                    without spaces or control characters.
 * For both, support_url is set from DK_SUPPORT_URL when vars have none and
 * it is configured (the help desk the mails point to when it was not you).
 * Any template but key_email_code: vars must not carry email_code_id (the
 * code is made for its own mail only); for the others nothing is set. Returns 0, or -1 with err
 * naming the variable (the job then goes to the dead letters, no mail is sent). */
int dk_mail_key_vars(const char *template_name, const json_t *vars, json_t *v, char *err,
                     size_t errlen);

#endif
