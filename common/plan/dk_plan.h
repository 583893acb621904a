/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_plan.h — one scheduling batch decided exactly: which free interview
 * slot each applicant of the batch gets. Pure computation (no database, no
 * Kafka): the caller lists the free slots, the (interviewer, date) capacity
 * groups and the applicants; dk_plan_solve answers with one slot, or none,
 * per applicant. The objective, best first:
 *   1. as many applicants as possible in one of their preferred windows;
 *   2. then as many as possible with a slot in their allowed period;
 *   3. then the earliest-listed windows (least sum of rank - 1);
 *   4. then, for those outside their windows, the nearest slots (least sum
 *      of minutes to the closest preferred window, or to the start of the
 *      allowed period when they gave none);
 *   5. then interviewers and days filled evenly (a convex cost by load).
 * Each level counts only on a tie of all the levels above it; the optimum
 * is exact (a min-cost flow, dk_mcf). Among optimal answers, an applicant
 * earlier in the batch (an earlier request) gets the better of any two
 * outcomes that two applicants could trade without changing the objective:
 * equal claims are served in order. Applicants left without a slot in
 * their allowed period then get, in batch order, the earliest free slot
 * starting at or after its end (DK_MATCH_LATER), when there is one. */
#ifndef DK_PLAN_H
#define DK_PLAN_H

#include <stddef.h>
#include <stdint.h>

enum { DK_LANG_NL = 1, DK_LANG_FR = 2, DK_LANG_EN = 4 };

/* "nl", "fr", "en" -> its bit; 0 for anything else (NULL included). */
unsigned dk_plan_lang_bit(const char *code);

typedef struct {
    int64_t start_ms, end_ms; /* a free slot, UTC ms */
    int interviewer;          /* caller's interviewer index */
    int day;                  /* index into days: the (interviewer, date) capacity group */
    unsigned langs;           /* DK_LANG_* bits the interviewer speaks */
} dk_plan_slot;

typedef struct {
    int capacity; /* interviews still allowed in this (interviewer, day) */
    int load;     /* interviews already booked in it (spreading: fuller days cost more) */
} dk_plan_day;

typedef struct {
    int64_t start_ms, end_ms;
} dk_plan_window;

#define DK_PLAN_MAX_WINDOWS 10

typedef struct {
    unsigned lang;                          /* one DK_LANG_* bit */
    const dk_plan_window *windows;          /* preferred windows, rank 1 first */
    int nwindows;                           /* 0..10 */
    int64_t allowed_from_ms, allowed_to_ms; /* the applicant's allowed period (the two ISO weeks) */
} dk_plan_app;

typedef enum { DK_MATCH_NONE = 0, DK_MATCH_PREFERRED, DK_MATCH_NEAREST, DK_MATCH_LATER } dk_match;

typedef struct {
    int slot; /* index into slots or -1 */
    dk_match match;
    int rank; /* 1-based when PREFERRED, else 0 */
} dk_plan_result;

typedef struct {
    const dk_plan_slot *slots;
    size_t nslots;
    const dk_plan_day *days;
    size_t ndays;
    const dk_plan_app *apps;
    size_t napps;
} dk_plan_problem;

/* The rules, for every function below:
 * - a slot "fits" a window when it starts at or after the window's start
 *   and ends at or before its end; windows that do not end after they start
 *   are ignored, and so are windows past the first DK_PLAN_MAX_WINDOWS; a
 *   window keeps its position in the list as its rank;
 * - a slot serves an applicant only when slot.langs & app.lang;
 * - PREFERRED and NEAREST slots lie inside [allowed_from, allowed_to)
 *   (start >= allowed_from, end <= allowed_to); PREFERRED ones also fit a
 *   window, rank = the best-ranked window they fit; NEAREST ones fit none;
 * - a LATER slot starts at or after allowed_to;
 * - no slot twice; per day group at most capacity slots (LATER included);
 * - slots that do not end after they start, or whose day is out of range,
 *   are never used; neither are groups with capacity <= 0;
 * - the slots of one interviewer must not overlap (dk_hours_slots cuts
 *   them so): each is a separate resource here, and `interviewer` is only
 *   carried for the caller, the groups (day) do the spreading.
 * Distances are whole minutes (rounded up), counted up to 65,535. */

/* Fills out[0 .. napps-1]. Returns 0, or -1 when out of memory or when the
 * batch is too large for exact costs (beyond 10,000 applicants times 2,000
 * distinct slot times; the batches of the worker are far below). Equal
 * inputs give equal outputs. */
int dk_plan_solve(const dk_plan_problem *p, dk_plan_result *out);

/* A result measured level by level (see the objective above). */
typedef struct {
    long preferred;       /* applicants in a preferred window */
    long served;          /* applicants with a slot in their allowed period */
    long later;           /* applicants given a LATER slot */
    int64_t rank_sum;     /* sum of rank - 1 over the preferred */
    int64_t distance_sum; /* sum of distances in minutes over the nearest */
    int64_t spread_sum;   /* the load cost of the preferred and nearest slots */
} dk_plan_score;

/* Checks that r obeys the rules (matches and ranks as the slots say) and
 * measures it. 0, or -1 for an invalid result. */
int dk_plan_evaluate(const dk_plan_problem *p, const dk_plan_result *r, dk_plan_score *out);

/* The objective of a result as one number, lower is better, consistent
 * with the lexicographic order above for batches whose weights fit in 63
 * bits (a few dozen applicants: enough for tests); INT64_MAX when they do
 * not, -1 for an invalid result. */
int64_t dk_plan_cost(const dk_plan_problem *p, const dk_plan_result *r);

/* The exact largest number of applicants that can all be given a slot in
 * one of their preferred windows at once (a maximum flow); -1 when out of
 * memory. */
long dk_plan_max_preferred(const dk_plan_problem *p);

#endif
