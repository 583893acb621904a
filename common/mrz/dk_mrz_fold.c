/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_fold.c — a declared name against the MRZ's letters, by the
 * transliteration of ICAO Doc 9303 part 3, section 6: the name, in NFC, is
 * a row of units, each with the spellings the tables allow (Ä: AE, A or
 * AXX; a space: '<'), and a dynamic programme over (unit, MRZ position)
 * says whether one choice of spellings gives the MRZ name (or, when the
 * field was full, starts with it). Latin letters the table does not list
 * fold through their canonical decomposition to their base letter (é -> E,
 * ŝ -> S); Cyrillic has the table's own row (Ж -> ZH, Щ -> SHCH, Я -> IA).
 * Other scripts (Greek, Arabic, CJK ...) have no table here: their names
 * are not comparable. */
#include "mrz/dk_mrz_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#define MAX_UNITS 128 /* code points of one declared name part */
#define MAX_ALTS 3
#define MAX_MRZ 64

typedef struct {
    int n;
    const char *alt[MAX_ALTS];
} unit;

/* Letters with their own row (upper case), the recommended spelling
 * first. */
static const struct {
    ucs4_t c;
    const char *alt[MAX_ALTS];
} latin[] = {
    {0x00C4, {"AE", "A", "AXX"}}, /* Ä */
    {0x00C5, {"AA", "A"}},        /* Å */
    {0x00C6, {"AE"}},             /* Æ */
    {0x00D0, {"D", "DH"}},        /* Ð */
    {0x00D1, {"N", "NXX"}},       /* Ñ */
    {0x00D6, {"OE", "O", "OXX"}}, /* Ö */
    {0x00D8, {"OE", "O"}},        /* Ø */
    {0x00DC, {"UE", "U", "UXX"}}, /* Ü */
    {0x00DE, {"TH"}},             /* Þ */
    {0x00DF, {"SS"}},             /* ß */
    {0x0110, {"D", "DJ"}},        /* Đ */
    {0x0126, {"H"}},              /* Ħ */
    {0x0131, {"I"}},              /* ı */
    {0x0132, {"IJ"}},             /* Ĳ */
    {0x013F, {"L"}},              /* Ŀ */
    {0x0141, {"L"}},              /* Ł */
    {0x0149, {"N"}},              /* ŉ */
    {0x014A, {"N"}},              /* Ŋ */
    {0x0152, {"OE"}},             /* Œ */
    {0x0166, {"T"}},              /* Ŧ */
    {0x1E9E, {"SS"}},             /* ẞ */
};

/* Cyrillic capitals U+0400..U+042F (the letters with marks decompose to
 * these); "" for the soft sign, which the table omits. */
static const char *const cyrillic[0x30] = {
    [0x02] = "D",  [0x04] = "IE", [0x05] = "DZ", [0x06] = "I",  [0x08] = "J",    [0x09] = "LJ",
    [0x0A] = "NJ", [0x0B] = "C",  [0x0F] = "DZ", [0x10] = "A",  [0x11] = "B",    [0x12] = "V",
    [0x13] = "G",  [0x14] = "D",  [0x15] = "E",  [0x16] = "ZH", [0x17] = "Z",    [0x18] = "I",
    [0x19] = "I",  [0x1A] = "K",  [0x1B] = "L",  [0x1C] = "M",  [0x1D] = "N",    [0x1E] = "O",
    [0x1F] = "P",  [0x20] = "R",  [0x21] = "S",  [0x22] = "T",  [0x23] = "U",    [0x24] = "F",
    [0x25] = "KH", [0x26] = "TS", [0x27] = "CH", [0x28] = "SH", [0x29] = "SHCH", [0x2A] = "IE",
    [0x2B] = "Y",  [0x2C] = "",   [0x2D] = "E",  [0x2E] = "IU", [0x2F] = "IA",
};

/* Static one-letter strings "A".."Z". */
static const char *ascii_letter(ucs4_t c)
{
    static const char letters[] =
        "A\0B\0C\0D\0E\0F\0G\0H\0I\0J\0K\0L\0M\0N\0O\0P\0Q\0R\0S\0T\0U\0V\0"
        "W\0X\0Y\0Z";
    return letters + 2 * (c - 'A');
}

/* The spellings of one letter (upper case); -1 when no table folds it. */
static int letter_alts(ucs4_t c, unit *u)
{
    for (int depth = 0; depth < 4; depth++) {
        if (c >= 'A' && c <= 'Z') {
            u->n = 1;
            u->alt[0] = ascii_letter(c);
            return 0;
        }
        for (size_t i = 0; i < sizeof latin / sizeof latin[0]; i++)
            if (latin[i].c == c) {
                u->n = 0;
                while (u->n < MAX_ALTS && latin[i].alt[u->n])
                    u->n++;
                for (int k = 0; k < u->n; k++)
                    u->alt[k] = latin[i].alt[k];
                return 0;
            }
        if (c >= 0x400 && c < 0x430 && cyrillic[c - 0x400]) {
            u->n = 1;
            u->alt[0] = cyrillic[c - 0x400];
            return 0;
        }
        ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
        if (uc_canonical_decomposition(c, d) <= 0)
            return -1;
        c = d[0];
    }
    return -1;
}

typedef enum { K_SPACE = 1, K_HYPHEN = 2, K_QUIET = 4 } sep_kind;

static sep_kind separator(ucs4_t c)
{
    switch (c) {
    case 0x20:
    case 0xA0:
        return K_SPACE;
    case 0x2D:
    case 0x2010:
    case 0x2011:
    case 0x2013:
        return K_HYPHEN;
    case 0x27: /* apostrophes, full stop, comma, middle dot */
    case 0x2019:
    case 0x02BC:
    case 0x05F3:
    case 0x2E:
    case 0x2C:
    case 0xB7:
        return K_QUIET;
    default:
        return 0;
    }
}

/* The units of a name; their count, or -1 when a character has no table
 * (or the name is not UTF-8, or too long). */
static int units_of(const char *utf8, unit *units)
{
    if (utf8 == NULL)
        return -1;
    size_t len = strlen(utf8);
    if (u8_check((const uint8_t *)utf8, len) != NULL)
        return -1;
    size_t nlen = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)utf8, len, NULL, &nlen);
    if (nfc == NULL)
        return -1;
    int n = 0, rc = 0;
    unsigned pending = 0; /* separators seen since the last letter */
    const uint8_t *p = nfc, *end = nfc + nlen;
    while (p < end) {
        ucs4_t c;
        int step = u8_mbtouc(&c, p, (size_t)(end - p));
        p += step;
        sep_kind k = separator(c);
        if (k) {
            pending |= k;
            continue;
        }
        if (uc_is_general_category(c, UC_MARK))
            continue; /* a mark NFC could not compose: the letter is folded already */
        if (n + 2 > MAX_UNITS) {
            rc = -1;
            break;
        }
        if (pending && n > 0) {
            units[n].n = 1;
            units[n].alt[0] = "<";
            if (!(pending & K_SPACE)) /* a hyphen or an apostrophe may also vanish */
                units[n].alt[units[n].n++] = "";
            n++;
        }
        pending = 0;
        if (letter_alts(uc_toupper(c), &units[n]) != 0) {
            rc = -1;
            break;
        }
        n++;
    }
    free(nfc);
    return rc ? -1 : n;
}

int dk_mrz_fold(const char *utf8, char *out, size_t outlen)
{
    unit units[MAX_UNITS];
    int n = units_of(utf8, units);
    if (n < 0 || outlen == 0)
        return -1;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(units[i].alt[0]);
        if (k + l >= outlen)
            return -1;
        memcpy(out + k, units[i].alt[0], l);
        k += l;
    }
    out[k] = '\0';
    return 0;
}

dk_mrz_name_result dk_mrz_name_compare(const char *utf8, const char *mrz, size_t n,
                                       int may_truncate)
{
    unit units[MAX_UNITS];
    int nu = units_of(utf8, units);
    if (nu < 0)
        return DK_MRZ_NAME_UNFOLDABLE;
    if (n > MAX_MRZ)
        return DK_MRZ_NAME_DIFFERS;
    /* reach[u][j]: the first u units can spell the first j MRZ characters. */
    unsigned char reach[MAX_UNITS + 1][MAX_MRZ + 1];
    memset(reach, 0, sizeof reach);
    reach[0][0] = 1;
    int prefix = 0; /* the MRZ ends inside a spelling, or with units left */
    for (int u = 0; u < nu; u++)
        for (size_t j = 0; j <= n; j++) {
            if (!reach[u][j])
                continue;
            if (j == n)
                prefix = 1;
            for (int a = 0; a < units[u].n; a++) {
                const char *s = units[u].alt[a];
                size_t l = strlen(s);
                if (j + l <= n && memcmp(mrz + j, s, l) == 0)
                    reach[u + 1][j + l] = 1;
                else if (j + l > n && j < n && memcmp(mrz + j, s, n - j) == 0)
                    prefix = 1;
            }
        }
    if (reach[nu][n])
        return DK_MRZ_NAME_MATCH;
    return may_truncate && prefix && n > 0 ? DK_MRZ_NAME_TRUNCATED : DK_MRZ_NAME_DIFFERS;
}
