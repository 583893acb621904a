/* SPDX-License-Identifier: EUPL-1.2 */
/* recorder.c — writes a batch of submitted applications with three statements
 * whatever the batch size (applications, preferred slots, outbox mail jobs),
 * each fed one JSON array: batched writes, not a round trip per row. A
 * request for an address that already has a live application (two raced
 * past the intake's check, dk_live.h) is recorded as 'duplicate': never
 * scheduled, and the address gets the "application_exists" mail instead.
 * A live request gets its 3-working-day promise and the half-time alert
 * (common/timer), counted from its submitted_at, in the same transaction. */
#include "recorder.h"

#include "booking/dk_booking.h"
#include "booking/dk_live.h"
#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_log.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"
#include "store/dk_topics.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks what the database will rely on; a message that fails can never be
 * written and goes to the dead-letter topic instead of failing its batch. */
static const char *check_data(const json_t *d)
{
    const char *ln, *fn, *bd, *bc, *bp, *sex, *email, *mot, *lang, *hash, *sub;
    json_t *insz, *slots;
    json_error_t e;
    if (json_unpack_ex((json_t *)d, &e, 0,
                       "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s}",
                       "last_name", &ln, "first_names", &fn, "birth_date", &bd, "birth_country",
                       &bc, "birth_place", &bp, "sex", &sex, "insz", &insz, "email", &email,
                       "motivation", &mot, "language", &lang, "preferred_slots", &slots,
                       "security_code_hash", &hash, "submitted_at", &sub) != 0)
        return "data does not match schemas/messages/application.submitted.json";
    dk_date date;
    int64_t t;
    if (dk_date_parse(bd, &date) != 0)
        return "birth_date is not a date";
    if (strlen(bc) != 2 || strlen(sex) != 1 || !strchr("FMX", sex[0]))
        return "birth_country or sex malformed";
    if (strcmp(lang, "nl") && strcmp(lang, "fr") && strcmp(lang, "en"))
        return "unknown language";
    if (!json_is_null(insz) && (!json_is_string(insz) || strlen(json_string_value(insz)) != 11))
        return "insz malformed";
    if (strlen(hash) != 64 || dk_iso8601_parse(sub, &t) != 0)
        return "security_code_hash or submitted_at malformed";
    const json_t *source = json_object_get(d, "source_key");
    const char *sk = json_string_value(source);
    if (source && (!sk || strlen(sk) != 64 || strspn(sk, "0123456789abcdef") != 64))
        return "source_key malformed";
    size_t n = json_array_size(slots);
    if (n < 1 || n > 10)
        return "preferred_slots must hold 1 to 10 slots";
    for (size_t i = 0; i < n; i++) {
        const char *start, *end;
        int64_t a, b;
        if (json_unpack(json_array_get(slots, i), "{s:s, s:s}", "start", &start, "end", &end) !=
                0 ||
            dk_iso8601_parse(start, &a) != 0 || dk_iso8601_parse(end, &b) != 0 || b <= a)
            return "a preferred slot has no valid start/end";
    }
    return NULL;
}

/* The "request received" mail job. Its id is derived from the application,
 * so a replay queues the same job, which the mailer recognises. */
static char *mail_job(const char *app_id, const json_t *d, json_t *links)
{
    char key[64], end_link[37];
    snprintf(key, sizeof key, "request_received:%s", app_id);
    /* The address owner's end link (dk_live.h), for a lost code or a
     * request someone else made with the address. */
    dk_live_end_link_id(key, end_link);
    json_array_append_new(links, dk_live_end_link_row(end_link, app_id, dk_now_ms()));
    json_t *slots = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(d, "preferred_slots"), i, s) json_array_append_new(
        slots, json_pack("{s:O, s:O, s:O}", "date", json_object_get(s, "date"), "from",
                         json_object_get(s, "from"), "to", json_object_get(s, "to")));
    json_t *vars =
        json_pack("{s:O, s:O, s:s, s:o, s:s}", "first_names", json_object_get(d, "first_names"),
                  "last_name", json_object_get(d, "last_name"), "application_id", app_id,
                  "preferred_slots", slots, "end_link_id", end_link);
    return dk_mailjob_text("request_received", json_string_value(json_object_get(d, "language")),
                           json_string_value(json_object_get(d, "email")), key, app_id, vars);
}

/* One statement for the whole batch: the applications, then — for the ids
 * that were new to the database only — their preferred slots and their jobs
 * in the outbox (a duplicate has no schedule job). An id already present (a
 * replay under another message id) changes nothing. */
static const char *const record_sql =
    "WITH x AS ("
    " SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, language text,"
    "  last_name text, first_names text, birth_date date, birth_country text, birth_place text,"
    "  sex text, insz text, email text, motivation text, security_code_hash text,"
    "  submitted_at timestamptz, source_message_id uuid, source_key text, preferred_slots jsonb,"
    "  mail_job text, schedule_job text)),"
    "ins AS ("
    " INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
    "  birth_country, birth_place, sex, insz, email, motivation, security_code_hash,"
    "  submitted_at, source_message_id, source_key)"
    " SELECT id, status, language, last_name, first_names, birth_date, birth_country,"
    "  birth_place, sex, insz, email, motivation, security_code_hash, submitted_at,"
    "  source_message_id, source_key FROM x"
    " ON CONFLICT (id) DO NOTHING RETURNING id),"
    "slots AS ("
    " INSERT INTO application_preferred_slots (application_id, rank, starts_at, ends_at)"
    " SELECT x.id, s.rank, (s.slot->>'start')::timestamptz, (s.slot->>'end')::timestamptz"
    " FROM x JOIN ins USING (id)"
    " CROSS JOIN LATERAL jsonb_array_elements(x.preferred_slots) WITH ORDINALITY AS s(slot, rank))"
    "INSERT INTO outbox (topic, msg_key, payload)"
    " SELECT j.topic, x.id::text, j.payload FROM x JOIN ins USING (id)"
    " CROSS JOIN LATERAL (VALUES ($2, x.mail_job), ($3, x.schedule_job)) AS j(topic, payload)"
    " WHERE j.payload IS NOT NULL ORDER BY x.id, j.topic";

/* Each address of the batch as sent, its lower case as PostgreSQL makes it
 * (the unique index's own rule), and the columns of its live application
 * (NULL when it has none): one lookup in that index per address. */
static const char *const live_sql =
    "SELECT x.e, lower(x.e), l.* FROM jsonb_array_elements_text($1::jsonb) AS x(e)"
    " LEFT JOIN LATERAL (SELECT " DK_LIVE_COLUMNS " FROM applications a"
    "  WHERE lower(a.email) = lower(x.e) AND " DK_LIVE_WHERE ") l ON true";

typedef struct {
    json_t *lower_of; /* address as sent → lower form */
    json_t *live;     /* lower form → index in apps, or absent */
    dk_live_app *apps;
    size_t napps, cap;
} live_index;

static void live_free(live_index *li)
{
    for (size_t i = 0; i < li->napps; i++)
        dk_live_free(&li->apps[i]);
    free(li->apps);
    json_decref(li->lower_of);
    json_decref(li->live);
}

/* Takes a, indexed under lower; -1 (a not taken) when out of memory. A
 * lost index entry only leaves the race to the unique index. */
static int live_add(live_index *li, const char *lower, const dk_live_app *a)
{
    if (li->napps == li->cap) {
        size_t cap = li->cap ? li->cap * 2 : 16;
        dk_live_app *p = realloc(li->apps, cap * sizeof *p);
        if (!p)
            return -1;
        li->apps = p;
        li->cap = cap;
    }
    li->apps[li->napps] = *a;
    json_object_set_new(li->live, lower, json_integer((json_int_t)li->napps++));
    return 0;
}

static int live_load(PGconn *pg, dk_msg **msgs, size_t n, live_index *li, char *err, size_t errlen)
{
    li->lower_of = json_object();
    li->live = json_object();
    json_t *emails = json_array();
    for (size_t i = 0; i < n; i++)
        if (!msgs[i]->reject_reason[0])
            json_array_append(emails, json_object_get(msgs[i]->env.data, "email"));
    char *text = dk_json_text(emails);
    json_decref(emails);
    const char *p[] = {text};
    PGresult *r = text ? dk_pg_query(pg, live_sql, 1, p, err, errlen) : NULL;
    if (!text)
        snprintf(err, errlen, "out of memory");
    free(text);
    if (!r)
        return -1;
    int rc = 0;
    for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
        const char *lower = PQgetvalue(r, i, 1);
        json_object_set_new(li->lower_of, PQgetvalue(r, i, 0), json_string(lower));
        if (PQgetisnull(r, i, 2) || json_object_get(li->live, lower))
            continue;
        dk_live_app a = {0};
        dk_live_read(r, i, 2, &a);
        rc = live_add(li, lower, &a);
        if (rc != 0)
            dk_live_free(&a);
    }
    PQclear(r);
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    return rc;
}

/* The batch in request order (submitted_at, then id): of two requests for
 * one address in a batch, the earlier stays live. */
static int by_request_order(const void *a, const void *b)
{
    const dk_msg *x = *(dk_msg *const *)a, *y = *(dk_msg *const *)b;
    const char *sx = json_string_value(json_object_get(x->env.data, "submitted_at"));
    const char *sy = json_string_value(json_object_get(y->env.data, "submitted_at"));
    int64_t tx = 0, ty = 0;
    dk_iso8601_parse(sx ? sx : "", &tx);
    dk_iso8601_parse(sy ? sy : "", &ty);
    if (tx != ty)
        return tx < ty ? -1 : 1;
    return strcmp(x->env.application_id ? x->env.application_id : "",
                  y->env.application_id ? y->env.application_id : "");
}

/* The row of one request: live (status submitted, the "request received"
 * and scheduler jobs, its promise timers into promises), or a duplicate of
 * the live application of its address (the "application_exists" mail about
 * that one, nothing else). */
static json_t *request_row(dk_msg *m, live_index *li, json_t *promises, json_t *links, int *rc)
{
    const json_t *d = m->env.data;
    const char *app_id = m->env.application_id;
    const char *email = json_string_value(json_object_get(d, "email"));
    const char *lower = json_string_value(json_object_get(li->lower_of, email));
    json_t *at = lower ? json_object_get(li->live, lower) : NULL;
    const dk_live_app *live = at ? &li->apps[json_integer_value(at)] : NULL;
    json_t *row = json_deep_copy(d);
    json_object_set_new(row, "id", json_string(app_id));
    json_object_set_new(row, "source_message_id", json_string(m->id));
    char *job;
    if (live && strcmp(live->id, app_id) != 0) {
        char end_link[37];
        job = dk_live_exists_mail_text(live, dk_now_ms(), end_link);
        json_array_append_new(links, dk_live_end_link_row(end_link, live->id, dk_now_ms()));
        json_object_set_new(row, "status", json_string("duplicate"));
        json_object_set_new(row, "mail_job", job ? json_string(job) : json_null());
        dk_logj(DK_LOG_WARN, "application_duplicate",
                json_pack("{s:s, s:s}", "application_id", app_id, "live_application_id", live->id));
    } else {
        job = mail_job(app_id, d, links);
        json_object_set_new(row, "status", json_string("submitted"));
        json_object_set_new(row, "mail_job", json_string(job));
        free(job);
        job = dk_booking_schedule_text(app_id, "submitted", NULL); /* the scheduler's job */
        json_object_set_new(row, "schedule_job", json_string(job));
        int64_t submitted = 0;
        dk_iso8601_parse(json_string_value(json_object_get(d, "submitted_at")), &submitted);
        if (dk_timer_promise_rows(promises, app_id, submitted) != 0)
            *rc = -1;
        if (!live && lower) { /* later requests of this batch for the address are duplicates */
            dk_live_app a = {.appointment_id = ""};
            snprintf(a.id, sizeof a.id, "%s", app_id);
            snprintf(a.language, sizeof a.language, "%s",
                     json_string_value(json_object_get(d, "language")));
            a.row = json_pack("{s:s, s:O, s:O}", "email", email, "first_names",
                              json_object_get(d, "first_names"), "last_name",
                              json_object_get(d, "last_name"));
            if (live_add(li, lower, &a) != 0) {
                dk_live_free(&a);
                *rc = -1;
            }
        }
    }
    if (!job)
        *rc = -1;
    free(job);
    return row;
}

int dk_recorder_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen)
{
    (void)arg;
    err[0] = '\0';
    dk_msg **valid = calloc(n ? n : 1, sizeof *valid);
    if (!valid) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t nvalid = 0;
    for (size_t i = 0; i < n; i++) {
        const char *bad = check_data(msgs[i]->env.data);
        if (bad)
            dk_msg_reject(msgs[i], "%s", bad);
        else
            valid[nvalid++] = msgs[i];
    }
    if (nvalid == 0) {
        free(valid);
        return 0;
    }
    qsort(valid, nvalid, sizeof *valid, by_request_order);
    live_index li = {0};
    int rc = live_load(pg, valid, nvalid, &li, err, errlen);
    json_t *rows = json_array(), *promises = json_array(), *links = json_array();
    for (size_t i = 0; rc == 0 && i < nvalid; i++)
        json_array_append_new(rows, request_row(valid[i], &li, promises, links, &rc));
    live_free(&li);
    free(valid);
    if (rc == 0 && json_array_size(links) != json_array_size(rows))
        rc = -1; /* a link row could not be built */
    if (rc != 0) {
        json_decref(rows);
        json_decref(promises);
        json_decref(links);
        if (!err[0])
            snprintf(err, errlen, "out of memory");
        return -1;
    }
    char *text = dk_json_text(rows);
    json_decref(rows);
    const char *params[] = {text, DK_TOPIC_MAIL_JOBS, DK_TOPIC_SCHEDULE};
    PGresult *r = dk_pg_query(pg, record_sql, 3, params, err, errlen);
    free(text);
    /* A replay sets the same due times again: one cause, one timer. */
    rc = r ? dk_timer_set_rows(pg, promises, dk_now_ms(), err, errlen) : -1;
    PQclear(r);
    json_decref(promises);
    /* The end links of the batch's mails, after their applications. */
    if (rc == 0)
        rc = dk_live_end_links_add(pg, links, err, errlen);
    json_decref(links);
    return rc;
}
