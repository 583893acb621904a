/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_agenda.c — `dk agenda DATE [--json]`: who interviews whom when on one
 * day (Brussels time), live appointments only. It shows applicants' names,
 * so every application listed is recorded in personal_data_access. */
#include "core/dk_calendar.h"
#include "dk.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const agenda_sql =
    "WITH day AS (SELECT p.*, i.name AS interviewer, a.first_names, a.last_name, a.language"
    " FROM appointments p JOIN interviewers i ON i.id = p.interviewer_id"
    " JOIN applications a ON a.id = p.application_id"
    " WHERE p.status IN ('held', 'reserved')"
    " AND (p.starts_at AT TIME ZONE 'Europe/Brussels')::date = $1::date),"
    "seen AS (INSERT INTO personal_data_access (actor, application_id, purpose)"
    " SELECT $2, application_id, 'dk agenda ' || $1 FROM day)"
    "SELECT to_char(starts_at AT TIME ZONE 'Europe/Brussels', 'HH24:MI'),"
    " to_char(ends_at AT TIME ZONE 'Europe/Brussels', 'HH24:MI'), interviewer, interviewer_id,"
    " application_id, first_names || ' ' || last_name, language, status"
    " FROM day ORDER BY interviewer, starts_at";

int dk_cmd_agenda(int argc, char **argv)
{
    int json_out = argc == 3 && strcmp(argv[2], "--json") == 0;
    dk_date d;
    if (!(argc == 2 || json_out) || dk_date_parse(argv[1], &d) != 0) {
        fprintf(stderr, "usage: dk agenda DATE [--json]   (DATE as YYYY-MM-DD)\n");
        return 2;
    }
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    const char *actor = getenv("USER") ? getenv("USER") : "unknown";
    const char *p[] = {argv[1], actor};
    PGresult *r = dk_pg_query(pg, agenda_sql, 2, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    if (!json_out && PQntuples(r) == 0)
        printf("no interviews on %s\n", argv[1]);
    const char *last = "";
    for (int i = 0; i < PQntuples(r); i++) {
        if (json_out) {
            json_t *o =
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "start", PQgetvalue(r, i, 0),
                          "end", PQgetvalue(r, i, 1), "interviewer", PQgetvalue(r, i, 2),
                          "interviewer_id", PQgetvalue(r, i, 3), "application_id",
                          PQgetvalue(r, i, 4), "applicant", PQgetvalue(r, i, 5), "language",
                          PQgetvalue(r, i, 6), "status", PQgetvalue(r, i, 7));
            char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            printf("%s\n", text);
            free(text);
            json_decref(o);
            continue;
        }
        if (strcmp(last, PQgetvalue(r, i, 3)) != 0) {
            printf("%s%s (%s)\n", i ? "\n" : "", PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
            last = PQgetvalue(r, i, 3);
        }
        printf("  %s–%s  %-8s  %s  %s  %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
               PQgetvalue(r, i, 7), PQgetvalue(r, i, 6), PQgetvalue(r, i, 4), PQgetvalue(r, i, 5));
    }
    PQclear(r);
    PQfinish(pg);
    return 0;
}
