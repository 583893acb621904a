/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_source.c — the other half of the scheduler's per-source limit
 * (DK_MAX_LIVE_PER_SOURCE, workers/scheduler/assign.c): applications put to
 * wait because their source held too many unanswered proposals go back to
 * the scheduler's queue, oldest first, when a proposal of that source is
 * answered or runs out (in the transaction of that change), and from the
 * scheduler's sweep for every source below the limit (a change that raced
 * with the planning of its source, or a raised limit). The limit itself is
 * applied only by the planning, under its lock: a retry too many just waits
 * again. */
#include "booking/dk_booking.h"

#include "core/dk_clock.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>

/* Candidates (a JSON array of ids) still waiting for their source and not
 * held by another transaction back to 'submitted', each with a
 * schedule.requested(retry) appended to rows. */
static int requeue(PGconn *pg, json_t *rows, const char *candidates, int64_t now_ms, char *err,
                   size_t errlen)
{
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {candidates, now};
    PGresult *r =
        dk_pg_query(pg,
                    "WITH picked AS (SELECT a.id FROM applications a"
                    "  WHERE a.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
                    "  AND a.status = 'waiting' AND a.waiting_reason = 'source_limit'"
                    "  FOR UPDATE SKIP LOCKED)"
                    " UPDATE applications a SET status = 'submitted', waiting_reason = NULL,"
                    "  updated_at = $2::timestamptz FROM picked WHERE a.id = picked.id"
                    " RETURNING a.id",
                    2, p, err, errlen);
    if (!r)
        return -1;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, dk_booking_schedule_row(PQgetvalue(r, i, 0), "retry", NULL));
    PQclear(r);
    return n;
}

/* Runs a query whose one row is the JSON array of candidates, then requeues them. */
static int retry_from(PGconn *pg, json_t *rows, const char *sql, int n, const char *const *p,
                      int64_t now_ms, char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, n, p, err, errlen);
    if (!r)
        return -1;
    const char *candidates = PQntuples(r) ? PQgetvalue(r, 0, 0) : "[]";
    int rc = candidates[0] && candidates[1] != ']'
                 ? requeue(pg, rows, candidates, now_ms, err, errlen)
                 : 0;
    PQclear(r);
    return rc;
}

int dk_booking_retry_source(PGconn *pg, json_t *rows, const json_t *freed_application_ids,
                            int64_t now_ms, char *err, size_t errlen)
{
    if (json_array_size(freed_application_ids) == 0)
        return 0;
    char *ids = dk_json_text(freed_application_ids);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *p[] = {ids};
    /* Per source, as many of its oldest waiting applications as it had
     * proposals freed. */
    int rc = retry_from(
        pg, rows,
        "WITH freed AS (SELECT s.source_key, count(*) AS n FROM applications s"
        "  WHERE s.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
        "  AND s.source_key IS NOT NULL GROUP BY s.source_key),"
        " ranked AS (SELECT w.id, f.n, row_number() OVER (PARTITION BY w.source_key"
        "  ORDER BY w.submitted_at, w.id) AS rn FROM applications w JOIN freed f USING (source_key)"
        "  WHERE w.status = 'waiting' AND w.waiting_reason = 'source_limit')"
        " SELECT coalesce(json_agg(id ORDER BY rn), '[]') FROM ranked WHERE rn <= n",
        1, p, now_ms, err, errlen);
    free(ids);
    return rc;
}

int dk_booking_retry_sources(PGconn *pg, json_t *rows, int max_held, int64_t now_ms, char *err,
                             size_t errlen)
{
    char max[16];
    snprintf(max, sizeof max, "%d", max_held);
    const char *p[] = {max};
    /* The places a source has left: the limit, minus its held proposals,
     * minus its applications already in the scheduler's queue. */
    return retry_from(
        pg, rows,
        "WITH src AS (SELECT DISTINCT source_key FROM applications"
        "  WHERE status = 'waiting' AND waiting_reason = 'source_limit'),"
        " used AS (SELECT s.source_key,"
        "  (SELECT count(*) FROM applications a JOIN appointments p ON p.application_id = a.id"
        "    WHERE a.source_key = s.source_key AND p.status = 'held')"
        "  + (SELECT count(*) FROM applications a WHERE a.source_key = s.source_key"
        "    AND a.status IN ('submitted', 'rescheduling')) AS n FROM src s),"
        " ranked AS (SELECT w.id, u.n, row_number() OVER (PARTITION BY w.source_key"
        "  ORDER BY w.submitted_at, w.id) AS rn FROM applications w JOIN used u USING (source_key)"
        "  WHERE w.status = 'waiting' AND w.waiting_reason = 'source_limit')"
        " SELECT coalesce(json_agg(id ORDER BY rn), '[]') FROM ranked WHERE rn <= $1::int - n",
        1, p, now_ms, err, errlen);
}
