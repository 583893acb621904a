/* dk_country.c — binary search over the generated ISO 3166-1 table for
 * dk_country_valid() and the names. */
#include "dk_country.h"

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

int dk_country_valid(const char *alpha2) { return find(alpha2) != NULL; }

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
