/* recorder.c — writes a batch of submitted applications with three statements
 * whatever the batch size (applications, preferred slots, outbox mail jobs),
 * each fed one JSON array: batched writes, not a round trip per row. */
#include "recorder.h"

#include "dk_calendar.h"
#include "dk_clock.h"
#include "dk_crypto.h"
#include "dk_envelope.h"
#include "dk_outbox.h"
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
    char key[64], id[37];
    snprintf(key, sizeof key, "request_received:%s", app_id);
    dk_uuid_v5("dk.mail", key, id);
    json_t *slots = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(d, "preferred_slots"), i, s)
        json_array_append_new(slots, json_pack("{s:O, s:O, s:O}", "date", json_object_get(s, "date"),
                                               "from", json_object_get(s, "from"), "to",
                                               json_object_get(s, "to")));
    json_t *data = json_pack(
        "{s:s, s:O, s:O, s:s, s:{s:O, s:O, s:s, s:o}}", "template", "request_received",
        "language", json_object_get(d, "language"), "to", json_object_get(d, "email"),
        "dedupe_key", key, "vars", "first_names", json_object_get(d, "first_names"), "last_name",
        json_object_get(d, "last_name"), "application_id", app_id, "preferred_slots", slots);
    json_t *env = dk_envelope_new("mail.requested", 1, app_id, data, id);
    char *text = dk_json_text(env);
    json_decref(env);
    return text;
}

int dk_recorder_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err,
                       size_t errlen)
{
    (void)arg;
    json_t *apps = json_array(), *slots = json_array();
    for (size_t i = 0; i < n; i++) {
        const json_t *d = msgs[i]->env.data;
        const char *bad = check_data(d);
        if (bad) {
            dk_msg_reject(msgs[i], "%s", bad);
            continue;
        }
        json_t *row = json_deep_copy(d);
        json_object_del(row, "preferred_slots");
        json_object_set_new(row, "id", json_string(msgs[i]->env.application_id));
        json_object_set_new(row, "source_message_id", json_string(msgs[i]->id));
        json_array_append_new(apps, row);
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(d, "preferred_slots"), k, s)
            json_array_append_new(slots, json_pack("{s:s, s:i, s:O, s:O}", "application_id",
                                                   msgs[i]->env.application_id, "rank",
                                                   (int)k + 1, "start", json_object_get(s, "start"),
                                                   "end", json_object_get(s, "end")));
    }
    int rc = -1;
    PGresult *r = NULL;
    char *apps_text = dk_json_text(apps), *slots_text = dk_json_text(slots);
    const char *p1[] = {apps_text};
    r = dk_pg_query(
        pg,
        "INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
        " birth_country, birth_place, sex, insz, email, motivation, security_code_hash,"
        " submitted_at, source_message_id) "
        "SELECT id, 'submitted', language, last_name, first_names, birth_date, birth_country,"
        " birth_place, sex, insz, email, motivation, security_code_hash, submitted_at,"
        " source_message_id "
        "FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, language text, last_name text,"
        " first_names text, birth_date date, birth_country text, birth_place text, sex text,"
        " insz text, email text, motivation text, security_code_hash text,"
        " submitted_at timestamptz, source_message_id uuid) "
        "ON CONFLICT (id) DO NOTHING RETURNING id::text",
        1, p1, err, errlen);
    if (!r)
        goto out;
    /* Only applications new to the database get slots and a mail: an id
     * already present (a replay under a new message id) changes nothing. */
    json_t *fresh = json_array(), *outbox = json_array();
    for (int i = 0; i < PQntuples(r); i++) {
        const char *id = PQgetvalue(r, i, 0);
        json_array_append_new(fresh, json_string(id));
        for (size_t j = 0; j < n; j++) {
            if (!msgs[j]->reject_reason[0] && strcmp(msgs[j]->env.application_id, id) == 0) {
                char *job = mail_job(id, msgs[j]->env.data);
                json_array_append_new(outbox, json_pack("{s:s, s:s, s:s}", "topic",
                                                        DK_TOPIC_MAIL_JOBS, "key", id,
                                                        "payload", job));
                free(job);
                break;
            }
        }
    }
    PQclear(r);
    char *fresh_text = dk_json_text(fresh);
    const char *p2[] = {slots_text, fresh_text};
    r = dk_pg_query(pg,
                    "INSERT INTO application_preferred_slots (application_id, rank, starts_at, ends_at) "
                    "SELECT application_id, rank, start, \"end\" "
                    "FROM jsonb_to_recordset($1::jsonb) AS x(application_id uuid, rank smallint,"
                    " start timestamptz, \"end\" timestamptz) "
                    "WHERE application_id::text IN (SELECT jsonb_array_elements_text($2::jsonb))",
                    2, p2, err, errlen);
    free(fresh_text);
    json_decref(fresh);
    if (r && dk_outbox_add_rows(pg, outbox, err, errlen) == 0)
        rc = 0;
    PQclear(r);
    json_decref(outbox);
out:
    free(apps_text);
    free(slots_text);
    json_decref(apps);
    json_decref(slots);
    return rc;
}
