/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_audit.h — the audit trail: every view of a dossier, an image or a
 * capture, every check, outcome and code issued, every staff change is a
 * row of audit_events (who, what, which application and appointment, which
 * object, from which address, when, details). The table is append-only for
 * the application's role (schemas/sql/006_interview.sql): a row, once
 * written, stays as it was. */
#ifndef DK_AUDIT_H
#define DK_AUDIT_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *actor;          /* "staff" (staff_id set), "applicant" or "system" */
    const char *staff_id;       /* a UUID with actor "staff", else NULL */
    const char *action;         /* "dossier.view", "outcome.recorded", ...: dotted lower case */
    const char *application_id; /* NULL when none */
    const char *appointment_id; /* NULL when none */
    const char *object;         /* what was touched (a document or capture id, ...), or NULL */
    const char *address;        /* the client's IP address, or NULL (CLI, worker) */
    const json_t *detail;       /* an object, or NULL for {} */
} dk_audit_event;

/* Writes one row at instant at_ms, inside the caller's transaction (or on
 * its own). Returns 0, or -1 with err (a malformed event is refused by the
 * table's constraints). */
int dk_audit_write(PGconn *pg, const dk_audit_event *e, int64_t at_ms, char *err, size_t errlen);

#endif
