/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_deadlines.c — what dk-timers puts right when it (re)connects,
 * in one transaction (see dk_booking_timers.h): the retention periods of its
 * configuration into retention_rules, which the database's triggers read
 * (schemas/sql/012_deadlines.sql), the open retention timers moved when a
 * period changed; and the promise timers of requests that were waiting for
 * a proposal when the promise came (a database migrated to 012), which SQL
 * cannot compute: the working-day calendar is common/core's. */
#include "booking/dk_booking_timers.h"

#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_err.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const rules_sql =
    "WITH x(rule, days) AS (VALUES ('documents', $1::int), ('personal', $2::int),"
    "  ('fraud', $3::int)),"
    " ch AS (UPDATE retention_rules r SET days = x.days, updated_at = $4::timestamptz FROM x"
    "  WHERE r.rule = x.rule AND r.days <> x.days RETURNING r.rule)"
    " SELECT count(*) FROM ch";

static const char *const replan_sql =
    "SELECT count(dk_retention_plan(t.application_id, $1::timestamptz)) FROM"
    " (SELECT DISTINCT application_id FROM timers WHERE kind = 'retention'"
    "  AND fired_at IS NULL AND cancelled_at IS NULL) t";

static const char *const unpromised_sql =
    "SELECT a.id, (extract(epoch FROM a.submitted_at) * 1000)::bigint FROM applications a"
    " WHERE a.status IN ('submitted', 'waiting')"
    " AND NOT EXISTS (SELECT 1 FROM appointments p WHERE p.application_id = a.id)"
    " AND NOT EXISTS (SELECT 1 FROM timers t WHERE t.kind = 'promise' AND t.cause = a.id::text)";

static int rules(PGconn *pg, const char *now, char *err, size_t errlen)
{
    char d[3][16];
    snprintf(d[0], sizeof d[0], "%ld", dk_config_int("DK_DOCUMENT_RETENTION_DAYS"));
    snprintf(d[1], sizeof d[1], "%ld", dk_config_int("DK_PERSONAL_RETENTION_DAYS"));
    snprintf(d[2], sizeof d[2], "%ld", dk_config_int("DK_FRAUD_RETENTION_DAYS"));
    const char *p[] = {d[0], d[1], d[2], now};
    PGresult *r = dk_pg_query(pg, rules_sql, 4, p, err, errlen);
    if (!r)
        return -1;
    long changed = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    if (changed == 0)
        return 0;
    r = dk_pg_query(pg, replan_sql, 1, p + 3, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

static int promises(PGconn *pg, int64_t now_ms, char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, unpromised_sql, 0, NULL, err, errlen);
    if (!r)
        return -1;
    json_t *rows = json_array();
    int rc = rows ? 0 : -1;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++)
        rc = dk_timer_promise_rows(rows, PQgetvalue(r, i, 0),
                                   strtoll(PQgetvalue(r, i, 1), NULL, 10));
    PQclear(r);
    if (rc != 0)
        dk_errf(err, errlen, "promise timers: out of memory");
    else
        rc = dk_timer_set_rows(pg, rows, now_ms, err, errlen);
    json_decref(rows);
    return rc;
}

int dk_booking_deadlines_start(PGconn *pg, int64_t now_ms, char *err, size_t errlen)
{
    char now[32];
    dk_iso8601_utc(now_ms, now);
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0 || rules(pg, now, err, errlen) != 0 ||
        promises(pg, now_ms, err, errlen) != 0 || dk_pg_exec(pg, "COMMIT", err, errlen) != 0) {
        dk_pg_rollback(pg);
        return -1;
    }
    return 0;
}
