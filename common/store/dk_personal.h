/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_personal.h — personal data on topics: which fields of which message
 * are personal (names, e-mail address, birth data, INSZ, motivation, the
 * interview's video link), and moving them into a sealed data.personal
 * (dk_seal, bound to the message type and application id) and back. Topics
 * then carry ids, statuses, languages, slot times and counts in clear and
 * personal data only sealed; the consumers that need it open it. */
#ifndef DK_PERSONAL_H
#define DK_PERSONAL_H

#include "store/dk_envelope.h"

#include <jansson.h>
#include <stddef.h>

/* The personal fields of a message type as dotted paths inside data
 * ("to", "vars.first_names", ...), NULL-terminated; NULL for a type
 * without personal data. */
const char *const *dk_personal_fields(const char *type);

/* Whether key is the name (the last segment) of a personal field of any
 * message type: what a redaction masks wherever it meets it. */
int dk_personal_field_name(const char *key);

/* The data of a new message of type with its personal fields moved into
 * data.personal, sealed: data is stolen, the result is a new reference
 * (data itself when the type has no personal field present), or NULL with
 * err when sealing failed. */
json_t *dk_personal_seal(const char *type, const char *application_id, json_t *data, char *err,
                         size_t errlen);

/* The data of a received message with data.personal opened and its fields
 * put back in place (a new reference). NULL with err when a personal field
 * travels in clear, the sealed part does not open (malformed, unknown key,
 * tampered, another application's or another type's), or it holds a field
 * the clear part has too. */
json_t *dk_personal_open(const char *type, const char *application_id, const json_t *data,
                         char *err, size_t errlen);

/* Opens env's data in place: env->data becomes the opened data (owned by
 * env->opened); env->root keeps the message as it travelled, sealed, for
 * dead letters. Returns 0, or -1 with err (see dk_personal_open). */
int dk_personal_open_envelope(dk_envelope *env, char *err, size_t errlen);

/* Replaces every occurrence of value (case-insensitive) in text, a
 * NUL-terminated string in a buffer of cap bytes, with mask, as far as the
 * buffer allows; then cuts text where an occurrence remains, so the value
 * never stays in it. For reasons that travel in clear (dead letters). */
void dk_personal_mask(char *text, size_t cap, const char *value, const char *mask);

#endif
