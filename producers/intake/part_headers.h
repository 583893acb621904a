/* SPDX-License-Identifier: EUPL-1.2 */
/* part_headers.h — a watch on the part headers of a multipart body, beside
 * libmicrohttpd's post processor. The post processor reads its headers as C
 * strings, so a NUL byte in them is never seen by the part handler: a NUL
 * inside the quoted name leaves the part nameless (libmicrohttpd 0.9.75),
 * one after the name's closing quote is dropped with what follows. A part
 * header holding a NUL has no name we can trust: this finds it, whatever
 * the post processor's version makes of it, so that the upload refuses the
 * body (400). It follows the body the way the post processor does: the
 * first "--boundary" (after any preamble), then header lines until an empty
 * one, then the value until "\r\n--boundary". */
#ifndef DK_INTAKE_PART_HEADERS_H
#define DK_INTAKE_PART_HEADERS_H

#include <stddef.h>

#define DK_PART_BOUNDARY_MAX 72 /* RFC 2046: at most 70, and quotes */

typedef struct {
    char delim[DK_PART_BOUNDARY_MAX + 4]; /* "\r\n--" boundary */
    size_t dlen;
    size_t fail[DK_PART_BOUNDARY_MAX + 4];  /* KMP table of delim */
    size_t pfail[DK_PART_BOUNDARY_MAX + 4]; /* of delim + 2 ("--" boundary) */
    size_t match;                           /* bytes matched of the pattern in use */
    int state;
    int on; /* 0: no boundary to follow, nothing is watched */
} dk_part_headers;

/* From the request's Content-Type, found as libmicrohttpd finds it
 * ("boundary=" after "multipart/form-data", quotes removed). Without a
 * usable boundary nothing is watched (the post processor refuses it). */
void dk_part_headers_init(dk_part_headers *h, const char *content_type);

/* Follows n more bytes. Returns 0, or -1 once a part's headers held a NUL
 * (and on every later call). */
int dk_part_headers_feed(dk_part_headers *h, const char *p, size_t n);

#endif
