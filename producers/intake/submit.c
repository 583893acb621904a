/* SPDX-License-Identifier: EUPL-1.2 */
/* submit.c — from a validated request to an acknowledged Kafka message: the
 * application id and personal security code are made here, the code is kept
 * only as a keyed hash, and success means the broker acknowledged (acks=all).
 * The code itself never reaches a log, a message or the database; nor does
 * the client's address (only its source key, for the scheduler's limit). */
#include "belgium/dk_insz.h"
#include "core/dk_clock.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "dk_source.h"
#include "intake.h"
#include "store/dk_envelope.h"
#include "store/dk_topics.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_intake_code_hash(const char *key, const char *app_id, const char *code, char out[65])
{
    char msg[96];
    snprintf(msg, sizeof msg, "%s:%s", app_id, code);
    dk_keyed_hash_hex(key, msg, out);
    OPENSSL_cleanse(msg, sizeof msg);
}

/* A copy of a string value without its leading and trailing blanks (the
 * validator judged the trimmed text); other values are copied as they are. */
static json_t *trimmed(const json_t *v)
{
    const char *s = json_string_value(v);
    if (!s)
        return json_deep_copy(v);
    size_t n = json_string_length(v);
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return json_stringn(s, n);
}

/* The message data: the request's fields (trimmed where the validator
 * trims), slots with their UTC instants, and the code's hash. The personal
 * fields leave sealed (dk_envelope_new, dk_personal.h). */
static json_t *message_data(const json_t *body, const char *hash, int64_t now)
{
    static const char *const copied[] = {
        "last_name", "first_names", "birth_date", "birth_country", "birth_place",
        "sex",       "email",       "motivation", "language",      NULL};
    json_t *d = json_object();
    for (const char *const *f = copied; *f; f++)
        json_object_set_new(d, *f, trimmed(json_object_get(body, *f)));
    const char *insz = json_string_value(json_object_get(body, "insz"));
    char norm[12];
    if (insz && *insz && dk_insz_normalise(insz, norm) == 0)
        json_object_set_new(d, "insz", json_string(norm));
    else
        json_object_set_new(d, "insz", json_null());
    json_t *slots = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(body, "preferred_slots"), i, s)
    {
        const char *date = json_string_value(json_object_get(s, "date"));
        const char *from = json_string_value(json_object_get(s, "from"));
        const char *to = json_string_value(json_object_get(s, "to"));
        int64_t a = 0, b = 0;
        char start[32], end[32];
        dk_app_slot_to_utc(date, from, &a);
        dk_app_slot_to_utc(date, to, &b);
        dk_iso8601_utc(a, start);
        dk_iso8601_utc(b, end);
        json_array_append_new(slots, json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", date, "from",
                                               from, "to", to, "start", start, "end", end));
    }
    json_object_set_new(d, "preferred_slots", slots);
    char ts[32];
    dk_iso8601_utc(now, ts);
    json_object_set_new(d, "security_code_hash", json_string(hash));
    json_object_set_new(d, "submitted_at", json_string(ts));
    return d;
}

int dk_submit(dk_intake *in, const json_t *body, const char *client_addr, char app_id[37],
              char code[32])
{
    if (dk_uuid_v4(app_id) != 0 || dk_security_code_new(code) != 0) {
        dk_log(DK_LOG_ERROR, "csprng_failed", "no random bytes: refusing the request");
        return -1;
    }
    char hash[65];
    dk_intake_code_hash(in->code_key, app_id, code, hash);
    json_t *data = message_data(body, hash, dk_now_ms());
    char source[65];
    if (data && dk_source_key(in->code_key, client_addr, source) == 0)
        json_object_set_new(data, "source_key", json_string(source));
    json_t *env = dk_envelope_new("application.submitted", 2, app_id, data, NULL);
    char *text = env ? dk_json_text(env) : NULL;
    json_decref(env);
    if (!text)
        return -1;
    dk_outmsg m = {
        .topic = DK_TOPIC_APPLICATIONS, .key = app_id, .payload = text, .len = strlen(text)};
    dk_producer_send_batch(in->producer, &m, 1);
    free(text);
    if (m.err != 0) {
        dk_logj(DK_LOG_ERROR, "application_not_acknowledged",
                json_pack("{s:s, s:s}", "application_id", app_id, "reason", m.errstr));
        OPENSSL_cleanse(code, 32);
        return -1;
    }
    dk_logj(DK_LOG_INFO, "application_accepted", json_pack("{s:s}", "application_id", app_id));
    return 0;
}
