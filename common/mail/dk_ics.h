/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ics.h — the calendar attachment of an interview e-mail: one RFC 5545
 * calendar object (an iTIP REQUEST or CANCEL, RFC 5546) with a single event
 * in Europe/Brussels time, so that mail clients offer to put the interview
 * in, or take it out of, the applicant's calendar. */
#ifndef DK_ICS_H
#define DK_ICS_H

#include <stddef.h>
#include <stdint.h>

/* The longest content line we write, in octets without the CRLF (RFC 5545
 * §3.1 "SHOULD NOT be longer than 75 octets"). */
#define DK_ICS_LINE_MAX 75

/* Every pointer is borrowed for the duration of dk_ics_build() only. Text
 * fields are UTF-8; they are escaped (\ ; , and line breaks) and folded
 * here, so callers pass plain text. */
typedef struct {
    const char *method;         /* "REQUEST" or "CANCEL" */
    const char *uid;            /* stable across updates of one interview */
    long sequence;              /* 0.., raised by the organizer on each change */
    int64_t start_ms, end_ms;   /* UTC instants, start < end */
    const char *summary;        /* title in the calendar, non-empty */
    const char *description;    /* NULL = none; may hold line breaks */
    const char *url;            /* the video link (LOCATION and URL); NULL = none;
                                   http(s), no spaces or control characters */
    const char *organizer;      /* addr-spec, e.g. DK_MAIL_FROM */
    const char *organizer_name; /* CN of the organizer; NULL = none */
    const char *attendee;       /* addr-spec of the applicant */
    const char *attendee_name;  /* CN of the attendee; NULL = none */
    int64_t dtstamp_ms;         /* when this object was made (dk_now_ms()) */
} dk_ics_event;

/* Writes the calendar object: VCALENDAR with PRODID, VERSION:2.0,
 * CALSCALE:GREGORIAN and METHOD; a VTIMEZONE for Europe/Brussels (the EU
 * rule: +0200 from the last Sunday of March 02:00, +0100 from the last
 * Sunday of October 03:00); one VEVENT with UID, SEQUENCE, DTSTAMP,
 * DTSTART/DTEND;TZID=Europe/Brussels in local wall time (an instant in the
 * second pass of October's repeated hour is written in UTC instead, since
 * the local reading would mean the first pass), SUMMARY, DESCRIPTION,
 * LOCATION, URL, ORGANIZER, ATTENDEE, STATUS (CONFIRMED for REQUEST,
 * CANCELLED for CANCEL), TRANSP, and for REQUEST a display alarm 30 minutes
 * before. Lines end in CRLF and are folded at DK_ICS_LINE_MAX octets,
 * never inside a UTF-8 sequence.
 * Refused, with a message in err: an unknown method, missing or invalid
 * UTF-8 text, control characters in single-line fields, a bad address or
 * URL, start >= end, instants outside the years 1970..9999.
 * Returns the malloc'd text (NUL-terminated; the caller frees it) and its
 * length in *len_out (when not NULL), or NULL with err filled. */
char *dk_ics_build(const dk_ics_event *e, size_t *len_out, char *err, size_t errlen);

#endif
