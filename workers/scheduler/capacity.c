/* SPDX-License-Identifier: EUPL-1.2 */
/* capacity.c — what the scheduler may still give away: every interviewer's
 * slots (their hours, on Belgian working days, in Brussels time) minus
 * absences, minus live appointments, within the per-day maximum. */
#include "scheduler.h"

#include "belgium/dk_hours.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t start, end;
} span;

typedef struct {
    span *v;
    size_t n, cap;
} spans;

/* Makes room for need elements of size bytes in *p (capacity *cap). */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int spans_add(spans *s, int64_t a, int64_t b)
{
    if (grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) != 0)
        return -1;
    s->v[s->n++] = (span){a, b};
    return 0;
}

static int spans_overlap(const spans *s, int64_t a, int64_t b)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].start < b && a < s->v[i].end)
            return 1;
    return 0;
}

static unsigned langs_of(const char *json_array_text)
{
    unsigned bits = 0;
    json_t *a = json_loads(json_array_text, 0, NULL);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) bits |= dk_plan_lang_bit(json_string_value(v));
    json_decref(a);
    return bits;
}

/* Index of an interviewer id in the loaded list, or -1. */
static int find_interviewer(const dk_capacity *c, const char *id)
{
    for (size_t i = 0; i < c->ninterviewers; i++)
        if (strcmp(c->interviewer_ids[i], id) == 0)
            return (int)i;
    return -1;
}

int dk_capacity_load(PGconn *pg, int64_t from_ms, int64_t to_ms, int64_t now_ms, unsigned langs,
                     dk_capacity *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char from[32], to[32];
    dk_iso8601_utc(from_ms, from);
    dk_iso8601_utc(to_ms, to);
    const char *p[] = {from, to};
    PGresult *ri =
        dk_pg_query(pg, "SELECT id, array_to_json(languages), hours FROM interviewers ORDER BY id",
                    0, NULL, err, errlen);
    if (!ri)
        return -1;
    PGresult *rb = dk_pg_query(
        pg,
        "SELECT interviewer_id, (extract(epoch FROM starts_at) * 1000)::bigint,"
        " (extract(epoch FROM ends_at) * 1000)::bigint, 0 FROM appointments"
        " WHERE status IN ('held', 'reserved') AND starts_at < $2::timestamptz"
        " AND ends_at > $1::timestamptz - interval '1 day'"
        " UNION ALL "
        "SELECT interviewer_id, (extract(epoch FROM starts_at) * 1000)::bigint,"
        " (extract(epoch FROM ends_at) * 1000)::bigint, 1 FROM interviewer_absences"
        " WHERE starts_at < $2::timestamptz AND ends_at > $1::timestamptz - interval '1 day'",
        2, p, err, errlen);
    if (!rb) {
        PQclear(ri);
        return -1;
    }
    int rc = -1;
    size_t ni = (size_t)PQntuples(ri);
    dk_hours *hours = calloc(ni ? ni : 1, sizeof *hours);
    unsigned *speaks = calloc(ni ? ni : 1, sizeof *speaks);
    spans *busy = calloc(ni ? ni : 1, sizeof *busy), *away = calloc(ni ? ni : 1, sizeof *away);
    out->interviewer_ids = calloc(ni ? ni : 1, sizeof *out->interviewer_ids);
    dk_date first, last;
    dk_brussels_local(from_ms, &first, NULL);
    dk_brussels_local(to_ms - 1, &last, NULL);
    int ndates = (int)(dk_date_to_days(last) - dk_date_to_days(first)) + 1;
    int *booked = calloc((ni ? ni : 1) * (size_t)(ndates > 0 ? ndates : 1), sizeof *booked);
    if (!hours || !speaks || !busy || !away || !out->interviewer_ids || !booked) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    out->ninterviewers = ni;
    for (size_t i = 0; i < ni; i++) {
        snprintf(out->interviewer_ids[i], 37, "%s", PQgetvalue(ri, (int)i, 0));
        speaks[i] = langs_of(PQgetvalue(ri, (int)i, 1));
        char why[256];
        if (dk_hours_parse(PQgetvalue(ri, (int)i, 2), &hours[i], why, sizeof why) != 0)
            speaks[i] = 0; /* `dk interviewer` refuses such hours; never guess */
    }
    for (int r = 0; r < PQntuples(rb); r++) {
        int i = find_interviewer(out, PQgetvalue(rb, r, 0));
        if (i < 0)
            continue;
        int64_t a = strtoll(PQgetvalue(rb, r, 1), NULL, 10),
                b = strtoll(PQgetvalue(rb, r, 2), NULL, 10);
        int absence = PQgetvalue(rb, r, 3)[0] == '1';
        if (spans_add(absence ? &away[i] : &busy[i], a, b) != 0) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
        if (!absence) {
            dk_date d;
            dk_brussels_local(a, &d, NULL);
            int k = (int)(dk_date_to_days(d) - dk_date_to_days(first));
            if (k >= 0 && k < ndates)
                booked[i * (size_t)ndates + (size_t)k]++;
        }
    }
    int max_day = (int)dk_config_int("DK_MAX_PER_DAY");
    int minutes = (int)dk_config_int("DK_SLOT_MINUTES");
    size_t slot_cap = 0, day_cap = 0;
    for (int k = 0; k < ndates; k++) {
        dk_date d = dk_date_add_days(first, k);
        if (!dk_be_working_day(d))
            continue;
        for (size_t i = 0; i < ni; i++) {
            if (!(speaks[i] & langs))
                continue;
            int used = booked[i * (size_t)ndates + (size_t)k];
            if (used >= max_day)
                continue;
            int starts[24 * 60];
            int ns = dk_hours_slots(&hours[i], dk_date_weekday(d), minutes, starts, 24 * 60);
            int day = -1;
            for (int s = 0; s < ns; s++) {
                int64_t a = dk_brussels_to_utc_ms(d, starts[s]);
                int64_t b = a + (int64_t)minutes * 60000;
                if (a < from_ms || a >= to_ms || a <= now_ms || spans_overlap(&busy[i], a, b) ||
                    spans_overlap(&away[i], a, b))
                    continue;
                if (day < 0) {
                    if (grow((void **)&out->days, &day_cap, out->ndays + 1, sizeof *out->days) != 0)
                        goto oom;
                    day = (int)out->ndays++;
                    out->days[day] = (dk_plan_day){.capacity = max_day - used, .load = used};
                }
                if (grow((void **)&out->slots, &slot_cap, out->nslots + 1, sizeof *out->slots) != 0)
                    goto oom;
                out->slots[out->nslots++] = (dk_plan_slot){.start_ms = a,
                                                           .end_ms = b,
                                                           .interviewer = (int)i,
                                                           .day = day,
                                                           .langs = speaks[i]};
            }
        }
    }
    rc = 0;
    goto done;
oom:
    snprintf(err, errlen, "out of memory");
done:
    for (size_t i = 0; busy && away && i < ni; i++) {
        free(busy[i].v);
        free(away[i].v);
    }
    free(hours);
    free(speaks);
    free(busy);
    free(away);
    free(booked);
    PQclear(ri);
    PQclear(rb);
    if (rc != 0)
        dk_capacity_free(out);
    return rc;
}

void dk_capacity_free(dk_capacity *c)
{
    free(c->interviewer_ids);
    free(c->slots);
    free(c->days);
    memset(c, 0, sizeof *c);
}
