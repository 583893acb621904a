/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_pg.c — PostgreSQL helpers shared by the workers, the intake and dk. */
#include "store/dk_pg.h"

#include "core/dk_config.h"
#include "metrics/dk_metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* dk_postgres_errors_total{kind}: connections refused and statements that
 * failed, whatever the cause (the server gone, a constraint, a bug). */
static void count_error(const char *kind)
{
    static dk_metrics_family *_Atomic family;
    dk_metrics_family *f = atomic_load(&family);
    if (!f) {
        f = dk_metrics_counter("dk_postgres_errors_total",
                               "PostgreSQL connections that failed (kind=connect) and statements "
                               "that failed (kind=query).",
                               "kind");
        atomic_store(&family, f);
    }
    dk_metrics_inc(dk_metrics_with(f, kind));
}

static void copy_error(PGconn *pg, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s", PQerrorMessage(pg));
    size_t n = strlen(err);
    while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
        err[--n] = '\0';
}

PGconn *dk_pg_connect(const char *application_name, char *err, size_t errlen)
{
    const char *keys[] = {"dbname", "application_name", "options", "connect_timeout", NULL};
    const char *vals[] = {dk_config_str("DK_PG_DSN"), application_name, "-c TimeZone=UTC", "10",
                          NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        count_error("connect");
        if (pg) {
            copy_error(pg, err, errlen);
            PQfinish(pg);
        } else {
            snprintf(err, errlen, "out of memory");
        }
        return NULL;
    }
    return pg;
}

int dk_pg_exec(PGconn *pg, const char *sql, char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, 0, NULL, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

PGresult *dk_pg_query(PGconn *pg, const char *sql, int nparams, const char *const *params,
                      char *err, size_t errlen)
{
    PGresult *r = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    count_error("query");
    if (r && PQresultErrorMessage(r)[0]) {
        snprintf(err, errlen, "%s", PQresultErrorMessage(r));
        size_t n = strlen(err);
        while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
            err[--n] = '\0';
    } else {
        copy_error(pg, err, errlen);
    }
    PQclear(r);
    return NULL;
}

int dk_pg_ready(void *arg, char *why, size_t whylen)
{
    (void)arg;
    const char *keys[] = {"dbname", "connect_timeout", NULL};
    const char *vals[] = {dk_config_str("DK_PG_DSN"), "2", NULL};
    PGPing p = PQpingParams(keys, vals, 1);
    if (p == PQPING_OK)
        return 0;
    snprintf(why, whylen, "%s",
             p == PQPING_REJECT        ? "the server refuses connections (starting or stopping)"
             : p == PQPING_NO_RESPONSE ? "no answer from the server"
                                       : "DK_PG_DSN cannot be used");
    return -1;
}

int dk_pg_broken(PGconn *pg)
{
    return !pg || PQstatus(pg) != CONNECTION_OK;
}

void dk_pg_rollback(PGconn *pg)
{
    PQclear(PQexec(pg, "ROLLBACK"));
}
