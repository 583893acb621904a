/* SPDX-License-Identifier: EUPL-1.2 */
/* intake.h — dk-intake, the producer at the front door: the applicant's form
 * and POST /api/v1/applications, and the self-service link of a proposal
 * (pages and API). Shared state and the pieces' interfaces. */
#ifndef DK_INTAKE_H
#define DK_INTAKE_H

#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "store/dk_kafka.h"
#include "store/dk_outbox.h"
#include "store/dk_pgpool.h"
#include "web/dk_addrcount.h"
#include "web/dk_csrf.h"
#include "web/dk_ratelimit.h"
#include "web/dk_web.h"

#include <jansson.h>
#include <microhttpd.h>

struct dk_credential_s;
struct dk_outcome_s;

typedef struct dk_intake_s {
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
    dk_addrcount *upload_addrs; /* uploads in flight per client network (dk_net_key) */
    dk_addrcount *upload_links; /* uploads in flight per request (application id): one */
    dk_web *web;                /* the HTTP server (server.c, common/web) */
    dk_ratelimit *key_limiter;  /* activation and sign-in attempts per address */
    /* The link check before an accept's body is read:
     * dk_proposal_accept_precheck (main.c sets it). A seam, and the only
     * one: the HTTP fuzz target, whose database is unreachable, sets one
     * that admits its tokens, so that its bodies reach libmicrohttpd's post
     * processor and the part handlers (tests/fuzz/fuzz_intake_http.c). */
    void (*accept_precheck)(struct dk_intake_s *in, const char *token,
                            const struct dk_credential_s *cred, struct dk_outcome_s *o);
} dk_intake;

/* ---- the HTTP server (server.c), on common/web ---- */

/* Listens on host:port (0 = any free port, written to *bound_port) with the
 * DK_INTAKE_* limits, in->web the server; in->accept_precheck must be set.
 * Returns its daemon, or NULL with a message in err. */
struct MHD_Daemon *dk_http_start(dk_intake *in, const char *host, int port, int *bound_port,
                                 char *err, size_t errlen);

/* Stops accepting connections, waits up to drain_ms for the answers to every
 * request received, then stops the server (d is in->web's). Returns how
 * many were left. */
int dk_http_drain(dk_intake *in, struct MHD_Daemon *d, int drain_ms);

/* ---- pieces ---- */

/* POST /api/v1/applications. */
void dk_api_applications(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                         dk_web_reply *r);

/* GET / and POST / (the HTML form). */
void dk_form_get(dk_intake *in, struct MHD_Connection *c, dk_web_reply *r);
void dk_form_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                  dk_web_reply *r);

/* Turns a validated request body into an application.submitted message and
 * waits for the broker's acknowledgement. client_addr (dk_web_client_addr)
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

/* The key pages' scripts (activate.js, signin.js), embedded at build time. */
extern const char dk_activate_js[];
extern const char dk_signin_js[];

/* ---- the self-service link (proposal_api.c, proposal_page.c) ---- */
struct dk_upload_s;
typedef struct dk_upload_s dk_upload;

void dk_proposal_api_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                         dk_web_reply *r);
void dk_proposal_api_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_web_reply *r);
void dk_proposal_api_photo(dk_intake *in, struct MHD_Connection *c, const char *token,
                           dk_upload *up, dk_web_reply *r);
void dk_proposal_api_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                const char *body, size_t len, dk_web_reply *r);
void dk_proposal_api_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_web_reply *r);

void dk_proposal_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r);
void dk_proposal_page_login(dk_intake *in, struct MHD_Connection *c, const char *token,
                            const char *body, size_t len, dk_web_reply *r);
void dk_proposal_page_accept(dk_intake *in, struct MHD_Connection *c, const char *token,
                             dk_upload *up, dk_web_reply *r);
void dk_proposal_page_photo(dk_intake *in, struct MHD_Connection *c, const char *token,
                            dk_upload *up, dk_web_reply *r);
void dk_proposal_page_reschedule(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_web_reply *r);
void dk_proposal_page_cancel(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_web_reply *r);

/* ---- the address owner's end link (end_link*.c, end_link.h) ---- */
/* GET and POST /end/{token} (the page), GET and POST
 * /api/v1/end-links/{token} (the API). */
void dk_end_link_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r);
void dk_end_link_page_post(dk_intake *in, struct MHD_Connection *c, const char *token,
                           const char *body, size_t len, dk_web_reply *r);
void dk_end_link_api_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                         dk_web_reply *r);
void dk_end_link_api_post(dk_intake *in, struct MHD_Connection *c, const char *token,
                          const char *body, size_t len, dk_web_reply *r);
/* ---- the activation and the digital key (key_api.c, issue 12) ---- */

/* POST /api/v1/activations/{token}[/action], action "", "confirm" or
 * "email-code". */
void dk_key_api_activation(dk_intake *in, struct MHD_Connection *c, const char *token,
                           const char *action, const char *body, size_t len, dk_web_reply *r);
/* POST /api/v1/keys/login. */
void dk_key_api_login(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                      dk_web_reply *r);
/* POST /api/v1/keys/passkey/options. */
void dk_key_api_passkey_options(dk_intake *in, struct MHD_Connection *c, const char *body,
                                size_t len, dk_web_reply *r);

/* The same as pages (activate_page.c, signin_page.c): GET and POST
 * /activate/{token}, POST /activate/{token}/confirm and /email-code, GET
 * and POST /signin. */
void dk_activate_page_get(dk_intake *in, struct MHD_Connection *c, const char *token,
                          dk_web_reply *r);
void dk_activate_page_choose(dk_intake *in, struct MHD_Connection *c, const char *token,
                             const char *body, size_t len, dk_web_reply *r);
void dk_activate_page_confirm(dk_intake *in, struct MHD_Connection *c, const char *token,
                              const char *body, size_t len, dk_web_reply *r);
void dk_activate_page_email_code(dk_intake *in, struct MHD_Connection *c, const char *token,
                                 const char *body, size_t len, dk_web_reply *r);
void dk_signin_page_get(dk_intake *in, struct MHD_Connection *c, dk_web_reply *r);
void dk_signin_page_post(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                         dk_web_reply *r);

#endif
