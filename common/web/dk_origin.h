/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_origin.h — whether a POST comes from one of our own pages: browsers
 * name the page's origin in the Origin header (or, failing that, in the
 * Referer), and a page of another site cannot change it. Pure string work
 * (dk_web_origin.c reads the headers; the server answers 403). */
#ifndef DK_ORIGIN_H
#define DK_ORIGIN_H

#include <stddef.h>

/* The origin of an absolute http(s) URL or of an Origin header value:
 * "scheme://host[:port]", scheme and host lower-cased, the default port
 * (80 for http, 443 for https) left out. Returns 0, or -1 when s is none
 * (another scheme, no host, user info, a bad port, spaces, "null", …). */
int dk_origin_of(const char *s, char *out, size_t n);

/* 1 when value (an Origin header, or a Referer URL) has the origin of one of
 * allowed (URLs or origins, NULL-terminated; empty entries are skipped). */
int dk_origin_matches(const char *value, const char *const *allowed);

#endif
