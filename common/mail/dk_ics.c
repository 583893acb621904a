/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ics.c — writes the interview's calendar object (see dk_ics.h): checks
 * the fields, escapes TEXT values, converts instants to Brussels wall time
 * with dk_calendar, and folds every content line at 75 octets. */
#include "mail/dk_ics.h"

#include "core/dk_buf.h"
#include "core/dk_calendar.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"
#include "mail/dk_mime.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TEXT 8192 /* summary, description, names */
#define MAX_URL 2048
#define MAX_UID 255
#define LAST_MS INT64_C(253402300799999) /* 9999-12-31T23:59:59.999Z */

/* Europe/Brussels since 1996 (Directive 2000/84/EC): the year starts in
 * STANDARD; the 1970 onsets are the last Sundays of March and October of
 * 1970, from which the RRULEs repeat. */
static const char vtimezone[] = "BEGIN:VTIMEZONE\r\n"
                                "TZID:Europe/Brussels\r\n"
                                "X-LIC-LOCATION:Europe/Brussels\r\n"
                                "BEGIN:DAYLIGHT\r\n"
                                "TZOFFSETFROM:+0100\r\n"
                                "TZOFFSETTO:+0200\r\n"
                                "TZNAME:CEST\r\n"
                                "DTSTART:19700329T020000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                "END:DAYLIGHT\r\n"
                                "BEGIN:STANDARD\r\n"
                                "TZOFFSETFROM:+0200\r\n"
                                "TZOFFSETTO:+0100\r\n"
                                "TZNAME:CET\r\n"
                                "DTSTART:19701025T030000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                "END:STANDARD\r\n"
                                "END:VTIMEZONE\r\n";

/* ---- checks ------------------------------------------------------------- */

/* Valid UTF-8 of at most max bytes without control characters; line breaks
 * (and tabs) only when multiline. */
static int check_text(const char *what, const char *s, size_t max, int multiline, char *err,
                      size_t errlen)
{
    if (!s || !*s) {
        dk_errf(err, errlen, "%s is missing", what);
        return -1;
    }
    size_t n = strlen(s);
    if (n > max) {
        dk_errf(err, errlen, "%s is longer than %zu bytes", what, max);
        return -1;
    }
    if (!dk_utf8_valid(s, n)) {
        dk_errf(err, errlen, "%s is not valid UTF-8", what);
        return -1;
    }
    if (multiline ? dk_utf8_has_control_except_newline(s) : dk_utf8_has_control(s)) {
        dk_errf(err, errlen, "%s contains a control character", what);
        return -1;
    }
    return 0;
}

static int check_url(const char *url, char *err, size_t errlen)
{
    if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0) {
        dk_errf(err, errlen, "url is not an http(s) URL");
        return -1;
    }
    size_t n = strlen(url);
    if (n > MAX_URL) {
        dk_errf(err, errlen, "url is longer than %d bytes", MAX_URL);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '"') {
            dk_errf(err, errlen,
                    "url contains a space, a quote, a control or a non-ASCII character");
            return -1;
        }
    }
    return 0;
}

static int check_event(const dk_ics_event *e, char *err, size_t errlen)
{
    char why[160];
    if (!e->method || (strcmp(e->method, "REQUEST") != 0 && strcmp(e->method, "CANCEL") != 0)) {
        dk_errf(err, errlen, "method must be REQUEST or CANCEL");
        return -1;
    }
    if (check_text("uid", e->uid, MAX_UID, 0, err, errlen) != 0 ||
        check_text("summary", e->summary, MAX_TEXT, 0, err, errlen) != 0 ||
        (e->description &&
         check_text("description", e->description, MAX_TEXT, 1, err, errlen) != 0))
        return -1;
    if (e->sequence < 0 || e->sequence > 2147483647L) {
        dk_errf(err, errlen, "sequence must be 0..2147483647");
        return -1;
    }
    if (e->start_ms < 0 || e->end_ms > LAST_MS || e->dtstamp_ms < 0 || e->dtstamp_ms > LAST_MS) {
        dk_errf(err, errlen, "instants must lie in the years 1970..9999");
        return -1;
    }
    if (e->start_ms >= e->end_ms) {
        dk_errf(err, errlen, "start must be before end");
        return -1;
    }
    if (e->url && check_url(e->url, err, errlen) != 0)
        return -1;
    if (dk_mime_addr_check(e->organizer, why, sizeof why) != 0) {
        dk_errf(err, errlen, "organizer: %s", why);
        return -1;
    }
    if (dk_mime_addr_check(e->attendee, why, sizeof why) != 0) {
        dk_errf(err, errlen, "attendee: %s", why);
        return -1;
    }
    const char *names[] = {e->organizer_name, e->attendee_name};
    for (int i = 0; i < 2; i++) {
        if (names[i] &&
            (strlen(names[i]) > MAX_TEXT || !dk_utf8_valid(names[i], strlen(names[i])))) {
            dk_errf(err, errlen, "%s_name is not valid UTF-8 of at most %d bytes",
                    i ? "attendee" : "organizer", MAX_TEXT);
            return -1;
        }
    }
    return 0;
}

/* ---- values ------------------------------------------------------------- */

/* TEXT (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every
 * line break (CRLF, LF or CR) written as \n. */
static int put_text(dk_buf *b, const char *s)
{
    int rc = 0;
    for (; *s && rc == 0; s++) {
        switch (*s) {
        case '\\':
            rc = dk_buf_puts(b, "\\\\");
            break;
        case ';':
            rc = dk_buf_puts(b, "\\;");
            break;
        case ',':
            rc = dk_buf_puts(b, "\\,");
            break;
        case '\r':
            if (s[1] == '\n')
                s++;
            rc = dk_buf_puts(b, "\\n");
            break;
        case '\n':
            rc = dk_buf_puts(b, "\\n");
            break;
        default:
            rc = dk_buf_putc(b, *s);
        }
    }
    return rc;
}

/* A CN parameter, always quoted. A parameter value cannot hold DQUOTE or
 * control characters: DQUOTE and ^ take the RFC 6868 forms ^' and ^^, and
 * control characters become spaces (as they do in the mail's text). */
static int put_cn(dk_buf *b, const char *name)
{
    if (!name || !*name)
        return 0;
    int rc = dk_buf_puts(b, ";CN=\"");
    for (const char *p = name; *p && rc == 0; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            rc = dk_buf_puts(b, "^'");
        else if (c == '^')
            rc = dk_buf_puts(b, "^^");
        else
            rc = dk_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
    }
    return rc | dk_buf_putc(b, '"');
}

/* "YYYYMMDDTHHMMSS" of a day count and second of day. */
static int put_stamp(dk_buf *b, dk_date d, int64_t second_of_day)
{
    return dk_buf_appendf(b, "%04d%02d%02dT%02d%02d%02d", d.y, d.m, d.d,
                          (int)(second_of_day / 3600), (int)(second_of_day / 60 % 60),
                          (int)(second_of_day % 60));
}

static int put_utc(dk_buf *b, int64_t ms)
{
    int64_t s = ms / 1000;
    int64_t days = s / 86400;
    return put_stamp(b, dk_date_from_days(days), s - days * 86400) | dk_buf_putc(b, 'Z');
}

/* ";TZID=Europe/Brussels:" + local wall time, or ":" + UTC when the wall
 * time would name the other pass of October's repeated hour. */
static int put_local(dk_buf *b, int64_t ms)
{
    dk_date d;
    int minute;
    dk_brussels_local(ms, &d, &minute);
    int64_t whole_minute = ms - ms % DK_MS_PER_MINUTE;
    if (dk_brussels_to_utc_ms(d, minute) != whole_minute)
        return dk_buf_putc(b, ':') | put_utc(b, ms);
    return dk_buf_puts(b, ";TZID=Europe/Brussels:") |
           put_stamp(b, d, (int64_t)minute * 60 + ms / 1000 % 60);
}

/* ---- lines -------------------------------------------------------------- */

/* Appends one logical content line, folded: at most DK_ICS_LINE_MAX octets
 * per physical line (the leading space of a continuation counts), cut only
 * before the first byte of a UTF-8 sequence. */
static int put_folded(dk_buf *out, const char *s, size_t n)
{
    int rc = 0;
    size_t room = DK_ICS_LINE_MAX;
    while (rc == 0 && n > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == 0) /* not UTF-8 after all (checked before): cut anywhere */
            cut = room;
        rc |= dk_buf_append(out, s, cut);
        rc |= dk_buf_puts(out, "\r\n ");
        s += cut;
        n -= cut;
        room = DK_ICS_LINE_MAX - 1;
    }
    rc |= dk_buf_append(out, s, n);
    return rc | dk_buf_puts(out, "\r\n");
}

/* The line being composed goes out folded, and the scratch is reused. */
static int flush(dk_buf *out, dk_buf *line)
{
    int rc = put_folded(out, line->data ? line->data : "", line->len);
    dk_buf_reset(line);
    return rc;
}

/* NAME:TEXT as one folded line. */
static int text_prop(dk_buf *out, dk_buf *line, const char *name, const char *value)
{
    int rc = dk_buf_puts(line, name) | dk_buf_putc(line, ':') | put_text(line, value);
    return rc | flush(out, line);
}

static int write_event(dk_buf *out, const dk_ics_event *e)
{
    int request = strcmp(e->method, "REQUEST") == 0;
    dk_buf line = DK_BUF_INIT;
    int rc = dk_buf_puts(out, "BEGIN:VEVENT\r\n");
    rc |= text_prop(out, &line, "UID", e->uid);
    rc |= dk_buf_appendf(out, "SEQUENCE:%ld\r\n", e->sequence);
    rc |= dk_buf_puts(out, "DTSTAMP:") | put_utc(out, e->dtstamp_ms) | dk_buf_puts(out, "\r\n");
    rc |= dk_buf_puts(out, "DTSTART") | put_local(out, e->start_ms) | dk_buf_puts(out, "\r\n");
    rc |= dk_buf_puts(out, "DTEND") | put_local(out, e->end_ms) | dk_buf_puts(out, "\r\n");
    rc |= text_prop(out, &line, "SUMMARY", e->summary);
    if (e->description)
        rc |= text_prop(out, &line, "DESCRIPTION", e->description);
    if (e->url) {
        rc |= text_prop(out, &line, "LOCATION", e->url);
        rc |= dk_buf_puts(&line, "URL:") | dk_buf_puts(&line, e->url) | flush(out, &line);
    }
    rc |= dk_buf_puts(&line, "ORGANIZER") | put_cn(&line, e->organizer_name) |
          dk_buf_appendf(&line, ":mailto:%s", e->organizer) | flush(out, &line);
    rc |= dk_buf_puts(&line, "ATTENDEE") | put_cn(&line, e->attendee_name) |
          dk_buf_puts(&line, request ? ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
                                     : ";ROLE=REQ-PARTICIPANT") |
          dk_buf_appendf(&line, ":mailto:%s", e->attendee) | flush(out, &line);
    rc |= dk_buf_puts(out, request ? "STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\n"
                                   : "STATUS:CANCELLED\r\nTRANSP:TRANSPARENT\r\n");
    if (request) {
        rc |= dk_buf_puts(out, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n");
        rc |= text_prop(out, &line, "DESCRIPTION", e->summary);
        rc |= dk_buf_puts(out, "TRIGGER:-PT30M\r\nEND:VALARM\r\n");
    }
    rc |= dk_buf_puts(out, "END:VEVENT\r\n");
    dk_buf_free(&line);
    return rc;
}

char *dk_ics_build(const dk_ics_event *e, size_t *len_out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!e) {
        dk_errf(err, errlen, "no event");
        return NULL;
    }
    if (check_event(e, err, errlen) != 0)
        return NULL;
    dk_buf b = DK_BUF_INIT;
    int rc = dk_buf_puts(&b, "BEGIN:VCALENDAR\r\n"
                             "PRODID:-//Digital key//dk-mailer interview//EN\r\n"
                             "VERSION:2.0\r\n"
                             "CALSCALE:GREGORIAN\r\n");
    rc |= dk_buf_appendf(&b, "METHOD:%s\r\n", e->method);
    rc |= dk_buf_puts(&b, vtimezone);
    rc |= write_event(&b, e);
    rc |= dk_buf_puts(&b, "END:VCALENDAR\r\n");
    if (rc != 0) {
        dk_buf_free(&b);
        dk_errf(err, errlen, "out of memory");
        return NULL;
    }
    if (len_out)
        *len_out = b.len;
    return dk_buf_steal(&b);
}
