/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_addrcount.c — per-key counters (dk_addrcount.h) in an open-addressed
 * table: a key is found within PROBES slots of its hash; a slot whose
 * count fell to zero is free again. */
#include "web/dk_addrcount.h"

#include "core/dk_net.h"
#include "web/dk_addr_hash.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096
#define PROBES 32

typedef struct {
    char addr[DK_NET_KEY]; /* the key */
    int count;
} slot;

struct dk_addrcount {
    int per_addr;
    pthread_mutex_t lock;
    slot s[SLOTS];
};

dk_addrcount *dk_addrcount_new(int per_addr)
{
    dk_addrcount *ac = calloc(1, sizeof *ac);
    if (!ac)
        return NULL;
    ac->per_addr = per_addr < 1 ? 1 : per_addr;
    pthread_mutex_init(&ac->lock, NULL);
    return ac;
}

/* The slot holding addr, else (when `free_out`) the first free one on its
 * probe path, else NULL. */
static slot *find(dk_addrcount *ac, const char *key, int free_out)
{
    char addr[DK_NET_KEY];
    snprintf(addr, sizeof addr, "%s", key); /* as the slot keeps it */
    unsigned h = dk_addr_hash(addr);
    slot *spare = NULL;
    for (unsigned i = 0; i < PROBES; i++) {
        slot *s = &ac->s[(h + i) % SLOTS];
        if (s->count > 0 && strcmp(s->addr, addr) == 0)
            return s;
        if (s->count == 0 && !spare)
            spare = s;
    }
    return free_out ? spare : NULL;
}

int dk_addrcount_take(dk_addrcount *ac, const char *addr)
{
    pthread_mutex_lock(&ac->lock);
    slot *s = find(ac, addr, 1);
    int ok = s && s->count < ac->per_addr;
    if (ok) {
        if (s->count == 0)
            snprintf(s->addr, sizeof s->addr, "%s", addr);
        s->count++;
    }
    pthread_mutex_unlock(&ac->lock);
    return ok;
}

void dk_addrcount_give(dk_addrcount *ac, const char *addr)
{
    pthread_mutex_lock(&ac->lock);
    slot *s = find(ac, addr, 0);
    if (s)
        s->count--;
    pthread_mutex_unlock(&ac->lock);
}

void dk_addrcount_free(dk_addrcount *ac)
{
    if (!ac)
        return;
    pthread_mutex_destroy(&ac->lock);
    free(ac);
}
