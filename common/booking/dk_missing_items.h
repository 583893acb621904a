/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_missing_items.h — what an interviewer can record as missing when an
 * interview ends with "missing information" (issue 10), each item a code
 * with two sentences of the message catalogue in every language: what is
 * missing (interview.missing.<code>.item) and what to bring to the next
 * interview (interview.missing.<code>.bring). The console offers the codes
 * to choose from; the e-mail to the applicant gives both sentences. */
#ifndef DK_MISSING_ITEMS_H
#define DK_MISSING_ITEMS_H

#include <jansson.h>
#include <stddef.h>

/* The codes, in the order the console and the e-mail list them; the last
 * entry is NULL. */
extern const char *const dk_missing_item_codes[];

/* 1 when code is one of dk_missing_item_codes. */
int dk_missing_item_known(const char *code);

/* The sentence saying what is missing, in lang (English for a language the
 * catalogue lacks), or NULL for an unknown code. */
const char *dk_missing_item_text(const char *code, const char *lang);

/* The sentence saying what to bring, in lang, or NULL for an unknown code. */
const char *dk_missing_item_bring(const char *code, const char *lang);

/* [{"item","bring"}, ...] in lang for codes (a JSON array of strings), in
 * the order given, a repeated code once. NULL with a message in err when
 * codes is not an array of known codes or is empty. */
json_t *dk_missing_items_json(const json_t *codes, const char *lang, char *err, size_t errlen);

#endif
