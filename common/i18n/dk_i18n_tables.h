/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_i18n_tables.h — the tables infra/gen_i18n.c generates from po/ into
 * $(BUILD)/gen/dk_i18n_gen.c; only dk_i18n.c reads them. */
#ifndef DK_I18N_TABLES_H
#define DK_I18N_TABLES_H

#include <stddef.h>

/* Languages: "en" (the template's msgids) first, then one per po/<lang>.po. */
extern const size_t dk_i18n_nlangs;
extern const char *const dk_i18n_lang_codes[];

/* The keys (msgctxt), sorted by strcmp. */
extern const size_t dk_i18n_nkeys;
extern const char *const dk_i18n_key_names[];

/* The text of key k in language l: dk_i18n_texts[l * dk_i18n_nkeys + k]. */
extern const char *const dk_i18n_texts[];

#endif
