/* dk_country.h — ISO 3166-1 alpha-2 country codes: validity and English
 * names, from a table generated once from Debian's iso-codes (see
 * common/dk_country_table.c and infra/gen_country_table.sh). */
#ifndef DK_COUNTRY_H
#define DK_COUNTRY_H

#include <stddef.h>

typedef struct {
    char alpha2[3];   /* "BE" */
    const char *name; /* "Belgium" (UTF-8) */
} dk_country_entry;

/* Every officially assigned code, sorted by alpha2 (strcmp order); e.g. for
 * building a drop-down list. */
extern const dk_country_entry dk_country_table[];
extern const size_t dk_country_table_len;

/* 1 when alpha2 is exactly two upper-case ASCII letters forming an officially
 * assigned ISO 3166-1 code, else 0. User-assigned (XK), reserved (UK, EU) and
 * withdrawn codes (SU, YU, CS, DD) are not valid. */
int dk_country_valid(const char *alpha2);

/* The English short name of a valid code (a static string), or NULL. */
const char *dk_country_name(const char *alpha2);

#endif
