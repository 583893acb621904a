/* fuzz_envelope.c — libFuzzer target: any bytes as a Kafka message, through
 * the envelope check every worker runs first. */
#include "dk_envelope.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_envelope env;
    char err[256];
    if (dk_envelope_parse((const char *)data, size, &env, err, sizeof err) == 0)
        dk_envelope_free(&env);
    return 0;
}
