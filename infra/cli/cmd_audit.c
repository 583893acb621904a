/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_audit.c — `dk audit APPLICATION [--json]`: the audit trail of one
 * application, oldest first: who (a staff member, the applicant or the
 * system), what, on which appointment and object, from which address,
 * when. A table for people; --json one object a line for scripts. */
#include "core/dk_crypto.h"
#include "dk.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_cmd_audit(int argc, char **argv)
{
    int json_out = argc == 3 && strcmp(argv[2], "--json") == 0;
    if (!(argc == 2 || json_out)) {
        fprintf(stderr, "usage: dk audit APPLICATION_ID [--json]\n");
        return 2;
    }
    if (!dk_uuid_valid(argv[1])) {
        fprintf(stderr, "dk audit: '%s' is not an application id (a UUID)\n", argv[1]);
        return 2;
    }
    char err[1024];
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    const char *p[] = {argv[1]};
    PGresult *r =
        dk_pg_query(pg,
                    "SELECT json_build_object('id', e.id, 'at', dk_iso(e.at), 'actor', e.actor,"
                    " 'staff_id', e.staff_id, 'staff_name', s.name, 'action', e.action,"
                    " 'application_id', e.application_id, 'appointment_id', e.appointment_id,"
                    " 'object', e.object, 'address', host(e.address), 'detail', e.detail)::text"
                    " FROM audit_events e LEFT JOIN staff s ON s.id = e.staff_id"
                    " WHERE e.application_id = $1::uuid ORDER BY e.id",
                    1, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        PQfinish(pg);
        return 1;
    }
    if (PQntuples(r) == 0) {
        PGresult *a = dk_pg_query(pg, "SELECT 1 FROM applications WHERE id = $1::uuid", 1, p, err,
                                  sizeof err);
        int known = a && PQntuples(a) == 1;
        PQclear(a);
        if (!known) {
            fprintf(stderr, "dk audit: no application %s\n", argv[1]);
            PQclear(r);
            PQfinish(pg);
            return 1;
        }
    }
    if (!json_out)
        printf("%-20s  %-28s  %-24s  %-36s  %-15s  %s\n", "WHEN (UTC)", "WHO", "WHAT", "OBJECT",
               "FROM", "DETAIL");
    for (int i = 0; i < PQntuples(r); i++) {
        if (json_out) {
            printf("%s\n", PQgetvalue(r, i, 0));
            continue;
        }
        json_t *e = json_loads(PQgetvalue(r, i, 0), 0, NULL);
        const char *name = json_string_value(json_object_get(e, "staff_name"));
        char who[64];
        snprintf(who, sizeof who, "%s",
                 name ? name : json_string_value(json_object_get(e, "actor")));
        const char *object = json_string_value(json_object_get(e, "object"));
        const char *from = json_string_value(json_object_get(e, "address"));
        char *detail = json_dumps(json_object_get(e, "detail"), JSON_COMPACT | JSON_SORT_KEYS);
        printf("%-20s  %-28s  %-24s  %-36s  %-15s  %s\n",
               json_string_value(json_object_get(e, "at")), who,
               json_string_value(json_object_get(e, "action")), object ? object : "-",
               from ? from : "-", detail ? detail : "{}");
        free(detail);
        json_decref(e);
    }
    PQclear(r);
    PQfinish(pg);
    return 0;
}
