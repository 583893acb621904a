/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_internal.h — inside the web library: the server's state, shared by
 * the server (dk_web_server.c) and the headers every answer carries
 * (dk_web_headers.c). Not for the library's users. */
#ifndef DK_WEB_INTERNAL_H
#define DK_WEB_INTERNAL_H

#include "core/dk_workpool.h"
#include "web/dk_web.h"
#include "web/dk_web_guard.h"

struct dk_web {
    dk_web_options o;
    struct MHD_Daemon *d;
    dk_workpool *work; /* runs the handlers, off the event loop */
    dk_web_guard *guard;
    int port;
    int requests_in_flight; /* from the headers to the answer's last byte */
    int draining;           /* SIGTERM: answer what was accepted, then stop */
};

/* The i-th security header of w's answers (0, 1, … in order): its name,
 * with its value in *value; NULL past the last. w NULL: an unknown
 * server's (the default policy, no HSTS). */
const char *dk_web_security_header(const dk_web *w, int i, const char **value);

/* Adds to resp the security headers of w it lacks. */
void dk_web_security_headers(struct MHD_Response *resp, const dk_web *w);

#endif
