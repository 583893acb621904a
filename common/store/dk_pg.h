/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_pg.h — the few PostgreSQL calls every binary needs, with errors turned
 * into messages. SQL only ever goes through parameterised queries. */
#ifndef DK_PG_H
#define DK_PG_H

#include <libpq-fe.h>
#include <stddef.h>

/* Connects to DK_PG_DSN with the session in UTC. Returns NULL with err. */
PGconn *dk_pg_connect(const char *application_name, char *err, size_t errlen);

/* Runs a statement without parameters or rows (BEGIN, COMMIT, ...).
 * Returns 0, or -1 with PostgreSQL's message in err. */
int dk_pg_exec(PGconn *pg, const char *sql, char *err, size_t errlen);

/* Runs a parameterised statement (text parameters; NULL = SQL NULL).
 * Returns the result when its status is PGRES_COMMAND_OK or PGRES_TUPLES_OK
 * (caller PQclear()s it), else NULL with the message in err. */
PGresult *dk_pg_query(PGconn *pg, const char *sql, int nparams, const char *const *params,
                      char *err, size_t errlen);

/* Rolls back the open transaction, if any; errors are moot here. */
void dk_pg_rollback(PGconn *pg);

/* A readiness check (metrics/dk_metrics.h's dk_metrics_check_fn; arg
 * unused): 0 when the server of DK_PG_DSN accepts connections (PQping,
 * 2 s at most, no login), else -1 with why. Counts nothing. */
int dk_pg_ready(void *arg, char *why, size_t whylen);

/* 1 when the connection is gone (the error is the server, not the data). */
int dk_pg_broken(PGconn *pg);

#endif
