/* SPDX-License-Identifier: EUPL-1.2 */
/* route.h — the intake's routing table (route.c): from URL and method to
 * the handler of a page or an API endpoint. */
#ifndef DK_INTAKE_ROUTE_H
#define DK_INTAKE_ROUTE_H

#include "intake.h"

/* /api/v1/proposals/{token}[/{action}] and /proposal/{token}[/{action}] */
typedef struct {
    int api;
    char token[64];
    const char *action; /* "", "accept", "photo", "reschedule" or "cancel" */
} dk_proposal_route;

/* What the request carried: a buffered body, or the streamed upload. */
typedef struct {
    const char *data; /* never NULL */
    size_t len;
    dk_upload *up; /* the accept and photo routes only */
} dk_request_body;

/* 1 and pr filled when url is one of the self-service link's routes. */
int dk_route_proposal(const char *url, dk_proposal_route *pr);

/* The accept and photo routes, whose body streams through upload.c. */
int dk_route_is_upload(const char *url, const char *method);

/* The route patterns of the paths above, for the request metrics
 * (dk_web_options.routes): a token stands as "*", never itself. */
extern const char *const dk_route_patterns[];

/* Answers the request into r. */
void dk_route(dk_intake *in, struct MHD_Connection *c, const char *url, const char *method,
              const dk_request_body *b, dk_web_reply *r);

#endif
