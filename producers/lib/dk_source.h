/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_source.h — the key under which one client's requests are counted
 * (the scheduler bounds the unanswered proposals held per source) without
 * the client's address being kept anywhere: a keyed hash of its network. */
#ifndef DK_SOURCE_H
#define DK_SOURCE_H

/* HMAC-SHA256(secret, "dk.source.v1|" network) in hex, where network is the
 * address's /32 for IPv4 (an IPv4-mapped IPv6 address counts as its IPv4)
 * or its /64 for IPv6: the addresses one subscriber usually gets — the
 * client network key of core/dk_net.h, which the intake's rate limits and
 * upload counts share. Text that is not an address is its own network.
 * Returns 0, or -1 for an empty addr (no key). */
int dk_source_key(const char *secret, const char *addr, char out[65]);

#endif
