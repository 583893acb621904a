/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_seal.c — AES-256-GCM sealing of JSON objects (see dk_seal.h).
 * Key: HKDF-SHA256(secret, salt "dk-message-seal-v1", info "A256GCM"), 32 bytes.
 * Associated data: "dk-seal-v1|" purpose "|" application id.
 * IV: 96 random bits per seal; under one key that stays far from GCM's
 * 2^32-messages bound for random IVs at the pipeline's volumes. */
#include "store/dk_seal.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY 32
#define IV 12
#define TAG 16
#define SALT "dk-message-seal-v1"
#define INFO "A256GCM"
#define MAX_CT (1024 * 1024) /* a message is at most 1 MiB (dk_envelope.c) */

typedef struct {
    unsigned char key[KEY];
    char kid[DK_SEAL_KID_LEN + 1];
} seal_key;

static int derive(const char *secret, seal_key *k)
{
    size_t len = KEY;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    int ok =
        c && EVP_PKEY_derive_init(c) > 0 && EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha256()) > 0 &&
        EVP_PKEY_CTX_set1_hkdf_salt(c, (const unsigned char *)SALT, strlen(SALT)) > 0 &&
        EVP_PKEY_CTX_set1_hkdf_key(c, (const unsigned char *)secret, (int)strlen(secret)) > 0 &&
        EVP_PKEY_CTX_add1_hkdf_info(c, (const unsigned char *)INFO, strlen(INFO)) > 0 &&
        EVP_PKEY_derive(c, k->key, &len) > 0 && len == KEY;
    EVP_PKEY_CTX_free(c);
    if (!ok)
        return -1;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(k->key, KEY, md, &mdlen, EVP_sha256(), NULL);
    dk_hex(md, DK_SEAL_KID_LEN / 2, k->kid);
    return 0;
}

void dk_seal_kid(const char *secret, char out[DK_SEAL_KID_LEN + 1])
{
    seal_key k;
    if (derive(secret, &k) == 0)
        memcpy(out, k.kid, sizeof k.kid);
    else
        snprintf(out, DK_SEAL_KID_LEN + 1, "%s", "(no key)");
    OPENSSL_cleanse(&k, sizeof k);
}

static char *aad_of(const char *purpose, const char *application_id, int *len)
{
    size_t n = strlen("dk-seal-v1||") + strlen(purpose) + strlen(application_id) + 1;
    char *aad = malloc(n);
    *len = aad ? snprintf(aad, n, "dk-seal-v1|%s|%s", purpose, application_id) : 0;
    return aad; /* NULL when out of memory */
}

static json_t *b64(const unsigned char *p, size_t n)
{
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    if (!out)
        return NULL; /* json_pack then fails on the missing value */
    EVP_EncodeBlock((unsigned char *)out, p, (int)n);
    json_t *s = json_string(out);
    free(out);
    return s;
}

/* Strict base64 (the standard alphabet, padded, no blanks) of at most max
 * bytes: *out is malloc'd. Returns the byte count, or -1. */
static long unb64(const json_t *v, size_t max, unsigned char **out)
{
    *out = NULL;
    const char *s = json_string_value(v);
    size_t n = s ? json_string_length(v) : 0;
    if (!s || n == 0 || n % 4 != 0 || n / 4 * 3 > max + 2)
        return -1;
    size_t pad = s[n - 1] == '=' ? (s[n - 2] == '=' ? 2 : 1) : 0;
    for (size_t i = 0; i < n - pad; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/'))
            return -1;
    }
    *out = malloc(n / 4 * 3 + 1);
    if (!*out)
        return -1;
    int got = EVP_DecodeBlock(*out, (const unsigned char *)s, (int)n);
    if (got < 0 || (size_t)got < pad || (size_t)got - pad > max) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return (long)((size_t)got - pad);
}

json_t *dk_seal(const json_t *plain, const char *purpose, const char *application_id, char *err,
                size_t errlen)
{
    seal_key k;
    if (derive(dk_config_str("DK_MESSAGE_KEY"), &k) != 0) {
        dk_errf(err, errlen, "no message key: HKDF over DK_MESSAGE_KEY failed");
        return NULL;
    }
    char *text = json_dumps(plain, JSON_COMPACT | JSON_PRESERVE_ORDER);
    unsigned char iv[IV], tag[TAG];
    if (!text || dk_random_bytes(iv, IV) != 0) {
        free(text);
        OPENSSL_cleanse(&k, sizeof k);
        dk_errf(err, errlen, "cannot seal: no random bytes for the IV or no JSON text");
        return NULL;
    }
    size_t n = strlen(text);
    unsigned char *ct = malloc(n + 1);
    int aadlen, len = 0, fin = 0;
    char *aad = aad_of(purpose, application_id, &aadlen);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int ok = ct && aad && c && EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, IV, NULL) == 1 &&
             EVP_EncryptInit_ex(c, NULL, NULL, k.key, iv) == 1 &&
             EVP_EncryptUpdate(c, NULL, &len, (const unsigned char *)aad, aadlen) == 1 &&
             EVP_EncryptUpdate(c, ct, &len, (const unsigned char *)text, (int)n) == 1 &&
             EVP_EncryptFinal_ex(c, ct + len, &fin) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG, tag) == 1;
    EVP_CIPHER_CTX_free(c);
    OPENSSL_cleanse(text, n);
    free(text);
    free(aad);
    json_t *out = NULL;
    if (ok)
        out =
            json_pack("{s:s, s:s, s:o, s:o, s:o}", "alg", DK_SEAL_ALG, "kid", k.kid, "iv",
                      b64(iv, IV), "ct", b64(ct, (size_t)len + (size_t)fin), "tag", b64(tag, TAG));
    else
        dk_errf(err, errlen, "cannot seal: AES-256-GCM failed or out of memory");
    if (ok && !out)
        dk_errf(err, errlen, "cannot seal: out of memory");
    OPENSSL_cleanse(&k, sizeof k);
    free(ct);
    return out;
}

/* The key the sealed object names: the current one, else the old one. */
static int key_for(const char *kid, seal_key *k, char *err, size_t errlen)
{
    if (derive(dk_config_str("DK_MESSAGE_KEY"), k) == 0 && strcmp(k->kid, kid) == 0)
        return 0;
    const char *old = dk_config_str("DK_MESSAGE_KEY_OLD");
    if (old[0] && derive(old, k) == 0 && strcmp(k->kid, kid) == 0)
        return 0;
    OPENSSL_cleanse(k, sizeof *k);
    dk_errf(err, errlen,
            "sealed under an unknown key (kid %.16s): neither DK_MESSAGE_KEY nor "
            "DK_MESSAGE_KEY_OLD",
            kid);
    return -1;
}

json_t *dk_seal_open(const json_t *sealed, const char *purpose, const char *application_id,
                     char *err, size_t errlen)
{
    const char *alg, *kid;
    json_t *jiv, *jct, *jtag;
    if (!json_is_object(sealed) ||
        json_unpack((json_t *)sealed, "{s:s, s:s, s:o, s:o, s:o !}", "alg", &alg, "kid", &kid, "iv",
                    &jiv, "ct", &jct, "tag", &jtag) != 0) {
        dk_errf(err, errlen, "malformed sealed object: it needs exactly alg, kid, iv, ct, tag");
        return NULL;
    }
    if (strcmp(alg, DK_SEAL_ALG) != 0) {
        dk_errf(err, errlen, "malformed sealed object: alg must be %s", DK_SEAL_ALG);
        return NULL;
    }
    unsigned char *iv = NULL, *ct = NULL, *tag = NULL;
    long ivn = unb64(jiv, IV, &iv), ctn = unb64(jct, MAX_CT, &ct), tagn = unb64(jtag, TAG, &tag);
    seal_key k;
    json_t *out = NULL;
    if (ivn != IV || tagn != TAG || ctn < 0) {
        dk_errf(err, errlen,
                "malformed sealed object: iv must be 12 bytes, tag 16, ct at most 1 MiB, each in "
                "padded base64");
    } else if (key_for(kid, &k, err, errlen) == 0) {
        unsigned char *plain = malloc((size_t)ctn + 1);
        int aadlen, len = 0, fin = 0;
        char *aad = aad_of(purpose, application_id, &aadlen);
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
        int ok = plain && aad && c &&
                 EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
                 EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, IV, NULL) == 1 &&
                 EVP_DecryptInit_ex(c, NULL, NULL, k.key, iv) == 1 &&
                 EVP_DecryptUpdate(c, NULL, &len, (const unsigned char *)aad, aadlen) == 1 &&
                 EVP_DecryptUpdate(c, plain, &len, ct, (int)ctn) == 1 &&
                 EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG, tag) == 1 &&
                 EVP_DecryptFinal_ex(c, plain + len, &fin) == 1;
        EVP_CIPHER_CTX_free(c);
        OPENSSL_cleanse(&k, sizeof k);
        free(aad);
        json_error_t je;
        if (!ok)
            dk_errf(err, errlen,
                    "sealed object does not authenticate (tampered, or sealed for another "
                    "application or message type)");
        else if (!(out = json_loadb((const char *)plain, (size_t)len + (size_t)fin,
                                    JSON_REJECT_DUPLICATES, &je)) ||
                 !json_is_object(out)) {
            json_decref(out);
            out = NULL;
            dk_errf(err, errlen, "sealed object does not hold a JSON object");
        }
        if (plain)
            OPENSSL_cleanse(plain, (size_t)ctn);
        free(plain);
    }
    free(iv);
    free(ct);
    free(tag);
    return out;
}
