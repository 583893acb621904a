/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c — dk-mailer: the worker that turns mail jobs into e-mails. One job
 * per transaction, because sending is an effect outside PostgreSQL: the
 * job's row in `mails` commits together with its "handled" mark. A job the
 * relay cannot take now is held (DK_HANDLE_HOLD) on the mailer's backoff. */
#include "core/dk_config.h"
#include "dk_consumer.h"
#include "mail/dk_smtp.h"
#include "mailer.h"
#include "metrics/dk_metrics.h"
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
        .hold_first_ms = dk_config_int("DK_MAIL_RETRY_BACKOFF_MS"),
        .hold_max_ms = dk_config_int("DK_MAIL_RETRY_BACKOFF_MAX_MS"),
    };
    dk_smtp_set_abort_check(dk_worker_stopping); /* SIGTERM ends a wait on a silent relay */
    /* /readyz also asks the relay (the runtime adds PostgreSQL and the broker). */
    dk_mailer_metrics();
    dk_metrics_ready_check("smtp", dk_smtp_ready, (void *)dk_config_str("DK_SMTP_URL"));
    int rc = dk_worker_run(&def);
    dk_smtp_release();
    return rc;
}
