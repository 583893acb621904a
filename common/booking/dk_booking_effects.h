/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_booking_effects.h — the effects of the timer kinds that live in files
 * of their own (the 3-working-day promise, data retention), called by
 * dk_booking_fire_timers in its transaction: each fills res[i] for its
 * kind's timers with what the firing did, or sets skip[i] to leave one open
 * for a later look (its application is held by another transaction, or its
 * due time moved). Internal to common/booking. */
#ifndef DK_BOOKING_EFFECTS_H
#define DK_BOOKING_EFFECTS_H

#include "timer/dk_timer.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

typedef char dk_booking_result[200];

/* promise: the application still without a proposal ends 'not_served', the
 * promise_missed mail and an operator alert go into outbox; promise_alert:
 * an operator alert. Returns 0, or -1 with err. */
int dk_booking_fire_promises(PGconn *pg, const dk_timer *t, size_t n, dk_booking_result *res,
                             int *skip, json_t *outbox, int64_t now_ms, char *err, size_t errlen);

/* retention: the images and data its rule covers are erased (files
 * unlinked, rows blanked) and each erasure recorded in retention_log with
 * actor ("dk-timers" or "dk retention"). Returns 0, or -1 with err. */
int dk_booking_fire_retention(PGconn *pg, const dk_timer *t, size_t n, dk_booking_result *res,
                              int *skip, const char *actor, int64_t now_ms, char *err,
                              size_t errlen);

#endif
