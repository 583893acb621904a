/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_net.h — a client's IP address as the service counts it: one spelling
 * of an address (whatever way a proxy header wrote it), and the client
 * network key every per-client limit shares (the rate limits, the uploads
 * in flight, the source key of the scheduler's limit): an IPv4 address, or
 * the /64 of an IPv6 one, since one subscriber gets a whole /64. */
#ifndef DK_NET_H
#define DK_NET_H

#include <stddef.h>

#define DK_NET_TEXT 46 /* INET6_ADDRSTRLEN: the longest spelling, with its NUL */
#define DK_NET_KEY 66  /* "x:" + 63 bytes + NUL */

/* Parses the n bytes at s as an IPv4 or IPv6 address with inet_pton
 * (nothing around it: no spaces, brackets, port or zone) and writes its one
 * spelling into out: IPv4 dotted, an IPv4-mapped IPv6 address as its IPv4,
 * other IPv6 as inet_ntop writes it (lower case, the longest run of zeros
 * compressed). Returns 0, or -1 (out "") when it is not an address. */
int dk_net_normalise(const char *s, size_t n, char out[DK_NET_TEXT]);

/* The client network key of addr: "4:" and the 8 hex digits of an IPv4
 * address (also when IPv4-mapped), "6:" and the 16 hex digits of an IPv6
 * address's /64, whatever the spelling; text that is no address is
 * "x:" and that text (cut at 63 bytes), never equal to an address's key.
 * NULL is taken as "". */
void dk_net_key(const char *addr, char out[DK_NET_KEY]);

#endif
