/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_email.h — a pragmatic syntax check for the e-mail address an applicant
 * gives: the common dot-atom@hostname subset of RFC 5321/5322, strict enough
 * that an accepted address can never smuggle a header or a second recipient. */
#ifndef DK_EMAIL_H
#define DK_EMAIL_H

#include <stddef.h>

/* 1 when s is local@domain with:
 * - local part: 1..64 characters of RFC 5322 atext
 *   (A-Z a-z 0-9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~) and dots, with no
 *   leading, trailing or doubled dot;
 * - domain: at most 253 characters, at least two dot-separated labels of
 *   1..63 letters, digits and hyphens (no leading/trailing hyphen); the last
 *   label (the TLD) is letters only (2 or more) or an IDN "xn--" label;
 * - the whole address at most 254 characters.
 * Deliberately rejected although RFC 5322 allows them: quoted local parts
 * ("a b"@x.be), IP-literal domains (a@[192.0.2.1]), comments, and any
 * non-ASCII byte (internationalised addresses; IDN domains must be given in
 * their xn-- form). Spaces and control characters are never accepted. */
int dk_email_valid(const char *s);

/* The mailbox an address delivers to, for counting mails per recipient:
 * the address in lower case (ASCII) without a "+tag" in its local part, so
 * "Jan+1@Example.be" and "jan+2@example.be" are both "jan@example.be".
 * Writes at most n bytes (NUL included; n >= 1), truncating. */
void dk_email_mailbox_key(const char *addr, char *out, size_t n);

#endif
