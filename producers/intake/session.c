/* SPDX-License-Identifier: EUPL-1.2 */
/* session.c — the short session of the self-service page. Once the security
 * code was right, the intake draws 256 random bits for the cookie and keeps
 * only their SHA-256 in proposal_sessions, with the appointment, an expiry
 * DK_SESSION_MINUTES later and a revocation mark. A cookie is a session when
 * the hash of its value is such a row: nothing can be computed from an
 * appointment id or any key, and a copy of the table opens nothing. The
 * session speaks only for a live appointment (proposal.c), cancelling or
 * asking another slot revokes it (proposal_change.c), and expired rows are
 * deleted here as new ones are made. */
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "proposal.h"
#include "store/dk_pg.h"
#include "store/dk_pgpool.h"

#include <stdio.h>
#include <string.h>

static int well_formed(const char *value)
{
    return value && strlen(value) == DK_SESSION_LEN &&
           strspn(value, "0123456789abcdef") == DK_SESSION_LEN;
}

int dk_session_check(PGconn *pg, const char *appointment_id, const char *value, int64_t now)
{
    if (!well_formed(value))
        return 0;
    char hash[65], ts[32], err[512];
    dk_sha256_hex(value, DK_SESSION_LEN, hash);
    dk_iso8601_utc(now, ts);
    const char *params[] = {hash, appointment_id, ts};
    PGresult *r = dk_pg_query(pg,
                              "SELECT 1 FROM proposal_sessions WHERE id_hash = $1"
                              " AND appointment_id = $2::uuid AND revoked_at IS NULL"
                              " AND expires_at > $3::timestamptz",
                              3, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    int n = PQntuples(r);
    PQclear(r);
    return n == 1;
}

/* The new row, and away with up to 100 expired ones (rows another
 * transaction is deleting are skipped, never waited for). */
static const char *const start_sql =
    "WITH swept AS (DELETE FROM proposal_sessions WHERE id_hash IN ("
    "  SELECT id_hash FROM proposal_sessions WHERE expires_at <= $4::timestamptz"
    "  LIMIT 100 FOR UPDATE SKIP LOCKED))"
    " INSERT INTO proposal_sessions (id_hash, application_id, appointment_id, created_at,"
    " expires_at) VALUES ($1, $2::uuid, $3::uuid, $4::timestamptz, $5::timestamptz)";

static int start(PGconn *pg, const dk_proposal *p, int64_t now, char session[DK_SESSION_LEN + 1])
{
    if (dk_random_hex(session, DK_SESSION_LEN / 2) != 0) {
        dk_log(DK_LOG_ERROR, "session_failed", "no random bytes for a session id");
        return -1;
    }
    char hash[65], created[32], expires[32], err[512];
    dk_sha256_hex(session, DK_SESSION_LEN, hash);
    dk_iso8601_utc(now, created);
    dk_iso8601_utc(now + DK_SESSION_MINUTES * 60000LL, expires);
    const char *params[] = {hash, p->application_id, p->appointment_id, created, expires};
    PGresult *r = dk_pg_query(pg, start_sql, 5, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    PQclear(r);
    return 0;
}

void dk_proposal_login(dk_intake *in, const char *token, const char *code, dk_outcome *o,
                       char session[DK_SESSION_LEN + 1])
{
    session[0] = '\0';
    PGconn *pg = dk_proposal_db(in, o);
    if (!pg)
        return;
    int64_t now = dk_now_ms();
    dk_credential cred = {DK_CRED_CODE, code};
    o->status = dk_proposal_open(in, pg, token, &cred, now, &o->p);
    o->found = o->status != 404 && o->p.person != NULL;
    if (o->status == 200) {
        if (start(pg, &o->p, now, session) != 0) {
            dk_pg_rollback(pg);
            o->status = 503;
        } else if (dk_proposal_commit(pg, o) != 0) {
            o->status = 503;
        }
        if (o->status != 200)
            session[0] = '\0';
    }
    dk_pgpool_put(in->pool, pg);
}
