/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_migrate.c — `dk migrate`: applies the embedded schemas/sql migrations in
 * order, each in its own transaction with its record in schema_migrations, so
 * re-running applies nothing twice and a failed one leaves nothing behind.
 * An advisory lock keeps two migrators from racing. */
#include "dk.h"
#include "store/dk_migrations.h"
#include "store/dk_pg.h"

#include <stdio.h>

int dk_cmd_migrate(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: dk migrate\n");
        return 2;
    }
    char err[1024];
    PGconn *pg = dk_pg_connect("dk-migrate", err, sizeof err);
    if (!pg) {
        fprintf(stderr, "dk migrate: cannot connect to PostgreSQL: %s\n", err);
        return 1;
    }
    int rc = 1, applied = 0;
    if (dk_pg_exec(pg, "SELECT pg_advisory_lock(727001)", err, sizeof err) != 0 ||
        dk_pg_exec(pg,
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                   err, sizeof err) != 0)
        goto out;
    for (const dk_migration *m = dk_migrations; m->name; m++) {
        const char *params[] = {m->name};
        PGresult *r = dk_pg_query(pg, "SELECT 1 FROM schema_migrations WHERE name = $1", 1, params,
                                  err, sizeof err);
        if (!r)
            goto out;
        int done = PQntuples(r) > 0;
        PQclear(r);
        if (done)
            continue;
        if (dk_pg_exec(pg, "BEGIN", err, sizeof err) != 0)
            goto out;
        /* The migration text is ours (embedded at build time), several
         * statements: the simple-query protocol runs them all. */
        PGresult *x = PQexec(pg, m->sql);
        if (PQresultStatus(x) != PGRES_COMMAND_OK && PQresultStatus(x) != PGRES_TUPLES_OK) {
            fprintf(stderr, "dk migrate: %s failed: %s", m->name, PQresultErrorMessage(x));
            PQclear(x);
            dk_pg_rollback(pg);
            goto out_quiet;
        }
        PQclear(x);
        r = dk_pg_query(pg, "INSERT INTO schema_migrations (name) VALUES ($1)", 1, params, err,
                        sizeof err);
        if (!r) {
            dk_pg_rollback(pg);
            goto out;
        }
        PQclear(r);
        if (dk_pg_exec(pg, "COMMIT", err, sizeof err) != 0)
            goto out;
        printf("applied %s\n", m->name);
        applied++;
    }
    if (!applied)
        printf("schema up to date\n");
    rc = 0;
    goto out_quiet;
out:
    fprintf(stderr, "dk migrate: %s\n", err);
out_quiet:
    PQfinish(pg);
    return rc;
}
