/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_personal.c — the personal fields of each message type and their
 * sealing into data.personal (see dk_personal.h). The purpose of the seal is
 * the message type, so a sealed part moved to another message type or
 * another application does not open. */
#include "store/dk_personal.h"

#include "core/dk_err.h"
#include "store/dk_seal.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 4

static const char *const submitted_fields[] = {
    "last_name", "first_names", "birth_date", "birth_country", "birth_place",
    "sex",       "insz",        "email",      "motivation",    NULL};

/* The recipient, the names the mail greets, the video link of the
 * interview (whoever holds it can join the applicant's interview), and what
 * a civil servant wrote to the applicant about their interview. */
static const char *const mail_fields[] = {"to",
                                          "vars.first_names",
                                          "vars.last_name",
                                          "vars.video_url",
                                          "vars.calendar.video_url",
                                          "vars.interviewer_note",
                                          "vars.decision_motivation",
                                          NULL};

/* The interviewer's free texts about the applicant (interview.outcome). */
static const char *const outcome_fields[] = {"motivation", "missing_text", "correction_reason",
                                             NULL};

static const struct {
    const char *type;
    const char *const *fields;
} personal_table[] = {
    {"application.submitted", submitted_fields},
    {"mail.requested", mail_fields},
    {"interview.outcome", outcome_fields},
};

const char *const *dk_personal_fields(const char *type)
{
    for (size_t i = 0; type && i < sizeof personal_table / sizeof personal_table[0]; i++)
        if (strcmp(personal_table[i].type, type) == 0)
            return personal_table[i].fields;
    return NULL;
}

int dk_personal_field_name(const char *key)
{
    for (size_t i = 0; key && i < sizeof personal_table / sizeof personal_table[0]; i++)
        for (const char *const *f = personal_table[i].fields; *f; f++) {
            const char *dot = strrchr(*f, '.'), *leaf = dot ? dot + 1 : *f;
            if (strcmp(leaf, key) == 0)
                return 1;
        }
    return 0;
}

/* Splits a dotted path into at most MAX_DEPTH segments (in buf). */
static int split(const char *path, char *buf, size_t buflen, char *seg[MAX_DEPTH])
{
    snprintf(buf, buflen, "%s", path);
    int n = 0;
    for (char *s = buf, *dot; s && n < MAX_DEPTH; s = dot ? dot + 1 : NULL) {
        dot = strchr(s, '.');
        if (dot)
            *dot = '\0';
        seg[n++] = s;
    }
    return n;
}

/* The object holding the path's last segment, or NULL when a step is
 * missing or not an object. */
static json_t *parent_of(json_t *root, char *const seg[], int n)
{
    json_t *o = root;
    for (int i = 0; i < n - 1 && o; i++)
        o = json_object_get(o, seg[i]);
    return json_is_object(o) ? o : NULL;
}

/* The same path inside dst, its missing objects made on the way. */
static json_t *make_parent(json_t *dst, char *const seg[], int n)
{
    json_t *o = dst;
    for (int i = 0; i < n - 1; i++) {
        json_t *next = json_object_get(o, seg[i]);
        if (!next) {
            next = json_object();
            json_object_set_new(o, seg[i], next);
        }
        o = next;
    }
    return o;
}

json_t *dk_personal_seal(const char *type, const char *application_id, json_t *data, char *err,
                         size_t errlen)
{
    if (!data) {
        dk_errf(err, errlen, "no data to seal");
        return NULL;
    }
    const char *const *fields = dk_personal_fields(type);
    if (!fields)
        return data;
    /* A deep copy: parts of data (a calendar entry, vars) may be shared. */
    json_t *clear = json_deep_copy(data), *personal = json_object();
    json_decref(data);
    for (const char *const *f = fields; *f; f++) {
        char buf[128], *seg[MAX_DEPTH];
        int n = split(*f, buf, sizeof buf, seg);
        json_t *parent = parent_of(clear, seg, n);
        json_t *v = parent ? json_object_get(parent, seg[n - 1]) : NULL;
        if (!v)
            continue;
        json_object_set(make_parent(personal, seg, n), seg[n - 1], v);
        json_object_del(parent, seg[n - 1]);
    }
    if (json_object_size(personal) == 0) {
        json_decref(personal);
        return clear;
    }
    json_t *sealed = dk_seal(personal, type, application_id, err, errlen);
    json_decref(personal);
    if (!sealed) {
        json_decref(clear);
        return NULL;
    }
    json_object_set_new(clear, "personal", sealed);
    return clear;
}

/* Puts src's members into dst, recursing where both hold an object;
 * a member both have otherwise is a collision (its path in err). */
static int merge(json_t *dst, const json_t *src, const char *at, char *err, size_t errlen)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)src, key, v)
    {
        char path[160];
        snprintf(path, sizeof path, "%s%s%s", at, at[0] ? "." : "", key);
        json_t *have = json_object_get(dst, key);
        if (!have) {
            json_object_set(dst, key, v);
        } else if (json_is_object(have) && json_is_object(v)) {
            if (merge(have, v, path, err, errlen) != 0)
                return -1;
        } else {
            dk_errf(err, errlen, "data.personal refused: it holds '%.60s', which is in clear too",
                    path);
            return -1;
        }
    }
    return 0;
}

json_t *dk_personal_open(const char *type, const char *application_id, const json_t *data,
                         char *err, size_t errlen)
{
    const char *const *fields = dk_personal_fields(type);
    for (const char *const *f = fields; f && *f; f++) {
        char buf[128], *seg[MAX_DEPTH];
        int n = split(*f, buf, sizeof buf, seg);
        json_t *parent = parent_of((json_t *)data, seg, n);
        if (parent && json_object_get(parent, seg[n - 1])) {
            dk_errf(err, errlen,
                    "personal field '%s' of %.40s travels in clear: it must be sealed in "
                    "data.personal",
                    *f, type);
            return NULL;
        }
    }
    const json_t *sealed = json_object_get(data, "personal");
    if (!sealed)
        return json_incref((json_t *)data);
    json_t *out = json_deep_copy(data);
    char why[200];
    json_t *plain = dk_seal_open(sealed, type, application_id, why, sizeof why);
    if (!plain) {
        dk_errf(err, errlen, "data.personal refused: %s", why);
        json_decref(out);
        return NULL;
    }
    json_object_del(out, "personal");
    int rc = merge(out, plain, "", err, errlen);
    json_decref(plain);
    if (rc != 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

int dk_personal_open_envelope(dk_envelope *env, char *err, size_t errlen)
{
    json_t *opened = dk_personal_open(env->type, env->application_id, env->data, err, errlen);
    if (!opened)
        return -1;
    json_decref(env->opened);
    env->opened = opened;
    env->data = opened;
    return 0;
}

void dk_personal_mask(char *text, size_t cap, const char *value, const char *mask)
{
    size_t n = value ? strlen(value) : 0, m = strlen(mask);
    if (n == 0)
        return;
    for (char *p = strcasestr(text, value); p; p = strcasestr(p, value)) {
        size_t tail = strlen(p + n);
        if ((size_t)(p - text) + m + tail + 1 > cap) {
            *p = '\0'; /* no room for the mask: the text ends before the value */
            return;
        }
        memmove(p + m, p + n, tail + 1);
        memcpy(p, mask, m);
        p += m;
    }
}
