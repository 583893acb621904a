/* SPDX-License-Identifier: EUPL-1.2 */
/* checker.h — the document checker's prepare step and batch handler (see
 * dk_consumer.h). */
#ifndef DK_CHECKER_H
#define DK_CHECKER_H

#include "dk_consumer.h"
#include "register/dk_register.h"
#include "sandbox.h"

typedef struct {
    dk_sandbox *sandbox;
    dk_register_config register_config; /* DK_REGISTER_*, loaded once */
} dk_checker;

/* The consumer runtime's prepare step: judges each image, reads its MRZ
 * and asks the register, no database. */
void dk_checker_prepare(dk_msg **msgs, size_t n, void *arg);
void dk_checker_free_verdict(void *verdict);

int dk_checker_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen);

#endif
