/* SPDX-License-Identifier: EUPL-1.2 */
/* test_plan.c — unit tests for dk_plan: random small batches whose solved
 * cost must equal the brute-force minimum over every valid assignment (and
 * whose preferred count must equal dk_plan_max_preferred and brute force),
 * hand-made cases for each rule of the objective and for the LATER pass,
 * result checking, and hostile input. */
#include "core/dk_calendar.h"
#include "dk_test.h"
#include "plan/dk_plan.h"
#include "plan/dk_plan_internal.h"

#include <stdint.h>
#include <stdlib.h>

#define MIN DK_MS_PER_MINUTE
#define HOUR (60 * MIN)
#define T0 INT64_C(1796803200000) /* 2026-12-09T08:00:00Z, a Wednesday */

static int64_t at(double hours)
{
    return T0 + (int64_t)(hours * (double)HOUR);
}

static dk_plan_slot slot(double hours, int interviewer, int day, unsigned langs)
{
    return (dk_plan_slot){at(hours), at(hours) + 30 * MIN, interviewer, day, langs};
}

static dk_plan_app app(unsigned lang, const dk_plan_window *w, int nw)
{
    return (dk_plan_app){lang, w, nw, at(0), at(24)};
}

static dk_plan_problem problem(const dk_plan_slot *s, size_t ns, const dk_plan_day *d, size_t nd,
                               const dk_plan_app *a, size_t na)
{
    return (dk_plan_problem){s, ns, d, nd, a, na};
}

/* ---- brute force over every valid assignment of the flow part ---- */

typedef struct {
    const dk_plan_problem *p;
    dk_plan_result *r;
    int *booked;
    char *taken;
    int64_t best_cost;
    long best_preferred;
} brute;

static void brute_walk(brute *b, size_t i)
{
    const dk_plan_problem *p = b->p;
    if (i == p->napps) {
        int64_t c = dk_plan_cost(p, b->r);
        dk_plan_score sc;
        CHECK(c >= 0 && c < INT64_MAX);
        if (c < b->best_cost)
            b->best_cost = c;
        if (dk_plan_evaluate(p, b->r, &sc) == 0 && sc.preferred > b->best_preferred)
            b->best_preferred = sc.preferred;
        return;
    }
    const dk_plan_app *a = &p->apps[i];
    b->r[i] = (dk_plan_result){-1, DK_MATCH_NONE, 0};
    brute_walk(b, i + 1);
    for (size_t s = 0; s < p->nslots; s++) {
        const dk_plan_slot *sl = &p->slots[s];
        if (b->taken[s] || !(sl->langs & a->lang) || sl->end_ms <= sl->start_ms ||
            sl->start_ms < a->allowed_from_ms || sl->end_ms > a->allowed_to_ms ||
            b->booked[sl->day] >= p->days[sl->day].capacity)
            continue;
        int rank = 0;
        for (int w = 0; w < a->nwindows && w < DK_PLAN_MAX_WINDOWS && !rank; w++)
            if (a->windows[w].end_ms > a->windows[w].start_ms &&
                sl->start_ms >= a->windows[w].start_ms && sl->end_ms <= a->windows[w].end_ms)
                rank = w + 1;
        b->r[i] = (dk_plan_result){(int)s, rank ? DK_MATCH_PREFERRED : DK_MATCH_NEAREST, rank};
        b->taken[s] = 1;
        b->booked[sl->day]++;
        brute_walk(b, i + 1);
        b->taken[s] = 0;
        b->booked[sl->day]--;
    }
    b->r[i] = (dk_plan_result){-1, DK_MATCH_NONE, 0};
}

static void test_random_against_brute_force(void)
{
    int later_seen = 0, preferred_seen = 0, nearest_seen = 0;
    for (int round = 0; round < 400; round++) {
        dk_plan_slot slots[8];
        dk_plan_day days[3];
        dk_plan_app apps[6];
        dk_plan_window windows[6][3];
        size_t ns = 2 + (size_t)dk_test_rnd(7), nd = 1 + (size_t)dk_test_rnd(3),
               na = 2 + (size_t)dk_test_rnd(5);
        for (size_t d = 0; d < nd; d++) /* sometimes loaded enough to weigh against minutes */
            days[d] = (dk_plan_day){1 + dk_test_rnd(3),
                                    dk_test_rnd(3) ? dk_test_rnd(4) : dk_test_rnd(70)};
        double grid = dk_test_rnd(2) ? 0.5 : 1.0 / 12; /* half hours, or five minutes */
        for (size_t s = 0; s < ns; s++) {
            unsigned langs = (unsigned)(1 + dk_test_rnd(7));
            int interviewer = dk_test_rnd(3);
            slots[s] =
                slot(grid * dk_test_rnd((int)(7 / grid)), interviewer, dk_test_rnd((int)nd), langs);
            if (dk_test_rnd(4) == 0) /* some longer slots */
                slots[s].end_ms += 30 * MIN;
        }
        for (size_t i = 0; i < na; i++) {
            int nw = dk_test_rnd(4);
            for (int w = 0; w < nw; w++) {
                double start = 0.5 * dk_test_rnd(12), len = 0.5 * (1 + dk_test_rnd(4));
                windows[i][w] = (dk_plan_window){at(start), at(start + len)};
                if (dk_test_rnd(10) == 0) /* an empty window, to be ignored */
                    windows[i][w].end_ms = windows[i][w].start_ms;
            }
            apps[i] = app(1u << dk_test_rnd(3), windows[i], nw);
            apps[i].allowed_from_ms = at(0.5 * dk_test_rnd(3));
            apps[i].allowed_to_ms = at(4 + 0.5 * dk_test_rnd(6)); /* some slots lie after: LATER */
        }
        dk_plan_problem p = problem(slots, ns, days, nd, apps, na);
        dk_plan_result got[6], again[6], r[6];
        CHECK_INT(dk_plan_solve(&p, got), 0);
        int64_t cost = dk_plan_cost(&p, got);
        CHECK(cost >= 0);

        int booked[3] = {0};
        char taken[8] = {0};
        brute b = {&p, r, booked, taken, INT64_MAX, -1};
        brute_walk(&b, 0);
        if (cost != b.best_cost) {
            dk_test_failures++;
            fprintf(stderr, "round %d: solved cost %lld, brute force %lld\n", round,
                    (long long)cost, (long long)b.best_cost);
        }
        dk_test_checks++;
        dk_plan_score sc;
        CHECK_INT(dk_plan_evaluate(&p, got, &sc), 0);
        CHECK_INT(sc.preferred, b.best_preferred);
        CHECK_INT(dk_plan_max_preferred(&p), b.best_preferred);
        later_seen += sc.later > 0;
        preferred_seen += sc.preferred > 0;
        nearest_seen += sc.served > sc.preferred;

        CHECK_INT(dk_plan_solve(&p, again), 0);
        CHECK(memcmp(got, again, sizeof got[0] * na) == 0);
    }
    CHECK(later_seen > 20);
    CHECK(preferred_seen > 100);
    CHECK(nearest_seen > 50);
}

/* Bigger batches than brute force can try: valid, as many preferred as the
 * maximum flow allows, and no worse than any random valid assignment. */
static void test_random_medium(void)
{
    for (int round = 0; round < 30; round++) {
        enum { NS = 60, ND = 6, NA = 40 };
        dk_plan_slot slots[NS];
        dk_plan_day days[ND];
        dk_plan_app apps[NA];
        dk_plan_window windows[NA][3];
        for (int d = 0; d < ND; d++)
            days[d] = (dk_plan_day){1 + dk_test_rnd(6), dk_test_rnd(3)};
        for (int s = 0; s < NS; s++)
            slots[s] = slot(0.5 * dk_test_rnd(20), s % ND, s % ND, (unsigned)(1 + dk_test_rnd(7)));
        for (int i = 0; i < NA; i++) {
            int nw = dk_test_rnd(4);
            for (int w = 0; w < nw; w++) {
                double start = 0.5 * dk_test_rnd(18);
                windows[i][w] = (dk_plan_window){at(start), at(start + 0.5 * (1 + dk_test_rnd(4)))};
            }
            apps[i] = app(1u << dk_test_rnd(3), windows[i], nw);
            apps[i].allowed_to_ms = at(8);
        }
        dk_plan_problem p = problem(slots, NS, days, ND, apps, NA);
        dk_plan_result got[NA], other[NA];
        CHECK_INT(dk_plan_solve(&p, got), 0);
        dk_plan_score sc;
        CHECK_INT(dk_plan_evaluate(&p, got, &sc), 0);
        CHECK_INT(sc.preferred, dk_plan_max_preferred(&p));
        int64_t cost = dk_plan_cost(&p, got);
        CHECK(cost > 0 && cost < INT64_MAX);
        for (int trial = 0; trial < 50; trial++) {
            /* Each applicant in turn takes a random fitting free slot. */
            char taken[NS] = {0};
            int booked[ND] = {0};
            for (int i = 0; i < NA; i++) {
                other[i] = (dk_plan_result){-1, DK_MATCH_NONE, 0};
                int start = dk_test_rnd(NS);
                for (int k = 0; k < NS; k++) {
                    int s = (start + k) % NS;
                    if (taken[s] || !(slots[s].langs & apps[i].lang) ||
                        slots[s].end_ms > apps[i].allowed_to_ms ||
                        booked[slots[s].day] >= days[slots[s].day].capacity)
                        continue;
                    int rank = 0;
                    for (int w = 0; w < apps[i].nwindows && !rank; w++)
                        if (slots[s].start_ms >= windows[i][w].start_ms &&
                            slots[s].end_ms <= windows[i][w].end_ms)
                            rank = w + 1;
                    other[i] =
                        (dk_plan_result){s, rank ? DK_MATCH_PREFERRED : DK_MATCH_NEAREST, rank};
                    taken[s] = 1;
                    booked[slots[s].day]++;
                    break;
                }
            }
            int64_t c = dk_plan_cost(&p, other);
            CHECK(c >= cost);
        }
    }
}

/* ---- hand-made cases ---- */

static void test_preferred_beats_nearest(void)
{
    dk_plan_window w[1] = {{at(3), at(5)}};
    dk_plan_slot s[2] = {slot(1, 0, 0, DK_LANG_NL), slot(4, 0, 0, DK_LANG_NL)};
    dk_plan_day d[1] = {{5, 0}};
    dk_plan_app a[1] = {app(DK_LANG_NL, w, 1)};
    dk_plan_problem p = problem(s, 2, d, 1, a, 1);
    dk_plan_result r[1];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].match, DK_MATCH_PREFERRED);
    CHECK_INT(r[0].rank, 1);
}

static void test_rank_one_beats_rank_two(void)
{
    dk_plan_window w[2] = {{at(6), at(7)}, {at(1), at(2)}};
    dk_plan_slot s[2] = {slot(1, 0, 0, DK_LANG_FR), slot(6, 1, 1, DK_LANG_FR)};
    dk_plan_day d[2] = {{5, 0}, {5, 4}}; /* rank beats a fuller day */
    dk_plan_app a[1] = {app(DK_LANG_FR, w, 2)};
    dk_plan_problem p = problem(s, 2, d, 2, a, 1);
    dk_plan_result r[1];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].rank, 1);
}

static void test_count_beats_rank(void)
{
    /* A could have X at rank 1 or Y at rank 2; B can only have X. Two in a
     * preferred window beat one at rank 1. */
    dk_plan_window wa[2] = {{at(1), at(2)}, {at(3), at(4)}}, wb[1] = {{at(1), at(2)}};
    dk_plan_slot s[2] = {slot(1, 0, 0, DK_LANG_NL), slot(3, 0, 0, DK_LANG_NL)};
    dk_plan_day d[1] = {{5, 0}};
    dk_plan_app a[2] = {app(DK_LANG_NL, wa, 2), app(DK_LANG_NL, wb, 1)};
    dk_plan_problem p = problem(s, 2, d, 1, a, 2);
    dk_plan_result r[2];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].rank, 2);
    CHECK_INT(r[1].slot, 0);
    CHECK_INT(r[1].rank, 1);
}

static void test_served_beats_rank(void)
{
    /* A: X at rank 1 or Y at rank 10. B has no window and its period holds
     * only X. Both served beats A's better rank, by any number of ranks. */
    dk_plan_window wa[10];
    wa[0] = (dk_plan_window){at(1), at(2)};
    for (int k = 1; k < 10; k++)
        wa[k] = (dk_plan_window){at(3), at(4)};
    dk_plan_slot s[2] = {slot(1, 0, 0, DK_LANG_NL), slot(3, 0, 0, DK_LANG_NL)};
    dk_plan_day d[1] = {{5, 0}};
    dk_plan_app a[2] = {app(DK_LANG_NL, wa, 10), app(DK_LANG_NL, NULL, 0)};
    for (int k = 1; k < 9; k++) /* windows 2..9 empty: Y fits the tenth only */
        wa[k].end_ms = wa[k].start_ms;
    a[1].allowed_to_ms = at(2);
    dk_plan_problem p = problem(s, 2, d, 1, a, 2);
    dk_plan_result r[2];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].match, DK_MATCH_PREFERRED);
    CHECK_INT(r[0].rank, 10);
    CHECK_INT(r[1].slot, 0);
    CHECK_INT(r[1].match, DK_MATCH_NEAREST);
}

static void test_nearest(void)
{
    dk_plan_window w[2] = {{at(4), at(5)}, {at(10), at(10.25)}}; /* the second too short */
    dk_plan_slot s[4] = {slot(1, 0, 0, DK_LANG_EN), slot(6, 0, 0, DK_LANG_EN),
                         slot(8, 0, 0, DK_LANG_EN), slot(10, 0, 0, DK_LANG_EN)};
    dk_plan_day d[1] = {{5, 0}};
    dk_plan_app a[1] = {app(DK_LANG_EN, w, 2)};
    dk_plan_problem p = problem(s, 4, d, 1, a, 1);
    dk_plan_result r[1];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    /* 01:00 is 180 min before 04:00; 06:00-06:30 is 90 min past 05:00;
     * 10:00-10:30 is 15 min past 10:15. */
    CHECK_INT(r[0].slot, 3);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
    CHECK_INT(r[0].rank, 0);
    dk_plan_score sc;
    CHECK_INT(dk_plan_evaluate(&p, r, &sc), 0);
    CHECK_INT(sc.distance_sum, 15);

    /* No window at all: the earliest slot of the period. */
    dk_plan_app none[1] = {app(DK_LANG_EN, NULL, 0)};
    none[0].allowed_from_ms = at(2);
    p = problem(s, 4, d, 1, none, 1);
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
}

static void test_nearest_beats_spreading(void)
{
    /* Five minutes nearer outweigh any load: 00:30 with a group at load 60
     * (cost 61) rather than 00:35 in an empty one (cost 1). */
    dk_plan_slot s[2] = {slot(0.5, 0, 0, DK_LANG_NL), slot(0.5 + 5.0 / 60, 1, 1, DK_LANG_NL)};
    dk_plan_day d[2] = {{5, 60}, {5, 0}};
    dk_plan_app a[1] = {app(DK_LANG_NL, NULL, 0)};
    dk_plan_problem p = problem(s, 2, d, 2, a, 1);
    dk_plan_result r[1];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 0);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
    /* At the same time, the lighter group. */
    s[1] = slot(0.5, 1, 1, DK_LANG_NL);
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
}

static void test_two_apps_one_slot(void)
{
    dk_plan_window w[1] = {{at(1), at(2)}};
    dk_plan_slot s[2] = {slot(1, 0, 0, DK_LANG_NL), slot(30, 0, 1, DK_LANG_NL)};
    dk_plan_day d[2] = {{5, 0}, {5, 0}};
    dk_plan_app a[2] = {app(DK_LANG_NL, w, 1), app(DK_LANG_NL, w, 1)};
    dk_plan_problem p = problem(s, 1, d, 2, a, 2);
    dk_plan_result r[2];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    int won = 0, lost = 1; /* equal claims: the earlier in the batch */
    CHECK_INT(r[won].slot, 0);
    CHECK_INT(r[won].match, DK_MATCH_PREFERRED);
    CHECK_INT(r[lost].slot, -1);
    CHECK_INT(r[lost].match, DK_MATCH_NONE);
    p.nslots = 2; /* a slot after the period: the other one gets it */
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[won].slot, 0);
    CHECK_INT(r[lost].slot, 1);
    CHECK_INT(r[lost].match, DK_MATCH_LATER);
    CHECK_INT(r[lost].rank, 0);
}

/* How good an outcome is for its applicant, smaller is better: preferred
 * by rank, then nearest by distance, then a later slot by its start, then
 * nothing. */
static int64_t outcome(const dk_plan_problem *p, size_t i, dk_plan_result r)
{
    const int64_t step = INT64_C(1) << 50;
    if (r.match == DK_MATCH_PREFERRED)
        return r.rank;
    const dk_plan_slot *s = r.slot >= 0 ? &p->slots[r.slot] : NULL;
    if (r.match == DK_MATCH_NEAREST)
        return step + dk_plan_distance(&p->apps[i], s->start_ms, s->end_ms);
    if (r.match == DK_MATCH_LATER)
        return 2 * step + (s->start_ms - T0) / MIN;
    return 3 * step;
}

/* A random batch whose applicants are copies of a few kinds (the same
 * language, windows and period): equal claims, to be served in order. */
typedef struct {
    dk_plan_slot slots[30];
    dk_plan_day days[6];
    dk_plan_app apps[30], kinds[4];
    dk_plan_window windows[4][3];
    int kind[30];
    dk_plan_problem p;
} claims_batch;

static void claims_batch_make(claims_batch *c, int max_slots, int max_days, int max_apps,
                              int nkinds)
{
    size_t ns = 1 + (size_t)dk_test_rnd(max_slots), nd = 1 + (size_t)dk_test_rnd(max_days);
    size_t na = 2 + (size_t)dk_test_rnd(max_apps - 1);
    for (size_t d = 0; d < nd; d++)
        c->days[d] = (dk_plan_day){1 + dk_test_rnd(4), dk_test_rnd(5)};
    for (size_t s = 0; s < ns; s++)
        c->slots[s] = slot(0.5 * dk_test_rnd(16), dk_test_rnd(4), dk_test_rnd((int)nd),
                           (unsigned)(1 + dk_test_rnd(7)));
    for (int k = 0; k < nkinds; k++) {
        int nw = dk_test_rnd(3);
        for (int w = 0; w < nw; w++) {
            double start = 0.5 * dk_test_rnd(12);
            c->windows[k][w] = (dk_plan_window){at(start), at(start + 0.5 * (1 + dk_test_rnd(3)))};
        }
        c->kinds[k] = app(1u << dk_test_rnd(2), c->windows[k], nw);
        c->kinds[k].allowed_to_ms = at(4 + 0.5 * dk_test_rnd(6));
    }
    for (size_t i = 0; i < na; i++) {
        c->kind[i] = dk_test_rnd(2) ? 0 : dk_test_rnd(nkinds); /* many copies of kind 0 */
        c->apps[i] = c->kinds[c->kind[i]];
    }
    c->p = problem(c->slots, ns, c->days, nd, c->apps, na);
}

/* The pairs of copies where the later applicant came out better; adds the
 * pairs with different outcomes to *contested. */
static long out_of_order(const claims_batch *c, const dk_plan_result *got, long *contested)
{
    long wrong = 0;
    for (size_t i = 0; i < c->p.napps; i++)
        for (size_t j = i + 1; j < c->p.napps; j++) {
            if (c->kind[i] != c->kind[j])
                continue;
            int64_t oi = outcome(&c->p, i, got[i]), oj = outcome(&c->p, j, got[j]);
            *contested += oi != oj;
            wrong += oi > oj;
        }
    return wrong;
}

/* Applicants who ask exactly the same are served in batch order (the order
 * of their requests): the earlier never ends up worse off than the later,
 * and the objective stays the brute-force optimum. Bigger batches, where
 * the flow alone sometimes put a later applicant first, are checked for
 * order and validity. */
static void test_equal_claims_go_to_the_earlier(void)
{
    long contested = 0, wrong = 0;
    for (int round = 0; round < 400; round++) {
        claims_batch c;
        claims_batch_make(&c, 5, 3, 6, 3);
        dk_plan_result got[6], r[6];
        CHECK_INT(dk_plan_solve(&c.p, got), 0);
        int booked[3] = {0};
        char taken[8] = {0};
        brute b = {&c.p, r, booked, taken, INT64_MAX, -1};
        brute_walk(&b, 0);
        CHECK(dk_plan_cost(&c.p, got) == b.best_cost);
        wrong += out_of_order(&c, got, &contested);
    }
    CHECK(contested > 100);
    for (int round = 0; round < 1000; round++) {
        claims_batch c;
        claims_batch_make(&c, 30, 6, 30, 4);
        dk_plan_result got[30];
        CHECK_INT(dk_plan_solve(&c.p, got), 0);
        CHECK_INT(dk_plan_evaluate(&c.p, got, NULL), 0);
        wrong += out_of_order(&c, got, &contested);
    }
    CHECK_INT(wrong, 0);
}

static void test_unspoken_language(void)
{
    dk_plan_slot s[3] = {slot(1, 0, 0, DK_LANG_NL | DK_LANG_FR), slot(2, 1, 1, DK_LANG_FR),
                         slot(30, 0, 0, DK_LANG_NL)};
    dk_plan_day d[2] = {{5, 0}, {5, 0}};
    dk_plan_app a[2] = {app(DK_LANG_EN, NULL, 0), app(DK_LANG_FR, NULL, 0)};
    dk_plan_problem p = problem(s, 3, d, 2, a, 2);
    dk_plan_result r[2];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, -1);
    CHECK_INT(r[0].match, DK_MATCH_NONE);
    CHECK_INT(r[1].slot, 0); /* the bilingual slot serves French */
}

static void test_capacity(void)
{
    dk_plan_window w[1] = {{at(1), at(4)}};
    dk_plan_slot s[4] = {slot(1, 0, 0, DK_LANG_NL), slot(2, 0, 0, DK_LANG_NL),
                         slot(3, 0, 0, DK_LANG_NL), slot(30, 0, 0, DK_LANG_NL)};
    dk_plan_day d[1] = {{2, 0}};
    dk_plan_app a[3] = {app(DK_LANG_NL, w, 1), app(DK_LANG_NL, w, 1), app(DK_LANG_NL, w, 1)};
    dk_plan_problem p = problem(s, 4, d, 1, a, 3);
    dk_plan_result r[3];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    int served = 0, none = 0;
    for (int i = 0; i < 3; i++) {
        served += r[i].match == DK_MATCH_PREFERRED;
        none += r[i].slot == -1 && r[i].match == DK_MATCH_NONE;
    }
    CHECK_INT(served, 2);
    CHECK_INT(none, 1); /* the slot after the period is in the same full group */
    d[0].capacity = 0;
    CHECK_INT(dk_plan_solve(&p, r), 0);
    for (int i = 0; i < 3; i++)
        CHECK_INT(r[i].slot, -1);
    d[0].capacity = -3;
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, -1);
}

static void test_spreading(void)
{
    /* Two interviewers with the same four times; four applicants who all
     * want the whole morning: two each. */
    dk_plan_window w[1] = {{at(0), at(4)}};
    dk_plan_slot s[8];
    for (int k = 0; k < 4; k++) {
        s[k] = slot(k, 0, 0, DK_LANG_NL);
        s[4 + k] = slot(k, 1, 1, DK_LANG_NL);
    }
    dk_plan_day d[2] = {{8, 0}, {8, 0}};
    dk_plan_app a[4];
    for (int i = 0; i < 4; i++)
        a[i] = app(DK_LANG_NL, w, 1);
    dk_plan_problem p = problem(s, 8, d, 2, a, 4);
    dk_plan_result r[4];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    int first = 0;
    for (int i = 0; i < 4; i++) {
        CHECK_INT(r[i].match, DK_MATCH_PREFERRED);
        first += r[i].slot < 4;
    }
    CHECK_INT(first, 2);
    /* The first interviewer already has three: both new ones go to the
     * other (1 + 2 < 4 + 1). */
    d[0].load = 3;
    p.napps = 2;
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK(r[0].slot >= 4 && r[1].slot >= 4);
    /* ... but never at the price of the window. */
    dk_plan_window early[1] = {{at(0), at(1)}};
    a[0] = app(DK_LANG_NL, early, 1);
    s[4].start_ms = at(5);
    s[4].end_ms = at(5.5);
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 0);
}

static void test_later_pass(void)
{
    dk_plan_slot s[6] = {
        slot(1, 0, 0, DK_LANG_NL),  /* the only one in the period [00:00, 02:00) */
        slot(23, 0, 0, DK_LANG_NL), /* after: the earliest */
        slot(26, 0, 1, DK_LANG_NL), /* group 1, full once slot 3 is given */
        slot(25, 1, 1, DK_LANG_NL), /* the next earliest, group 1 */
        slot(27, 1, 2, DK_LANG_FR), /* French */
        slot(28, 1, 2, DK_LANG_NL),
    };
    dk_plan_day d[3] = {{2, 0}, {1, 0}, {5, 0}};
    dk_plan_app a[4] = {app(DK_LANG_NL, NULL, 0), app(DK_LANG_NL, NULL, 0),
                        app(DK_LANG_NL, NULL, 0), app(DK_LANG_NL, NULL, 0)};
    for (int i = 0; i < 4; i++)
        a[i].allowed_to_ms = at(2);
    dk_plan_problem p = problem(s, 6, d, 3, a, 4);
    dk_plan_result r[4];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    /* One of the four gets slot 0 (equal claims); the others, in order, the
     * earliest free slot after the period: 23:00, 25:00, then 28:00 (26:00
     * is in the full group 1, 27:00 French). */
    const int want_later[3] = {1, 3, 5};
    int k = 0;
    for (int i = 0; i < 4; i++) {
        if (r[i].slot == 0) {
            CHECK_INT(r[i].match, DK_MATCH_NEAREST);
            continue;
        }
        CHECK(k < 3);
        if (k < 3)
            CHECK_INT(r[i].slot, want_later[k++]);
        CHECK_INT(r[i].match, DK_MATCH_LATER);
        CHECK_INT(r[i].rank, 0);
    }
    CHECK(dk_plan_cost(&p, r) > 0);

    /* Among slots of the same start, the least loaded group. */
    dk_plan_slot t[2] = {slot(30, 0, 0, DK_LANG_NL), slot(30, 1, 1, DK_LANG_NL)};
    dk_plan_day e[2] = {{5, 2}, {5, 1}};
    p = problem(t, 2, e, 2, a, 1);
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
}

static void test_ignored_windows_and_slots(void)
{
    /* An empty window keeps its place: the valid one is rank 2. */
    dk_plan_window w[12];
    for (int k = 0; k < 12; k++)
        w[k] = (dk_plan_window){at(k), at(k)}; /* all empty ... */
    w[1] = (dk_plan_window){at(3), at(4)};     /* ... but this one */
    w[11] = (dk_plan_window){at(6), at(7)};    /* past the tenth: ignored */
    dk_plan_slot s[5] = {slot(3, 0, 0, DK_LANG_NL), slot(6, 0, 0, DK_LANG_NL),
                         slot(3, 0, 7, DK_LANG_NL), slot(6, 0, 0, 0), slot(6, 0, 0, DK_LANG_NL)};
    s[4].end_ms = s[4].start_ms; /* an empty slot */
    dk_plan_day d[1] = {{5, -4}};
    dk_plan_app a[1] = {app(DK_LANG_NL, w, 12)};
    dk_plan_problem p = problem(s, 5, d, 1, a, 1);
    dk_plan_result r[1];
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 0);
    CHECK_INT(r[0].rank, 2);
    /* Only the slot at 06:00 (outside every counted window) is left. */
    s[0].day = 7; /* a day group out of range: never used */
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 1);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
    /* windows == NULL with nwindows > 0, nwindows < 0: no window. */
    a[0].windows = NULL;
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
    a[0].windows = w;
    a[0].nwindows = -3;
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].match, DK_MATCH_NEAREST);
}

static void test_hostile(void)
{
    dk_plan_result r[3] = {{7, DK_MATCH_LATER, 9}, {7, DK_MATCH_LATER, 9}, {7, DK_MATCH_LATER, 9}};
    dk_plan_problem empty = {0};
    CHECK_INT(dk_plan_solve(&empty, NULL), 0);
    CHECK_INT(dk_plan_max_preferred(&empty), 0);
    CHECK_INT(dk_plan_cost(&empty, NULL), 0);
    CHECK_INT(dk_plan_solve(NULL, r), -1);

    dk_plan_app a[3] = {app(DK_LANG_NL, NULL, 0), app(0, NULL, 0), app(DK_LANG_FR, NULL, 0)};
    a[2].allowed_to_ms = a[2].allowed_from_ms - 1; /* a period that ends before it starts */
    dk_plan_problem no_slots = {NULL, 0, NULL, 0, a, 3};
    CHECK_INT(dk_plan_solve(&no_slots, r), 0);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(r[i].slot, -1);
        CHECK_INT(r[i].match, DK_MATCH_NONE);
        CHECK_INT(r[i].rank, 0);
    }
    CHECK_INT(dk_plan_max_preferred(&no_slots), 0);

    dk_plan_slot s[2] = {slot(1, 0, 0, 7), slot(30, 0, 0, 7)};
    dk_plan_day d[1] = {{5, 0}};
    dk_plan_problem p = {s, 2, d, 1, a, 3};
    CHECK_INT(dk_plan_solve(&p, r), 0);
    CHECK_INT(r[0].slot, 0);
    CHECK_INT(r[1].slot, -1); /* no language */
    CHECK_INT(r[2].slot, 1);  /* from its (backwards) period's end */
    CHECK_INT(r[2].match, DK_MATCH_LATER);
    dk_plan_problem missing = {NULL, 2, d, 1, a, 3};
    CHECK_INT(dk_plan_solve(&missing, r), -1);
    CHECK_INT(dk_plan_max_preferred(&missing), -1);
}

static void test_invalid_results(void)
{
    dk_plan_window w[1] = {{at(1), at(2)}};
    dk_plan_slot s[3] = {slot(1, 0, 0, DK_LANG_NL), slot(5, 0, 0, DK_LANG_NL),
                         slot(30, 0, 0, DK_LANG_NL)};
    dk_plan_day d[1] = {{2, 0}};
    dk_plan_app a[2] = {app(DK_LANG_NL, w, 1), app(DK_LANG_NL, w, 1)};
    dk_plan_problem p = problem(s, 3, d, 1, a, 2);
    dk_plan_result ok[2] = {{0, DK_MATCH_PREFERRED, 1}, {1, DK_MATCH_NEAREST, 0}};
    CHECK(dk_plan_cost(&p, ok) > 0);
    dk_plan_result twice[2] = {{0, DK_MATCH_PREFERRED, 1}, {0, DK_MATCH_PREFERRED, 1}};
    CHECK_INT(dk_plan_cost(&p, twice), -1);
    dk_plan_result wrong_rank[2] = {{0, DK_MATCH_PREFERRED, 2}, {-1, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, wrong_rank), -1);
    dk_plan_result not_preferred[2] = {{1, DK_MATCH_PREFERRED, 1}, {-1, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, not_preferred), -1);
    dk_plan_result not_nearest[2] = {{0, DK_MATCH_NEAREST, 0}, {-1, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, not_nearest), -1);
    dk_plan_result not_later[2] = {{1, DK_MATCH_LATER, 0}, {-1, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, not_later), -1);
    dk_plan_result none_with_slot[2] = {{1, DK_MATCH_NONE, 0}, {-1, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, none_with_slot), -1);
    dk_plan_result out_of_range[2] = {{3, DK_MATCH_LATER, 0}, {-2, DK_MATCH_NONE, 0}};
    CHECK_INT(dk_plan_cost(&p, out_of_range), -1);
    d[0].capacity = 1;
    CHECK_INT(dk_plan_cost(&p, ok), -1);
    d[0].capacity = 2;
    a[1].lang = DK_LANG_FR;
    CHECK_INT(dk_plan_cost(&p, ok), -1);
}

static void test_lang_bit(void)
{
    CHECK_INT(dk_plan_lang_bit("nl"), DK_LANG_NL);
    CHECK_INT(dk_plan_lang_bit("fr"), DK_LANG_FR);
    CHECK_INT(dk_plan_lang_bit("en"), DK_LANG_EN);
    CHECK_INT(dk_plan_lang_bit("de"), 0);
    CHECK_INT(dk_plan_lang_bit("NL"), 0);
    CHECK_INT(dk_plan_lang_bit("nl "), 0);
    CHECK_INT(dk_plan_lang_bit(""), 0);
    CHECK_INT(dk_plan_lang_bit(NULL), 0);
}

int main(void)
{
    dk_test_rng_state = 0x853c49e6748fea9bu;
    test_random_against_brute_force();
    test_random_medium();
    test_preferred_beats_nearest();
    test_rank_one_beats_rank_two();
    test_count_beats_rank();
    test_served_beats_rank();
    test_nearest();
    test_nearest_beats_spreading();
    test_two_apps_one_slot();
    test_equal_claims_go_to_the_earlier();
    test_unspoken_language();
    test_capacity();
    test_spreading();
    test_later_pass();
    test_ignored_windows_and_slots();
    test_hostile();
    test_invalid_results();
    test_lang_bit();
    DK_TEST_DONE();
}
