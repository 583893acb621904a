/* dk_upload_limit.h — the one limit on an identity-document image, read from
 * DK_UPLOAD_MAX: the intake accepts up to it, the document store keeps up to
 * it, the document check judges "too_large" past it, and the sentences that
 * tell the applicant ("larger than 10 MB") state it. Raising the setting
 * raises it everywhere at once. */
#ifndef DK_UPLOAD_LIMIT_H
#define DK_UPLOAD_LIMIT_H

#include <stddef.h>

/* DK_UPLOAD_MAX in bytes. */
size_t dk_upload_max(void);

/* A size in words for the applicant, in megabytes of 2^20 bytes as phones
 * show them: "10 MB", "12,5 Mo" (nl: MB, fr: Mo, else MB; one decimal,
 * truncated, only when it is not whole, the comma in nl and fr); under one
 * megabyte in kilobytes ("64 kB", "64 ko"). */
void dk_upload_size_words(size_t bytes, const char *lang, char *out, size_t n);

#endif
