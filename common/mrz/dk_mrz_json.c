/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_json.c — a parsed MRZ as the JSON object SPEC.md fixes for
 * `dk document mrz` (and stores with the document), with the repairs made,
 * so that an interviewer sees what was read and what was changed. */
#include "mrz/dk_mrz_internal.h"

#include <stdio.h>

static json_t *char_or_empty(char c)
{
    char s[2] = {c, '\0'};
    return json_string(s);
}

static json_t *iso_or_null(int valid, dk_date d)
{
    if (!valid)
        return json_null();
    char s[11];
    dk_date_format(d, s);
    return json_string(s);
}

static json_t *repairs_json(const dk_mrz *m)
{
    json_t *a = json_array();
    for (int i = 0; a && i < m->nrepairs; i++) {
        const dk_mrz_repair *r = &m->repairs[i];
        json_t *o =
            json_pack("{sssisisoso ss}", "field", r->field, "line", r->line, "position", r->pos,
                      "from", char_or_empty(r->from), "to", char_or_empty(r->to), "why", r->why);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *dk_mrz_json(const dk_mrz *m)
{
    if (!m->found)
        return json_pack("{sbss}", "found", 0, "reason", m->reason);
    json_t *lines = json_array(), *checks = json_object();
    for (int i = 0; lines && i < m->nlines; i++)
        json_array_append_new(lines, json_string(m->lines[i]));
    for (int c = 0; checks && c < DK_MRZ_NCHECKS; c++)
        if (m->has_check & (1u << c))
            json_object_set_new(checks, dk_mrz_check_name((dk_mrz_check)c),
                                json_boolean(m->check_ok[c]));
    json_t *o = json_pack(
        "{sb ss so ss ss ss ss ss ss ss ss ss so sb ss so so sb sb so}", "found", 1, "format",
        dk_mrz_format_name(m->format), "lines", lines, "document_type", m->document_type,
        "issuing_state", m->issuing_state, "document_number", m->document_number, "birth_date",
        m->birth_date, "expiry_date", m->expiry_date, "sex", m->sex, "nationality", m->nationality,
        "surname", m->surname, "given_names", m->given_names, "checks", checks, "valid", m->valid,
        "optional_data", m->optional_data, "birth_date_iso", iso_or_null(m->birth_valid, m->birth),
        "expiry_date_iso", iso_or_null(m->expiry_valid, m->expiry), "names_readable",
        m->names_readable, "name_full", m->name_full, "repairs", repairs_json(m));
    if (o && m->format == DK_MRZ_TD1 &&
        json_object_set_new(o, "optional_data_2", json_string(m->optional_data_2)) != 0) {
        json_decref(o);
        return NULL;
    }
    /* France's own layout of two lines of 36: no expiry in it. */
    if (o && m->format == DK_MRZ_FRA_ID &&
        json_object_set_new(o, "layout", json_string("FRA-ID")) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}
