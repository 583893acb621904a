/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_guard.h — inside the web library (dk_web_server.c): time bounds on whole requests.
 * libmicrohttpd's timeout counts idle time only, so a client trickling a byte every few seconds
 * would keep a connection for ever. The guard gives each connection a
 * deadline (its request's headers, then its body, must have arrived by
 * then) and a reaper thread shuts down the socket of any connection past
 * it; libmicrohttpd then closes it as it would a dead peer. A connection
 * whose request is being answered has no deadline. */
#ifndef DK_WEB_GUARD_H
#define DK_WEB_GUARD_H

#include <microhttpd.h>
#include <stdint.h>

typedef struct dk_web_guard dk_web_guard;
typedef struct dk_web_guarded dk_web_guarded; /* one per open connection */

/* A guard whose new connections must send their headers within header_ms;
 * owner is what dk_web_guard_owner answers for its connections (the server). */
dk_web_guard *dk_web_guard_new(int header_ms, void *owner);

/* MHD_OPTION_NOTIFY_CONNECTION's callback, with the guard as its closure. */
void dk_web_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code);

/* The guarded record of a connection (NULL if the guard does not know it). */
dk_web_guarded *dk_web_guard_of(struct MHD_Connection *c);

/* The owner of the guard of c's record (NULL when c is unguarded): how the
 * answers libmicrohttpd queues by itself find their server's headers. */
void *dk_web_guard_owner(struct MHD_Connection *c);

/* The connection must have sent what it owes within ms from now; ms <= 0
 * lifts the deadline (its request is being answered). Ends a body's pace. */
void dk_web_guard_deadline(dk_web_guard *g, dk_web_guarded *x, int ms);

/* A streamed body begins: it must be whole within body_ms and, when rate >
 * 0, have averaged rate bytes a second from now on once grace_ms have
 * passed (dk_web_guard_progress counts its bytes). When it is cut for
 * either, the answer's answer_len bytes (a whole HTTP answer, copied; NULL:
 * none) are written before the socket is shut down. The next
 * dk_web_guard_deadline (the body is in) ends it. */
void dk_web_guard_body(dk_web_guard *g, dk_web_guarded *x, int body_ms, int rate, int grace_ms,
                       const char *answer, size_t answer_len);

/* n more bytes of the body begun with dk_web_guard_body. */
void dk_web_guard_progress(dk_web_guard *g, dk_web_guarded *x, size_t n);

/* 1 when the body of x's current request was cut and the answer given to
 * dk_web_guard_body written (the server counts it as answered). */
int dk_web_guard_cut_answered(dk_web_guard *g, const dk_web_guarded *x);

/* The next request on this (kept-alive) connection gets the header bound. */
void dk_web_guard_next_request(dk_web_guard *g, dk_web_guarded *x);

/* New connections whose first request is still on its way (within its
 * bound): a stopping server waits for them too. */
int dk_web_guard_awaited(dk_web_guard *g);

/* Connections cut for running past their deadline, since the start. */
long dk_web_guard_cut(const dk_web_guard *g);

/* Stops the reaper (connections stay as they are) and frees the guard. */
void dk_web_guard_free(dk_web_guard *g);

#endif
