/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_application.c — libFuzzer target: any bytes as a request body, through
 * the JSON parser and the whole step-1 validation (every field rule, the
 * slot window, INSZ, e-mail, country). Must never crash or leak. */
#include "booking/dk_application.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!body)
        return 0;
    dk_field_errors errs;
    dk_app_validate(body, 1796292000000LL /* 2026-12-02T10:00:00Z */, NULL, &errs);
    for (int i = 0; i < errs.n; i++)
        dk_app_error_message(errs.e[i].code, "fr");
    json_decref(body);
    return 0;
}
