/* fuzz_form_fields.c — libFuzzer target for the intake's handling of a form
 * body's fields (url-encoded or multipart, as libmicrohttpd's post
 * processor hands them over; the events are described in post_events.h):
 * dk_page_form_field collects them, dk_slot_fields_collect reads the
 * preferred-slot rows back, the validator judges those rows, and the rows
 * are rendered again with their errors (slot_fields.c, page.c). Checks: a
 * kept value is a string within the 20000-byte bound; every value typed
 * back is escaped into well-formed UTF-8 without markup; the rows read
 * back are in order and the page renders as UTF-8. */
#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "core/dk_log.h"
#include "core/dk_utf8.h"
#include "page.h"
#include "post_events.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static dk_app_rules rules;
static const int64_t now_ms = 1796205600000; /* 2026-12-02T10:00:00Z */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    setenv("DK_NOW", "2026-12-02T10:00:00Z", 1); /* the date window of the rows */
    setenv("DK_LOG_LEVEL", "error", 1);
    dk_log_init("form-fuzz");
    dk_app_rules_default(&rules);
    return 0;
}

/* A value typed back into a page: well-formed UTF-8, no markup left. */
static void check_escaped(const char *s)
{
    dk_buf b = {0};
    dk_page_esc(&b, s);
    if (b.len && (!dk_utf8_valid(b.data, b.len) || memchr(b.data, '<', b.len) ||
                  memchr(b.data, '>', b.len) || memchr(b.data, '"', b.len)))
        abort();
    dk_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_form_sink f = {.values = json_object()};
    post_events_replay(data, size, dk_page_form_field, &f);

    const char *k;
    json_t *v;
    json_object_foreach(f.values, k, v) {
        if (!json_is_string(v) || json_string_length(v) > 20000)
            abort();
        check_escaped(k);
        check_escaped(json_string_value(v));
    }

    int rows[DK_APP_MAX_SLOTS], nslots = -1;
    json_t *slots = dk_slot_fields_collect(f.values, rows, &nslots);
    if (nslots < 0 || nslots > DK_APP_MAX_SLOTS || (size_t)nslots != json_array_size(slots))
        abort();
    for (int i = 0; i < nslots; i++)
        if (rows[i] < 1 || rows[i] > DK_APP_MAX_SLOTS || (i > 0 && rows[i] <= rows[i - 1]))
            abort();

    json_t *body = json_pack("{s:o}", "preferred_slots", slots);
    dk_field_errors errs;
    dk_app_validate_slots(body, now_ms, &rules, &errs);
    dk_slot_view view = {.lang = "fr", .values = f.values, .errs = &errs, .slot_row = rows,
                         .nslots = nslots};
    dk_buf page = {0};
    dk_slot_fields_render(&page, &view, &rules);
    if (!page.len || !dk_utf8_valid(page.data, page.len))
        abort();
    dk_buf_free(&page);
    json_decref(body);
    json_decref(f.values);
    return 0;
}
