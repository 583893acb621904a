/* SPDX-License-Identifier: EUPL-1.2 */
/* outcome_mail.c — the outcome's e-mail to the applicant, queued in the
 * outbox inside the outcome's own transaction (the hook of
 * dk_interview_record_outcome), so the outcome and its mail are written
 * together or not at all: activation (the link, never the code), missing
 * information (the items and the interviewer's note), rejected (the
 * motivation), no-show. The builders are booking/dk_mailjob_interview.h. */
#include "booking/dk_mailjob_interview.h"
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_err.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>

int dk_outcome_mail_hook(PGconn *pg, const dk_interview_outcome *o, void *ctx, char *err,
                         size_t errlen)
{
    const dk_outcome_input *in = ctx;
    const char *p[] = {o->outcome_id};
    PGresult *r = dk_pg_query(pg,
                              "SELECT a.language, a.email, a.first_names, a.last_name,"
                              " dk_iso(p.starts_at), dk_iso(p.ends_at)"
                              " FROM interview_outcomes x JOIN applications a"
                              " ON a.id = x.application_id JOIN appointments p"
                              " ON p.id = x.appointment_id WHERE x.id = $1::uuid",
                              1, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        dk_errf(err, errlen, "outcome %s: no application to mail", o->outcome_id);
        return -1;
    }
    dk_mailjob_outcome m = {.application_id = o->application_id,
                            .outcome_id = o->outcome_id,
                            .language = PQgetvalue(r, 0, 0),
                            .email = PQgetvalue(r, 0, 1),
                            .first_names = PQgetvalue(r, 0, 2),
                            .last_name = PQgetvalue(r, 0, 3),
                            .slot_start = PQgetvalue(r, 0, 4),
                            .slot_end = PQgetvalue(r, 0, 5)};
    json_t *row = NULL;
    if (!strcmp(in->outcome, "approved")) {
        char expires[32];
        dk_iso8601_utc(o->activation_expires_ms, expires);
        row = dk_mailjob_activation_row(
            &m, o->activation_id, (int)dk_config_int("DK_ACTIVATION_DAYS"), expires, err, errlen);
    } else if (!strcmp(in->outcome, "missing_information")) {
        json_t *items = json_array();
        for (size_t i = 0; i < in->nmissing; i++)
            json_array_append_new(items, json_string(in->missing_items[i]));
        row = dk_mailjob_missing_information_row(&m, items, in->missing_text, err, errlen);
        json_decref(items);
    } else if (!strcmp(in->outcome, "rejected")) {
        row = dk_mailjob_rejected_row(&m, in->motivation, err, errlen);
    } else {
        row = dk_mailjob_no_show_row(&m, err, errlen);
    }
    PQclear(r);
    if (!row)
        return -1;
    json_t *rows = json_array();
    json_array_append_new(rows, row);
    int rc = dk_outbox_add_rows(pg, rows, err, errlen);
    json_decref(rows);
    return rc;
}
