/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mcf.c — unit tests for dk_mcf: the textbook 4x4 assignment, random
 * assignments against every permutation, random graphs with capacities
 * above 1 against a plain Bellman-Ford reference, two-part (lexicographic)
 * costs, an unreachable sink, the max_flow limit and bad arguments. */
#include "dk_test.h"
#include "plan/dk_mcf.h"

#include <stdint.h>
#include <stdlib.h>

/* Workers 1..n, jobs n+1..2n, source 0, sink 2n+1; edge[i][j] ids. */
static dk_mcf *assignment(int n, const int64_t *cost, int *edge)
{
    dk_mcf *g = dk_mcf_new(2 * n + 2);
    for (int i = 0; i < n; i++) {
        dk_mcf_add_edge(g, 0, 1 + i, 1, 0);
        dk_mcf_add_edge(g, 1 + n + i, 2 * n + 1, 1, 0);
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            edge[i * n + j] = dk_mcf_add_edge(g, 1 + i, 1 + n + j, 1, cost[i * n + j]);
    return g;
}

static void test_textbook(void)
{
    const int64_t cost[16] = {90, 76, 75, 70, 35, 85, 55, 65, 125, 95, 90, 105, 45, 110, 95, 115};
    const int want[4] = {3, 2, 1, 0};
    int edge[16];
    dk_mcf *g = assignment(4, cost, edge);
    int64_t total = -1;
    CHECK_INT(dk_mcf_solve(g, 0, 9, 100, &total), 4);
    CHECK_INT(total, 265);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            CHECK_INT(dk_mcf_flow(g, edge[i * 4 + j]), j == want[i]);
    dk_mcf_free(g);
}

/* The least sum over all permutations of an n x n matrix (n <= 7). */
static int64_t brute_assignment(int n, const int64_t *cost)
{
    int perm[7], used[7] = {0};
    int64_t best = INT64_MAX, sum = 0;
    int depth = 0;
    perm[0] = -1;
    while (depth >= 0) {
        if (perm[depth] >= 0) {
            used[perm[depth]] = 0;
            sum -= cost[depth * n + perm[depth]];
        }
        int j = perm[depth] + 1;
        while (j < n && used[j])
            j++;
        if (j == n) {
            perm[depth] = -1;
            depth--;
            continue;
        }
        perm[depth] = j;
        used[j] = 1;
        sum += cost[depth * n + j];
        if (depth == n - 1) {
            if (sum < best)
                best = sum;
        } else {
            perm[++depth] = -1;
        }
    }
    return best;
}

static void test_random_assignments(void)
{
    for (int round = 0; round < 300; round++) {
        int n = 1 + dk_test_rnd(7);
        int64_t cost[49];
        int edge[49];
        for (int k = 0; k < n * n; k++)
            cost[k] = dk_test_rnd(round % 2 ? 5 : 1000); /* few distinct values: many ties */
        dk_mcf *g = assignment(n, cost, edge);
        int64_t total = -1;
        CHECK_INT(dk_mcf_solve(g, 0, 2 * n + 1, 1000, &total), n);
        CHECK_INT(total, brute_assignment(n, cost));
        int64_t from_flows = 0;
        for (int i = 0; i < n; i++) {
            int row = 0;
            for (int j = 0; j < n; j++) {
                row += dk_mcf_flow(g, edge[i * n + j]);
                from_flows += dk_mcf_flow(g, edge[i * n + j]) * cost[i * n + j];
            }
            CHECK_INT(row, 1);
        }
        CHECK_INT(from_flows, total);
        dk_mcf_free(g);
    }
}

/* Two-part costs: the least major sum first, then the least minor sum,
 * against every permutation of the combined value major * 10^6 + minor. */
static void test_lexicographic(void)
{
    for (int round = 0; round < 200; round++) {
        int n = 1 + dk_test_rnd(6);
        int64_t major[36], minor[36], combined[36];
        dk_mcf *g = dk_mcf_new(2 * n + 2);
        for (int i = 0; i < n; i++) {
            dk_mcf_add_edge(g, 0, 1 + i, 1, 0);
            dk_mcf_add_edge(g, 1 + n + i, 2 * n + 1, 1, 0);
        }
        for (int k = 0; k < n * n; k++) {
            major[k] = dk_test_rnd(3);
            minor[k] = dk_test_rnd(100000);
            combined[k] = major[k] * 1000000 + minor[k];
            dk_mcf_add_edge_lex(g, 1 + k / n, 1 + n + k % n, 1, major[k], minor[k]);
        }
        int64_t ma = -1, mi = -1;
        CHECK_INT(dk_mcf_solve(g, 0, 2 * n + 1, n, NULL), n);
        dk_mcf_total(g, &ma, &mi);
        CHECK_INT(ma * 1000000 + mi, brute_assignment(n, combined));
        dk_mcf_free(g);
    }
    /* A huge minor never outweighs one unit of major. */
    dk_mcf *g = dk_mcf_new(4);
    dk_mcf_add_edge_lex(g, 0, 1, 1, 0, INT64_C(1) << 59);
    dk_mcf_add_edge_lex(g, 0, 2, 1, 1, 0);
    int cheap = dk_mcf_add_edge(g, 1, 3, 1, 0);
    dk_mcf_add_edge(g, 2, 3, 1, 0);
    int64_t minor = -1;
    CHECK_INT(dk_mcf_solve(g, 0, 3, 1, &minor), 1);
    CHECK_INT(dk_mcf_flow(g, cheap), 1);
    CHECK_INT(minor, INT64_C(1) << 59);
    dk_mcf_free(g);
}

/* Reference: one Bellman-Ford shortest path at a time on a dense residual
 * matrix (parallel edges merged is not allowed, so the random graphs below
 * have at most one edge per ordered pair and none in both directions). */
#define RN 8
static long reference(int n, int cap[RN][RN], const int64_t cost[RN][RN], long max_flow,
                      int64_t *total)
{
    int flow[RN][RN] = {{0}};
    long f = 0;
    *total = 0;
    while (f < max_flow) {
        int64_t dist[RN];
        int prev[RN];
        for (int v = 0; v < n; v++) {
            dist[v] = INT64_MAX;
            prev[v] = -1;
        }
        dist[0] = 0;
        for (int pass = 0; pass < n; pass++)
            for (int u = 0; u < n; u++)
                for (int v = 0; v < n; v++) {
                    if (dist[u] == INT64_MAX || u == v)
                        continue;
                    int64_t c;
                    if (cap[u][v] - flow[u][v] > 0)
                        c = cost[u][v];
                    else if (flow[v][u] > 0)
                        c = -cost[v][u];
                    else
                        continue;
                    if (dist[u] + c < dist[v]) {
                        dist[v] = dist[u] + c;
                        prev[v] = u;
                    }
                }
        if (dist[n - 1] == INT64_MAX)
            break;
        long push = max_flow - f;
        for (int v = n - 1; v != 0; v = prev[v]) {
            int u = prev[v];
            long room = cap[u][v] - flow[u][v] > 0 ? cap[u][v] - flow[u][v] : flow[v][u];
            if (room < push)
                push = room;
        }
        for (int v = n - 1; v != 0; v = prev[v]) {
            int u = prev[v];
            if (cap[u][v] - flow[u][v] > 0)
                flow[u][v] += (int)push;
            else
                flow[v][u] -= (int)push;
        }
        f += push;
        *total += push * dist[n - 1];
    }
    return f;
}

static void test_random_graphs(void)
{
    for (int round = 0; round < 500; round++) {
        int n = 2 + dk_test_rnd(RN - 1);
        int cap[RN][RN] = {{0}};
        int64_t cost[RN][RN] = {{0}};
        int ids[RN][RN];
        dk_mcf *g = dk_mcf_new(n);
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++) {
                ids[u][v] = -1;
                if (u == v || cap[v][u] > 0 || dk_test_rnd(100) >= 45)
                    continue;
                cap[u][v] = 1 + dk_test_rnd(4);
                cost[u][v] = dk_test_rnd(20);
                ids[u][v] = dk_mcf_add_edge(g, u, v, cap[u][v], cost[u][v]);
            }
        long limit = dk_test_rnd(3) == 0 ? 1 + dk_test_rnd(4) : 1000;
        int64_t want_cost, got_cost = -1;
        long want = reference(n, cap, cost, limit, &want_cost);
        CHECK_INT(dk_mcf_solve(g, 0, n - 1, limit, &got_cost), want);
        CHECK_INT(got_cost, want_cost);
        /* The flows conserve at every inner node and respect capacities. */
        for (int v = 1; v < n - 1; v++) {
            long net = 0;
            for (int u = 0; u < n; u++) {
                net += ids[u][v] >= 0 ? dk_mcf_flow(g, ids[u][v]) : 0;
                net -= ids[v][u] >= 0 ? dk_mcf_flow(g, ids[v][u]) : 0;
            }
            CHECK_INT(net, 0);
        }
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
                if (ids[u][v] >= 0)
                    CHECK(dk_mcf_flow(g, ids[u][v]) <= cap[u][v]);
        dk_mcf_free(g);
    }
}

static void test_capacities(void)
{
    /* Two supplies through one capacity-3 pipe and one capacity-2 pipe. */
    dk_mcf *g = dk_mcf_new(4);
    int a = dk_mcf_add_edge(g, 0, 1, 5, 1);
    int b = dk_mcf_add_edge(g, 0, 2, 5, 4);
    int c = dk_mcf_add_edge(g, 1, 3, 3, 1);
    int d = dk_mcf_add_edge(g, 2, 3, 2, 1);
    int e = dk_mcf_add_edge(g, 1, 2, 1, 1);
    int64_t total = -1;
    CHECK_INT(dk_mcf_solve(g, 0, 3, 100, &total), 5);
    /* 3 units 0-1-3 (cost 2 each), 1 unit 0-1-2-3 (3), 1 unit 0-2-3 (5). */
    CHECK_INT(total, 3 * 2 + 3 + 5);
    CHECK_INT(dk_mcf_flow(g, a), 4);
    CHECK_INT(dk_mcf_flow(g, b), 1);
    CHECK_INT(dk_mcf_flow(g, c), 3);
    CHECK_INT(dk_mcf_flow(g, d), 2);
    CHECK_INT(dk_mcf_flow(g, e), 1);
    dk_mcf_free(g);
}

static void test_limits_and_errors(void)
{
    /* Unreachable sink. */
    dk_mcf *g = dk_mcf_new(4);
    int e = dk_mcf_add_edge(g, 0, 1, 3, 7);
    dk_mcf_add_edge(g, 2, 3, 3, 7);
    int64_t total = -1;
    CHECK_INT(dk_mcf_solve(g, 0, 3, 10, &total), 0);
    CHECK_INT(total, 0);
    CHECK_INT(dk_mcf_flow(g, e), 0);
    /* Solved once: a second solve and new edges are refused. */
    CHECK_INT(dk_mcf_solve(g, 0, 3, 10, &total), -1);
    CHECK_INT(dk_mcf_add_edge(g, 1, 2, 1, 0), -1);
    dk_mcf_free(g);

    /* max_flow: the cheapest units only. */
    g = dk_mcf_new(2);
    int costly = dk_mcf_add_edge(g, 0, 1, 5, 10);
    int cheap = dk_mcf_add_edge(g, 0, 1, 2, 1);
    CHECK_INT(dk_mcf_solve(g, 0, 1, 3, &total), 3);
    CHECK_INT(total, 2 * 1 + 10);
    CHECK_INT(dk_mcf_flow(g, cheap), 2);
    CHECK_INT(dk_mcf_flow(g, costly), 1);
    dk_mcf_free(g);

    g = dk_mcf_new(2);
    dk_mcf_add_edge(g, 0, 1, 5, 10);
    CHECK_INT(dk_mcf_solve(g, 0, 1, 0, &total), 0);
    dk_mcf_free(g);

    CHECK(dk_mcf_new(1) == NULL);
    g = dk_mcf_new(3);
    CHECK_INT(dk_mcf_add_edge(g, 0, 3, 1, 0), -1);
    CHECK_INT(dk_mcf_add_edge(g, -1, 1, 1, 0), -1);
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, -1, 0), -1);
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 1, -5), -1);
    CHECK_INT(dk_mcf_add_edge_lex(g, 0, 1, 1, -1, 0), -1);
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 1, 0), 0);
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 4, INT64_C(1) << 58), -1); /* cap x cost reaches 2^60 */
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 3, INT64_C(1) << 58), 1);
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 1, INT64_C(1) << 58), -1); /* so does the sum */
    CHECK_INT(dk_mcf_add_edge(g, 0, 1, 1, 1), 2);
    CHECK_INT(dk_mcf_add_edge_lex(g, 1, 2, 1, INT64_C(1) << 60, 0), -1);
    CHECK_INT(dk_mcf_add_edge_lex(g, 1, 2, 1, INT64_C(1) << 59, 0), 3);
    CHECK_INT(dk_mcf_solve(g, 0, 0, 1, &total), -1);
    CHECK_INT(dk_mcf_flow(g, 99), 0);
    CHECK_INT(dk_mcf_flow(g, -1), 0);
    dk_mcf_free(g);
    dk_mcf_free(NULL);
}

/* Many edges: the arrays grow past their first allocation. */
static void test_growth(void)
{
    int n = 60;
    dk_mcf *g = dk_mcf_new(2 * n + 2);
    int64_t *cost = malloc(sizeof *cost * (size_t)n * (size_t)n);
    for (int i = 0; i < n; i++) {
        dk_mcf_add_edge(g, 0, 1 + i, 1, 0);
        dk_mcf_add_edge(g, 1 + n + i, 2 * n + 1, 1, 0);
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            cost[i * n + j] = (i + j) % n; /* the anti-diagonal i + j == n is 0 ... */
            dk_mcf_add_edge(g, 1 + i, 1 + n + j, 1, cost[i * n + j]);
        }
    int64_t total = -1;
    CHECK_INT(dk_mcf_solve(g, 0, 2 * n + 1, n, &total), n);
    CHECK_INT(total, 0); /* ... for i >= 1, and (0, 0) is 0: a zero permutation */
    free(cost);
    dk_mcf_free(g);
}

int main(void)
{
    dk_test_rng_state = 0x9e3779b97f4a7c15u;
    test_textbook();
    test_random_assignments();
    test_lexicographic();
    test_random_graphs();
    test_capacities();
    test_limits_and_errors();
    test_growth();
    DK_TEST_DONE();
}
