/* SPDX-License-Identifier: EUPL-1.2 */
/* slot_fields.c — the preferred-slot rows of the application form and of
 * the "another slot" form (slot1_date … slot10_to, shown by page_slots.c)
 * read back into preferred_slots. */
#include "page.h"

#include <stdio.h>
#include <string.h>

static const char *const part[] = {"date", "from", "to"};

/* Each part as typed: a NUL byte or invalid UTF-8 stays in the string for
 * the validator to refuse next to its input (json_pack would cut the string
 * at the NUL, or fail and lose the row). */
json_t *dk_slot_fields_collect(const json_t *values, int slot_row[DK_APP_MAX_SLOTS], int *nslots)
{
    json_t *slots = json_array();
    *nslots = 0;
    for (int row = 1; row <= DK_APP_MAX_SLOTS; row++) {
        json_t *slot = json_object();
        int any = 0;
        for (int p = 0; p < 3; p++) {
            char k[32];
            snprintf(k, sizeof k, "slot%d_%s", row, part[p]);
            json_t *v = json_object_get(values, k);
            if (!json_is_string(v))
                v = NULL;
            any |= v && json_string_length(v) > 0;
            json_object_set_new(slot, part[p], v ? json_incref(v) : json_string(""));
        }
        if (!any) {
            json_decref(slot);
            continue;
        }
        if (json_array_append_new(slots, slot) == 0)
            slot_row[(*nslots)++] = row;
    }
    return slots;
}
