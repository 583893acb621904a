/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_seal.h — sealing a JSON object for travel through Kafka: AES-256-GCM
 * under a key derived from DK_MESSAGE_KEY, bound to a purpose label and an
 * application id, so that whoever may read topics (dashboards, operators)
 * sees the sealed object and cannot read or move it. The sealed form is
 *   {"alg":"A256GCM","kid":"<16 hex>","iv":"<b64>","ct":"<b64>","tag":"<b64>"}
 * kid names the key (the first 8 bytes of SHA-256 of the derived key), so a
 * rotation can open what the old key sealed: set the new secret in
 * DK_MESSAGE_KEY and the previous one in DK_MESSAGE_KEY_OLD until every
 * message sealed under it has been consumed. */
#ifndef DK_SEAL_H
#define DK_SEAL_H

#include <jansson.h>
#include <stddef.h>

#define DK_SEAL_ALG "A256GCM"
#define DK_SEAL_KID_LEN 16 /* hex digits */

/* Seals the object plain under DK_MESSAGE_KEY with a fresh random 96-bit IV;
 * the associated data is purpose and application_id. Returns the sealed
 * object (a new reference), or NULL with err (CSPRNG or cipher failure). */
json_t *dk_seal(const json_t *plain, const char *purpose, const char *application_id, char *err,
                size_t errlen);

/* Opens a sealed object made by dk_seal for the same purpose and
 * application id, under DK_MESSAGE_KEY or DK_MESSAGE_KEY_OLD (chosen by
 * kid). Returns the plain object (a new reference), or NULL with err when
 * the object is malformed, names an unknown key, does not authenticate
 * (tampered, sealed for another application or purpose), or is not an
 * object inside. */
json_t *dk_seal_open(const json_t *sealed, const char *purpose, const char *application_id,
                     char *err, size_t errlen);

/* The kid of the key derived from secret (DK_SEAL_KID_LEN hex digits + NUL). */
void dk_seal_kid(const char *secret, char out[DK_SEAL_KID_LEN + 1]);

#endif
