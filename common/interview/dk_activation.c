/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_activation.c — activation codes and links (see dk_activation.h). */
#include "interview/dk_activation.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#define ALPHABET_SIZE 31 /* strlen(dk_security_code_alphabet) */
#define GROUP 4

static void group_symbols(const char sym[DK_ACTIVATION_SYMBOLS],
                          char out[DK_ACTIVATION_CODE_LEN + 1])
{
    size_t o = 0;
    for (size_t i = 0; i < DK_ACTIVATION_SYMBOLS; i++) {
        if (i > 0 && i % GROUP == 0)
            out[o++] = '-';
        out[o++] = sym[i];
    }
    out[o] = '\0';
}

int dk_activation_code_new(char out[DK_ACTIVATION_CODE_LEN + 1])
{
    char sym[DK_ACTIVATION_SYMBOLS];
    size_t have = 0;
    /* Rejection sampling: bytes >= 248 (= 8 * 31) are dropped, so every
     * symbol is equally likely. Bounded: 64 rounds of 32 bytes. */
    for (int round = 0; round < 64 && have < DK_ACTIVATION_SYMBOLS; round++) {
        unsigned char b[32];
        if (dk_random_bytes(b, sizeof b) != 0)
            break;
        for (size_t i = 0; i < sizeof b && have < DK_ACTIVATION_SYMBOLS; i++)
            if (b[i] < 8 * ALPHABET_SIZE)
                sym[have++] = dk_security_code_alphabet[b[i] % ALPHABET_SIZE];
        OPENSSL_cleanse(b, sizeof b);
    }
    if (have < DK_ACTIVATION_SYMBOLS) {
        OPENSSL_cleanse(sym, sizeof sym);
        out[0] = '\0';
        return -1;
    }
    group_symbols(sym, out);
    OPENSSL_cleanse(sym, sizeof sym);
    return 0;
}

int dk_activation_code_normalise(const char *in, char out[DK_ACTIVATION_CODE_LEN + 1])
{
    char sym[DK_ACTIVATION_SYMBOLS];
    size_t n = 0;
    for (const char *p = in; p && *p; p++) {
        char c = (char)toupper((unsigned char)*p);
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (n == DK_ACTIVATION_SYMBOLS || !strchr(dk_security_code_alphabet, c))
            return -1;
        sym[n++] = c;
    }
    if (n != DK_ACTIVATION_SYMBOLS)
        return -1;
    group_symbols(sym, out);
    return 0;
}

void dk_activation_code_hash(const char *activation_id, const char *code, char out[65])
{
    char msg[128];
    snprintf(msg, sizeof msg, "activation-code:%.36s:%.*s", activation_id, DK_ACTIVATION_CODE_LEN,
             code);
    dk_keyed_hash_hex(dk_config_str("DK_ACTIVATION_KEY"), msg, out);
    OPENSSL_cleanse(msg, sizeof msg);
}

void dk_activation_token_hash(const char *activation_id, char out[65])
{
    char token[DK_TOKEN_LEN + 1];
    dk_token_activation(activation_id, token);
    dk_token_hash(token, out);
}
