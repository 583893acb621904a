/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_decide.c — what the document pipeline may conclude from an MRZ
 * read: which facts a check digit vouches for enough to ask the register
 * about the number or to refuse the document as expired, and the parse of
 * lines another process (the sandboxed validator) sent, so that the facts
 * stored are the parser's own. */
#include "mrz/dk_mrz_internal.h"

#include <stdio.h>
#include <string.h>

#define MAX_JSON_LINE 256

void dk_mrz_parse_json_lines(const json_t *lines, dk_date today, dk_mrz *out)
{
    const char *text[3];
    size_t lens[3];
    size_t n = json_is_array(lines) ? json_array_size(lines) : 0;
    if (n < 2 || n > 3) {
        memset(out, 0, sizeof *out);
        snprintf(out->reason, sizeof out->reason, "no MRZ lines");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *l = json_array_get(lines, i);
        if (!json_is_string(l) || json_string_length(l) > MAX_JSON_LINE) {
            memset(out, 0, sizeof *out);
            snprintf(out->reason, sizeof out->reason, "MRZ line %zu is not one", i + 1);
            return;
        }
        text[i] = json_string_value(l);
        lens[i] = json_string_length(l);
    }
    dk_mrz_parse_lines(text, lens, (int)n, today, out);
}

int dk_mrz_number_vouched(const dk_mrz *m)
{
    return m->found && (m->has_check & (1u << DK_MRZ_CHECK_NUMBER)) &&
           m->check_ok[DK_MRZ_CHECK_NUMBER] && m->document_number[0] != '\0';
}

int dk_mrz_refuses_expired(const dk_mrz *m, const dk_mrz_comparison *c)
{
    return m->found && m->valid && c->expiry == DK_MRZ_EXPIRED;
}
