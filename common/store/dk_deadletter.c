/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_deadletter.c — one dead letter: made by the consumer runtime (row,
 * sealed original and topic message in the worker's transaction), read
 * back from the topic's text, shown as JSON; and the --since argument of
 * the commands that read them. */
#include "store/dk_deadletter.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_utf8.h"
#include "store/dk_envelope.h"
#include "store/dk_outbox.h"
#include "store/dk_pg.h"
#include "store/dk_seal.h"
#include "store/dk_topics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIL_UUID "00000000-0000-0000-0000-000000000000"
#define SEAL_PURPOSE "deadletter.original"

/* A malloc'd copy of s with its e-mail addresses masked. */
static char *masked(const char *s)
{
    size_t len = strlen(s), cap = 2 * len + 16;
    char *out = malloc(cap);
    if (out) {
        memcpy(out, s, len + 1);
        dk_deadletter_mask_emails(out, cap);
    }
    return out;
}

static int utf8_text(const char *s)
{
    return s && dk_utf8_valid(s, strlen(s));
}

/* The sealed original: {"payload": the bytes, "key": the Kafka key}. */
static char *sealed_original(const dk_deadletter_source *s, const char *app, char *err,
                             size_t errlen)
{
    json_t *plain = json_pack("{s:s%, s:s}", "payload", s->payload, s->len, "key",
                              utf8_text(s->key) ? s->key : "");
    json_t *sealed = plain ? dk_seal(plain, SEAL_PURPOSE, app, err, errlen) : NULL;
    char *text = sealed ? dk_json_text(sealed) : NULL;
    if (!plain || (sealed && !text))
        snprintf(err, errlen, "dead letter: out of memory");
    json_decref(plain);
    json_decref(sealed);
    return text;
}

int dk_deadletter_record(PGconn *pg, const dk_deadletter_source *s, char *err, size_t errlen)
{
    const char *app = s->application_id ? s->application_id : NIL_UUID;
    char id[37];
    if (dk_uuid_v4(id) != 0) {
        snprintf(err, errlen, "dead letter: no random id (CSPRNG)");
        return -1;
    }
    int redacted;
    char *original = dk_deadletter_redact(s->payload, s->len, &redacted);
    char *reason = masked(s->reason);
    json_t *data =
        reason ? json_pack("{s:s, s:s, s:s, s:{s:s, s:i, s:I, s:s, s:s}, s:s}", "reason", reason,
                           "group", s->group, "service", s->service, "source", "topic", s->topic,
                           "partition", (int)s->partition, "offset", (json_int_t)s->offset, "key",
                           utf8_text(s->key) ? s->key : "", "message_id", s->message_id, "original",
                           original ? original : "(not UTF-8: see the source offset)")
               : NULL;
    if (data && redacted > 0)
        json_object_set_new(data, "redacted", json_integer(redacted));
    free(original);
    json_t *env = data ? dk_envelope_new("deadletter", 1, app, data, id) : NULL;
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    if (!text) {
        snprintf(err, errlen, "dead letter: out of memory");
        free(reason);
        return -1;
    }
    char *sealed = NULL;
    int rc = -1;
    if (s->application_id && !(sealed = sealed_original(s, app, err, errlen)))
        goto out;
    if (dk_outbox_add(pg, DK_TOPIC_DEADLETTER, app, text, err, errlen) != 0)
        goto out;
    char partition[16], offset[24];
    snprintf(partition, sizeof partition, "%d", (int)s->partition);
    snprintf(offset, sizeof offset, "%lld", (long long)s->offset);
    const char *p[] = {id,       s->message_id, s->group, s->application_id,
                       s->topic, partition,     offset,   reason,
                       text,     sealed};
    PGresult *r = dk_pg_query(pg,
                              "INSERT INTO dead_letters (id, message_id, consumer_group,"
                              " application_id, source_topic, source_partition, source_offset,"
                              " reason, envelope, original_sealed) VALUES ($1::uuid, $2::uuid, $3,"
                              " $4::uuid, $5, $6::int, $7::bigint, $8, $9, $10::jsonb)",
                              10, p, err, errlen);
    rc = r ? 0 : -1;
    PQclear(r);
out:
    free(sealed);
    free(reason);
    free(text);
    return rc;
}

/* ---- reading one back ---- */

static void copy_id(char out[37], const char *s)
{
    snprintf(out, 37, "%s", s && dk_uuid_valid(s) ? s : "");
}

int dk_deadletter_parse(const char *text, size_t len, dk_deadletter *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    json_error_t je;
    json_t *root = json_loadb(text, len, 0, &je);
    const char *id, *type, *time, *app, *reason, *group, *service, *topic, *key, *mid, *original;
    int version, partition, redacted = 0;
    json_int_t offset;
    if (!root || json_unpack_ex(root, &je, 0,
                                "{s:s, s:s, s:i, s:s, s:s, s:{s:s, s:s, s:s, s:{s:s, s:i, s:I,"
                                " s:s, s:s}, s:s, s?i}}",
                                "id", &id, "type", &type, "version", &version, "time", &time,
                                "application_id", &app, "data", "reason", &reason, "group", &group,
                                "service", &service, "source", "topic", &topic, "partition",
                                &partition, "offset", &offset, "key", &key, "message_id", &mid,
                                "original", &original, "redacted", &redacted) != 0) {
        snprintf(err, errlen, "not a dead letter: %s", je.text);
        json_decref(root);
        return -1;
    }
    if (strcmp(type, "deadletter") != 0 || version != 1 || !dk_uuid_valid(id) ||
        !dk_uuid_valid(mid) || !dk_uuid_valid(app) || partition < 0 || redacted < 0) {
        snprintf(err, errlen, "not a dead letter v1 (type, version, an id or the partition)");
        json_decref(root);
        return -1;
    }
    copy_id(d->id, id);
    copy_id(d->message_id, mid);
    copy_id(d->application_id, app);
    snprintf(d->at, sizeof d->at, "%s", time);
    int again = 0;
    d->original = dk_deadletter_redact(original, strlen(original), &again);
    d->redacted = redacted + again;
    d->reason = masked(reason);
    d->group = strdup(group);
    d->service = strdup(service);
    d->topic = strdup(topic);
    d->key = masked(key);
    d->partition = partition;
    d->offset = offset;
    json_decref(root);
    if (!d->original || !d->reason || !d->group || !d->service || !d->topic || !d->key) {
        dk_deadletter_clear(d);
        snprintf(err, errlen, "dead letter: out of memory");
        return -1;
    }
    return 0;
}

json_t *dk_deadletter_json(const dk_deadletter *d)
{
    int none = strcmp(d->application_id, NIL_UUID) == 0 || !d->application_id[0];
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:i, s:I, s:s, s:s}, s:s?, s:s, s:i,"
                     " s:b, s:s?, s:s?}",
                     "id", d->id, "at", d->at, "group", d->group, "service", d->service, "reason",
                     d->reason, "source", "topic", d->topic, "partition", (int)d->partition,
                     "offset", (json_int_t)d->offset, "key", d->key, "message_id", d->message_id,
                     "application_id", none ? NULL : d->application_id, "original", d->original,
                     "redacted", d->redacted, "replayable", d->replayable, "replayed_at",
                     d->replayed_at[0] ? d->replayed_at : NULL, "replayed_by", d->replayed_by);
}

void dk_deadletter_clear(dk_deadletter *d)
{
    free(d->reason);
    free(d->group);
    free(d->service);
    free(d->topic);
    free(d->key);
    free(d->original);
    free(d->replayed_by);
    memset(d, 0, sizeof *d);
}

/* ---- --since ---- */

int dk_deadletter_since_parse(const char *text, int64_t *at_ms, int64_t *back_s)
{
    *at_ms = 0;
    *back_s = 0;
    if (!text || !*text)
        return -1;
    if (dk_iso8601_parse(text, at_ms) == 0)
        return 0;
    *at_ms = 0;
    size_t n = strlen(text);
    if (n < 2 || n > 8 || text[0] < '1' || text[0] > '9')
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        v = v * 10 + (text[i] - '0');
    }
    const char *units = "smhd";
    static const int64_t seconds[] = {1, 60, 3600, 86400};
    const char *u = strchr(units, text[n - 1]);
    if (!u || !*u)
        return -1;
    v *= seconds[u - units];
    if (v > 3650LL * 86400)
        return -1;
    *back_s = v;
    return 0;
}
