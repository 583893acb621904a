/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_plan_rules.c — the scheduling rules shared by solving and measuring a
 * batch (see dk_plan_internal.h): language codes, usable slots, the rank
 * and the distance of a slot for an applicant, the load cost, the weights. */
#include "plan/dk_plan_internal.h"

#include "core/dk_calendar.h"

#include <string.h>

unsigned dk_plan_lang_bit(const char *code)
{
    if (!code)
        return 0;
    if (strcmp(code, "nl") == 0)
        return DK_LANG_NL;
    if (strcmp(code, "fr") == 0)
        return DK_LANG_FR;
    if (strcmp(code, "en") == 0)
        return DK_LANG_EN;
    return 0;
}

int dk_plan_slot_usable(const dk_plan_problem *p, size_t s)
{
    const dk_plan_slot *slot = &p->slots[s];
    return slot->end_ms > slot->start_ms && slot->day >= 0 && (size_t)slot->day < p->ndays &&
           p->days[slot->day].capacity > 0 && (slot->langs & 7u) != 0;
}

int dk_plan_in_period(const dk_plan_app *a, int64_t start, int64_t end)
{
    return start >= a->allowed_from_ms && end <= a->allowed_to_ms;
}

static int windows_of(const dk_plan_app *a)
{
    if (!a->windows || a->nwindows <= 0)
        return 0;
    return a->nwindows < DK_PLAN_MAX_WINDOWS ? a->nwindows : DK_PLAN_MAX_WINDOWS;
}

int dk_plan_rank(const dk_plan_app *a, int64_t start, int64_t end)
{
    int n = windows_of(a);
    for (int i = 0; i < n; i++) {
        const dk_plan_window *w = &a->windows[i];
        if (w->end_ms > w->start_ms && start >= w->start_ms && end <= w->end_ms)
            return i + 1;
    }
    return 0;
}

/* Whole minutes from a to b >= a, rounded up and capped (no overflow for
 * any int64 pair). */
static int64_t minutes_between(int64_t a, int64_t b)
{
    uint64_t ms = (uint64_t)b - (uint64_t)a;
    uint64_t minutes = ms / (uint64_t)DK_MS_PER_MINUTE + (ms % (uint64_t)DK_MS_PER_MINUTE != 0);
    return minutes > DK_PLAN_DISTANCE_CAP ? DK_PLAN_DISTANCE_CAP : (int64_t)minutes;
}

int64_t dk_plan_distance(const dk_plan_app *a, int64_t start, int64_t end)
{
    int n = windows_of(a);
    int64_t best = -1;
    for (int i = 0; i < n; i++) {
        const dk_plan_window *w = &a->windows[i];
        if (w->end_ms <= w->start_ms)
            continue;
        /* How far the slot must move to fit: forward to the window's start,
         * or back to its end (both when the window is shorter). */
        int64_t d = 0;
        if (start < w->start_ms)
            d = minutes_between(start, w->start_ms);
        if (end > w->end_ms) {
            int64_t back = minutes_between(w->end_ms, end);
            d = back > d ? back : d;
        }
        if (best < 0 || d < best)
            best = d;
    }
    if (best >= 0)
        return best;
    return start > a->allowed_from_ms ? minutes_between(a->allowed_from_ms, start) : 0;
}

int64_t dk_plan_spread(int64_t load)
{
    return load < 1 ? 1 : load > DK_PLAN_SPREAD_CAP ? DK_PLAN_SPREAD_CAP : load;
}

dk_plan_weights dk_plan_weights_for(size_t n)
{
    dk_plan_weights w;
    int64_t m = (int64_t)n;
    w.b = 9 * m + 1;
    w.a = w.b * m + 9 * m + 1;
    w.w = m * DK_PLAN_SPREAD_CAP + 1;
    return w;
}
