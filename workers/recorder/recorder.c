/* recorder.c — writes a batch of submitted applications with three statements
 * whatever the batch size (applications, preferred slots, outbox mail jobs),
 * each fed one JSON array: batched writes, not a round trip per row. */
#include "recorder.h"

#include "dk_booking.h"
#include "dk_calendar.h"
#include "dk_clock.h"
#include "dk_envelope.h"
#include "dk_mailjob.h"
#include "dk_pg.h"
#include "dk_topics.h"

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
    size_t n = json_array_size(slots);
    if (n < 1 || n > 10)
        return "preferred_slots must hold 1 to 10 slots";
    for (size_t i = 0; i < n; i++) {
        const char *start, *end;
        int64_t a, b;
        if (json_unpack(json_array_get(slots, i), "{s:s, s:s}", "start", &start, "end", &end) != 0 ||
            dk_iso8601_parse(start, &a) != 0 || dk_iso8601_parse(end, &b) != 0 || b <= a)
            return "a preferred slot has no valid start/end";
    }
    return NULL;
}

/* The "request received" mail job. Its id is derived from the application,
 * so a replay queues the same job, which the mailer recognises. */
static char *mail_job(const char *app_id, const json_t *d)
{
    char key[64];
    snprintf(key, sizeof key, "request_received:%s", app_id);
    json_t *slots = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(d, "preferred_slots"), i, s)
        json_array_append_new(slots, json_pack("{s:O, s:O, s:O}", "date", json_object_get(s, "date"),
                                               "from", json_object_get(s, "from"), "to",
                                               json_object_get(s, "to")));
    json_t *vars = json_pack("{s:O, s:O, s:s, s:o}", "first_names", json_object_get(d, "first_names"),
                             "last_name", json_object_get(d, "last_name"), "application_id", app_id,
                             "preferred_slots", slots);
    return dk_mailjob_text("request_received", json_string_value(json_object_get(d, "language")),
                           json_string_value(json_object_get(d, "email")), key, app_id, vars);
}

/* One statement for the whole batch: the applications, then — for the ids
 * that were new to the database only — their preferred slots and their mail
 * job in the outbox. An id already present (a replay under another message
 * id) changes nothing. */
static const char *const record_sql =
    "WITH x AS ("
    " SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, language text, last_name text,"
    "  first_names text, birth_date date, birth_country text, birth_place text, sex text,"
    "  insz text, email text, motivation text, security_code_hash text,"
    "  submitted_at timestamptz, source_message_id uuid, preferred_slots jsonb, mail_job text,"
    "  schedule_job text)),"
    "ins AS ("
    " INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
    "  birth_country, birth_place, sex, insz, email, motivation, security_code_hash,"
    "  submitted_at, source_message_id)"
    " SELECT id, 'submitted', language, last_name, first_names, birth_date, birth_country,"
    "  birth_place, sex, insz, email, motivation, security_code_hash, submitted_at,"
    "  source_message_id FROM x"
    " ON CONFLICT (id) DO NOTHING RETURNING id),"
    "slots AS ("
    " INSERT INTO application_preferred_slots (application_id, rank, starts_at, ends_at)"
    " SELECT x.id, s.rank, (s.slot->>'start')::timestamptz, (s.slot->>'end')::timestamptz"
    " FROM x JOIN ins USING (id)"
    " CROSS JOIN LATERAL jsonb_array_elements(x.preferred_slots) WITH ORDINALITY AS s(slot, rank))"
    "INSERT INTO outbox (topic, msg_key, payload)"
    " SELECT j.topic, x.id::text, j.payload FROM x JOIN ins USING (id)"
    " CROSS JOIN LATERAL (VALUES ($2, x.mail_job), ($3, x.schedule_job)) AS j(topic, payload)"
    " ORDER BY x.id, j.topic";

int dk_recorder_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err,
                       size_t errlen)
{
    (void)arg;
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *d = msgs[i]->env.data;
        const char *bad = check_data(d);
        if (bad) {
            dk_msg_reject(msgs[i], "%s", bad);
            continue;
        }
        const char *app_id = msgs[i]->env.application_id;
        json_t *row = json_deep_copy(d);
        char *job = mail_job(app_id, d);
        json_object_set_new(row, "id", json_string(app_id));
        json_object_set_new(row, "source_message_id", json_string(msgs[i]->id));
        json_object_set_new(row, "mail_job", json_string(job));
        free(job);
        job = dk_booking_schedule_text(app_id, "submitted", NULL); /* the scheduler's job */
        json_object_set_new(row, "schedule_job", json_string(job));
        free(job);
        json_array_append_new(rows, row);
    }
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        return 0;
    }
    char *text = dk_json_text(rows);
    json_decref(rows);
    const char *params[] = {text, DK_TOPIC_MAIL_JOBS, DK_TOPIC_SCHEDULE};
    PGresult *r = dk_pg_query(pg, record_sql, 3, params, err, errlen);
    free(text);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}
