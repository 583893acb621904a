/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_plan_internal.h — the scheduling rules that dk_plan.c (which solves a
 * batch) and dk_plan_score.c (which checks and measures a result) must
 * apply identically: which slot is usable, what it is worth to an applicant,
 * and the weights that turn the ranked objective into flow costs. Not for
 * callers: they use dk_plan.h. */
#ifndef DK_PLAN_INTERNAL_H
#define DK_PLAN_INTERNAL_H

#include "plan/dk_plan.h"

#define DK_PLAN_DISTANCE_CAP 65535 /* minutes; beyond counts as this */
#define DK_PLAN_SPREAD_CAP 64      /* the largest marginal load cost */

/* 1 when slot s can ever be given: it ends after it starts, its day group
 * exists and has capacity > 0, and its interviewer speaks a language. */
int dk_plan_slot_usable(const dk_plan_problem *p, size_t s);

/* 1 when [start, end) lies inside the applicant's allowed period. */
int dk_plan_in_period(const dk_plan_app *a, int64_t start, int64_t end);

/* The best (lowest) rank of a window that [start, end) fits, 0 for none. */
int dk_plan_rank(const dk_plan_app *a, int64_t start, int64_t end);

/* Minutes (rounded up, capped) from [start, end) to the closest window it
 * would have to move to fit; from allowed_from when there is no window. */
int64_t dk_plan_distance(const dk_plan_app *a, int64_t start, int64_t end);

/* The load cost of the interview that brings a group from load - 1 to load
 * (load >= 1): increasing, so that a group's total cost is convex. */
int64_t dk_plan_spread(int64_t load);

/* The weights of the objective's levels for a batch of n applicants.
 * Costs have two parts compared lexicographically (dk_mcf), and each part
 * stacks levels with weights:
 *   major = rank_sum + B * (n - served) + A * (n - preferred)
 *   minor = spread_sum + W * distance_sum
 * Proof that the levels are lexicographic, for any n:
 * - rank_sum lies in [0, 9n], so B = 9n + 1 exceeds any change of it;
 * - B * (n - served) + rank_sum lies in [0, Bn + 9n], so A = Bn + 9n + 1
 *   exceeds any change of the two lower levels together;
 * - spread_sum: at most n interviews, each costing 1..DK_PLAN_SPREAD_CAP,
 *   lies in [0, n * DK_PLAN_SPREAD_CAP], so W = n * DK_PLAN_SPREAD_CAP + 1
 *   exceeds any change of it.
 * A single int64 cannot hold this: the five levels multiply to about
 * 9 * 65535 * 64 * n^5, past 2^63 from n = 190 on. In two parts the values
 * stay small: for n = 10,000, A is 9e8 and a minor cost at most 4.2e10, so
 * the 2^60 bound of dk_mcf on all edges together is met up to 10,000
 * applicants times 2,000 distinct slot times (a worker's batch of 500 over
 * two weeks of half-hour slots has 500 x 140 such pairs). */
typedef struct {
    int64_t a, b, w;
} dk_plan_weights;

dk_plan_weights dk_plan_weights_for(size_t n);

#endif
