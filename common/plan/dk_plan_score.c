/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_plan_score.c — checking a batch's result against the rules and
 * measuring it level by level (see dk_plan.h), with the same rules and
 * weights the solver uses: what the unit tests compare with brute force,
 * and what a benchmark reports. */
#include "plan/dk_plan.h"

#include "plan/dk_plan_internal.h"

#include <stdlib.h>
#include <string.h>

/* One result against the rules; adds its figures to *sc. 0 or -1. */
static int check_one(const dk_plan_problem *p, size_t i, dk_plan_result r, dk_plan_score *sc,
                     char *taken, int *booked, int *flow_units)
{
    const dk_plan_app *a = &p->apps[i];
    if (r.slot == -1)
        return r.match == DK_MATCH_NONE && r.rank == 0 ? 0 : -1;
    if (r.slot < 0 || (size_t)r.slot >= p->nslots || !dk_plan_slot_usable(p, (size_t)r.slot) ||
        taken[r.slot])
        return -1;
    const dk_plan_slot *s = &p->slots[r.slot];
    if (!(s->langs & a->lang))
        return -1;
    taken[r.slot] = 1;
    booked[s->day]++;
    int in_period = dk_plan_in_period(a, s->start_ms, s->end_ms);
    int rank = dk_plan_rank(a, s->start_ms, s->end_ms);
    switch (r.match) {
    case DK_MATCH_PREFERRED:
        if (!in_period || rank == 0 || r.rank != rank)
            return -1;
        sc->preferred++;
        sc->served++;
        sc->rank_sum += rank - 1;
        flow_units[s->day]++;
        return 0;
    case DK_MATCH_NEAREST:
        if (!in_period || rank != 0 || r.rank != 0)
            return -1;
        sc->served++;
        sc->distance_sum += dk_plan_distance(a, s->start_ms, s->end_ms);
        flow_units[s->day]++;
        return 0;
    case DK_MATCH_LATER:
        if (s->start_ms < a->allowed_to_ms || r.rank != 0)
            return -1;
        sc->later++;
        return 0;
    case DK_MATCH_NONE:
        break;
    }
    return -1;
}

int dk_plan_evaluate(const dk_plan_problem *p, const dk_plan_result *r, dk_plan_score *out)
{
    dk_plan_score sc;
    memset(&sc, 0, sizeof sc);
    if (out)
        *out = sc;
    if (!p || (p->napps > 0 && (!r || !p->apps)))
        return -1;
    char *taken = calloc(p->nslots + 1, 1);
    int *booked = calloc(p->ndays + 1, sizeof *booked);
    int *flow_units = calloc(p->ndays + 1, sizeof *flow_units);
    int rc = taken && booked && flow_units ? 0 : -1;
    for (size_t i = 0; i < p->napps && rc == 0; i++)
        rc = check_one(p, i, r[i], &sc, taken, booked, flow_units);
    for (size_t d = 0; d < p->ndays && rc == 0; d++) {
        if (booked[d] > 0 && booked[d] > p->days[d].capacity)
            rc = -1;
        int64_t load = p->days[d].load > 0 ? p->days[d].load : 0;
        for (int j = 1; j <= flow_units[d]; j++)
            sc.spread_sum += dk_plan_spread(load + j);
    }
    free(taken);
    free(booked);
    free(flow_units);
    if (rc == 0 && out)
        *out = sc;
    return rc;
}

int64_t dk_plan_cost(const dk_plan_problem *p, const dk_plan_result *r)
{
    dk_plan_score sc;
    if (dk_plan_evaluate(p, r, &sc) != 0)
        return -1;
    int64_t n = (int64_t)p->napps;
    dk_plan_weights w = dk_plan_weights_for(p->napps);
    int64_t major, minor, scale, t1, t2, cost;
    /* scale: one more than the largest minor part, so major counts first. */
    if (__builtin_mul_overflow(w.w, n * DK_PLAN_DISTANCE_CAP, &scale) ||
        __builtin_add_overflow(scale, n * DK_PLAN_SPREAD_CAP + 1, &scale) ||
        __builtin_mul_overflow(w.b, n - sc.served, &t1) ||
        __builtin_mul_overflow(w.a, n - sc.preferred, &t2) ||
        __builtin_add_overflow(t1, t2, &major) ||
        __builtin_add_overflow(major, sc.rank_sum, &major) ||
        __builtin_mul_overflow(w.w, sc.distance_sum, &minor) ||
        __builtin_add_overflow(minor, sc.spread_sum, &minor) ||
        __builtin_mul_overflow(major, scale, &cost) || __builtin_add_overflow(cost, minor, &cost))
        return INT64_MAX;
    return cost;
}
