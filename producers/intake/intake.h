/* SPDX-License-Identifier: EUPL-1.2 */
/* intake.h — dk-intake, the producer at the front door: the applicant's form
 * and POST /api/v1/applications, and the self-service link of a proposal
 * (pages and API). Shared state and the pieces' interfaces. */
#ifndef DK_INTAKE_H
#define DK_INTAKE_H

#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "core/dk_workpool.h"
#include "dk_addrcount.h"
#include "dk_csrf.h"
#include "dk_ratelimit.h"
#include "store/dk_kafka.h"
#include "store/dk_outbox.h"
#include "store/dk_pgpool.h"

#include <jansson.h>
#include <microhttpd.h>

typedef struct {
    dk_producer *producer;
    dk_ratelimit *limiter;
    dk_app_rules rules;
    long max_body;
    int trust_proxy;
    int secure_cookies; /* the public URL is https */
    const char *code_key;
    const char *csrf_key;
    /* the self-service link */
    dk_pgpool *pool; /* DK_INTAKE_PG_POOL connections */
    dk_relay *relay; /* publishes what the link's transactions queue */
    long upload_max; /* bytes per document image */
    int max_tries;   /* wrong codes before the link locks */
    int lock_minutes;
    int max_uploads; /* accept bodies buffered at once */
    int uploads_in_flight;
    dk_addrcount *upload_addrs; /* uploads in flight per client address */
    /* the HTTP server (http.c) */
    dk_workpool *work;      /* runs the handlers, off the event loop */
    struct dk_guard *guard; /* time bounds on whole requests */
    int header_ms, body_ms; /* headers (and small bodies), an upload's body */
    int requests_in_flight; /* from the headers to the answer's last byte */
    int draining;           /* SIGTERM: answer what was accepted, then stop */
} dk_intake;

/* ---- one HTTP exchange ---- */
typedef struct {
    int status;
    const char *content_type;
    dk_buf body;
    char set_cookie[512];
    char location[256]; /* for 303 */
    int retry_after;    /* seconds, for 429/503; 0 = none */
} dk_reply;

void dk_reply_json(dk_reply *r, int status, json_t *body /* stolen */);
void dk_reply_error(dk_reply *r, int status, const char *message);

/* The headers every answer carries (ours and the cut-short 413), NULL-ended
 * pairs; the https-only ones when the public URL is https. */
extern const char *const dk_security_headers[][2];
extern const char *const dk_https_headers[][2];

/* Adds the headers above that resp lacks (mhd_headers.c); libmicrohttpd's
 * own answers get them too. dk_http_https: the public URL is https. */
void dk_http_security_headers(struct MHD_Response *resp);
extern int dk_http_https;

/* A POST whose Origin (or Referer) is another site's: answers 403 in r and
 * returns 1; else 0 (origin.c). */
int dk_origin_refused(dk_intake *in, struct MHD_Connection *c, const char *url, dk_reply *r);

/* The client address used for rate limiting. */
void dk_intake_client_addr(const dk_intake *in, struct MHD_Connection *c, char out[64]);

/* ---- the HTTP server (http.c) ---- */

/* Listens on host:port (0 = any free port, written to *bound_port). */
struct MHD_Daemon *dk_http_start(dk_intake *in, const char *host, int port, int *bound_port,
                                 char *err, size_t errlen);

/* Stops accepting connections, waits up to drain_ms for the answers to every
 * request received, then stops the server. Returns how many were left. */
int dk_http_drain(dk_intake *in, struct MHD_Daemon *d, int drain_ms);

/* ---- pieces ---- */

/* POST /api/v1/applications. */
void dk_api_applications(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                         dk_reply *r);

/* GET / and POST / (the HTML form). */
void dk_form_get(dk_intake *in, struct MHD_Connection *c, dk_reply *r);
void dk_form_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                  dk_reply *r);
extern const char dk_form_css[];

/* Turns a validated request body into an application.submitted message and
 * waits for the broker's acknowledgement. client_addr (dk_intake_client_addr)
 * travels only as its source key (dk_source.h). On success returns 0 with
 * the new application id and the security code (shown once, never stored).
 * Returns -1 when the request could not be made durable (the caller answers
 * 503). */
int dk_submit(dk_intake *in, const json_t *body, const char *client_addr, char app_id[37],
              char code[32]);

/* 1 when email already has a live application (dk_live.h): the mail about
 * it is queued to that address and the caller answers 409. 0 when it has
 * none, or when the database cannot tell (the recorder enforces it then). */
int dk_intake_address_in_use(dk_intake *in, const char *email);

/* The stored form of a security code: HMAC(key, application id ":" code),
 * so the same code in two applications never hashes alike. */
void dk_intake_code_hash(const char *key, const char *app_id, const char *code, char out[65]);

/* ---- the self-service link (proposal_api.c, proposal_page.c) ---- */
struct dk_upload_s;
typedef struct dk_upload_s dk_upload;

void dk_proposal_api_get(dk_intake *in, struct MHD_Connection *c, const char *token, dk_reply *r);
void dk_proposal_api_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_reply *r);
void dk_proposal_api_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                const char *body, size_t len, dk_reply *r);
void dk_proposal_api_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_reply *r);

void dk_proposal_page_get(dk_intake *in, struct MHD_Connection *c, const char *token, dk_reply *r);
void dk_proposal_page_login(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_reply *r);
void dk_proposal_page_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                             dk_upload *up, dk_reply *r);
void dk_proposal_page_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_reply *r);
void dk_proposal_page_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_reply *r);

#endif
