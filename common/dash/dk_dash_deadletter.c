/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_deadletter.c — what the dashboard shows of a dead letter
 * (dk_dash.h): the reason and where it came from, and of the failing
 * message only its shape. The one redaction of the dashboard, kept in one
 * function so that a shared one can take its place. */
#include "dash/dk_dash_internal.h"

#include <string.h>

void dk_dash_clip(const char *s, size_t max, char *out)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* not inside a UTF-8 sequence */
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* The shape of the original message: its envelope's type, id and
 * application id when it is one, and the names of its data's fields. */
static json_t *original_shape(const char *original)
{
    json_t *o = json_pack("{s:I}", "bytes", (json_int_t)strlen(original));
    json_t *doc = json_loads(original, JSON_REJECT_DUPLICATES, NULL);
    if (!o || !json_is_object(doc)) {
        json_decref(doc);
        if (o)
            json_object_set_new(o, "json", json_false());
        return o;
    }
    json_object_set_new(o, "json", json_true());
    static const char *const ids[] = {"type", "id", "application_id", NULL};
    for (const char *const *k = ids; *k; k++) {
        const char *v = json_string_value(json_object_get(doc, *k));
        char clipped[80];
        if (v) {
            dk_dash_clip(v, 64, clipped);
            json_object_set_new(o, *k, json_string(clipped));
        }
    }
    json_t *fields = json_array(), *data = json_object_get(doc, "data"), *v;
    const char *key;
    size_t n = 0;
    json_object_foreach(data, key, v)
    {
        char clipped[80];
        if (n++ >= 24)
            break;
        dk_dash_clip(key, 40, clipped);
        json_array_append_new(fields, json_string(clipped));
    }
    json_object_set_new(o, "fields", fields ? fields : json_array());
    json_decref(doc);
    return o;
}

json_t *dk_dash_deadletter_view(const json_t *data)
{
    const json_t *source = json_object_get(data, "source");
    const char *reason = json_string_value(json_object_get(data, "reason")),
               *group = json_string_value(json_object_get(data, "group")),
               *service = json_string_value(json_object_get(data, "service")),
               *topic = json_string_value(json_object_get(source, "topic")),
               *original = json_string_value(json_object_get(data, "original"));
    if (!reason || !*reason || !group || !service || !topic || !original)
        return NULL;
    char r[208], g[72], s[72], t[72];
    dk_dash_clip(reason, 200, r);
    dk_dash_clip(group, 64, g);
    dk_dash_clip(service, 64, s);
    dk_dash_clip(topic, 64, t);
    json_int_t partition = json_integer_value(json_object_get(source, "partition")),
               offset = json_integer_value(json_object_get(source, "offset"));
    return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "reason", r, "group", g, "service", s,
                     "topic", t, "partition", partition, "offset", offset, "original",
                     original_shape(original));
}
