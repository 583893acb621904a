/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_missing_items.c — the items an interview can find missing, in plain
 * words from the message catalogue (see dk_missing_items.h). */
#include "booking/dk_missing_items.h"

#include "core/dk_err.h"
#include "i18n/dk_i18n.h"

#include <stdio.h>
#include <string.h>

const char *const dk_missing_item_codes[] = {
    "primary_document",  /* not a passport or a European identity card */
    "valid_document",    /* the document has expired */
    "original_document", /* only a copy, a photo or a scan was shown */
    "document_back",     /* the back of the identity card was not shown */
    "document_photo",    /* the uploaded photo cannot be used */
    "personal_data",     /* the request's data differ from the document */
    "national_number",   /* INSZ/NISS or BIS number needed for the registers */
    "video",             /* the applicant could not be seen or heard well */
    "other",             /* said in the interviewer's note (then required) */
    NULL,
};

int dk_missing_item_known(const char *code)
{
    for (const char *const *c = dk_missing_item_codes; code && *c; c++)
        if (strcmp(*c, code) == 0)
            return 1;
    return 0;
}

static const char *part(const char *code, const char *what, const char *lang)
{
    char key[96];
    if (!dk_missing_item_known(code) ||
        (size_t)snprintf(key, sizeof key, "interview.missing.%s.%s", code, what) >= sizeof key)
        return NULL;
    return dk_i18n_text(lang, key);
}

const char *dk_missing_item_text(const char *code, const char *lang)
{
    return part(code, "item", lang);
}

const char *dk_missing_item_bring(const char *code, const char *lang)
{
    return part(code, "bring", lang);
}

json_t *dk_missing_items_json(const json_t *codes, const char *lang, char *err, size_t errlen)
{
    if (!json_is_array(codes) || json_array_size(codes) == 0) {
        dk_errf(err, errlen, "the missing items must be a non-empty array of codes");
        return NULL;
    }
    json_t *out = json_array();
    int seen[sizeof dk_missing_item_codes / sizeof dk_missing_item_codes[0]] = {0};
    size_t i;
    const json_t *code;
    json_array_foreach(codes, i, code)
    {
        const char *c = json_string_value(code);
        size_t k = 0;
        while (c && dk_missing_item_codes[k] && strcmp(dk_missing_item_codes[k], c) != 0)
            k++;
        if (!c || !dk_missing_item_codes[k]) {
            dk_errf(err, errlen, "missing item %zu is not one of the known codes", i);
            json_decref(out);
            return NULL;
        }
        if (seen[k]++)
            continue;
        if (!out || json_array_append_new(out, json_pack("{s:s, s:s}", "item",
                                                         dk_missing_item_text(c, lang), "bring",
                                                         dk_missing_item_bring(c, lang))) != 0) {
            dk_errf(err, errlen, "out of memory");
            json_decref(out);
            return NULL;
        }
    }
    return out;
}
