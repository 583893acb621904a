/* SPDX-License-Identifier: EUPL-1.2 */
/* pages_keys.h — the applicant's pages of the digital key (issue 12),
 * rendered from a model without a connection like every page of pages.h:
 * the activation link's pages (the code and the choice of key, the second
 * step of each key, the key made) and the sign-in check (the form, the
 * e-mail code's second step, the result). The HTTP side is activate_page.c
 * and signin_page.c. Each dk_page_render_* returns 0, or -1 (logged) with a
 * partial page in out that must not be sent (dk_web_reply_page answers 500).
 * Values are as the library or the visitor gave them: the engine escapes
 * them where they land. support_url is DK_SUPPORT_URL (NULL or "": no help
 * desk line). */
#ifndef DK_INTAKE_PAGES_KEYS_H
#define DK_INTAKE_PAGES_KEYS_H

#include "core/dk_buf.h"
#include "pages.h"

/* The key types the pages offer, in the order they are offered. */
extern const char *const dk_page_key_types[]; /* "totp", "email", "passkey", "password", NULL */

/* 1 when type is one of them. */
int dk_page_key_type_known(const char *type);

/* GET /activate/{token}, and again after a refusal (401 wrong code, 422). */
typedef struct {
    const char *lang, *path, *csrf, *support_url;
    dk_page_sentence banner;    /* above the form, or none */
    const char *code_error;     /* the catalogue key of the activation code's error, or NULL */
    const char *choice_error;   /* the key of the choice's error, or NULL */
    const char *key_type;       /* the choice made before, or NULL */
    const char *password_error; /* why the password was refused, in lang (a sentence), or NULL */
    const char *repeat_error;   /* the key of the repeat's error, or NULL */
    const char *identifier;     /* the e-mail address (the username), or NULL when not known */
} dk_activate_model;

int dk_page_render_activate(dk_buf *out, const dk_activate_model *m);

/* Password + authenticator app, second step. otpauth_uri and secret (base32)
 * NULL: after a wrong code only the field is shown again. */
typedef struct {
    const char *lang, *path, *csrf, *support_url;
    dk_page_sentence banner;
    const char *otpauth_uri, *secret;
    int wrong; /* the code typed was not right */
} dk_activate_totp_model;

int dk_page_render_activate_totp(dk_buf *out, const dk_activate_totp_model *m);

/* Password + e-mail code, second step. */
typedef struct {
    const char *lang, *path, *csrf, *support_url;
    dk_page_sentence banner; /* e.g. a new code was sent */
    int minutes;             /* how long a code stays valid */
    int wrong;
} dk_activate_email_model;

int dk_page_render_activate_email(dk_buf *out, const dk_activate_email_model *m);

/* The passkey, second step: options is the JSON text of the creation
 * options ({"publicKey": {...}}) the script hands to the browser. */
typedef struct {
    const char *lang, *path, *csrf, *support_url;
    dk_page_sentence banner;
    const char *options;
} dk_activate_passkey_model;

int dk_page_render_activate_passkey(dk_buf *out, const dk_activate_passkey_model *m);

/* A key and the level it reached: the page after activation (done) and the
 * sign-in check's result. key_type one of dk_page_key_types, level "low",
 * "substantial" or "low_email_code" (another value: -1, nothing shown). */
typedef struct {
    const char *lang, *path;
    const char *key_type, *level;
    const char *identifier; /* or NULL */
} dk_key_result_model;

int dk_page_render_key_done(dk_buf *out, const dk_key_result_model *m);
int dk_page_render_signin_result(dk_buf *out, const dk_key_result_model *m);

/* A page of the keys that only says something: reason (a word for tests
 * and the browser: "gone", "locked", ...) and the ways on. */
typedef struct {
    const char *lang, *path, *title_key, *reason, *support_url;
    dk_page_sentence lead;
    const char *back_key; /* the link back to path and its words, or NULL */
    int link_signin;      /* to /signin */
    int link_new;         /* to a new interview request */
} dk_key_message_model;

int dk_page_render_key_message(dk_buf *out, const dk_key_message_model *m);

/* GET /signin, and again after a refusal. */
typedef struct {
    const char *lang, *csrf, *support_url;
    dk_page_sentence banner;
    const char *identifier; /* as typed before, or NULL */
} dk_signin_model;

int dk_page_render_signin(dk_buf *out, const dk_signin_model *m);

/* An e-mail-code key's second step: continuation stands for the first. */
typedef struct {
    const char *lang, *csrf, *continuation;
    int minutes;
    int wrong;
} dk_signin_code_model;

int dk_page_render_signin_code(dk_buf *out, const dk_signin_code_model *m);

#endif
