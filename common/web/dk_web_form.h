/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_web_form.h — what the HTML side of any of our servers shares: the
 * fields of a form body (url-encoded or multipart without files), the
 * cookies (with the __Host- prefix over https) and the CSRF pairs of forms
 * shown before a session (web/dk_csrf.h has both kinds of token). */
#ifndef DK_WEB_FORM_H
#define DK_WEB_FORM_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

/* The longest value dk_web_form_fields keeps, in bytes. */
#define DK_WEB_FORM_VALUE_MAX 20000

/* The fields of a form body into values (name → string, as typed, NUL
 * bytes included; values is the caller's, set with json_object_set_new),
 * the body's kind read from c's Content-Type. Returns 0, or -1 when the
 * body could not be parsed (a multipart body cut before its closing
 * boundary), has a part without a usable name (none, only filename=, an
 * unclosed quote, a NUL in it: the caller answers 400), or a value is
 * longer than DK_WEB_FORM_VALUE_MAX. Any thread. */
int dk_web_form_fields(struct MHD_Connection *c, const char *body, size_t len, json_t *values);

/* What dk_web_form_fields collects a body's fields into. */
typedef struct {
    json_t *values;
    int overflow; /* a value longer than we keep, or no memory for it */
    int nameless; /* a multipart part without a usable name */
} dk_web_form_sink;

/* The post processor's callback of dk_web_form_fields (cls: a
 * dk_web_form_sink): each piece of a field appended to its value. */
enum MHD_Result dk_web_form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data, uint64_t off,
                                  size_t size);

/* A cookie's name (a string literal). Served over https it carries the
 * __Host- prefix: the browser then keeps it only when Secure, Path=/ and
 * without Domain, so neither another host of the domain nor a plain-http
 * page can plant one. Cookies do not tell ports apart: two servers on one
 * host need names of their own. */
#define DK_WEB_COOKIE(secure, name) ((secure) ? "__Host-" name : name)

/* "name=value; Path=/[; Max-Age=N]; HttpOnly; SameSite=Strict[; Secure]"
 * into set_cookie (max_age 0 = until the browser closes). */
void dk_web_cookie(char *set_cookie, size_t len, int secure, const char *name, const char *value,
                   int max_age);

/* A fresh CSRF pair for the forms of a page without a session: the cookie
 * (named cookie_name, HttpOnly) goes into set_cookie, the form's field into
 * token (dk_csrf_issue). */
void dk_web_issue_csrf(int secure, const char *key, const char *cookie_name, char *set_cookie,
                       size_t set_cookie_len, char token[128]);

/* 1 when field (the form's) was issued with the cookie cookie_name that c
 * carries, under key (dk_csrf_valid). */
int dk_web_csrf_pair_valid(struct MHD_Connection *c, const char *key, const char *cookie_name,
                           const char *field);

#endif
