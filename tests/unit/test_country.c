/* test_country.c — unit tests for dk_country: the generated ISO 3166-1 table
 * (size, order), valid and invalid codes, and English names. */
#include "dk_country.h"
#include "dk_test.h"

#include <string.h>

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
        "",    "B",   "BEL", "be",  "Be",  "bE", "B E", " BE", "BE ", "XK", /* user-assigned */
        "UK",  "EU",  "EL",                                                 /* reserved */
        "SU",  "YU",  "CS",  "DD",  "ZR",                                   /* withdrawn */
        "AA",  "ZZ",  "QQ",  "XX",  "12",  "B1", "É",  "\xc3\x89\x45",
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
    DK_TEST_DONE();
}
