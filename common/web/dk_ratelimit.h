/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ratelimit.h — requests per client network (an IPv4 address, an IPv6
 * /64: core/dk_net.h's key), bounded in memory: used by every public page
 * that accepts submissions. */
#ifndef DK_RATELIMIT_H
#define DK_RATELIMIT_H

typedef struct dk_ratelimit dk_ratelimit;

/* A token bucket per client network, refilled at per_minute/minute up to
 * per_minute; 0 = unlimited. Free with dk_ratelimit_free. */
dk_ratelimit *dk_ratelimit_new(long per_minute);

/* Returns 1 when a request from addr (an address in any spelling; it
 * counts for its network) may go on; else 0 and, in *retry_after, the
 * whole seconds until one may. Thread-safe. */
int dk_ratelimit_take(dk_ratelimit *rl, const char *addr, int *retry_after);

void dk_ratelimit_free(dk_ratelimit *rl);

#endif
