/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_smtp.h — hands one finished message to an SMTP relay with libcurl and
 * says whether a failure is worth retrying. The mailer's retry and
 * dead-letter decisions rest on that classification. */
#ifndef DK_SMTP_H
#define DK_SMTP_H

#include <stddef.h>

typedef enum {
    DK_SMTP_OK = 0,        /* the relay accepted the message (250 after DATA) */
    DK_SMTP_TEMPORARY = 1, /* the relay cannot take mail now: no connection,
                              timeout, I/O, TLS or authentication trouble, 421,
                              any other refusal before the recipient (the
                              relay's or our configuration's fault, not this
                              message's): every mail would fail alike */
    DK_SMTP_PERMANENT = 2, /* do not retry this message: a 5xx reply to its
                              recipient or to its content, or arguments that
                              can never work */
    DK_SMTP_DEFERRED = 3   /* the relay works but refused this message for
                              now: a 4xx reply (not 421, not 452 4.3.1) to its
                              recipient or to its content */
} dk_smtp_result;

/* The SMTP command a reply answered, as dk_smtp_send() tracks it. */
typedef enum {
    DK_SMTP_STAGE_GREETING = 0, /* connected, no command sent yet */
    DK_SMTP_STAGE_HELLO,        /* EHLO / HELO */
    DK_SMTP_STAGE_STARTTLS,
    DK_SMTP_STAGE_AUTH,
    DK_SMTP_STAGE_MAIL, /* MAIL FROM */
    DK_SMTP_STAGE_RCPT, /* RCPT TO */
    DK_SMTP_STAGE_DATA, /* the DATA command itself */
    DK_SMTP_STAGE_END   /* the message's end ("." after 354) */
} dk_smtp_stage;

/* The decision for a failed transaction: the relay's last error reply
 * (code 400..599 with its RFC 3463 status, "" when none) to the command
 * of stage, or code 0 when the relay gave none (no connection, timeout,
 * TLS or I/O failure: DK_SMTP_TEMPORARY). 421 and 452 4.3.1 (the relay
 * out of storage) are the relay's at any stage; a 5xx before MAIL FROM or
 * to MAIL FROM (a sender or an account the relay refuses) is our
 * configuration's, so DK_SMTP_TEMPORARY: every mail waits for the fix
 * instead of all going to the dead letters, except 552/555 to MAIL FROM
 * (this message's size or parameters). */
dk_smtp_result dk_smtp_classify(dk_smtp_stage stage, int code, const char *status);

/* Sends msg (len bytes, a complete CRLF message such as dk_mime_build()
 * makes) from mail_from to the one recipient rcpt_to (plain addr-specs,
 * checked with dk_mime_addr_check()).
 *
 * url: "smtp://host[:port][/ehlo-name]" or "smtps://..." (implicit TLS).
 * TLS for smtp:// is decided like this:
 *   - a ";starttls" suffix on the URL, or require_tls != 0: STARTTLS is
 *     required (CURLUSESSL_ALL); the suffix is ours and removed before curl
 *     sees the URL;
 *   - otherwise, to a loopback host (localhost, 127.0.0.0/8, ::1): no TLS;
 *   - otherwise: STARTTLS when the relay offers it (CURLUSESSL_TRY), and
 *     required when a username is given, so a password never crosses the
 *     network in clear.
 * Certificates are always verified against the system's CA store.
 * username/password: SMTP AUTH credentials, NULL (or "") for none.
 * timeout_ms bounds the whole transaction, connection included (> 0).
 *
 * Thread-safe: each thread keeps one curl handle whose open connection the
 * next mail to the same relay reuses (curl_global_init runs once).
 * err (may be NULL) receives curl's message and the SMTP reply code and
 * enhanced status, e.g. "RCPT failed: 550 (SMTP 550 5.1.1)"; it never
 * contains the password or the message. */
dk_smtp_result dk_smtp_send(const char *url, const char *username, const char *password,
                            int require_tls, long timeout_ms, const char *mail_from,
                            const char *rcpt_to, const char *msg, size_t len, char *err,
                            size_t errlen);

/* A check dk_smtp_send() calls while it waits (at least once a second):
 * when it returns non-zero before the whole message was handed over, the
 * transaction is abandoned with DK_SMTP_TEMPORARY, so a worker asked to
 * stop does not wait out a silent relay. Once the message's last byte is
 * out, the relay may be accepting it: the reply is awaited (timeout_ms).
 * NULL (the default): never abandoned. Set once, before sending. */
void dk_smtp_set_abort_check(int (*should_abort)(void));

/* Closes the calling thread's kept connection and handle (at exit). */
void dk_smtp_release(void);

/* Checks a relay URL once at start-up, with the same rules as
 * dk_smtp_send(): scheme smtp or smtps, a host, an optional port and
 * ";starttls" suffix. Returns 0, or -1 with the reason in err. */
int dk_smtp_url_check(const char *url, char *err, size_t errlen);

/* A readiness check (metrics/dk_metrics.h's dk_metrics_check_fn; url: the
 * relay's URL, a char *): 0 when the relay accepts a TCP connection and,
 * on smtp://, greets with 220 (2 s each), else -1 with why. */
int dk_smtp_ready(void *url, char *why, size_t whylen);

#endif
