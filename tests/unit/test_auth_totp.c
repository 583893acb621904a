/* SPDX-License-Identifier: EUPL-1.2 */
/* test_auth_totp.c — the authenticator codes of common/auth against the
 * RFCs' own vectors (RFC 4226 appendix D, RFC 6238 appendix B with its three
 * hashes), the drift window, replay refusal, typed-code forms, and the
 * otpauth:// URI with hostile issuers and accounts. */
#include "auth/dk_auth_base32.h"
#include "auth/dk_auth_totp.h"
#include "dk_test.h"

#include <stdlib.h>
#include <string.h>

static const unsigned char seed20[] = "12345678901234567890";
static const unsigned char seed32[] = "12345678901234567890123456789012";
static const unsigned char seed64[] =
    "1234567890123456789012345678901234567890123456789012345678901234";

static void rfc4226_vectors(void)
{
    static const char *const want[10] = {"755224", "287082", "359152", "969429", "338314",
                                         "254676", "287922", "162583", "399871", "520489"};
    for (int i = 0; i < 10; i++) {
        char code[DK_AUTH_TOTP_MAX_DIGITS + 1];
        CHECK_INT(dk_auth_hotp(DK_AUTH_TOTP_SHA1, seed20, 20, (uint64_t)i, 6, code), 0);
        CHECK_STR(code, want[i]);
    }
}

static void rfc6238_vectors(void)
{
    static const struct {
        int64_t t;
        const char *step_hex;
        const char *sha1, *sha256, *sha512;
    } v[] = {
        {59, "0000000000000001", "94287082", "46119246", "90693936"},
        {1111111109, "00000000023523EC", "07081804", "68084774", "25091201"},
        {1111111111, "00000000023523ED", "14050471", "67062674", "99943326"},
        {1234567890, "000000000273EF07", "89005924", "91819424", "93441116"},
        {2000000000, "0000000003F940AA", "69279037", "90698825", "38618901"},
        {20000000000, "0000000027BC86AA", "65353130", "77737706", "47863826"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const dk_auth_totp_params p1 = {DK_AUTH_TOTP_SHA1, 8, 30};
        const dk_auth_totp_params p256 = {DK_AUTH_TOTP_SHA256, 8, 30};
        const dk_auth_totp_params p512 = {DK_AUTH_TOTP_SHA512, 8, 30};
        int64_t step = dk_auth_totp_step(&p1, v[i].t);
        CHECK_INT(step, strtoll(v[i].step_hex, NULL, 16));
        char code[DK_AUTH_TOTP_MAX_DIGITS + 1];
        CHECK_INT(dk_auth_totp_code(&p1, seed20, 20, step, code), 0);
        CHECK_STR(code, v[i].sha1);
        CHECK_INT(dk_auth_totp_code(&p256, seed32, 32, step, code), 0);
        CHECK_STR(code, v[i].sha256);
        CHECK_INT(dk_auth_totp_code(&p512, seed64, 64, step, code), 0);
        CHECK_STR(code, v[i].sha512);
        /* And each verifies at its own time, once. */
        int64_t matched = -7;
        CHECK_INT(
            dk_auth_totp_verify(&p1, seed20, 20, v[i].sha1, v[i].t, DK_AUTH_TOTP_NO_STEP, &matched),
            DK_AUTH_TOTP_OK);
        CHECK_INT(matched, step);
        CHECK_INT(dk_auth_totp_verify(&p512, seed64, 64, v[i].sha512, v[i].t, matched, NULL),
                  DK_AUTH_TOTP_REPLAYED);
    }
}

static void bad_arguments(void)
{
    char code[DK_AUTH_TOTP_MAX_DIGITS + 1] = "x";
    CHECK_INT(dk_auth_hotp(DK_AUTH_TOTP_SHA1, seed20, 20, 0, 5, code), -1);
    CHECK_STR(code, "");
    CHECK_INT(dk_auth_hotp(DK_AUTH_TOTP_SHA1, seed20, 20, 0, 9, code), -1);
    CHECK_INT(dk_auth_hotp(DK_AUTH_TOTP_SHA1, seed20, 0, 0, 6, code), -1);
    CHECK_INT(dk_auth_hotp((dk_auth_totp_hash)7, seed20, 20, 0, 6, code), -1);
    const dk_auth_totp_params zero_period = {DK_AUTH_TOTP_SHA1, 6, 0};
    CHECK_INT(dk_auth_totp_step(&zero_period, 100), -1);
    CHECK_INT(dk_auth_totp_step(&dk_auth_totp_default, -1), -1);
    CHECK_INT(dk_auth_totp_step(NULL, 100), -1);
    CHECK_INT(dk_auth_totp_step(&dk_auth_totp_default, 0), 0);
    CHECK_INT(dk_auth_totp_step(&dk_auth_totp_default, 29), 0);
    CHECK_INT(dk_auth_totp_step(&dk_auth_totp_default, 30), 1);
    CHECK_INT(dk_auth_totp_code(&dk_auth_totp_default, seed20, 20, -1, code), -1);
    CHECK_INT(dk_auth_totp_verify(&dk_auth_totp_default, seed20, 20, "123456", -5,
                                  DK_AUTH_TOTP_NO_STEP, NULL),
              DK_AUTH_TOTP_ERROR);
    CHECK_INT(dk_auth_totp_verify(&dk_auth_totp_default, seed20, 20, NULL, 1000,
                                  DK_AUTH_TOTP_NO_STEP, NULL),
              DK_AUTH_TOTP_ERROR);
    CHECK_INT(
        dk_auth_totp_verify(&zero_period, seed20, 20, "123456", 1000, DK_AUTH_TOTP_NO_STEP, NULL),
        DK_AUTH_TOTP_ERROR);
    CHECK_STR(dk_auth_totp_result_code(DK_AUTH_TOTP_REPLAYED), "replayed");
    CHECK_STR(dk_auth_totp_result_code((dk_auth_totp_result)99), "error");
}

/* The product's parameters: drift, replay and typed forms. */
static void verify_window_and_replay(void)
{
    const dk_auth_totp_params *p = &dk_auth_totp_default;
    unsigned char key[DK_AUTH_TOTP_SECRET_BYTES];
    CHECK_INT(dk_auth_totp_secret_new(key), 0);
    const int64_t now = 1767225600 + 17; /* 2026-01-01T00:00:17Z, mid-step */
    int64_t s = dk_auth_totp_step(p, now);
    char code[9];

    /* ±1 step accepted, ±2 refused. */
    for (int d = -2; d <= 2; d++) {
        CHECK_INT(dk_auth_totp_code(p, key, sizeof key, s + d, code), 0);
        int64_t matched = -7;
        dk_auth_totp_result r =
            dk_auth_totp_verify(p, key, sizeof key, code, now, DK_AUTH_TOTP_NO_STEP, &matched);
        if (d >= -1 && d <= 1) {
            CHECK_INT(r, DK_AUTH_TOTP_OK);
            CHECK_INT(matched, s + d);
        } else {
            /* A code of another step can collide with one of the window's
             * (one in 10^6); the key is random, so allow for that. */
            char w[9];
            int collides = 0;
            for (int e = -1; e <= 1; e++) {
                dk_auth_totp_code(p, key, sizeof key, s + e, w);
                collides |= strcmp(w, code) == 0;
            }
            CHECK_INT(r, collides ? DK_AUTH_TOTP_OK : DK_AUTH_TOTP_WRONG);
            CHECK_INT(matched, collides ? matched : -7);
        }
    }

    /* Replay: the code of step s, once used, is refused at the same time
     * and later in the window; the previous step's too (older than s). */
    CHECK_INT(dk_auth_totp_code(p, key, sizeof key, s, code), 0);
    int64_t last = DK_AUTH_TOTP_NO_STEP;
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, now, last, &last), DK_AUTH_TOTP_OK);
    CHECK_INT(last, s);
    int64_t untouched = 12345;
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, now, last, &untouched),
              DK_AUTH_TOTP_REPLAYED);
    CHECK_INT(untouched, 12345);
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, now + 29, last, NULL),
              DK_AUTH_TOTP_REPLAYED);
    CHECK_INT(dk_auth_totp_code(p, key, sizeof key, s - 1, code), 0);
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, now, last, NULL),
              DK_AUTH_TOTP_REPLAYED);
    /* The next step's code still verifies, and then moves last on. */
    CHECK_INT(dk_auth_totp_code(p, key, sizeof key, s + 1, code), 0);
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, now, last, &last), DK_AUTH_TOTP_OK);
    CHECK_INT(last, s + 1);
    /* A wrong code is wrong, not replayed. */
    CHECK_INT(dk_auth_totp_code(p, key, sizeof key, s + 2, code), 0);
    code[0] = code[0] == '9' ? '0' : (char)(code[0] + 1);
    dk_auth_totp_result r = dk_auth_totp_verify(p, key, sizeof key, code, now, last, NULL);
    CHECK(r == DK_AUTH_TOTP_WRONG || r == DK_AUTH_TOTP_REPLAYED);
    /* At time 0 the window has no step -1: the code of step 0 verifies. */
    CHECK_INT(dk_auth_totp_code(p, key, sizeof key, 0, code), 0);
    CHECK_INT(dk_auth_totp_verify(p, key, sizeof key, code, 0, DK_AUTH_TOTP_NO_STEP, NULL),
              DK_AUTH_TOTP_OK);
}

static void typed_forms(void)
{
    const dk_auth_totp_params *p = &dk_auth_totp_default;
    /* RFC 4226's key at t = 59 s (step 1): 287082. */
    const char *ok[] = {"287082", "287 082", " 2 8 7 0 8 2 ", "287082   "};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        CHECK_INT(dk_auth_totp_verify(p, seed20, 20, ok[i], 59, DK_AUTH_TOTP_NO_STEP, NULL),
                  DK_AUTH_TOTP_OK);
    const char *bad[] = {"",        "28708",    "2870821",      "287-082",
                         "28708a",  "287082\n", "２８７０８２", "287\t082",
                         "+287082", "      ",   "287082 0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(dk_auth_totp_verify(p, seed20, 20, bad[i], 59, DK_AUTH_TOTP_NO_STEP, NULL),
                  DK_AUTH_TOTP_MALFORMED);
    char longer[200];
    memset(longer, ' ', sizeof longer - 7);
    strcpy(longer + sizeof longer - 7, "287082");
    CHECK_INT(dk_auth_totp_verify(p, seed20, 20, longer, 59, DK_AUTH_TOTP_NO_STEP, NULL),
              DK_AUTH_TOTP_MALFORMED);
}

static void secrets(void)
{
    unsigned char a[DK_AUTH_TOTP_SECRET_BYTES], b[DK_AUTH_TOTP_SECRET_BYTES];
    CHECK_INT(DK_AUTH_TOTP_SECRET_BYTES * 8, 160);
    CHECK_INT(dk_auth_totp_secret_new(a), 0);
    CHECK_INT(dk_auth_totp_secret_new(b), 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    dk_buf t = DK_BUF_INIT;
    CHECK_INT(dk_auth_totp_secret_text(&t, seed20, 20), 0);
    CHECK_STR(t.data, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    /* As typed, it decodes back (spaces are allowed). */
    unsigned char back[32];
    size_t n = 0;
    CHECK_INT(dk_auth_base32_decode(t.data, back, sizeof back, &n), 0);
    CHECK_INT(n, 20);
    CHECK(memcmp(back, seed20, 20) == 0);
    dk_buf_free(&t);
}

/* The query parameter name=value of uri, percent-decoded, into out. */
static int uri_param(const char *uri, const char *name, char *out, size_t n)
{
    const char *q = strchr(uri, '?');
    size_t nl = strlen(name);
    for (const char *at = q; at; at = strchr(at + 1, '&')) {
        if (strncmp(at + 1, name, nl) == 0 && at[1 + nl] == '=') {
            const char *v = at + 2 + nl;
            size_t k = 0;
            for (; *v && *v != '&' && k + 1 < n; v++) {
                if (*v == '%') {
                    char hex[3] = {v[1], v[2], 0};
                    out[k++] = (char)strtol(hex, NULL, 16);
                    v += 2;
                } else {
                    out[k++] = *v;
                }
            }
            out[k] = '\0';
            return 0;
        }
    }
    return -1;
}

static void otpauth_uri(void)
{
    dk_buf u = DK_BUF_INIT;
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "Digitale sleutels",
                                  "jan.peeters@example.be"),
              0);
    CHECK_STR(u.data, "otpauth://totp/Digitale%20sleutels:jan.peeters%40example.be"
                      "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Digitale%20sleutels"
                      "&algorithm=SHA1&digits=6&period=30");
    dk_buf_reset(&u);

    /* Hostile issuer and account: every delimiter of the URI, and non-ASCII. */
    const char *issuer = "CSAM: Mijn digitale sleutels & co? #1 %20 +/=";
    const char *account = "Zoë O'Brien:étoile?a=b&c@exämple.be";
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, issuer, account), 0);
    const char *uri = u.data;
    CHECK(strncmp(uri, "otpauth://totp/", 15) == 0);
    /* Exactly one ':' after the scheme's, one '?', and only the four '&'. */
    const char *label = uri + 15;
    const char *qm = strchr(label, '?');
    CHECK(qm != NULL && strchr(qm + 1, '?') == NULL);
    int colons = 0, amps = 0;
    for (const char *c = label; *c; c++) {
        colons += *c == ':';
        amps += *c == '&';
        CHECK(*c > 0x20 && *c < 0x7f && *c != '#' && *c != ' ' && *c != '+');
    }
    CHECK_INT(colons, 1);
    CHECK_INT(amps, 4);
    CHECK(strstr(uri, "Zo%C3%AB%20O%27Brien%3A%C3%A9toile%3Fa%3Db%26c%40ex%C3%A4mple.be?") != NULL);
    CHECK(strstr(uri, "CSAM%3A%20Mijn%20digitale%20sleutels%20%26%20co%3F%20%231%20%2520%20%2B%2F%"
                      "3D:") != NULL);
    char value[256];
    CHECK_INT(uri_param(uri, "issuer", value, sizeof value), 0);
    CHECK_STR(value, issuer);
    CHECK_INT(uri_param(uri, "secret", value, sizeof value), 0);
    CHECK_STR(value, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    CHECK_INT(uri_param(uri, "digits", value, sizeof value), 0);
    CHECK_STR(value, "6");
    dk_buf_reset(&u);

    /* Other algorithms are named as apps expect. */
    const dk_auth_totp_params p512 = {DK_AUTH_TOTP_SHA512, 8, 60};
    CHECK_INT(dk_auth_otpauth_uri(&u, &p512, seed64, 64, "x", "y"), 0);
    CHECK(strstr(u.data, "&algorithm=SHA512&digits=8&period=60") != NULL);
    dk_buf_reset(&u);

    /* Refused: empty, NULL, invalid UTF-8, control characters, no secret. */
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "", "a"), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x", NULL), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x", "a\xc3"), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x\xed\xa0\x80", "a"), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x\ny", "a"), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x", "a\tb"), -1);
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 0, "x", "a"), -1);
    const dk_auth_totp_params five = {DK_AUTH_TOTP_SHA1, 5, 30};
    CHECK_INT(dk_auth_otpauth_uri(&u, &five, seed20, 20, "x", "a"), -1);
    char huge[400];
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    CHECK_INT(dk_auth_otpauth_uri(&u, &dk_auth_totp_default, seed20, 20, "x", huge), -1);
    CHECK_INT((int)u.len, 0);
    dk_buf_free(&u);
}

int main(void)
{
    rfc4226_vectors();
    rfc6238_vectors();
    bad_arguments();
    verify_window_and_replay();
    typed_forms();
    secrets();
    otpauth_uri();
    DK_TEST_DONE();
}
