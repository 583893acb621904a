/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_i18n.c — lookups in the catalogue tables generated from po/ (see
 * dk_i18n.h): a language by its code, a key by binary search. */
#include "i18n/dk_i18n.h"

#include "i18n/dk_i18n_tables.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

size_t dk_i18n_lang_count(void)
{
    return dk_i18n_nlangs;
}

const char *dk_i18n_lang(size_t i)
{
    return i < dk_i18n_nlangs ? dk_i18n_lang_codes[i] : NULL;
}

/* The language's row, or -1. */
static long lang_index(const char *lang)
{
    for (size_t i = 0; lang && i < dk_i18n_nlangs; i++)
        if (strcmp(dk_i18n_lang_codes[i], lang) == 0)
            return (long)i;
    return -1;
}

int dk_i18n_lang_known(const char *lang)
{
    return lang_index(lang) >= 0;
}

const char *dk_i18n_lang_or_default(const char *lang)
{
    return dk_i18n_lang_known(lang) ? lang : DK_I18N_DEFAULT_LANG;
}

static int cmp_key(const void *key, const void *name)
{
    return strcmp(key, *(const char *const *)name);
}

/* The key's column, or -1. */
static long key_index(const char *key)
{
    if (!key)
        return -1;
    const char *const *at =
        bsearch(key, dk_i18n_key_names, dk_i18n_nkeys, sizeof dk_i18n_key_names[0], cmp_key);
    return at ? (long)(at - dk_i18n_key_names) : -1;
}

int dk_i18n_has(const char *key)
{
    return key_index(key) >= 0;
}

const char *dk_i18n_text(const char *lang, const char *key)
{
    long k = key_index(key), l = lang_index(lang);
    if (k < 0)
        return key;
    return dk_i18n_texts[(size_t)(l < 0 ? 0 : l) * dk_i18n_nkeys + (size_t)k];
}

size_t dk_i18n_key_count(void)
{
    return dk_i18n_nkeys;
}

const char *dk_i18n_key(size_t i)
{
    return i < dk_i18n_nkeys ? dk_i18n_key_names[i] : NULL;
}

const char *dk_i18n_format(const char *lang, const char *key, const char *english)
{
    const char *t = dk_i18n_text(lang, key);
    return t == key ? english : t;
}

int dk_i18n_appendf(dk_buf *b, const char *lang, const char *key, const char *english, ...)
{
    va_list ap;
    va_start(ap, english);
    int rc = dk_buf_vappendf(b, dk_i18n_format(lang, key, english), ap);
    va_end(ap);
    return rc;
}
