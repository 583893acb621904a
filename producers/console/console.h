/* SPDX-License-Identifier: EUPL-1.2 */
/* console.h — dk-console, the interviewers' console: staff enrolment and
 * sign-in, the list of interviews, the dossier with its document images,
 * the checks, the session code and the outcome, as server-rendered pages in
 * nl/fr/en and as the JSON API that SPEC.md fixes ("Interviewer console").
 * It runs on the common HTTP server (common/web) and does its work through
 * common/interview, each action one transaction with its audit rows. Shared
 * state and the pieces' interfaces. */
#ifndef DK_CONSOLE_H
#define DK_CONSOLE_H

#include "core/dk_buf.h"
#include "interview/dk_interview.h"
#include "interview/dk_staff.h"
#include "staffweb/dk_staffweb.h"
#include "store/dk_kafka.h"
#include "store/dk_outbox.h"
#include "store/dk_pgpool.h"
#include "web/dk_web.h"
#include "web/dk_web_page.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdint.h>

/* The console's own cookies (cookies do not tell ports apart: the intake's
 * names are others). */
#define DK_CONSOLE_SESSION_COOKIE(secure) DK_WEB_COOKIE(secure, "dk_staff")
#define DK_CONSOLE_FORM_COOKIE(secure) DK_WEB_COOKIE(secure, "dk_staff_form")

/* Its Content-Security-Policy: our own stylesheet, images (the document
 * images are ours), forms, and our one script file /console.js (the
 * dossier's live images and screen captures; nothing inline, no eval),
 * which may fetch from us only; no framing. */
#define DK_CONSOLE_CSP                                                                             \
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "                \
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* How long a handler waits for a PostgreSQL connection. */
#define DK_CONSOLE_PG_WAIT_MS 5000

/* The largest document image or capture served, in bytes. */
#define DK_CONSOLE_IMAGE_MAX (64L * 1024 * 1024)

typedef struct {
    dk_pgpool *pool;
    dk_producer *producer;
    dk_relay *relay;
    dk_web *web;
    dk_web_pages *pages;
    int secure; /* DK_CONSOLE_URL is https: Secure and __Host- cookies */
    int trust_proxy;
    const char *csrf_key;
    dk_staffweb staff; /* its sessions: cookie DK_CONSOLE_SESSION_COOKIE */
    int max_tries;
    long max_body;
} dk_console;

/* One request as the handlers see it. */
typedef struct {
    dk_console *cn;
    const dk_web_request *rq;
    dk_web_reply *r;
    int api;          /* under /api/: JSON answers */
    const char *lang; /* the page's language (?lang=, else nl) */
    char addr[64];    /* the client's address */
    PGconn *pg;       /* borrowed by dk_req_db, given back after the handler */
    /* after dk_req_session: */
    dk_staff_session s;
    char session_id[DK_STAFF_TOKEN_LEN + 1];
    char csrf_field[65]; /* the pages' hidden field of this session */
} dk_req;

/* ---- the server (server.c) ---- */
int dk_console_start(dk_console *cn, const char *host, int port, int *bound_port, char *err,
                     size_t errlen);
int dk_console_drain(dk_console *cn, int drain_ms);

/* ---- request helpers (request.c) ---- */

/* The request's PostgreSQL connection (borrowed once), or NULL after
 * answering 503. */
PGconn *dk_req_db(dk_req *q);

/* The signed-in staff member: 1 (q->s filled, and for a POST the CSRF token
 * checked: the X-CSRF-Token header or, for a form, its csrf field), or 0
 * after answering (no session: 401 / the sign-in page; a POST without its
 * token: 403; the database: 503). form: the form's fields (may be NULL). */
int dk_req_session(dk_req *q, const json_t *form);

/* The JSON object of an API body: NULL after answering 415 (not JSON), 400
 * (malformed, duplicate keys, not an object). */
json_t *dk_req_json(dk_req *q);

/* The fields of a form body: NULL after answering 400. */
json_t *dk_req_form(dk_req *q);

/* A page rendered from template name with vars (stolen) into the reply. */
void dk_req_page(dk_req *q, int status, const char *name, json_t *vars);

/* A page that only says something: title and lead are catalogue keys. */
void dk_req_message(dk_req *q, int status, const char *title_key, const char *lead_key);

/* 303 to path (with ?lang= added). */
void dk_req_redirect(dk_req *q, const char *path);

/* An error as the request wants it: {"error":code,"message":…} for the
 * API, a message page otherwise (lead key console.error.<code> when the
 * catalogue has it). */
void dk_req_fail(dk_req *q, int status, const char *code);

/* The HTTP status of a common/interview refusal code. */
int dk_refusal_status(const char *refusal);

/* A query argument, or NULL. */
const char *dk_req_arg(const dk_req *q, const char *name);

/* A string member of a JSON object or form, or NULL. */
const char *dk_req_str(const json_t *o, const char *key);

/* 1 when q's staff member may see every interview (operator, admin). */
int dk_req_sees_all(const dk_req *q);

/* ---- pieces ---- */
void dk_console_route(dk_console *cn, const dk_web_request *rq, dk_web_reply *r);

/* The route patterns of dk_console_route's paths, for the request metrics
 * (dk_web_options.routes): ids and tokens stand as "*". */
extern const char *const dk_console_route_patterns[];

/* enrol.c: GET/POST /enrol/{token}, POST /enrol/{token}/confirm. */
void dk_enrol(dk_req *q, const char *token, int confirm);

/* signin.c: GET /signin, POST /signin, POST /api/v1/staff/session,
 * POST /signout, DELETE /api/v1/staff/session. */
void dk_signin_page(dk_req *q);
void dk_signin_post(dk_req *q);
void dk_signout(dk_req *q);

/* interviews.c: the list (GET /api/v1/interviews, GET /interviews) and the
 * reassignment (POST …/{id}/reassign). */
void dk_interviews_list(dk_req *q);
void dk_interviews_reassign(dk_req *q, const char *appointment_id);

/* dossier.c: GET /api/v1/interviews/{id}, GET /interviews/{id}, and the
 * document images. */
void dk_dossier_get(dk_req *q, const char *appointment_id);
void dk_dossier_image(dk_req *q, const char *appointment_id, const char *kind, const char *id);

/* 1 when q's staff member may see the appointment (app: its application,
 * kind: the document kind of its last accepted upload, or ""), 0 after
 * answering (404; 403 with its audit row; 503). */
int dk_dossier_may_see(dk_req *q, const char *appointment_id, char app[37], char kind[16]);

/* photos.c: the new photos asked of the applicant: POST …/photo-requests
 * (API and form), GET /api/v1/interviews/{id}/photos (what the dossier's
 * script polls), and that answer's object for the dossier (NULL with err). */
void dk_photos_ask(dk_req *q, const char *appointment_id);
void dk_photos_get(dk_req *q, const char *appointment_id);
json_t *dk_photos_json(PGconn *pg, const char *appointment_id, char *err, size_t errlen);

/* console_js.c (generated from console.js): the dossier's script, served
 * as /console.js. */
extern const char dk_console_js[];

/* The dossier's values for its page template (page_dossier.c): d and the
 * labels of the checks, features and outcome choices. A new reference. */
json_t *dk_dossier_page_vars(const json_t *d, const char *appt, const char *lang);

/* The dossier's JSON (a new reference), after checking that q's staff
 * member may see it: NULL after answering (403 audited, 404, 503). */
json_t *dk_dossier_json(dk_req *q, const char *appointment_id, const char *feature_kind);

/* actions.c: checks, the session code, the outcome (API and forms). */
void dk_action_check(dk_req *q, const char *appointment_id);
void dk_action_code(dk_req *q, const char *appointment_id, int verify);
void dk_action_outcome(dk_req *q, const char *appointment_id);

/* capture.c: POST …/captures (a streamed body) and its stream hooks. */
void dk_action_capture(dk_req *q, const char *appointment_id);
extern const dk_web_stream dk_capture_stream;

/* outcome_mail.c: the hook that queues the outcome's mail in its
 * transaction (ctx: the outcome's input). */
int dk_outcome_mail_hook(PGconn *pg, const dk_interview_outcome *o, void *ctx, char *err,
                         size_t errlen);

#endif
