/* SPDX-License-Identifier: EUPL-1.2 */
/* mailer.c — one mail job: skip it when its dedupe key was already sent,
 * compose it (dk_mail_compose: the applicant's language, the links only the
 * mailer makes, the calendar entry), send it over SMTP, and record the
 * outcome. A job that can never be sent (unknown template, a secret in its
 * vars, a recipient refused by us or permanently by the relay) is recorded
 * as failed and goes to the dead-letter topic with the reason. A relay that
 * cannot take mail (no connection, timeout, 421, ...) or that defers this
 * message (a 4xx to it) is waited out: the job is held by the consumer
 * runtime (DK_HANDLE_HOLD), uncommitted, and tried again on a backoff
 * capped at DK_MAIL_RETRY_BACKOFF_MAX_MS, without limit in time. While the
 * relay is down, one held job at a time asks it (the others wait for that
 * answer instead of each opening a connection); its first 250 releases
 * them all. A job for a mailbox that already received
 * DK_MAIL_MAX_PER_RECIPIENT_DAY mails in the last 24 hours is recorded as
 * suppressed and not sent: no one can turn the service into a mail cannon
 * against a third party's address. */
#include "mailer.h"

#include "belgium/dk_email.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "dk_mail_compose.h"
#include "mail/dk_mime.h"
#include "mail/dk_smtp.h"
#include "metrics/dk_metrics.h"
#include "store/dk_personal.h"
#include "store/dk_pg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- metrics ---- */

static struct {
    dk_metrics_family *sent, *failed, *relay;
} fam;
static pthread_once_t fam_once = PTHREAD_ONCE_INIT;

static void register_metrics(void)
{
    fam.sent = dk_metrics_counter("dk_mails_sent_total",
                                  "Mails the SMTP relay accepted, by template.", "template");
    fam.failed = dk_metrics_counter(
        "dk_mails_failed_total",
        "Mail jobs ended without a mail: refused recipient or unusable job (reason=refused), "
        "permanent SMTP failure (smtp_permanent), the daily cap per mailbox (suppressed).",
        "reason");
    fam.relay = dk_metrics_counter("dk_smtp_failures_total",
                                   "Attempts the relay could not take now (kind=unavailable: down "
                                   "or timed out; deferred: a 4xx): the job is held and retried.",
                                   "kind");
    static const char *const reasons[] = {"refused", "smtp_permanent", "suppressed"};
    for (size_t i = 0; i < 3; i++)
        dk_metrics_with(fam.failed, reasons[i]); /* shown at 0 from the start */
    dk_metrics_with(fam.relay, "unavailable");
    dk_metrics_with(fam.relay, "deferred");
}

void dk_mailer_metrics(void)
{
    pthread_once(&fam_once, register_metrics);
}

static void count(dk_metrics_family **f, const char *label)
{
    pthread_once(&fam_once, register_metrics);
    dk_metrics_inc(dk_metrics_with(*f, label));
}

typedef struct {
    const char *job_id, *app_id, *template_name, *lang, *to, *dedupe_key;
    const json_t *vars;
    char mailbox[256]; /* dk_email_mailbox_key of to: what the cap counts */
} mail_job;

/* 1 when this dedupe key was already sent (the row is locked until commit,
 * so a racing replica waits and then sees it). -1 on a database error. */
static int already_sent(PGconn *pg, const char *key, char *err, size_t errlen)
{
    const char *p[] = {key};
    PGresult *r = dk_pg_query(pg, "SELECT status FROM mails WHERE dedupe_key = $1 FOR UPDATE", 1, p,
                              err, errlen);
    if (!r)
        return -1;
    int sent = PQntuples(r) > 0 && strcmp(PQgetvalue(r, 0, 0), "sent") == 0;
    PQclear(r);
    return sent;
}

static int record(PGconn *pg, const mail_job *j, const char *subject, const char *message_id,
                  const char *status, int attempts, const char *last_error, char *err,
                  size_t errlen)
{
    char att[16];
    snprintf(att, sizeof att, "%d", attempts);
    const char *p[] = {j->job_id, j->dedupe_key, j->app_id,  j->template_name,
                       j->lang,   j->to,         subject,    message_id,
                       status,    att,           last_error, j->mailbox};
    PGresult *r = dk_pg_query(
        pg,
        "INSERT INTO mails (job_id, dedupe_key, application_id, template, language, recipient,"
        " subject, message_id, status, attempts, last_error, sent_at, recipient_key) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
        " CASE WHEN $9 = 'sent' THEN now() END, $12) "
        "ON CONFLICT (dedupe_key) DO UPDATE SET status = EXCLUDED.status,"
        " attempts = mails.attempts + EXCLUDED.attempts, last_error = EXCLUDED.last_error,"
        " subject = EXCLUDED.subject, message_id = EXCLUDED.message_id,"
        " sent_at = EXCLUDED.sent_at, recipient_key = EXCLUDED.recipient_key",
        12, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

/* How many mails this job's mailbox received in the last 24 hours. The
 * mailbox's transaction lock (held until this job's COMMIT) makes replicas
 * count one after the other, so two of them never both send the last mail
 * the cap allows; the count is its own statement, taken once the lock is
 * held, so it sees what the previous holder committed. -1 on error. */
static long sent_last_day(PGconn *pg, const mail_job *j, char *err, size_t errlen)
{
    const char *p[] = {j->mailbox};
    PGresult *r = dk_pg_query(pg,
                              "SELECT pg_advisory_xact_lock(hashtextextended("
                              "'dk.mail.recipient:' || $1, 0))",
                              1, p, err, errlen);
    if (!r)
        return -1;
    PQclear(r);
    r = dk_pg_query(pg,
                    "SELECT count(*) FROM mails WHERE recipient_key = $1 AND status = 'sent'"
                    " AND sent_at > now() - interval '24 hours'",
                    1, p, err, errlen);
    if (!r)
        return -1;
    long n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return n;
}

/* The relay as this worker last found it (the worker's thread only). */
static struct {
    long failures;       /* relay-level failures in a row: 0 = up */
    int64_t next_ask_ms; /* dk_mono_ms() before which nobody asks it again */
    int64_t down_since_ms;
} relay;

static dk_smtp_result send_once(const mail_job *j, const char *msg, size_t len, char *why,
                                size_t whylen)
{
    const char *user = dk_config_str("DK_SMTP_USER");
    return dk_smtp_send(dk_config_str("DK_SMTP_URL"), user[0] ? user : NULL,
                        user[0] ? dk_config_str("DK_SMTP_PASSWORD") : NULL,
                        (int)dk_config_int("DK_SMTP_REQUIRE_TLS"),
                        dk_config_int("DK_SMTP_TIMEOUT_MS"), dk_config_str("DK_MAIL_FROM"), j->to,
                        msg, len, why, whylen);
}

/* A relay-level failure: the relay is asked again after the backoff of the
 * failures in a row; the job waits exactly that long. */
static void relay_failed(const mail_job *j, const char *why)
{
    int64_t now = dk_mono_ms();
    if (relay.failures++ == 0)
        relay.down_since_ms = now;
    long wait = dk_worker_backoff_ms(relay.failures, dk_config_int("DK_MAIL_RETRY_BACKOFF_MS"),
                                     dk_config_int("DK_MAIL_RETRY_BACKOFF_MAX_MS"));
    relay.next_ask_ms = now + wait;
    dk_worker_hold_for(wait);
    dk_logj(relay.failures == 1 ? DK_LOG_WARN : DK_LOG_INFO, "smtp_relay_unavailable",
            json_pack("{s:s, s:s, s:I, s:I, s:I, s:s}", "application_id", j->app_id, "template",
                      j->template_name, "failures", (json_int_t)relay.failures, "down_ms",
                      (json_int_t)(now - relay.down_since_ms), "next_try_ms", (json_int_t)wait,
                      "reason", why));
}

static void relay_answered(void)
{
    if (relay.failures == 0)
        return;
    dk_logj(DK_LOG_WARN, "smtp_relay_back",
            json_pack("{s:I, s:I}", "failures", (json_int_t)relay.failures, "down_ms",
                      (json_int_t)(dk_mono_ms() - relay.down_since_ms)));
    relay.failures = 0;
    dk_worker_hold_release(); /* the jobs held for the relay go now */
}

static int handle_one(PGconn *pg, dk_msg *m, char *err, size_t errlen)
{
    mail_job j = {.job_id = m->id, .app_id = m->env.application_id};
    json_error_t je;
    if (json_unpack_ex(m->env.data, &je, 0, "{s:s, s:s, s:s, s:s, s:o}", "template",
                       &j.template_name, "language", &j.lang, "to", &j.to, "dedupe_key",
                       &j.dedupe_key, "vars", &j.vars) != 0 ||
        !json_is_object(j.vars)) {
        dk_msg_reject(m, "mail job does not match schemas/messages/mail.requested.json: %s",
                      je.text);
        return 0;
    }
    int sent = already_sent(pg, j.dedupe_key, err, errlen);
    if (sent < 0)
        return -1;
    if (sent) {
        dk_logj(DK_LOG_INFO, "mail_already_sent",
                json_pack("{s:s, s:s}", "application_id", j.app_id, "template", j.template_name));
        return 0;
    }
    dk_email_mailbox_key(j.to, j.mailbox, sizeof j.mailbox);
    char why[512];
    if (dk_mime_addr_check(j.to, why, sizeof why) != 0) {
        dk_msg_reject(m, "recipient refused: %s", why);
        count(&fam.failed, "refused");
        return record(pg, &j, NULL, NULL, "failed", 0, why, err, errlen);
    }
    long cap = dk_config_int("DK_MAIL_MAX_PER_RECIPIENT_DAY");
    long recent = sent_last_day(pg, &j, err, errlen);
    if (recent < 0)
        return -1;
    if (recent >= cap) {
        /* No address in the log: the application and the template say enough. */
        dk_logj(DK_LOG_WARN, "mail_suppressed",
                json_pack("{s:s, s:s, s:I, s:I}", "application_id", j.app_id ? j.app_id : "",
                          "template", j.template_name, "sent_last_24h", (json_int_t)recent, "cap",
                          (json_int_t)cap));
        snprintf(why, sizeof why, "suppressed: this mailbox already received %ld mails in 24 hours",
                 recent);
        count(&fam.failed, "suppressed");
        return record(pg, &j, NULL, NULL, "suppressed", 0, why, err, errlen);
    }
    /* The Message-ID is derived from the job: a resend after a crash in the
     * instant between SMTP's 250 and our COMMIT carries the same id, which
     * mail systems use to recognise the duplicate. */
    char message_id[128];
    snprintf(message_id, sizeof message_id, "%s@digitalkey.dk", j.job_id);
    dk_mail_job job = {.template_name = j.template_name,
                       .lang = j.lang,
                       .to = j.to,
                       .vars = j.vars,
                       .message_id = message_id,
                       .now_ms = dk_now_ms()};
    dk_mail_composed mail = {0};
    if (dk_mail_compose(&job, &mail, why, sizeof why) != 0) {
        dk_personal_mask(why, sizeof why, j.to, "[recipient]");
        dk_msg_reject(m, "%s", why);
        count(&fam.failed, "refused");
        int rc = record(pg, &j, mail.subject, NULL, "failed", 0, why, err, errlen);
        dk_mail_composed_free(&mail);
        return rc;
    }
    int64_t now = dk_mono_ms();
    if (relay.failures > 0 && now < relay.next_ask_ms) {
        /* Another job asks the relay at next_ask_ms: this one waits for it. */
        dk_worker_hold_for((long)(relay.next_ask_ms - now));
        dk_mail_composed_free(&mail);
        return DK_HANDLE_HOLD;
    }
    /* The times the job was taken up (mails.attempts): a hold counts, also
     * one that waited for another job's question to the relay. */
    int rc, attempts = m->held + 1;
    dk_smtp_result res = send_once(&j, mail.message, mail.len, why, sizeof why);
    if (res != DK_SMTP_TEMPORARY)
        relay_answered();
    if (res == DK_SMTP_OK) {
        count(&fam.sent, j.template_name); /* a known template: it was composed */
        rc = record(pg, &j, mail.subject, message_id, "sent", attempts, NULL, err, errlen);
        dk_logj(DK_LOG_INFO, "mail_sent",
                json_pack("{s:s, s:s, s:s, s:i}", "application_id", j.app_id, "template",
                          j.template_name, "language", j.lang, "attempts", attempts));
    } else if (res == DK_SMTP_TEMPORARY || res == DK_SMTP_DEFERRED) {
        /* Held, not failed: the job stays uncommitted and is tried again
         * (after a restart too), however long the relay takes. */
        dk_personal_mask(why, sizeof why, j.to, "[recipient]");
        count(&fam.relay, res == DK_SMTP_TEMPORARY ? "unavailable" : "deferred");
        if (res == DK_SMTP_TEMPORARY)
            relay_failed(&j, why);
        else
            dk_logj(DK_LOG_WARN, "smtp_deferred",
                    json_pack("{s:s, s:s, s:i, s:s}", "application_id", j.app_id, "template",
                              j.template_name, "attempt", attempts, "reason", why));
        rc = DK_HANDLE_HOLD;
    } else {
        /* An SMTP server's answer often repeats the address, which the
         * reason would carry in clear to the dead-letter topic. */
        dk_personal_mask(why, sizeof why, j.to, "[recipient]");
        dk_msg_reject(m, "permanent SMTP failure after %d attempt(s): %s", attempts, why);
        count(&fam.failed, "smtp_permanent");
        rc = record(pg, &j, mail.subject, message_id, "failed", attempts, why, err, errlen);
    }
    dk_mail_composed_free(&mail);
    return rc;
}

int dk_mailer_handle(PGconn *pg, dk_msg **msgs, size_t n, void *arg, char *err, size_t errlen)
{
    (void)arg;
    for (size_t i = 0; i < n; i++) {
        int rc = handle_one(pg, msgs[i], err, errlen);
        if (rc != 0)
            return rc == DK_HANDLE_HOLD ? DK_HANDLE_HOLD : -1;
    }
    return 0;
}
