/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_reasons.c — the rejection codes of the document check in plain
 * words, looked up in the message catalogue. */
#include "doccheck/dk_doc_reasons.h"

#include "core/dk_upload_limit.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

/* The codes of the document check (dk_doc.h), and "expired": the MRZ shows
 * the document no longer valid on the interview's day (dk-docchecker
 * refuses it like an unusable photo); their words are in po/. */
const dk_doc_reason dk_doc_reasons[] = {
    {"too_large"},
    {"unsupported_format"},
    {"corrupt"},
    {"too_many_pixels"},
    {"too_small_resolution"},
    {"greyscale"},
    {"blurred"},
    {"glare"},
    {"too_dark"},
    {"overexposed"},
    {"not_in_frame"},
    {"expired"},
    {NULL},
};

/* The catalogue's text of one part ("problem", "fix") of a reason. */
static const char *reason_text(const dk_doc_reason *r, const char *part, const char *lang)
{
    char key[96];
    if ((size_t)snprintf(key, sizeof key, "document.%s.%s", r->code, part) >= sizeof key)
        return "";
    return dk_i18n_text(lang, key);
}

const dk_doc_reason *dk_doc_reason_find(const char *code)
{
    for (const dk_doc_reason *r = dk_doc_reasons; code && r->code; r++)
        if (strcmp(r->code, code) == 0)
            return r;
    return NULL;
}

void dk_doc_reason_problem(const dk_doc_reason *r, const char *lang, char *out, size_t n)
{
    const char *text = reason_text(r, "problem", lang);
    const char *at = strstr(text, "{max}");
    if (!at) {
        snprintf(out, n, "%s", text);
        return;
    }
    char size[32];
    dk_i18n_size_words(dk_upload_max(), lang, size, sizeof size);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, size, at + 5);
}

const char *dk_doc_reason_fix(const dk_doc_reason *r, const char *lang)
{
    return reason_text(r, "fix", lang);
}

json_t *dk_doc_reasons_json(const json_t *codes, const char *lang)
{
    json_t *out = json_array();
    size_t i;
    const json_t *code;
    json_array_foreach(codes, i, code)
    {
        const dk_doc_reason *r = dk_doc_reason_find(json_string_value(code));
        char problem[512];
        if (!r)
            continue;
        dk_doc_reason_problem(r, lang, problem, sizeof problem);
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "code", r->code, "problem", problem,
                                             "fix", dk_doc_reason_fix(r, lang)));
    }
    return out;
}
