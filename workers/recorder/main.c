/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-recorder: the worker that makes each submitted application a
 * row in PostgreSQL (status `submitted`, personal data, preferred slots) and,
 * in the same transaction, queues the "request received" mail job. */
#include "dk_consumer.h"
#include "recorder.h"
#include "store/dk_topics.h"

int main(void)
{
    static const char *const topics[] = {DK_TOPIC_APPLICATIONS, NULL};
    static const char *const types[] = {"application.submitted", NULL};
    dk_worker_def def = {
        .service = "recorder",
        .group = "dk-recorder",
        .topics = topics,
        .types = types,
        .handle = dk_recorder_handle,
    };
    return dk_worker_run(&def);
}
