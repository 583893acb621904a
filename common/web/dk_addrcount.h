/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_addrcount.h — how many of something each key holds at once (the
 * intake's uploads in flight per client network, key dk_net_key of the
 * address, and per link), bounded per key, in a table of fixed size so
 * memory stays bounded whatever the number of clients. */
#ifndef DK_ADDRCOUNT_H
#define DK_ADDRCOUNT_H

typedef struct dk_addrcount dk_addrcount;

/* At most `per_addr` (>= 1) at once for one key. */
dk_addrcount *dk_addrcount_new(int per_addr);

/* Takes one for addr (a key of at most 65 bytes: a longer one is counted
 * under its first 65): 1 when granted, 0 when it already holds per_addr
 * (or the table has no room left, which refuses rather than forgets). */
int dk_addrcount_take(dk_addrcount *ac, const char *addr);

/* Gives back one taken for addr. */
void dk_addrcount_give(dk_addrcount *ac, const char *addr);

void dk_addrcount_free(dk_addrcount *ac);

#endif
