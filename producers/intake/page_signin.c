/* SPDX-License-Identifier: EUPL-1.2 */
/* page_signin.c — the models of the sign-in check's pages (pages_keys.h):
 * the form with the passkey button (signin.html) and the e-mail code's
 * second step (signin_code.html); the result is key_summary's, in
 * page_activate.c. */
#include "pages_keys.h"

static json_t *sentence(dk_page_sentence s)
{
    return s.key ? json_pack("{s:s, s:o}", "key", s.key, "arg",
                             s.arg ? dk_page_str(s.arg) : json_null())
                 : json_null();
}

int dk_page_render_signin(dk_buf *out, const dk_signin_model *m)
{
    json_t *vars = json_pack(
        "{s:s, s:o, s:o, s:o, s:o}", "title_key", "signin.title", "csrf", dk_page_str(m->csrf),
        "support_url",
        m->support_url && *m->support_url ? dk_page_str(m->support_url) : json_null(), "banner",
        sentence(m->banner), "identifier", dk_page_str(m->identifier ? m->identifier : ""));
    return dk_page_render_template(out, "signin", m->lang, "/signin", vars);
}

int dk_page_render_signin_code(dk_buf *out, const dk_signin_code_model *m)
{
    json_t *vars =
        json_pack("{s:s, s:o, s:o, s:i, s:b}", "title_key", "activate.email_title", "csrf",
                  dk_page_str(m->csrf), "continuation", dk_page_str(m->continuation), "minutes",
                  m->minutes, "wrong", m->wrong);
    return dk_page_render_template(out, "signin_code", m->lang, "/signin", vars);
}
