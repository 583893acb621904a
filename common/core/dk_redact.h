/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_redact.h — which message fields hold secrets (security codes, link
 * tokens, passwords), so that no copy of a message kept for operators (the
 * dead-letter topic) shows one, and the mailer refuses a job that carries
 * one. One list, used by both. */
#ifndef DK_REDACT_H
#define DK_REDACT_H

#include <jansson.h>

/* What a secret value is replaced by. */
#define DK_REDACTED "[redacted]"

/* 1 when a field of this name carries a secret wherever it appears:
 * security_code, token, proposal_url, activation_code, password,
 * totp_secret, activation_url, end_url. */
int dk_secret_field(const char *name);

/* 1 when a mail job's template variable of this name must never travel
 * (a template would print it): the secret fields, and any name that looks
 * like one once lower-cased without separators ("Activation-Code",
 * "activationCode", "sessionCode", "otp", "pin", a name of 64 bytes or
 * more): containing code, token, secret, passw or totp, or being pin, otp,
 * tan, or a secret field without its underscores. Spelled exactly
 * "email_code_id" (the id the mailer derives the e-mail code from) it is
 * not one. */
int dk_secret_mail_var(const char *name);

/* A deep copy of v in which the value of every secret field, and of every
 * secret mail variable inside a "vars" object, is DK_REDACTED; *replaced
 * counts them (may be NULL). NULL when out of memory. */
json_t *dk_redact(const json_t *v, int *replaced);

#endif
