/* SPDX-License-Identifier: EUPL-1.2 */
/* page_activate.c — the models of the activation link's pages
 * (pages_keys.h): the code and the choice of key (activate.html), the
 * second step of the authenticator app (activate_totp.html, its QR code
 * drawn here), of the e-mail code (activate_email.html) and of the passkey
 * (activate_passkey.html), the key made (key_done.html, key_summary.html),
 * and the pages that only say something (key_message.html). */
#include "auth/dk_auth_password.h"
#include "auth/dk_auth_qr.h"
#include "core/dk_log.h"
#include "i18n/dk_i18n.h"
#include "pages_keys.h"

#include <string.h>

const char *const dk_page_key_types[] = {"totp", "email", "passkey", "password", NULL};

int dk_page_key_type_known(const char *type)
{
    for (const char *const *t = dk_page_key_types; type && *t; t++)
        if (!strcmp(type, *t))
            return 1;
    return 0;
}

static json_t *opt(const char *s)
{
    return s ? dk_page_str(s) : json_null();
}

static json_t *sentence(dk_page_sentence s)
{
    return s.key ? json_pack("{s:s, s:o}", "key", s.key, "arg", opt(s.arg)) : json_null();
}

/* DK_SUPPORT_URL as the help_desk partial takes it: absent when empty. */
static json_t *support(const char *url)
{
    return url && *url ? dk_page_str(url) : json_null();
}

/* The level a key type reaches (DESIGN12.md "Assurance levels"). */
static const char *type_level(const char *type)
{
    if (!strcmp(type, "password"))
        return "low";
    if (!strcmp(type, "email"))
        return "low_email_code";
    return "substantial";
}

/* One offered key: its words and its level. */
static json_t *choice(const char *lang, const char *type, const char *chosen, int first)
{
    char label[48], desc[48], level[48];
    snprintf(label, sizeof label, "activate.choice_%s", type);
    snprintf(desc, sizeof desc, "activate.choice_%s_desc", type);
    snprintf(level, sizeof level, "keys.level.%s", type_level(type));
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "value", type, "label_key", label,
                     "desc_key", desc, "level_name", dk_i18n_text(lang, level), "checked",
                     chosen && !strcmp(chosen, type), "first", first);
}

/* The seed's two groups, with the passkey between them: keys with a
 * security code first (the seed's advice), the password alone last. */
static json_t *groups(const char *lang, const char *chosen)
{
    return json_pack("[{s:s, s:[o, o]}, {s:s, s:[o]}, {s:s, s:[o]}]", "heading_key",
                     "activate.group_code", "choices", choice(lang, "totp", chosen, 1),
                     choice(lang, "email", chosen, 0), "heading_key", "activate.group_passkey",
                     "choices", choice(lang, "passkey", chosen, 0), "heading_key",
                     "activate.group_password", "choices", choice(lang, "password", chosen, 0));
}

int dk_page_render_activate(dk_buf *out, const dk_activate_model *m)
{
    json_t *vars = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i}", "title_key",
        "activate.title", "csrf", dk_page_str(m->csrf), "support_url", support(m->support_url),
        "banner", sentence(m->banner), "code_error", opt(m->code_error), "choice_error",
        opt(m->choice_error), "groups", groups(m->lang, m->key_type), "password_error",
        opt(m->password_error), "repeat_error", opt(m->repeat_error), "identifier",
        opt(m->identifier), "with_second", DK_AUTH_PASSWORD_MIN_WITH_SECOND, "alone",
        DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR);
    return dk_page_render_template(out, "activate", m->lang, m->path, vars);
}

/* The base32 secret in groups of four, as apps accept it typed. */
static json_t *grouped(const char *secret)
{
    dk_buf b = DK_BUF_INIT;
    for (size_t i = 0; secret[i]; i++) {
        if (i && i % 4 == 0)
            dk_buf_puts(&b, " ");
        dk_buf_append(&b, secret + i, 1);
    }
    json_t *s = b.failed ? NULL : dk_page_str(b.data ? b.data : "");
    dk_buf_free(&b);
    return s;
}

int dk_page_render_activate_totp(dk_buf *out, const dk_activate_totp_model *m)
{
    json_t *qr = json_null(), *secret = json_null();
    if (m->otpauth_uri && m->secret) {
        dk_buf svg = DK_BUF_INIT;
        qr = dk_auth_qr_svg(&svg, m->otpauth_uri, dk_i18n_text(m->lang, "activate.qr_label")) == 0
                 ? json_string(svg.data)
                 : NULL;
        dk_buf_free(&svg);
        secret = grouped(m->secret);
    }
    json_t *vars = json_pack("{s:s, s:o, s:o, s:o, s:o*, s:o*, s:o, s:b}", "title_key",
                             "activate.totp_title", "csrf", dk_page_str(m->csrf), "support_url",
                             support(m->support_url), "banner", sentence(m->banner), "qr", qr,
                             "secret", secret, "secret_raw", opt(m->secret), "wrong", m->wrong);
    /* A QR code that could not be drawn is a failed page, not a page
     * without it. */
    if (vars && (!json_object_get(vars, "qr") || !json_object_get(vars, "secret"))) {
        json_decref(vars);
        vars = NULL;
    }
    return dk_page_render_template(out, "activate_totp", m->lang, m->path, vars);
}

int dk_page_render_activate_email(dk_buf *out, const dk_activate_email_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:o, s:o, s:o, s:i, s:b}", "title_key", "activate.email_title", "csrf",
                  dk_page_str(m->csrf), "support_url", support(m->support_url), "banner",
                  sentence(m->banner), "minutes", m->minutes, "wrong", m->wrong);
    return dk_page_render_template(out, "activate_email", m->lang, m->path, vars);
}

int dk_page_render_activate_passkey(dk_buf *out, const dk_activate_passkey_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:o, s:o, s:o, s:o}", "title_key", "activate.passkey_title", "csrf",
                  dk_page_str(m->csrf), "support_url", support(m->support_url), "banner",
                  sentence(m->banner), "options", dk_page_str(m->options ? m->options : ""));
    return dk_page_render_template(out, "activate_passkey", m->lang, m->path, vars);
}

/* The key_summary partial's values; NULL for a type or level we do not
 * know (nothing is shown then: the page fails). */
static json_t *summary(const dk_key_result_model *m, const char *title_key)
{
    static const char *const levels[] = {"low", "substantial", "low_email_code", NULL};
    int known = 0;
    for (const char *const *l = levels; m->level && *l; l++)
        known |= !strcmp(m->level, *l);
    if (!known || !dk_page_key_type_known(m->key_type)) {
        dk_log(DK_LOG_ERROR, "page_key_unknown", "a key type or level no page names");
        return NULL;
    }
    char type_key[48], level_key[48], text_key[48];
    snprintf(type_key, sizeof type_key, "keys.type.%s", m->key_type);
    snprintf(level_key, sizeof level_key, "keys.level.%s", m->level);
    snprintf(text_key, sizeof text_key, "keys.level_text.%s", m->level);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "title_key", title_key, "key_type",
                     m->key_type, "level", m->level, "type_key", type_key, "level_key", level_key,
                     "level_text_key", text_key, "identifier", opt(m->identifier));
}

int dk_page_render_key_done(dk_buf *out, const dk_key_result_model *m)
{
    json_t *vars = summary(m, "activate.done_title");
    if (vars) /* a passkey has no password to keep to oneself */
        json_object_set_new(vars, "next_key",
                            json_string(!strcmp(m->key_type, "passkey")
                                            ? "activate.done_next_passkey"
                                            : "activate.done_next"));
    return dk_page_render_template(out, "key_done", m->lang, m->path, vars);
}

int dk_page_render_signin_result(dk_buf *out, const dk_key_result_model *m)
{
    return dk_page_render_template(out, "signin_result", m->lang, m->path,
                                   summary(m, "signin.ok_title"));
}

int dk_page_render_key_message(dk_buf *out, const dk_key_message_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b}", "title_key", m->title_key, "reason",
                  m->reason ? m->reason : "", "lead", sentence(m->lead), "support_url",
                  support(m->support_url), "back_key", opt(m->back_key), "link_back",
                  m->back_key != NULL, "link_signin", m->link_signin, "link_new", m->link_new);
    return dk_page_render_template(out, "key_message", m->lang, m->path, vars);
}
