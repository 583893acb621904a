/* SPDX-License-Identifier: EUPL-1.2 */
/* test_seal.c — sealed objects open back exactly and only for their
 * application and purpose under the right key: a flipped bit in ct, tag or
 * iv, another application id, another purpose, another key, a malformed
 * sealed object are all refused; IVs do not repeat; a rotation opens what
 * the old key sealed; Python's cryptography opens what we seal (the format
 * is what dk_seal.h says). */
#include "dk_test.h"
#include "dk_test_python.h"
#include "store/dk_seal.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static const char *const APP = "7f01f5f8-5342-4092-ad3e-550e8d64c670";
static const char *const OTHER = "00000000-0000-4000-8000-000000000001";
static const char *const PURPOSE = "application.submitted";

static json_t *sample(void)
{
    return json_pack("{s:s, s:s, s:{s:s}}", "last_name", "Peeters-Ünal", "email", "jan@example.be",
                     "vars", "first_names", "Jan Marie");
}

static int refused(const json_t *sealed, const char *app, const char *purpose, const char *want)
{
    char err[256] = "";
    json_t *plain = dk_seal_open(sealed, purpose, app, err, sizeof err);
    int ok = plain == NULL && strstr(err, want) != NULL;
    if (!ok)
        fprintf(stderr, "  expected refusal with \"%s\", got \"%s\"\n", want, err);
    json_decref(plain);
    return ok;
}

/* A copy of sealed with one bit of the decoded field flipped at byte i. */
static json_t *flipped(const json_t *sealed, const char *field, size_t i)
{
    const char *s = json_string_value(json_object_get(sealed, field));
    size_t n = strlen(s);
    unsigned char *raw = malloc(n);
    int len = EVP_DecodeBlock(raw, (const unsigned char *)s, (int)n);
    len -= (s[n - 1] == '=') + (s[n - 2] == '=');
    raw[i % (size_t)len] ^= 0x01;
    char *out = malloc(n + 1);
    EVP_EncodeBlock((unsigned char *)out, raw, len);
    json_t *copy = json_deep_copy(sealed);
    json_object_set_new(copy, field, json_string(out));
    free(raw);
    free(out);
    return copy;
}

static json_t *with(const json_t *sealed, const char *field, json_t *value)
{
    json_t *copy = json_deep_copy(sealed);
    if (value)
        json_object_set_new(copy, field, value);
    else
        json_object_del(copy, field);
    return copy;
}

static void round_trip_and_tampering(void)
{
    char err[256];
    json_t *plain = sample();
    json_t *sealed = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    CHECK(sealed != NULL);
    CHECK_STR(json_string_value(json_object_get(sealed, "alg")), "A256GCM");
    CHECK_INT(strlen(json_string_value(json_object_get(sealed, "kid"))), DK_SEAL_KID_LEN);
    char *text = json_dumps(sealed, JSON_COMPACT);
    CHECK(strstr(text, "Peeters") == NULL && strstr(text, "jan@example.be") == NULL);
    free(text);

    json_t *back = dk_seal_open(sealed, PURPOSE, APP, err, sizeof err);
    CHECK(back && json_equal(back, plain));
    json_decref(back);

    /* One bit anywhere in ct, tag or iv. */
    size_t ctlen = strlen(json_string_value(json_object_get(sealed, "ct"))) * 3 / 4 - 2;
    for (size_t i = 0; i < ctlen; i += 7) {
        json_t *t = flipped(sealed, "ct", i);
        CHECK(refused(t, APP, PURPOSE, "does not authenticate"));
        json_decref(t);
    }
    for (size_t i = 0; i < 16; i++) {
        json_t *t = flipped(sealed, "tag", i);
        CHECK(refused(t, APP, PURPOSE, "does not authenticate"));
        json_decref(t);
    }
    for (size_t i = 0; i < 12; i++) {
        json_t *t = flipped(sealed, "iv", i);
        CHECK(refused(t, APP, PURPOSE, "does not authenticate"));
        json_decref(t);
    }
    /* Bound to its application and its purpose. */
    CHECK(refused(sealed, OTHER, PURPOSE, "does not authenticate"));
    CHECK(refused(sealed, APP, "mail.requested", "does not authenticate"));
    /* Truncated ciphertext. */
    json_t *t = with(sealed, "ct", json_string("AAAA"));
    CHECK(refused(t, APP, PURPOSE, "does not authenticate"));
    json_decref(t);

    /* Another key: its kid is unknown; the right kid on the wrong key fails
     * the tag. */
    setenv("DK_MESSAGE_KEY", "another-secret", 1);
    CHECK(refused(sealed, APP, PURPOSE, "unknown key"));
    json_t *other = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    json_t *forged = with(other, "kid", json_deep_copy(json_object_get(sealed, "kid")));
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    CHECK(refused(forged, APP, PURPOSE, "does not authenticate"));
    json_decref(forged);
    json_decref(other);

    json_decref(sealed);
    json_decref(plain);
}

static void malformed(void)
{
    char err[256];
    json_t *plain = sample();
    json_t *sealed = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    struct {
        const char *field;
        json_t *value; /* NULL = removed */
        const char *want;
    } cases[] = {
        {"alg", json_string("none"), "alg must be A256GCM"},
        {"alg", NULL, "exactly alg, kid, iv, ct, tag"},
        {"extra", json_string("x"), "exactly alg, kid, iv, ct, tag"},
        {"kid", json_integer(7), "exactly alg, kid, iv, ct, tag"},
        {"kid", json_string("0000000000000000"), "unknown key"},
        {"iv", json_string("AAAAAAAAAAAAAAAA"), "does not authenticate"}, /* 12 zero bytes */
        {"iv", json_string("AAAAAAAA"), "iv must be 12 bytes"},
        {"iv", json_string("AAAAAAAAAAAAAAAAAAAA"), "iv must be 12 bytes"},
        {"iv", json_string("AAAA AAAAAAAAAAA"), "padded base64"},
        {"iv", json_integer(1), "padded base64"},
        {"tag", json_string("AAAAAAAAAAAAAAAAAAAAA=="), "iv must be 12 bytes, tag 16"},
        {"tag", json_string("AAAAAAAAAAAAAAAAAAAA!A=="), "padded base64"},
        {"ct", json_string(""), "padded base64"},
        {"ct", json_string("AAA"), "padded base64"},
        {"ct", json_string("A=AA"), "padded base64"},
        {"ct", json_null(), "padded base64"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *t = with(sealed, cases[i].field, cases[i].value);
        if (!refused(t, APP, PURPOSE, cases[i].want))
            fprintf(stderr, "  case %zu (%s)\n", i, cases[i].field);
        CHECK(refused(t, APP, PURPOSE, cases[i].want));
        json_decref(t);
    }
    json_t *not_object = json_string("x");
    CHECK(refused(not_object, APP, PURPOSE, "exactly alg"));
    json_decref(not_object);
    CHECK(refused(NULL, APP, PURPOSE, "exactly alg"));
    /* A genuine seal of something other than an object. */
    json_t *arr = json_pack("[s]", "x");
    json_t *sealed_arr = dk_seal(arr, PURPOSE, APP, err, sizeof err);
    CHECK(sealed_arr != NULL);
    CHECK(refused(sealed_arr, APP, PURPOSE, "does not hold a JSON object"));
    json_decref(sealed_arr);
    json_decref(arr);
    json_decref(sealed);
    json_decref(plain);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ivs_do_not_repeat(void)
{
    enum { N = 20000 };
    char **ivs = malloc(N * sizeof *ivs), err[256];
    json_t *plain = sample();
    for (int i = 0; i < N; i++) {
        json_t *s = dk_seal(plain, PURPOSE, APP, err, sizeof err);
        ivs[i] = strdup(s ? json_string_value(json_object_get(s, "iv")) : "");
        json_decref(s);
    }
    qsort(ivs, N, sizeof *ivs, cmp_str);
    int repeats = 0;
    for (int i = 1; i < N; i++)
        repeats += strcmp(ivs[i - 1], ivs[i]) == 0;
    CHECK_INT(repeats, 0);
    CHECK(strlen(ivs[0]) == 16);
    for (int i = 0; i < N; i++)
        free(ivs[i]);
    free(ivs);
    json_decref(plain);
}

static void rotation(void)
{
    char err[256], kid_a[DK_SEAL_KID_LEN + 1], kid_b[DK_SEAL_KID_LEN + 1];
    dk_seal_kid("key-a", kid_a);
    dk_seal_kid("key-b", kid_b);
    CHECK(strcmp(kid_a, kid_b) != 0);
    json_t *plain = sample();
    setenv("DK_MESSAGE_KEY", "key-a", 1);
    json_t *old = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    CHECK_STR(json_string_value(json_object_get(old, "kid")), kid_a);
    /* The new key seals; the old one still opens during the rotation. */
    setenv("DK_MESSAGE_KEY", "key-b", 1);
    setenv("DK_MESSAGE_KEY_OLD", "key-a", 1);
    json_t *fresh = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    CHECK_STR(json_string_value(json_object_get(fresh, "kid")), kid_b);
    json_t *a = dk_seal_open(old, PURPOSE, APP, err, sizeof err);
    json_t *b = dk_seal_open(fresh, PURPOSE, APP, err, sizeof err);
    CHECK(a && json_equal(a, plain));
    CHECK(b && json_equal(b, plain));
    json_decref(a);
    json_decref(b);
    /* Rotation over: the old key's messages are refused by name. */
    unsetenv("DK_MESSAGE_KEY_OLD");
    CHECK(refused(old, APP, PURPOSE, kid_a));
    /* During a rotation only the new key seals. */
    setenv("DK_MESSAGE_KEY_OLD", "key-a", 1);
    json_t *again = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    CHECK_STR(json_string_value(json_object_get(again, "kid")), kid_b);
    json_decref(again);
    unsetenv("DK_MESSAGE_KEY_OLD");
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    json_decref(old);
    json_decref(fresh);
    json_decref(plain);
}

/* The documented format, opened by another implementation. */
static const char py_open[] =
    "import base64, json, sys\n"
    "from cryptography.exceptions import InvalidTag\n"
    "from cryptography.hazmat.primitives import hashes\n"
    "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
    "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n"
    "s = json.load(open(sys.argv[1]))\n"
    "key = HKDF(hashes.SHA256(), 32, b'dk-message-seal-v1', "
    "b'A256GCM').derive(sys.argv[2].encode())\n"
    "h = hashes.Hash(hashes.SHA256()); h.update(key)\n"
    "assert s['kid'] == h.finalize()[:8].hex(), s['kid']\n"
    "aad = ('dk-seal-v1|%s|%s' % (sys.argv[3], sys.argv[4])).encode()\n"
    "b = lambda k: base64.b64decode(s[k], validate=True)\n"
    "try:\n"
    "    plain = json.loads(AESGCM(key).decrypt(b('iv'), b('ct') + b('tag'), aad))\n"
    "except InvalidTag:\n"
    "    sys.exit(3)\n"
    "assert plain['last_name'] == 'Peeters-\\u00dcnal', plain\n"
    "assert plain['vars'] == {'first_names': 'Jan Marie'}, plain\n";

static void python_opens_it(void)
{
    char err[256];
    json_t *plain = sample();
    json_t *sealed = dk_seal(plain, PURPOSE, APP, err, sizeof err);
    char *text = json_dumps(sealed, JSON_COMPACT);
    const char *args[] = {"unit-test-message-key", PURPOSE, APP, NULL};
    CHECK_INT(dk_test_python(py_open, text, strlen(text), args), 0);
    const char *wrong[] = {"unit-test-message-key", PURPOSE, OTHER, NULL};
    CHECK(dk_test_python(py_open, text, strlen(text), wrong) != 0);
    free(text);
    json_decref(sealed);
    json_decref(plain);
}

int main(void)
{
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    unsetenv("DK_MESSAGE_KEY_OLD");
    round_trip_and_tampering();
    malformed();
    ivs_do_not_repeat();
    rotation();
    python_opens_it();
    DK_TEST_DONE();
}
