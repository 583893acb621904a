/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_blocklist.c — looking a folded text up in the blocklist that
 * infra/gen_blocklist.sh embedded from common/auth/blocklist/. */
#include "auth/dk_auth_fold.h"
#include "auth/dk_auth_password.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

int dk_auth_fold(const char *s, size_t n, dk_auth_folded *f)
{
    f->cp = NULL;
    f->n = 0;
    if (n == 0)
        return 0;
    if (u8_check((const uint8_t *)s, n) != NULL)
        return -1;
    size_t len8 = 0;
    uint8_t *u8 = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFKC, NULL, &len8);
    if (!u8)
        return -1;
    size_t len32 = 0;
    uint32_t *u32 = len8 ? u8_to_u32(u8, len8, NULL, &len32) : NULL;
    OPENSSL_cleanse(u8, len8);
    free(u8);
    if (len8 && !u32)
        return -1;
    f->cp = u32;
    f->n = len32;
    return 0;
}

void dk_auth_fold_free(dk_auth_folded *f)
{
    if (f->cp) {
        OPENSSL_cleanse(f->cp, f->n * sizeof *f->cp);
        free(f->cp);
    }
    f->cp = NULL;
    f->n = 0;
}

static int compare_entry(const void *key, const void *entry)
{
    return strcmp((const char *)key, *(const char *const *)entry);
}

int dk_auth_blocklist_has(const char *s)
{
    return s && bsearch(s, dk_auth_blocklist, dk_auth_blocklist_count, sizeof dk_auth_blocklist[0],
                        compare_entry) != NULL;
}

int dk_auth_blocklist_has_cp(const uint32_t *cp, size_t n)
{
    /* Passwords are at most DK_AUTH_PASSWORD_MAX_BYTES long; folding may
     * lengthen them a little (ß is ss), never past this. */
    uint8_t text[8 * DK_AUTH_PASSWORD_MAX_BYTES + 1];
    size_t len = sizeof text - 1;
    if (n == 0 || n > DK_AUTH_PASSWORD_MAX_BYTES * 2)
        return 0;
    uint8_t *u8 = u32_to_u8(cp, n, text, &len);
    if (!u8)
        return 0;
    int found = 0;
    if (u8 == text) {
        text[len] = '\0';
        found = dk_auth_blocklist_has((const char *)text);
    }
    OPENSSL_cleanse(u8, len);
    if (u8 != text)
        free(u8);
    return found;
}
