/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register_query.c — what is sent to the register, checked before it
 * leaves (MRZ characters only, bounded), and the keyed hash under which the
 * record keeps the number. */
#include "register/dk_register.h"

#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_err.h"

#include <stdio.h>
#include <string.h>

/* Copies s upper-cased into out (at most max characters, each allowed by
 * letters/digits), trailing fillers and spaces dropped. Returns 0 or -1. */
static int field(const char *s, char *out, size_t max, int digits_too)
{
    if (!s)
        return -1;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '<' || s[n - 1] == ' '))
        n--;
    if (n == 0 || n > max)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (!((c >= 'A' && c <= 'Z') || (digits_too && c >= '0' && c <= '9')))
            return -1;
        out[i] = (char)c;
    }
    out[n] = '\0';
    return 0;
}

int dk_register_query_make(dk_register_query *q, const char *type, const char *number,
                           const char *state, char *err, size_t errlen)
{
    memset(q, 0, sizeof *q);
    if (field(type, q->document_type, sizeof q->document_type - 1, 0) != 0) {
        dk_errf(err, errlen, "document_type: 1 or 2 letters (P, I, ID, …)");
        return -1;
    }
    if (field(number, q->document_number, DK_REGISTER_NUMBER_MAX, 1) != 0) {
        dk_errf(err, errlen, "document_number: 1 to %d letters and digits", DK_REGISTER_NUMBER_MAX);
        return -1;
    }
    if (field(state, q->issuing_state, sizeof q->issuing_state - 1, 0) != 0) {
        dk_errf(err, errlen, "issuing_state: 1 to 3 letters, as in the MRZ (BEL, D, NLD, …)");
        return -1;
    }
    return 0;
}

void dk_register_number_hash(const dk_register_query *q, char out[65])
{
    /* A key of its own, derived from the documents' secret, so that the
     * hash is no use with any other key the service holds. */
    char key[65], msg[64];
    dk_keyed_hash_hex(dk_config_str("DK_DOCUMENT_KEY"), "dk-register-number-hash/v1", key);
    snprintf(msg, sizeof msg, "%s\n%s", q->issuing_state, q->document_number);
    dk_keyed_hash_hex(key, msg, out);
}
