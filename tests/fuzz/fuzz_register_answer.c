/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_register_answer.c — libFuzzer target: the register's answer parser
 * on any bytes (a hostile or broken register). A clear result must come
 * from nothing but a JSON object whose status is the string "clear" and
 * that gives no reason; a reported one keeps what the register said. */
#include "register/dk_register.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dk_register_query q;
    if (!q.document_number[0] && dk_register_query_make(&q, "ID", "B12345678", "BEL", NULL, 0) != 0)
        abort();
    dk_register_result r = {0};
    dk_register_parse_answer(200, "application/json", (const char *)data, size, &q, &r);
    if (r.status == DK_REGISTER_CLEAR) {
        json_error_t e;
        json_t *o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
        const json_t *reason = json_object_get(o, "reason");
        const char *status = json_string_value(json_object_get(o, "status"));
        if (size > DK_REGISTER_ANSWER_MAX || !json_is_object(o) || !status ||
            strcmp(status, "clear") != 0 || (reason && !json_is_null(reason)) || r.reason[0])
            abort();
        json_decref(o);
    } else if (r.status == DK_REGISTER_REPORTED) {
        if (!r.said || !r.reason[0])
            abort();
    } else if (r.status != DK_REGISTER_UNAVAILABLE || !r.reason[0] || r.said) {
        abort();
    }
    json_decref(dk_register_result_json(&r));
    dk_register_result_clear(&r);
    return 0;
}
