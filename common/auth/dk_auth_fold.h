/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_fold.h — inside common/auth: text in the one form the password
 * rules compare (NFKC, Unicode case folding, as code points), shared by the
 * rules and the blocklist lookup so both fold alike. Not a public header. */
#ifndef DK_AUTH_FOLD_H
#define DK_AUTH_FOLD_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t *cp; /* malloc'd code points, wiped by dk_auth_fold_free */
    size_t n;
} dk_auth_folded;

/* Folds n bytes of valid UTF-8 at s. 0, or -1 (f empty) when s is not valid
 * UTF-8 or memory ran out. n == 0 gives an empty f (cp may be NULL). */
int dk_auth_fold(const char *s, size_t n, dk_auth_folded *f);

/* Wipes and frees f's code points; f is left empty. */
void dk_auth_fold_free(dk_auth_folded *f);

/* 1 when the n code points at cp, as UTF-8, are in the blocklist. */
int dk_auth_blocklist_has_cp(const uint32_t *cp, size_t n);

#endif
