/* SPDX-License-Identifier: EUPL-1.2 */
/* scheduler.h — dk-scheduler: turns schedule.requested into proposals (an
 * interviewer who speaks the language and a held slot, chosen for the whole
 * batch at once by an exact min-cost flow), turns document verdicts into
 * reservations, and frees holds that ran out. */
#ifndef DK_SCHEDULER_H
#define DK_SCHEDULER_H

#include "dk_consumer.h"
#include "plan/dk_plan.h"

#include <libpq-fe.h>
#include <stdint.h>

/* The free capacity of every interviewer between two instants: one
 * dk_plan_slot per free slot, one dk_plan_day per (interviewer, date). */
typedef struct {
    char (*interviewer_ids)[37];
    size_t ninterviewers;
    dk_plan_slot *slots;
    size_t nslots;
    dk_plan_day *days;
    size_t ndays;
} dk_capacity;

/* Loads it inside the caller's transaction, for the languages in langs
 * (DK_LANG_* bits), slots starting in [from_ms, to_ms) and after now_ms.
 * Returns 0, or -1 with err. */
int dk_capacity_load(PGconn *pg, int64_t from_ms, int64_t to_ms, int64_t now_ms, unsigned langs,
                     dk_capacity *out, char *err, size_t errlen);
void dk_capacity_free(dk_capacity *c);

/* Proposes slots to the applications of a batch of schedule.requested. */
int dk_assign_batch(PGconn *pg, dk_msg **msgs, size_t n, char *err, size_t errlen);

/* Reserves or keeps holding the slot once every side of an upload is judged. */
int dk_reserve_on_verdict(PGconn *pg, dk_msg *m, char *err, size_t errlen);

/* The consumer runtime's handler: both message types of dk-scheduler. */
int dk_scheduler_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen);

#endif
