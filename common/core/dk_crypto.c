/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_crypto.c — CSPRNG-backed identifiers and codes, keyed hashes. Every
 * secret value of the system is made or checked here. */
#include "core/dk_crypto.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char dk_security_code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define ALPHABET_SIZE 31

int dk_random_bytes(void *buf, size_t n)
{
    return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

static void uuid_format(const unsigned char b[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    int j = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[j++] = '-';
        out[j++] = hex[b[i] >> 4];
        out[j++] = hex[b[i] & 15];
    }
    out[j] = '\0';
}

int dk_uuid_v4(char out[37])
{
    unsigned char b[16];
    if (dk_random_bytes(b, sizeof b) != 0)
        return -1;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(b, out);
    return 0;
}

void dk_uuid_v5(const char *namespace_text, const char *name, char out[37])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
    EVP_DigestUpdate(ctx, namespace_text, strlen(namespace_text));
    EVP_DigestUpdate(ctx, "\0", 1);
    EVP_DigestUpdate(ctx, name, strlen(name));
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    uuid_format(md, out);
}

int dk_uuid_valid(const char *s)
{
    if (!s || strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!isxdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

static void group_symbols(const char sym[DK_SECURITY_CODE_SYMBOLS], char *out)
{
    int j = 0;
    for (int i = 0; i < DK_SECURITY_CODE_SYMBOLS; i++) {
        if (i > 0 && i % 5 == 0)
            out[j++] = '-';
        out[j++] = sym[i];
    }
    out[j] = '\0';
}

int dk_security_code_new(char out[DK_SECURITY_CODE_LEN + 1])
{
    char sym[DK_SECURITY_CODE_SYMBOLS];
    int have = 0;
    /* Rejection sampling: bytes >= 248 (= 8 * 31) are dropped, so every
     * symbol is equally likely. */
    while (have < DK_SECURITY_CODE_SYMBOLS) {
        unsigned char b[32];
        if (dk_random_bytes(b, sizeof b) != 0)
            return -1;
        for (size_t i = 0; i < sizeof b && have < DK_SECURITY_CODE_SYMBOLS; i++)
            if (b[i] < 8 * ALPHABET_SIZE)
                sym[have++] = dk_security_code_alphabet[b[i] % ALPHABET_SIZE];
    }
    group_symbols(sym, out);
    OPENSSL_cleanse(sym, sizeof sym);
    return 0;
}

int dk_security_code_normalise(const char *in, char out[DK_SECURITY_CODE_LEN + 1])
{
    char sym[DK_SECURITY_CODE_SYMBOLS];
    int n = 0;
    for (const char *p = in; *p; p++) {
        char c = (char)toupper((unsigned char)*p);
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (n == DK_SECURITY_CODE_SYMBOLS || !strchr(dk_security_code_alphabet, c) || c == 0)
            return -1;
        sym[n++] = c;
    }
    if (n != DK_SECURITY_CODE_SYMBOLS)
        return -1;
    group_symbols(sym, out);
    return 0;
}

void dk_hex(const void *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

int dk_random_hex(char *out, size_t n)
{
    unsigned char b[64];
    if (n > sizeof b || dk_random_bytes(b, n) != 0)
        return -1;
    dk_hex(b, n, out);
    return 0;
}

void dk_sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
    dk_hex(md, 32, out);
}

void dk_keyed_hash_hex(const char *key, const char *msg, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg), md, &mdlen);
    dk_hex(md, 32, out);
}

int dk_ct_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}
