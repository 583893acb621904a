/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_collate.h — a locale-free sort order for names shown to Dutch, French
 * and English readers (the country list of the form): accents and case do not
 * change the order, so "Égypte" sorts among the E and "île Bouvet" next to
 * "Îles Marshall". No system locale is needed (none is installed). */
#ifndef DK_COLLATE_H
#define DK_COLLATE_H

/* Compares two NUL-terminated UTF-8 strings as a reader expects: first on a
 * folded key — ASCII letters lower-cased; the letters of Latin-1 and Latin
 * Extended-A (U+00C0..U+017F) reduced to their lower-case base letter
 * ("É" → "e", "Å" → "a", "ç" → "c"), "Æ"/"æ" → "ae", "Œ"/"œ" → "oe",
 * "ß" → "ss", "Þ"/"þ" → "th", "Ĳ"/"ĳ" → "ij"; every other byte compared as
 * it is — then, for equal keys, on the plain bytes (strcmp), so the order is
 * total and stable. Returns <0, 0 or >0 like strcmp (-1, 0 or 1). */
int dk_collate_cmp(const char *a, const char *b);

#endif
