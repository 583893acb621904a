/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_state.c — between the request's ISO 3166-1 alpha-2 codes and the
 * codes an MRZ writes for issuing states and nationalities (alpha-3, and
 * "D" for Germany, filled to "D<<"), over the generated table. */
#include "mrz/dk_mrz_internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_alpha2(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const dk_mrz_state *)elem)->alpha2);
}

const char *dk_mrz_state_of_alpha2(const char *alpha2)
{
    if (alpha2 == NULL || strlen(alpha2) != 2)
        return NULL;
    const dk_mrz_state *s = bsearch(alpha2, dk_mrz_state_table, dk_mrz_state_table_len,
                                    sizeof dk_mrz_state_table[0], cmp_alpha2);
    return s ? s->mrz : NULL;
}

const char *dk_mrz_state_alpha2(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == '<')
        n--;
    if (n == 0 || n > 3)
        return NULL;
    char code[4];
    memcpy(code, s, n);
    code[n] = '\0';
    if (strcmp(code, "DEU") == 0) /* ISO's code, on documents of other states' making */
        return "DE";
    for (size_t i = 0; i < dk_mrz_state_table_len; i++)
        if (strcmp(dk_mrz_state_table[i].mrz, code) == 0)
            return dk_mrz_state_table[i].alpha2;
    return NULL;
}
