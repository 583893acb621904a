/* SPDX-License-Identifier: EUPL-1.2 */
/* page_slots.c — the model of the preferred-slot inputs (slot_fields.html),
 * shared by the request form and the "another slot" form: the window and
 * office hours in words for the hint, and per row its day, from and to with
 * the values typed, the bounds of the inputs and each error at its input
 * (laid out by style.c: day above from and to on a phone). */
#include "belgium/dk_words.h"
#include "core/dk_calendar.h"
#include "pages.h"
#include "when.h"

#include <stdio.h>
#include <string.h>

#define VISIBLE_SLOTS 3

static const char *const part[] = {"date", "from", "to"};

static const char *error_for(const dk_slot_view *v, const char *api_field)
{
    return v->errs ? dk_app_error_for(v->errs, api_field) : NULL;
}

/* The bounds every row's inputs share: the date window and office hours,
 * as the inputs' min and max attributes want them (ISO, "09:00"). */
typedef struct {
    char first[11], last[11], opens[6], closes[6];
} slot_bounds;

/* The codes the validator reported for a row: codes[0..2] for its date,
 * from and to, codes[3] for the row as a whole. The validator reports on
 * preferred_slots[i]; row 1 also carries errors on the whole list. */
static void row_codes(const dk_slot_view *v, int row, const char *codes[4])
{
    int idx = -1;
    for (int i = 0; i < v->nslots; i++)
        if (v->slot_row[i] == row)
            idx = i;
    for (int p = 0; p < 4; p++)
        codes[p] = NULL;
    if (idx >= 0) {
        char f[40];
        snprintf(f, sizeof f, "preferred_slots[%d]", idx);
        codes[3] = error_for(v, f);
        for (int p = 0; p < 3; p++) {
            snprintf(f, sizeof f, "preferred_slots[%d].%s", idx, part[p]);
            codes[p] = error_for(v, f);
        }
    } else if (row == 1) {
        codes[3] = error_for(v, "preferred_slots");
    }
}

/* One input (p = 0..2) with its label, value, bounds and error. */
static json_t *slot_input(const char *lang, const dk_slot_view *v, int row, int p,
                          const char *codes[4], const slot_bounds *lim)
{
    char name[24], desc[64] = "";
    snprintf(name, sizeof name, "slot%d_%s", row, part[p]);
    if (codes[p])
        snprintf(desc, sizeof desc, "%s-error%s", name, codes[3] ? " " : "");
    if (codes[3])
        snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "slot%d_slot-error", row);
    const char *typed = v->values ? json_string_value(json_object_get(v->values, name)) : NULL;
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:o}", "part", part[p], "name", name, "type",
        p == 0 ? "date" : "time", "min", p == 0 ? lim->first : lim->opens, "max",
        p == 0 ? lim->last : lim->closes, "step", p == 0 ? json_null() : json_string("900"),
        "value", dk_page_str(typed ? typed : ""), "required", row == 1, "describedby",
        desc[0] ? json_string(desc) : json_null(), "error", dk_page_error(lang, name, codes[p]));
}

static json_t *slot_row(const char *lang, const dk_slot_view *v, int row, const slot_bounds *lim,
                        int open_more)
{
    const char *codes[4];
    row_codes(v, row, codes);
    char id[24];
    snprintf(id, sizeof id, "slot%d_slot", row);
    return json_pack(
        "{s:i, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o}", "row", row, "star", row == 1, "invalid",
        codes[0] || codes[1] || codes[2] || codes[3], "fold", row == VISIBLE_SLOTS + 1, "open",
        open_more, "error", dk_page_error(lang, id, codes[3]), "date",
        slot_input(lang, v, row, 0, codes, lim), "from", slot_input(lang, v, row, 1, codes, lim),
        "to", slot_input(lang, v, row, 2, codes, lim));
}

static void hhmm(int minute, char out[6])
{
    unsigned m = (unsigned)minute % 1440u;
    snprintf(out, 6, "%02u:%02u", m / 60u, m % 60u);
}

static json_t *take_words(dk_buf *b)
{
    json_t *s = b->data ? json_string(b->data) : NULL;
    dk_buf_free(b);
    return s;
}

json_t *dk_page_slots_model(const char *lang, const dk_slot_view *v, const dk_app_rules *rules,
                            int64_t now_ms)
{
    dk_date first, last;
    dk_slot_window(now_ms, &first, &last);
    slot_bounds lim;
    dk_date_format(first, lim.first);
    dk_date_format(last, lim.last);
    hhmm(rules->office_from_min, lim.opens);
    hhmm(rules->office_to_min, lim.closes);
    /* "… a working day from Monday 7 December 2026 to …, between 09:00 and
     * 17:00 …": the window in words, as the proposal writes dates (an ISO
     * date breaks at its dashes on a phone), and office hours as every
     * other time on the pages and in the e-mails ("9h00" in French). */
    dk_buf from_day = DK_BUF_INIT, to_day = DK_BUF_INIT, opens = DK_BUF_INIT, closes = DK_BUF_INIT;
    dk_when_day(&from_day, lang, dk_brussels_to_utc_ms(first, 12 * 60));
    dk_when_day(&to_day, lang, dk_brussels_to_utc_ms(last, 12 * 60));
    dk_words_clock(&opens, lang, rules->office_from_min);
    dk_words_clock(&closes, lang, rules->office_to_min);
    /* Rows 4..10 fold away unless one of them holds a value. */
    int open_more = 0;
    for (int row = VISIBLE_SLOTS + 1; row <= DK_APP_MAX_SLOTS; row++)
        for (int i = 0; i < v->nslots; i++)
            open_more |= v->slot_row[i] == row;
    json_t *rows = json_array();
    for (int row = 1; rows && row <= DK_APP_MAX_SLOTS; row++)
        if (json_array_append_new(rows, slot_row(lang, v, row, &lim, open_more)) != 0) {
            json_decref(rows);
            rows = NULL;
        }
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "from_day", take_words(&from_day), "to_day",
                     take_words(&to_day), "opens", take_words(&opens), "closes",
                     take_words(&closes), "rows", rows);
}
