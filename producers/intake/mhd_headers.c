/* SPDX-License-Identifier: EUPL-1.2 */
/* mhd_headers.c — every answer carries the security headers, including the
 * ones libmicrohttpd writes by itself (400 for a malformed request line,
 * 431 for headers too large, 505 for another HTTP version, 413 for a chunk
 * too large), for which libmicrohttpd 0.9.75 offers no hook. Its library
 * queues those through MHD_queue_response via its PLT, so this executable's
 * definition of that function interposes: it adds the headers an answer
 * lacks, then calls the library's own. test_http_attacks.py checks that
 * libmicrohttpd's own answers do carry them, so a library built otherwise
 * is noticed. */
#include "intake.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int dk_http_https; /* set once at start: the public URL is https */

typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);

static queue_fn real_queue;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    real_queue = (queue_fn)dlsym(RTLD_NEXT, "MHD_queue_response");
    if (!real_queue) {
        fprintf(stderr, "dk-intake: libmicrohttpd's MHD_queue_response not found\n");
        abort();
    }
}

static void add_missing(struct MHD_Response *resp, const char *const (*h)[2])
{
    for (; (*h)[0]; h++)
        if (!MHD_get_response_header(resp, (*h)[0]))
            MHD_add_response_header(resp, (*h)[0], (*h)[1]);
}

void dk_http_security_headers(struct MHD_Response *resp)
{
    add_missing(resp, dk_security_headers);
    if (dk_http_https)
        add_missing(resp, dk_https_headers);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *c, unsigned int status,
                                   struct MHD_Response *resp)
{
    pthread_once(&once, find_real);
    if (resp) {
        if (!MHD_get_response_header(resp, "Content-Type"))
            MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
        dk_http_security_headers(resp);
    }
    return real_queue(c, status, resp);
}
