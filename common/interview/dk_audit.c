/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_audit.c — one INSERT into the append-only audit trail (dk_audit.h). */
#include "interview/dk_audit.h"

#include "core/dk_clock.h"
#include "core/dk_err.h"
#include "store/dk_envelope.h"
#include "store/dk_pg.h"

#include <stdlib.h>

int dk_audit_write(PGconn *pg, const dk_audit_event *e, int64_t at_ms, char *err, size_t errlen)
{
    char at[32];
    dk_iso8601_utc(at_ms, at);
    char *detail = e->detail ? dk_json_text(e->detail) : NULL;
    if (e->detail && !detail) {
        dk_errf(err, errlen, "audit: out of memory for the detail");
        return -1;
    }
    const char *p[] = {at,
                       e->actor,
                       e->staff_id,
                       e->action,
                       e->application_id,
                       e->appointment_id,
                       e->object,
                       e->address && e->address[0] ? e->address : NULL,
                       detail ? detail : "{}"};
    PGresult *r =
        dk_pg_query(pg,
                    "INSERT INTO audit_events (at, actor, staff_id, action, application_id,"
                    " appointment_id, object, address, detail) VALUES ($1::timestamptz,"
                    " $2, $3::uuid, $4, $5::uuid, $6::uuid, $7, $8::inet, $9::jsonb)",
                    9, p, err, errlen);
    free(detail);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}
