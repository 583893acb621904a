/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_name.h — what a person's name or a place name may contain. The names
 * an applicant types are quoted in the e-mails the service sends from its
 * own address; a "name" that holds a link, a phone number or a sentence
 * would reach the applicant as the service's words, so names hold only what
 * names are made of. */
#ifndef DK_NAME_H
#define DK_NAME_H

#include <stddef.h>

/* At most this many combining marks on one letter: deeper than any script
 * stacks them (Vietnamese 2, Hebrew or Tibetan 3 or 4), shallow enough that
 * marks cannot pile up over the lines around the name. */
#define DK_NAME_MAX_MARKS 8

/* 1 when the n bytes at s, once spaces (U+0020) at both ends are set aside,
 * are a name; 0 otherwise (an empty or all-space string is not a name).
 * A name is words of letters of any script (general category L*), each
 * letter with up to DK_NAME_MAX_MARKS combining marks (M*), NFC or NFD
 * alike, joined by:
 *   - one space (U+0020);
 *   - one hyphen (U+002D, U+2010, U+2011) between a letter or a full stop
 *     and a letter: "Jean-Luc", "J.-P.";
 *   - an apostrophe (U+0027, U+2019, U+05F3) next to a letter, also first
 *     or last: "O'Brien", "'s-Hertogenbosch", "'t Hooft";
 *   - a full stop (U+002E) after a letter, then a space, a hyphen or the end
 *     ("St. John", "Jr."), or, inside initials, one letter followed by its
 *     own full stop ("J.R.R."), so that no "word.word" a mail program would
 *     turn into a link gets through;
 *   - a syllable dot (U+00B7, U+0F0B, U+30FB) between two letters:
 *     "Marcel·lí", "བཀྲ་ཤིས", "ジョン・スミス".
 * Each word is in one script, or in Han with Hiragana and Katakana, with
 * Bopomofo or with Hangul (as UTS #39 allows); letters shared by scripts
 * (Common, Inherited) go with any.
 * Everything else is refused: digits of any script, other punctuation
 * (":", "/", "@", ...), symbols and emoji, controls, invisible characters
 * (Default_Ignorable_Code_Point: zero-width spaces and joiners, bidi
 * controls, the BOM, variation selectors, Hangul fillers), other spaces
 * (tab, no-break, line and paragraph separators), invalid UTF-8. */
int dk_name_valid(const char *s, size_t n);

#endif
