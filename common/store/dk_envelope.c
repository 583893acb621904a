/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_envelope.c — building and checking message envelopes, so that no worker
 * touches a message whose frame is wrong. */
#include "store/dk_envelope.h"

#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "store/dk_personal.h"

#include <stdio.h>
#include <string.h>

#define MAX_MESSAGE_BYTES (1024 * 1024)

json_t *dk_envelope_new(const char *type, int version, const char *application_id, json_t *data,
                        const char *id)
{
    char idbuf[37], ts[32];
    if (!id) {
        if (dk_uuid_v4(idbuf) != 0) {
            json_decref(data);
            return NULL;
        }
        id = idbuf;
    }
    char err[200];
    data = dk_personal_seal(type, application_id, data, err, sizeof err);
    if (!data) {
        dk_log(DK_LOG_ERROR, "seal_failed", "%s message for %s not made: %s", type, application_id,
               err);
        return NULL;
    }
    dk_iso8601_utc(dk_now_ms(), ts);
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "id", id, "type", type, "version", version,
                     "time", ts, "application_id", application_id, "data", data);
}

int dk_envelope_parse(const char *buf, size_t len, dk_envelope *env, char *err, size_t errlen)
{
    memset(env, 0, sizeof *env);
    if (len > MAX_MESSAGE_BYTES) {
        snprintf(err, errlen, "message of %zu bytes exceeds %d", len, MAX_MESSAGE_BYTES);
        return -1;
    }
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, errlen, "not JSON: %s (at byte %d)", jerr.text, jerr.position);
        return -1;
    }
    const char *id, *type, *time, *app;
    json_int_t version;
    json_t *data;
    if (json_unpack_ex(root, &jerr, JSON_STRICT, "{s:s, s:s, s:I, s:s, s:s, s:o}", "id", &id,
                       "type", &type, "version", &version, "time", &time, "application_id", &app,
                       "data", &data) != 0) {
        snprintf(err, errlen, "bad envelope: %s", jerr.text);
        json_decref(root);
        return -1;
    }
    int64_t t;
    const char *bad = !dk_uuid_valid(id)                ? "id is not a UUID"
                      : !dk_uuid_valid(app)             ? "application_id is not a UUID"
                      : version < 1 || version > 1000   ? "version out of range"
                      : dk_iso8601_parse(time, &t) != 0 ? "time is not ISO-8601"
                      : !json_is_object(data)           ? "data is not an object"
                                                        : NULL;
    if (bad) {
        snprintf(err, errlen, "bad envelope: %s", bad);
        json_decref(root);
        return -1;
    }
    env->root = root;
    env->id = id;
    env->type = type;
    env->version = (int)version;
    env->time = time;
    env->application_id = app;
    env->data = data;
    return 0;
}

void dk_envelope_free(dk_envelope *env)
{
    json_decref(env->opened);
    json_decref(env->root);
    memset(env, 0, sizeof *env);
}

char *dk_json_text(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}
