/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_plan.c — solving one scheduling batch (see dk_plan.h) as a min-cost
 * flow, then the LATER pass; and the maximum-preferred count on the same
 * network. The network, small whatever the number of slots:
 *
 *   source -> applicant -> time -> slot -> day group -> sink
 *                 \______________ bypass _____________/
 *
 * A time node is one (language, start, end): every slot of that language
 * and interval is worth the same to an applicant, so an applicant has one
 * edge per distinct slot time of its language in its period instead of one
 * per slot. Its cost holds the levels 1-4 of the objective (rank, or
 * distance); the bypass (no slot in the period) costs the most; the day
 * group reaches the sink through capacity unit edges of increasing load
 * cost (level 5). The flow then says which time each applicant gets, and
 * the time's slots are handed out to its applicants in index order, and
 * cost-neutral trades give earlier applicants the better outcomes. */
#include "plan/dk_plan.h"

#include "plan/dk_mcf.h"
#include "plan/dk_plan_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const unsigned lang_bits[3] = {DK_LANG_NL, DK_LANG_FR, DK_LANG_EN};

typedef struct {
    const dk_plan_problem *p;
    int preferred_only; /* the max-preferred network: zero costs, preferred edges only */
    dk_plan_weights w;
    /* Usable slots sorted by (start, end, index); the flow's are a subset. */
    int *usable;
    int nusable;
    int *flow_slot; /* slot index of flow slot k */
    int nflow;
    /* Time nodes, grouped by language (lang_first[b] .. lang_first[b+1]-1),
     * each by (start, end); its flow slots are time_slots[time_first[t] ..
     * time_first[t+1]-1], as flow-slot numbers k. */
    int ntime;
    int lang_first[4];
    int64_t *time_start, *time_end;
    int *time_first, *time_slots;
    /* Node numbers. */
    int source, sink, app0, time0, slot0, day0;
    dk_mcf *g;
    /* Edge ids: applicant i's time edges are app_first[i] .. app_first[i+1]-1
     * in the lists below; a time's slot edges are consecutive from
     * time_edge[t]. */
    int *app_first, *app_edge, *app_time, *app_rank, *bypass_edge, *time_edge;
} plan_net;

static void net_free(plan_net *n)
{
    free(n->usable);
    free(n->flow_slot);
    free(n->time_start);
    free(n->time_end);
    free(n->time_first);
    free(n->time_slots);
    free(n->app_first);
    free(n->app_edge);
    free(n->app_time);
    free(n->app_rank);
    free(n->bypass_edge);
    free(n->time_edge);
    dk_mcf_free(n->g);
}

typedef struct {
    int64_t start, end;
    int slot;
} slot_key;

static int by_time(const void *x, const void *y)
{
    const slot_key *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->slot - b->slot;
}

/* The usable slots in time order, and those that some applicant's period
 * holds (the flow slots). */
static int collect_slots(plan_net *n)
{
    const dk_plan_problem *p = n->p;
    n->usable = malloc((p->nslots + 1) * sizeof *n->usable);
    n->flow_slot = malloc((p->nslots + 1) * sizeof *n->flow_slot);
    if (!n->usable || !n->flow_slot)
        return -1;
    slot_key *keys = malloc((p->nslots + 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t s = 0; s < p->nslots; s++)
        if (dk_plan_slot_usable(p, s))
            keys[n->nusable++] = (slot_key){p->slots[s].start_ms, p->slots[s].end_ms, (int)s};
    qsort(keys, (size_t)n->nusable, sizeof *keys, by_time);
    for (int u = 0; u < n->nusable; u++)
        n->usable[u] = keys[u].slot;
    free(keys);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < p->napps; i++) {
        const dk_plan_app *a = &p->apps[i];
        if (a->allowed_to_ms > a->allowed_from_ms) {
            lo = a->allowed_from_ms < lo ? a->allowed_from_ms : lo;
            hi = a->allowed_to_ms > hi ? a->allowed_to_ms : hi;
        }
    }
    for (int u = 0; u < n->nusable; u++) {
        const dk_plan_slot *s = &p->slots[n->usable[u]];
        if (s->start_ms >= lo && s->end_ms <= hi)
            n->flow_slot[n->nflow++] = n->usable[u];
    }
    return 0;
}

/* One time node per (language, start, end) among the flow slots. */
static int collect_times(plan_net *n)
{
    const dk_plan_problem *p = n->p;
    size_t most = 3 * (size_t)n->nflow + 1;
    n->time_start = malloc(most * sizeof *n->time_start);
    n->time_end = malloc(most * sizeof *n->time_end);
    n->time_first = malloc((most + 1) * sizeof *n->time_first);
    n->time_slots = malloc(most * sizeof *n->time_slots);
    if (!n->time_start || !n->time_end || !n->time_first || !n->time_slots)
        return -1;
    int used = 0;
    for (int b = 0; b < 3; b++) {
        n->lang_first[b] = n->ntime;
        for (int k = 0; k < n->nflow; k++) {
            const dk_plan_slot *s = &p->slots[n->flow_slot[k]];
            if (!(s->langs & lang_bits[b]))
                continue;
            int t = n->ntime - 1;
            if (t < n->lang_first[b] || n->time_start[t] != s->start_ms ||
                n->time_end[t] != s->end_ms) {
                t = n->ntime++;
                n->time_start[t] = s->start_ms;
                n->time_end[t] = s->end_ms;
                n->time_first[t] = used;
            }
            n->time_slots[used++] = k;
        }
    }
    n->lang_first[3] = n->ntime;
    n->time_first[n->ntime] = used;
    return 0;
}

/* The time nodes of language b that applicant a's period may hold: from
 * the first starting at or after allowed_from, while they start before
 * allowed_to (the end is checked by the caller). */
static void times_for(const plan_net *n, const dk_plan_app *a, int b, int *from, int *to)
{
    int lo = n->lang_first[b], hi = n->lang_first[b + 1];
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (n->time_start[mid] < a->allowed_from_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    *from = lo;
    hi = lo;
    while (hi < n->lang_first[b + 1] && n->time_start[hi] < a->allowed_to_ms)
        hi++;
    *to = hi;
}

/* Applicant i's edges to time nodes, with their costs; counting only when
 * count_only (to size the arrays first). Returns the number of edges, or
 * -1 when the graph refuses one. */
static long app_edges(plan_net *n, size_t i, int count_only, long next)
{
    const dk_plan_app *a = &n->p->apps[i];
    long made = 0;
    for (int b = 0; b < 3; b++) {
        if (!(a->lang & lang_bits[b]))
            continue;
        int from, to;
        times_for(n, a, b, &from, &to);
        for (int t = from; t < to; t++) {
            if (!dk_plan_in_period(a, n->time_start[t], n->time_end[t]))
                continue;
            int rank = dk_plan_rank(a, n->time_start[t], n->time_end[t]);
            if (n->preferred_only && rank == 0)
                continue;
            if (!count_only) {
                int64_t major = 0, minor = 0;
                if (!n->preferred_only && rank > 0) {
                    major = rank - 1;
                } else if (!n->preferred_only) {
                    major = n->w.a;
                    minor = n->w.w * dk_plan_distance(a, n->time_start[t], n->time_end[t]);
                }
                int e = dk_mcf_add_edge_lex(n->g, n->app0 + (int)i, n->time0 + t, 1, major, minor);
                if (e < 0)
                    return -1;
                n->app_edge[next + made] = e;
                n->app_time[next + made] = t;
                n->app_rank[next + made] = rank;
            }
            made++;
        }
    }
    return made;
}

static int build(plan_net *n)
{
    const dk_plan_problem *p = n->p;
    size_t napps = p->napps;
    if (collect_slots(n) != 0 || collect_times(n) != 0)
        return -1;
    n->source = 0;
    n->app0 = 1;
    n->time0 = n->app0 + (int)napps;
    n->slot0 = n->time0 + n->ntime;
    n->day0 = n->slot0 + n->nflow;
    n->sink = n->day0 + (int)p->ndays;
    n->g = dk_mcf_new(n->sink + 1);
    n->app_first = malloc((napps + 1) * sizeof *n->app_first);
    n->bypass_edge = malloc((napps + 1) * sizeof *n->bypass_edge);
    n->time_edge = malloc(((size_t)n->ntime + 1) * sizeof *n->time_edge);
    if (!n->g || !n->app_first || !n->bypass_edge || !n->time_edge)
        return -1;
    long total = 0;
    for (size_t i = 0; i < napps; i++) {
        n->app_first[i] = (int)total;
        total += app_edges(n, i, 1, 0);
        if (total > INT_MAX / 2)
            return -1;
    }
    n->app_first[napps] = (int)total;
    n->app_edge = malloc(((size_t)total + 1) * sizeof *n->app_edge);
    n->app_time = malloc(((size_t)total + 1) * sizeof *n->app_time);
    n->app_rank = malloc(((size_t)total + 1) * sizeof *n->app_rank);
    if (!n->app_edge || !n->app_time || !n->app_rank)
        return -1;

    for (size_t i = 0; i < napps; i++) {
        if (dk_mcf_add_edge(n->g, n->source, n->app0 + (int)i, 1, 0) < 0 ||
            app_edges(n, i, 0, n->app_first[i]) < 0)
            return -1;
        n->bypass_edge[i] = -1;
        if (!n->preferred_only) {
            n->bypass_edge[i] =
                dk_mcf_add_edge_lex(n->g, n->app0 + (int)i, n->sink, 1, n->w.a + n->w.b, 0);
            if (n->bypass_edge[i] < 0)
                return -1;
        }
    }
    for (int t = 0; t < n->ntime; t++)
        for (int j = n->time_first[t]; j < n->time_first[t + 1]; j++) {
            int e = dk_mcf_add_edge(n->g, n->time0 + t, n->slot0 + n->time_slots[j], 1, 0);
            if (e < 0)
                return -1;
            if (j == n->time_first[t])
                n->time_edge[t] = e;
        }
    /* Each slot to its day group, and the groups to the sink. */
    int *in_day = calloc(p->ndays + 1, sizeof *in_day);
    if (!in_day)
        return -1;
    int rc = 0;
    for (int k = 0; k < n->nflow && rc == 0; k++) {
        int day = p->slots[n->flow_slot[k]].day;
        in_day[day]++;
        if (dk_mcf_add_edge(n->g, n->slot0 + k, n->day0 + day, 1, 0) < 0)
            rc = -1;
    }
    for (size_t d = 0; d < p->ndays && rc == 0; d++) {
        int units = p->days[d].capacity < in_day[d] ? p->days[d].capacity : in_day[d];
        if (units <= 0)
            continue;
        if (n->preferred_only) {
            if (dk_mcf_add_edge(n->g, n->day0 + (int)d, n->sink, units, 0) < 0)
                rc = -1;
            continue;
        }
        int64_t load = p->days[d].load > 0 ? p->days[d].load : 0;
        for (int j = 1; j <= units && rc == 0; j++)
            if (dk_mcf_add_edge(n->g, n->day0 + (int)d, n->sink, 1, dk_plan_spread(load + j)) < 0)
                rc = -1;
    }
    free(in_day);
    return rc;
}

/* Sizes that the int node and edge numbers of the network can hold. */
static int sizes_ok(const dk_plan_problem *p)
{
    size_t limit = INT_MAX / 8;
    return p->napps < limit && p->nslots < limit && p->ndays < limit &&
           (p->napps == 0 || p->apps) && (p->nslots == 0 || p->slots) && (p->ndays == 0 || p->days);
}

/* Reads the flow: each applicant's time, then that time's used slots in
 * applicant order. */
static int read_flow(plan_net *n, dk_plan_result *out)
{
    int *cursor = malloc(((size_t)n->ntime + 1) * sizeof *cursor);
    if (!cursor)
        return -1;
    for (int t = 0; t < n->ntime; t++)
        cursor[t] = n->time_first[t];
    for (size_t i = 0; i < n->p->napps; i++) {
        for (int j = n->app_first[i]; j < n->app_first[i + 1]; j++) {
            if (dk_mcf_flow(n->g, n->app_edge[j]) == 0)
                continue;
            int t = n->app_time[j];
            while (cursor[t] < n->time_first[t + 1] &&
                   dk_mcf_flow(n->g, n->time_edge[t] + (cursor[t] - n->time_first[t])) == 0)
                cursor[t]++;
            if (cursor[t] == n->time_first[t + 1]) { /* flow conservation makes this impossible */
                free(cursor);
                return -1;
            }
            out[i].slot = n->flow_slot[n->time_slots[cursor[t]]];
            out[i].match = n->app_rank[j] > 0 ? DK_MATCH_PREFERRED : DK_MATCH_NEAREST;
            out[i].rank = n->app_rank[j];
            cursor[t]++;
            break;
        }
    }
    free(cursor);
    return 0;
}

/* ---- equal claims in batch order ---- */

typedef struct {
    int64_t major, minor;
} lex_cost;

/* What slot s (-1: none in the period) costs applicant i in the flow's
 * terms, as its edge or its bypass does; 0 when s cannot serve i. */
static int flow_cost(const plan_net *n, size_t i, int s, lex_cost *c)
{
    const dk_plan_app *a = &n->p->apps[i];
    if (s < 0) {
        *c = (lex_cost){n->w.a + n->w.b, 0};
        return 1;
    }
    const dk_plan_slot *sl = &n->p->slots[s];
    if (!(sl->langs & a->lang) || !dk_plan_in_period(a, sl->start_ms, sl->end_ms))
        return 0;
    int rank = dk_plan_rank(a, sl->start_ms, sl->end_ms);
    if (rank > 0)
        *c = (lex_cost){rank - 1, 0};
    else
        *c = (lex_cost){n->w.a, n->w.w * dk_plan_distance(a, sl->start_ms, sl->end_ms)};
    return 1;
}

static void give(const plan_net *n, dk_plan_result *r, size_t i, int s)
{
    if (s < 0) {
        *r = (dk_plan_result){-1, DK_MATCH_NONE, 0};
        return;
    }
    const dk_plan_slot *sl = &n->p->slots[s];
    int rank = dk_plan_rank(&n->p->apps[i], sl->start_ms, sl->end_ms);
    *r = (dk_plan_result){s, rank > 0 ? DK_MATCH_PREFERRED : DK_MATCH_NEAREST, rank};
}

/* The flow is indifferent between optima: two applicants who ask the same
 * may come out in either order. Trading their slots when that leaves both
 * parts of the total cost unchanged keeps the optimum, so the earlier
 * applicant in the batch (the earlier request) takes the better of two
 * such outcomes. Each trade makes an earlier applicant strictly better off
 * and only a later one worse, so the sweeps end; the cap is a safety net. */
static void earlier_first(const plan_net *n, dk_plan_result *out)
{
    size_t na = n->p->napps;
    int traded = 1;
    for (int sweep = 0; traded && sweep < 64; sweep++) {
        traded = 0;
        for (size_t i = 0; i < na; i++) {
            lex_cost ii; /* at its best, (0, 0), i cannot gain */
            if (!flow_cost(n, i, out[i].slot, &ii))
                continue;
            for (size_t j = i + 1; j < na && (ii.major > 0 || ii.minor > 0); j++) {
                int si = out[i].slot, sj = out[j].slot;
                lex_cost jj, ij, ji;
                if (si == sj || !flow_cost(n, i, sj, &ij))
                    continue;
                if (ij.major > ii.major || (ij.major == ii.major && ij.minor >= ii.minor))
                    continue; /* i would not gain */
                if (!flow_cost(n, j, si, &ji) || !flow_cost(n, j, sj, &jj) ||
                    ij.major + ji.major != ii.major + jj.major ||
                    ij.minor + ji.minor != ii.minor + jj.minor)
                    continue;
                give(n, &out[i], i, sj);
                give(n, &out[j], j, si);
                ii = ij;
                traded = 1;
            }
        }
    }
}

/* The first usable slot (in time order) starting at or after t. */
static int first_from(const plan_net *n, int64_t t)
{
    int lo = 0, hi = n->nusable;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (n->p->slots[n->usable[mid]].start_ms < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Applicants still without a slot, in order: the earliest free slot from
 * the end of their period; among slots of that start, the least loaded
 * group, then the first in time order. */
static int later_pass(plan_net *n, dk_plan_result *out)
{
    const dk_plan_problem *p = n->p;
    char *taken = calloc(p->nslots + 1, 1);
    int *booked = calloc(p->ndays + 1, sizeof *booked);
    if (!taken || !booked) {
        free(taken);
        free(booked);
        return -1;
    }
    for (size_t i = 0; i < p->napps; i++)
        if (out[i].slot >= 0) {
            taken[out[i].slot] = 1;
            booked[p->slots[out[i].slot].day]++;
        }
    for (size_t i = 0; i < p->napps; i++) {
        if (out[i].slot >= 0)
            continue;
        int best = -1;
        int64_t best_load = 0;
        for (int u = first_from(n, p->apps[i].allowed_to_ms); u < n->nusable; u++) {
            const dk_plan_slot *s = &p->slots[n->usable[u]];
            if (best >= 0 && s->start_ms != p->slots[best].start_ms)
                break;
            if (taken[n->usable[u]] || !(s->langs & p->apps[i].lang) ||
                booked[s->day] >= p->days[s->day].capacity)
                continue;
            int64_t load = (int64_t)p->days[s->day].load + booked[s->day];
            if (best < 0 || load < best_load) {
                best = n->usable[u];
                best_load = load;
            }
        }
        if (best >= 0) {
            out[i].slot = best;
            out[i].match = DK_MATCH_LATER;
            taken[best] = 1;
            booked[p->slots[best].day]++;
        }
    }
    free(taken);
    free(booked);
    return 0;
}

int dk_plan_solve(const dk_plan_problem *p, dk_plan_result *out)
{
    if (!p || (p->napps > 0 && !out) || !sizes_ok(p))
        return -1;
    for (size_t i = 0; i < p->napps; i++)
        out[i] = (dk_plan_result){-1, DK_MATCH_NONE, 0};
    if (p->napps == 0)
        return 0;
    plan_net n = {0};
    n.p = p;
    n.w = dk_plan_weights_for(p->napps);
    int rc = build(&n);
    if (rc == 0 && dk_mcf_solve(n.g, n.source, n.sink, (long)p->napps, NULL) < 0)
        rc = -1;
    if (rc == 0)
        rc = read_flow(&n, out);
    if (rc == 0) {
        earlier_first(&n, out);
        rc = later_pass(&n, out);
    }
    net_free(&n);
    if (rc != 0)
        for (size_t i = 0; i < p->napps; i++)
            out[i] = (dk_plan_result){-1, DK_MATCH_NONE, 0};
    return rc;
}

long dk_plan_max_preferred(const dk_plan_problem *p)
{
    if (!p || !sizes_ok(p))
        return -1;
    if (p->napps == 0)
        return 0;
    plan_net n = {0};
    n.p = p;
    n.preferred_only = 1;
    long flow = -1;
    if (build(&n) == 0)
        flow = dk_mcf_solve(n.g, n.source, n.sink, (long)p->napps, NULL);
    net_free(&n);
    return flow;
}
