/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_smtp.h — hands one finished message to an SMTP relay with libcurl and
 * says whether a failure is worth retrying. The mailer's retry and
 * dead-letter decisions rest on that classification. */
#ifndef DK_SMTP_H
#define DK_SMTP_H

#include <stddef.h>

typedef enum {
    DK_SMTP_OK = 0,        /* the relay accepted the message (250 after DATA) */
    DK_SMTP_TEMPORARY = 1, /* retry later: no connection, timeout, 4xx, TLS or
                              authentication trouble (the relay's or our
                              configuration's fault, not this message's) */
    DK_SMTP_PERMANENT = 2  /* do not retry this message: a 5xx reply to it, or
                              arguments that can never work */
} dk_smtp_result;

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

/* Closes the calling thread's kept connection and handle (at exit). */
void dk_smtp_release(void);

/* Checks a relay URL once at start-up, with the same rules as
 * dk_smtp_send(): scheme smtp or smtps, a host, an optional port and
 * ";starttls" suffix. Returns 0, or -1 with the reason in err. */
int dk_smtp_url_check(const char *url, char *err, size_t errlen);

#endif
