/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ratelimit.c — submissions per client network: one token bucket per
 * network key (core/dk_net.h: an IPv4 address, an IPv6 /64; capacity = the
 * per-minute limit, refilled continuously) in a fixed-size table, so memory
 * stays bounded whatever the number of addresses; when the table is full
 * the least recently seen network is forgotten. */
#include "web/dk_ratelimit.h"

#include "core/dk_net.h"
#include "web/dk_addr_hash.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 8192
#define PROBES 16

typedef struct {
    char addr[DK_NET_KEY]; /* the network key; "" = unused */
    double tokens;
    double last; /* seconds, monotonic */
} bucket;

struct dk_ratelimit {
    long per_minute;
    pthread_mutex_t lock;
    bucket *b;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

dk_ratelimit *dk_ratelimit_new(long per_minute)
{
    dk_ratelimit *rl = calloc(1, sizeof *rl);
    rl->per_minute = per_minute;
    pthread_mutex_init(&rl->lock, NULL);
    rl->b = calloc(SLOTS, sizeof *rl->b);
    return rl;
}

int dk_ratelimit_take(dk_ratelimit *rl, const char *addr, int *retry_after)
{
    if (rl->per_minute <= 0)
        return 1;
    double t = now_s(), rate = (double)rl->per_minute / 60.0;
    char key[DK_NET_KEY];
    dk_net_key(addr, key);
    pthread_mutex_lock(&rl->lock);
    unsigned h = dk_addr_hash(key);
    bucket *hit = NULL, *oldest = NULL;
    for (unsigned i = 0; i < PROBES && !hit; i++) {
        bucket *b = &rl->b[(h + i) % SLOTS];
        if (b->addr[0] && strcmp(b->addr, key) == 0)
            hit = b;
        else if (!oldest || b->last < oldest->last)
            oldest = b;
    }
    if (!hit) {
        hit = oldest;
        snprintf(hit->addr, sizeof hit->addr, "%s", key);
        hit->tokens = (double)rl->per_minute;
        hit->last = t;
    }
    hit->tokens += (t - hit->last) * rate;
    if (hit->tokens > (double)rl->per_minute)
        hit->tokens = (double)rl->per_minute;
    hit->last = t;
    int ok = hit->tokens >= 1.0;
    if (ok)
        hit->tokens -= 1.0;
    else
        *retry_after = (int)ceil((1.0 - hit->tokens) / rate);
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

void dk_ratelimit_free(dk_ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->b);
    free(rl);
}
