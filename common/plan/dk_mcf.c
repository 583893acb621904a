/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mcf.c — minimum-cost maximum flow by successive shortest paths (see
 * dk_mcf.h). Each round runs one Dijkstra on reduced costs (Johnson
 * potentials keep them non-negative), stopped as soon as the sink is
 * settled, then pushes a blocking flow through the arcs whose reduced cost
 * is zero: every such source-sink path is a shortest one, so a round
 * augments all the shortest paths of equal length together and the result
 * is the same optimum as one path at a time, in far fewer rounds.
 * Costs are 128-bit integers inside: major * 2^64 + minor. */
#include "plan/dk_mcf.h"

#include <stdlib.h>
#include <string.h>

typedef __int128 wide;

/* Above every distance: costs stay below 2^124 (the 2^60 bound on each
 * part), potentials and reduced costs below 2^126. */
#define WIDE_INF ((((wide)1 << 126) - 1) * 2 + 1)
#define COST_SUM_LIMIT (INT64_C(1) << 60)

struct dk_mcf {
    int nodes, nedges, room;
    int *from, *to, *cap, *flow;
    int64_t *major, *minor;
    int64_t sum_major, sum_minor; /* sum of cap x cost, for the 2^60 bound */
    int solved;
};

/* The residual network in compressed adjacency form: the arcs leaving node
 * v are first[v] .. first[v+1]-1; arc a and rev[a] are the two directions
 * of one edge. */
typedef struct {
    wide key;
    int node;
} heap_item;

typedef struct {
    int n, source, sink;
    int *first, *head, *rev, *cap;
    wide *cost;
    wide *pi, *dist;
    char *done;
    int *level, *iter, *queue, *path;
    heap_item *heap;
    size_t heap_len, heap_room;
} net;

dk_mcf *dk_mcf_new(int nodes)
{
    if (nodes < 2)
        return NULL;
    dk_mcf *g = calloc(1, sizeof *g);
    if (g)
        g->nodes = nodes;
    return g;
}

void dk_mcf_free(dk_mcf *g)
{
    if (!g)
        return;
    free(g->from);
    free(g->to);
    free(g->cap);
    free(g->flow);
    free(g->major);
    free(g->minor);
    free(g);
}

static int grow(dk_mcf *g)
{
    int room = g->room ? g->room * 2 : 1024;
    if (room < g->room)
        return -1;
    int *from = realloc(g->from, (size_t)room * sizeof *from);
    if (from)
        g->from = from;
    int *to = realloc(g->to, (size_t)room * sizeof *to);
    if (to)
        g->to = to;
    int *cap = realloc(g->cap, (size_t)room * sizeof *cap);
    if (cap)
        g->cap = cap;
    int *flow = realloc(g->flow, (size_t)room * sizeof *flow);
    if (flow)
        g->flow = flow;
    int64_t *major = realloc(g->major, (size_t)room * sizeof *major);
    if (major)
        g->major = major;
    int64_t *minor = realloc(g->minor, (size_t)room * sizeof *minor);
    if (minor)
        g->minor = minor;
    if (!from || !to || !cap || !flow || !major || !minor)
        return -1;
    g->room = room;
    return 0;
}

/* *sum += cap * cost, refused when it would reach COST_SUM_LIMIT. */
static int add_to_sum(int64_t *sum, int cap, int64_t cost)
{
    if (cost > 0 && cap > (COST_SUM_LIMIT - 1 - *sum) / cost)
        return -1;
    *sum += (int64_t)cap * cost;
    return 0;
}

int dk_mcf_add_edge_lex(dk_mcf *g, int from, int to, int cap, int64_t major, int64_t minor)
{
    if (!g || g->solved || from < 0 || from >= g->nodes || to < 0 || to >= g->nodes || cap < 0 ||
        major < 0 || minor < 0)
        return -1;
    int64_t sum_major = g->sum_major, sum_minor = g->sum_minor;
    if (add_to_sum(&sum_major, cap, major) != 0 || add_to_sum(&sum_minor, cap, minor) != 0)
        return -1;
    if (g->nedges == g->room && grow(g) != 0)
        return -1;
    int e = g->nedges++;
    g->from[e] = from;
    g->to[e] = to;
    g->cap[e] = cap;
    g->flow[e] = 0;
    g->major[e] = major;
    g->minor[e] = minor;
    g->sum_major = sum_major;
    g->sum_minor = sum_minor;
    return e;
}

int dk_mcf_add_edge(dk_mcf *g, int from, int to, int cap, int64_t cost)
{
    return dk_mcf_add_edge_lex(g, from, to, cap, 0, cost);
}

int dk_mcf_flow(const dk_mcf *g, int edge)
{
    if (!g || edge < 0 || edge >= g->nedges)
        return 0;
    return g->flow[edge];
}

void dk_mcf_total(const dk_mcf *g, int64_t *major_out, int64_t *minor_out)
{
    int64_t major = 0, minor = 0;
    for (int e = 0; g && e < g->nedges; e++) {
        major += g->flow[e] * g->major[e];
        minor += g->flow[e] * g->minor[e];
    }
    if (major_out)
        *major_out = major;
    if (minor_out)
        *minor_out = minor;
}

static void net_free(net *r)
{
    free(r->first);
    free(r->head);
    free(r->rev);
    free(r->cap);
    free(r->cost);
    free(r->pi);
    free(r->dist);
    free(r->done);
    free(r->level);
    free(r->iter);
    free(r->queue);
    free(r->path);
    free(r->heap);
}

/* Lays the edges out as arcs, each node's arcs in edge order; fwd[e] is the
 * forward arc of edge e. */
static int net_build(const dk_mcf *g, net *r, int *fwd)
{
    int n = g->nodes;
    size_t arcs = 2 * (size_t)g->nedges;
    r->n = n;
    r->first = calloc((size_t)n + 1, sizeof *r->first);
    r->head = malloc((arcs + 1) * sizeof *r->head);
    r->rev = malloc((arcs + 1) * sizeof *r->rev);
    r->cap = malloc((arcs + 1) * sizeof *r->cap);
    r->cost = malloc((arcs + 1) * sizeof *r->cost);
    r->pi = calloc((size_t)n, sizeof *r->pi);
    r->dist = malloc((size_t)n * sizeof *r->dist);
    r->done = malloc((size_t)n);
    r->level = malloc((size_t)n * sizeof *r->level);
    r->iter = malloc((size_t)n * sizeof *r->iter);
    r->queue = malloc((size_t)n * sizeof *r->queue);
    r->path = malloc((size_t)n * sizeof *r->path);
    int *fill = malloc((size_t)n * sizeof *fill);
    if (!r->first || !r->head || !r->rev || !r->cap || !r->cost || !r->pi || !r->dist || !r->done ||
        !r->level || !r->iter || !r->queue || !r->path || !fill) {
        free(fill);
        return -1;
    }
    for (int e = 0; e < g->nedges; e++) {
        r->first[g->from[e] + 1]++;
        r->first[g->to[e] + 1]++;
    }
    for (int v = 0; v < n; v++)
        r->first[v + 1] += r->first[v];
    memcpy(fill, r->first, (size_t)n * sizeof *fill);
    const wide shift = (wide)1 << 64;
    for (int e = 0; e < g->nedges; e++) {
        int a = fill[g->from[e]]++, b = fill[g->to[e]]++;
        wide c = (wide)g->major[e] * shift + g->minor[e];
        r->head[a] = g->to[e];
        r->head[b] = g->from[e];
        r->rev[a] = b;
        r->rev[b] = a;
        r->cap[a] = g->cap[e];
        r->cap[b] = 0;
        r->cost[a] = c;
        r->cost[b] = -c;
        fwd[e] = a;
    }
    free(fill);
    return 0;
}

static int heap_push(net *r, wide key, int node)
{
    if (r->heap_len == r->heap_room) {
        size_t room = r->heap_room ? r->heap_room * 2 : 1024;
        heap_item *h = realloc(r->heap, room * sizeof *h);
        if (!h)
            return -1;
        r->heap = h;
        r->heap_room = room;
    }
    size_t i = r->heap_len++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (r->heap[up].key <= key)
            break;
        r->heap[i] = r->heap[up];
        i = up;
    }
    r->heap[i].key = key;
    r->heap[i].node = node;
    return 0;
}

static heap_item heap_pop(net *r)
{
    heap_item top = r->heap[0], last = r->heap[--r->heap_len];
    size_t i = 0, n = r->heap_len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && r->heap[c + 1].key < r->heap[c].key)
            c++;
        if (last.key <= r->heap[c].key)
            break;
        r->heap[i] = r->heap[c];
        i = c;
    }
    if (n > 0)
        r->heap[i] = last;
    return top;
}

static wide reduced(const net *r, int tail, int a)
{
    return r->cost[a] + r->pi[tail] - r->pi[r->head[a]];
}

/* Dijkstra on reduced costs from the source until the sink is settled, then
 * the potentials move by min(distance, distance of the sink), which keeps
 * every residual reduced cost >= 0 and makes the shortest paths' arcs zero.
 * 1 when the sink was reached, 0 when not, -1 when out of memory. */
static int shortest_paths(net *r)
{
    for (int v = 0; v < r->n; v++) {
        r->dist[v] = WIDE_INF;
        r->done[v] = 0;
    }
    r->heap_len = 0;
    r->dist[r->source] = 0;
    if (heap_push(r, 0, r->source) != 0)
        return -1;
    while (r->heap_len > 0) {
        heap_item it = heap_pop(r);
        int u = it.node;
        if (r->done[u] || it.key > r->dist[u])
            continue;
        r->done[u] = 1;
        if (u == r->sink)
            break;
        for (int a = r->first[u]; a < r->first[u + 1]; a++) {
            int v = r->head[a];
            if (r->cap[a] <= 0 || r->done[v])
                continue;
            wide d = it.key + reduced(r, u, a);
            if (d < r->dist[v]) {
                r->dist[v] = d;
                if (heap_push(r, d, v) != 0)
                    return -1;
            }
        }
    }
    if (!r->done[r->sink])
        return 0;
    wide dt = r->dist[r->sink];
    for (int v = 0; v < r->n; v++)
        r->pi[v] += r->done[v] ? r->dist[v] : dt;
    return 1;
}

static int admissible(const net *r, int tail, int a)
{
    return r->cap[a] > 0 && reduced(r, tail, a) == 0;
}

/* Breadth-first levels over the zero-reduced-cost arcs; 1 when the sink is
 * among them. */
static int levels(net *r)
{
    for (int v = 0; v < r->n; v++)
        r->level[v] = -1;
    int qh = 0, qt = 0;
    r->level[r->source] = 0;
    r->queue[qt++] = r->source;
    while (qh < qt) {
        int u = r->queue[qh++];
        for (int a = r->first[u]; a < r->first[u + 1]; a++) {
            int v = r->head[a];
            if (r->level[v] < 0 && admissible(r, u, a)) {
                r->level[v] = r->level[u] + 1;
                r->queue[qt++] = v;
            }
        }
    }
    return r->level[r->sink] >= 0;
}

/* A blocking flow of at most limit along the level graph (Dinic), walked
 * without recursion; returns the amount pushed. */
static long blocking_flow(net *r, long limit)
{
    long pushed = 0;
    for (int v = 0; v < r->n; v++)
        r->iter[v] = r->first[v];
    int depth = 0, v = r->source;
    while (pushed < limit) {
        if (v == r->sink) {
            long f = limit - pushed;
            for (int i = 0; i < depth; i++)
                if (r->cap[r->path[i]] < f)
                    f = r->cap[r->path[i]];
            for (int i = 0; i < depth; i++) {
                r->cap[r->path[i]] -= (int)f;
                r->cap[r->rev[r->path[i]]] += (int)f;
            }
            pushed += f;
            depth = 0;
            v = r->source;
            continue;
        }
        int a = r->iter[v];
        for (; a < r->first[v + 1]; a++)
            if (r->level[r->head[a]] == r->level[v] + 1 && admissible(r, v, a))
                break;
        r->iter[v] = a;
        if (a < r->first[v + 1]) {
            r->path[depth++] = a;
            v = r->head[a];
            continue;
        }
        r->level[v] = -1; /* a dead end for the rest of this level graph */
        if (depth == 0)
            break;
        int back = r->path[--depth];
        v = r->head[r->rev[back]];
        r->iter[v]++;
    }
    return pushed;
}

long dk_mcf_solve(dk_mcf *g, int source, int sink, long max_flow, int64_t *cost_out)
{
    if (cost_out)
        *cost_out = 0;
    if (!g || g->solved || source < 0 || source >= g->nodes || sink < 0 || sink >= g->nodes ||
        source == sink)
        return -1;
    g->solved = 1;
    net r = {0};
    int *fwd = malloc(((size_t)g->nedges + 1) * sizeof *fwd);
    if (!fwd || net_build(g, &r, fwd) != 0) {
        free(fwd);
        net_free(&r);
        return -1;
    }
    r.source = source;
    r.sink = sink;
    long flow = 0;
    int status = 0;
    while (flow < max_flow) {
        status = shortest_paths(&r);
        if (status <= 0)
            break;
        while (flow < max_flow && levels(&r))
            flow += blocking_flow(&r, max_flow - flow);
    }
    if (status >= 0)
        for (int e = 0; e < g->nedges; e++)
            g->flow[e] = r.cap[r.rev[fwd[e]]];
    free(fwd);
    net_free(&r);
    if (status < 0)
        return -1;
    dk_mcf_total(g, NULL, cost_out);
    return flow;
}
