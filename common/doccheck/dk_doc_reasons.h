/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_reasons.h — what each document-image rejection code means to the
 * applicant, and how to fix it, in every language of the message catalogue
 * (po/, keys document.<code>.problem and document.<code>.fix): used by the
 * rejection e-mail and the self-service page alike. */
#ifndef DK_DOC_REASONS_H
#define DK_DOC_REASONS_H

#include <jansson.h>
#include <stddef.h>

typedef struct {
    const char *code;
} dk_doc_reason;

/* The entry for code, or NULL when the code is unknown. */
const dk_doc_reason *dk_doc_reason_find(const char *code);

/* The problem sentence in lang (a language the catalogue lacks gives
 * English) into out, the upload limit in words where it says {max} ("10 MB"). */
void dk_doc_reason_problem(const dk_doc_reason *r, const char *lang, char *out, size_t n);

/* The fix sentence in lang. */
const char *dk_doc_reason_fix(const dk_doc_reason *r, const char *lang);

/* [{"code","problem","fix"}, …] in lang for an array of codes (unknown
 * codes are skipped), for mails and the self-service page. */
json_t *dk_doc_reasons_json(const json_t *codes, const char *lang);

/* All entries, terminated by one whose code is NULL. */
extern const dk_doc_reason dk_doc_reasons[];

#endif
