/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_retention.c — `dk retention [--dry-run] [--application ID] [--json]`:
 * the retention timers due now (DK_NOW honoured). --dry-run lists what each
 * would erase (images, captures, personal data) and erases nothing; without
 * it they fire now, as dk-timers would fire them (the same claim, FOR UPDATE
 * SKIP LOCKED: a running dk-timers and this command never fire one twice),
 * recorded in retention_log as "dk retention". */
#include "booking/dk_booking_timers.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "dk.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The due retention timers and what their firing would do now (the same
 * checks as dk_booking_retention.c). */
static const char *const dry_sql =
    "SELECT t.application_id, x.what,"
    " CASE WHEN dk_retention_fraud(t.application_id) THEN 'fraud' ELSE x.what END,"
    " (extract(epoch FROM t.due_at) * 1000)::bigint,"
    " (SELECT count(*) FROM documents d WHERE d.application_id = t.application_id"
    "  AND d.purged_at IS NULL),"
    " CASE WHEN x.what = 'personal' THEN (SELECT count(*) FROM interview_captures c"
    "  WHERE c.application_id = t.application_id AND c.purged_at IS NULL) ELSE 0 END,"
    " x.what = 'personal' AND a.personal_purged_at IS NULL,"
    " CASE WHEN x.due IS NULL THEN 'obsolete' WHEN x.due > $1::timestamptz THEN 'later'"
    "  WHEN x.what = 'documents' AND EXISTS (SELECT 1 FROM appointments p"
    "   WHERE p.application_id = t.application_id AND p.status IN ('held', 'reserved'))"
    "  THEN 'deferred' ELSE 'erase' END"
    " FROM timers t LEFT JOIN applications a ON a.id = t.application_id,"
    " LATERAL (SELECT split_part(t.cause, ':', 2) AS what,"
    "  dk_retention_due(t.application_id, split_part(t.cause, ':', 2)) AS due) x"
    " WHERE t.kind = 'retention' AND t.fired_at IS NULL AND t.cancelled_at IS NULL"
    " AND t.due_at <= $1::timestamptz AND ($2::uuid IS NULL OR t.application_id = $2::uuid)"
    " ORDER BY t.due_at, t.id";

static int dry_run(PGconn *pg, const char *now, const char *app, int json_out)
{
    char err[1024];
    const char *p[] = {now, app};
    PGresult *r = dk_pg_query(pg, dry_sql, 2, p, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk: %s\n", err);
        return 1;
    }
    long images = 0, captures = 0, people = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        int erase = strcmp(PQgetvalue(r, i, 7), "erase") == 0;
        long im = erase ? strtol(PQgetvalue(r, i, 4), NULL, 10) : 0;
        long ca = erase ? strtol(PQgetvalue(r, i, 5), NULL, 10) : 0;
        int pe = erase && strcmp(PQgetvalue(r, i, 6), "t") == 0;
        images += im, captures += ca, people += pe;
        char due[32];
        dk_iso8601_brussels(strtoll(PQgetvalue(r, i, 3), NULL, 10), due);
        if (json_out) {
            json_t *o =
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:b}", "application_id",
                          PQgetvalue(r, i, 0), "cause", PQgetvalue(r, i, 1), "rule",
                          PQgetvalue(r, i, 2), "due", due, "action", PQgetvalue(r, i, 7), "images",
                          (json_int_t)im, "captures", (json_int_t)ca, "personal_data", pe);
            char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (text)
                printf("%s\n", text);
            free(text);
            json_decref(o);
        } else {
            printf("%s  %s  %-9s %-8s %-8s %ld images, %ld captures%s\n", due, PQgetvalue(r, i, 0),
                   PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 7), im, ca,
                   pe ? ", personal data" : "");
        }
    }
    if (!json_out)
        printf("%d retention timer%s due: would erase %ld images, %ld captures and the personal "
               "data of %ld application%s (nothing erased: --dry-run)\n",
               PQntuples(r), PQntuples(r) == 1 ? "" : "s", images, captures, people,
               people == 1 ? "" : "s");
    PQclear(r);
    return 0;
}

/* One batch in one transaction; *claimed says how many were due, *fired
 * how many of them fired (those of the application asked for). The
 * retention_log rows it wrote are counted into counts (what → n). */
static int fire_batch(PGconn *pg, int64_t now, const char *app, long *claimed, long *fired,
                      json_t *counts, char *err, size_t errlen)
{
    dk_timer *t = NULL;
    *claimed = 0;
    if (dk_pg_exec(pg, "BEGIN", err, errlen) != 0)
        return -1;
    /* --application: one round over up to 10,000 due timers, the others
     * left untouched for dk-timers. */
    long n = dk_timer_claim(pg, now, app ? 10000 : 200, DK_TIMER_RETENTION, &t, err, errlen);
    size_t k = 0;
    for (long i = 0; i < n; i++)
        if (!app || strcmp(t[i].application_id, app) == 0)
            t[k++] = t[i];
    int rc = n >= 0 && dk_booking_fire_timers_as(pg, t, k, now, "dk retention", err, errlen) >= 0
                 ? 0
                 : -1;
    json_t *ids = json_array();
    for (size_t i = 0; rc == 0 && ids && i < k; i++)
        json_array_append_new(ids, json_string(t[i].id));
    char *text = rc == 0 && ids ? dk_json_text(ids) : NULL;
    const char *p[] = {text};
    PGresult *r = text ? dk_pg_query(pg,
                                     "SELECT what, count(*) FROM retention_log WHERE timer_id IN"
                                     " (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)"
                                     " AND actor = 'dk retention' GROUP BY what",
                                     1, p, err, errlen)
                       : NULL;
    if (!r)
        rc = -1;
    for (int i = 0; r && i < PQntuples(r); i++) {
        json_t *was = json_object_get(counts, PQgetvalue(r, i, 0));
        json_object_set_new(
            counts, PQgetvalue(r, i, 0),
            json_integer(json_integer_value(was) + strtoll(PQgetvalue(r, i, 1), NULL, 10)));
    }
    PQclear(r);
    free(text);
    json_decref(ids);
    free(t);
    if (rc != 0 || dk_pg_exec(pg, "COMMIT", err, errlen) != 0) {
        dk_pg_rollback(pg);
        return -1;
    }
    *claimed = n;
    *fired = (long)k;
    return 0;
}

int dk_cmd_retention(int argc, char **argv)
{
    int json_out = 0, dry = 0, bad = 0;
    const char *app = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--json") == 0 && !json_out)
            json_out = 1;
        else if (strcmp(argv[i], "--dry-run") == 0 && !dry)
            dry = 1;
        else if (strcmp(argv[i], "--application") == 0 && i + 1 < argc && !app)
            app = argv[++i];
        else
            bad = 1;
    }
    if (bad || (app && !dk_uuid_valid(app))) {
        fprintf(stderr, "usage: dk retention [--dry-run] [--application ID] [--json]\n");
        return 2;
    }
    int64_t now = dk_now_ms();
    char err[1024], nowtext[32];
    dk_iso8601_utc(now, nowtext);
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    if (dry) {
        int rc = dry_run(pg, nowtext, app, json_out);
        PQfinish(pg);
        return rc;
    }
    json_t *counts = json_object();
    long total = 0, claimed = 0, fired = 0;
    int rc = counts ? 0 : -1;
    for (int rounds = 0; rc == 0 && rounds < 100000; rounds++) {
        rc = fire_batch(pg, now, app, &claimed, &fired, counts, err, sizeof err);
        total += fired;
        if (claimed < 200 || app)
            break;
    }
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "dk: %s\n", rc == -1 && counts ? err : "out of memory");
        json_decref(counts);
        return 1;
    }
    long im = (long)json_integer_value(json_object_get(counts, "document_image"));
    long ca = (long)json_integer_value(json_object_get(counts, "interview_capture"));
    long pe = (long)json_integer_value(json_object_get(counts, "personal_data"));
    if (json_out)
        printf("{\"timers\":%ld,\"images\":%ld,\"captures\":%ld,\"personal_data\":%ld}\n", total,
               im, ca, pe);
    else
        printf("%ld retention timer%s fired: %ld images, %ld captures and the personal data of "
               "%ld application%s erased\n",
               total, total == 1 ? "" : "s", im, ca, pe, pe == 1 ? "" : "s");
    json_decref(counts);
    return 0;
}
