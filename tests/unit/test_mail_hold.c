/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mail_hold.c — what makes the mailer hold rather than give up: the
 * classification of SMTP replies by the command they answer
 * (dk_smtp_classify: relay down, this message deferred, this message
 * refused for good), and the backoff schedule of held batches
 * (dk_worker_backoff_ms: 1 s, 2 s, 4 s, ... capped at a minute). */
#include "dk_consumer.h"
#include "dk_test.h"
#include "mail/dk_smtp.h"

#include <limits.h>

static void test_no_reply_is_the_relay(void)
{
    /* Connection refused, timeout, TLS or I/O failure: no error reply. */
    for (int st = DK_SMTP_STAGE_GREETING; st <= DK_SMTP_STAGE_END; st++) {
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 0, ""), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 250, ""), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 399, NULL), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 600, NULL), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, -1, NULL), DK_SMTP_TEMPORARY);
    }
}

static void test_421_and_storage_are_the_relay_everywhere(void)
{
    for (int st = DK_SMTP_STAGE_GREETING; st <= DK_SMTP_STAGE_END; st++) {
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 421, "4.3.2"), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 421, ""), DK_SMTP_TEMPORARY);
        CHECK_INT(dk_smtp_classify((dk_smtp_stage)st, 452, "4.3.1"), DK_SMTP_TEMPORARY);
    }
}

static void test_4xx_to_the_message_is_deferred(void)
{
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_RCPT, 450, "4.2.1"), DK_SMTP_DEFERRED);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_RCPT, 451, "4.3.0"), DK_SMTP_DEFERRED);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_RCPT, 452, "4.5.3"), DK_SMTP_DEFERRED);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_DATA, 451, ""), DK_SMTP_DEFERRED);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_END, 451, "4.7.1"), DK_SMTP_DEFERRED);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_END, 452, NULL), DK_SMTP_DEFERRED);
}

static void test_4xx_before_the_recipient_is_the_relay(void)
{
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_GREETING, 450, ""), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_HELLO, 451, ""), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_STARTTLS, 454, "4.7.0"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_AUTH, 454, "4.7.0"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_MAIL, 451, "4.3.0"), DK_SMTP_TEMPORARY);
}

static void test_5xx_to_the_message_is_permanent(void)
{
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_RCPT, 550, "5.1.1"), DK_SMTP_PERMANENT);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_RCPT, 553, ""), DK_SMTP_PERMANENT);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_DATA, 554, "5.5.1"), DK_SMTP_PERMANENT);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_END, 552, "5.3.4"), DK_SMTP_PERMANENT);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_END, 554, "5.7.1"), DK_SMTP_PERMANENT);
    /* Its size or parameters refused at MAIL FROM: still this message's. */
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_MAIL, 552, "5.3.4"), DK_SMTP_PERMANENT);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_MAIL, 555, "5.5.4"), DK_SMTP_PERMANENT);
}

static void test_5xx_to_our_configuration_holds(void)
{
    /* A refused sender or account would dead-letter every mail: held. */
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_GREETING, 554, "5.3.2"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_HELLO, 501, ""), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_STARTTLS, 530, "5.7.0"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_AUTH, 535, "5.7.8"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_MAIL, 550, "5.7.1"), DK_SMTP_TEMPORARY);
    CHECK_INT(dk_smtp_classify(DK_SMTP_STAGE_MAIL, 530, "5.7.0"), DK_SMTP_TEMPORARY);
}

static void test_backoff_schedule(void)
{
    /* The mailer's defaults: 1 s doubling, capped at a minute. */
    static const long want[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        CHECK_INT(dk_worker_backoff_ms(i + 1, 1000, 60000), want[i]);
    CHECK_INT(dk_worker_backoff_ms(1000000, 1000, 60000), 60000);
    CHECK_INT(dk_worker_backoff_ms(LONG_MAX, 1000, 60000), 60000);
    /* Out-of-range arguments. */
    CHECK_INT(dk_worker_backoff_ms(0, 1000, 60000), 1000);
    CHECK_INT(dk_worker_backoff_ms(-5, 1000, 60000), 1000);
    CHECK_INT(dk_worker_backoff_ms(3, 0, 60000), 4);
    CHECK_INT(dk_worker_backoff_ms(3, -10, 60000), 4);
    CHECK_INT(dk_worker_backoff_ms(3, 1000, 0), 1);
    CHECK_INT(dk_worker_backoff_ms(1, 90000, 60000), 60000); /* first above the cap */
    CHECK_INT(dk_worker_backoff_ms(5, 100, 60000), 1600);    /* the integration tests' */
    /* Never overflows, whatever the numbers. */
    CHECK_INT(dk_worker_backoff_ms(200, LONG_MAX / 3, LONG_MAX), LONG_MAX);
    long prev = 0;
    for (long a = 1; a <= 70; a++) {
        long d = dk_worker_backoff_ms(a, 7, LONG_MAX - 1);
        CHECK(d >= prev && d <= LONG_MAX - 1);
        prev = d;
    }
}

int main(void)
{
    test_no_reply_is_the_relay();
    test_421_and_storage_are_the_relay_everywhere();
    test_4xx_to_the_message_is_deferred();
    test_4xx_before_the_recipient_is_the_relay();
    test_5xx_to_the_message_is_permanent();
    test_5xx_to_our_configuration_holds();
    test_backoff_schedule();
    DK_TEST_DONE();
}
