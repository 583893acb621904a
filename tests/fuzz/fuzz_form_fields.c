/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_form_fields.c — libFuzzer target for the intake's handling of a form
 * body's fields (url-encoded or multipart, as libmicrohttpd's post
 * processor hands them over; the events are described in post_events.h):
 * dk_web_form_field collects them, dk_slot_fields_collect reads the
 * preferred-slot rows back, the validator judges the whole request, and
 * the request form is rendered again with what was typed and its errors
 * (pages.h: the engine of common/render). Checks: a kept value is a string
 * within the 20000-byte bound; every value typed back is escaped into
 * well-formed UTF-8 without markup; the rows read back are in order and the
 * form renders as well-formed UTF-8. */
#include "booking/dk_application.h"
#include "core/dk_buf.h"
#include "core/dk_log.h"
#include "core/dk_utf8.h"
#include "page.h"
#include "pages.h"
#include "post_events.h"
#include "render/dk_render.h"

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

/* A value typed back into a page (HTML text, by the engine the pages use):
 * well-formed UTF-8, no markup left. */
static void check_escaped(const char *s)
{
    json_t *v = json_pack("{s:o}", "v", dk_page_str(s));
    const json_t *scopes[] = {v};
    dk_render_opts o = {.mode = DK_RENDER_HTML, .lang = "fr", .where = "fuzz"};
    dk_buf b = {0};
    char err[256];
    if (!v || dk_render("<p>{{v}}</p>", scopes, 1, &o, &b, err, sizeof err) != 0)
        abort();
    if (!dk_utf8_valid(b.data, b.len) || memchr(b.data + 3, '<', b.len - 7) ||
        memchr(b.data, '"', b.len) || memchr(b.data + 3, '>', b.len - 7))
        abort();
    dk_buf_free(&b);
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_web_form_sink f = {.values = json_object()};
    post_events_replay(data, size, dk_web_form_field, &f);

    const char *k;
    json_t *v;
    json_object_foreach(f.values, k, v)
    {
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
    dk_form_model m = {
        .lang = "fr",
        .csrf = "csrf",
        .values = f.values,
        .errs = &errs,
        .slots = {.values = f.values, .errs = &errs, .slot_row = rows, .nslots = nslots},
        .rules = &rules,
        .now_ms = now_ms};
    dk_buf page = {0};
    if (dk_page_render_form(&page, &m) != 0 || !page.len || !dk_utf8_valid(page.data, page.len))
        abort();
    dk_buf_free(&page);
    json_decref(body);
    json_decref(f.values);
    return 0;
}
