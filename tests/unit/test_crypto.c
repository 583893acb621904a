/* SPDX-License-Identifier: EUPL-1.2 */
/* test_crypto.c — the security code's properties (length, grouping, alphabet
 * without look-alikes, entropy, uniqueness, even use of the alphabet), its
 * normalisation, UUIDs, keyed hashes and constant-time comparison. */
#include "core/dk_crypto.h"
#include "dk_test.h"

#include <math.h>
#include <stdlib.h>

static void security_code_shape(void)
{
    CHECK_INT(strlen(dk_security_code_alphabet), 31);
    for (const char *a = "0O1IL"; *a; a++)
        CHECK(strchr(dk_security_code_alphabet, *a) == NULL);
    /* At least 80 bits: 20 symbols of 31. */
    CHECK(DK_SECURITY_CODE_SYMBOLS * log2(31.0) >= 80.0);
    char code[DK_SECURITY_CODE_LEN + 1];
    CHECK_INT(dk_security_code_new(code), 0);
    CHECK_INT(strlen(code), 23);
    for (int i = 0; i < 23; i++) {
        if (i % 6 == 5)
            CHECK(code[i] == '-');
        else
            CHECK(strchr(dk_security_code_alphabet, code[i]) != NULL);
    }
}

static int cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void security_codes_unique_and_uniform(void)
{
    enum { N = 20000 };
    static char codes[N][DK_SECURITY_CODE_LEN + 1];
    long counts[256] = {0};
    for (int i = 0; i < N; i++) {
        dk_security_code_new(codes[i]);
        for (const char *c = codes[i]; *c; c++)
            counts[(unsigned char)*c]++;
    }
    qsort(codes, N, sizeof codes[0], cmp);
    int dups = 0;
    for (int i = 1; i < N; i++)
        dups += strcmp(codes[i - 1], codes[i]) == 0;
    CHECK_INT(dups, 0);
    /* Chi-square over the 31 symbols: 30 degrees of freedom; 70 is far in
     * the tail (p < 1e-4), so a biased generator fails and a fair one passes. */
    double expected = (double)N * DK_SECURITY_CODE_SYMBOLS / 31.0, chi = 0;
    for (const char *a = dk_security_code_alphabet; *a; a++) {
        double d = (double)counts[(unsigned char)*a] - expected;
        chi += d * d / expected;
    }
    CHECK(chi < 70.0);
}

static void normalisation(void)
{
    char out[DK_SECURITY_CODE_LEN + 1];
    CHECK_INT(dk_security_code_normalise("abcde fghjk-mnpqr stuvw", out), 0);
    CHECK_STR(out, "ABCDE-FGHJK-MNPQR-STUVW");
    CHECK_INT(dk_security_code_normalise("ABCDEFGHJKMNPQRSTUVW", out), 0);
    CHECK_INT(dk_security_code_normalise("ABCDE-FGHJK-MNPQR-STUV", out), -1);   /* short */
    CHECK_INT(dk_security_code_normalise("ABCDE-FGHJK-MNPQR-STUVWX", out), -1); /* long */
    CHECK_INT(dk_security_code_normalise("ABCDE-FGHJK-MNPQR-STUV0", out), -1);  /* look-alike */
    CHECK_INT(dk_security_code_normalise("ABCDE-FGHJK-MNPQR-STUV\xc3\xa9", out), -1);
    CHECK_INT(dk_security_code_normalise("", out), -1);
}

static void uuids(void)
{
    char a[37], b[37];
    CHECK_INT(dk_uuid_v4(a), 0);
    CHECK_INT(dk_uuid_v4(b), 0);
    CHECK(dk_uuid_valid(a) && dk_uuid_valid(b));
    CHECK(strcmp(a, b) != 0);
    CHECK(a[14] == '4');
    CHECK(strchr("89ab", a[19]) != NULL);
    /* RFC 4122 appendix B vector, with the DNS namespace's bytes as text is
     * not comparable; so: determinism, version and variant. */
    dk_uuid_v5("dk.mail", "request_received:x", a);
    dk_uuid_v5("dk.mail", "request_received:x", b);
    CHECK_STR(a, b);
    CHECK(a[14] == '5');
    dk_uuid_v5("dk.mail", "request_received:y", b);
    CHECK(strcmp(a, b) != 0);
    CHECK(!dk_uuid_valid("not-a-uuid"));
    CHECK(!dk_uuid_valid("0000000-0000-0000-0000-0000000000000"));
    CHECK(!dk_uuid_valid(NULL));
}

static void keyed_hash(void)
{
    char h[65];
    /* RFC 4231 test case 2. */
    dk_keyed_hash_hex("Jefe", "what do ya want for nothing?", h);
    CHECK_STR(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    dk_sha256_hex("abc", 3, h); /* FIPS 180-2 appendix B.1 */
    CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    dk_keyed_hash_hex("Jefe", "what do ya want for nothing?", h);
    char h2[65];
    dk_keyed_hash_hex("other key", "what do ya want for nothing?", h2);
    CHECK(strcmp(h, h2) != 0);
    CHECK(dk_ct_equal("abc", "abc", 3));
    CHECK(!dk_ct_equal("abc", "abd", 3));
}

int main(void)
{
    security_code_shape();
    security_codes_unique_and_uniform();
    normalisation();
    uuids();
    keyed_hash();
    DK_TEST_DONE();
}
