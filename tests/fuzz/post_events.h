/* SPDX-License-Identifier: EUPL-1.2 */
/* post_events.h — for the fuzz targets of the intake's form and upload
 * callbacks: replays a text description of what libmicrohttpd's post
 * processor hands its callback, field by field and piece by piece, so that
 * our callbacks are fuzzed in-process without a socket or a connection.
 *
 * One event a line ('\n'); %XX in a key or a value stands for that byte:
 *   =KEY<TAB>VALUE  a field's first piece (offset 0)
 *   =KEY            a key without a value (data NULL, size 0)
 *   @KEY<TAB>VALUE  a file part's first piece (filename "scan.jpg", image/jpeg)
 *   +VALUE          the next piece of the field before (offset: its bytes so far)
 *   ~VALUE          a multipart part without a name (key NULL)
 * Other lines are skipped. Each piece is passed in a buffer of exactly its
 * size, so a read past it is caught by ASan. */
#ifndef FUZZ_POST_EVENTS_H
#define FUZZ_POST_EVENTS_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

/* Calls cb with cls for each event until one returns MHD_NO (as the post
 * processor stops then). Returns the number of calls made. */
int post_events_replay(const uint8_t *data, size_t size, MHD_PostDataIterator cb, void *cls);

#endif
