/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staffweb.h — a staff member's session on any staff-facing server (the
 * interviewers' console, the operations dashboard), once: the sign-in that
 * sets the session cookie (common/interview/dk_staff_auth.h does the
 * checking), and the session of a request with the CSRF check of a POST
 * (the API's X-CSRF-Token header: the token sign-in answered, or the page's
 * token bound to the session; or a page form's csrf field). Each server has
 * its own cookie name (cookies do not tell ports apart). */
#ifndef DK_STAFFWEB_H
#define DK_STAFFWEB_H

#include "interview/dk_staff.h"
#include "web/dk_web.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *cookie;   /* the session cookie's name, e.g. DK_WEB_COOKIE(secure, "dk_staff") */
    const char *csrf_key; /* DK_CSRF_KEY */
    int secure;           /* the server's URL is https: Secure cookies */
} dk_staffweb;

/* What dk_staffweb_session found. */
enum { DK_STAFFWEB_NONE = 0, DK_STAFFWEB_LIVE = 1, DK_STAFFWEB_CSRF = 2 };

/* The signed-in staff member of rq: DK_STAFFWEB_LIVE (s, session_id and
 * csrf_field — the pages' hidden field of this session — filled), NONE (no
 * cookie, or a session ended or unknown), CSRF (a POST without its token:
 * logged), or -1 with err (the database). form: a page form's fields (may
 * be NULL). pg is asked only when the request has a cookie; get_pg(cls)
 * gives it (NULL: -1, the caller answered). */
int dk_staffweb_session(const dk_staffweb *w, const dk_web_request *rq, const json_t *form,
                        PGconn *(*get_pg)(void *cls), void *cls, dk_staff_session *s,
                        char session_id[DK_STAFF_TOKEN_LEN + 1], char csrf_field[65], char *err,
                        size_t errlen);

/* Signs in (dk_staff_signin) and on success puts the session cookie into
 * r->set_cookie and the API's CSRF token into csrf_token. Returns what
 * dk_staff_signin returns. */
int dk_staffweb_signin(PGconn *pg, const dk_staffweb *w, const char *email, const char *password,
                       const char *totp, const char *address, int max_tries, dk_web_reply *r,
                       char staff_id[37], char csrf_token[DK_STAFF_TOKEN_LEN + 1],
                       const char **refusal, char *err, size_t errlen);

/* The header that ends the session cookie, into r->set_cookie. */
void dk_staffweb_clear_cookie(const dk_staffweb *w, dk_web_reply *r);

#endif
