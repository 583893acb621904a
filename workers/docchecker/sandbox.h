/* SPDX-License-Identifier: EUPL-1.2 */
/* sandbox.h — judging an image in a separate validator process, so that a
 * decoder crash, a hang or a memory blow-up on a hostile file costs one
 * process, not the worker. The process is kept warm between images and
 * restarted after a failure. */
#ifndef DK_SANDBOX_H
#define DK_SANDBOX_H

#include <jansson.h>
#include <stddef.h>

typedef struct dk_sandbox dk_sandbox;

/* A sandbox running the validator binary exe (started on first use). */
dk_sandbox *dk_sandbox_new(const char *exe);

/* Judges one image. Returns 0 with *result (a new reference: the JSON object
 * of `dk document check` minus "file", with "mrz" — the object of `dk
 * document mrz` minus "file" — when mrz was asked and the image accepted),
 * or -1 when the validator crashed, hung past timeout_ms or answered
 * nonsense; err says which. */
int dk_sandbox_check(dk_sandbox *s, const char *kind, const char *side, const void *bytes,
                     size_t len, int mrz, long timeout_ms, json_t **result, char *err,
                     size_t errlen);

void dk_sandbox_free(dk_sandbox *s);

#endif
