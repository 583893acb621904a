/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_timer_due.c — when the deadlines fall (see dk_timer.h): plain
 * arithmetic on UTC instants, so "24 hours before" is 24 real hours across
 * the daylight-saving changes, and only the mails turn instants into
 * Brussels wall time. */
#include "timer/dk_timer.h"

#include "core/dk_calendar.h"
#include "core/dk_config.h"

#include <string.h>

int dk_timer_kind_known(const char *kind)
{
    static const char *const kinds[] = {DK_TIMER_REMINDER,        DK_TIMER_PROMISE,
                                        DK_TIMER_PROMISE_ALERT,   DK_TIMER_PROPOSAL_EXPIRY,
                                        DK_TIMER_OUTCOME_OVERDUE, DK_TIMER_RETENTION};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i], kind) == 0)
            return 1;
    return 0;
}

int dk_timer_reminder_wanted(int64_t start_ms, int64_t now_ms, int64_t min_lead_ms)
{
    return start_ms - now_ms >= min_lead_ms && start_ms > now_ms;
}

int64_t dk_timer_reminder_due(int64_t start_ms, int64_t now_ms, int64_t min_lead_ms)
{
    int64_t due = start_ms - DK_TIMER_REMINDER_LEAD_MS;
    if (due > now_ms)
        return due;
    return dk_timer_reminder_wanted(start_ms, now_ms, min_lead_ms) ? now_ms : -1;
}

int64_t dk_timer_outcome_due(int64_t end_ms, int64_t grace_ms)
{
    return end_ms + grace_ms;
}

int64_t dk_timer_promise_due(int64_t request_ms)
{
    return dk_be_add_working_ms(request_ms, DK_TIMER_PROMISE_WORKING_DAYS * DK_MS_PER_DAY);
}

int64_t dk_timer_promise_alert_due(int64_t request_ms)
{
    return dk_be_add_working_ms(request_ms, DK_TIMER_PROMISE_WORKING_DAYS * DK_MS_PER_DAY / 2);
}

int64_t dk_timer_reminder_min_lead_ms(void)
{
    return (int64_t)dk_config_int("DK_REMINDER_MIN_LEAD_MIN") * 60000;
}

int64_t dk_timer_outcome_grace_ms(void)
{
    return (int64_t)dk_config_int("DK_OUTCOME_GRACE_MIN") * 60000;
}
