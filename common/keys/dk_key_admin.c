/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_admin.c — what the help desk does to a digital key: unlock it
 * after too many failures, or revoke it (dk_key.h). Each is one statement
 * on the live key of an address and its audit row, in one transaction. */
#include "keys/dk_key.h"

#include "core/dk_clock.h"
#include "interview/dk_audit.h"
#include "keys/dk_key_internal.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <stdio.h>
#include <string.h>

/* Runs update (which takes $1 the identifier, $2 now, and returns the key's
 * id and application id for a row it changed); when no row changed, tells
 * key_unknown from the refusal given for a live key. */
static int admin_action(PGconn *pg, const char *identifier, const char *update, const char *action,
                        const char *refused_live, const char *os_user, int64_t now_ms,
                        const char **refusal, char *err, size_t errlen)
{
    *refusal = NULL;
    char ident[DK_KEY_IDENTIFIER_MAX];
    if (dk_key_identifier(identifier, ident) != 0) {
        *refusal = "key_unknown";
        return 1;
    }
    if (dk_pgpool_begin(pg, err, errlen) != 0)
        return -1;
    char now[32];
    dk_iso8601_utc(now_ms, now);
    const char *p[] = {ident, now};
    PGresult *r = dk_pg_query(pg, update, 2, p, err, errlen);
    if (!r)
        return dk_key_end_tx(pg, -1, err, errlen);
    if (PQntuples(r) != 1) {
        PQclear(r);
        const char *q[] = {ident};
        r = dk_pg_query(pg,
                        "SELECT 1 FROM digital_keys WHERE identifier = $1 AND revoked_at IS NULL",
                        1, q, err, errlen);
        if (!r)
            return dk_key_end_tx(pg, -1, err, errlen);
        *refusal = PQntuples(r) == 1 ? refused_live : "key_unknown";
        PQclear(r);
        return dk_key_end_tx(pg, 1, err, errlen) < 0 ? -1 : 1;
    }
    char key_id[37], app_id[37];
    snprintf(key_id, sizeof key_id, "%s", PQgetvalue(r, 0, 0));
    snprintf(app_id, sizeof app_id, "%s", PQgetvalue(r, 0, 1));
    PQclear(r);
    json_t *detail = json_pack("{s:s?}", "os_user", os_user);
    dk_audit_event e = {.actor = "system",
                        .action = action,
                        .application_id = app_id,
                        .object = key_id,
                        .detail = detail};
    int rc = dk_audit_write(pg, &e, now_ms, err, errlen);
    json_decref(detail);
    return dk_key_end_tx(pg, rc, err, errlen);
}

int dk_key_unlock(PGconn *pg, const char *identifier, const char *os_user, int64_t now_ms,
                  const char **refusal, char *err, size_t errlen)
{
    return admin_action(pg, identifier,
                        "UPDATE digital_keys SET locked_at = NULL, throttled_until = NULL,"
                        " failed_tries = 0, updated_at = $2::timestamptz"
                        " WHERE identifier = $1 AND revoked_at IS NULL"
                        " AND (locked_at IS NOT NULL OR throttled_until > $2::timestamptz"
                        "      OR failed_tries > 0)"
                        " RETURNING id, application_id",
                        "key.unlocked", "not_locked", os_user, now_ms, refusal, err, errlen);
}

int dk_key_revoke(PGconn *pg, const char *identifier, const char *os_user, int64_t now_ms,
                  const char **refusal, char *err, size_t errlen)
{
    return admin_action(pg, identifier,
                        "UPDATE digital_keys SET revoked_at = $2::timestamptz,"
                        " updated_at = $2::timestamptz"
                        " WHERE identifier = $1 AND revoked_at IS NULL"
                        " RETURNING id, application_id",
                        "key.revoked", "key_unknown", os_user, now_ms, refusal, err, errlen);
}
