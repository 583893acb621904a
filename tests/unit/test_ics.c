/* SPDX-License-Identifier: EUPL-1.2 */
/* test_ics.c — the interview's calendar object: CRLF lines folded at 75
 * octets without splitting a UTF-8 character, TEXT escaping, Brussels local
 * times on both sides of the daylight-saving changes, REQUEST and CANCEL,
 * refusals of bad input; then a real parser (Debian's python3-icalendar)
 * reads it back, and Python's email module reads a whole message carrying
 * it as an attachment. */
#include "core/dk_clock.h"
#include "core/dk_utf8.h"
#include "mail/dk_ics.h"
#include "mail/dk_mime.h"

#include "dk_test.h"
#include "dk_test_python.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define UID "5b1e7c2a-8f3d-4e6a-9c0b-1d2e3f4a5b6c@digitalkey.dk"

/* Long, multi-byte and full of characters TEXT must escape. */
static const char description[] =
    "Open deze link een paar minuten voor het begin; je hoeft niets te installeren, echt niets.\n"
    "Ouvrez ce lien quelques minutes avant le début : « vidéo », déjà prêt, ça marche.\r\n"
    "Пожалуйста, откройте ссылку заранее — 日本語のテキストも含みます — 😀😀😀😀😀😀😀😀😀😀\n"
    "Backslash \\ semicolon ; comma , done.";

static const char description_escaped[] =
    "DESCRIPTION:Open deze link een paar minuten voor het begin\\; je hoeft niets te "
    "installeren\\, "
    "echt niets.\\nOuvrez ce lien quelques minutes avant le début : « vidéo »\\, déjà prêt\\, ça "
    "marche.\\nПожалуйста\\, откройте ссылку заранее — 日本語のテキストも含みます — "
    "😀😀😀😀😀😀😀😀😀😀\\nBackslash \\\\ semicolon \\; comma \\, done.";

static int64_t at(const char *iso)
{
    int64_t ms = 0;
    if (dk_iso8601_parse(iso, &ms) != 0)
        fprintf(stderr, "bad instant in test: %s\n", iso);
    return ms;
}

static dk_ics_event base_event(void)
{
    dk_ics_event e = {
        .method = "REQUEST",
        .uid = UID,
        .sequence = 4,
        .start_ms = at("2026-12-08T09:30:00Z"),
        .end_ms = at("2026-12-08T10:00:00Z"),
        .summary = "Video-interview voor je digitale sleutel",
        .description = description,
        .url = "https://video.example.be/room/42?k=a,b;c",
        .organizer = "no-reply@digitalkey.localhost",
        .organizer_name = "Mijn digitale sleutels",
        .attendee = "zoe@example.be",
        .attendee_name = "Zoë \"Zo\" O'Brien-Петрова",
        .dtstamp_ms = at("2026-12-01T12:00:00Z"),
    };
    return e;
}

static char *build(const dk_ics_event *e, size_t *len)
{
    char err[256] = "";
    char *ics = dk_ics_build(e, len, err, sizeof err);
    if (!ics)
        fprintf(stderr, "  dk_ics_build: %s\n", err);
    return ics;
}

/* Every line ends in CRLF, is at most 75 octets and is valid UTF-8 on its
 * own (so no fold split a character). Returns the unfolded text. */
static char *check_lines(const char *ics, size_t len)
{
    size_t start = 0, longest = 0;
    int bare = 0, split = 0;
    for (size_t i = 0; i < len; i++) {
        if (ics[i] == '\r' && (i + 1 >= len || ics[i + 1] != '\n'))
            bare = 1;
        if (ics[i] == '\n') {
            if (i == 0 || ics[i - 1] != '\r')
                bare = 1;
            size_t l = i - 1 - start;
            if (l > longest)
                longest = l;
            if (!dk_utf8_valid(ics + start, l))
                split = 1;
            start = i + 1;
        }
    }
    CHECK(!bare);
    CHECK(longest <= DK_ICS_LINE_MAX);
    CHECK(!split);
    CHECK(start == len); /* ends with CRLF */
    char *u = malloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (ics[i] == '\r' && i + 2 < len && ics[i + 1] == '\n' && ics[i + 2] == ' ') {
            i += 2;
            continue;
        }
        u[o++] = ics[i];
    }
    u[o] = '\0';
    return u;
}

/* 1 when the unfolded text has this exact line. */
static int has_line(const char *unfolded, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = unfolded; (p = strstr(p, line)); p++)
        if ((p == unfolded || p[-1] == '\n') && p[n] == '\r' && p[n + 1] == '\n')
            return 1;
    return 0;
}

static void test_request(void)
{
    dk_ics_event e = base_event();
    size_t len = 0;
    char *ics = build(&e, &len);
    CHECK(ics != NULL);
    if (!ics)
        return;
    CHECK_INT(strlen(ics), len);
    char *u = check_lines(ics, len);
    CHECK(strncmp(u, "BEGIN:VCALENDAR\r\nPRODID:", 24) == 0);
    CHECK(has_line(u, "VERSION:2.0") && has_line(u, "CALSCALE:GREGORIAN") &&
          has_line(u, "METHOD:REQUEST"));
    CHECK(has_line(u, "TZID:Europe/Brussels"));
    CHECK(has_line(u, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    CHECK(has_line(u, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    CHECK(strstr(u, "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"));
    CHECK(strstr(u, "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"));
    CHECK(has_line(u, "UID:" UID) && has_line(u, "SEQUENCE:4"));
    CHECK(has_line(u, "DTSTAMP:20261201T120000Z"));
    CHECK(has_line(u, "DTSTART;TZID=Europe/Brussels:20261208T103000"));
    CHECK(has_line(u, "DTEND;TZID=Europe/Brussels:20261208T110000"));
    CHECK(has_line(u, "SUMMARY:Video-interview voor je digitale sleutel"));
    CHECK(has_line(u, description_escaped));
    /* LOCATION is TEXT (escaped), URL is a URI (as is) */
    CHECK(has_line(u, "LOCATION:https://video.example.be/room/42?k=a\\,b\\;c"));
    CHECK(has_line(u, "URL:https://video.example.be/room/42?k=a,b;c"));
    CHECK(has_line(u,
                   "ORGANIZER;CN=\"Mijn digitale sleutels\":mailto:no-reply@digitalkey.localhost"));
    CHECK(has_line(u,
                   "ATTENDEE;CN=\"Zoë ^'Zo^' O'Brien-Петрова\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-"
                   "ACTION;RSVP=FALSE:mailto:zoe@example.be"));
    CHECK(has_line(u, "STATUS:CONFIRMED"));
    CHECK(strstr(u, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
    CHECK(has_line(u, "TRIGGER:-PT30M"));
    CHECK(strstr(u, "END:VEVENT\r\nEND:VCALENDAR\r\n") && u[strlen(u) - 1] == '\n');
    /* the folded form really was folded (the description is long) */
    CHECK(strstr(ics, "\r\n ") != NULL);
    free(u);
    free(ics);
}

static void test_folding_edges(void)
{
    /* Summaries of every length around the limit, made of 2-, 3- and 4-byte
     * characters at every offset: no line over 75 octets, no split
     * character, and unfolding gives the summary back. */
    static const char *const chars[] = {"é", "—", "😀", "a"};
    for (int c = 0; c < 4; c++) {
        for (int pad = 0; pad < 4; pad++) {
            char summary[1024];
            size_t n = 0;
            for (int i = 0; i < pad; i++)
                summary[n++] = 'x';
            while (n + strlen(chars[c]) < 300) {
                memcpy(summary + n, chars[c], strlen(chars[c]));
                n += strlen(chars[c]);
            }
            summary[n] = '\0';
            dk_ics_event e = base_event();
            e.summary = summary;
            size_t len = 0;
            char *ics = build(&e, &len);
            if (!ics) {
                CHECK(0);
                continue;
            }
            char *u = check_lines(ics, len);
            char want[1100];
            snprintf(want, sizeof want, "SUMMARY:%s", summary);
            CHECK(has_line(u, want));
            free(u);
            free(ics);
        }
    }
}

static void test_dst(void)
{
    static const struct {
        const char *start, *end, *dtstart, *dtend;
    } cases[] = {
        {"2026-12-08T09:30:00Z", "2026-12-08T10:00:00Z",
         "DTSTART;TZID=Europe/Brussels:20261208T103000",
         "DTEND;TZID=Europe/Brussels:20261208T110000"},
        {"2027-04-01T08:00:00Z", "2027-04-01T08:30:00Z",
         "DTSTART;TZID=Europe/Brussels:20270401T100000",
         "DTEND;TZID=Europe/Brussels:20270401T103000"},
        /* across the March change: 01:30 CET to 03:30 CEST */
        {"2027-03-28T00:30:00Z", "2027-03-28T01:30:00Z",
         "DTSTART;TZID=Europe/Brussels:20270328T013000",
         "DTEND;TZID=Europe/Brussels:20270328T033000"},
        /* October's repeated hour: the first 02:30 is local, the second
         * (which a local reading would take for the first) is UTC */
        {"2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z",
         "DTSTART;TZID=Europe/Brussels:20271031T023000", "DTEND:20271031T013000Z"},
        /* seconds survive */
        {"2026-06-30T22:59:59Z", "2026-06-30T23:00:01Z",
         "DTSTART;TZID=Europe/Brussels:20260701T005959",
         "DTEND;TZID=Europe/Brussels:20260701T010001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dk_ics_event e = base_event();
        e.start_ms = at(cases[i].start);
        e.end_ms = at(cases[i].end);
        size_t len;
        char *ics = build(&e, &len);
        CHECK(ics && has_line(ics, cases[i].dtstart) && has_line(ics, cases[i].dtend));
        if (ics && !(has_line(ics, cases[i].dtstart) && has_line(ics, cases[i].dtend)))
            fprintf(stderr, "  wanted %s / %s\n", cases[i].dtstart, cases[i].dtend);
        free(ics);
    }
}

static void test_cancel(void)
{
    dk_ics_event e = base_event();
    e.method = "CANCEL";
    e.sequence = 5;
    e.description = NULL;
    e.url = NULL;
    e.attendee_name = NULL;
    size_t len;
    char *ics = build(&e, &len);
    CHECK(ics != NULL);
    if (!ics)
        return;
    char *u = check_lines(ics, len);
    CHECK(has_line(u, "METHOD:CANCEL") && has_line(u, "STATUS:CANCELLED") &&
          has_line(u, "SEQUENCE:5"));
    CHECK(has_line(u, "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:zoe@example.be"));
    CHECK(!strstr(u, "VALARM") && !strstr(u, "STATUS:CONFIRMED") && !strstr(u, "\nDESCRIPTION:") &&
          !strstr(u, "\nLOCATION:") && !strstr(u, "\nURL:"));
    CHECK(has_line(u, "DTSTART;TZID=Europe/Brussels:20261208T103000"));
    free(u);
    free(ics);
}

static void expect_refused(dk_ics_event e, const char *fragment)
{
    char err[256] = "";
    size_t len = 99;
    char *ics = dk_ics_build(&e, &len, err, sizeof err);
    CHECK(ics == NULL);
    CHECK(strstr(err, fragment) != NULL);
    if (ics || !strstr(err, fragment))
        fprintf(stderr, "  err \"%s\", wanted \"%s\"\n", err, fragment);
    free(ics);
}

static void test_refusals(void)
{
    dk_ics_event e = base_event();
    e.method = "PUBLISH";
    expect_refused(e, "method must be REQUEST or CANCEL");
    e = base_event();
    e.method = NULL;
    expect_refused(e, "method");
    e = base_event();
    e.uid = "x\r\nMETHOD:PUBLISH";
    expect_refused(e, "uid contains a control character");
    e = base_event();
    e.summary = "";
    expect_refused(e, "summary is missing");
    e = base_event();
    e.summary = "bad \xc3\x28 utf-8";
    expect_refused(e, "summary is not valid UTF-8");
    e = base_event();
    e.description = "a\x01b";
    expect_refused(e, "description contains a control character");
    e = base_event();
    e.end_ms = e.start_ms;
    expect_refused(e, "start must be before end");
    e = base_event();
    e.start_ms = -1;
    expect_refused(e, "1970..9999");
    e = base_event();
    e.sequence = -1;
    expect_refused(e, "sequence");
    e = base_event();
    e.url = "javascript:alert(1)";
    expect_refused(e, "url is not an http(s) URL");
    e = base_event();
    e.url = "https://x.example/a b";
    expect_refused(e, "url contains");
    e = base_event();
    e.attendee = "zoe@example.be\r\nATTENDEE:mailto:x@y.z";
    expect_refused(e, "attendee:");
    e = base_event();
    e.organizer = NULL;
    expect_refused(e, "organizer:");
    char err[64];
    CHECK(dk_ics_build(NULL, NULL, err, sizeof err) == NULL);
}

/* ---- real parsers ------------------------------------------------------- */

/* icalendar reads the object back: argv[2..] are "key=value" assertions on
 * METHOD, UID, SEQUENCE, STATUS, the TZID parameter and the local start and
 * end (ISO with offset), the start in UTC, SUMMARY and DESCRIPTION
 * (unescaped), and the offsets the VTIMEZONE itself gives (tz_offset:local
 * wall time). */
static const char py_ical[] =
    "import sys, datetime, icalendar\n"
    "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
    "ev = cal.walk('VEVENT')[0]\n"
    "vtz = cal.walk('VTIMEZONE')[0]\n"
    "bad = []\n"
    "def dt(name):\n"
    "    return ev.decoded(name)\n"
    "for a in sys.argv[2:]:\n"
    "    k, v = a.split('=', 1)\n"
    "    if k == 'method': got = str(cal['METHOD'])\n"
    "    elif k == 'uid': got = str(ev['UID'])\n"
    "    elif k == 'sequence': got = str(ev.decoded('SEQUENCE'))\n"
    "    elif k == 'status': got = str(ev['STATUS'])\n"
    "    elif k == 'tzid': got = ev['DTSTART'].params.get('TZID')\n"
    "    elif k == 'start': got = dt('DTSTART').isoformat()\n"
    "    elif k == 'end': got = dt('DTEND').isoformat()\n"
    "    elif k == 'start_utc': got = dt('DTSTART').astimezone(datetime.timezone.utc).isoformat()\n"
    "    elif k == 'summary': got = str(ev['SUMMARY'])\n"
    "    elif k == 'description': got = str(ev['DESCRIPTION']).replace('\\n', '|')\n"
    "    elif k == 'alarms': got = str(len(ev.walk('VALARM')))\n"
    "    elif k.startswith('tz_offset:'):\n"
    "        local = datetime.datetime.strptime(k[10:], '%Y%m%dT%H%M')\n"
    "        got = str(vtz.to_tz().utcoffset(local))\n"
    "    else: got = 'unknown key ' + k\n"
    "    if got != v: bad.append('%s: got %r, want %r' % (k, got, v))\n"
    "for b in bad: print('icalendar:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

static void test_icalendar_parses(void)
{
    dk_ics_event e = base_event();
    size_t len;
    char *ics = build(&e, &len);
    if (!ics)
        return;
    /* the description as icalendar unescapes it, line breaks shown as | */
    char want_desc[1024] = "description=";
    size_t o = strlen(want_desc);
    for (const char *p = description; *p; p++) {
        if (*p == '\r')
            continue;
        want_desc[o++] = *p == '\n' ? '|' : *p;
    }
    want_desc[o] = '\0';
    const char *args[] = {"method=REQUEST", "uid=" UID, "sequence=4", "status=CONFIRMED",
                          "tzid=Europe/Brussels", "start=2026-12-08T10:30:00+01:00",
                          "end=2026-12-08T11:00:00+01:00", "start_utc=2026-12-08T09:30:00+00:00",
                          "summary=Video-interview voor je digitale sleutel", want_desc, "alarms=1",
                          /* the VTIMEZONE on its own: winter, summer, both sides of the changes */
                          "tz_offset:20261208T1030=1:00:00", "tz_offset:20270401T1000=2:00:00",
                          "tz_offset:20270328T0159=1:00:00", "tz_offset:20270328T0300=2:00:00",
                          "tz_offset:20271031T0359=1:00:00", NULL};
    CHECK_INT(dk_test_python(py_ical, ics, len, args), 0);
    free(ics);

    /* after the change to summer time, and a CANCEL */
    e = base_event();
    e.method = "CANCEL";
    e.sequence = 7;
    e.start_ms = at("2027-04-01T08:00:00Z");
    e.end_ms = at("2027-04-01T08:30:00Z");
    ics = build(&e, &len);
    if (!ics)
        return;
    const char *args2[] = {"method=CANCEL",
                           "uid=" UID,
                           "sequence=7",
                           "status=CANCELLED",
                           "tzid=Europe/Brussels",
                           "start=2027-04-01T10:00:00+02:00",
                           "start_utc=2027-04-01T08:00:00+00:00",
                           "alarms=0",
                           NULL};
    CHECK_INT(dk_test_python(py_ical, ics, len, args2), 0);
    free(ics);
}

/* Python's email module reads a whole message with the attachment: the
 * structure, the calendar part's parameters and disposition, and its
 * decoded bytes parsed again by icalendar. */
static const char py_mail[] =
    "import sys, email, email.policy, icalendar\n"
    "m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n"
    "bad = [('defects %r' % p.defects) for p in m.walk() if p.defects]\n"
    "types = ','.join(p.get_content_type() for p in m.walk())\n"
    "want = 'multipart/mixed,multipart/alternative,text/plain,text/html,text/calendar'\n"
    "if types != want: bad.append('structure %r' % types)\n"
    "cal = [p for p in m.walk() if p.get_content_type() == 'text/calendar'][0]\n"
    "checks = [(cal.get_param('method'), sys.argv[2]), (cal.get_param('charset'), 'UTF-8'),\n"
    "          (cal.get_param('name'), 'interview.ics'), (cal.get_content_disposition(), "
    "'attachment'),\n"
    "          (cal.get_filename(), 'interview.ics'), "
    "(m.get_body(('plain',)).get_content().replace('\\r\\n', '\\n'), 'Bonjour Zoë\\n')]\n"
    "for got, w in checks:\n"
    "    if got != w: bad.append('got %r, want %r' % (got, w))\n"
    "raw = cal.get_payload(decode=True)\n"
    "if raw != open(sys.argv[3], 'rb').read(): bad.append('calendar bytes differ')\n"
    "ev = icalendar.Calendar.from_ical(raw).walk('VEVENT')[0]\n"
    "if str(ev['UID']) != sys.argv[4]: bad.append('uid %r' % str(ev['UID']))\n"
    "for b in bad: print('python email:', b, file=sys.stderr)\n"
    "sys.exit(1 if bad else 0)\n";

static void test_mime_attachment(void)
{
    static const char *const methods[] = {"REQUEST", "CANCEL"};
    for (int i = 0; i < 2; i++) {
        dk_ics_event e = base_event();
        e.method = methods[i];
        size_t ics_len;
        char *ics = build(&e, &ics_len);
        if (!ics)
            continue;
        dk_mime_attachment att;
        CHECK_INT(dk_mime_calendar_attachment(methods[i], ics, ics_len, &att), 0);
        CHECK_STR(att.filename, "interview.ics");
        dk_mime_message m = {
            .from_name = "Mijn digitale sleutels",
            .from_addr = "no-reply@digitalkey.localhost",
            .to_addr = "zoe@example.be",
            .subject = "Votre entretien vidéo",
            .text = "Bonjour Zoë\n",
            .html = "<p>Bonjour Zoë</p>\n",
            .message_id = "c0ffee00-1d1e-4c4b-9a57-6f1b2c3d4e5f@digitalkey.dk",
            .date_ms = at("2026-12-01T12:00:00Z"),
            .language = "fr",
            .attachments = &att,
            .n_attachments = 1,
        };
        char err[256] = "";
        size_t len = 0;
        char *msg = dk_mime_build(&m, &len, err, sizeof err);
        CHECK(msg != NULL);
        if (!msg) {
            fprintf(stderr, "  dk_mime_build: %s\n", err);
            free(ics);
            continue;
        }
        /* the calendar bytes go to the script through a second file */
        char path[] = "/tmp/dk-test-ics-raw-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0 && write(fd, ics, ics_len) == (ssize_t)ics_len);
        if (fd >= 0)
            close(fd);
        const char *args[] = {methods[i], path, UID, NULL};
        CHECK_INT(dk_test_python(py_mail, msg, len, args), 0);
        unlink(path);
        free(msg);
        free(ics);
    }
    dk_mime_attachment att;
    CHECK_INT(dk_mime_calendar_attachment("PUBLISH", "x", 1, &att), -1);
    CHECK_INT(dk_mime_calendar_attachment(NULL, "x", 1, &att), -1);
}

int main(void)
{
    test_request();
    test_folding_edges();
    test_dst();
    test_cancel();
    test_refusals();
    test_icalendar_parses();
    test_mime_attachment();
    DK_TEST_DONE();
}
