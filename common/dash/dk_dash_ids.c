/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_ids.c — the table from ids to indexes, and the bounded tables of
 * counts by name, of the dashboard's state (dk_dash_internal.h). */
#include "dash/dk_dash_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow(dash_ids *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    char(*keys)[37] = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->vals[i])
            continue;
        size_t j = hash(t->keys[i]) & (cap - 1);
        while (vals[j])
            j = (j + 1) & (cap - 1);
        memcpy(keys[j], t->keys[i], 37);
        vals[j] = t->vals[i];
    }
    free(t->keys);
    free(t->vals);
    t->keys = keys;
    t->vals = vals;
    t->cap = cap;
    return 0;
}

long dk_dash_ids_find(dash_ids *t, const char *key, int add, uint32_t next, int *added)
{
    if (added)
        *added = 0;
    if (!key || strlen(key) > 36)
        return -1;
    if (add && (t->n + 1) * 4 > t->cap * 3 && grow(t) != 0)
        return -2;
    if (!t->cap)
        return -1;
    size_t j = hash(key) & (t->cap - 1);
    while (t->vals[j]) {
        if (strcmp(t->keys[j], key) == 0)
            return (long)t->vals[j] - 1;
        j = (j + 1) & (t->cap - 1);
    }
    if (!add)
        return -1;
    strcpy(t->keys[j], key);
    t->vals[j] = next + 1;
    t->n++;
    if (added)
        *added = 1;
    return (long)next;
}

void dk_dash_ids_free(dash_ids *t)
{
    free(t->keys);
    free(t->vals);
    memset(t, 0, sizeof *t);
}

void dk_dash_names_add(dash_names *t, const char *name, int64_t by)
{
    if (!name || !*name || strlen(name) > 64) {
        t->other += by;
        return;
    }
    for (size_t i = 0; i < t->used; i++)
        if (strcmp(t->name[i], name) == 0) {
            t->n[i] += by;
            return;
        }
    if (t->used == DASH_NAMES) {
        t->other += by;
        return;
    }
    strcpy(t->name[t->used], name);
    t->n[t->used++] = by;
}

json_t *dk_dash_names_json(const dash_names *t)
{
    /* Largest first, then by name: the same figures give the same order. */
    size_t order[DASH_NAMES];
    for (size_t i = 0; i < t->used; i++)
        order[i] = i;
    for (size_t i = 1; i < t->used; i++)
        for (size_t j = i; j > 0; j--) {
            size_t a = order[j - 1], b = order[j];
            if (t->n[a] > t->n[b] || (t->n[a] == t->n[b] && strcmp(t->name[a], t->name[b]) < 0))
                break;
            order[j - 1] = b;
            order[j] = a;
        }
    json_t *out = json_array();
    for (size_t i = 0; out && i < t->used; i++)
        json_array_append_new(out, json_pack("{s:s, s:I}", "name", t->name[order[i]], "count",
                                             (json_int_t)t->n[order[i]]));
    if (out && t->other > 0)
        json_array_append_new(
            out, json_pack("{s:s, s:I}", "name", "other", "count", (json_int_t)t->other));
    return out;
}
