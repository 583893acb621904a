/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_dash_deadletter.c — what the dashboard shows of a dead letter
 * (dk_dash.h): the reason and where it came from, and of the failing
 * message its text as `dk deadletter list` shows it (the one redaction,
 * store/dk_deadletter.h), cut to a line's length. */
#include "dash/dk_dash_internal.h"

#include "store/dk_deadletter.h"

#include <stdlib.h>
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
    /* The same redaction as `dk deadletter list` (store/dk_deadletter.h):
     * secret and personal fields and e-mail addresses replaced, applied
     * again here whatever the writer did. */
    int replaced = 0;
    char *safe = dk_deadletter_redact(original, strlen(original), &replaced);
    char r[208], g[72], s[72], t[72], o[DK_DASH_ORIGINAL_MAX + 8];
    dk_dash_clip(reason, 200, r);
    dk_deadletter_mask_emails(r, sizeof r);
    dk_dash_clip(group, 64, g);
    dk_dash_clip(service, 64, s);
    dk_dash_clip(topic, 64, t);
    dk_dash_clip(safe ? safe : "(not shown: not UTF-8)", DK_DASH_ORIGINAL_MAX, o);
    free(safe);
    json_int_t partition = json_integer_value(json_object_get(source, "partition")),
               offset = json_integer_value(json_object_get(source, "offset"));
    return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:i}", "reason", r, "group", g, "service",
                     s, "topic", t, "partition", partition, "offset", offset, "original", o,
                     "redacted", replaced);
}
