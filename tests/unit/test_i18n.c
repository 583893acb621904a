/* SPDX-License-Identifier: EUPL-1.2 */
/* test_i18n.c — unit tests for the message catalogue's lookups (dk_i18n):
 * the languages come from po/, every language has every key, a language we
 * lack falls back to English and an unknown page language to Dutch, and the
 * printf keys fill in their arguments in each language. */
#include "dk_test.h"
#include "i18n/dk_i18n.h"

#include <dirent.h>
#include <string.h>

/* The languages are "en" plus one per po/<lang>.po (run from the root). */
static void test_languages_are_the_po_files(void)
{
    CHECK_STR(dk_i18n_lang(0), "en");
    size_t po = 0;
    DIR *d = opendir("po");
    CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n > 3 && strcmp(e->d_name + n - 3, ".po") == 0) {
            char lang[16];
            snprintf(lang, sizeof lang, "%.*s", (int)(n - 3), e->d_name);
            CHECK(dk_i18n_lang_known(lang));
            po++;
        }
    }
    if (d)
        closedir(d);
    CHECK_INT(dk_i18n_lang_count(), po + 1);
    CHECK_INT(dk_i18n_lang_known("nl") && dk_i18n_lang_known("fr") && dk_i18n_lang_known("en"), 1);
    CHECK_INT(dk_i18n_lang_known("de"), 0);
    CHECK_INT(dk_i18n_lang_known("NL"), 0);
    CHECK_INT(dk_i18n_lang_known(""), 0);
    CHECK_INT(dk_i18n_lang_known(NULL), 0);
    CHECK(dk_i18n_lang(dk_i18n_lang_count()) == NULL);
    CHECK_STR(dk_i18n_lang_or_default("fr"), "fr");
    CHECK_STR(dk_i18n_lang_or_default("de"), "nl");
    CHECK_STR(dk_i18n_lang_or_default(NULL), "nl");
}

static void test_every_language_has_every_key(void)
{
    CHECK(dk_i18n_key_count() > 200);
    for (size_t k = 0; k < dk_i18n_key_count(); k++) {
        const char *key = dk_i18n_key(k);
        CHECK(dk_i18n_has(key));
        if (k > 0)
            CHECK(strcmp(dk_i18n_key(k - 1), key) < 0); /* sorted, for the binary search */
        for (size_t l = 0; l < dk_i18n_lang_count(); l++) {
            const char *t = dk_i18n_text(dk_i18n_lang(l), key);
            CHECK(t != key && t[0] != '\0');
        }
    }
    CHECK(dk_i18n_key(dk_i18n_key_count()) == NULL);
}

static void test_lookups(void)
{
    CHECK_STR(dk_i18n_text("nl", "title"), "Video-interview aanvragen voor een digitale sleutel");
    CHECK_STR(dk_i18n_text("fr", "title"), "Demander un entretien vidéo pour une clé numérique");
    CHECK_STR(dk_i18n_text("en", "title"), "Request a video interview for a digital key");
    /* a language we lack reads English; an unknown key is shown as itself */
    CHECK_STR(dk_i18n_text("de", "title"), dk_i18n_text("en", "title"));
    CHECK_STR(dk_i18n_text(NULL, "title"), dk_i18n_text("en", "title"));
    CHECK_STR(dk_i18n_text("nl", "no.such.key"), "no.such.key");
    CHECK_INT(dk_i18n_has("no.such.key"), 0);
    CHECK_INT(dk_i18n_has(NULL), 0);
    CHECK_STR(dk_i18n_text("fr", "validation.required"), "Ce champ est obligatoire.");
    CHECK_STR(dk_i18n_text("nl", "date.december"), "december");
}

static void appendf_is(const char *lang, int row, const char *want)
{
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(DK_I18N_APPENDF(&b, lang, slot_n, row), 0);
    CHECK_STR(b.data, want);
    dk_buf_free(&b);
}

static void test_formats(void)
{
    appendf_is("nl", 3, "Tijdslot 3");
    appendf_is("fr", 3, "Plage 3");
    appendf_is("en", 3, "Slot 3");
    appendf_is("de", 3, "Slot 3");
    CHECK_STR(DK_I18N_FORMAT("fr", date_clock), "%dh%02d");
    CHECK_STR(DK_I18N_FORMAT("nl", date_clock), "%02d:%02d");
    CHECK_STR(DK_I18N_KEY_size_megabytes_tenths, "size.megabytes_tenths");
    /* a key the catalogue lacks formats with the English given */
    CHECK_STR(dk_i18n_format("nl", "no.such.key", "%d left"), "%d left");
}

int main(void)
{
    test_languages_are_the_po_files();
    test_every_language_has_every_key();
    test_lookups();
    test_formats();
    DK_TEST_DONE();
}
