/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_source.c — the source key of a client address (see dk_source.h). */
#include "dk_source.h"

#include "core/dk_crypto.h"
#include "core/dk_net.h"

#include <stdio.h>

int dk_source_key(const char *secret, const char *addr, char out[65])
{
    if (!addr || !*addr)
        return -1;
    /* The network as every per-client limit counts it (dk_net_key). */
    char net[DK_NET_KEY], msg[128];
    dk_net_key(addr, net);
    snprintf(msg, sizeof msg, "dk.source.v1|%s", net);
    dk_keyed_hash_hex(secret, msg, out);
    return 0;
}
