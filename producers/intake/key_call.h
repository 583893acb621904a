/* SPDX-License-Identifier: EUPL-1.2 */
/* key_call.h — what the key's JSON API (key_api.c) and its pages
 * (activate_page.c, signin_page.c) share, so that the two cannot behave
 * differently: the per-address limit of attempts (DK_KEY_RATE_LIMIT), and
 * one call of common/keys (keys/dk_key.h) with the client's source key, a
 * pool connection and the relay's kick for what the call queued. Each side
 * then words the result its own way (JSON, or a page). */
#ifndef DK_INTAKE_KEY_CALL_H
#define DK_INTAKE_KEY_CALL_H

#include "intake.h"
#include "keys/dk_key.h"

/* 1 when the client of c may make one more attempt; 0 when it made
 * DK_KEY_RATE_LIMIT in the last minute (*wait: seconds until the next). */
int dk_keycall_rate_ok(dk_intake *in, struct MHD_Connection *c, int *wait);

typedef enum {
    DK_KEYCALL_VIEW,            /* dk_key_activation_view(token) */
    DK_KEYCALL_CHOOSE,          /* dk_key_activation_choose(choice) */
    DK_KEYCALL_CONFIRM,         /* dk_key_activation_confirm(confirmation) */
    DK_KEYCALL_EMAIL_CODE,      /* dk_key_activation_email_code(token) */
    DK_KEYCALL_LOGIN,           /* dk_key_login(login) */
    DK_KEYCALL_PASSKEY_OPTIONS, /* dk_key_passkey_options(identifier) */
} dk_keycall_step;

/* One call: the step and its input (the others NULL). */
typedef struct {
    dk_keycall_step step;
    const char *token;      /* VIEW, EMAIL_CODE */
    const char *identifier; /* PASSKEY_OPTIONS */
    const dk_key_choice *choice;
    const dk_key_confirmation *confirmation;
    const dk_key_login_input *login;
} dk_keycall;

/* Runs k for the client of c into res (dk_key_result_init'ed by the
 * caller). Returns 0 (res->status says what came of it), or -1 when the
 * database could not be reached or the call failed (logged; the caller
 * answers 503). */
int dk_keycall_run(dk_intake *in, struct MHD_Connection *c, const dk_keycall *k,
                   dk_key_result *res);

#endif
