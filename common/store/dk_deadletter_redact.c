/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_deadletter_redact.c — what a dead letter shows of its original: no
 * secret, no personal value in clear, no e-mail address; the replay uses
 * the sealed original instead (dk_deadletter_store.c). */
#include "core/dk_redact.h"
#include "core/dk_utf8.h"
#include "store/dk_deadletter.h"
#include "store/dk_envelope.h"
#include "store/dk_personal.h"

#include <stdlib.h>
#include <string.h>

#define MASK DK_REDACTED
#define MASK_LEN (sizeof MASK - 1)

static int local_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("._%+-'", c) != NULL || c >= 0x80;
}

static int domain_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c >= 0x80;
}

int dk_deadletter_mask_emails(char *text, size_t cap)
{
    int count = 0;
    size_t i = 0;
    while (text[i]) {
        if (text[i] != '@') {
            i++;
            continue;
        }
        size_t s = i, e = i + 1;
        while (s > 0 && local_char((unsigned char)text[s - 1]))
            s--;
        while (domain_char((unsigned char)text[e]))
            e++;
        while (e > i + 1 && text[e - 1] == '.') /* a sentence's full stop */
            e--;
        const char *dot = memchr(text + i + 1, '.', e - i - 1);
        if (s == i || !dot || dot == text + i + 1) {
            i++;
            continue;
        }
        size_t tail = strlen(text + e);
        if (s + MASK_LEN + tail + 1 > cap) { /* no room: cut before the address */
            text[s] = '\0';
            return count + 1;
        }
        memmove(text + s + MASK_LEN, text + e, tail + 1);
        memcpy(text + s, MASK, MASK_LEN);
        i = s + MASK_LEN;
        count++;
    }
    return count;
}

/* A copy of s with its e-mail addresses masked (malloc'd), *n counting. */
static char *masked_copy(const char *s, size_t len, int *n)
{
    size_t cap = 2 * len + MASK_LEN + 1; /* "a@b.c" (5 bytes) grows to 10 at most */
    char *out = malloc(cap);
    if (!out)
        return NULL;
    memcpy(out, s, len);
    out[len] = '\0';
    *n += dk_deadletter_mask_emails(out, cap);
    return out;
}

/* Masks the e-mail addresses in every string value of v, in place. */
static int mask_strings(json_t *v, int *n)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (!strchr(s, '@'))
            return 0;
        int before = *n;
        char *m = masked_copy(s, strlen(s), n);
        int rc = !m || (*n > before && json_string_set(v, m) != 0) ? -1 : 0;
        free(m);
        return rc;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) if (mask_strings(item, n) != 0) return -1;
        return 0;
    }
    const char *key;
    json_t *value;
    json_object_foreach(v, key, value) if (mask_strings(value, n) != 0) return -1;
    return 0;
}

/* Replaces the personal fields of the message's type found in clear in its
 * data (a producer that did not seal them). */
static int mask_clear_personal(json_t *root, int *n)
{
    const char *const *fields =
        dk_personal_fields(json_string_value(json_object_get(root, "type")));
    json_t *data = json_object_get(root, "data");
    for (const char *const *f = fields; f && *f && json_is_object(data); f++) {
        char path[128];
        snprintf(path, sizeof path, "%s", *f);
        json_t *parent = data;
        char *seg = path, *dot;
        while (parent && (dot = strchr(seg, '.')) != NULL) {
            *dot = '\0';
            parent = json_object_get(parent, seg);
            seg = dot + 1;
        }
        json_t *v = json_is_object(parent) ? json_object_get(parent, seg) : NULL;
        if (v && !(json_is_string(v) && strcmp(json_string_value(v), MASK) == 0)) {
            if (json_object_set_new(parent, seg, json_string(MASK)) != 0)
                return -1;
            (*n)++;
        }
    }
    return 0;
}

/* Replaces, anywhere in v, the value of a member named like a personal
 * field of any message type (a message of another type, or one put
 * together by hand, carries them where no table says). */
static int mask_named_personal(json_t *v, int *n)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) if (mask_named_personal(e, n) != 0) return -1;
        return 0;
    }
    const char *key;
    json_t *value;
    json_object_foreach(v, key, value)
    {
        if (!dk_personal_field_name(key)) {
            if (mask_named_personal(value, n) != 0)
                return -1;
        } else if (!(json_is_string(value) && strcmp(json_string_value(value), MASK) == 0)) {
            if (json_object_set_new(v, key, json_string(MASK)) != 0)
                return -1;
            (*n)++;
        }
    }
    return 0;
}

/* How many times the mask appears in the len bytes at s. */
static int masks_in(const char *s, size_t len)
{
    int n = 0;
    for (const char *p = s, *end = s + len;
         p < end && (p = memmem(p, (size_t)(end - p), MASK, MASK_LEN)) != NULL; p += MASK_LEN)
        n++;
    return n;
}

char *dk_deadletter_redact(const char *payload, size_t len, int *replaced)
{
    int n = 0;
    if (replaced)
        *replaced = 0;
    if (!dk_utf8_valid(payload, len) || memchr(payload, '\0', len))
        return NULL;
    json_t *root = json_loadb(payload, len, 0, NULL);
    char *out = NULL;
    if (root) {
        json_t *copy = dk_redact(root, &n);
        json_decref(root);
        if (copy && json_is_object(copy) && mask_clear_personal(copy, &n) != 0)
            n = -1;
        if (copy && n >= 0 && mask_named_personal(json_object_get(copy, "data"), &n) != 0)
            n = -1;
        if (copy && n >= 0 && mask_strings(copy, &n) != 0)
            n = -1;
        if (copy && n > 0)
            out = dk_json_text(copy);
        json_decref(copy);
        if (!copy || n < 0 || (n > 0 && !out))
            return NULL;
    }
    if (!out) /* nothing to hide in the JSON, or any other text */
        out = masked_copy(payload, len, &n);
    if (out && replaced) { /* the new masks only: an original redacted before keeps its count */
        int added = masks_in(out, strlen(out)) - masks_in(payload, len);
        *replaced = added > 0 ? added : 0;
    }
    return out;
}
