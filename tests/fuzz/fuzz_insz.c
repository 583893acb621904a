/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_insz.c — libFuzzer target: the INSZ normaliser and checker, the
 * e-mail syntax check and the security-code normaliser on any string. */
#include "belgium/dk_email.h"
#include "belgium/dk_insz.h"
#include "core/dk_crypto.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    char out[12], code[DK_SECURITY_CODE_LEN + 1];
    if (dk_insz_normalise(s, out) == 0)
        dk_insz_valid(out);
    dk_email_valid(s);
    dk_security_code_normalise(s, code);
    free(s);
    return 0;
}
