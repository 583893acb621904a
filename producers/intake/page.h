/* SPDX-License-Identifier: EUPL-1.2 */
/* page.h — what the HTTP side of every applicant page shares: queuing a
 * rendered page (pages.h renders them), form fields read from a body, the
 * cookies and their CSRF pairs. The form and the self-service pages are
 * built on it. */
#ifndef DK_INTAKE_PAGE_H
#define DK_INTAKE_PAGE_H

#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "intake.h"
#include "pages.h"

#include <jansson.h>
#include <microhttpd.h>

/* Queues a page rendered by pages.h: when rc is 0 the page in *page
 * becomes r's body, HTML, with status; otherwise r is a 500 with a fixed
 * page (never a part of the rendered one). *page is emptied either way. */
void dk_page_reply(dk_reply *r, int status, int rc, dk_buf *page);

/* The fields of a form body (url-encoded or multipart without files) into
 * values (name → string, as typed, NUL bytes included). Returns 0, or -1
 * when the body could not be parsed, has a part without a name, or a value
 * is longer than we keep. */
int dk_page_form_fields(struct MHD_Connection *c, const char *body, size_t len, json_t *values);

/* What dk_page_form_fields collects a body's fields into. */
typedef struct {
    json_t *values;
    int overflow; /* a value longer than we keep, or no memory for it */
    int nameless; /* a multipart part without a usable name */
} dk_form_sink;

/* The post processor's callback of dk_page_form_fields (cls: a
 * dk_form_sink): each piece of a field appended to its value. */
enum MHD_Result dk_page_form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *filename, const char *content_type,
                                   const char *transfer_encoding, const char *data, uint64_t off,
                                   size_t size);

/* The cookies' names. Served over https they carry the __Host- prefix: the
 * browser then keeps them only when Secure, Path=/ and without Domain, so
 * neither another host of the domain nor a plain-http page can plant one. */
#define DK_COOKIE_CSRF(secure) ((secure) ? "__Host-dk_csrf" : "dk_csrf")
#define DK_COOKIE_SESSION(secure) ((secure) ? "__Host-dk_session" : "dk_session")

/* "name=value; Path=/[; Max-Age=N]; HttpOnly; SameSite=Strict[; Secure]"
 * into set_cookie (max_age 0 = until the browser closes). */
void dk_page_cookie(char *set_cookie, size_t len, int secure, const char *name, const char *value,
                    int max_age);

/* A fresh CSRF pair for the forms of a page without a session: the cookie
 * goes into set_cookie, the field into token (dk_csrf.h). */
void dk_page_issue_csrf(int secure_cookies, const char *csrf_key, char *set_cookie,
                        size_t set_cookie_len, char token[128]);

/* The preferred_slots array the slot rows of a form body stand for
 * (slot1_date … slot10_to; rows left empty are skipped); slot_row[i]
 * receives the row of preferred_slots[i]. */
json_t *dk_slot_fields_collect(const json_t *values, int slot_row[DK_APP_MAX_SLOTS], int *nslots);

#endif
