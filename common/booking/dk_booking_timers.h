/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_timers.h — what a timer does when it fires (dk-timers, and
 * `dk holds expire` for the proposal_expiry ones, `dk retention` for the
 * retention ones): the reminder mail 24 hours before the interview, the end
 * of a proposal nobody answered, the operator alert for an interview without
 * an outcome, the 3-working-day promise and its half-time alert, data
 * retention. Each effect checks the state it
 * is about first: a timer whose cause went away meanwhile fires as
 * "obsolete" and does nothing else. */
#ifndef DK_BOOKING_TIMERS_H
#define DK_BOOKING_TIMERS_H

#include "timer/dk_timer.h"

#include <libpq-fe.h>
#include <stdint.h>

/* Fires the timers t[0..n), claimed by the caller (dk_timer_claim) in its
 * open transaction: every effect, then each marked fired with what it did
 * and its timer.fired message queued, all in that transaction. A
 * proposal_expiry whose application another transaction holds (its
 * applicant answering right now) is left open for the next look. Returns
 * how many fired, or -1 with err (the caller rolls back). */
long dk_booking_fire_timers(PGconn *pg, const dk_timer *t, size_t n, int64_t now_ms, char *err,
                            size_t errlen);

/* The same, naming who fires in what it records (retention_log's actor:
 * "dk-timers" for the above, "dk retention" for the command). */
long dk_booking_fire_timers_as(PGconn *pg, const dk_timer *t, size_t n, int64_t now_ms,
                               const char *actor, char *err, size_t errlen);

/* What dk-timers sets right when it connects, in its own transaction:
 * DK_DOCUMENT_RETENTION_DAYS, DK_PERSONAL_RETENTION_DAYS and
 * DK_FRAUD_RETENTION_DAYS into retention_rules (the open retention timers
 * move when one changed), and the promise timers of the requests still
 * without a proposal that have none (recorded before the promise existed).
 * Returns 0, or -1 with err. */
int dk_booking_deadlines_start(PGconn *pg, int64_t now_ms, char *err, size_t errlen);

/* Ends t without its effect after DK_RETRY_MAX failed firings: fired with
 * result "failed: <error>" and an alert on dk.alerts, in the caller's open
 * transaction. Returns 0, or -1 with err. */
int dk_booking_timer_give_up(PGconn *pg, const dk_timer *t, const char *error, int64_t now_ms,
                             char *err, size_t errlen);

#endif
