/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_csrf.c — protection of the HTML forms against cross-site request
 * forgery (see dk_csrf.h): a field bound to a random cookie before any
 * session, and a field bound to the session once there is one. Either way a
 * page of another site can neither read the cookie (HttpOnly, SameSite=
 * Strict) nor compute the field without it. */
#include "web/dk_csrf.h"
#include "core/dk_crypto.h"

#include <stdio.h>
#include <string.h>

static int lower_hex(const char *s, size_t n)
{
    return s && strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static void field_of(const char *key, const char *what, const char *value,
                     char field[DK_CSRF_LEN + 1])
{
    char msg[96];
    snprintf(msg, sizeof msg, "%s:%s", what, value);
    dk_keyed_hash_hex(key, msg, field);
}

int dk_csrf_issue(const char *key, char cookie[DK_CSRF_LEN + 1], char field[DK_CSRF_LEN + 1])
{
    int rc = dk_random_hex(cookie, DK_CSRF_LEN / 2);
    if (rc != 0) /* fails closed: dk_csrf_valid refuses an all-zero cookie */
        memset(cookie, '0', DK_CSRF_LEN), cookie[DK_CSRF_LEN] = '\0';
    field_of(key, "csrf-form", cookie, field);
    return rc;
}

int dk_csrf_valid(const char *key, const char *cookie, const char *field)
{
    if (!lower_hex(cookie, DK_CSRF_LEN) || !field || strlen(field) != DK_CSRF_LEN ||
        strspn(cookie, "0") == DK_CSRF_LEN)
        return 0;
    char want[DK_CSRF_LEN + 1];
    field_of(key, "csrf-form", cookie, want);
    return dk_ct_equal(want, field, DK_CSRF_LEN);
}

void dk_csrf_for_session(const char *key, const char *session, char field[DK_CSRF_LEN + 1])
{
    char hash[65];
    if (!session)
        session = "";
    dk_sha256_hex(session, strlen(session), hash);
    field_of(key, "csrf-session", hash, field);
}

int dk_csrf_session_valid(const char *key, const char *session, const char *field)
{
    if (!session || !*session || !field || strlen(field) != DK_CSRF_LEN)
        return 0;
    char want[DK_CSRF_LEN + 1];
    dk_csrf_for_session(key, session, want);
    return dk_ct_equal(want, field, DK_CSRF_LEN);
}
