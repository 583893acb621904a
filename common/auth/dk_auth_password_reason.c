/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_password_reason.c — why a password was refused: a code for APIs
 * and logs, and a sentence from the message catalogue (po/, password.*) for
 * the person who typed it. */
#include "auth/dk_auth_password.h"

#include "i18n/dk_i18n.h"

const char *dk_auth_password_reason_code(dk_auth_pw_reason r)
{
    switch (r) {
    case DK_AUTH_PW_OK:
        return "ok";
    case DK_AUTH_PW_TOO_SHORT:
        return "too_short";
    case DK_AUTH_PW_TOO_LONG:
        return "too_long";
    case DK_AUTH_PW_NOT_TEXT:
        return "not_text";
    case DK_AUTH_PW_BLOCKLISTED:
        return "blocklisted";
    case DK_AUTH_PW_CONTAINS_CONTEXT:
        return "contains_context";
    case DK_AUTH_PW_REPETITIVE:
        return "repetitive";
    }
    return "unknown";
}

const char *dk_auth_password_reason_key(dk_auth_pw_reason r)
{
    switch (r) {
    case DK_AUTH_PW_OK:
        return NULL;
    case DK_AUTH_PW_TOO_SHORT:
        return "password.too_short";
    case DK_AUTH_PW_TOO_LONG:
        return "password.too_long";
    case DK_AUTH_PW_NOT_TEXT:
        return "password.not_text";
    case DK_AUTH_PW_BLOCKLISTED:
        return "password.blocklisted";
    case DK_AUTH_PW_CONTAINS_CONTEXT:
        return "password.contains_context";
    case DK_AUTH_PW_REPETITIVE:
        return "password.repetitive";
    }
    return NULL;
}

int dk_auth_password_reason_append(dk_buf *b, const char *lang, dk_auth_pw_reason r, int min_chars)
{
    if (min_chars < 1)
        min_chars = 1;
    if (min_chars > DK_AUTH_PASSWORD_MAX_CHARS)
        min_chars = DK_AUTH_PASSWORD_MAX_CHARS;
    switch (r) {
    case DK_AUTH_PW_OK:
        return -1;
    case DK_AUTH_PW_TOO_SHORT:
        return DK_I18N_APPENDF(b, lang, password_too_short, min_chars);
    case DK_AUTH_PW_TOO_LONG:
        return DK_I18N_APPENDF(b, lang, password_too_long, DK_AUTH_PASSWORD_MAX_CHARS);
    case DK_AUTH_PW_NOT_TEXT:
    case DK_AUTH_PW_BLOCKLISTED:
    case DK_AUTH_PW_CONTAINS_CONTEXT:
    case DK_AUTH_PW_REPETITIVE:
        return dk_buf_puts(b, dk_i18n_text(lang, dk_auth_password_reason_key(r)));
    }
    return -1;
}
