/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-mailer: the worker that turns mail jobs into e-mails. One job
 * per transaction, because sending is an effect outside PostgreSQL: the
 * job's row in `mails` commits together with its "handled" mark. */
#include "dk_consumer.h"
#include "mail/dk_smtp.h"
#include "mailer.h"
#include "store/dk_topics.h"

int main(void)
{
    static const char *const topics[] = {DK_TOPIC_MAIL_JOBS, NULL};
    static const char *const types[] = {"mail.requested", NULL};
    dk_worker_def def = {
        .service = "mailer",
        .group = "dk-mailer",
        .topics = topics,
        .types = types,
        .handle = dk_mailer_handle,
        .one_per_transaction = 1,
    };
    int rc = dk_worker_run(&def);
    dk_smtp_release();
    return rc;
}
