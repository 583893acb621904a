/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_live.c — the live application of an e-mail address and the mail that
 * points to it (see dk_live.h). */
#include "booking/dk_live.h"

#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"
#include "store/dk_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_live_read(const PGresult *r, int row, int col, dk_live_app *out)
{
    snprintf(out->id, sizeof out->id, "%s", PQgetvalue(r, row, col));
    snprintf(out->language, sizeof out->language, "%s", PQgetvalue(r, row, col + 1));
    snprintf(out->appointment_id, sizeof out->appointment_id, "%s", PQgetvalue(r, row, col + 5));
    json_decref(out->row);
    out->row = json_pack("{s:s, s:s, s:s}", "email", PQgetvalue(r, row, col + 2), "first_names",
                         PQgetvalue(r, row, col + 3), "last_name", PQgetvalue(r, row, col + 4));
}

void dk_live_free(dk_live_app *a)
{
    json_decref(a->row);
    a->row = NULL;
}

int dk_live_find(PGconn *pg, const char *email, dk_live_app *out, char *err, size_t errlen)
{
    const char *p[] = {email};
    PGresult *r = dk_pg_query(pg,
                              "SELECT " DK_LIVE_COLUMNS " FROM applications a"
                              " WHERE lower(a.email) = lower($1) AND " DK_LIVE_WHERE,
                              1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found)
        dk_live_read(r, 0, 0, out);
    PQclear(r);
    return found;
}

static json_t *job(const dk_live_app *a, int64_t now_ms, char key[96], const char **to,
                   char end_link_id[37])
{
    dk_date day;
    int minute;
    char date[11];
    dk_brussels_local(now_ms, &day, &minute);
    dk_date_format(day, date);
    snprintf(key, 96, "application_exists:%s:%s", a->id, date);
    dk_live_end_link_id(key, end_link_id);
    *to = json_string_value(json_object_get(a->row, "email"));
    if (!*to)
        return NULL;
    json_t *vars = json_pack(
        "{s:O, s:O, s:s, s:s}", "first_names", json_object_get(a->row, "first_names"), "last_name",
        json_object_get(a->row, "last_name"), "application_id", a->id, "end_link_id", end_link_id);
    if (vars && a->appointment_id[0])
        json_object_set_new(vars, "appointment_id", json_string(a->appointment_id));
    return vars;
}

json_t *dk_live_exists_mail_row(const dk_live_app *a, int64_t now_ms, char end_link_id[37])
{
    char key[96];
    const char *to = NULL;
    json_t *vars = job(a, now_ms, key, &to, end_link_id);
    return vars ? dk_mailjob_row("application_exists", a->language, to, key, a->id, vars) : NULL;
}

char *dk_live_exists_mail_text(const dk_live_app *a, int64_t now_ms, char end_link_id[37])
{
    char key[96];
    const char *to = NULL;
    json_t *vars = job(a, now_ms, key, &to, end_link_id);
    return vars ? dk_mailjob_text("application_exists", a->language, to, key, a->id, vars) : NULL;
}

void dk_live_end_link_id(const char *dedupe_key, char out[37])
{
    dk_uuid_v5("dk.end-link", dedupe_key, out);
}

json_t *dk_live_end_link_row(const char *end_link_id, const char *application_id, int64_t now_ms)
{
    char token[DK_TOKEN_LEN + 1], hash[65], created[32], expires[32];
    dk_token_end(end_link_id, token);
    dk_token_hash(token, hash);
    dk_iso8601_utc(now_ms, created);
    dk_iso8601_utc(now_ms + (int64_t)DK_LIVE_END_LINK_HOURS * 3600 * 1000, expires);
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", end_link_id, "application_id",
                     application_id, "token_hash", hash, "created_at", created, "expires_at",
                     expires);
}

int dk_live_end_links_add(PGconn *pg, const json_t *rows, char *err, size_t errlen)
{
    if (json_array_size(rows) == 0)
        return 0;
    char *text = dk_json_text(rows);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *p[] = {text};
    /* Only for an application the database holds (a batch's own are written
     * by then); a link already there keeps its first expiry. */
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
        " SELECT x.id, x.application_id, x.token_hash, x.created_at, x.expires_at"
        " FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, application_id uuid, token_hash text,"
        "  created_at timestamptz, expires_at timestamptz)"
        " JOIN applications a ON a.id = x.application_id"
        " ON CONFLICT DO NOTHING",
        1, p, err, errlen);
    free(text);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}
