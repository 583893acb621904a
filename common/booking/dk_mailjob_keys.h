/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mailjob_keys.h — the two e-mails of the digital key (issue 12) as
 * outbox rows of mail.requested jobs (dk_mailjob.h), for the transactions
 * of common/keys:
 *   key_email_code  the 6-digit code of an "email" key, at its activation or
 *                   at a sign-in: only the code's row id travels
 *                   (email_code_id); the mailer derives the code from it
 *                   (store/dk_token.h: dk_token_email_code), so the code is
 *                   in no message and no row. One mail per code id.
 *   key_activated   the key exists: its type, the assurance level it
 *                   reaches and where to sign in. One mail per application.
 * The recipient travels sealed (store/dk_personal.h). Each builder checks
 * what it is given and refuses, with a message, rather than queue a mail
 * the mailer would fail on. */
#ifndef DK_MAILJOB_KEYS_H
#define DK_MAILJOB_KEYS_H

#include <jansson.h>
#include <stddef.h>

/* Who the mail goes to; every field is required. */
typedef struct {
    const char *application_id; /* UUID */
    const char *language;       /* nl, fr, en */
    const char *email;          /* the recipient */
} dk_mailjob_key_to;

/* "key_email_code": email_code_id (the key_email_codes row, a lower-case
 * UUID), purpose "activation" or "signin", minutes (1..60) the code is
 * valid. Dedupe key "key_email_code:<email_code_id>". */
json_t *dk_mailjob_key_email_code_row(const dk_mailjob_key_to *to, const char *email_code_id,
                                      const char *purpose, int minutes, char *err, size_t errlen);

/* "key_activated": key_type ("totp", "email", "password", "passkey") and
 * its assurance_level; signin_url is {DK_PUBLIC_URL}/signin. Dedupe key
 * "key_activated:<application_id>". */
json_t *dk_mailjob_key_activated_row(const dk_mailjob_key_to *to, const char *key_type,
                                     const char *assurance_level, char *err, size_t errlen);

#endif
