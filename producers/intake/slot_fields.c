/* slot_fields.c — the preferred-slot inputs shared by the application form
 * and the "another slot" form of the self-service page: a fieldset per row
 * with its day, from and to (laid out by style.c: day above from and to on a
 * phone), each error next to its input, read back into preferred_slots. */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "belgium/dk_words.h"
#include "i18n/dk_i18n.h"
#include "page.h"
#include "when.h"

#include <stdio.h>
#include <string.h>

#define VISIBLE_SLOTS 3

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

static const char *val(const dk_slot_view *v, const char *name)
{
    const char *s = json_string_value(json_object_get(v->values, name));
    return s ? s : "";
}

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

/* One input with its visible label above it: date, from or to (p = 0..2). */
static void slot_input(dk_buf *b, const dk_slot_view *v, int row, int p, const char *codes[4],
                       const slot_bounds *lim)
{
    char name[24];
    snprintf(name, sizeof name, "slot%d_%s", row, part[p]);
    dk_buf_appendf(b, "<div class=\"slot-part slot-%s\"><label for=\"%s\">", part[p], name);
    dk_page_esc(b, dk_i18n_text(v->lang, part[p]));
    dk_buf_puts(b, "</label>");
    dk_buf_appendf(b, "<input id=\"%s\" name=\"%s\"", name, name);
    if (p == 0)
        dk_buf_appendf(b, " type=\"date\" min=\"%s\" max=\"%s\"", lim->first, lim->last);
    else
        dk_buf_appendf(b, " type=\"time\" min=\"%s\" max=\"%s\" step=\"900\"", lim->opens,
                       lim->closes);
    dk_buf_puts(b, " value=\"");
    dk_page_esc(b, val(v, name));
    dk_buf_puts(b, row == 1 ? "\" required" : "\"");
    if (codes[p] || codes[3]) {
        dk_buf_puts(b, " aria-invalid=\"true\" aria-describedby=\"");
        if (codes[p])
            dk_buf_appendf(b, "%s-error%s", name, codes[3] ? " " : "");
        if (codes[3])
            dk_buf_appendf(b, "slot%d_slot-error", row);
        dk_buf_puts(b, "\"");
    }
    dk_buf_puts(b, "></div>");
}

/* The error under an input (p = 0..2), in its own cell of the row's grid so
 * that it may span the row on a phone; nothing when code is NULL. */
static void slot_error(dk_buf *b, const char *lang, int row, int p, const char *code)
{
    if (!code)
        return;
    char id[24];
    snprintf(id, sizeof id, "slot%d_%s", row, part[p]);
    dk_buf_appendf(b, "<div class=\"slot-error slot-%s-error\">", part[p]);
    dk_page_error_line(b, lang, id, code);
    dk_buf_puts(b, "</div>");
}

/* A fieldset per row: its legend, an error on the row as a whole, then the
 * day, from and to inputs, each error right after what it concerns. */
static void slot_row(dk_buf *b, const dk_slot_view *v, int row, const slot_bounds *lim)
{
    const char *codes[4];
    row_codes(v, row, codes);
    int bad = codes[0] || codes[1] || codes[2] || codes[3];
    dk_buf_appendf(b, "<fieldset class=\"slot%s\"><legend>", bad ? " invalid" : "");
    DK_I18N_APPENDF(b, v->lang, slot_n, row);
    dk_buf_puts(b, row == 1 ? " *</legend>" : "</legend>");
    char id[24];
    snprintf(id, sizeof id, "slot%d_slot", row);
    dk_page_error_line(b, v->lang, id, codes[3]);
    dk_buf_puts(b, "<div class=\"slot-inputs\">");
    slot_input(b, v, row, 0, codes, lim);
    slot_error(b, v->lang, row, 0, codes[0]);
    slot_input(b, v, row, 1, codes, lim);
    slot_input(b, v, row, 2, codes, lim);
    slot_error(b, v->lang, row, 1, codes[1]);
    slot_error(b, v->lang, row, 2, codes[2]);
    dk_buf_puts(b, "</div></fieldset>");
}

static void hhmm(int minute, char out[6])
{
    unsigned m = (unsigned)minute % 1440u;
    snprintf(out, 6, "%02u:%02u", m / 60u, m % 60u);
}

/* "… a working day from Monday 7 December 2026 to …, between 09:00 and
 * 17:00 …": the window in words ("maandag 7 december 2026"), as the
 * proposal writes dates (an ISO date breaks at its dashes on a phone, and
 * the date fields show the phone's own format anyway), and office hours as
 * every other time on the pages and in the e-mails ("9h00" in French). */
static void slots_hint(dk_buf *b, const char *lang, dk_date first, dk_date last,
                       const dk_app_rules *rules)
{
    dk_buf from_day = DK_BUF_INIT, to_day = DK_BUF_INIT, opens = DK_BUF_INIT, closes = DK_BUF_INIT;
    dk_when_day(&from_day, lang, dk_brussels_to_utc_ms(first, 12 * 60));
    dk_when_day(&to_day, lang, dk_brussels_to_utc_ms(last, 12 * 60));
    dk_words_clock(&opens, lang, rules->office_from_min);
    dk_words_clock(&closes, lang, rules->office_to_min);
    dk_buf_puts(b, "<p class=\"hint\">");
    DK_I18N_APPENDF(b, lang, slots_hint, from_day.data, to_day.data, opens.data, closes.data);
    dk_buf_puts(b, "</p>");
    dk_buf_free(&from_day);
    dk_buf_free(&to_day);
    dk_buf_free(&opens);
    dk_buf_free(&closes);
}

void dk_slot_fields_render(dk_buf *b, const dk_slot_view *v, const dk_app_rules *rules)
{
    dk_date first, last;
    dk_slot_window(dk_now_ms(), &first, &last);
    slot_bounds lim;
    dk_date_format(first, lim.first);
    dk_date_format(last, lim.last);
    hhmm(rules->office_from_min, lim.opens);
    hhmm(rules->office_to_min, lim.closes);
    slots_hint(b, v->lang, first, last, rules);
    /* Rows 4..10 fold away unless one of them holds a value. */
    int open_more = 0;
    for (int row = VISIBLE_SLOTS + 1; row <= DK_APP_MAX_SLOTS; row++)
        for (int i = 0; i < v->nslots; i++)
            open_more |= v->slot_row[i] == row;
    for (int row = 1; row <= DK_APP_MAX_SLOTS; row++) {
        if (row == VISIBLE_SLOTS + 1) {
            dk_buf_appendf(b, "<details%s><summary>", open_more ? " open" : "");
            dk_page_esc(b, dk_i18n_text(v->lang, "more_slots"));
            dk_buf_puts(b, "</summary>");
        }
        slot_row(b, v, row, &lim);
    }
    dk_buf_puts(b, "</details>");
}
