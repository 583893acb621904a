/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_hours.c — libFuzzer target: interviewer working hours as typed by an
 * operator; whatever parses must format to text that parses back to the
 * same hours (when it fits the length limit), and cut into slots. */
#include "belgium/dk_hours.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    dk_hours h, back;
    char err[128], text[DK_HOURS_TEXT_MAX];
    if (dk_hours_parse(s, &h, err, sizeof err) == 0) {
        dk_hours_format(&h, text, sizeof text);
        if (strlen(text) <= DK_HOURS_SPEC_MAX &&
            (dk_hours_parse(text, &back, err, sizeof err) != 0 || memcmp(&h, &back, sizeof h) != 0))
            abort();
        int starts[1440];
        for (int day = 1; day <= 7; day++)
            if (dk_hours_slots(&h, day, 1 + (int)(size % 240), starts, 1440) > 1440)
                abort();
    }
    free(s);
    return 0;
}
