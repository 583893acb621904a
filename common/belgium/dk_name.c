/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_name.c — the name rule of dk_name.h as one pass over the code points:
 * each is classed (letter, mark, one of the joiners, anything else) and
 * checked against the one before it, with the few facts a rule needs about
 * the current word. Unicode properties come from libunistring, which does
 * not depend on the process locale and classes every combining mark. */
#include "belgium/dk_name.h"

#include "core/dk_utf8.h"

#include <string.h>
#include <unictype.h>
#include <unistr.h>

typedef enum { C_LETTER, C_MARK, C_SPACE, C_HYPHEN, C_APOS, C_PERIOD, C_MIDDOT, C_OTHER } cls;

static cls class_of(ucs4_t c)
{
    switch (c) {
    case 0x20:
        return C_SPACE;
    case 0x2D:
    case 0x2010:
    case 0x2011:
        return C_HYPHEN;
    case 0x27:
    case 0x2019:
    case 0x05F3: /* Hebrew geresh */
        return C_APOS;
    case 0x2E:
        return C_PERIOD;
    case 0xB7:
    case 0x0F0B: /* Tibetan tsheg, between syllables */
    case 0x30FB: /* Katakana middle dot */
        return C_MIDDOT;
    default:
        break;
    }
    /* Invisible letters and marks too: Hangul fillers, variation selectors. */
    if (uc_is_property_default_ignorable_code_point(c))
        return C_OTHER;
    if (uc_is_general_category(c, UC_LETTER))
        return C_LETTER;
    if (uc_is_general_category(c, UC_MARK))
        return C_MARK;
    return C_OTHER;
}

/* ---- one script per word ------------------------------------------------- */

enum { S_HAN = 1, S_HIRAGANA = 2, S_KATAKANA = 4, S_HANGUL = 8, S_BOPOMOFO = 16 };

typedef struct {
    const uc_script_t *other; /* the word's script outside the CJK group */
    unsigned cjk;             /* S_* seen in the word */
} word_scripts;

/* Adds letter c to the word; 0 when the word now mixes scripts. */
static int same_script(word_scripts *w, ucs4_t c)
{
    static const struct {
        const char *name;
        unsigned bit;
    } cjk[] = {{"Han", S_HAN},
               {"Hiragana", S_HIRAGANA},
               {"Katakana", S_KATAKANA},
               {"Hangul", S_HANGUL},
               {"Bopomofo", S_BOPOMOFO}};
    const uc_script_t *s = uc_script(c);
    if (s == NULL || !strcmp(s->name, "Common") || !strcmp(s->name, "Inherited"))
        return 1;
    for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++)
        if (!strcmp(s->name, cjk[i].name)) {
            w->cjk |= cjk[i].bit;
            unsigned m = w->cjk;
            return w->other == NULL && ((m & ~(unsigned)(S_HAN | S_HIRAGANA | S_KATAKANA)) == 0 ||
                                        (m & ~(unsigned)(S_HAN | S_BOPOMOFO)) == 0 ||
                                        (m & ~(unsigned)(S_HAN | S_HANGUL)) == 0);
        }
    if (w->cjk != 0 || (w->other != NULL && w->other != s))
        return 0;
    w->other = s;
    return 1;
}

/* ---- the pass ------------------------------------------------------------ */

typedef struct {
    cls prev;           /* class of the previous code point; C_OTHER = the start */
    int marks;          /* combining marks on the current letter */
    int letters;        /* letters in the current word */
    int before_period;  /* letters in the word that the last full stop ended */
    int initial;        /* the word follows "X." directly: one letter, then "." */
    int apos_on_letter; /* the last apostrophe followed a letter */
    word_scripts scripts;
} state;

static void new_word(state *st)
{
    st->letters = 0;
    st->scripts.other = NULL;
    st->scripts.cjk = 0;
}

/* Whether a code point of class k (C_OTHER = the end of the text) may come
 * right after the previous one. */
static int may_follow(const state *st, cls k)
{
    int end = k == C_OTHER;
    switch (st->prev) {
    case C_OTHER: /* the start */
    case C_SPACE:
        return k == C_LETTER || k == C_APOS;
    case C_HYPHEN:
    case C_MIDDOT:
        return k == C_LETTER;
    case C_APOS:
        return k == C_LETTER || (st->apos_on_letter && (k == C_SPACE || end));
    case C_PERIOD:
        return k == C_LETTER || k == C_SPACE || k == C_HYPHEN || end;
    default: /* a letter or a mark: anything, but an initial ends with "." */
        return !end || !st->initial;
    }
}

/* Keeps track of the current word for code point c of class k, which
 * may_follow allowed; 0 when the word breaks a rule. */
static int step(state *st, ucs4_t c, cls k)
{
    switch (k) {
    case C_LETTER:
        if (st->prev == C_PERIOD) { /* "J.R.": only between one-letter initials */
            if (st->before_period != 1)
                return 0;
            st->initial = 1;
        }
        /* After an apostrophe or a middle dot, the word goes on. */
        if (st->prev == C_PERIOD || st->prev == C_SPACE || st->prev == C_HYPHEN)
            new_word(st);
        if (++st->letters > 1 && st->initial)
            return 0;
        st->marks = 0;
        return same_script(&st->scripts, c);
    case C_MARK:
        return ++st->marks <= DK_NAME_MAX_MARKS;
    case C_PERIOD:
        st->before_period = st->letters;
        st->initial = 0;
        return 1;
    case C_APOS:
        st->apos_on_letter = st->prev == C_LETTER || st->prev == C_MARK;
        if (!st->apos_on_letter)
            new_word(st); /* "'t", "'s-Hertogenbosch": it opens a word */
        return !st->initial;
    case C_SPACE:
    case C_HYPHEN:
        return !st->initial;
    default: /* C_MIDDOT */
        return 1;
    }
}

int dk_name_valid(const char *s, size_t n)
{
    while (n > 0 && s[0] == ' ')
        s++, n--;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || !dk_utf8_valid(s, n))
        return 0;
    state st;
    memset(&st, 0, sizeof st);
    st.prev = C_OTHER;
    const uint8_t *p = (const uint8_t *)s;
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int len = u8_mbtouc(&c, p + i, n - i);
        cls k = class_of(c);
        if (len <= 0 || k == C_OTHER || !may_follow(&st, k) || !step(&st, c, k))
            return 0;
        st.prev = k;
        i += (size_t)len;
    }
    return may_follow(&st, C_OTHER);
}
