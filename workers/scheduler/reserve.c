/* SPDX-License-Identifier: EUPL-1.2 */
/* reserve.c — a document verdict that completes an applicant's upload
 * decides their held slot: every side accepted → the slot is definitively
 * reserved, a video room is made and the "reserved" mail (with its calendar
 * entry) is queued, and the oldest request waiting for its source's limit
 * gets another try; a side rejected → the slot stays held and one mail lists
 * every problem with how to fix it. A verdict for an upload already decided,
 * or whose appointment ended meanwhile, changes nothing. The new photo the
 * interviewer asked for during a reserved interview is decided alone: an
 * accepted one closes its request (dk_photo_request.h); the applicant's page
 * tells a rejected one's reasons. */
#include "scheduler.h"

#include "belgium/dk_video.h"
#include "booking/dk_booking.h"
#include "booking/dk_mailjob.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "doccheck/dk_doc_reasons.h"
#include "interview/dk_photo_request.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "timer/dk_timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The upload, its appointment and applicant, locked, once all its sides
 * have a verdict; the reasons of every rejected side in one array. */
static const char *const upload_sql =
    "SELECT u.status, u.appointment_id, p.status, p.interviewer_id, dk_iso(p.starts_at),"
    " dk_iso(p.ends_at), p.match, a.id, a.status, a.language, a.email, a.first_names,"
    " a.last_name, a.ics_sequence,"
    " (SELECT count(*) FROM documents d WHERE d.upload_id = u.id) >= u.sides,"
    " (SELECT count(*) FROM documents d WHERE d.upload_id = u.id AND d.status = 'rejected'),"
    " (SELECT coalesce(json_agg(DISTINCT r), '[]') FROM documents d, unnest(d.reasons) r"
    "  WHERE d.upload_id = u.id),"
    " (SELECT u2.id FROM document_uploads u2 WHERE u2.application_id = u.application_id"
    "  ORDER BY u2.uploaded_at DESC, u2.id DESC LIMIT 1) = u.id,"
    " p.held_until <= $2::timestamptz"
    " FROM document_uploads u JOIN appointments p ON p.id = u.appointment_id"
    " JOIN applications a ON a.id = u.application_id"
    " WHERE u.id = $1::uuid FOR UPDATE OF u, p, a";

static int reserve(PGconn *pg, PGresult *r, const char *upload_id, char *err, size_t errlen)
{
    const char *appt = PQgetvalue(r, 0, 1), *interviewer = PQgetvalue(r, 0, 3);
    const char *start = PQgetvalue(r, 0, 4), *end = PQgetvalue(r, 0, 5);
    const char *app = PQgetvalue(r, 0, 7);
    char room[33], url[1024], now[32], seq[16];
    if (dk_random_hex(room, 16) != 0) { /* an unguessable video room: 128 bits */
        snprintf(err, errlen, "no randomness for a video room");
        return -1;
    }
    if (dk_video_url(room, url, sizeof url) != 0) {
        snprintf(err, errlen, "DK_VIDEO_URL_TEMPLATE makes a link longer than %zu bytes",
                 sizeof url);
        return -1;
    }
    dk_iso8601_utc(dk_now_ms(), now);
    int sequence = atoi(PQgetvalue(r, 0, 13)) + 1;
    snprintf(seq, sizeof seq, "%d", sequence);
    const char *p[] = {appt, room, now, app, seq, upload_id};
    PGresult *u = dk_pg_query(
        pg,
        "WITH p AS (UPDATE appointments SET status = 'reserved', room_id = $2, reserved_at = "
        "$3::timestamptz"
        "  WHERE id = $1::uuid),"
        " up AS (UPDATE document_uploads SET status = 'accepted', decided_at = $3::timestamptz"
        "  WHERE id = $6::uuid)"
        "UPDATE applications SET status = 'reserved', ics_sequence = $5::integer,"
        " updated_at = $3::timestamptz WHERE id = $4::uuid",
        6, p, err, errlen);
    if (!u)
        return -1;
    PQclear(u);
    int64_t start_ms, end_ms;
    if (dk_iso8601_parse(start, &start_ms) != 0 || dk_iso8601_parse(end, &end_ms) != 0) {
        snprintf(err, errlen, "appointment %s: unreadable times", appt);
        return -1;
    }
    if (dk_timer_on_reserved(pg, app, appt, start_ms, end_ms, dk_now_ms(), err, errlen) != 0)
        return -1;
    char key[96];
    snprintf(key, sizeof key, "reserved:%s", appt);
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "first_names", PQgetvalue(r, 0, 11),
                  "last_name", PQgetvalue(r, 0, 12), "application_id", app, "appointment_id", appt,
                  "slot_start", start, "slot_end", end, "video_url", url, "calendar",
                  dk_booking_calendar(app, "REQUEST", sequence, start, end, url));
    json_t *rows = json_array();
    json_array_append_new(rows, dk_mailjob_row("reserved", PQgetvalue(r, 0, 9),
                                               PQgetvalue(r, 0, 10), key, app, vars));
    json_array_append_new(rows, dk_booking_changed_row(app, appt, "reserved", interviewer, start,
                                                       end, PQgetvalue(r, 0, 6)));
    /* An answered proposal: its source may hold another one. */
    json_t *freed = json_pack("[s]", app);
    int rc = dk_booking_retry_source(pg, rows, freed, dk_now_ms(), err, errlen) < 0
                 ? -1
                 : dk_outbox_add_rows(pg, rows, err, errlen);
    json_decref(freed);
    json_decref(rows);
    dk_log(DK_LOG_INFO, "reserved", "application %s reserved %s", app, start);
    return rc;
}

static int keep_holding(PGconn *pg, PGresult *r, const char *upload_id, char *err, size_t errlen)
{
    const char *appt = PQgetvalue(r, 0, 1), *app = PQgetvalue(r, 0, 7);
    const char *lang = PQgetvalue(r, 0, 9);
    char now[32];
    dk_iso8601_utc(dk_now_ms(), now);
    const char *p[] = {upload_id, now, app};
    PGresult *u = dk_pg_query(
        pg,
        "WITH up AS (UPDATE document_uploads SET status = 'rejected', decided_at = $2::timestamptz"
        "  WHERE id = $1::uuid)"
        "UPDATE applications SET status = 'document_rejected', updated_at = $2::timestamptz"
        " WHERE id = $3::uuid",
        3, p, err, errlen);
    if (!u)
        return -1;
    PQclear(u);
    /* A hold that ran out while its upload waited for this verdict was
     * kept (its proposal_expiry fired with "kept"): it ends now, once. */
    if (strcmp(PQgetvalue(r, 0, 18), "t") == 0 &&
        dk_timer_set(pg, DK_TIMER_PROPOSAL_EXPIRY, upload_id, app, appt, dk_now_ms(), dk_now_ms(),
                     err, errlen) != 0)
        return -1;
    json_t *codes = json_loads(PQgetvalue(r, 0, 16), 0, NULL);
    char key[96];
    snprintf(key, sizeof key, "document_rejected:%s", upload_id);
    json_t *vars =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "first_names", PQgetvalue(r, 0, 11),
                  "last_name", PQgetvalue(r, 0, 12), "application_id", app, "appointment_id", appt,
                  "slot_start", PQgetvalue(r, 0, 4), "slot_end", PQgetvalue(r, 0, 5), "problems",
                  dk_doc_reasons_json(codes, lang));
    json_decref(codes);
    json_t *rows = json_array();
    json_array_append_new(
        rows, dk_mailjob_row("document_rejected", lang, PQgetvalue(r, 0, 10), key, app, vars));
    json_array_append_new(rows, dk_booking_changed_row(app, appt, "document_rejected",
                                                       PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4),
                                                       PQgetvalue(r, 0, 5), PQgetvalue(r, 0, 6)));
    int rc = dk_outbox_add_rows(pg, rows, err, errlen);
    json_decref(rows);
    return rc;
}

int dk_reserve_on_verdict(PGconn *pg, dk_msg *m, char *err, size_t errlen)
{
    const char *upload_id = NULL;
    if (json_unpack(m->env.data, "{s?s}", "upload_id", &upload_id) != 0 ||
        (upload_id && !dk_uuid_valid(upload_id))) {
        dk_msg_reject(m, "data does not match schemas/messages/document.validated.json");
        return 0;
    }
    if (!upload_id)
        return 0; /* an image stored by hand (dk document upload): no slot to decide */
    const char *p[] = {upload_id};
    /* The application row first: the intake locks in that order too. */
    PGresult *r = dk_pg_query(pg,
                              "SELECT 1 FROM applications WHERE id = (SELECT application_id"
                              " FROM document_uploads WHERE id = $1::uuid) FOR UPDATE",
                              1, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    char at[32];
    dk_iso8601_utc(dk_now_ms(), at);
    const char *pa[] = {upload_id, at};
    r = dk_pg_query(pg, upload_sql, 2, pa, err, errlen);
    if (!r)
        return -1;
    int rc = 0;
    if (PQntuples(r) == 0) {
        dk_msg_reject(m, "no upload %s", upload_id);
    } else if (strcmp(PQgetvalue(r, 0, 0), "pending") == 0 &&
               strcmp(PQgetvalue(r, 0, 14), "t") == 0) {
        /* Every side is judged. Decide only for the live appointment and the
         * applicant's latest upload while they wait for this verdict. */
        int live = strcmp(PQgetvalue(r, 0, 2), "held") == 0 &&
                   strcmp(PQgetvalue(r, 0, 8), "document_pending") == 0 &&
                   strcmp(PQgetvalue(r, 0, 17), "t") == 0;
        if (!live) {
            char now[32];
            dk_iso8601_utc(dk_now_ms(), now);
            const char *q[] = {upload_id, now,
                               atoi(PQgetvalue(r, 0, 15)) > 0 ? "rejected" : "accepted"};
            PGresult *u =
                dk_pg_query(pg,
                            "UPDATE document_uploads SET status = $3, decided_at = $2::timestamptz"
                            " WHERE id = $1::uuid",
                            3, q, err, errlen);
            rc = u ? 0 : -1;
            PQclear(u);
            if (rc == 0 && dk_interview_photo_answered(pg, upload_id, dk_now_ms(), err, errlen) < 0)
                rc = -1;
        } else if (atoi(PQgetvalue(r, 0, 15)) == 0) {
            rc = reserve(pg, r, upload_id, err, errlen);
        } else {
            rc = keep_holding(pg, r, upload_id, err, errlen);
        }
    }
    PQclear(r);
    return rc;
}
