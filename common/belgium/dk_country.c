/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_country.c — binary search over the generated ISO 3166-1 table for
 * dk_country_valid() and the names, and the table ordered by name once per
 * language for drop-down lists. */
#include "belgium/dk_country.h"

#include "belgium/dk_collate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int cmp_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const dk_country_entry *)elem)->alpha2);
}

static const dk_country_entry *find(const char *alpha2)
{
    if (alpha2 == NULL || alpha2[0] < 'A' || alpha2[0] > 'Z' || alpha2[1] < 'A' ||
        alpha2[1] > 'Z' || alpha2[2] != '\0')
        return NULL;
    return bsearch(alpha2, dk_country_table, dk_country_table_len, sizeof dk_country_table[0],
                   cmp_code);
}

int dk_country_valid(const char *alpha2)
{
    return find(alpha2) != NULL;
}

const char *dk_country_name(const char *alpha2)
{
    const dk_country_entry *e = find(alpha2);
    return e ? e->name : NULL;
}

/* The languages with their own names; index 0 (English) for anything else. */
enum { LANG_EN, LANG_NL, LANG_FR, NLANGS };

static int lang_index(const char *lang)
{
    if (lang != NULL && strcmp(lang, "nl") == 0)
        return LANG_NL;
    if (lang != NULL && strcmp(lang, "fr") == 0)
        return LANG_FR;
    return LANG_EN;
}

static const char *name_at(const dk_country_entry *e, int lang)
{
    return lang == LANG_NL ? e->nl : lang == LANG_FR ? e->fr : e->name;
}

const char *dk_country_entry_name(const dk_country_entry *e, const char *lang)
{
    return name_at(e, lang_index(lang));
}

const char *dk_country_name_in(const char *alpha2, const char *lang)
{
    const dk_country_entry *e = find(alpha2);
    return e ? dk_country_entry_name(e, lang) : NULL;
}

/* ---- the table by name, one array per language, built once ---- */

/* Room for every possible two-letter code, so no allocation can fail. */
#define MAX_CODES (26 * 26)
static const dk_country_entry *by_name[NLANGS][MAX_CODES];

static int cmp_in(const void *a, const void *b, int lang)
{
    return dk_collate_cmp(name_at(*(const dk_country_entry *const *)a, lang),
                          name_at(*(const dk_country_entry *const *)b, lang));
}
static int cmp_en(const void *a, const void *b)
{
    return cmp_in(a, b, LANG_EN);
}
static int cmp_nl(const void *a, const void *b)
{
    return cmp_in(a, b, LANG_NL);
}
static int cmp_fr(const void *a, const void *b)
{
    return cmp_in(a, b, LANG_FR);
}

static void sort_by_name(void)
{
    static int (*const cmp[NLANGS])(const void *, const void *) = {cmp_en, cmp_nl, cmp_fr};
    for (int l = 0; l < NLANGS; l++) {
        for (size_t i = 0; i < dk_country_table_len; i++)
            by_name[l][i] = &dk_country_table[i];
        qsort(by_name[l], dk_country_table_len, sizeof by_name[l][0], cmp[l]);
    }
}

const dk_country_entry *const *dk_country_by_name(const char *lang)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sort_by_name);
    return by_name[lang_index(lang)];
}
