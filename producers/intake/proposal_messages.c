/* SPDX-License-Identifier: EUPL-1.2 */
/* proposal_messages.c — the messages the applicant's answers cause, as
 * outbox rows ({topic, key, payload}) queued in the transaction that makes
 * the change: appointment.changed, schedule.requested, document.uploaded,
 * and the slot_released mail job. Shapes: schemas/messages/. */
#include "booking/dk_booking.h"
#include "booking/dk_mailjob.h"
#include "core/dk_clock.h"
#include "proposal.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>

json_t *dk_msg_appointment_changed(const dk_proposal *p, const char *change)
{
    char start[32], end[32];
    dk_iso8601_utc(p->starts_at, start);
    dk_iso8601_utc(p->ends_at, end);
    return dk_booking_changed_row(p->application_id, p->appointment_id, change, p->interviewer_id,
                                  start, end, p->match);
}

json_t *dk_msg_schedule_requested(const dk_proposal *p)
{
    return dk_booking_schedule_row(p->application_id, "rescheduled", p->appointment_id);
}

json_t *dk_msg_document_uploaded(const char *application_id, const char *document_id,
                                 const char *kind, const char *side, size_t byte_size,
                                 const char *sha256, const char *uploaded_at, const char *upload_id)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "document_id", document_id,
                             "kind", kind, "side", side, "byte_size", (json_int_t)byte_size,
                             "sha256", sha256, "uploaded_at", uploaded_at, "upload_id", upload_id);
    return dk_outbox_row(DK_TOPIC_DOCS_UPLOADED, application_id,
                         dk_envelope_new("document.uploaded", 1, application_id, data, NULL));
}

json_t *dk_msg_slot_released(const dk_proposal *p, int was_reserved, int sequence)
{
    char start[32], end[32], key[96];
    dk_iso8601_utc(p->starts_at, start);
    dk_iso8601_utc(p->ends_at, end);
    snprintf(key, sizeof key, "slot_released:%s", p->appointment_id);
    json_t *vars = json_pack("{s:O, s:O, s:s, s:s, s:s}", "first_names",
                             json_object_get(p->person, "first_names"), "last_name",
                             json_object_get(p->person, "last_name"), "application_id",
                             p->application_id, "slot_start", start, "slot_end", end);
    if (was_reserved)
        json_object_set_new(
            vars, "calendar",
            dk_booking_calendar(p->application_id, "CANCEL", sequence, start, end, NULL));
    return dk_mailjob_row("slot_released", p->language,
                          json_string_value(json_object_get(p->person, "email")), key,
                          p->application_id, vars);
}
