/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_addrcount.h — how many of something each client address holds at
 * once (the intake's uploads in flight, say), bounded per address, in a table of
 * fixed size so memory stays bounded whatever the number of addresses. */
#ifndef DK_ADDRCOUNT_H
#define DK_ADDRCOUNT_H

typedef struct dk_addrcount dk_addrcount;

/* At most `per_addr` (>= 1) at once for one address. */
dk_addrcount *dk_addrcount_new(int per_addr);

/* Takes one for addr: 1 when granted, 0 when addr already holds per_addr
 * (or the table has no room left, which refuses rather than forgets). */
int dk_addrcount_take(dk_addrcount *ac, const char *addr);

/* Gives back one taken for addr. */
void dk_addrcount_give(dk_addrcount *ac, const char *addr);

void dk_addrcount_free(dk_addrcount *ac);

#endif
