/* SPDX-License-Identifier: EUPL-1.2 */
/* test_country.c — unit tests for dk_country: the generated ISO 3166-1 table
 * (size, order), valid and invalid codes, the names in English, Dutch and
 * French, and each language's list in a reader's order. */
#include "belgium/dk_collate.h"
#include "belgium/dk_country.h"
#include "dk_test.h"

#include <string.h>

/* Where the country named `name` in lang stands in dk_country_by_name(lang),
 * or -1. */
static long position(const char *lang, const char *name)
{
    const dk_country_entry *const *v = dk_country_by_name(lang);
    for (size_t i = 0; i < dk_country_table_len; i++)
        if (strcmp(dk_country_entry_name(v[i], lang), name) == 0)
            return (long)i;
    fprintf(stderr, "  no country named \"%s\" in %s\n", name, lang);
    return -1;
}

/* names, NULL-terminated, follow each other directly in lang's list. */
static void adjacent(const char *lang, const char *const *names)
{
    for (size_t i = 1; names[i]; i++) {
        long a = position(lang, names[i - 1]), b = position(lang, names[i]);
        CHECK(a >= 0 && b == a + 1);
        if (a < 0 || b != a + 1)
            fprintf(stderr, "  %s: \"%s\" at %ld, \"%s\" at %ld\n", lang, names[i - 1], a, names[i],
                    b);
    }
}

static void name_is(const char *alpha2, const char *nl, const char *fr, const char *en)
{
    CHECK_STR(dk_country_name_in(alpha2, "nl"), nl);
    CHECK_STR(dk_country_name_in(alpha2, "fr"), fr);
    CHECK_STR(dk_country_name_in(alpha2, "en"), en);
    CHECK_STR(dk_country_name_in(alpha2, "de"), en); /* a language we lack: English */
    CHECK_STR(dk_country_name_in(alpha2, NULL), en);
    CHECK_STR(dk_country_name_in(alpha2, ""), en);
    CHECK_STR(dk_country_name_in(alpha2, "NL"), en); /* language codes are lower case */
}

static void names(void)
{
    name_is("BE", "België", "Belgique", "Belgium");
    name_is("DE", "Duitsland", "Allemagne", "Germany");
    name_is("NL", "Nederland", "Pays-Bas", "Netherlands");
    name_is("FR", "Frankrijk", "France", "France");
    name_is("CI", "Ivoorkust", "Côte d'Ivoire", "Côte d'Ivoire");
    name_is("AX", "Ålandseilanden", "Åland, Îles", "Åland Islands");
    name_is("CD", "Congo, Democratische Republiek", "République démocratique du Congo",
            "Congo, The Democratic Republic of the");
    /* The French catalog has no translation of the common name "Syria": the
     * English name stands in. */
    name_is("SY", "Syrië", "Syria", "Syria");
    static const char *const langs[] = {"nl", "fr", "en", "de", NULL};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        CHECK(dk_country_name_in("XK", langs[l]) == NULL);
        CHECK(dk_country_name_in("", langs[l]) == NULL);
        CHECK(dk_country_name_in("be", langs[l]) == NULL);
        CHECK(dk_country_name_in(NULL, langs[l]) == NULL);
    }
    /* Every code has a name in every language. */
    int named = 0;
    for (size_t i = 0; i < dk_country_table_len; i++) {
        const dk_country_entry *e = &dk_country_table[i];
        named += e->name && *e->name && e->nl && *e->nl && e->fr && *e->fr;
    }
    CHECK_INT(named, 249);
}

/* Each list holds every code once, in dk_collate_cmp order. */
static void list_is_complete_and_sorted(const char *lang)
{
    const dk_country_entry *const *v = dk_country_by_name(lang);
    CHECK(v != NULL);
    CHECK(v == dk_country_by_name(lang)); /* built once */
    int seen[26 * 26] = {0};              /* at most one entry per two-letter code */
    int sorted = 1, once = 1;
    for (size_t i = 0; i < dk_country_table_len; i++) {
        seen[v[i] - dk_country_table]++;
        if (i > 0 && dk_collate_cmp(dk_country_entry_name(v[i - 1], lang),
                                    dk_country_entry_name(v[i], lang)) >= 0)
            sorted = 0;
    }
    for (size_t i = 0; i < dk_country_table_len; i++)
        once &= seen[i] == 1;
    CHECK(sorted);
    CHECK(once);
}

/* Accented and lower-case initials sort with their letter, not after Z. */
static void reading_order(void)
{
    static const char *const langs[] = {"nl", "fr", "en"};
    for (size_t l = 0; l < 3; l++)
        list_is_complete_and_sorted(langs[l]);
    CHECK(dk_country_by_name("de") == dk_country_by_name("en"));

    adjacent("fr", (const char *const[]){"Afrique du Sud", "Åland, Îles", "Albanie", NULL});
    adjacent("fr", (const char *const[]){"Djibouti", "Dominique", "Égypte", "Émirats arabes unis",
                                         "Équateur", "Érythrée", "Espagne", "Estonie", "Eswatini",
                                         "États-Unis", "Éthiopie", "Fidji", NULL});
    adjacent("fr", (const char *const[]){"Hongrie", "île Bouvet", "Île de Man", "île Norfolk",
                                         "îles Caïmans", "îles Cook", NULL});
    CHECK(position("fr", "Croatie") < position("fr", "Égypte"));
    CHECK(position("fr", "Égypte") < position("fr", "Salvador"));
    CHECK(position("fr", "îles Cook") < position("fr", "Îles Marshall"));
    CHECK(position("fr", "Îles Marshall") < position("fr", "Inde"));

    adjacent("nl", (const char *const[]){"Afghanistan", "Ålandseilanden", "Albanië", NULL});
    adjacent("nl", (const char *const[]){"Ierland", "IJsland", "India", NULL});
    CHECK(position("nl", "Egypte") < position("nl", "El Salvador"));

    adjacent("en", (const char *const[]){"Afghanistan", "Åland Islands", "Albania", NULL});
    adjacent("en", (const char *const[]){"Costa Rica", "Côte d'Ivoire", "Croatia", NULL});
    adjacent("en", (const char *const[]){"Cuba", "Curaçao", "Cyprus", NULL});
}

int main(void)
{
    /* iso-codes 4.15.0 lists the 249 officially assigned codes. */
    CHECK_INT(dk_country_table_len, 249);
    int sorted = 1;
    for (size_t i = 1; i < dk_country_table_len; i++)
        if (strcmp(dk_country_table[i - 1].alpha2, dk_country_table[i].alpha2) >= 0)
            sorted = 0;
    CHECK(sorted);
    /* Every entry is found by the binary search. */
    int found = 0;
    for (size_t i = 0; i < dk_country_table_len; i++)
        found += dk_country_valid(dk_country_table[i].alpha2);
    CHECK_INT(found, 249);

    static const char *const good[] = {"BE", "NL", "FR", "DE", "LU", "GB", "US", "MA", "TR",
                                       "CD", "CI", "AD", "ZW", "AX", "SS", "UA", "RU", "PS"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_INT(dk_country_valid(good[i]), 1);

    static const char *const bad[] = {
        "",   "B",  "BEL", "be", "Be", "bE", "B E", " BE",          "BE ", "XK", /* user-assigned */
        "UK", "EU", "EL",                                                        /* reserved */
        "SU", "YU", "CS",  "DD", "ZR",                                           /* withdrawn */
        "AA", "ZZ", "QQ",  "XX", "12", "B1", "É",   "\xc3\x89\x45",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = dk_country_valid(bad[i]);
        CHECK_INT(v, 0);
        if (v)
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
        CHECK(dk_country_name(bad[i]) == NULL);
    }
    CHECK_INT(dk_country_valid(NULL), 0);
    CHECK(dk_country_name(NULL) == NULL);

    CHECK_STR(dk_country_name("BE"), "Belgium");
    CHECK_STR(dk_country_name("NL"), "Netherlands");
    CHECK_STR(dk_country_name("FR"), "France");
    CHECK_STR(dk_country_name("CD"), "Congo, The Democratic Republic of the");
    CHECK_STR(dk_country_name("CI"), "Côte d'Ivoire");
    CHECK_STR(dk_country_name("AX"), "Åland Islands");
    CHECK_STR(dk_country_name("GB"), "United Kingdom");
    CHECK_STR(dk_country_name("VN"), "Vietnam"); /* common_name */
    CHECK_STR(dk_country_name("AD"), "Andorra");
    CHECK_STR(dk_country_name("ZW"), "Zimbabwe");

    names();
    reading_order();
    DK_TEST_DONE();
}
