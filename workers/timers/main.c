/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-timers: makes time a producer. It has no input topic (its
 * input is the clock), so it runs on the consumer runtime as a worker that
 * is its background thread alone (dk_worker_def with no topics): the same
 * configuration check, PostgreSQL and Kafka connections, outbox relay and
 * SIGTERM handling as every worker, and no consumer group to join. Any
 * number of replicas share the due timers (FOR UPDATE SKIP LOCKED). */
#include "dk_consumer.h"
#include "timers.h"

int main(void)
{
    static const char *const none[] = {NULL};
    dk_worker_def def = {
        .service = "timers",
        .group = "dk-timers",
        .topics = none,
        .types = none,
        .background = dk_timers_loop,
    };
    return dk_worker_run(&def);
}
