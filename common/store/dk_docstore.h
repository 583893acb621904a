/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_docstore.h — identity-document images at rest: each stored once,
 * encrypted with AES-256-GCM under a key derived from DK_DOCUMENT_KEY, bound
 * to its document id, under DK_DOCUMENT_DIR. Messages carry only the id;
 * images never travel in Kafka. */
#ifndef DK_DOCSTORE_H
#define DK_DOCSTORE_H

#include <stddef.h>

/* Encrypts bytes and writes them as the document doc_id (a UUID), atomically,
 * readable by the owner only. Refuses an image larger than the upload limit
 * (dk_upload_max(), DK_UPLOAD_MAX). Returns 0, or -1 with err. */
int dk_docstore_put(const char *doc_id, const void *bytes, size_t len, char *err, size_t errlen);

/* Reads and decrypts document doc_id: *bytes is malloc'd (caller frees).
 * Fails (-1 with err) when it is missing, larger than max, or does not
 * authenticate (tampered, wrong key, or another document's file). */
int dk_docstore_get(const char *doc_id, void **bytes, size_t *len, size_t max, char *err,
                    size_t errlen);

/* Removes document doc_id from the store (an upload whose transaction
 * failed). Returns 0, also when it was not there, or -1 with err. */
int dk_docstore_remove(const char *doc_id, char *err, size_t errlen);

#endif
