/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_envelope.c — libFuzzer target: any bytes as a Kafka message, through
 * the envelope check every worker runs first and the opening of its sealed
 * personal part (under the development DK_MESSAGE_KEY, as the seeds are). */
#include "store/dk_envelope.h"
#include "store/dk_personal.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_envelope env;
    char err[256];
    if (dk_envelope_parse((const char *)data, size, &env, err, sizeof err) == 0) {
        dk_personal_open_envelope(&env, err, sizeof err);
        dk_envelope_free(&env);
    }
    return 0;
}
