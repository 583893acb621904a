/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_staffweb.c — staff sessions on a staff-facing server (dk_staffweb.h). */
#include "staffweb/dk_staffweb.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "interview/dk_staff_auth.h"
#include "web/dk_csrf.h"
#include "web/dk_web_form.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

static int csrf_ok(const dk_staffweb *w, const dk_web_request *rq, const json_t *form,
                   const dk_staff_session *s, const char *session_id)
{
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (h && strlen(h) == DK_STAFF_TOKEN_LEN) {
        char hash[65];
        dk_staff_secret_hash("csrf", h, hash);
        if (dk_ct_equal(hash, s->csrf_hash, 64))
            return 1;
    }
    if (h && dk_csrf_session_valid(w->csrf_key, session_id, h))
        return 1;
    const char *field = form ? json_string_value(json_object_get(form, "csrf")) : NULL;
    return field && dk_csrf_session_valid(w->csrf_key, session_id, field);
}

int dk_staffweb_session(const dk_staffweb *w, const dk_web_request *rq, const json_t *form,
                        PGconn *(*get_pg)(void *cls), void *cls, dk_staff_session *s,
                        char session_id[DK_STAFF_TOKEN_LEN + 1], char csrf_field[65], char *err,
                        size_t errlen)
{
    const char *cookie = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, w->cookie);
    if (!cookie || strlen(cookie) != DK_STAFF_TOKEN_LEN)
        return DK_STAFFWEB_NONE;
    PGconn *pg = get_pg(cls);
    if (!pg) {
        snprintf(err, errlen, "no database connection");
        return -1;
    }
    int live = dk_staff_session_check(pg, cookie, dk_now_ms(), s, err, errlen);
    if (live < 0)
        return -1;
    if (!live)
        return DK_STAFFWEB_NONE;
    snprintf(session_id, DK_STAFF_TOKEN_LEN + 1, "%s", cookie);
    dk_csrf_for_session(w->csrf_key, session_id, csrf_field);
    if (strcmp(rq->method, "POST") == 0 && !csrf_ok(w, rq, form, s, session_id)) {
        dk_log(DK_LOG_WARN, "csrf_refused", "a POST without its CSRF token: %s", rq->url);
        return DK_STAFFWEB_CSRF;
    }
    return DK_STAFFWEB_LIVE;
}

int dk_staffweb_signin(PGconn *pg, const dk_staffweb *w, const char *email, const char *password,
                       const char *totp, const char *address, int max_tries, dk_web_reply *r,
                       char staff_id[37], char csrf_token[DK_STAFF_TOKEN_LEN + 1],
                       const char **refusal, char *err, size_t errlen)
{
    char sid[DK_STAFF_TOKEN_LEN + 1];
    int rc = dk_staff_signin(pg, email, password, totp, address, dk_now_ms(), max_tries, staff_id,
                             sid, csrf_token, refusal, err, errlen);
    if (rc == 0)
        dk_web_cookie(r->set_cookie, sizeof r->set_cookie, w->secure, w->cookie, sid,
                      DK_STAFF_SESSION_HOURS * 3600);
    OPENSSL_cleanse(sid, sizeof sid);
    return rc;
}

void dk_staffweb_clear_cookie(const dk_staffweb *w, dk_web_reply *r)
{
    snprintf(r->set_cookie, sizeof r->set_cookie,
             "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s", w->cookie,
             w->secure ? "; Secure" : "");
}
