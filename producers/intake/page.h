/* SPDX-License-Identifier: EUPL-1.2 */
/* page.h — what the HTTP side of every applicant page shares beyond
 * common/web (web/dk_web_form.h: form fields, cookies, CSRF pairs;
 * web/dk_web_page.h: queuing a rendered page): the intake's cookie names
 * and the slot rows of a form. The form and the self-service pages are
 * built on it. */
#ifndef DK_INTAKE_PAGE_H
#define DK_INTAKE_PAGE_H

#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "intake.h"
#include "pages.h"
#include "web/dk_web_form.h"
#include "web/dk_web_page.h"

#include <jansson.h>
#include <microhttpd.h>

/* The cookies' names (__Host- over https, web/dk_web_form.h). */
#define DK_COOKIE_CSRF(secure) DK_WEB_COOKIE(secure, "dk_csrf")
#define DK_COOKIE_SESSION(secure) DK_WEB_COOKIE(secure, "dk_session")

/* The Content-Security-Policy of a key page that loads its script
 * (activate.js, signin.js; dk_web_reply.csp): the server's own, with
 * scripts and requests (signin.js asks for the passkey's challenge) from our
 * own origin. Nothing inline either way. */
#define DK_PAGE_SCRIPT_CSP                                                                         \
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "                \
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* The preferred_slots array the slot rows of a form body stand for
 * (slot1_date … slot10_to; rows left empty are skipped); slot_row[i]
 * receives the row of preferred_slots[i]. */
json_t *dk_slot_fields_collect(const json_t *values, int slot_row[DK_APP_MAX_SLOTS], int *nslots);

#endif
