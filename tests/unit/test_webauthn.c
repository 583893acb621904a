/* SPDX-License-Identifier: EUPL-1.2 */
/* test_webauthn.c — WebAuthn verification of common/auth
 * (dk_auth_webauthn.h) against stored vectors (tests/data/webauthn: the W3C
 * Level 3 specification's and recordings of Chromium's virtual
 * authenticator): each registers and authenticates as its file says, the
 * sign count carried over; then every tamper is refused with its code (one
 * flipped bit anywhere, another origin, RP ID or challenge, a replayed
 * counter, UV cleared, the ceremony type swapped, truncated and oversized
 * inputs at every length, an unsupported algorithm, a point off the curve),
 * and the counter rules on credentials signed here with a fresh key. Also
 * base64url and the CBOR reader's bounds. */
#include "auth/dk_auth_b64url.h"
#include "auth/dk_auth_cbor.h"
#include "auth/dk_auth_webauthn.h"
#include "auth/dk_auth_webauthn_parts.h"
#include "dk_test.h"

#include <dirent.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#define DIR_VECTORS "tests/data/webauthn"

typedef dk_auth_webauthn_bytes bytes;
typedef dk_auth_webauthn_result result;

/* A byte buffer the test owns. */
typedef struct {
    unsigned char *p;
    size_t n;
} owned;

static bytes B(owned o)
{
    return (bytes){o.p, o.n};
}

static owned copy_of(const void *p, size_t n)
{
    owned o = {malloc(n ? n : 1), n};
    if (n)
        memcpy(o.p, p, n);
    return o;
}

/* The base64url member `key` of obj, decoded (empty when absent). */
static owned field(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    owned o = {NULL, 0};
    if (!s) {
        fprintf(stderr, "vector: no member %s\n", key);
        return copy_of("", 0);
    }
    size_t n = strlen(s);
    o.p = malloc(n + 1);
    if (dk_auth_b64url_decode(s, n, o.p, n + 1, &o.n) != 0) {
        fprintf(stderr, "vector: %s is not base64url\n", key);
        o.n = 0;
    }
    return o;
}

static const char *code(result r)
{
    return dk_auth_webauthn_code(r);
}

/* The authData byte string inside an attestation object: offset and length. */
static int find_auth_data(owned att, size_t *off, size_t *len)
{
    dk_auth_cbor_reader r;
    dk_auth_cbor_item map, k, v;
    dk_auth_cbor_init(&r, att.p, att.n);
    if (dk_auth_cbor_next(&r, &map) != 0 || map.kind != DK_AUTH_CBOR_MAP)
        return -1;
    for (uint64_t i = 0; i < map.value; i++) {
        if (dk_auth_cbor_next(&r, &k) != 0 || dk_auth_cbor_next(&r, &v) != 0)
            return -1;
        if (dk_auth_cbor_text_is(&k, "authData") && v.kind == DK_AUTH_CBOR_BYTES) {
            *off = (size_t)(v.data - att.p);
            *len = v.len;
            return 0;
        }
        if (dk_auth_cbor_skip(&r, &v, 8) != 0)
            return -1;
    }
    return -1;
}

/* ---- one vector file ---- */

typedef struct {
    json_t *root;
    dk_auth_webauthn_rp rp;
    int alg;
    owned reg_challenge, reg_client, reg_att;
    const char *expect_reg, *expect_auth;
} vector;

static int vector_load(const char *path, vector *v)
{
    memset(v, 0, sizeof *v);
    json_error_t err;
    v->root = json_load_file(path, 0, &err);
    if (!v->root) {
        fprintf(stderr, "%s: %s\n", path, err.text);
        return -1;
    }
    v->rp.rp_id = json_string_value(json_object_get(v->root, "rp_id"));
    v->rp.origin = json_string_value(json_object_get(v->root, "origin"));
    v->alg = (int)json_integer_value(json_object_get(v->root, "alg"));
    v->expect_reg = json_string_value(json_object_get(v->root, "expect_registration"));
    v->expect_auth = json_string_value(json_object_get(v->root, "expect_authentication"));
    const json_t *reg = json_object_get(v->root, "registration");
    v->reg_challenge = field(reg, "challenge");
    v->reg_client = field(reg, "clientDataJSON");
    v->reg_att = field(reg, "attestationObject");
    return v->rp.rp_id && v->rp.origin && v->expect_reg && v->expect_auth ? 0 : -1;
}

static void vector_free(vector *v)
{
    free(v->reg_challenge.p);
    free(v->reg_client.p);
    free(v->reg_att.p);
    json_decref(v->root);
}

typedef struct {
    owned challenge, client, auth_data, sig;
} assertion;

static assertion assertion_at(const vector *v, size_t i)
{
    const json_t *a = json_array_get(json_object_get(v->root, "authentications"), i);
    return (assertion){field(a, "challenge"), field(a, "clientDataJSON"),
                       field(a, "authenticatorData"), field(a, "signature")};
}

static void assertion_free(assertion *a)
{
    free(a->challenge.p);
    free(a->client.p);
    free(a->auth_data.p);
    free(a->sig.p);
}

static result do_register(const vector *v, dk_auth_webauthn_credential *cred)
{
    return dk_auth_webauthn_register(&v->rp, B(v->reg_challenge), B(v->reg_client), B(v->reg_att),
                                     cred);
}

static result do_assert(const dk_auth_webauthn_rp *rp, const assertion *a,
                        const dk_auth_webauthn_stored *st, dk_auth_webauthn_assertion *out)
{
    return dk_auth_webauthn_assert(rp, B(a->challenge), B(a->client), B(a->auth_data), B(a->sig),
                                   st, out);
}

/* The credential's key as its authenticator data carries it (for vectors
 * whose registration the service refuses, e.g. for want of UV). */
static int key_of(const vector *v, unsigned char *key, size_t *key_len, uint32_t *count)
{
    size_t off, len;
    dk_auth_webauthn_auth_data ad;
    if (find_auth_data(v->reg_att, &off, &len) != 0 ||
        dk_auth_webauthn_auth_data_parse(v->reg_att.p + off, len, &ad) != DK_AUTH_WEBAUTHN_OK ||
        !ad.public_key || ad.public_key_len > DK_AUTH_WEBAUTHN_COSE_KEY_MAX)
        return -1;
    memcpy(key, ad.public_key, ad.public_key_len);
    *key_len = ad.public_key_len;
    *count = ad.sign_count;
    return 0;
}

/* Every stored vector: registration, then each authentication in order with
 * the sign count carried over; and each assertion's signature on its own. */
static int run_vector(const char *path)
{
    vector v;
    if (vector_load(path, &v) != 0) {
        CHECK(!"vector loads");
        vector_free(&v);
        return 0;
    }
    dk_auth_webauthn_credential cred;
    result r = do_register(&v, &cred);
    if (strcmp(code(r), v.expect_reg) != 0)
        fprintf(stderr, "%s: registration\n", path);
    CHECK_STR(code(r), v.expect_reg);

    unsigned char key[DK_AUTH_WEBAUTHN_COSE_KEY_MAX];
    size_t key_len = 0;
    uint32_t count = 0;
    if (r == DK_AUTH_WEBAUTHN_OK) {
        CHECK_INT(cred.alg, v.alg);
        CHECK(cred.credential_id_len > 0);
        CHECK(cred.flags & DK_AUTH_WEBAUTHN_FLAG_UV);
        memcpy(key, cred.public_key, cred.public_key_len);
        key_len = cred.public_key_len;
        count = cred.sign_count;
        /* The credential id is the one the browser reported. */
        const char *id =
            json_string_value(json_object_get(json_object_get(v.root, "registration"), "id"));
        if (id) {
            dk_buf b = DK_BUF_INIT;
            CHECK_INT(dk_auth_b64url_encode(&b, cred.credential_id, cred.credential_id_len), 0);
            CHECK_STR(b.data, id);
            dk_buf_free(&b);
        }
    } else {
        CHECK_INT(key_of(&v, key, &key_len, &count), 0);
    }

    size_t n = json_array_size(json_object_get(v.root, "authentications"));
    CHECK(n >= 1);
    for (size_t i = 0; i < n; i++) {
        assertion a = assertion_at(&v, i);
        dk_auth_webauthn_stored st = {{key, key_len}, v.alg, count};
        dk_auth_webauthn_assertion out;
        r = do_assert(&v.rp, &a, &st, &out);
        if (strcmp(code(r), v.expect_auth) != 0)
            fprintf(stderr, "%s: authentication %zu\n", path, i);
        CHECK_STR(code(r), v.expect_auth);
        if (r == DK_AUTH_WEBAUTHN_OK) {
            CHECK(out.sign_count > count || (out.sign_count == 0 && count == 0));
            /* The same assertion once more: its counter is now the stored one. */
            dk_auth_webauthn_stored again = {{key, key_len}, v.alg, out.sign_count};
            if (out.sign_count != 0)
                CHECK_STR(code(do_assert(&v.rp, &a, &again, NULL)), "counter_regressed");
            count = out.sign_count;
        }
        /* The signature itself, whatever the policy says of the flags. */
        int alg = 0;
        EVP_PKEY *pk = NULL;
        unsigned char hash[32];
        CHECK_STR(code(dk_auth_webauthn_cose_key(key, key_len, &alg, &pk)), "ok");
        CHECK_INT(alg, v.alg);
        CHECK_INT(dk_auth_webauthn_sha256(a.client.p, a.client.n, hash), 0);
        if (pk) {
            CHECK_STR(code(dk_auth_webauthn_verify(pk, alg, a.auth_data.p, a.auth_data.n, hash,
                                                   B(a.sig))),
                      "ok");
            hash[7] ^= 0x10;
            CHECK_STR(code(dk_auth_webauthn_verify(pk, alg, a.auth_data.p, a.auth_data.n, hash,
                                                   B(a.sig))),
                      "signature");
        }
        EVP_PKEY_free(pk);
        assertion_free(&a);
    }
    vector_free(&v);
    return 1;
}

static void stored_vectors(void)
{
    DIR *d = opendir(DIR_VECTORS);
    CHECK(d != NULL);
    if (!d)
        return;
    int files = 0, w3c = 0, chromium = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", DIR_VECTORS, e->d_name);
        files += run_vector(path);
        w3c += strncmp(e->d_name, "w3c-", 4) == 0;
        chromium += strncmp(e->d_name, "chromium-", 9) == 0;
    }
    closedir(d);
    CHECK(w3c >= 3);
    CHECK(chromium >= 4);
    CHECK_INT(files, w3c + chromium);
}

/* ---- tampering with a registration ---- */

static void registration_tampers(const char *path)
{
    vector v;
    if (vector_load(path, &v) != 0) {
        CHECK(!"vector loads");
        vector_free(&v);
        return;
    }
    dk_auth_webauthn_credential good, cred;
    CHECK_STR(code(do_register(&v, &good)), "ok");

    dk_auth_webauthn_rp other = v.rp;
    other.origin = "https://evil.example";
    CHECK_STR(code(dk_auth_webauthn_register(&other, B(v.reg_challenge), B(v.reg_client),
                                             B(v.reg_att), &cred)),
              "origin");
    CHECK_INT(cred.credential_id_len, 0); /* a refusal leaves nothing behind */
    other = v.rp;
    other.rp_id = "example.net";
    CHECK_STR(code(dk_auth_webauthn_register(&other, B(v.reg_challenge), B(v.reg_client),
                                             B(v.reg_att), &cred)),
              "rp_id");
    owned ch = copy_of(v.reg_challenge.p, v.reg_challenge.n);
    ch.p[0] ^= 1;
    CHECK_STR(code(dk_auth_webauthn_register(&v.rp, B(ch), B(v.reg_client), B(v.reg_att), &cred)),
              "challenge");
    CHECK_STR(code(dk_auth_webauthn_register(&v.rp, (bytes){ch.p, ch.n - 1}, B(v.reg_client),
                                             B(v.reg_att), &cred)),
              "challenge");
    free(ch.p);

    /* An authentication's clientDataJSON where a registration's belongs. */
    assertion a = assertion_at(&v, 0);
    CHECK_STR(code(dk_auth_webauthn_register(&v.rp, B(v.reg_challenge), B(a.client), B(v.reg_att),
                                             &cred)),
              "type");
    assertion_free(&a);

    /* Every bit of clientDataJSON flipped, up to the end of the origin: never
     * accepted. (Nothing signs a "none" registration's clientDataJSON: a
     * member the checks do not read, such as the name "crossOrigin", may
     * change; the browser's TLS connection is what carries it intact.) */
    owned cd = copy_of(v.reg_client.p, v.reg_client.n);
    const char *end = memmem(cd.p, cd.n, ",\"crossOrigin\"", 14);
    CHECK(end != NULL);
    size_t upto = end ? (size_t)(end - (const char *)cd.p) : 0;
    int accepted = 0;
    for (size_t bit = 0; bit < upto * 8; bit++) {
        cd.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        accepted += do_register(&(vector){.rp = v.rp,
                                          .reg_challenge = v.reg_challenge,
                                          .reg_client = cd,
                                          .reg_att = v.reg_att},
                                &cred) == DK_AUTH_WEBAUTHN_OK;
        cd.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK_INT(accepted, 0);
    free(cd.p);

    /* The flags inside authData: UV cleared, UP cleared, BS without BE. */
    size_t off = 0, len = 0;
    CHECK_INT(find_auth_data(v.reg_att, &off, &len), 0);
    owned att = copy_of(v.reg_att.p, v.reg_att.n);
    vector t = v;
    t.reg_att = att;
    att.p[off + 32] &= (unsigned char)~DK_AUTH_WEBAUTHN_FLAG_UV;
    CHECK_STR(code(do_register(&t, &cred)), "user_verification");
    att.p[off + 32] = v.reg_att.p[off + 32] & (unsigned char)~DK_AUTH_WEBAUTHN_FLAG_UP;
    CHECK_STR(code(do_register(&t, &cred)), "user_presence");
    att.p[off + 32] = (unsigned char)((v.reg_att.p[off + 32] | DK_AUTH_WEBAUTHN_FLAG_BS) &
                                      ~DK_AUTH_WEBAUTHN_FLAG_BE);
    CHECK_STR(code(do_register(&t, &cred)), "malformed");
    att.p[off + 32] = v.reg_att.p[off + 32] & (unsigned char)~DK_AUTH_WEBAUTHN_FLAG_AT;
    CHECK_STR(code(do_register(&t, &cred)), "malformed"); /* then the key trails */
    att.p[off + 32] = v.reg_att.p[off + 32];
    att.p[off] ^= 0x80; /* rpIdHash */
    CHECK_STR(code(do_register(&t, &cred)), "rp_id");
    att.p[off] = v.reg_att.p[off];

    /* The COSE key (a5 01 02 03 26 ...): alg -7 -> -8 (EdDSA, not taken);
     * the last bit of y flipped, off the curve. */
    size_t key_len = good.public_key_len;
    unsigned char *key = key_len ? memmem(att.p + off, len, good.public_key, key_len) : NULL;
    CHECK(key != NULL && key[3] == 0x03 && key[4] == 0x26);
    if (key) {
        key[4] = 0x27;
        CHECK_STR(code(do_register(&t, &cred)), "algorithm");
        key[4] = 0x26;
        key[key_len - 1] ^= 1;
        CHECK_STR(code(do_register(&t, &cred)), "key");
        key[key_len - 1] ^= 1;
    }
    CHECK_STR(code(do_register(&t, &cred)), "ok");

    /* fmt "none" -> "nonf": a format nobody defined. */
    unsigned char *fmt = memmem(att.p, att.n, "none", 4);
    CHECK(fmt != NULL);
    if (fmt) {
        fmt[3] = 'f';
        CHECK_STR(code(do_register(&t, &cred)), "attestation_format");
        fmt[3] = 'e';
    }

    /* Truncated at every length: refused, never a crash. */
    accepted = 0;
    for (size_t n = 0; n < v.reg_att.n; n++) {
        t.reg_att = (owned){att.p, n};
        accepted += do_register(&t, &cred) == DK_AUTH_WEBAUTHN_OK;
    }
    CHECK_INT(accepted, 0);
    t.reg_att = (owned){NULL, 0};
    CHECK_STR(code(do_register(&t, &cred)), "malformed");
    free(att.p);

    /* One byte more: trailing bytes refused; past the bounds: too large. */
    owned longer = {malloc(DK_AUTH_WEBAUTHN_ATTESTATION_MAX + 1), 0};
    memcpy(longer.p, v.reg_att.p, v.reg_att.n);
    memset(longer.p + v.reg_att.n, 0, DK_AUTH_WEBAUTHN_ATTESTATION_MAX + 1 - v.reg_att.n);
    t.reg_att = (owned){longer.p, v.reg_att.n + 1};
    CHECK_STR(code(do_register(&t, &cred)), "malformed");
    t.reg_att = (owned){longer.p, DK_AUTH_WEBAUTHN_ATTESTATION_MAX + 1};
    CHECK_STR(code(do_register(&t, &cred)), "too_large");
    free(longer.p);
    owned big = {malloc(DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX + 1),
                 DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX + 1};
    memset(big.p, ' ', big.n);
    memcpy(big.p, v.reg_client.p, v.reg_client.n); /* valid JSON, then spaces */
    t = v;
    t.reg_client = big;
    CHECK_STR(code(do_register(&t, &cred)), "too_large");
    t.reg_client.n = DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX; /* at the bound: fine, but not signed */
    CHECK_STR(code(do_register(&t, &cred)), "ok");
    free(big.p);

    /* Arguments. */
    CHECK_STR(code(dk_auth_webauthn_register(NULL, B(v.reg_challenge), B(v.reg_client),
                                             B(v.reg_att), &cred)),
              "argument");
    CHECK_STR(code(dk_auth_webauthn_register(&v.rp, (bytes){v.reg_challenge.p, 15}, B(v.reg_client),
                                             B(v.reg_att), &cred)),
              "argument");
    CHECK_STR(
        code(dk_auth_webauthn_register(&(dk_auth_webauthn_rp){"", v.rp.origin}, B(v.reg_challenge),
                                       B(v.reg_client), B(v.reg_att), &cred)),
        "argument");
    vector_free(&v);
}

/* Packed self attestation (W3C 16.3): every bit of the attestation object
 * flipped is refused (authData, the statement and the structure are all
 * covered by the signature or the checks). */
static void packed_self_every_bit(const char *path)
{
    vector v;
    if (vector_load(path, &v) != 0) {
        CHECK(!"vector loads");
        vector_free(&v);
        return;
    }
    dk_auth_webauthn_credential cred;
    CHECK_STR(code(do_register(&v, &cred)), "ok");
    CHECK_STR(cred.fmt, "packed");
    owned att = copy_of(v.reg_att.p, v.reg_att.n);
    vector t = v;
    t.reg_att = att;
    int accepted = 0, signature = 0;
    for (size_t bit = 0; bit < att.n * 8; bit++) {
        att.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        result r = do_register(&t, &cred);
        accepted += r == DK_AUTH_WEBAUTHN_OK;
        signature += r == DK_AUTH_WEBAUTHN_SIGNATURE;
        att.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK_INT(accepted, 0);
    CHECK(signature > 0);
    /* The statement's alg not the key's. */
    unsigned char *alg = memmem(att.p, att.n,
                                "\x63"
                                "alg"
                                "\x26",
                                5);
    CHECK(alg != NULL);
    if (alg) {
        alg[4] = 0x39; /* -7 -> a two-byte negative: the bytes then no longer parse */
        CHECK(do_register(&t, &cred) != DK_AUTH_WEBAUTHN_OK);
        alg[4] = 0x24; /* -5: not the credential's -7 */
        CHECK_STR(code(do_register(&t, &cred)), "algorithm");
    }
    free(att.p);
    vector_free(&v);
}

/* ---- tampering with an assertion ---- */

static void assertion_tampers(const char *path)
{
    vector v;
    if (vector_load(path, &v) != 0) {
        CHECK(!"vector loads");
        vector_free(&v);
        return;
    }
    dk_auth_webauthn_credential cred;
    CHECK_STR(code(do_register(&v, &cred)), "ok");
    dk_auth_webauthn_stored st = {
        {cred.public_key, cred.public_key_len}, cred.alg, cred.sign_count};
    assertion a = assertion_at(&v, 0);
    dk_auth_webauthn_assertion out;
    CHECK_STR(code(do_assert(&v.rp, &a, &st, &out)), "ok");
    uint32_t good = out.sign_count;

    /* Counter: replayed (equal), gone back, and from zero. */
    st.sign_count = good;
    CHECK_STR(code(do_assert(&v.rp, &a, &st, &out)), "counter_regressed");
    st.sign_count = good + 1000;
    CHECK_STR(code(do_assert(&v.rp, &a, &st, &out)), "counter_regressed");
    st.sign_count = 0;
    CHECK_STR(code(do_assert(&v.rp, &a, &st, &out)), "ok");
    st.sign_count = cred.sign_count;

    dk_auth_webauthn_rp other = v.rp;
    other.origin = "http://localhost:1";
    CHECK_STR(code(do_assert(&other, &a, &st, &out)), "origin");
    other = v.rp;
    other.rp_id = "example.org";
    CHECK_STR(code(do_assert(&other, &a, &st, &out)), "rp_id");
    assertion b = a;
    b.challenge = v.reg_challenge; /* the registration's: another challenge */
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "challenge");
    b = a;
    b.client = v.reg_client; /* webauthn.create where webauthn.get belongs */
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "type");

    /* Every bit of the signature, authenticatorData and clientDataJSON. */
    int accepted = 0, not_signature = 0;
    owned sig = copy_of(a.sig.p, a.sig.n);
    b = a;
    b.sig = sig;
    for (size_t bit = 0; bit < sig.n * 8; bit++) {
        sig.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        not_signature += do_assert(&v.rp, &b, &st, &out) != DK_AUTH_WEBAUTHN_SIGNATURE;
        sig.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK_INT(not_signature, 0);
    for (size_t n = 0; n < sig.n; n++) { /* truncated at every length */
        b.sig.n = n;
        not_signature += do_assert(&v.rp, &b, &st, &out) != DK_AUTH_WEBAUTHN_SIGNATURE;
    }
    CHECK_INT(not_signature, 0);
    free(sig.p);

    owned ad = copy_of(a.auth_data.p, a.auth_data.n);
    b = a;
    b.auth_data = ad;
    for (size_t bit = 0; bit < ad.n * 8; bit++) {
        ad.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        accepted += do_assert(&v.rp, &b, &st, &out) == DK_AUTH_WEBAUTHN_OK;
        ad.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK_INT(accepted, 0);
    ad.p[36] ^= 0x40; /* the counter */
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "signature");
    ad.p[36] ^= 0x40;
    ad.p[32] &= (unsigned char)~DK_AUTH_WEBAUTHN_FLAG_UV;
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "user_verification");
    ad.p[32] = a.auth_data.p[32] & (unsigned char)~DK_AUTH_WEBAUTHN_FLAG_UP;
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "user_presence");
    ad.p[32] = a.auth_data.p[32];
    ad.p[3] ^= 2;
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "rp_id");
    ad.p[3] ^= 2;
    for (size_t n = 0; n < ad.n; n++) {
        b.auth_data.n = n;
        accepted += do_assert(&v.rp, &b, &st, &out) == DK_AUTH_WEBAUTHN_OK;
    }
    CHECK_INT(accepted, 0);
    free(ad.p);

    owned cd = copy_of(a.client.p, a.client.n);
    b = a;
    b.client = cd;
    for (size_t bit = 0; bit < cd.n * 8; bit++) {
        cd.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        accepted += do_assert(&v.rp, &b, &st, &out) == DK_AUTH_WEBAUTHN_OK;
        cd.p[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    CHECK_INT(accepted, 0);
    for (size_t n = 0; n < cd.n; n++) {
        b.client.n = n;
        accepted += do_assert(&v.rp, &b, &st, &out) == DK_AUTH_WEBAUTHN_OK;
    }
    CHECK_INT(accepted, 0);
    free(cd.p);

    /* Oversized: one byte past each bound. */
    owned huge = {calloc(1, DK_AUTH_WEBAUTHN_ATTESTATION_MAX + 1), 0};
    b = a;
    b.auth_data = (owned){huge.p, DK_AUTH_WEBAUTHN_AUTH_DATA_MAX + 1};
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "too_large");
    b = a;
    b.sig = (owned){huge.p, DK_AUTH_WEBAUTHN_SIGNATURE_MAX + 1};
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "too_large");
    b = a;
    b.client = (owned){huge.p, DK_AUTH_WEBAUTHN_CLIENT_DATA_MAX + 1};
    CHECK_STR(code(do_assert(&v.rp, &b, &st, &out)), "too_large");
    free(huge.p);

    /* The stored key: another alg than stored, an unsupported alg, bytes
     * trailing, truncated at every length. */
    dk_auth_webauthn_stored bad = st;
    bad.alg = st.alg == DK_AUTH_WEBAUTHN_ES256 ? DK_AUTH_WEBAUTHN_RS256 : DK_AUTH_WEBAUTHN_ES256;
    CHECK_STR(code(do_assert(&v.rp, &a, &bad, &out)), "algorithm");
    bad.alg = -8;
    CHECK_STR(code(do_assert(&v.rp, &a, &bad, &out)), "algorithm");
    bad = st;
    unsigned char longer[DK_AUTH_WEBAUTHN_COSE_KEY_MAX + 1];
    memcpy(longer, cred.public_key, cred.public_key_len);
    longer[cred.public_key_len] = 0;
    bad.public_key = (bytes){longer, cred.public_key_len + 1};
    CHECK_STR(code(do_assert(&v.rp, &a, &bad, &out)), "malformed");
    for (size_t n = 0; n < cred.public_key_len; n++) {
        bad.public_key.n = n;
        accepted += do_assert(&v.rp, &a, &bad, &out) == DK_AUTH_WEBAUTHN_OK;
    }
    CHECK_INT(accepted, 0);
    CHECK_STR(code(do_assert(&v.rp, &a, NULL, &out)), "argument");

    assertion_free(&a);
    vector_free(&v);
}

/* ---- credentials made here: the counter rules, RSA sizes ---- */

/* A P-256 key and its COSE_Key (alg -7). */
static EVP_PKEY *p256_key(unsigned char cose[77])
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    unsigned char pt[65];
    size_t n = 0;
    if (!k || EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &n) != 1 ||
        n != 65)
        return k;
    static const unsigned char head[] = {0xa5, 0x01, 0x02, 0x03, 0x26,
                                         0x20, 0x01, 0x21, 0x58, 0x20};
    memcpy(cose, head, sizeof head);
    memcpy(cose + 10, pt + 1, 32);
    cose[42] = 0x22, cose[43] = 0x58, cose[44] = 0x20;
    memcpy(cose + 45, pt + 33, 32);
    return k;
}

/* An assertion by key over rp "example.be" with counter and flags. */
static void sign_assertion(EVP_PKEY *k, const unsigned char challenge[32], uint32_t counter,
                           unsigned flags, assertion *a)
{
    unsigned char ad[37];
    dk_auth_webauthn_sha256("example.be", 10, ad);
    ad[32] = (unsigned char)flags;
    ad[33] = (unsigned char)(counter >> 24), ad[34] = (unsigned char)(counter >> 16);
    ad[35] = (unsigned char)(counter >> 8), ad[36] = (unsigned char)counter;
    dk_buf cd = DK_BUF_INIT;
    dk_buf_puts(&cd, "{\"type\":\"webauthn.get\",\"challenge\":\"");
    dk_auth_b64url_encode(&cd, challenge, 32);
    dk_buf_puts(&cd, "\",\"origin\":\"https://example.be\"}");
    unsigned char hash[32];
    dk_auth_webauthn_sha256(cd.data, cd.len, hash);
    unsigned char msg[37 + 32];
    memcpy(msg, ad, 37);
    memcpy(msg + 37, hash, 32);
    unsigned char sig[80];
    size_t sig_len = sizeof sig;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k) != 1 ||
        EVP_DigestSign(md, sig, &sig_len, msg, sizeof msg) != 1)
        sig_len = 0;
    EVP_MD_CTX_free(md);
    a->challenge = copy_of(challenge, 32);
    a->client = copy_of(cd.data, cd.len);
    a->auth_data = copy_of(ad, sizeof ad);
    a->sig = copy_of(sig, sig_len);
    dk_buf_free(&cd);
}

static void counters(void)
{
    unsigned char cose[77];
    EVP_PKEY *k = p256_key(cose);
    CHECK(k != NULL);
    if (!k)
        return;
    unsigned char challenge[32];
    memset(challenge, 0x5a, sizeof challenge);
    dk_auth_webauthn_rp rp = {"example.be", "https://example.be"};
    const unsigned uvup = DK_AUTH_WEBAUTHN_FLAG_UP | DK_AUTH_WEBAUTHN_FLAG_UV;
    static const struct {
        uint32_t stored, sent;
        const char *want;
    } cases[] = {
        {0, 0, "ok"},                /* an authenticator that does not count */
        {0, 1, "ok"},                /* starts counting */
        {7, 8, "ok"},                /* goes up */
        {7, 0xffffffffu, "ok"},      /* jumps */
        {7, 7, "counter_regressed"}, /* replayed */
        {7, 6, "counter_regressed"}, /* went back */
        {7, 0, "counter_regressed"}, /* stopped counting: another device */
        {0xffffffffu, 0xffffffffu, "counter_regressed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assertion a;
        sign_assertion(k, challenge, cases[i].sent, uvup, &a);
        dk_auth_webauthn_stored st = {{cose, sizeof cose}, DK_AUTH_WEBAUTHN_ES256, cases[i].stored};
        dk_auth_webauthn_assertion out = {99, 0};
        result r = do_assert(&rp, &a, &st, &out);
        CHECK_STR(code(r), cases[i].want);
        if (r == DK_AUTH_WEBAUTHN_OK) {
            CHECK_INT(out.sign_count, cases[i].sent);
            CHECK_INT(out.flags, uvup);
        } else {
            CHECK_INT(out.sign_count, 0);
        }
        assertion_free(&a);
    }
    /* UV missing from a fresh signature: the signature is good, the policy says no. */
    assertion a;
    sign_assertion(k, challenge, 3, DK_AUTH_WEBAUTHN_FLAG_UP, &a);
    dk_auth_webauthn_stored st = {{cose, sizeof cose}, DK_AUTH_WEBAUTHN_ES256, 0};
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "user_verification");
    assertion_free(&a);
    /* Extensions (ED) must be one CBOR map, nothing after it. */
    sign_assertion(k, challenge, 3, uvup | DK_AUTH_WEBAUTHN_FLAG_ED, &a);
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "malformed");
    assertion_free(&a);

    /* The stored key's point moved off the curve. */
    cose[76] ^= 1;
    sign_assertion(k, challenge, 3, uvup, &a);
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "key");
    cose[76] ^= 1;
    /* Another curve number (P-384 is 2), another key type. */
    cose[6] = 0x02;
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "key");
    cose[6] = 0x01;
    cose[2] = 0x03; /* kty RSA with alg ES256 */
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "key");
    cose[2] = 0x02;
    CHECK_STR(code(do_assert(&rp, &a, &st, NULL)), "ok");
    assertion_free(&a);
    EVP_PKEY_free(k);
}

/* The COSE_Key (alg -257) of a fresh RSA key of `bits` bits, its exponent
 * replaced by e when e != 0. */
static size_t rsa_cose(unsigned char *out, unsigned bits, unsigned char e)
{
    EVP_PKEY *k = EVP_RSA_gen(bits);
    BIGNUM *n = NULL;
    size_t o = 0;
    if (!k || EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n) != 1)
        goto done;
    size_t nb = (size_t)BN_num_bytes(n);
    out[o++] = 0xa4;
    out[o++] = 0x01, out[o++] = 0x03;                  /* kty RSA */
    out[o++] = 0x03, out[o++] = 0x39, out[o++] = 0x01; /* alg -257 */
    out[o++] = 0x00;
    out[o++] = 0x20, out[o++] = 0x59; /* n */
    out[o++] = (unsigned char)(nb >> 8), out[o++] = (unsigned char)nb;
    BN_bn2bin(n, out + o);
    o += nb;
    if (e) {
        out[o++] = 0x21, out[o++] = 0x41, out[o++] = e;
    } else {
        out[o++] = 0x21, out[o++] = 0x43, out[o++] = 0x01, out[o++] = 0x00, out[o++] = 0x01;
    }
done:
    BN_free(n);
    EVP_PKEY_free(k);
    return o;
}

static void rsa_sizes(void)
{
    unsigned char cose[DK_AUTH_WEBAUTHN_COSE_KEY_MAX];
    int alg;
    EVP_PKEY *k = NULL;
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 1024, 0), &alg, &k)), "key");
    CHECK(k == NULL);
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 2040, 0), &alg, &k)), "key");
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 2048, 0), &alg, &k)), "ok");
    CHECK_INT(alg, DK_AUTH_WEBAUTHN_RS256);
    EVP_PKEY_free(k);
    k = NULL;
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 2048, 1), &alg, &k)), "key");
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 2048, 4), &alg, &k)), "key");
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, rsa_cose(cose, 2048, 3), &alg, &k)), "ok");
    EVP_PKEY_free(k);
    k = NULL;
    /* A COSE key past its bound is refused before it is read. */
    memset(cose, 0, sizeof cose);
    CHECK_STR(code(dk_auth_webauthn_cose_key(cose, DK_AUTH_WEBAUTHN_COSE_KEY_MAX + 1, &alg, &k)),
              "too_large");
}

/* ---- base64url and the CBOR reader ---- */

static void b64url(void)
{
    static const struct {
        const char *in, *out;
    } v[] = {{"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
             {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        dk_buf b = DK_BUF_INIT;
        size_t n = strlen(v[i].in);
        CHECK_INT(dk_auth_b64url_encode(&b, v[i].in, n), 0);
        CHECK_STR(b.data, v[i].out);
        CHECK_INT(dk_auth_b64url_len(n), strlen(v[i].out));
        unsigned char back[16];
        size_t got = 99;
        CHECK_INT(dk_auth_b64url_decode(b.data, b.len, back, sizeof back, &got), 0);
        CHECK_INT(got, n);
        CHECK(memcmp(back, v[i].in, n) == 0);
        dk_buf_free(&b);
    }
    unsigned char out[8];
    size_t got = 99;
    const char *bad[] = {"Zg==", "Z", "Zh", "Zm9", "Zm+v", "Zm/v", "Zm v", "Zm9vYmFyZm9v"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(dk_auth_b64url_decode(bad[i], strlen(bad[i]), out, 8, &got), -1);
    CHECK_INT(got, 99);
    /* Every length of random bytes round-trips. */
    unsigned char in[64], back[64];
    for (size_t n = 0; n <= sizeof in; n++) {
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)dk_test_rnd(256);
        dk_buf b = DK_BUF_INIT;
        dk_auth_b64url_encode(&b, in, n);
        CHECK_INT(dk_auth_b64url_decode(b.data, b.len, back, sizeof back, &got), 0);
        CHECK(got == n && memcmp(in, back, n) == 0);
        dk_buf_free(&b);
    }
}

static void cbor_bounds(void)
{
    dk_auth_cbor_reader r;
    dk_auth_cbor_item it;
    /* An array announcing 2^32 entries in 5 bytes; a map nested too deep; an
     * indefinite map; a tag; a break; a byte string longer than the bytes. */
    static const unsigned char lie[] = {0x9a, 0xff, 0xff, 0xff, 0xff};
    dk_auth_cbor_init(&r, lie, sizeof lie);
    CHECK_INT(dk_auth_cbor_next(&r, &it), -1);
    unsigned char deep[40];
    memset(deep, 0x81, sizeof deep); /* [[[[...]]]] */
    deep[sizeof deep - 1] = 0x00;
    dk_auth_cbor_init(&r, deep, sizeof deep);
    CHECK_INT(dk_auth_cbor_next(&r, &it), 0);
    CHECK_INT(dk_auth_cbor_skip(&r, &it, 8), -1);
    dk_auth_cbor_init(&r, deep + sizeof deep - 8, 8); /* 7 levels: fine */
    CHECK_INT(dk_auth_cbor_next(&r, &it), 0);
    CHECK_INT(dk_auth_cbor_skip(&r, &it, 8), 0);
    CHECK_INT(r.pos, 8);
    static const unsigned char refused[][3] = {
        {0xbf, 0xff}, {0xc2, 0x41, 0x00}, {0xff}, {0x43, 1, 2}, {0x5f, 0xff}, {0x1c}, {0xf8, 0x20}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        dk_auth_cbor_init(&r, refused[i], i == 3 ? 3 : 2);
        CHECK_INT(dk_auth_cbor_next(&r, &it), -1);
    }
    static const unsigned char neg[] = {0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    int64_t x = 0;
    dk_auth_cbor_init(&r, neg, sizeof neg);
    CHECK_INT(dk_auth_cbor_next(&r, &it), 0);
    CHECK_INT(dk_auth_cbor_int(&it, &x), 0);
    CHECK(x == INT64_MIN);
    static const unsigned char big[] = {0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0};
    dk_auth_cbor_init(&r, big, sizeof big);
    CHECK_INT(dk_auth_cbor_next(&r, &it), 0);
    CHECK_INT(dk_auth_cbor_int(&it, &x), -1);
}

static void codes(void)
{
    const char *seen[32] = {0};
    for (int r = DK_AUTH_WEBAUTHN_OK; r <= DK_AUTH_WEBAUTHN_INTERNAL; r++) {
        const char *c = dk_auth_webauthn_code((result)r);
        CHECK(c && *c);
        for (int j = 0; j < r; j++)
            CHECK(strcmp(seen[j], c) != 0); /* one code per outcome */
        seen[r] = c;
    }
    CHECK_STR(dk_auth_webauthn_code((result)99), "internal");
}

int main(void)
{
    dk_test_rng_state = 0x5eed5eed12345678u;
    b64url();
    cbor_bounds();
    codes();
    stored_vectors();
    registration_tampers(DIR_VECTORS "/chromium-es256-none.json");
    assertion_tampers(DIR_VECTORS "/chromium-es256-none.json");
    assertion_tampers(DIR_VECTORS "/chromium-rs256-none.json");
    packed_self_every_bit(DIR_VECTORS "/w3c-16.3-packed-self-es256.json");
    counters();
    rsa_sizes();
    DK_TEST_DONE();
}
