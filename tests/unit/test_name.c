/* SPDX-License-Identifier: EUPL-1.2 */
/* test_name.c — unit tests for dk_name_valid: real names and places from
 * many scripts pass, each in NFC and in NFD; links, digits, signs, emoji,
 * controls, invisible and bidi characters, broken UTF-8, misplaced joiners
 * and words that mix scripts are refused. */
#include "belgium/dk_name.h"
#include "dk_test.h"

#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

static const char *const accepted[] = {
    /* Latin, with what Belgian and European names hold */
    "Jan",
    "Jan Karel",
    "Peeters",
    "O'Brien",
    "O\u2019Brien",
    "Jean-Luc",
    "Jean\u2010Luc",
    "Jean\u2011Luc",
    "St. John",
    "d'Ursel",
    "Van der Berg",
    "van den Broeck-D'Hondt",
    "Nguy\u1ec5n",
    "Nguy\u1ec5n Th\u1ecb Minh Khai",
    "\u0141\u00f3d\u017a",
    "M\u00fcller-L\u00fcdenscheidt",
    "Jos\u00e9 Mar\u00eda",
    "\u00d3 Briain",
    "Se\u00e1n",
    "'s-Hertogenbosch",
    "'t Hooft",
    "Gerard 't Hooft",
    "Sint-Niklaas",
    "Saint-Josse-ten-Noode",
    "Frankfurt am Main",
    "Sankt P\u00f6lten",
    "Li\u00e8ge",
    "Braine-l'Alleud",
    "J.R.R.",
    "J. R. R. Tolkien",
    "J.-P.",
    "Martin Luther King Jr.",
    "Mohd. Ali",
    "Marcel\u00b7l\u00ed",
    "Ng\u0169g\u0129 wa Thiong'o",
    "Shafi'",
    "\u1e24usayn",
    "Dvo\u0159\u00e1k",
    "\u015eahin",
    "\u00de\u00f3runn",
    "\u00c6r\u00f8sk\u00f8bing",
    "Stra\u00dfe",
    "\u01c5or\u0111e", /* Lt */
    "N\u2019Diaye",
    "Hawai\u02bbi",
    "Ma\u02bcruf",
    "\uff2a\uff41\uff4e" /* fullwidth */,
    /* Cyrillic, Greek */
    "\u0410\u043d\u043d\u0430 \u0421\u0435\u0440\u0433\u0435\u0435\u0432\u043d\u0430",
    "\u0418\u0432\u0430\u043d\u043e\u0432\u0430",
    "\u0419\u043e\u0441\u0438\u0444",
    "\u0413\u0440\u0438\u0433\u043e\u0440\u0456\u0439",
    "\u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb\u03bf\u03c2",
    "\u1f08\u03b8\u1fc6\u03bd\u03b1\u03b9", /* polytonic Ἀθῆναι */
    /* Arabic (with and without vowel marks), Hebrew (with points) */
    "\u0645\u062d\u0645\u062f",
    "\u0639\u0628\u062f \u0627\u0644\u0644\u0647",
    "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f",
    "\u05db\u05bc\u05b9\u05d4\u05b5\u05df",
    "\u05d9\u05e9\u05e8\u05d0\u05dc",
    "\u05d2\u05f3\u05d5\u05e8\u05d2\u05f3",
    /* Han, kana (one word may mix them), Hangul (jamo in NFD) */
    "\u738b\u5c0f\u660e",
    "\u4f50\u3005\u6728",
    "\u5c71\u7530\u306f\u306a",
    "\u30b8\u30e7\u30f3\u30fb\u30b9\u30df\u30b9",
    "\u30b5\u30c8\u30fc",
    "\uae40\ubbfc\uc900",
    "\uc11c\uc6b8",
    /* Indic, Thai, Tibetan, and more */
    "\u0926\u0947\u0935\u0928\u093e\u0917\u0930\u0940",
    "\u0915\u094d\u0937\u0924\u094d\u0930\u093f\u092f",
    "\u0936\u094d\u0930\u0940",
    "\u0e2a\u0e21\u0e0a\u0e32\u0e22",
    "\u0e1b\u0e23\u0e30\u0e22\u0e38\u0e17\u0e18\u0e4c",
    "\u09b0\u09ac\u09c0\u09a8\u09cd\u09a6\u09cd\u09b0\u09a8\u09be\u09a5 "
    "\u09a0\u09be\u0995\u09c1\u09b0",
    "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd",
    "\u0f56\u0f40\u0fb2\u0f0b\u0f64\u0f72\u0f66",
    "\u10d7\u10d1\u10d8\u10da\u10d8\u10e1\u10d8",
    "\u0535\u0580\u0587\u0561\u0576",
    "\u12a0\u12f2\u1235 \u12a0\u1260\u1263",
    /* different scripts in different words */
    "Anna \u0418\u0432\u0430\u043d\u043e\u0432\u0430",
    /* spaces at both ends are set aside */
    "  Jan  ",
};

static const char *const refused[] = {
    /* the attack of issue 8, and links */
    "klant. Uw sleutel werd geblokkeerd: herstel hem op https://evil.example/herstel",
    "https://evil.example",
    "http:evil",
    "evil.example",
    "www.evil.example",
    "Jan evil.com",
    "x.co",
    "Jan x.co",
    "mailto:jan",
    "jan@example.be",
    "Jan/Piet",
    "Jan\\Piet",
    "Jan:Piet",
    /* digits of any script, numbers */
    "Jan 2",
    "Jan2",
    "007",
    "\u0645\u062d\u0645\u062f\u0663",
    "\u0930\u093e\u092e\u0967",
    "Jan\uff11",
    "Louis \u216b",
    "Jan \u00bd",
    "Jan\u00b2",
    /* other punctuation and symbols */
    "Jan & Piet",
    "Jan+Piet",
    "Jan=Piet",
    "Jan $",
    "Jan \u20ac",
    "\u00a9 Jan",
    "Jan\u2122",
    "<b>Jan</b>",
    "Jan;",
    "Jan,",
    "Jan!",
    "Jan?",
    "(Jan)",
    "[Jan]",
    "Jan\"",
    "Jan_Piet",
    "Jan*",
    "#Jan",
    "Jan%",
    "Jan~",
    "Jan`",
    "Jan^",
    "Jan|Piet",
    "Jan\u2026",
    "Jan\u2013Piet",
    "Jan\u2014Piet",
    "\u00abJan\u00bb",
    "Jan\u2018s",
    "Jan\u00b4s",
    "Robert'); DROP TABLE x;--",
    "Jan\u3002",
    "Jan\uff0ecom",
    /* emoji */
    "Jan \U0001F600",
    "Jan\U0001F600",
    "\u2764",
    "Jan \u2764\ufe0f",
    "Jan\U0001F1E7\U0001F1EA",
    /* controls, other spaces, line and paragraph separators */
    "Jan\tPiet",
    "Jan\nPiet",
    "Jan\r",
    "\nJan",
    "Jan\vPiet",
    "Jan\fPiet",
    "Jan\x7f",
    "Jan\xc2\x85",
    "Jan\u00a0Piet",
    "Jan\u3000Piet",
    "Jan\u2028Piet",
    "Jan\u2029Piet",
    "Jan\u2003Piet",
    "\x1b[31mJan",
    /* bidi controls, each of them */
    "Jan\u202a",
    "Jan\u202bPiet",
    "\u202cJan",
    "Jan\u202dPiet",
    "Jan\u202eteiP",
    "Jan\u2066Piet",
    "Jan\u2067Piet",
    "Jan\u2068Piet",
    "Jan\u2069",
    "Jan\u200e",
    "Jan\u200f",
    "\u0645\u062d\u0645\u062f\u061c",
    /* zero-width and other invisible characters, the BOM */
    "Jan\u200bPiet",
    "Jan\u200cPiet",
    "Jan\u200dPiet",
    "Jan\u2060Piet",
    "\ufeffJan",
    "Jan\ufeff",
    "Ja\ufeffn",
    "Jan\u00adPiet",
    "Jan\u034f",
    "Jan\ufe0f",
    "\u3164",
    "Jan \u3164",
    "\u115f\u1160",
    "\uffa0",
    "Jan\u180e",
    "Jan\U000E0041",
    /* private use, unassigned */
    "Jan\ue000",
    "Jan\u0378",
    /* joiners out of place */
    ".",
    "-",
    "'",
    "\u00b7",
    "Jan..",
    "Jan--Piet",
    "Jan -Piet",
    "Jan- Piet",
    "Jan  Piet",
    "-Jan",
    "Jan-",
    ".Jan",
    "Jan''s",
    "' Jan",
    "Jan ' Piet",
    "J.R.R",
    "St.John",
    "J..R.",
    "\u00b7Jan",
    "Jan\u00b7",
    "Jan \u00b7Piet",
    "Jan\u00b7\u00b7Piet",
    "Jan.'s",
    "Jan'-Piet",
    "Jan-'Piet",
    "Jan -",
    "Jan '",
    "J.RR.",
    "\u30fb",
    /* marks without a letter, too many marks */
    "\u0301Jan",
    "Jan \u0301",
    "Jan-\u0301",
    "'\u0301",
    "q\u0301\u0301\u0301\u0301\u0301" /* q: no precomposed form */
    "\u0301\u0301\u0301\u0301",
    /* a word in two scripts (Cyrillic a and o, homoglyph punctuation) */
    "p\u0430ypal",
    "Ivan\u043ev",
    "https\ua789\u141f\u141fevil\ua4f8example",
    "\uae40\u3072", /* Hangul with Hiragana */
    /* nothing */
    "",
    " ",
    "   ",
};

/* Accepted as written, but normalisation would change what is tested:
 * an abbreviation's stop at the end, and the most marks one letter takes
 * (NFC would fold the first into the letter). */
static const char *const accepted_as_written[] = {
    "Jan.", "a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301"};

static int valid(const char *s)
{
    return dk_name_valid(s, strlen(s));
}

/* s in normalisation form nf (malloc'd, NUL-terminated). */
static char *normalised(uninorm_t nf, const char *s)
{
    size_t n = 0;
    uint8_t *out = u8_normalize(nf, (const uint8_t *)s, strlen(s), NULL, &n);
    if (out == NULL)
        abort();
    char *z = malloc(n + 1);
    memcpy(z, out, n);
    z[n] = '\0';
    free(out);
    return z;
}

static void expect(const char *s, int want, const char *form)
{
    int got = valid(s);
    CHECK_INT(got, want);
    if (got != want)
        fprintf(stderr, "  %s name \"%s\" (%s)\n", want ? "refused" : "accepted", s, form);
}

static void test_accepted_in_nfc_and_nfd(void)
{
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        expect(accepted[i], 1, "as written");
        char *nfc = normalised(UNINORM_NFC, accepted[i]);
        char *nfd = normalised(UNINORM_NFD, accepted[i]);
        expect(nfc, 1, "NFC");
        expect(nfd, 1, "NFD");
        free(nfc);
        free(nfd);
    }
    for (size_t i = 0; i < sizeof accepted_as_written / sizeof accepted_as_written[0]; i++)
        expect(accepted_as_written[i], 1, "as written");
    /* NFD really decomposes: Nguyễn grows by its two marks. */
    char *nfd = normalised(UNINORM_NFD, "Nguy\u1ec5n");
    CHECK_STR(nfd, "Nguye\u0302\u0303n");
    free(nfd);
}

static void test_refused(void)
{
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        expect(refused[i], 0, "as written");
        char *nfc = normalised(UNINORM_NFC, refused[i]);
        expect(nfc, 0, "NFC");
        free(nfc);
    }
}

/* Broken UTF-8 and embedded NUL bytes: the length is given, not looked for. */
static void test_bytes(void)
{
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {
        {"Jan\x80", 4},             /* lone continuation byte */
        {"Jan\xc3", 4},             /* truncated */
        {"\xc0\xafJan", 5},         /* overlong "/" */
        {"Jan\xed\xa0\x80", 6},     /* surrogate */
        {"Jan\xf4\x90\x80\x80", 7}, /* above U+10FFFF */
        {"Jan\xff", 4},
        {"Jan\0Piet", 8},
        {"\0", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(dk_name_valid(bad[i].s, bad[i].n), 0);
    CHECK_INT(dk_name_valid("Jan Piet", 3), 1); /* only the n bytes count */
    CHECK_INT(dk_name_valid("Jan Piet", 4), 1); /* "Jan " trimmed */
    CHECK_INT(dk_name_valid("Jan-Piet", 4), 0); /* "Jan-" */
    CHECK_INT(dk_name_valid("", 0), 0);
}

/* Every code point of the Basic Latin block: only letters and the joiners
 * can stand between two letters. */
static void test_ascii_between_letters(void)
{
    for (int c = 1; c < 0x80; c++) {
        char s[4] = {'a', (char)c, 'b', '\0'};
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int joiner = c == ' ' || c == '-' || c == '\'';
        CHECK_INT(valid(s), letter || joiner);
        /* "a.b": one-letter initials only when the second one has its stop */
        if (c == '.')
            CHECK_INT(valid("a.b."), 1);
    }
}

int main(void)
{
    test_accepted_in_nfc_and_nfd();
    test_refused();
    test_bytes();
    test_ascii_between_letters();
    DK_TEST_DONE();
}
