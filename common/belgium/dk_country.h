/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_country.h — ISO 3166-1 alpha-2 country codes: validity and names in
 * English, Dutch and French, from a table generated once from Debian's
 * iso-codes and its translations (see common/belgium/dk_country_table.c and
 * infra/gen_country_table.sh), plus each language's list in reading order. */
#ifndef DK_COUNTRY_H
#define DK_COUNTRY_H

#include <stddef.h>

/* One code and its names (UTF-8). nl and fr are iso-codes' translations of
 * the English name; where a catalog has none they are the English name, so no
 * name is ever NULL or empty. */
typedef struct {
    char alpha2[3];   /* "BE" */
    const char *name; /* English: "Belgium" */
    const char *nl;   /* Dutch: "België" */
    const char *fr;   /* French: "Belgique" */
} dk_country_entry;

/* Every officially assigned code, sorted by alpha2 (strcmp order). */
extern const dk_country_entry dk_country_table[];
extern const size_t dk_country_table_len;

/* 1 when alpha2 is exactly two upper-case ASCII letters forming an officially
 * assigned ISO 3166-1 code, else 0. User-assigned (XK), reserved (UK, EU) and
 * withdrawn codes (SU, YU, CS, DD) are not valid. */
int dk_country_valid(const char *alpha2);

/* The English short name of a valid code (a static string), or NULL. */
const char *dk_country_name(const char *alpha2);

/* The name of a valid code in lang: "nl", "fr" or "en"; any other lang
 * (NULL included) gives English. NULL for an invalid code. */
const char *dk_country_name_in(const char *alpha2, const char *lang);

/* The name of e in lang, as dk_country_name_in(). */
const char *dk_country_entry_name(const dk_country_entry *e, const char *lang);

/* All dk_country_table_len entries ordered by their name in lang (as
 * dk_country_name_in() picks it) for a reader of that language: accents and
 * case do not change the order (dk_collate_cmp). Built once, on first use,
 * thread-safe; the array is static and never NULL. */
const dk_country_entry *const *dk_country_by_name(const char *lang);

#endif
