/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_envelope.h — the JSON envelope every Kafka message of the pipeline wears:
 * {"id","type","version","time","application_id","data"}. Its shape is
 * written down in schemas/messages/envelope.json. */
#ifndef DK_ENVELOPE_H
#define DK_ENVELOPE_H

#include <jansson.h>
#include <stddef.h>

typedef struct {
    json_t *root;     /* owned: the whole parsed message */
    const char *id;   /* borrowed from root */
    const char *type; /* borrowed from root */
    int version;
    const char *time;           /* borrowed from root */
    const char *application_id; /* borrowed from root */
    json_t *data;               /* an object: borrowed from root, or opened */
    json_t *opened; /* owned: data with its personal fields opened (dk_personal.h), or NULL */
} dk_envelope;

/* Builds a new envelope around `data` (stolen), its personal fields sealed
 * (dk_personal.h). `id` NULL = a fresh random UUID; a name-based id makes
 * replays produce the same message id. Returns a new reference, or NULL when
 * the CSPRNG or the sealing failed. */
json_t *dk_envelope_new(const char *type, int version, const char *application_id, json_t *data,
                        const char *id);

/* Parses and checks one message. Returns 0 and fills env (free with
 * dk_envelope_free), or -1 with a reason in err. Personal fields stay
 * sealed: dk_personal_open_envelope opens them. */
int dk_envelope_parse(const char *buf, size_t len, dk_envelope *env, char *err, size_t errlen);

void dk_envelope_free(dk_envelope *env);

/* The compact text of a JSON value, malloc'd (caller frees), keys in order. */
char *dk_json_text(const json_t *v);

#endif
