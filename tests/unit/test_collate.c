/* SPDX-License-Identifier: EUPL-1.2 */
/* test_collate.c — unit tests for dk_collate_cmp, the locale-free order of
 * the country lists: accents, case, ligatures, ties and bytes it leaves
 * alone. */
#include "belgium/dk_collate.h"
#include "dk_test.h"

/* a sorts strictly before b, and b after a. */
static void before(const char *a, const char *b)
{
    int ab = dk_collate_cmp(a, b), ba = dk_collate_cmp(b, a);
    CHECK_INT(ab, -1);
    CHECK_INT(ba, 1);
    if (ab != -1 || ba != 1)
        fprintf(stderr, "  \"%s\" vs \"%s\"\n", a, b);
}

int main(void)
{
    /* Accents and case do not move a name out of its letter. */
    before("Dominique", "Égypte");
    before("Égypte", "Émirats arabes unis");
    before("Émirats arabes unis", "Équateur");
    before("Estonie", "États-Unis");
    before("États-Unis", "Éthiopie");
    before("Éthiopie", "Fidji");
    before("Afrique du Sud", "Åland, Îles");
    before("Åland, Îles", "Albanie");
    before("Hongrie", "île Bouvet");
    before("île Bouvet", "Île de Man");
    before("Île de Man", "Inde");
    before("îles Cook", "Îles Marshall");
    before("Costa Rica", "Côte d'Ivoire");
    before("Cuba", "Curaçao");
    before("Curaçao", "Cyprus");
    before("Ierland", "IJsland");
    before("IJsland", "India");
    before("abc", "ABD");
    before("Zoë", "Zoo");
    /* Ligatures and ß spell out their letters. */
    before("Cod", "Cœur");
    before("Cœur", "Cof");
    before("Mad", "Mæg");
    before("Strase", "Straße");
    before("Straße", "Strasu");
    before("Þa", "Tia");
    /* Equal keys: the plain bytes decide, so the order is total. */
    before("Egypte", "egypte");
    before("egypte", "Égypte");
    before("Ile", "île");
    CHECK_INT(dk_collate_cmp("Égypte", "Égypte"), 0);
    CHECK_INT(dk_collate_cmp("", ""), 0);
    before("", "a");
    before("E", "Ea");
    /* A prefix comes first; punctuation and spaces keep their ASCII order. */
    before("Corée du Nord", "Corée du Sud");
    before("Guinée", "Guinée équatoriale");
    before("Guinée équatoriale", "Guinée-Bissau");
    /* Bytes outside Latin-1 and Latin Extended-A are compared as they are:
     * after every ASCII letter. */
    before("Zz", "\xce\x91"); /* Greek Alpha */
    before("Ω", "\xe2\x82\xac");
    /* × and ÷ are not letters: kept as they are. */
    before("xz", "×");
    /* A lone lead byte or a truncated sequence does not read past the end. */
    before("\xc3\x80", "\xc3"); /* "a" before the byte C3 */
    before("a", "\xc5");
    DK_TEST_DONE();
}
