/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mime.h — composes one complete RFC 5322 / MIME e-mail, UTF-8 throughout:
 * encoded headers, a text (+ HTML) body in quoted-printable, attachments in
 * base64. The mailer hands the result to dk_smtp_send() unchanged. */
#ifndef DK_MIME_H
#define DK_MIME_H

#include <stddef.h>
#include <stdint.h>

/* Caps on what a caller may put in one message. */
#define DK_MIME_MAX_ADDR 254        /* an address, RFC 5321 path limit */
#define DK_MIME_MAX_NAME 256        /* display name, bytes */
#define DK_MIME_MAX_SUBJECT 998     /* subject, bytes */
#define DK_MIME_MAX_BODY (4u << 20) /* each of text and html */
#define DK_MIME_MAX_ATTACHMENTS 16
#define DK_MIME_MAX_ATTACHED (10u << 20) /* all attachment data together */

typedef struct {
    const char *filename;     /* UTF-8, no path separators; NULL = none */
    const char *content_type; /* e.g. "text/calendar; method=REQUEST; charset=UTF-8" */
    const unsigned char *data;
    size_t len;
} dk_mime_attachment;

/* The file name of the calendar attachment of interview e-mails. */
#define DK_MIME_ICS_FILENAME "interview.ics"

/* Every pointer is borrowed for the duration of dk_mime_build() only. */
typedef struct {
    const char *from_name;  /* display name, UTF-8; NULL or "" = none */
    const char *from_addr;  /* addr-spec, "no-reply@example.be" (no <>) */
    const char *to_addr;    /* addr-spec */
    const char *subject;    /* UTF-8, non-empty */
    const char *text;       /* UTF-8 plain-text body (LF or CRLF lines) */
    const char *html;       /* UTF-8 HTML body; NULL = text only */
    const char *message_id; /* "id@domain", without the <> */
    int64_t date_ms;        /* the Date: instant, ms since the Unix epoch
                               (UTC); written in Brussels local time with
                               its offset (+0100 / +0200) */
    const char *language;   /* Content-Language, e.g. "nl"; NULL = omitted */
    const dk_mime_attachment *attachments;
    size_t n_attachments;
} dk_mime_message;

/* Builds the message: headers Date, From, To, Subject, Message-ID,
 * MIME-Version, Content-Language, Auto-Submitted, then the body —
 * text/plain alone, or multipart/alternative (text/plain + text/html),
 * wrapped in multipart/mixed when there are attachments. Every line ends in
 * CRLF; header lines stay within 78 characters where the syntax allows a
 * fold (an address or Message-ID longer than that stays on its line), body
 * lines within 76. Boundaries come from the CSPRNG and are checked against
 * the content.
 * Refused, with a message in err: CR, LF or other control characters in any
 * header value (header injection), invalid UTF-8, addresses that fail
 * dk_mime_addr_check(), missing required fields, sizes over the caps above.
 * Returns the malloc'd message (NUL-terminated too; the caller frees it) and
 * its length in *len_out (when len_out is not NULL), or NULL with err
 * filled. */
char *dk_mime_build(const dk_mime_message *m, size_t *len_out, char *err, size_t errlen);

/* Fills *out so that dk_mime_build() attaches the calendar object `ics`
 * (len bytes, from dk_ics_build) as DK_MIME_ICS_FILENAME, with
 *   Content-Type: text/calendar; charset=UTF-8; method=<method>;
 *    name="interview.ics"
 * in base64. The method parameter must repeat the object's METHOD (iMIP,
 * RFC 6047 §2.4): "REQUEST" or "CANCEL". ics stays borrowed. Returns 0, or
 * -1 for another method. */
int dk_mime_calendar_attachment(const char *method, const char *ics, size_t len,
                                dk_mime_attachment *out);

/* Checks that addr is a plain ASCII addr-spec we can put in a header and in
 * an SMTP envelope: "local@domain", at most DK_MIME_MAX_ADDR bytes, one "@"
 * with both sides non-empty, no whitespace, control characters, non-ASCII
 * bytes (we do not speak SMTPUTF8) or any of < > ( ) [ ] , ; : \ ".
 * Returns 0, or -1 with the reason in err. */
int dk_mime_addr_check(const char *addr, char *err, size_t errlen);

#endif
