/* SPDX-License-Identifier: EUPL-1.2 */
/* assign.c — one batch of schedule.requested: lock out the other replicas'
 * planning, load the applicants and the free capacity, let dk_plan choose
 * for the whole batch at once, then write the held appointments, the
 * applications' new status, the proposal mails and the dashboard events in
 * the batch's transaction. The exclusion constraint on appointments is the
 * last word on double booking: a conflict fails the batch, which is retried.
 * No source (client network) holds more than DK_MAX_LIVE_PER_SOURCE
 * unanswered proposals: its later applicants wait ('source_limit') instead
 * of being planned, so one client cannot take the slots of everyone else. */
#include "scheduler.h"

#include "booking/dk_booking.h"
#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_token.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant: every replica's planning takes this transaction lock. */
#define PLANNING_LOCK "7314159265"

static const char *const apps_sql =
    "SELECT a.id, a.language, a.email, a.first_names, a.last_name,"
    " coalesce((SELECT json_agg(json_build_array((extract(epoch FROM s.starts_at) * 1000)::bigint,"
    "   (extract(epoch FROM s.ends_at) * 1000)::bigint) ORDER BY s.rank)"
    "  FROM application_preferred_slots s WHERE s.application_id = a.id), '[]'),"
    " EXISTS (SELECT 1 FROM document_uploads u WHERE u.application_id = a.id"
    "  AND u.status = 'accepted'),"
    /* the interview that was in the applicant's calendar, when the latest
     * appointment was reserved and then moved: its entry is cancelled */
    " (SELECT json_build_array(dk_iso(p.starts_at), dk_iso(p.ends_at)) FROM ("
    "   SELECT * FROM appointments p WHERE p.application_id = a.id"
    "   ORDER BY p.proposed_at DESC, p.id DESC LIMIT 1) p"
    "  WHERE p.reserved_at IS NOT NULL AND p.status IN ('replaced', 'withdrawn')),"
    " a.ics_sequence, a.source_key"
    " FROM applications a WHERE a.id = ANY($1::uuid[])"
    " AND a.status IN ('submitted', 'rescheduling', 'waiting')"
    " AND NOT EXISTS (SELECT 1 FROM appointments p WHERE p.application_id = a.id"
    "  AND p.status IN ('held', 'reserved'))"
    " ORDER BY a.submitted_at, a.id FOR UPDATE OF a";

static const char *const write_sql =
    "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(application_id uuid, id uuid,"
    "  interviewer_id uuid, starts_at timestamptz, ends_at timestamptz, match text,"
    "  preferred_rank smallint, token_hash text, held_until timestamptz, waiting_reason text)),"
    "ins AS (INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at,"
    "  status, match, preferred_rank, token_hash, held_until, proposed_at)"
    " SELECT id, application_id, interviewer_id, starts_at, ends_at, 'held', match,"
    "  preferred_rank, token_hash, held_until, $2::timestamptz FROM x WHERE id IS NOT NULL"
    " RETURNING application_id)"
    "UPDATE applications a SET updated_at = $2::timestamptz,"
    " status = CASE WHEN x.id IS NULL THEN 'waiting' ELSE 'proposed' END,"
    " waiting_reason = CASE WHEN x.id IS NULL THEN coalesce(x.waiting_reason, 'capacity') END"
    " FROM x WHERE a.id = x.application_id";

/* The unanswered proposals each source of the batch holds: every held
 * appointment (an upload waiting for its verdict included: a junk upload
 * must not free a place). Read under the planning lock, which every
 * maker of held appointments takes: the count can fall under us (an
 * answer, an expiry), never rise. */
static const char *const held_sql =
    "SELECT a.source_key, count(*) FROM applications a"
    " JOIN appointments p ON p.application_id = a.id AND p.status = 'held'"
    " WHERE a.source_key IN (SELECT jsonb_array_elements_text($1::jsonb))"
    " GROUP BY a.source_key";

static const char *match_name(dk_match m)
{
    return m == DK_MATCH_PREFERRED ? "preferred" : m == DK_MATCH_NEAREST ? "nearest" : "later";
}

/* The end of the hold: DK_HOLD_WORKING_DAYS working days from now at the
 * same Brussels time, and never after the interview starts. */
static int64_t hold_until(int64_t now, int64_t slot_start)
{
    dk_date today;
    int minute;
    dk_brussels_local(now, &today, &minute);
    dk_date d = dk_be_add_working_days(today, (int)dk_config_int("DK_HOLD_WORKING_DAYS"));
    int64_t until = dk_brussels_to_utc_ms(d, minute) + now % 60000; /* same second too */
    return until < slot_start ? until : slot_start;
}

/* The applications asked for, with whether a change of hours moved them. */
static json_t *requested(dk_msg **msgs, size_t n, json_t **moved)
{
    json_t *ids = json_array();
    *moved = json_object();
    for (size_t i = 0; i < n; i++) {
        const char *reason = NULL, *prev = NULL;
        if (json_unpack(msgs[i]->env.data, "{s:s, s?s}", "reason", &reason,
                        "previous_appointment_id", &prev) != 0 ||
            (strcmp(reason, "submitted") && strcmp(reason, "rescheduled") &&
             strcmp(reason, "interviewer_changed") && strcmp(reason, "retry")) ||
            (prev && !dk_uuid_valid(prev)) || !msgs[i]->env.application_id) {
            dk_msg_reject(msgs[i], "data does not match schemas/messages/schedule.requested.json");
            continue;
        }
        json_array_append_new(ids, json_string(msgs[i]->env.application_id));
        if (strcmp(reason, "interviewer_changed") == 0)
            json_object_set_new(*moved, msgs[i]->env.application_id, json_true());
    }
    return ids;
}

/* PostgreSQL's {a,b,c} array literal of the ids. */
static char *uuid_array(const json_t *ids)
{
    size_t n = json_array_size(ids);
    char *s = malloc(n * 37 + 3);
    if (!s)
        return NULL;
    size_t o = 0;
    s[o++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            s[o++] = ',';
        memcpy(s + o, json_string_value(json_array_get(ids, i)), 36);
        o += 36;
    }
    s[o++] = '}';
    s[o] = '\0';
    return s;
}

/* Marks limited[i] for the applicants of the batch (in request order) past
 * what their source may still hold: DK_MAX_LIVE_PER_SOURCE minus its held
 * proposals. Returns how many are limited, or -1 with err. */
static int source_limits(PGconn *pg, PGresult *apps, int *limited, char *err, size_t errlen)
{
    int napps = PQntuples(apps);
    json_t *keys = json_array(), *room = json_object();
    for (int i = 0; i < napps; i++)
        if (!PQgetisnull(apps, i, 9))
            json_array_append_new(keys, json_string(PQgetvalue(apps, i, 9)));
    int n = 0;
    if (json_array_size(keys) > 0) {
        char *text = dk_json_text(keys);
        const char *p[] = {text};
        PGresult *r = text ? dk_pg_query(pg, held_sql, 1, p, err, errlen) : NULL;
        free(text);
        if (!r) {
            json_decref(keys);
            json_decref(room);
            return -1;
        }
        long max = dk_config_int("DK_MAX_LIVE_PER_SOURCE");
        for (int i = 0; i < PQntuples(r); i++)
            json_object_set_new(room, PQgetvalue(r, i, 0),
                                json_integer(max - strtol(PQgetvalue(r, i, 1), NULL, 10)));
        PQclear(r);
        for (int i = 0; i < napps; i++) {
            if (PQgetisnull(apps, i, 9))
                continue;
            const char *k = PQgetvalue(apps, i, 9);
            json_t *left = json_object_get(room, k);
            json_int_t places = left ? json_integer_value(left) : max;
            limited[i] = places <= 0;
            n += limited[i];
            json_object_set_new(room, k, json_integer(places - 1));
        }
    }
    json_decref(keys);
    json_decref(room);
    return n;
}

/* One batch being planned: the applicants as dk_plan sees them, its
 * result, and the capacity it was planned on. */
typedef struct {
    int napps;
    int64_t now, allowed_from, allowed_to, horizon;
    dk_plan_app *pa;         /* the applicants planned, in request order */
    dk_plan_window *windows; /* 10 per applicant */
    dk_plan_result *res;
    int *limited; /* per row of apps: waits for its source's limit */
    int *at;      /* per row of apps: its index in pa, -1 when limited */
    size_t nplan;
    int nlimited;
    unsigned langs;
    dk_capacity cap;
    int64_t t_load, t_solve, t_write;
} plan_batch;

static void batch_free(plan_batch *b)
{
    dk_capacity_free(&b->cap);
    free(b->pa);
    free(b->windows);
    free(b->res);
    free(b->limited);
    free(b->at);
}

/* The window the slots may be proposed in, from now, and the arrays for
 * napps applicants. -1 when memory ran out (nothing left allocated). */
static int batch_start(plan_batch *b, int napps, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->napps = napps;
    b->now = dk_now_ms();
    dk_date first, last;
    dk_slot_window(b->now, &first, &last);
    b->allowed_from = dk_brussels_to_utc_ms(first, 0);
    b->allowed_to = dk_brussels_to_utc_ms(dk_date_add_days(last, 1), 0);
    b->horizon = dk_brussels_to_utc_ms(
        dk_date_add_days(last, 1 + (int)dk_config_int("DK_SCHEDULE_HORIZON_DAYS")), 0);

    b->pa = calloc((size_t)napps, sizeof *b->pa);
    b->windows = calloc((size_t)napps * 10, sizeof *b->windows);
    b->res = calloc((size_t)napps, sizeof *b->res);
    b->limited = calloc((size_t)napps, sizeof *b->limited);
    b->at = calloc((size_t)napps, sizeof *b->at);
    if (!b->pa || !b->windows || !b->res || !b->limited || !b->at) {
        batch_free(b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* The applicants not held back by their source's limit into pa: language,
 * allowed window and preferred windows (at most 10). */
static void batch_applicants(plan_batch *b, PGresult *apps)
{
    for (int i = 0; i < b->napps; i++) {
        b->at[i] = b->limited[i] ? -1 : (int)b->nplan++;
        if (b->at[i] < 0)
            continue;
        dk_plan_app *a = &b->pa[b->at[i]];
        a->lang = dk_plan_lang_bit(PQgetvalue(apps, i, 1));
        b->langs |= a->lang;
        a->windows = b->windows + (size_t)b->at[i] * 10;
        a->allowed_from_ms = b->allowed_from;
        a->allowed_to_ms = b->allowed_to;
        json_t *w = json_loads(PQgetvalue(apps, i, 5), 0, NULL);
        for (size_t k = 0; k < json_array_size(w) && k < 10; k++) {
            json_t *pair = json_array_get(w, k);
            b->windows[(size_t)b->at[i] * 10 + k] =
                (dk_plan_window){json_integer_value(json_array_get(pair, 0)),
                                 json_integer_value(json_array_get(pair, 1))};
            a->nwindows++;
        }
        json_decref(w);
    }
}

/* The free capacity up to the horizon, then dk_plan's choice for the whole
 * batch into res. rc is the batch's state so far (0 or -1); returns it. */
static int batch_solve(PGconn *pg, plan_batch *b, int rc, char *err, size_t errlen)
{
    b->t_load = dk_mono_ms();
    b->t_solve = b->t_load;
    if (rc == 0 && b->nplan > 0)
        rc = dk_capacity_load(pg, b->allowed_from < b->now ? b->now : b->allowed_from, b->horizon,
                              b->now, b->langs, &b->cap, err, errlen);
    if (rc == 0 && b->nplan > 0) {
        dk_plan_problem prob = {b->cap.slots, b->cap.nslots, b->cap.days,
                                b->cap.ndays, b->pa,         b->nplan};
        b->t_solve = dk_mono_ms();
        rc = dk_plan_solve(&prob, b->res);
        if (rc != 0)
            snprintf(err, errlen, "out of memory while planning");
    }
    b->t_write = dk_mono_ms();
    return rc;
}

/* The held appointment of row i of apps, which got a slot: its row for
 * write_sql into rows, its proposal mail and dashboard event into outbox.
 * -1 with err when no appointment id could be drawn. */
static int proposal_rows(const plan_batch *b, PGresult *apps, int i, const json_t *moved,
                         json_t *rows, json_t *outbox, char *err, size_t errlen)
{
    const char *app = PQgetvalue(apps, i, 0);
    const dk_plan_result *got = &b->res[b->at[i]];
    const dk_plan_slot *s = &b->cap.slots[got->slot];
    char id[37], token[DK_TOKEN_LEN + 1], token_hash[65], start[32], end[32], until[32];
    if (dk_uuid_v4(id) != 0) {
        snprintf(err, errlen, "no randomness for an appointment id");
        return -1;
    }
    dk_token_for(id, token);
    dk_token_hash(token, token_hash);
    dk_iso8601_utc(s->start_ms, start);
    dk_iso8601_utc(s->end_ms, end);
    dk_iso8601_utc(hold_until(b->now, s->start_ms), until);
    const char *interviewer = b->cap.interviewer_ids[s->interviewer];
    const char *match = match_name(got->match);
    json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "application_id", app, "id",
                            id, "interviewer_id", interviewer, "starts_at", start, "ends_at", end,
                            "match", match, "token_hash", token_hash, "held_until", until);
    if (got->match == DK_MATCH_PREFERRED)
        json_object_set_new(row, "preferred_rank", json_integer(got->rank));
    json_array_append_new(rows, row);
    char key[96];
    snprintf(key, sizeof key, "proposal:%s", id);
    json_t *vars = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "first_names", PQgetvalue(apps, i, 3),
        "last_name", PQgetvalue(apps, i, 4), "application_id", app, "appointment_id", id,
        "slot_start", start, "slot_end", end, "match", match, "hold_until", until, "moved",
        json_object_get(moved, app) != NULL, "document_on_file", PQgetvalue(apps, i, 6)[0] == 't');
    if (!PQgetisnull(apps, i, 7)) {
        json_t *was = json_loads(PQgetvalue(apps, i, 7), 0, NULL);
        json_object_set_new(vars, "calendar",
                            dk_booking_calendar(app, "CANCEL", atoi(PQgetvalue(apps, i, 8)),
                                                json_string_value(json_array_get(was, 0)),
                                                json_string_value(json_array_get(was, 1)), NULL));
        json_decref(was);
    }
    json_array_append_new(outbox, dk_mailjob_row("proposal", PQgetvalue(apps, i, 1),
                                                 PQgetvalue(apps, i, 2), key, app, vars));
    json_array_append_new(
        outbox, dk_booking_changed_row(app, id, "proposed", interviewer, start, end, match));
    return 0;
}

/* Every row of apps into rows (waiting for its source's limit, waiting for
 * a slot, or held) and outbox; *waiting counts those without a slot.
 * Returns 0, or -1 with err. */
static int batch_rows(const plan_batch *b, PGresult *apps, const json_t *moved, json_t *rows,
                      json_t *outbox, int *waiting, char *err, size_t errlen)
{
    for (int i = 0; i < b->napps; i++) {
        const char *app = PQgetvalue(apps, i, 0);
        if (b->limited[i]) {
            json_array_append_new(rows, json_pack("{s:s, s:s}", "application_id", app,
                                                  "waiting_reason", "source_limit"));
            continue;
        }
        if (b->res[b->at[i]].slot < 0) {
            json_array_append_new(rows, json_pack("{s:s}", "application_id", app));
            (*waiting)++;
            continue;
        }
        if (proposal_rows(b, apps, i, moved, rows, outbox, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* Each held appointment of rows gets its proposal_expiry timer, due when
 * its hold ends (dk-timers then frees the slot and mails the applicant);
 * its application's 3-working-day promise is kept: the promise and its
 * half-time alert are cancelled (a later proposal finds them ended). */
static int expiry_timers(PGconn *pg, int64_t now, const json_t *rows, char *err, size_t errlen)
{
    json_t *timers = json_array(), *proposed = json_array();
    int rc = timers && proposed ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < json_array_size(rows); i++) {
        const json_t *row = json_array_get(rows, i);
        const char *id = json_string_value(json_object_get(row, "id"));
        const char *until = json_string_value(json_object_get(row, "held_until"));
        int64_t due;
        if (!id)
            continue;
        if (json_array_append(proposed, json_object_get(row, "application_id")) != 0 || !until ||
            dk_iso8601_parse(until, &due) != 0 ||
            json_array_append_new(
                timers, dk_timer_row(DK_TIMER_PROPOSAL_EXPIRY, NULL,
                                     json_string_value(json_object_get(row, "application_id")), id,
                                     due)) != 0)
            rc = -1;
    }
    if (rc != 0)
        snprintf(err, errlen, "proposal timers: out of memory");
    else
        rc = dk_timer_set_rows(pg, timers, now, err, errlen);
    if (rc == 0 && dk_timer_cancel_promises(pg, proposed, "proposed", now, err, errlen) < 0)
        rc = -1;
    json_decref(timers);
    json_decref(proposed);
    return rc;
}

/* The appointments and the applications' status (write_sql), then the
 * outbox rows, in the batch's transaction. */
static int batch_write(PGconn *pg, int64_t now, json_t *rows, json_t *outbox, char *err,
                       size_t errlen)
{
    char *text = dk_json_text(rows), nowtext[32];
    dk_iso8601_utc(now, nowtext);
    const char *p[] = {text, nowtext};
    PGresult *r = dk_pg_query(pg, write_sql, 2, p, err, errlen);
    free(text);
    int rc = r ? 0 : -1;
    PQclear(r);
    if (rc == 0)
        rc = expiry_timers(pg, now, rows, err, errlen);
    if (rc == 0 && json_array_size(outbox) > 0)
        rc = dk_outbox_add_rows(pg, outbox, err, errlen);
    return rc;
}

/* The batch's log lines: who waits and why (one line per batch, not per
 * applicant), and its figures. */
static void batch_log(const plan_batch *b, int waiting)
{
    if (waiting > 0)
        dk_log(DK_LOG_WARN, "no_slot",
               "%d of %d applications wait: no interviewer speaks their"
               " language or no slot is free up to the horizon",
               waiting, b->napps);
    if (b->nlimited > 0)
        dk_log(DK_LOG_WARN, "source_limit",
               "%d of %d applications wait: their source already"
               " holds DK_MAX_LIVE_PER_SOURCE unanswered proposals",
               b->nlimited, b->napps);
    dk_logj(DK_LOG_INFO, "batch_planned",
            json_pack("{s:i, s:i, s:i, s:I, s:I, s:I, s:I}", "applications", b->napps, "waiting",
                      waiting, "source_limited", b->nlimited, "free_slots",
                      (json_int_t)b->cap.nslots, "load_ms", (json_int_t)(b->t_solve - b->t_load),
                      "solve_ms", (json_int_t)(b->t_write - b->t_solve), "write_ms",
                      (json_int_t)(dk_mono_ms() - b->t_write)));
}

static int plan_and_write(PGconn *pg, PGresult *apps, const json_t *moved, char *err, size_t errlen)
{
    plan_batch b;
    if (batch_start(&b, PQntuples(apps), err, errlen) != 0)
        return -1;
    b.nlimited = source_limits(pg, apps, b.limited, err, errlen);
    batch_applicants(&b, apps);
    int rc = batch_solve(pg, &b, b.nlimited < 0 ? -1 : 0, err, errlen);
    json_t *rows = json_array(), *outbox = json_array();
    int waiting = 0;
    if (rc == 0)
        rc = batch_rows(&b, apps, moved, rows, outbox, &waiting, err, errlen);
    if (rc == 0)
        rc = batch_write(pg, b.now, rows, outbox, err, errlen);
    if (rc == 0)
        batch_log(&b, waiting);
    json_decref(rows);
    json_decref(outbox);
    batch_free(&b);
    return rc;
}

int dk_assign_batch(PGconn *pg, dk_msg **msgs, size_t n, char *err, size_t errlen)
{
    json_t *moved;
    json_t *ids = requested(msgs, n, &moved);
    int rc = 0;
    if (json_array_size(ids) > 0) {
        char *array = uuid_array(ids);
        PGresult *lock = dk_pg_query(pg, "SELECT pg_advisory_xact_lock(" PLANNING_LOCK ")", 0, NULL,
                                     err, errlen);
        const char *p[] = {array};
        PGresult *apps = lock && array ? dk_pg_query(pg, apps_sql, 1, p, err, errlen) : NULL;
        if (!array)
            snprintf(err, errlen, "out of memory");
        rc = apps && PQntuples(apps) > 0 ? plan_and_write(pg, apps, moved, err, errlen)
             : apps                      ? 0
                                         : -1;
        PQclear(apps);
        PQclear(lock);
        free(array);
    }
    json_decref(ids);
    json_decref(moved);
    return rc;
}
