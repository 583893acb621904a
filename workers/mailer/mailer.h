/* SPDX-License-Identifier: EUPL-1.2 */
/* mailer.h — the mailer's handler (see dk_consumer.h). */
#ifndef DK_MAILER_H
#define DK_MAILER_H

#include "dk_consumer.h"

/* Registers the mailer's metrics (sent, failed, relay failures), so that
 * they show from the start at 0. */
void dk_mailer_metrics(void);

int dk_mailer_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen);

#endif
