/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mcf.h — exact minimum-cost maximum flow on a small directed graph, the
 * engine under the interview scheduler (dk_plan). Integer capacities,
 * non-negative integer costs; successive shortest paths with Johnson
 * potentials, a binary-heap Dijkstra, and every shortest path of a round
 * augmented at once (primal-dual).
 *
 * A cost may have two parts compared lexicographically, a major and a minor
 * one: a flow is cheaper when its total major cost is smaller, and only on a
 * tie does the total minor cost decide. This is exact, with no weight to
 * choose: it is how dk_plan ranks five objectives whose single-number
 * encoding would not fit in 64 bits. */
#ifndef DK_MCF_H
#define DK_MCF_H

#include <stdint.h>

typedef struct dk_mcf dk_mcf;

/* A graph of nodes 0..nodes-1 and no edge; NULL when out of memory or when
 * nodes < 2. */
dk_mcf *dk_mcf_new(int nodes);

/* A directed edge of capacity cap >= 0 and cost >= 0 (its minor part; the
 * major part is 0). Returns its id (0, 1, 2... in the order of addition), or
 * -1 when out of memory, when a node is out of range, when cap or cost is
 * negative, once the graph was solved, or when the sum over all edges of
 * cap x cost would reach 2^60 for either part of the cost: below that bound
 * every total, potential and path length is exact (internally 128-bit) and
 * fits the int64 totals. */
int dk_mcf_add_edge(dk_mcf *g, int from, int to, int cap, int64_t cost);

/* The same with a two-part cost (major, minor), both >= 0. */
int dk_mcf_add_edge_lex(dk_mcf *g, int from, int to, int cap, int64_t major, int64_t minor);

/* Sends as much flow as possible from source to sink, at most max_flow, and
 * among the flows of that value one of least cost. Returns the flow value,
 * with the total cost in *cost_out when cost_out is not NULL (the minor
 * parts: the whole cost when no edge has a major part; dk_mcf_total gives
 * both). -1 when out of memory, on a bad node, or on a second call: a graph
 * is solved once. Deterministic: equal graphs give equal flows. */
long dk_mcf_solve(dk_mcf *g, int source, int sink, long max_flow, int64_t *cost_out);

/* The flow on an edge after dk_mcf_solve (0 before, and for a bad id). */
int dk_mcf_flow(const dk_mcf *g, int edge);

/* Sum over edges of flow times cost, for each part (0 before a solve). */
void dk_mcf_total(const dk_mcf *g, int64_t *major_out, int64_t *minor_out);

void dk_mcf_free(dk_mcf *g);

#endif
