/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_upload_limit.h — the one limit on an identity-document image, read from
 * DK_UPLOAD_MAX: the intake accepts up to it, the document store keeps up to
 * it, the document check judges "too_large" past it, and the sentences that
 * tell the applicant ("larger than 10 MB") state it
 * (dk_i18n_size_words). Raising the setting
 * raises it everywhere at once. */
#ifndef DK_UPLOAD_LIMIT_H
#define DK_UPLOAD_LIMIT_H

#include <stddef.h>

/* DK_UPLOAD_MAX in bytes. */
size_t dk_upload_max(void);

#endif
