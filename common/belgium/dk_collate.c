/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_collate.c — dk_collate_cmp(): both strings are read through a folder
 * that hands out the bytes of their folded key one at a time, so nothing is
 * allocated and a comparison stops at the first difference. */
#include "belgium/dk_collate.h"

#include <string.h>

/* The lower-case base letter of U+00C0..U+00FF, or '.' for a character that
 * is not a plain accented letter: × and ÷ are kept, Æ Þ ß æ þ expand. */
static const char base_latin1[] = "aaaaaa.ceeeeiiiidnooooo.ouuuuy.."
                                  "aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
/* The same for U+0100..U+017F (Latin Extended-A); Ĳ ĳ Œ œ expand. */
static const char base_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkk"
                                 "llllllllllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuu"
                                 "wwyyyzzzzzzs";
_Static_assert(sizeof base_latin1 == 0x40 + 1, "one letter per code point U+00C0..U+00FF");
_Static_assert(sizeof base_ext_a == 0x80 + 1, "one letter per code point U+0100..U+017F");

/* The letters that fold to two. */
static const struct {
    unsigned cp;
    const char *to;
} expansions[] = {
    {0xC6, "ae"},  {0xE6, "ae"},  {0xDE, "th"},  {0xFE, "th"},  {0xDF, "ss"},
    {0x132, "ij"}, {0x133, "ij"}, {0x152, "oe"}, {0x153, "oe"},
};

/* The code point of a two-byte UTF-8 sequence at p in U+00C0..U+017F (lead
 * byte C3, C4 or C5), else 0. */
static unsigned latin_code_point(const unsigned char *p)
{
    if (p[0] < 0xC3 || p[0] > 0xC5 || (p[1] & 0xC0) != 0x80)
        return 0;
    return ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
}

/* What cp (U+00C0..U+017F) folds to, written into out (room for 3 bytes);
 * 0 when it is not a letter that folds. */
static int fold_latin(unsigned cp, char out[3])
{
    for (size_t i = 0; i < sizeof expansions / sizeof expansions[0]; i++)
        if (expansions[i].cp == cp) {
            strcpy(out, expansions[i].to);
            return 1;
        }
    char base = cp < 0x100 ? base_latin1[cp - 0xC0] : base_ext_a[cp - 0x100];
    if (base == '.')
        return 0;
    out[0] = base;
    out[1] = '\0';
    return 1;
}

typedef struct {
    const unsigned char *s; /* the characters not yet folded */
    char out[3];            /* the folded form of the current character */
    const char *o;          /* its next byte to hand out */
} folder;

static void folder_init(folder *f, const char *s)
{
    f->s = (const unsigned char *)s;
    f->out[0] = '\0';
    f->o = f->out;
}

/* Folds the character at f->s into f->out and steps past it. */
static void fold_next_char(folder *f)
{
    unsigned cp = latin_code_point(f->s);
    f->o = f->out;
    if (cp && fold_latin(cp, f->out)) {
        f->s += 2;
        return;
    }
    unsigned char c = *f->s++;
    f->out[0] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    f->out[1] = '\0';
}

/* The next byte of the folded key, or 0 at its end. */
static unsigned folder_next(folder *f)
{
    if (*f->o == '\0') {
        if (*f->s == '\0')
            return 0;
        fold_next_char(f);
    }
    return (unsigned char)*f->o++;
}

int dk_collate_cmp(const char *a, const char *b)
{
    folder fa, fb;
    folder_init(&fa, a);
    folder_init(&fb, b);
    for (;;) {
        unsigned ca = folder_next(&fa), cb = folder_next(&fb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == 0)
            break;
    }
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}
