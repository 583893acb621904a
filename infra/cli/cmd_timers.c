/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_timers.c — `dk timers [--due] [--application ID] [--json]`: the
 * deadlines (schemas/sql/010_timers.sql) oldest due first, with what became
 * of each: open, fired (and what the firing did) or cancelled (and why).
 * --due: only the open ones due by now (DK_NOW honoured), i.e. what dk-timers
 * is about to fire, or failed to. The JSON lines carry SPEC.md's fields
 * (kind, application_id, due and fired, ISO-8601 with the Brussels offset,
 * fired null until it fired) and more. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "dk.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const list_sql =
    "SELECT id, kind, application_id, appointment_id,"
    " (extract(epoch FROM due_at) * 1000)::bigint,"
    " (extract(epoch FROM fired_at) * 1000)::bigint,"
    " (extract(epoch FROM cancelled_at) * 1000)::bigint, result, attempts, last_error"
    " FROM timers"
    " WHERE ($1::uuid IS NULL OR application_id = $1::uuid)"
    " AND (NOT $2::boolean OR (fired_at IS NULL AND cancelled_at IS NULL"
    "  AND due_at <= $3::timestamptz))"
    " ORDER BY due_at, id";

/* Column c of row i as a Brussels ISO instant, or JSON null. */
static json_t *instant(PGresult *r, int i, int c)
{
    if (PQgetisnull(r, i, c))
        return json_null();
    char out[32];
    dk_iso8601_brussels(strtoll(PQgetvalue(r, i, c), NULL, 10), out);
    return json_string(out);
}

static json_t *text_or_null(PGresult *r, int i, int c)
{
    return PQgetisnull(r, i, c) ? json_null() : json_string(PQgetvalue(r, i, c));
}

static void print_row(PGresult *r, int i, int json_out)
{
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o}", "id", PQgetvalue(r, i, 0),
                  "kind", PQgetvalue(r, i, 1), "application_id", PQgetvalue(r, i, 2),
                  "appointment_id", text_or_null(r, i, 3), "due", instant(r, i, 4), "fired",
                  instant(r, i, 5), "cancelled", instant(r, i, 6), "result", text_or_null(r, i, 7),
                  "attempts", atoi(PQgetvalue(r, i, 8)), "last_error", text_or_null(r, i, 9));
    if (!o)
        return;
    if (json_out) {
        char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (text)
            printf("%s\n", text);
        free(text);
    } else {
        const char *state = !PQgetisnull(r, i, 5)   ? "fired"
                            : !PQgetisnull(r, i, 6) ? "cancelled"
                                                    : "open";
        printf("%s  %-16s %-9s %s  %s\n", json_string_value(json_object_get(o, "due")),
               PQgetvalue(r, i, 1), state, PQgetvalue(r, i, 2),
               PQgetisnull(r, i, 7) ? "" : PQgetvalue(r, i, 7));
    }
    json_decref(o);
}

int dk_cmd_timers(int argc, char **argv)
{
    int json_out = 0, due = 0, bad = 0;
    const char *app = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json_out = 1;
        else if (strcmp(argv[i], "--due") == 0)
            due = 1;
        else if (strcmp(argv[i], "--application") == 0 && i + 1 < argc && !app)
            app = argv[++i];
        else
            bad = 1;
    }
    if (bad || (app && !dk_uuid_valid(app))) {
        fprintf(stderr, "usage: dk timers [--due] [--application ID] [--json]\n");
        return 2;
    }
    char err[1024], now[32];
    dk_iso8601_utc(dk_now_ms(), now);
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    const char *p[] = {app, due ? "true" : "false", now};
    PGresult *r = dk_pg_query(pg, list_sql, 3, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    if (!json_out && PQntuples(r) == 0)
        printf("no timers\n");
    for (int i = 0; i < PQntuples(r); i++)
        print_row(r, i, json_out);
    PQclear(r);
    PQfinish(pg);
    return 0;
}
