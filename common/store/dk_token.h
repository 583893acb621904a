/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_token.h — the self-service link of a proposal, and the activation
 * link. The token is derived from the appointment (activation) id under
 * DK_TOKEN_KEY (HMAC-SHA256, 256 bits,
 * base64url), so it is never stored or carried in a message: the mailer
 * makes it when it writes the e-mail, and the database keeps only a keyed
 * hash of it for the lookup. A tampered token matches no row. */
#ifndef DK_TOKEN_H
#define DK_TOKEN_H

#include <stddef.h>

#define DK_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

/* The link token of an appointment. */
void dk_token_for(const char *appointment_id, char out[DK_TOKEN_LEN + 1]);

/* The token of a link of one purpose ("proposal", "activation") and an id (a
 * UUID): HMAC(DK_TOKEN_KEY, "<purpose>:<id>") in base64url. dk_token_for is
 * dk_token_derive("proposal", appointment_id). */
void dk_token_derive(const char *purpose, const char *id, char out[DK_TOKEN_LEN + 1]);

/* The keyed hash stored in appointments.token_hash (hex). */
void dk_token_hash(const char *token, char out[65]);

/* 1 when s has the shape of a token (43 base64url characters). */
int dk_token_valid(const char *s);

/* The public base URL of the applicant pages without a trailing slash:
 * DK_PUBLIC_URL, else DK_INTAKE_URL (written by make up), else the intake's
 * own default address. */
void dk_public_url(char *out, size_t n);

/* {public url}/proposal/{token} of an appointment. */
void dk_proposal_url(const char *appointment_id, char *out, size_t n);

/* The activation link's token of an activation (an approved interview's
 * activation id, a UUID): HMAC-SHA256 under DK_TOKEN_KEY of
 * "activation:<id>", base64url, like a proposal's but never equal to one.
 * Only the mailer writes it (into the activation e-mail); the activation's
 * row keeps dk_token_hash() of it for the lookup, so the token travels in no
 * message and is stored nowhere. */
void dk_token_activation(const char *activation_id, char out[DK_TOKEN_LEN + 1]);

/* {public url}/activate/{token} of an activation (SPEC.md). */
void dk_token_activation_url(const char *activation_id, char *out, size_t n);

/* The token of an end link (schemas/sql/015_end_links.sql) of id (a UUID):
 * HMAC-SHA256 under DK_TOKEN_KEY of "end-request:<id>", base64url, like the
 * others and never equal to one. Only the mailer writes it (into the
 * "application_exists" and "request_received" mails); the link's row keeps
 * dk_token_hash() of it. */
void dk_token_end(const char *end_link_id, char out[DK_TOKEN_LEN + 1]);

/* {public url}/end/{token} of an end link. */
void dk_token_end_url(const char *end_link_id, char *out, size_t n);

/* The 6-digit code of an e-mail code (key_email_codes, issue 12) of id (a
 * UUID): HMAC-SHA256 under DK_TOKEN_KEY of "email-code:<id>", its first 8
 * bytes as a big-endian integer modulo 10^6 (bias below 2^-40), with leading
 * zeros. Derived, like the links' tokens, so the mailer writes it into the
 * e-mail and the code travels in no message and is stored in no row. */
#define DK_EMAIL_CODE_DIGITS 6
void dk_token_email_code(const char *id, char out[DK_EMAIL_CODE_DIGITS + 1]);

#endif
