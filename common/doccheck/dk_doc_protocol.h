/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_protocol.h — the line protocol between the document checker
 * (workers/docchecker/sandbox.c) and its validator process
 * (workers/docvalidate): on the validator's stdin a request head
 * "KIND SIDE LENGTH\n" then LENGTH bytes of image; on its stdout one JSON
 * line per image. Both sides write and read the head here, so that neither
 * has to reach into the other's folder and the two cannot drift apart. */
#ifndef DK_DOC_PROTOCOL_H
#define DK_DOC_PROTOCOL_H

#include <stddef.h>

/* Room for one request head, its newline and the NUL. */
#define DK_DOC_REQUEST_HEAD_MAX 128
/* Room for the kind or the side of a request, with the NUL. */
#define DK_DOC_REQUEST_WORD_MAX 16

/* Writes the head of a request for len bytes into head (size bytes).
 * Returns its length, or -1 when it does not fit. */
int dk_doc_request_head(char *head, size_t size, const char *kind, const char *side, size_t len);

/* Reads a request head: 0 with kind, side and *len filled, or -1 when the
 * line is not one. */
int dk_doc_request_parse(const char *head, char kind[DK_DOC_REQUEST_WORD_MAX],
                         char side[DK_DOC_REQUEST_WORD_MAX], size_t *len);

#endif
