/* i18n.h — the words of the applicant's pages in Dutch, French and English. */
#ifndef DK_INTAKE_I18N_H
#define DK_INTAKE_I18N_H

#include "core/dk_buf.h"

/* The text for key in lang ("nl", "fr", "en"; anything else gives "en").
 * Never NULL: an unknown key gives the key itself (a test checks none is). */
const char *dk_t(const char *lang, const char *key);

/* lang when it is one of ours, else "nl" (the service's first language). */
const char *dk_lang_or_default(const char *lang);

/* The keys, NULL-terminated (for the completeness test). */
extern const char *const dk_i18n_keys[];

/* Appends the text for key with its printf-style arguments filled in. The
 * formats are our own table's, never a user's. */
void dk_t_appendf(dk_buf *b, const char *lang, const char *key, ...);

#endif
