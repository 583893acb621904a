/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_previous.c — a document already accepted for this request: when
 * an interview is moved (the applicant asked another slot, or the
 * interviewer became unavailable) after the document passed, the applicant
 * confirms the new slot with it instead of photographing it again. The
 * images are read back from the encrypted store and go through the same
 * path as a fresh upload (stored anew, checked again), so a reservation
 * always rests on a verdict about the images of its own upload. */
#include "core/dk_log.h"
#include "core/dk_upload_limit.h"
#include "proposal.h"
#include "store/dk_docstore.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_previous_document(PGconn *pg, const dk_proposal *p, dk_previous_doc *out)
{
    char err[512];
    const char *params[] = {p->application_id};
    PGresult *r =
        dk_pg_query(pg,
                    "SELECT u.kind, (extract(epoch FROM u.decided_at) * 1000)::bigint, d.id, d.side"
                    " FROM document_uploads u JOIN documents d ON d.upload_id = u.id"
                    " WHERE u.id = (SELECT id FROM document_uploads WHERE application_id = $1::uuid"
                    "               AND status = 'accepted' AND photo_request_id IS NULL"
                    "               ORDER BY decided_at DESC, id LIMIT 1)"
                    " ORDER BY d.side DESC", /* front, then back */
                    1, params, err, sizeof err);
    if (!r) {
        dk_log(DK_LOG_ERROR, "proposal_db_error", "%s", err);
        return -1;
    }
    int n = PQntuples(r);
    memset(out, 0, sizeof *out);
    if (n >= 1 && n <= 2) {
        snprintf(out->kind, sizeof out->kind, "%s", PQgetvalue(r, 0, 0));
        out->accepted_at = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
        out->sides = n;
        for (int i = 0; i < n; i++) {
            snprintf(out->doc_id[i], sizeof out->doc_id[i], "%s", PQgetvalue(r, i, 2));
            snprintf(out->side[i], sizeof out->side[i], "%s", PQgetvalue(r, i, 3));
        }
    }
    PQclear(r);
    /* A passport is one side, an identity card two: anything else is not
     * a document that can be sent again. */
    int whole = (n == 1 && !strcmp(out->kind, "passport") && !strcmp(out->side[0], "front")) ||
                (n == 2 && !strcmp(out->kind, "id_card"));
    if (!whole)
        memset(out, 0, sizeof *out);
    return whole;
}

int dk_previous_document_load(const dk_previous_doc *d, dk_upload *up)
{
    char err[512];
    snprintf(up->document_kind, sizeof up->document_kind, "%s", d->kind);
    for (int i = 0; i < d->sides; i++) {
        dk_buf *to = !strcmp(d->side[i], "back") ? &up->back : &up->front;
        void *bytes = NULL;
        size_t len = 0;
        to->len = 0;
        if (dk_docstore_get(d->doc_id[i], &bytes, &len, dk_upload_max(), err, sizeof err) != 0) {
            dk_log(DK_LOG_ERROR, "previous_document_unreadable", "%s", err);
            return -1;
        }
        int rc = dk_buf_append(to, bytes, len);
        free(bytes);
        if (rc != 0)
            return -1;
    }
    return 0;
}
