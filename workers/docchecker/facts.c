/* SPDX-License-Identifier: EUPL-1.2 */
/* facts.c — the MRZ read, the register's answer and the comparison of one
 * judged image (see facts.h). The validator decodes hostile images, so what
 * it answers is taken as text to check, not as facts: its lines are parsed
 * again, its repairs and figures kept only in their expected shape. */
#include "facts.h"

#include "core/dk_clock.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string of at most max bytes, or NULL. */
static const char *short_string(const json_t *o, const char *key, size_t max)
{
    const json_t *s = json_object_get(o, key);
    return json_is_string(s) && json_string_length(s) <= max ? json_string_value(s) : NULL;
}

/* An integer within [lo, hi], or -1. */
static long bounded_int(const json_t *o, const char *key, long lo, long hi)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi)
        return (long)json_integer_value(v);
    if (json_is_real(v) && isfinite(json_real_value(v)) && json_real_value(v) >= (double)lo &&
        json_real_value(v) <= (double)hi)
        return lround(json_real_value(v));
    return -1;
}

/* The validator's repairs (the glyphs its own recogniser swapped, besides
 * the parser's) in their shape, or NULL when they are not in it. */
static json_t *repairs_of(const json_t *read)
{
    const json_t *in = json_object_get(read, "repairs");
    if (!json_is_array(in) || json_array_size(in) > DK_MRZ_MAX_REPAIRS * 2)
        return NULL;
    json_t *out = json_array();
    size_t i;
    const json_t *r;
    json_array_foreach(in, i, r)
    {
        const char *field = short_string(r, "field", 40), *why = short_string(r, "why", 24);
        const char *from = short_string(r, "from", 1), *to = short_string(r, "to", 1);
        long line = bounded_int(r, "line", 1, 3), pos = bounded_int(r, "position", 0, 44);
        if (!field || !why || !from || !to || line < 0 || pos < 0) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out,
                              json_pack("{ss si si ss ss ss}", "field", field, "line", (int)line,
                                        "position", (int)pos, "from", from, "to", to, "why", why));
    }
    return out;
}

/* What is stored of the read: the parser's facts of the lines, with the
 * validator's repairs, turn and time; or found false with why. */
static json_t *stored_read(const dk_mrz *m, const json_t *read, long ms)
{
    json_t *o;
    if (m->found) {
        o = dk_mrz_json(m);
        json_t *repairs = repairs_of(read);
        if (o && repairs && json_array_size(repairs) >= (size_t)m->nrepairs)
            json_object_set_new(o, "repairs", repairs);
        else
            json_decref(repairs);
        long turned = bounded_int(read, "turned", 0, 270);
        if (o && turned >= 0 && turned % 90 == 0)
            json_object_set_new(o, "turned", json_integer(turned));
    } else {
        const char *why = json_is_true(json_object_get(read, "found"))
                              ? m->reason
                              : short_string(read, "reason", 200);
        o = json_pack("{sbss}", "found", 0, "reason", why ? why : "no MRZ was read");
    }
    if (o && ms >= 0)
        json_object_set_new(o, "ms", json_integer(ms));
    return o;
}

dk_facts *dk_facts_new(json_t *verdict, dk_date today)
{
    dk_facts *f = calloc(1, sizeof *f);
    if (!f) {
        json_decref(verdict);
        return NULL;
    }
    f->verdict = verdict;
    f->read_ms = -1;
    f->not_checked = "no_mrz";
    json_t *read = json_incref(json_object_get(verdict, "mrz"));
    json_object_del(verdict, "mrz");
    const char *v = json_string_value(json_object_get(verdict, "verdict"));
    if (json_is_object(read) && v && strcmp(v, "accepted") == 0) {
        f->read = 1;
        f->read_ms = bounded_int(read, "ms", 0, 3600 * 1000);
        if (json_is_true(json_object_get(read, "found")))
            dk_mrz_parse_json_lines(json_object_get(read, "lines"), today, &f->mrz);
        else
            snprintf(f->mrz.reason, sizeof f->mrz.reason, "no MRZ was read");
        f->mrz_json = stored_read(&f->mrz, read, f->read_ms);
        if (!f->mrz_json) {
            json_decref(read);
            dk_facts_free(f);
            return NULL;
        }
    }
    json_decref(read);
    return f;
}

void dk_facts_ask_register(dk_facts *f, const dk_register_config *c)
{
    if (!f->read || !f->mrz.found)
        return;
    if (!dk_mrz_number_vouched(&f->mrz)) {
        f->not_checked = "number_unreadable";
        return;
    }
    char why[128];
    if (dk_register_query_make(&f->query, f->mrz.document_type, f->mrz.document_number,
                               f->mrz.issuing_state, why, sizeof why) != 0) {
        f->not_checked = "not_a_query";
        return;
    }
    dk_register_check(c, &f->query, &f->reg);
    f->asked = 1;
}

void dk_facts_compare(const dk_facts *f, const dk_facts_request *req, dk_mrz_comparison *cmp,
                      int *refuse)
{
    dk_mrz_request r = {.surname = req->surname,
                        .given_names = req->given_names,
                        .birth_date = req->birth_date,
                        .sex = req->sex,
                        .nationality = NULL, /* the request does not ask it */
                        .on_date = req->on_date};
    dk_mrz_compare(&f->mrz, &r, cmp);
    *refuse = f->read && dk_mrz_refuses_expired(&f->mrz, cmp);
}

const char *dk_facts_register_status(const dk_facts *f)
{
    return f->asked ? dk_register_status_name(f->reg.status) : "not_checked";
}

int dk_facts_store(PGconn *pg, const char *doc_id, const char *app_id, const dk_facts *f,
                   const dk_mrz_comparison *cmp, const char *on_date, int refused, char *err,
                   size_t errlen)
{
    char check_id[37] = "";
    if (f->asked && dk_register_record(pg, app_id, &f->query, &f->reg, check_id, err, errlen) != 0)
        return -1;
    json_t *comparison = f->mrz.found ? dk_mrz_comparison_json(cmp) : NULL;
    char *mrz = dk_json_text(f->mrz_json), *cmp_text = comparison ? dk_json_text(comparison) : NULL;
    json_decref(comparison);
    char ms[24], now[32];
    snprintf(ms, sizeof ms, "%ld", f->read_ms);
    dk_iso8601_utc(dk_now_ms(), now);
    const char *reason = !f->asked                            ? f->not_checked
                         : f->reg.status == DK_REGISTER_CLEAR ? NULL
                         : f->reg.reason[0]                   ? f->reg.reason
                                                              : "unspecified";
    const char *p[] = {doc_id,
                       app_id,
                       f->mrz.found ? "true" : "false",
                       f->mrz.found ? (f->mrz.valid ? "true" : "false") : NULL,
                       f->mrz.found ? dk_mrz_format_name(f->mrz.format) : NULL,
                       mrz,
                       cmp_text,
                       f->mrz.found ? dk_mrz_expiry_name(cmp->expiry) : NULL,
                       on_date,
                       refused ? "true" : "false",
                       dk_facts_register_status(f),
                       reason,
                       check_id[0] ? check_id : NULL,
                       f->read_ms >= 0 ? ms : NULL,
                       now};
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO document_facts (document_id, application_id, mrz_found, mrz_valid,"
        " mrz_format, mrz, comparison, expiry, expiry_on, refused_expired, register_status,"
        " register_reason, register_check_id, read_ms, read_at)"
        " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::date, $10, $11, $12,"
        " $13::uuid, $14, $15::timestamptz) ON CONFLICT (document_id) DO NOTHING",
        15, p, err, errlen);
    free(mrz);
    free(cmp_text);
    int rc = r ? 0 : -1;
    PQclear(r);
    return rc;
}

void dk_facts_free(void *facts)
{
    dk_facts *f = facts;
    if (!f)
        return;
    json_decref(f->verdict);
    json_decref(f->mrz_json);
    dk_register_result_clear(&f->reg);
    free(f);
}
