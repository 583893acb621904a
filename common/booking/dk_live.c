/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_live.c — the live application of an e-mail address and the mail that
 * points to it (see dk_live.h). */
#include "booking/dk_live.h"

#include "booking/dk_mailjob.h"
#include "core/dk_calendar.h"
#include "store/dk_pg.h"

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

static json_t *job(const dk_live_app *a, int64_t now_ms, char key[96], const char **to)
{
    dk_date day;
    int minute;
    char date[11];
    dk_brussels_local(now_ms, &day, &minute);
    dk_date_format(day, date);
    snprintf(key, 96, "application_exists:%s:%s", a->id, date);
    *to = json_string_value(json_object_get(a->row, "email"));
    if (!*to)
        return NULL;
    json_t *vars =
        json_pack("{s:O, s:O, s:s}", "first_names", json_object_get(a->row, "first_names"),
                  "last_name", json_object_get(a->row, "last_name"), "application_id", a->id);
    if (vars && a->appointment_id[0])
        json_object_set_new(vars, "appointment_id", json_string(a->appointment_id));
    return vars;
}

json_t *dk_live_exists_mail_row(const dk_live_app *a, int64_t now_ms)
{
    char key[96];
    const char *to = NULL;
    json_t *vars = job(a, now_ms, key, &to);
    return vars ? dk_mailjob_row("application_exists", a->language, to, key, a->id, vars) : NULL;
}

char *dk_live_exists_mail_text(const dk_live_app *a, int64_t now_ms)
{
    char key[96];
    const char *to = NULL;
    json_t *vars = job(a, now_ms, key, &to);
    return vars ? dk_mailjob_text("application_exists", a->language, to, key, a->id, vars) : NULL;
}
