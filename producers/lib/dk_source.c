/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_source.c — the source key of a client address (see dk_source.h). */
#include "dk_source.h"

#include "core/dk_crypto.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int dk_source_key(const char *secret, const char *addr, char out[65])
{
    if (!addr || !*addr)
        return -1;
    unsigned char b[16];
    char hex[33], msg[128];
    if (inet_pton(AF_INET, addr, b) == 1) {
        dk_hex(b, 4, hex);
        snprintf(msg, sizeof msg, "dk.source.v1|4:%s", hex);
    } else if (inet_pton(AF_INET6, addr, b) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(b, mapped, sizeof mapped) == 0) {
            dk_hex(b + 12, 4, hex);
            snprintf(msg, sizeof msg, "dk.source.v1|4:%s", hex);
        } else {
            dk_hex(b, 8, hex);
            snprintf(msg, sizeof msg, "dk.source.v1|6:%s", hex);
        }
    } else {
        snprintf(msg, sizeof msg, "dk.source.v1|x:%.63s", addr);
    }
    dk_keyed_hash_hex(secret, msg, out);
    return 0;
}
