/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking.h — the appointment changes that more than one program makes:
 * the messages every change queues (appointment.changed for dashboards,
 * schedule.requested for the scheduler), expiring holds that ran out (the
 * proposal_expiry timers), retrying applications that wait
 * for capacity or for their source's limit, and withdrawing appointments an
 * interviewer can no longer do (`dk interviewer absent|hours`). Every
 * function runs inside the caller's open transaction. */
#ifndef DK_BOOKING_H
#define DK_BOOKING_H

#include <jansson.h>
#include <libpq-fe.h>
#include <stdint.h>

/* The stable calendar UID of an application's interview ("<id>@digitalkey"):
 * every ICS about it updates the same calendar entry. */
void dk_booking_ics_uid(const char *application_id, char *out, size_t n);

/* The calendar entry a mail job carries (mail.requested's vars.calendar):
 * method "REQUEST" or "CANCEL", the application's stable UID, sequence,
 * UTC instants; video_url may be NULL. */
json_t *dk_booking_calendar(const char *application_id, const char *method, int sequence,
                            const char *start, const char *end, const char *video_url);

/* Outbox row of an appointment.changed message (schemas/messages). start/end
 * are UTC ISO instants; match may be NULL. */
json_t *dk_booking_changed_row(const char *application_id, const char *appointment_id,
                               const char *change, const char *interviewer_id, const char *start,
                               const char *end, const char *match);

/* Outbox row of a schedule.requested message. Its id is derived from the
 * cause (the application for "submitted", else the previous appointment),
 * so a replayed cause asks once; "retry" (new capacity for a waiting
 * application) can happen again and gets a fresh id. previous may be NULL. */
json_t *dk_booking_schedule_row(const char *application_id, const char *reason,
                                const char *previous_appointment_id);

/* The same message as text (malloc'd), for a writer that builds its rows
 * in SQL (the recorder). */
char *dk_booking_schedule_text(const char *application_id, const char *reason,
                               const char *previous_appointment_id);

/* Moves the `limit` oldest applications waiting for a slot (not for their
 * source: waiting_reason 'capacity') in a language the interviewer speaks
 * (limit <= 0: all of them) back into the scheduler's queue: status
 * 'submitted' again and a
 * schedule.requested(retry) appended to rows for each, because capacity for
 * them appeared (hours added, or a slot freed: limit 1 per freed slot). They
 * leave 'waiting' at once, so a second slot freed before the scheduler runs
 * goes to the next applicant, never to the same one twice; an applicant
 * another transaction holds, or whose source already holds
 * DK_MAX_LIVE_PER_SOURCE proposals, is skipped. Returns how many, or -1
 * with err. */
int dk_booking_retry_waiting(PGconn *pg, json_t *rows, const char *interviewer_id, int limit,
                             int64_t now_ms, char *err, size_t errlen);

/* The per-source limit (dk_booking_source.c). An application waits with
 * waiting_reason 'source_limit' while its source (the client network that
 * sent it) holds DK_MAX_LIVE_PER_SOURCE unanswered proposals.
 *
 * A held proposal of each of freed_application_ids (a JSON array of ids)
 * was answered (reserved or cancelled) or ran out: per source, as many of
 * its oldest applications waiting for it go back into the scheduler's
 * queue (status 'submitted', schedule.requested(retry) appended to rows).
 * An applicant another transaction holds is skipped. Returns how many, or
 * -1 with err. */
int dk_booking_retry_source(PGconn *pg, json_t *rows, const json_t *freed_application_ids,
                            int64_t now_ms, char *err, size_t errlen);

/* The scheduler's sweep: for every source with applications waiting for
 * it, as many of the oldest as it has places left (max_held minus its held
 * proposals and its applications already queued). Returns how many, or -1. */
int dk_booking_retry_sources(PGconn *pg, json_t *rows, int max_held, int64_t now_ms, char *err,
                             size_t errlen);

/* Ends the holds of appointment_ids (a JSON array) that ran out by now
 * (status held, held_until <= now, the applicant not waiting for a document
 * verdict): appointment 'expired', application 'expired', the
 * proposal_expired mail and appointment.changed queued, and waiting
 * applications retried for each freed slot and for each source's freed
 * place; the ids of those that expired are appended to expired. The
 * proposal_expiry timers of dk-timers call it (dk_booking_timers.h), with
 * their applications locked first. Returns how many expired, or -1 with err. */
long dk_booking_expire_appointments(PGconn *pg, const json_t *appointment_ids, int64_t now_ms,
                                    json_t *expired, char *err, size_t errlen);

/* Withdraws the live future appointments of an interviewer that fall in one
 * of their absences or outside their hours: appointment 'withdrawn',
 * application 'rescheduling' (its calendar sequence raised when it was
 * reserved), and schedule.requested(interviewer_changed) queued so a new
 * proposal follows. Returns how many, or -1 with err. */
long dk_booking_withdraw_unavailable(PGconn *pg, const char *interviewer_id, int64_t now_ms,
                                     char *err, size_t errlen);

#endif
