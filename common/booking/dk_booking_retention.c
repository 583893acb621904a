/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_retention.c — data retention (GDPR) when a retention timer
 * fires (see dk_booking_effects.h; the rules and due times are SQL,
 * schemas/sql/012_deadlines.sql: dk_retention_due). The cause says which
 * rule: "<application>:documents" erases the identity-document images,
 * "<application>:personal" the personal data of an ended application
 * without a key: its document images and interview captures, the personal
 * columns of its row and the recipients of its mails. A fraud dossier is
 * the same, DK_FRAUD_RETENTION_DAYS later. What stays: statuses, language,
 * timestamps, appointments, outcomes, verdicts and the audit trail.
 *
 * Each erasure is one UPDATE ... WHERE purged_at IS NULL RETURNING (so a
 * second firing finds nothing to do) with its retention_log rows in the
 * same statement, then the files are unlinked before the commit. A file
 * already gone counts as erased; a commit that fails after the unlink
 * leaves rows that the timer's next try marks (the files are gone either
 * way). A worker reading an image meanwhile (dk-docchecker, the console's
 * dossier: dk_docstore_get opens, reads the whole file, closes) either
 * opened it before the unlink and reads it whole — POSIX keeps an unlinked
 * file's data until its last descriptor closes — or finds it missing and
 * says so; nothing is truncated or overwritten in place, so nobody reads
 * half a file. Overwriting is not needed: the bytes are AES-256-GCM
 * ciphertext under DK_DOCUMENT_KEY, kept elsewhere. */
#include "booking/dk_booking_effects.h"

#include "core/dk_clock.h"
#include "core/dk_err.h"
#include "store/dk_docstore.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_sql =
    "SELECT (extract(epoch FROM dk_retention_due($1::uuid, $2)) * 1000)::bigint,"
    " dk_retention_fraud($1::uuid),"
    " EXISTS (SELECT 1 FROM appointments p WHERE p.application_id = $1::uuid"
    "  AND p.status IN ('held', 'reserved'))"
    " FROM applications a WHERE a.id = $1::uuid FOR UPDATE OF a SKIP LOCKED";

static const char *const documents_sql =
    "WITH d AS (UPDATE documents SET purged_at = $2::timestamptz"
    "  WHERE application_id = $1::uuid AND purged_at IS NULL RETURNING id),"
    " l AS (INSERT INTO retention_log (at, application_id, rule, what, object, timer_id, actor)"
    "  SELECT $2::timestamptz, $1::uuid, $3, 'document_image', d.id::text, $4::uuid, $5 FROM d)"
    " SELECT id FROM d ORDER BY id";

static const char *const captures_sql =
    "WITH d AS (UPDATE interview_captures SET purged_at = $2::timestamptz"
    "  WHERE application_id = $1::uuid AND purged_at IS NULL RETURNING id),"
    " l AS (INSERT INTO retention_log (at, application_id, rule, what, object, timer_id, actor)"
    "  SELECT $2::timestamptz, $1::uuid, $3, 'interview_capture', d.id::text, $4::uuid, $5"
    "  FROM d)"
    " SELECT id FROM d ORDER BY id";

static const char *const personal_sql =
    "WITH a AS (UPDATE applications SET last_name = NULL, first_names = NULL,"
    "  birth_date = NULL, birth_country = NULL, birth_place = NULL, sex = NULL, insz = NULL,"
    "  email = NULL, motivation = NULL, source_key = NULL, personal_purged_at = $2::timestamptz"
    "  WHERE id = $1::uuid AND personal_purged_at IS NULL RETURNING id),"
    " m AS (UPDATE mails SET recipient = NULL"
    "  WHERE application_id = $1::uuid AND recipient IS NOT NULL RETURNING 1),"
    " l AS (INSERT INTO retention_log (at, application_id, rule, what, object, timer_id, actor)"
    "  SELECT $2::timestamptz, $1::uuid, $3, 'personal_data',"
    "  'applications: names, birth data, sex, insz, email, motivation, source; mails: "
    "recipient', $4::uuid, $5 FROM a)"
    " SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM m)";

/* Runs one erasing statement and unlinks the files it returns. Returns how
 * many, or -1 with err. */
static long erase_files(PGconn *pg, const char *sql, const char *const *p, char *err, size_t errlen)
{
    PGresult *r = dk_pg_query(pg, sql, 5, p, err, errlen);
    if (!r)
        return -1;
    long n = PQntuples(r);
    for (long i = 0; i < n; i++)
        if (dk_docstore_remove(PQgetvalue(r, (int)i, 0), err, errlen) != 0) {
            PQclear(r);
            return -1;
        }
    PQclear(r);
    return n;
}

/* The erasure of one due rule. */
static int erase(PGconn *pg, const dk_timer *t, const char *what, int fraud, const char *actor,
                 const char *now, dk_booking_result res, char *err, size_t errlen)
{
    const char *rule = fraud ? "fraud" : what;
    const char *p[] = {t->application_id, now, rule, t->id, actor};
    long images = erase_files(pg, documents_sql, p, err, errlen), captures = 0, people = 0;
    if (images < 0)
        return -1;
    if (strcmp(what, "personal") == 0) {
        captures = erase_files(pg, captures_sql, p, err, errlen);
        PGresult *r = captures < 0 ? NULL : dk_pg_query(pg, personal_sql, 5, p, err, errlen);
        if (!r)
            return -1;
        people = strtol(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
        snprintf(res, sizeof(dk_booking_result),
                 "erased (%s): %ld images, %ld captures, personal data %s", rule, images, captures,
                 people ? "blanked" : "already gone");
    } else {
        snprintf(res, sizeof(dk_booking_result), "erased (%s): %ld images", rule, images);
    }
    return 0;
}

/* One retention timer: erased, obsolete (no rule applies any more), left
 * for later (*skip: its application is locked, or its due time moved on,
 * which is written to the timer), or deferred (documents of an application
 * with a live appointment again: the next outcome plans them anew). */
static int fire_one(PGconn *pg, const dk_timer *t, dk_booking_result res, int *skip,
                    const char *actor, int64_t now_ms, char *err, size_t errlen)
{
    const char *colon = strchr(t->cause, ':');
    const char *what = colon ? colon + 1 : "";
    if (strcmp(what, "documents") != 0 && strcmp(what, "personal") != 0) {
        snprintf(res, sizeof(dk_booking_result), "obsolete");
        return 0;
    }
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {t->application_id, what};
    PGresult *r = dk_pg_query(pg, state_sql, 2, p, err, errlen);
    if (!r)
        return -1;
    int rc = 0;
    if (PQntuples(r) == 0) { /* locked by another transaction, or no such application */
        PGresult *e =
            dk_pg_query(pg, "SELECT 1 FROM applications WHERE id = $1::uuid", 1, p, err, errlen);
        rc = e ? 0 : -1;
        *skip = e && PQntuples(e) > 0;
        snprintf(res, sizeof(dk_booking_result), "obsolete");
        PQclear(e);
    } else if (PQgetisnull(r, 0, 0)) {
        snprintf(res, sizeof(dk_booking_result), "obsolete");
    } else if (strtoll(PQgetvalue(r, 0, 0), NULL, 10) > now_ms) {
        char due[32];
        dk_iso8601_utc(strtoll(PQgetvalue(r, 0, 0), NULL, 10), due);
        const char *q[] = {t->id, due};
        PGresult *u =
            dk_pg_query(pg, "UPDATE timers SET due_at = $2::timestamptz WHERE id = $1::uuid", 2, q,
                        err, errlen);
        rc = u ? 0 : -1;
        *skip = 1;
        PQclear(u);
    } else if (strcmp(what, "documents") == 0 && strcmp(PQgetvalue(r, 0, 2), "t") == 0) {
        snprintf(res, sizeof(dk_booking_result), "deferred: a live appointment");
    } else {
        rc =
            erase(pg, t, what, strcmp(PQgetvalue(r, 0, 1), "t") == 0, actor, now, res, err, errlen);
    }
    PQclear(r);
    return rc;
}

int dk_booking_fire_retention(PGconn *pg, const dk_timer *t, size_t n, dk_booking_result *res,
                              int *skip, const char *actor, int64_t now_ms, char *err,
                              size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].kind, DK_TIMER_RETENTION) == 0 &&
            fire_one(pg, &t[i], res[i], &skip[i], actor, now_ms, err, errlen) != 0)
            return -1;
    return 0;
}
