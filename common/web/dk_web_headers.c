/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_headers.c — every answer carries the security headers, including the
 * ones libmicrohttpd writes by itself (400 for a malformed request line,
 * 431 for headers too large, 505 for another HTTP version, 413 for a chunk
 * too large), for which libmicrohttpd 0.9.75 offers no hook. Its library
 * queues those through MHD_queue_response via its PLT, so this library's
 * definition of that function, linked into the executable, interposes: it
 * adds the headers an answer lacks (its server's, found through the
 * connection's guard record), then calls the library's own. The intake's
 * test_http_attacks.py and tests/unit/test_web_server.c check that
 * libmicrohttpd's own answers do carry them, so a library built otherwise
 * is noticed. */
#include "web/dk_web_internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const fixed[][2] = {
    {"Cache-Control", "no-store"},
    {"X-Content-Type-Options", "nosniff"},
    /* same-origin: our own form POSTs then carry our Origin (with
     * no-referrer browsers send "Origin: null"); other sites get nothing. */
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};
enum { NFIXED = sizeof fixed / sizeof fixed[0] };

const char *dk_web_security_header(const dk_web *w, int i, const char **value)
{
    if (i < NFIXED) {
        *value = fixed[i][1];
        return fixed[i][0];
    }
    if (i == NFIXED) {
        *value = w && w->o.csp ? w->o.csp : DK_WEB_CSP_DEFAULT;
        return "Content-Security-Policy";
    }
    if (i == NFIXED + 1 && w && w->o.https) {
        *value = "max-age=31536000; includeSubDomains";
        return "Strict-Transport-Security";
    }
    return NULL;
}

void dk_web_security_headers(struct MHD_Response *resp, const dk_web *w)
{
    const char *name, *value;
    for (int i = 0; (name = dk_web_security_header(w, i, &value)); i++)
        if (!MHD_get_response_header(resp, name))
            MHD_add_response_header(resp, name, value);
}

typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);

static queue_fn real_queue;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    real_queue = (queue_fn)dlsym(RTLD_NEXT, "MHD_queue_response");
    if (!real_queue) {
        fprintf(stderr, "dk_web: libmicrohttpd's MHD_queue_response not found\n");
        abort();
    }
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *c, unsigned int status,
                                   struct MHD_Response *resp)
{
    pthread_once(&once, find_real);
    if (resp) {
        if (!MHD_get_response_header(resp, "Content-Type"))
            MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
        dk_web_security_headers(resp, dk_web_guard_owner(c));
    }
    return real_queue(c, status, resp);
}
