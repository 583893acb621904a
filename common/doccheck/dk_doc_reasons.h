/* dk_doc_reasons.h — what each document-image rejection code means to the
 * applicant, and how to fix it, in Dutch, French and English: used by the
 * rejection e-mail and the self-service page alike. */
#ifndef DK_DOC_REASONS_H
#define DK_DOC_REASONS_H

#include <stddef.h>

typedef struct {
    const char *code;
    const char *problem[3]; /* nl, fr, en; "{max}" stands for the upload limit */
    const char *fix[3];
} dk_doc_reason;

/* The entry for code, or NULL when the code is unknown. */
const dk_doc_reason *dk_doc_reason_find(const char *code);

/* The problem sentence in lang ("nl", "fr", "en"; else English) into out,
 * the upload limit in words where the table says {max} ("10 MB"). */
void dk_doc_reason_problem(const dk_doc_reason *r, const char *lang, char *out, size_t n);

/* The fix sentence in lang. */
const char *dk_doc_reason_fix(const dk_doc_reason *r, const char *lang);

/* [{"code","problem","fix"}, …] in lang for an array of codes (unknown
 * codes are skipped), for mails and the self-service page. */
#include <jansson.h>
json_t *dk_doc_reasons_json(const json_t *codes, const char *lang);

/* All entries, terminated by one whose code is NULL. */
extern const dk_doc_reason dk_doc_reasons[];

#endif
