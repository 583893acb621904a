/* SPDX-License-Identifier: EUPL-1.2 */
/* key_api.c — the activation and the digital key as a JSON API (SPEC.md,
 * "Interfaces of the parts that come next"; common/keys does the work):
 *   POST /api/v1/activations/{token}             {activation_code, key_type, password}
 *   POST /api/v1/activations/{token}/confirm     {totp} | {email_code} | {passkey:{…}}
 *   POST /api/v1/activations/{token}/email-code  → 202, a new code mailed
 *   POST /api/v1/keys/login                      {identifier, password, totp | email_code}
 *                                                or {identifier, passkey:{…}}
 *   POST /api/v1/keys/passkey/options            {identifier}
 * Refusals: 400 malformed (not JSON, a member of the wrong type, an unknown
 * key_type, a passkey member missing or not base64url; "field" names it), 401
 * {"error":"wrong_code"} / {"error":"wrong"} with nothing more (an unknown identifier answers
 * exactly like a wrong password), 404 unknown link, 409 no pending choice, 410 used/expired/revoked
 * with what to do, 413, 415, 422 password refused (the reason in Accept-Language), 429
 * locked/throttled or beyond DK_KEY_RATE_LIMIT per client address, 503. */
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "intake.h"
#include "key_call.h"
#include "keys/dk_key.h"
#include "store/dk_token.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The catalogue's own spelling of a language it has, or NULL. */
static const char *catalogue_lang(const char *l)
{
    for (size_t i = 0; l && i < dk_i18n_lang_count(); i++)
        if (!strcmp(dk_i18n_lang(i), l))
            return dk_i18n_lang(i);
    return NULL;
}

/* The reader's language: ?lang=, else the first of Accept-Language the
 * catalogue has, else fallback (the applicant's), else English. */
static const char *reader_lang(struct MHD_Connection *c, const char *fallback)
{
    const char *q = catalogue_lang(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
    if (q)
        return q;
    const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
    for (const char *p = al; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        char tag[3] = {0};
        if (p[0] && p[1] &&
            (p[2] == '\0' || p[2] == '-' || p[2] == ';' || p[2] == ',' || p[2] == ' ')) {
            tag[0] = (char)(p[0] | 0x20), tag[1] = (char)(p[1] | 0x20);
            if (catalogue_lang(tag))
                return catalogue_lang(tag);
        }
        p += strcspn(p, ",");
    }
    return catalogue_lang(fallback) ? catalogue_lang(fallback) : "en";
}

/* The JSON object of the body, or NULL after answering 400/415. */
static json_t *body_object(struct MHD_Connection *c, const char *body, size_t len, dk_web_reply *r)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        dk_web_reply_error(r, 415, "send a JSON body (Content-Type: application/json)");
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr) : json_object();
    if (!doc || !json_is_object(doc)) {
        dk_web_reply_error(r, 400, "the body is not a JSON object");
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* A member that must be a string when present: 1 ok (*out the string or
 * NULL when absent), 0 after answering 400. A string with a NUL inside is
 * no text. */
static int string_member(const json_t *doc, const char *name, const char **out, dk_web_reply *r)
{
    json_t *v = json_object_get(doc, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be a string of text", name);
        dk_web_reply_error(r, 400, msg);
        return 0;
    }
    *out = json_string_value(v);
    return 1;
}

/* The passkey object of a body (registration or assertion), every member a
 * string: 1 (pk filled, *given set when present), 0 after answering 400. */
static int passkey_member(const json_t *doc, dk_key_passkey *pk, int *given, dk_web_reply *r)
{
    memset(pk, 0, sizeof *pk);
    json_t *o = json_object_get(doc, "passkey");
    *given = o && !json_is_null(o);
    if (!*given)
        return 1;
    if (!json_is_object(o)) {
        dk_web_reply_error(r, 400, "passkey must be an object");
        return 0;
    }
    /* PublicKeyCredential.toJSON() nests the ceremony's fields in response. */
    json_t *resp = json_object_get(o, "response");
    const json_t *in = json_is_object(resp) ? resp : o;
    return string_member(o, "id", &pk->id, r) &&
           string_member(in, "clientDataJSON", &pk->client_data_json, r) &&
           string_member(in, "attestationObject", &pk->attestation_object, r) &&
           string_member(in, "authenticatorData", &pk->authenticator_data, r) &&
           string_member(in, "signature", &pk->signature, r) &&
           string_member(in, "userHandle", &pk->user_handle, r);
}

static int rate_ok(dk_intake *in, struct MHD_Connection *c, dk_web_reply *r)
{
    int wait = 0;
    if (dk_keycall_rate_ok(in, c, &wait))
        return 1;
    dk_web_reply_json(r, 429,
                      json_pack("{s:s, s:s}", "error", "rate_limited", "message",
                                "too many attempts from your address; try again shortly"));
    r->retry_after = wait < 1 ? 1 : wait;
    return 0;
}

/* Where an applicant turns when the link cannot be used. */
static json_t *what_to_do(json_t *body, const char *text)
{
    char base[512], url[600];
    dk_public_url(base, sizeof base);
    snprintf(url, sizeof url, "%s/", base);
    json_object_set_new(body, "message", json_string(text));
    json_object_set_new(body, "new_request_url", json_string(url));
    const char *support = dk_config_str("DK_SUPPORT_URL");
    if (support && *support)
        json_object_set_new(body, "support_url", json_string(support));
    return body;
}

/* Every answer of common/keys but the successes each route writes itself. */
static void refusal(struct MHD_Connection *c, const dk_key_result *res, int activation,
                    dk_web_reply *r)
{
    int status = dk_key_http_status(res->status);
    switch (res->status) {
    case DK_KEY_MALFORMED: {
        char msg[160];
        snprintf(msg, sizeof msg, "%s is missing or malformed", res->field ? res->field : "input");
        dk_web_reply_json(r, 400,
                          json_pack("{s:s, s:s, s:s?}", "error", "malformed", "message", msg,
                                    "field", res->field));
        break;
    }
    case DK_KEY_WRONG:
        dk_web_reply_json(r, 401, json_pack("{s:s}", "error", activation ? "wrong_code" : "wrong"));
        break;
    case DK_KEY_EMAIL_CODE_SENT:
        dk_web_reply_json(r, 401, json_pack("{s:b}", "email_code_sent", 1));
        break;
    case DK_KEY_UNKNOWN:
        dk_web_reply_json(r, 404, json_pack("{s:s}", "error", "unknown_link"));
        break;
    case DK_KEY_NO_PENDING:
        dk_web_reply_json(r, 409,
                          json_pack("{s:s, s:s}", "error", "no_pending_choice", "message",
                                    "choose a key first (or again: a choice is kept "
                                    "30 minutes)"));
        break;
    case DK_KEY_GONE:
        dk_web_reply_json(
            r, 410,
            what_to_do(json_pack("{s:s, s:s}", "error", "link_unusable", "reason", res->gone),
                       !strcmp(res->gone, "used")
                           ? "this activation link was used already: your key exists; sign in "
                             "with it, or request a new interview if you lost it"
                           : "this activation link can no longer be used: request a new "
                             "interview to receive a new activation code"));
        break;
    case DK_KEY_PASSWORD_REFUSED: {
        const char *lang = reader_lang(c, res->language);
        dk_buf msg = DK_BUF_INIT;
        dk_auth_password_reason_append(&msg, lang, res->reason, res->min_chars);
        dk_web_reply_json(r, 422,
                          json_pack("{s:s, s:s, s:s, s:i}", "error", "password_refused", "reason",
                                    dk_auth_password_reason_code(res->reason), "message",
                                    msg.data ? msg.data : "", "min_chars", res->min_chars));
        dk_buf_free(&msg);
        break;
    }
    case DK_KEY_LOCKED:
    case DK_KEY_THROTTLED: {
        int throttled = res->status == DK_KEY_THROTTLED;
        json_t *body = json_pack("{s:s}", "error", throttled ? "throttled" : "locked");
        if (res->until_ms > 0) {
            char until[32];
            dk_iso8601_brussels(res->until_ms, until);
            json_object_set_new(body, throttled ? "retry_at" : "locked_until", json_string(until));
            int64_t wait = (res->until_ms - dk_now_ms() + 999) / 1000;
            r->retry_after = wait < 1 ? 1 : wait > 86400 ? 86400 : (int)wait;
        }
        if (!throttled)
            what_to_do(body, activation ? "too many wrong codes: this activation link is "
                                          "locked; request a new interview or call the help desk"
                                        : "too many failed sign-ins: this key is locked; the "
                                          "help desk can unlock it");
        dk_web_reply_json(r, 429, body);
        break;
    }
    default:
        dk_web_reply_error(r, status, "unexpected");
        break;
    }
}

/* The call failed (key_call.c logged why). */
static void unavailable(dk_web_reply *r)
{
    dk_web_reply_error(r, 503, "the service is unavailable right now; try again shortly");
    r->retry_after = 30;
}

static json_t *key_body(const dk_key_result *res)
{
    return json_pack("{s:s, s:s, s:s}", "key_type", res->key_type, "assurance_level",
                     res->assurance_level, "identifier", res->identifier);
}

typedef enum { ACT_CHOOSE, ACT_CONFIRM, ACT_EMAIL_CODE } act_step;

static void activation(dk_intake *in, struct MHD_Connection *c, const char *token, act_step step,
                       const char *body, size_t len, dk_web_reply *r)
{
    if (!rate_ok(in, c, r))
        return;
    json_t *doc = step == ACT_EMAIL_CODE && len == 0 ? json_object() : body_object(c, body, len, r);
    if (!doc)
        return;
    dk_key_result res;
    dk_key_result_init(&res);
    dk_key_choice ch = {.token = token};
    dk_key_confirmation cf = {.token = token};
    dk_key_passkey pk;
    int pk_given = 0;
    if (step == ACT_CHOOSE) {
        if (!string_member(doc, "activation_code", &ch.activation_code, r) ||
            !string_member(doc, "key_type", &ch.key_type, r) ||
            !string_member(doc, "password", &ch.password, r))
            goto done;
    } else if (step == ACT_CONFIRM) {
        if (!string_member(doc, "totp", &cf.totp, r) ||
            !string_member(doc, "email_code", &cf.email_code, r) ||
            !passkey_member(doc, &pk, &pk_given, r))
            goto done;
        cf.passkey = pk_given ? &pk : NULL;
    }
    dk_keycall k = {.step = step == ACT_CHOOSE    ? DK_KEYCALL_CHOOSE
                            : step == ACT_CONFIRM ? DK_KEYCALL_CONFIRM
                                                  : DK_KEYCALL_EMAIL_CODE,
                    .token = token,
                    .choice = &ch,
                    .confirmation = &cf};
    if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(r);
        goto done;
    }
    if (res.status == DK_KEY_CREATED) {
        dk_web_reply_json(r, 201, key_body(&res));
    } else if (res.status == DK_KEY_CODE_SENT) {
        dk_web_reply_json(r, 202, json_pack("{s:b}", "email_code_sent", 1));
    } else if (res.status == DK_KEY_OK && !strcmp(res.key_type, "totp")) {
        dk_web_reply_json(r, 200,
                          json_pack("{s:s, s:s, s:s, s:s}", "key_type", "totp", "otpauth_uri",
                                    res.otpauth_uri, "totp_secret", res.totp_secret, "identifier",
                                    res.identifier));
    } else if (res.status == DK_KEY_OK && !strcmp(res.key_type, "email")) {
        dk_web_reply_json(r, 200,
                          json_pack("{s:s, s:b, s:i}", "key_type", "email", "email_code_sent", 1,
                                    "valid_minutes", 10));
    } else if (res.status == DK_KEY_OK && res.public_key) {
        json_object_set_new(res.public_key, "key_type", json_string("passkey"));
        dk_web_reply_json(r, 200, json_incref(res.public_key));
    } else {
        refusal(c, &res, 1, r);
    }
done:
    dk_key_result_free(&res);
    json_decref(doc);
}

void dk_key_api_activation(dk_intake *in, struct MHD_Connection *c, const char *token,
                           const char *action, const char *body, size_t len, dk_web_reply *r)
{
    if (!strcmp(action, ""))
        activation(in, c, token, ACT_CHOOSE, body, len, r);
    else if (!strcmp(action, "confirm"))
        activation(in, c, token, ACT_CONFIRM, body, len, r);
    else
        activation(in, c, token, ACT_EMAIL_CODE, body, len, r);
}

void dk_key_api_login(dk_intake *in, struct MHD_Connection *c, const char *body, size_t len,
                      dk_web_reply *r)
{
    if (!rate_ok(in, c, r))
        return;
    json_t *doc = body_object(c, body, len, r);
    if (!doc)
        return;
    dk_key_login_input li = {0};
    dk_key_passkey pk;
    int pk_given = 0;
    dk_key_result res;
    dk_key_result_init(&res);
    if (!string_member(doc, "identifier", &li.identifier, r) ||
        !string_member(doc, "password", &li.password, r) ||
        !string_member(doc, "totp", &li.totp, r) ||
        !string_member(doc, "email_code", &li.email_code, r) ||
        !passkey_member(doc, &pk, &pk_given, r))
        goto done;
    li.passkey = pk_given ? &pk : NULL;
    dk_keycall k = {.step = DK_KEYCALL_LOGIN, .login = &li};
    if (dk_keycall_run(in, c, &k, &res) != 0) {
        unavailable(r);
        goto done;
    }
    if (res.status == DK_KEY_OK)
        dk_web_reply_json(r, 200,
                          json_pack("{s:s, s:s}", "key_type", res.key_type, "assurance_level",
                                    res.assurance_level));
    else
        refusal(c, &res, 0, r);
done:
    dk_key_result_free(&res);
    json_decref(doc);
}

void dk_key_api_passkey_options(dk_intake *in, struct MHD_Connection *c, const char *body,
                                size_t len, dk_web_reply *r)
{
    if (!rate_ok(in, c, r))
        return;
    json_t *doc = body_object(c, body, len, r);
    if (!doc)
        return;
    dk_key_result res;
    dk_key_result_init(&res);
    const char *ident = NULL;
    if (!string_member(doc, "identifier", &ident, r))
        goto done;
    dk_keycall k = {.step = DK_KEYCALL_PASSKEY_OPTIONS, .identifier = ident};
    if (dk_keycall_run(in, c, &k, &res) != 0)
        unavailable(r);
    else if (res.status == DK_KEY_OK)
        dk_web_reply_json(r, 200, json_incref(res.public_key));
    else
        refusal(c, &res, 0, r);
done:
    dk_key_result_free(&res);
    json_decref(doc);
}
