/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_csrf.h — CSRF tokens of the HTML forms, two kinds:
 *  - before any session (the request form, the security-code form): a
 *    double-submit pair. The HttpOnly cookie holds 256 random bits; the
 *    form's field holds HMAC(key, "csrf-form:" cookie), so the field is bound
 *    to that one cookie and says nothing about it.
 *  - with a session (the proposal pages): the field is HMAC(key,
 *    "csrf-session:" SHA-256(session cookie)), valid with that session only. */
#ifndef DK_CSRF_H
#define DK_CSRF_H

#define DK_CSRF_LEN 64 /* hex digits of a cookie or a field */

/* A fresh cookie value and its field under key. Returns 0, or -1 when the
 * CSPRNG failed (then both are a pair dk_csrf_valid refuses). */
int dk_csrf_issue(const char *key, char cookie[DK_CSRF_LEN + 1], char field[DK_CSRF_LEN + 1]);

/* 1 when field was made from cookie under key (and cookie is well formed). */
int dk_csrf_valid(const char *key, const char *cookie, const char *field);

/* The field of the forms of a page shown with session. */
void dk_csrf_for_session(const char *key, const char *session, char field[DK_CSRF_LEN + 1]);

/* 1 when field is the one of session under key. */
int dk_csrf_session_valid(const char *key, const char *session, const char *field);

#endif
