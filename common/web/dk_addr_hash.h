/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_addr_hash.h — the hash by which the per-address tables of the front
 * door (dk_ratelimit.c, dk_addrcount.c) place a client address: FNV-1a. */
#ifndef DK_ADDR_HASH_H
#define DK_ADDR_HASH_H

static inline unsigned dk_addr_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

#endif
