/* checker.h — the document checker's batch handler (see dk_consumer.h). */
#ifndef DK_CHECKER_H
#define DK_CHECKER_H

#include "dk_consumer.h"
#include "sandbox.h"

typedef struct {
    dk_sandbox *sandbox;
} dk_checker;

int dk_checker_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen);

#endif
