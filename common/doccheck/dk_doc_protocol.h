/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_protocol.h — the line protocol between the document checker
 * (workers/docchecker/sandbox.c) and its validator process
 * (workers/docvalidate): on the validator's stdin a request head
 * "KIND SIDE LENGTH\n" (the quality verdict) or "KIND SIDE LENGTH mrz\n"
 * (besides, when the verdict is accepted, the MRZ read off the image:
 * "mrz" in the answer) then LENGTH bytes of image; on its stdout one JSON
 * line per image, at most DK_DOC_ANSWER_MAX bytes with its newline. Both sides write and read the
 * head here, so that neither has to reach into the other's folder and the two cannot drift apart.
 */
#ifndef DK_DOC_PROTOCOL_H
#define DK_DOC_PROTOCOL_H

#include <stddef.h>

/* Room for one request head, its newline and the NUL. */
#define DK_DOC_REQUEST_HEAD_MAX 128
/* Room for the kind or the side of a request, with the NUL. */
#define DK_DOC_REQUEST_WORD_MAX 16
/* The longest answer line: a verdict is a few hundred bytes, an MRZ read a
 * few thousand; the validator drops the MRZ part of a longer one. */
#define DK_DOC_ANSWER_MAX (1 << 16)

/* Writes the head of a request for len bytes into head (size bytes); mrz
 * asks for the MRZ besides the verdict. Returns its length, or -1 when it
 * does not fit. */
int dk_doc_request_head(char *head, size_t size, const char *kind, const char *side, size_t len,
                        int mrz);

/* Reads a request head: 0 with kind, side, *len and *mrz filled, or -1
 * when the line is not one (a fourth word other than "mrz" included). */
int dk_doc_request_parse(const char *head, char kind[DK_DOC_REQUEST_WORD_MAX],
                         char side[DK_DOC_REQUEST_WORD_MAX], size_t *len, int *mrz);

#endif
