/* SPDX-License-Identifier: EUPL-1.2 */
/* test_auth_password.c — passwords in common/auth: Argon2id round trips,
 * NFKC (composed and decomposed, full-width), rehash detection, the stored
 * string's bounds, and every NIST SP 800-63B-4 rule at its boundaries with
 * hostile input; the embedded blocklist's form; the reasons' sentences. */
#include "auth/dk_auth_fold.h"
#include "auth/dk_auth_password.h"
#include "dk_test.h"
#include "i18n/dk_i18n.h"

#include <argon2.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#define PHC_PREFIX "$argon2id$v=19$m=65536,t=3,p=1$"

static void hash_round_trip(void)
{
    char h1[DK_AUTH_PASSWORD_HASH_MAX], h2[DK_AUTH_PASSWORD_HASH_MAX], err[128] = "";
    const char *pw = "correct horse battery staple";
    CHECK_INT(dk_auth_password_hash(pw, h1, err, sizeof err), 0);
    CHECK(strncmp(h1, PHC_PREFIX, strlen(PHC_PREFIX)) == 0);
    CHECK_INT(strlen(h1), strlen(PHC_PREFIX) + 22 + 1 + 43);
    CHECK_INT(dk_auth_password_verify(h1, pw), 1);
    CHECK_INT(dk_auth_password_verify(h1, "correct horse battery stapl"), 0);
    CHECK_INT(dk_auth_password_verify(h1, "Correct horse battery staple"), 0);
    CHECK_INT(dk_auth_password_verify(h1, ""), 0);
    CHECK_INT(dk_auth_password_needs_rehash(h1), 0);
    /* A new salt each time: the same password, two strings. */
    CHECK_INT(dk_auth_password_hash(pw, h2, NULL, 0), 0);
    CHECK(strcmp(h1, h2) != 0);
    CHECK_INT(dk_auth_password_verify(h2, pw), 1);

    /* Typed passwords that are not text never match, and cost nothing. */
    CHECK_INT(dk_auth_password_verify(h1, "bad \xc3\x28 utf-8"), 0);
    CHECK_INT(dk_auth_password_verify(h1, NULL), 0);
    char *huge = malloc(1 << 20);
    memset(huge, 'a', (1 << 20) - 1);
    huge[(1 << 20) - 1] = '\0';
    CHECK_INT(dk_auth_password_verify(h1, huge), 0);
    /* Nor can they be stored. */
    char out[DK_AUTH_PASSWORD_HASH_MAX] = "x";
    CHECK_INT(dk_auth_password_hash(huge, out, err, sizeof err), -1);
    CHECK_STR(out, "");
    CHECK(strstr(err, "longer than") != NULL);
    free(huge);
    CHECK_INT(dk_auth_password_hash("\xed\xa0\x80 surrogate", out, err, sizeof err), -1);
    CHECK(strstr(err, "UTF-8") != NULL);
    CHECK_INT(dk_auth_password_hash(NULL, out, NULL, 0), -1);
}

/* The same password typed another way: composed or decomposed accents,
 * full-width letters from an East Asian keyboard, a ligature. */
static void nfkc(void)
{
    char h[DK_AUTH_PASSWORD_HASH_MAX];
    const char *composed = "Caf\xc3\xa9 au lait, zonder suiker";    /* é = U+00E9 */
    const char *decomposed = "Cafe\xcc\x81 au lait, zonder suiker"; /* e + U+0301 */
    const char *fullwidth = "\xef\xbc\xa3"
                            "af\xc3\xa9 au lait, zonder suiker"; /* Ｃ */
    CHECK_INT(dk_auth_password_hash(composed, h, NULL, 0), 0);
    CHECK_INT(dk_auth_password_verify(h, decomposed), 1);
    CHECK_INT(dk_auth_password_verify(h, fullwidth), 1);
    CHECK_INT(dk_auth_password_verify(h, "Cafe au lait, zonder suiker"), 0);
    CHECK_INT(dk_auth_password_hash("\xef\xac\x81ne \xef\xbd\x90\xef\xbd\x81ssword", h, NULL, 0),
              0); /* ﬁne ｐａssword */
    CHECK_INT(dk_auth_password_verify(h, "fine password"), 1);

    size_t n = 0;
    char *s = dk_auth_nfkc(decomposed, strlen(decomposed), &n);
    CHECK_STR(s, composed);
    CHECK_INT(n, strlen(composed));
    dk_auth_free_secret(s);
    s = dk_auth_nfkc("", 0, &n);
    CHECK_STR(s, "");
    CHECK_INT(n, 0);
    dk_auth_free_secret(s);
    CHECK(dk_auth_nfkc("a\0b", 3, NULL) == NULL);
    CHECK(dk_auth_nfkc("\xc0\xaf", 2, NULL) == NULL); /* overlong '/' */
    dk_auth_free_secret(NULL);
}

static void rehash_and_stored_bounds(void)
{
    /* Yesterday's parameters still verify, and ask to be rehashed. */
    char old[DK_AUTH_PASSWORD_HASH_MAX];
    const unsigned char salt[16] = "sixteen byte slt";
    const char *pw = "een oud maar goed wachtwoord";
    CHECK_INT(argon2id_hash_encoded(2, 19456, 1, pw, strlen(pw), salt, 16, 32, old, sizeof old),
              ARGON2_OK);
    CHECK_INT(dk_auth_password_verify(old, pw), 1);
    CHECK_INT(dk_auth_password_verify(old, "een oud maar goed wachtwoord!"), 0);
    CHECK_INT(dk_auth_password_needs_rehash(old), 1);

    const char *tag = "$c2l4dGVlbiBieXRlIHNsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    char s[256];
    snprintf(s, sizeof s, "$argon2id$v=19$m=65536,t=3,p=1%s", tag);
    CHECK_INT(dk_auth_password_needs_rehash(s), 0);
    CHECK_INT(dk_auth_password_verify(s, pw), 0); /* well formed, wrong tag */
    const char *rehash[] = {
        "$argon2id$v=19$m=65536,t=2,p=1", "$argon2id$v=19$m=65537,t=3,p=1",
        "$argon2id$v=19$m=65536,t=3,p=2", "$argon2id$v=16$m=65536,t=3,p=1",
        "$argon2i$v=19$m=65536,t=3,p=1",  "$argon2id$v=19$m=65536,t=03,p=1",
    };
    for (size_t i = 0; i < sizeof rehash / sizeof rehash[0]; i++) {
        snprintf(s, sizeof s, "%s%s", rehash[i], tag);
        CHECK_INT(dk_auth_password_needs_rehash(s), 1);
    }
    CHECK_INT(dk_auth_password_needs_rehash(NULL), 1);
    CHECK_INT(dk_auth_password_needs_rehash(""), 1);
    CHECK_INT(dk_auth_password_needs_rehash("$argon2id$v=19$m=65536,t=3,p=1$AAAA$AAAA"), 1);

    /* Stored strings beyond the bounds, or not Argon2id, are errors, not
     * an allocation of 4 GiB. */
    const char *bad[] = {
        "$argon2id$v=19$m=4194304,t=3,p=1", "$argon2id$v=19$m=65536,t=100,p=1",
        "$argon2id$v=19$m=65536,t=3,p=64",  "$argon2i$v=19$m=65536,t=3,p=1",
        "$argon2id$v=19$m=-1,t=3,p=1",      "$argon2id$v=19$m=99999999999,t=3,p=1",
        "$argon2id$v=16$m=65536,t=3,p=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(s, sizeof s, "%s%s", bad[i], tag);
        CHECK_INT(dk_auth_password_verify(s, pw), -1);
    }
    CHECK_INT(dk_auth_password_verify("", pw), -1);
    CHECK_INT(dk_auth_password_verify("plain text password", pw), -1);
    snprintf(s, sizeof s, "$argon2id$v=19$m=65536,t=3,p=1%s$", tag);
    CHECK_INT(dk_auth_password_verify(s, pw), -1);

    /* The account that does not exist: no match, whatever is typed. */
    CHECK_INT(dk_auth_password_verify(NULL, pw), 0);
    CHECK_INT(dk_auth_password_verify(NULL, ""), 0);

    dk_auth_password_set_concurrency(0);
    CHECK_INT(dk_auth_password_concurrency(), 1);
    dk_auth_password_set_concurrency(2);
    CHECK_INT(dk_auth_password_concurrency(), 2);
}

/* n code points drawn from the UTF-8 letters of pool (each `width` bytes),
 * reproducible, without runs or repetition to speak of. */
static char *letters(const char *pool, int width, int n)
{
    int count = (int)strlen(pool) / width;
    char *s = malloc((size_t)n * (size_t)width + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + i * width, pool + width * dk_test_rnd(count), (size_t)width);
    s[n * width] = '\0';
    return s;
}

static const char ascii_pool[] = "bdfgjkmpqvwxz";                       /* no vowels: no words */
static const char two_byte_pool[] = "éèêëàçôûœøåñ";                     /* 2 bytes each */
static const char four_byte_pool[] = "\xf0\xa0\x80\x80\xf0\xa0\x80\x81" /* CJK ext. B */
                                     "\xf0\xa0\x80\x82\xf0\xa0\x80\x83\xf0\xa0\x80\x84"
                                     "\xf0\xa0\x80\x85\xf0\xa0\x80\x86\xf0\xa0\x80\x87";

static void check_len(const char *pool, int width, int n, int min, dk_auth_pw_reason want)
{
    char *s = letters(pool, width, n);
    dk_auth_pw_reason got = dk_auth_password_check(s, min, NULL);
    if (got != want)
        fprintf(stderr, "length %d (min %d, %d-byte letters): %s\n", n, min, width,
                dk_auth_password_reason_code(got));
    CHECK_INT(got, want);
    free(s);
}

static void lengths(void)
{
    dk_test_rng_state = 0x1a2b3c4du;
    const int single = DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR,
              second = DK_AUTH_PASSWORD_MIN_WITH_SECOND;
    CHECK_INT(single, 15);
    CHECK_INT(second, 8);
    CHECK_INT(DK_AUTH_PASSWORD_MAX_CHARS, 128);
    for (int rep = 0; rep < 3; rep++) {
        check_len(ascii_pool, 1, 14, single, DK_AUTH_PW_TOO_SHORT);
        check_len(ascii_pool, 1, 15, single, DK_AUTH_PW_OK);
        check_len(ascii_pool, 1, 7, second, DK_AUTH_PW_TOO_SHORT);
        check_len(ascii_pool, 1, 8, second, DK_AUTH_PW_OK);
        check_len(ascii_pool, 1, 64, single, DK_AUTH_PW_OK);
        check_len(ascii_pool, 1, 128, single, DK_AUTH_PW_OK);
        check_len(ascii_pool, 1, 129, single, DK_AUTH_PW_TOO_LONG);
        /* Characters, not bytes: 14 two-byte letters are 28 bytes, too short. */
        check_len(two_byte_pool, 2, 14, single, DK_AUTH_PW_TOO_SHORT);
        check_len(two_byte_pool, 2, 15, single, DK_AUTH_PW_OK);
        check_len(two_byte_pool, 2, 128, single, DK_AUTH_PW_OK);
        check_len(two_byte_pool, 2, 129, single, DK_AUTH_PW_TOO_LONG);
        /* 128 four-byte letters are 512 bytes: the byte bound's edge. */
        check_len(four_byte_pool, 4, 15, single, DK_AUTH_PW_OK);
        check_len(four_byte_pool, 4, 128, single, DK_AUTH_PW_OK);
        check_len(four_byte_pool, 4, 129, single, DK_AUTH_PW_TOO_LONG);
    }
    CHECK_INT(dk_auth_password_check("", single, NULL), DK_AUTH_PW_TOO_SHORT);
    CHECK_INT(dk_auth_password_check("", 0, NULL), DK_AUTH_PW_TOO_SHORT);
    CHECK_INT(dk_auth_password_check("kz", -5, NULL), DK_AUTH_PW_OK);
    /* A minimum above the maximum is the maximum. */
    char *s = letters(ascii_pool, 1, 128);
    CHECK_INT(dk_auth_password_check(s, 1000, NULL), DK_AUTH_PW_OK);
    free(s);
    /* Counted after NFKC: U+FDFA is one code point typed, 18 after NFKC. */
    CHECK_INT(dk_auth_password_check("\xef\xb7\xba", single, NULL), DK_AUTH_PW_OK);
    CHECK_INT(dk_auth_password_check("\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba"
                                     "\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba",
                                     single, NULL),
              DK_AUTH_PW_TOO_LONG); /* 8 typed, 144 after NFKC */
    /* Full-width letters count one each. */
    CHECK_INT(dk_auth_password_check("\xef\xbd\x82\xef\xbd\x84\xef\xbd\x86\xef\xbd\x87"
                                     "\xef\xbd\x8a\xef\xbd\x8b\xef\xbd\x8d",
                                     second, NULL),
              DK_AUTH_PW_TOO_SHORT); /* ｂｄｆｇｊｋｍ: 7 */
}

static void not_text(void)
{
    const char *bad[] = {
        "valid start \xc3\x28 then invalid", /* a lone lead byte */
        "surrogate \xed\xa0\x80 inside here",    "overlong \xc0\xaf slash in here",
        "beyond \xf4\x90\x80\x80 U+10FFFF here", "truncated at the end \xe2\x82",
        "a tab\tbetween the words here",         "a new line\nin the password",
        "a DEL \x7f in the middle here",         "a C1 \xc2\x85 next line here",
        "\x1b[31m escape sequence colours",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(dk_auth_password_check(bad[i], 15, NULL), DK_AUTH_PW_NOT_TEXT);
    CHECK_INT(dk_auth_password_check(NULL, 15, NULL), DK_AUTH_PW_NOT_TEXT);
    /* Very long input is refused by its bytes before anything else. */
    size_t n = 1 << 20;
    char *huge = malloc(n + 1);
    memset(huge, 0xff, n);
    huge[n] = '\0';
    CHECK_INT(dk_auth_password_check(huge, 15, NULL), DK_AUTH_PW_TOO_LONG);
    free(huge);
}

static void blocklist(void)
{
    const struct {
        const char *pw;
        int min;
    } hit[] = {
        {"password", 8},
        {"PassWord", 8},
        {"PASSWORD", 8},
        {"iloveyou", 8},
        {"password123456789", 15}, /* digits appended */
        {"!!Password2026!!", 15},  /* symbols and digits around */
        {"2026 trustno1 !!!", 15}, /* both ends, and the list's own digit */
        {"pass word 1234567", 15}, /* spaces inside */
        {"\xef\xbc\xb0\xef\xbc\xa1\xef\xbc\xb3\xef\xbc\xb3\xef\xbc\xb7\xef\xbc\xaf\xef\xbc\xb2"
         "\xef\xbc\xa4"
         "1234567",
         15},                            /* ＰＡＳＳＷＯＲＤ full width */
        {"MijnDigitaleSleutel2026", 15}, /* the service's own words */
        {"Mijn digitale sleutel 2026!", 15},
        {"CSAM-2026!!", 8},
        {"Belgi\xc3\xab 1830-2026!!", 15}, /* België */
        {"BELGI\xc3\x8b"
         "1830202612",
         15}, /* BELGIË: case folding beyond ASCII */
        {"azertyuiop 2026!!", 15},
    };
    for (size_t i = 0; i < sizeof hit / sizeof hit[0]; i++) {
        dk_auth_pw_reason r = dk_auth_password_check(hit[i].pw, hit[i].min, NULL);
        if (r != DK_AUTH_PW_BLOCKLISTED)
            fprintf(stderr, "not blocklisted: \"%s\" (%s)\n", hit[i].pw,
                    dk_auth_password_reason_code(r));
        CHECK_INT(r, DK_AUTH_PW_BLOCKLISTED);
    }
    /* Not hits: a good passphrase, a short word buried in random digits. */
    const char *miss[] = {
        "correct horse battery staple",
        "me4829!!173948#",
        "paard wortel batterij nietje",
        "Zo\xc3\xab eet graag Brusselse wafels",
    };
    for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++) {
        dk_auth_pw_reason r = dk_auth_password_check(miss[i], 15, NULL);
        if (r != DK_AUTH_PW_OK)
            fprintf(stderr, "refused: \"%s\" (%s)\n", miss[i], dk_auth_password_reason_code(r));
        CHECK_INT(r, DK_AUTH_PW_OK);
    }
    /* Order: a short blocklisted password is too short first. */
    CHECK_INT(dk_auth_password_check("password", 15, NULL), DK_AUTH_PW_TOO_SHORT);

    /* The table: large, sorted, unique, in the folded form the lookup uses. */
    CHECK(dk_auth_blocklist_count > 3500);
    int sorted = 1, folded = 1;
    for (size_t i = 0; i < dk_auth_blocklist_count; i++) {
        const char *e = dk_auth_blocklist[i];
        if (i > 0 && strcmp(dk_auth_blocklist[i - 1], e) >= 0) {
            fprintf(stderr, "blocklist not sorted at \"%s\"\n", e);
            sorted = 0;
        }
        dk_auth_folded f;
        uint8_t back[512];
        size_t len = sizeof back - 1;
        if (dk_auth_fold(e, strlen(e), &f) != 0) {
            folded = 0;
            continue;
        }
        uint8_t *u8 = f.n ? u32_to_u8(f.cp, f.n, back, &len) : back;
        if (!f.n)
            len = 0;
        if (u8 != back || len != strlen(e) || memcmp(back, e, len) != 0) {
            fprintf(stderr, "blocklist entry not in folded form: \"%s\"\n", e);
            folded = 0;
        }
        if (u8 && u8 != back)
            free(u8);
        dk_auth_fold_free(&f);
    }
    CHECK(sorted);
    CHECK(folded);
    CHECK(dk_auth_blocklist_has("password"));
    CHECK(dk_auth_blocklist_has("mijndigitalesleutel"));
    CHECK(dk_auth_blocklist_has("belgi\xc3\xab"));
    CHECK(!dk_auth_blocklist_has("Password"));
    CHECK(!dk_auth_blocklist_has(""));
    CHECK(!dk_auth_blocklist_has(NULL));
}

static void context(void)
{
    const char *ctx[] = {"jan.de.vos@voorbeeld.be", "Jan De Vos", NULL};
    const char *ctx2[] = {"mpeeters1987@example.com", "Marie-Th\xc3\xa9r\xc3\xa8se Peeters", NULL};
    const struct {
        const char *pw;
        const char *const *ctx;
        dk_auth_pw_reason want;
    } v[] = {
        {"zomer jandevos tulpen", ctx, DK_AUTH_PW_CONTAINS_CONTEXT}, /* local part run together */
        {"zomer Jan De Vos tulpen", ctx, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"zomer JAN.DE.VOS tulpen", ctx, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"jan en de vos aan zee", ctx, DK_AUTH_PW_OK},  /* short pieces apart */
        {"voorbeeld is geen naam", ctx, DK_AUTH_PW_OK}, /* the domain does not count */
        {"groene PEETERS fiets", ctx2, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"oude mpeeters1987 kade", ctx2, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"mooie therese aan de kade", ctx2, DK_AUTH_PW_OK}, /* thérèse is not therese */
        {"mooie TH\xc3\x89R\xc3\x88SE aan zee", ctx2, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"marie in de tuin vandaag", ctx2, DK_AUTH_PW_CONTAINS_CONTEXT},
        {"zomer jandevos tulpen", NULL, DK_AUTH_PW_OK},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        dk_auth_pw_reason r = dk_auth_password_check(v[i].pw, 15, v[i].ctx);
        if (r != v[i].want)
            fprintf(stderr, "context: \"%s\" gave %s\n", v[i].pw, dk_auth_password_reason_code(r));
        CHECK_INT(r, v[i].want);
    }
    /* Hostile context words are ignored, not trusted. */
    const char *hostile[] = {"", "@", "\xc3\x28\xc3\x28\xc3\x28\xc3\x28", "abc", NULL};
    CHECK_INT(dk_auth_password_check("zomer jandevos tulpen", 15, hostile), DK_AUTH_PW_OK);
}

static void repetition(void)
{
    const char *rep[] = {
        "aaaaaaaaaaaaaaa",            /* one character */
        "abcabcabcabcabc",            /* a short piece repeated */
        "hunter2hunter2hunter2",      /* a word repeated */
        "kzvrkzvrkzvrkzvrk",          /* repeated, ending part-way */
        "azertyuiopqsdfghjklm",       /* AZERTY rows */
        "qwertzuiopasdfghjkl",        /* QWERTZ rows */
        "zxcvbnm,./asdfghjkl;'",      /* QWERTY rows */
        "1234567890987654321",        /* digits up and down */
        "abcdefghijklmnopqrstuvwxyz", /* the alphabet */
        "ZYXWVUTSRQPONMLKJIHGFEDCBA", /* backwards, upper case */
        "1qaz2wsx3edc4rfv5tgb",       /* QWERTY columns */
        "&\xc3\xa9\"'(\xc2\xa7\xc3\xa8!\xc3\xa7\xc3\xa0)-azertyuiop", /* Belgian number row */
        "\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81"
        "\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81\xef\xbd\x81"
        "\xef\xbd\x81", /* ａ × 15, full width */
    };
    for (size_t i = 0; i < sizeof rep / sizeof rep[0]; i++) {
        dk_auth_pw_reason r = dk_auth_password_check(rep[i], 15, NULL);
        if (r != DK_AUTH_PW_REPETITIVE)
            fprintf(stderr, "not repetitive: \"%s\" (%s)\n", rep[i],
                    dk_auth_password_reason_code(r));
        CHECK_INT(r, DK_AUTH_PW_REPETITIVE);
    }
    /* Just under the line: a repeated piece longer than half, runs below 3/4. */
    const char *ok[] = {
        "kzvrbq kzvrbq x", /* 7-symbol piece twice, plus one: period 7 of 15 */
        "ab12cd34ef56gh7", /* half runs, half breaks */
        "vlinder tafel raam",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        dk_auth_pw_reason r = dk_auth_password_check(ok[i], 15, NULL);
        if (r != DK_AUTH_PW_OK)
            fprintf(stderr, "refused: \"%s\" (%s)\n", ok[i], dk_auth_password_reason_code(r));
        CHECK_INT(r, DK_AUTH_PW_OK);
    }
    /* Random passwords of the minimum length are never judged repetitive. */
    dk_test_rng_state = 0x77u;
    const char pool[] = "abcdefghijklmnopqrstuvwxyz0123456789 !?.,-";
    for (int i = 0; i < 2000; i++) {
        char pw[16];
        for (int k = 0; k < 15; k++)
            pw[k] = pool[dk_test_rnd((int)sizeof pool - 1)];
        pw[15] = '\0';
        CHECK(dk_auth_password_check(pw, 15, NULL) != DK_AUTH_PW_REPETITIVE);
    }
}

static void reasons(void)
{
    CHECK_STR(dk_auth_password_reason_code(DK_AUTH_PW_OK), "ok");
    CHECK_STR(dk_auth_password_reason_code(DK_AUTH_PW_CONTAINS_CONTEXT), "contains_context");
    CHECK_STR(dk_auth_password_reason_code((dk_auth_pw_reason)42), "unknown");
    CHECK(dk_auth_password_reason_key(DK_AUTH_PW_OK) == NULL);
    CHECK(dk_auth_password_reason_key((dk_auth_pw_reason)42) == NULL);
    dk_buf b = DK_BUF_INIT;
    CHECK_INT(dk_auth_password_reason_append(&b, "nl", DK_AUTH_PW_OK, 15), -1);
    CHECK_INT((int)b.len, 0);
    const char *langs[] = {"nl", "fr", "en"};
    for (int r = DK_AUTH_PW_TOO_SHORT; r <= DK_AUTH_PW_REPETITIVE; r++) {
        const char *key = dk_auth_password_reason_key((dk_auth_pw_reason)r);
        CHECK(key != NULL && strncmp(key, "password.", 9) == 0);
        CHECK_STR(key + 9, dk_auth_password_reason_code((dk_auth_pw_reason)r));
        CHECK(dk_i18n_has(key));
        const char *seen[3] = {0};
        for (int l = 0; l < 3; l++) {
            dk_buf_reset(&b);
            CHECK_INT(dk_auth_password_reason_append(&b, langs[l], (dk_auth_pw_reason)r, 15), 0);
            CHECK(b.len > 20);
            seen[l] = strdup(b.data);
            if (r == DK_AUTH_PW_TOO_SHORT)
                CHECK(strstr(b.data, " 15 ") != NULL);
            if (r == DK_AUTH_PW_TOO_LONG)
                CHECK(strstr(b.data, " 128 ") != NULL);
        }
        /* Each language says it in its own words. */
        CHECK(strcmp(seen[0], seen[1]) != 0 && strcmp(seen[1], seen[2]) != 0);
        for (int l = 0; l < 3; l++)
            free((char *)seen[l]);
    }
    dk_buf_reset(&b);
    dk_auth_password_reason_append(&b, "nl", DK_AUTH_PW_TOO_SHORT, 8);
    CHECK(strstr(b.data, "minstens 8 tekens") != NULL);
    dk_buf_reset(&b);
    dk_auth_password_reason_append(&b, "xx", DK_AUTH_PW_BLOCKLISTED, 8);
    CHECK_STR(b.data, dk_i18n_text("en", "password.blocklisted"));
    dk_buf_free(&b);
}

int main(void)
{
    hash_round_trip();
    nfkc();
    rehash_and_stored_bounds();
    lengths();
    not_text();
    blocklist();
    context();
    repetition();
    reasons();
    DK_TEST_DONE();
}
