/* SPDX-License-Identifier: EUPL-1.2 */
/* recorder.h — the recorder's batch handler (see dk_consumer.h). */
#ifndef DK_RECORDER_H
#define DK_RECORDER_H

#include "dk_consumer.h"

int dk_recorder_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen);

#endif
