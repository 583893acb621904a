# SPDX-License-Identifier: EUPL-1.2
"""Golden files: today's pages, API answers and e-mails, byte for byte, so
that a rewrite of how they are made (issue 9: one renderer, one catalogue)
is proven to change nothing the applicant sees. Every page and answer of
the intake in nl, fr and en, in each state, and every e-mail the mailer
sends, read from the Maildir, is compared with tests/golden/<name>.

DK_GOLDEN_UPDATE=1 rewrites the golden files; without it a difference fails
with a unified diff naming the file.

Only what depends on the run is normalised (normalise() and mail_file()):
the intake's port, tokens, security codes, CSRF values, session cookies, UUIDs (application,
appointment, upload ids), MIME boundaries, Message-ID and Date, Retry-After
seconds counted from the running clock, and in the scheduler's mails the
minute of the hold's end and the video room (the scheduler computes them
from its clock and a random room). Everything else is compared as sent.
The e-mails come from one interviewer and applicants of this file alone,
each asking for a 30-minute window of their own: every slot is known."""

import difflib
import email
import email.policy
import json
import os
import re
import socket
import unittest
import urllib.parse
import uuid

import dk
import test_proposals as tp
import test_scheduling as ts
import test_squat as squat
from dk import (ROOT, dk as dk_cli, fresh_ip, http, post_json, sql, sql_value,
                valid_application, wait_until)

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("DK_GOLDEN_UPDATE") == "1"
LANGS = ("nl", "fr", "en")
CODE_CHARS = "[2-9A-HJKMNP-Z]"

# What depends on the run, each replaced by a fixed word (see the docstring).
RUN_DEPENDENT = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"(/proposal/|/activate/|/end/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), r"\1<token>"),
    (re.compile(r"%s{5}(?:-%s{5}){3}" % (CODE_CHARS, CODE_CHARS)), "<security-code>"),
    (re.compile(r'(name="csrf" value=")[^"]*"'), r'\1<csrf>"'),
    (re.compile(r"(dk_session=)[0-9a-f]{64}"), r"\1<session>"),
    (re.compile(r"(dk_csrf=)[^;\s]+"), r"\1<csrf>"),
]


def normalise(text):
    text = text.replace(dk.INTAKE, "<intake>")  # a free port of this run
    for pattern, word in RUN_DEPENDENT:
        text = pattern.sub(word, text)
    return text


class GoldenCase(unittest.TestCase):
    def golden(self, name, text):
        """Compares text with tests/golden/name (or writes it under UPDATE)."""
        path = GOLDEN / name
        if UPDATE:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode())
            return
        with self.subTest(golden=name):
            if not path.exists():
                self.fail("%s is missing (DK_GOLDEN_UPDATE=1 writes it)" % path.relative_to(ROOT))
            want = path.read_bytes().decode()
            if want != text:
                diff = list(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                 "golden/" + name, "now/" + name))
                self.fail("%s differs from what is served now:\n%s"
                          % (path.relative_to(ROOT), "".join(diff[:60])))


# ---- HTTP answers as files ----

def answer_file(status, headers, body):
    """Status, every header but Date, a blank line, the body."""
    head = ["HTTP %d" % status]
    for k, v in headers.items():
        if k.lower() == "date":
            continue
        if k.lower() == "retry-after" and int(v) > 60:
            v = "<seconds to the end of the lock>"  # counted from the running clock
        head.append("%s: %s" % (k, v))
    return normalise("\n".join(head) + "\n\n" + body.decode())


def raw_request(data):
    """Sends bytes on a connection of their own (headers only, for refusals
    made before the body) and parses the answer."""
    url = urllib.parse.urlsplit(dk.INTAKE)
    out = b""
    with socket.create_connection((url.hostname, url.port), timeout=30) as s:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            head, _, body = out.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if _ and length and len(body) >= int(length.group(1)):
                break
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = email.message.Message()
    for line in lines[1:]:
        k, v = line.split(":", 1)
        headers[k] = v.strip()
    return int(lines[0].split()[1]), headers, body


# ---- applicants set up for the pages ----

def applicant(tag, lang, **appoint):
    """An application with a fixed address and an appointment made for it as
    the scheduler makes one (test_proposals.proposal, but its address known)."""
    body = valid_application(language=lang, email="golden.%s.%s@example.be" % (tag, lang))
    status, doc, _ = post_json(body)
    assert status == 201, doc
    app_id, code = doc["application_id"], doc["security_code"]
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
               "application recorded")
    if tp.scheduler_runs():
        wait_until(lambda: sql_value("SELECT status <> 'submitted' FROM applications"
                                     " WHERE id = :'id'", id=app_id) == "t", 30, "scheduler")
    return tp.appoint(app_id, code, body["email"], **appoint)


def accepted_document(p):
    """An accepted passport on file for p, decided at a fixed time."""
    upload = str(uuid.uuid4())
    sql("""INSERT INTO document_uploads (id, application_id, appointment_id, kind, sides, status,
                                         uploaded_at, decided_at)
           VALUES (:'up', :'app', :'appt', 'passport', 1, 'accepted',
                   '2026-12-02T09:00:00Z', '2026-12-02T09:05:00Z');
           INSERT INTO documents (id, application_id, kind, side, byte_size, sha256, uploaded_at,
                                  status, reasons, upload_id)
           VALUES (gen_random_uuid(), :'app', 'passport', 'front', 1000, repeat('b', 64),
                   '2026-12-02T09:00:00Z', 'accepted', '{}', :'up');""",
        up=upload, app=p["app"], appt=p["appointment"])


def pending_document(p):
    """An upload waiting for its check (nobody is told of it: it stays so)."""
    sql("""INSERT INTO document_uploads (id, application_id, appointment_id, kind, sides, status,
                                         uploaded_at)
           VALUES (gen_random_uuid(), :'app', :'appt', 'passport', 1, 'pending', now());
           UPDATE applications SET status = 'document_pending' WHERE id = :'app';""",
        app=p["app"], appt=p["appointment"])


FORM = "application/x-www-form-urlencoded"


class Session:
    """The applicant's browser on one proposal link: the code typed, then
    the session and CSRF cookies sent with every request."""

    def __init__(self, p, lang):
        self.p, self.lang = p, lang
        _, session, self.jar = tp.login(p, lang)
        self.cookies = session.split(";")[0] + "; " + self.jar

    def path(self, action=""):
        return "/proposal/%s%s?lang=%s" % (self.p["token"], "/" + action if action else "",
                                          self.lang)

    def get(self):
        return tp.request("GET", self.path(), headers={"Cookie": self.cookies})

    def csrf(self):
        return tp.form_token(self.get()[2].decode())

    def post(self, action, fields):
        fields = dict(fields, csrf=self.csrf())
        return tp.request("POST", self.path(action), urllib.parse.urlencode(fields).encode(),
                          {"Cookie": self.cookies, "Content-Type": FORM})

    def upload(self, fields, files):
        body, ctype = tp.multipart(dict(fields, csrf=self.csrf()), files)
        return tp.request("POST", self.path("accept"), body,
                          {"Cookie": self.cookies, "Content-Type": ctype})


def form_post(fields, lang, with_cookie=True):
    ip = fresh_ip()
    status, headers, page = http("GET", "/?lang=" + lang, ip=ip)
    token = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)
    h = {"Content-Type": FORM}
    if with_cookie:
        h["Cookie"] = headers["Set-Cookie"].split(";")[0]
    body = urllib.parse.urlencode(dict(fields, csrf=token)).encode()
    return http("POST", "/?lang=" + lang, body, h, ip=ip)


def form_fields(lang, tag, **overrides):
    f = {"last_name": "Dubois", "first_names": "Chloé", "birth_date": "1990-04-12",
         "birth_country": "FR", "birth_place": "Lille", "sex": "F", "insz": "",
         "email": "golden.form-%s.%s@example.be" % (tag, lang),
         "motivation": "Je veux consulter ma pension en ligne.",
         "slot1_date": "2026-12-09", "slot1_from": "10:00", "slot1_to": "11:00",
         "slot2_date": "", "slot2_from": "", "slot2_to": "", "language": lang, "consent": "yes"}
    f.update(overrides)
    return f


class Golden1Mails(GoldenCase):
    """Every e-mail through the real pipeline: submitted, proposed by the
    scheduler, accepted (reserved) or refused (document rejected),
    cancelled, expired; and a second request from the same address."""

    @classmethod
    def setUpClass(cls):
        # As test_scheduling does: other files' interviewers get no working
        # day and their open requests end, so this file's applicants meet
        # only its own interviewer, and each gets the window it asks for.
        for row in sql("SELECT id FROM interviewers"):
            dk_cli("interviewer", "hours", row[0], "sat 09:00-09:30")
        sql("UPDATE applications SET status = 'cancelled' WHERE id IN ("
            " SELECT id FROM applications WHERE status IN ('submitted', 'waiting', 'rescheduling')"
            " ORDER BY submitted_at, id FOR UPDATE)")
        cls.interviewer = dk_cli("interviewer", "add", "--name", "Greet Golden", "--email",
                                 "greet.golden@interviews.example.be", "--languages", "nl,fr,en",
                                 "--hours", "mon-fri 09:00-12:00,13:00-17:00").stdout.strip()

    @classmethod
    def tearDownClass(cls):
        dk_cli("interviewer", "hours", cls.interviewer, "sat 09:00-09:30")

    def submit(self, tag, lang, window):
        """Submits and waits for the proposal of window (Monday 14 December,
        Brussels time): (application, code, address, token)."""
        address = "golden.%s.%s@example.be" % (tag, lang)
        body = valid_application(language=lang, email=address, preferred_slots=[
            {"date": "2026-12-14", "from": window[0], "to": window[1]}])
        status, doc, _ = post_json(body)
        self.assertEqual(status, 201, doc)
        app = doc["application_id"]
        ts.wait_status(app, "proposed")
        self.assertEqual(ts.appointment(app)[1:4], [self.interviewer,
                                                    sql_value("SELECT dk_iso(:'t'::timestamptz)",
                                                              t="2026-12-14T%s:00+01:00" % window[0]),
                                                    "preferred"])
        token = ts.link_token(ts.mail_with(address, "proposal")[0])
        return app, doc["security_code"], address, token

    def mail(self, address, template, name):
        msg, raw = ts.mail_with(address, template)
        rooms = [r[0] for r in sql("SELECT a.room_id FROM appointments a JOIN applications p"
                                   " ON p.id = a.application_id WHERE p.email = :'e'"
                                   " AND a.room_id IS NOT NULL", e=address)]
        hold = sql("SELECT to_char(held_until AT TIME ZONE 'Europe/Brussels', 'HH24:MI'),"
                   " to_char(held_until AT TIME ZONE 'Europe/Brussels', 'FMHH24\"h\"MI')"
                   " FROM appointments a JOIN applications p ON p.id = a.application_id"
                   " WHERE p.email = :'e'", e=address)
        self.golden(name, mail_file(raw, hold, rooms))

    def test_every_mail_in_three_languages(self):
        windows = iter([("%02d:%02d" % divmod(m, 60), "%02d:%02d" % divmod(m + 30, 60))
                        for m in range(9 * 60, 12 * 60, 30)] +
                       [("%02d:%02d" % divmod(m, 60), "%02d:%02d" % divmod(m + 30, 60))
                        for m in range(13 * 60, 17 * 60, 30)])
        for lang in LANGS:
            # Accepted, reserved, then cancelled: the calendar entry is cancelled too.
            app, code, address, token = self.submit("reserved", lang, next(windows))
            self.mail(address, "request_received", "mail-request_received.%s.eml" % lang)
            self.mail(address, "proposal", "mail-proposal.%s.eml" % lang)
            again = json.dumps(valid_application(language=lang, email=address)).encode()
            self.golden("api-applications-exists.%s.http" % lang, answer_file(*http(
                "POST", "/api/v1/applications", again, {"Content-Type": "application/json"})))
            self.mail(address, "application_exists", "mail-application_exists.%s.eml" % lang)
            status, doc = ts.accept(token, code)
            self.assertEqual(status, 202, doc)
            ts.wait_status(app, "reserved", timeout=90)
            self.mail(address, "reserved", "mail-reserved.%s.eml" % lang)
            status, _, out = http("POST", "/api/v1/proposals/%s/cancel" % token,
                                  json.dumps({"security_code": code}).encode(),
                                  {"Content-Type": "application/json"})
            self.assertEqual(status, 202, out)
            self.mail(address, "slot_released", "mail-slot_released-reserved.%s.eml" % lang)

            # A blurred photo refused, then the proposal cancelled.
            app, code, address, token = self.submit("rejected", lang, next(windows))
            status, doc = ts.accept(token, code, "blurred-00.jpg")
            self.assertEqual(status, 202, doc)
            ts.wait_status(app, "document_rejected", timeout=90)
            self.mail(address, "document_rejected", "mail-document_rejected.%s.eml" % lang)
            status, _, out = http("POST", "/api/v1/proposals/%s/cancel" % token,
                                  json.dumps({"security_code": code}).encode(),
                                  {"Content-Type": "application/json"})
            self.assertEqual(status, 202, out)
            self.mail(address, "slot_released", "mail-slot_released.%s.eml" % lang)

            # No answer before the hold ran out (its end moved to the past:
            # only this hold expires, the other files' holds stay).
            app, code, address, token = self.submit("expired", lang, next(windows))
            sql("UPDATE appointments SET held_until = '2026-12-02T09:00:00Z'"
                " WHERE application_id = :'id' AND status = 'held'", id=app)
            dk_cli("holds", "expire")
            ts.wait_status(app, "expired")
            self.mail(address, "proposal_expired", "mail-proposal_expired.%s.eml" % lang)


class Golden1bOutcomeMails(GoldenCase):
    """The e-mails after the interview (issue 10): activation, missing
    information, rejected, no-show. Their jobs are the ones the C builders
    (common/booking/dk_mailjob_interview.c) make, kept in
    tests/golden/mailjobs-interview.json, which tests/unit/test_mail_outcomes.c
    compares with the builders' output; here they travel as a producer
    sends them (sealed, on dk.mail.jobs) through the running mailer."""

    def test_every_outcome_mail_in_three_languages(self):
        jobs = json.loads((GOLDEN / "mailjobs-interview.json").read_text())
        self.assertEqual(len(jobs), 12)
        for name, data in sorted(jobs.items()):
            app = data["vars"]["application_id"]
            job = dk.sealed_message("mail.requested", app, data, msg_id=str(uuid.uuid4()))
            self.assertIn("personal", job["data"])
            self.assertNotIn(data["to"], json.dumps(job))  # the address travels sealed
            dk.produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        for name, data in sorted(jobs.items()):
            template, lang = name.rsplit(".", 1)
            msg, raw = ts.mail_with(data["to"], template)
            self.golden("mail-%s.%s.eml" % (template, lang), mail_file(raw, [], []))
            # no calendar entry: the interview's entry in the applicant's
            # calendar stays as it is
            self.assertNotIn("text/calendar", raw.decode())


def mail_file(raw, hold, rooms):
    """A message as a readable file: its headers but Message-ID and Date,
    then each part's headers and decoded content."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = []
    for part in msg.walk():
        for k, v in part.items():
            if part is msg and k.lower() in ("message-id", "date"):
                continue
            out.append("%s: %s" % (k, re.sub(r'boundary="[^"]*"', 'boundary="<boundary>"', str(v))))
        out.append("")
        if not part.is_multipart():
            content = part.get_content()
            if isinstance(content, bytes):
                content = content.decode()
            out.append(content)
            out.append("-" * 20 + " end of part")
    text = "\n".join(out)
    # The scheduler's clock runs from DK_NOW: the hold ends at the minute
    # the proposal was made, five working days later.
    for hhmm, fr in hold:
        text = re.sub(r"(7 (?:december|décembre|December) 2026\D{1,12})(%s|%s)"
                      % (re.escape(hhmm), re.escape(fr)), r"\1<hold-time>", text)
    text = re.sub(r"(?m)^(DTSTAMP:)\d{8}T\d{6}Z", r"\1<now>", text)
    # The scheduler names the video room at random: each of its characters
    # becomes "#", where the calendar folds its lines too (folds are kept).
    for room in rooms:
        text = re.sub(r"(?:\r?\n )?".join(map(re.escape, room)),
                      lambda m: re.sub(r"[^\r\n ]", "#", m.group(0)), text)
    return normalise(text)


class Golden2Pages(GoldenCase):
    """Every HTML page and JSON answer of the intake, in each state."""

    @classmethod
    def tearDownClass(cls):
        tp.retire_test_interviewers()

    def page(self, name, answer):
        self.golden(name, answer_file(*answer))

    def test_request_form(self):
        for lang in LANGS:
            self.page("page-form-empty.%s.http" % lang, http("GET", "/?lang=" + lang))
            self.page("page-form-errors.%s.http" % lang, form_post(form_fields(
                lang, "errors", email="not-an-address", last_name='"><script>alert(1)</script>',
                birth_date="2030-01-01", slot1_date="2026-12-12", consent=""), lang))
            self.page("page-form-empty-fields.%s.http" % lang, form_post(
                {k: "" for k in form_fields(lang, "empty")}, lang))
            self.page("page-form-more-errors.%s.http" % lang, form_post(form_fields(
                lang, "more", insz="12.34.56-789.01", birth_country="XX", sex="Q",
                first_names="x" * 300, slot1_from="11:00", slot1_to="10:00",
                slot2_date="2026-11-30", slot2_from="09:00", slot2_to="10:00",
                slot5_date="2026-12-19", slot5_from="09:00", slot5_to="10:00",
                language="de"), lang))
            self.page("page-form-csrf.%s.http" % lang,
                      form_post(form_fields(lang, "csrf"), lang, with_cookie=False))
            self.page("page-form-sent.%s.http" % lang, form_post(form_fields(lang, "sent"), lang))
        self.page("page-form-unknown-language.http", http("GET", "/?lang=de"))
        self.page("style.css.http", http("GET", "/style.css"))

    def test_proposal_pages(self):
        for lang in LANGS:
            p = applicant("page-open", lang)
            n = lambda what: "page-proposal-%s.%s.http" % (what, lang)
            self.page(n("code-form"), tp.request("GET", "/proposal/%s?lang=%s" % (p["token"], lang)))
            self.page(n("code-form-bare"), tp.request("GET", "/proposal/" + p["token"]))
            self.page(n("wrong-code"), tp.send_code(p, tp.wrong(p["code"]), lang)[:3])
            self.page(n("right-code"), tp.send_code(p, p["code"], lang)[:3])
            s = Session(p, lang)
            self.page(n("open"), s.get())
            self.page(n("reschedule-errors"), s.post("reschedule", {
                "slot1_date": "2026-12-12", "slot1_from": "10:00", "slot1_to": "11:00",
                "slot2_date": "2026-12-09", "slot2_from": "12:00", "slot2_to": "11:00"}))
            self.page(n("upload-none"), s.upload({}, {}))
            self.page(n("upload-id-card-no-back"), s.upload({"document_kind": "id_card"}, {
                "front": ("f.jpg", tp.jpeg(), "image/jpeg")}))
            self.page(n("upload-previous-none"), s.upload({"document_kind": "previous"}, {}))
            self.page(n("upload-not-an-image"), s.upload({"document_kind": "passport"}, {
                "front": ("f.txt", b"just some text, not a photo\n", "text/plain")}))
            self.page(n("upload-not-multipart"), tp.request(
                "POST", s.path("accept"), b"document_kind=passport",
                {"Cookie": s.cookies, "Content-Type": FORM}))
            self.page(n("csrf-missing"), tp.request(
                "POST", s.path("cancel"), b"confirm=yes", {"Cookie": s.cookies,
                                                           "Content-Type": FORM}))
            self.page(n("cancel-confirm"), s.post("cancel", {}))
            self.page(n("cancel-done"), s.post("cancel", {"confirm": "yes"}))
            self.page(n("after-cancel"), s.get())

            p = applicant("page-move", lang)
            s = Session(p, lang)
            self.page(n("reschedule-done"), s.post("reschedule", {
                "slot1_date": "2026-12-09", "slot1_from": "10:00", "slot1_to": "11:30"}))

            p = applicant("page-pending", lang)
            pending_document(p)
            self.page(n("document-pending"), Session(p, lang).get())

            p = applicant("page-rejected", lang)
            tp.reject_upload(p)
            self.page(n("document-rejected"), Session(p, lang).get())

            p = applicant("page-reserved", lang, appointment_status="reserved",
                          application_status="reserved", room="golden-room-" + lang)
            s = Session(p, lang)
            self.page(n("reserved"), s.get())
            # Refused before its body (the upload is sent no further).
            self.page(n("reserved-upload"), raw_request(
                ("POST %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n"
                 "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 4096\r\n\r\n"
                 % (s.path("accept"), s.cookies)).encode()))

            p = applicant("page-started", lang, starts="2026-12-02T09:30:00Z",
                          ends="2026-12-02T10:00:00Z", appointment_status="reserved",
                          application_status="reserved", room="golden-room-started-" + lang)
            self.page(n("started"), Session(p, lang).get())

            p = applicant("page-moved", lang)
            accepted_document(p)
            p = tp.appoint(p["app"], p["code"], p["email"], starts="2026-12-09T09:30:00Z",
                           ends="2026-12-09T10:00:00Z")
            self.page(n("moved-with-document"), Session(p, lang).get())

            for ended in ("replaced", "cancelled", "expired", "withdrawn"):
                p = applicant("page-" + ended, lang, appointment_status=ended)
                self.page(n(ended + "-link"), tp.request("GET", "/proposal/%s?lang=%s"
                                                         % (p["token"], lang)))
                self.page(n(ended + "-code"), tp.post_code(p, p["code"], lang))

            p = applicant("page-locked", lang)
            sql("UPDATE applications SET code_failures = 5,"
                " code_locked_until = '2026-12-31T11:15:00Z' WHERE id = :'id'", id=p["app"])
            self.page(n("locked-link"), tp.request("GET", "/proposal/%s?lang=%s"
                                                   % (p["token"], lang)))
            self.page(n("locked-code"), tp.post_code(p, p["code"], lang))

            self.page(n("unknown-link"), tp.request("GET", "/proposal/not-a-token?lang=" + lang))
            self.page(n("upload-too-large"), raw_request(
                ("POST /proposal/%s/accept?lang=%s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n"
                 "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n"
                 % (p["token"], lang, s.cookies, 2 * tp.UPLOAD_MAX + 64 * 1024 + 1)).encode()))

    def test_end_link_pages(self):
        """The address owner's end link (test_squat.py has the story): the
        question, a refused post, the end, the link once more, a non-link;
        the same as JSON."""
        for lang in LANGS:
            n = lambda what: "page-end-%s.%s.http" % (what, lang)
            p = applicant("page-end", lang)
            token = squat.end_token(str(uuid.uuid4()))
            sql("INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
                " VALUES (gen_random_uuid(), :'app', :'h', '2026-12-02T09:00:00Z',"
                " '2026-12-05T09:00:00Z')", app=p["app"], h=squat.token_hash(token))
            path = "/end/%s?lang=%s" % (token, lang)
            answer = tp.request("GET", path)
            self.page(n("confirm"), answer)
            cookie = answer[1]["Set-Cookie"].split(";")[0]
            csrf = tp.form_token(answer[2].decode())
            self.page(n("csrf-missing"), tp.request("POST", path, b"confirm=yes",
                                                    {"Cookie": cookie, "Content-Type": FORM}))
            self.page(n("done"), tp.request(
                "POST", path, urllib.parse.urlencode({"csrf": csrf, "confirm": "yes"}).encode(),
                {"Cookie": cookie, "Content-Type": FORM}))
            self.page(n("used"), tp.request("GET", path))
            self.page(n("unknown"), tp.request("GET", "/end/not-a-token?lang=" + lang))

            p = applicant("api-end", lang)
            token = squat.end_token(str(uuid.uuid4()))
            sql("INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
                " VALUES (gen_random_uuid(), :'app', :'h', '2026-12-02T09:00:00Z',"
                " '2026-12-05T09:00:00Z')", app=p["app"], h=squat.token_hash(token))
            path = "/api/v1/end-links/%s?lang=%s" % (token, lang)
            json_post = lambda: tp.request("POST", path, b'{"confirm": true}',
                                           {"Content-Type": "application/json"})
            self.page("api-end-link-can-end.%s.http" % lang, tp.request("GET", path))
            self.page("api-end-link-done.%s.http" % lang, json_post())
            self.page("api-end-link-used.%s.http" % lang, json_post())
            self.page("api-end-link-unknown.%s.http" % lang, tp.request(
                "GET", "/api/v1/end-links/%s?lang=%s" % ("A" * 43, lang)))

    def test_error_answers(self):
        self.page("error-404.http", http("GET", "/no/such/page"))
        self.page("error-405-form.http", http("PUT", "/", b"x"))
        self.page("error-405-api.http", http("GET", "/api/v1/applications"))
        self.page("error-405-proposal.http", tp.request("DELETE", "/proposal/x"))
        self.page("error-405-proposal-api.http", tp.request("POST", "/api/v1/proposals/x"))
        self.page("error-413-api.http", raw_request(
            b"POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.255.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n"))
        self.page("error-413-form.http", raw_request(
            b"POST /?lang=fr HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.255.0.2\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10485760\r\n\r\n"))
        self.page("healthz.http", http("GET", "/healthz"))
        ip = fresh_ip()
        for _ in range(60):
            post_json({"consent": False}, ip=ip)
        self.page("error-429-api.http", http("POST", "/api/v1/applications", b"{}",
                                             {"Content-Type": "application/json"}, ip=ip))

    def test_application_api(self):
        for lang in LANGS:
            n = lambda what: "api-applications-%s.%s.http" % (what, lang)
            body = valid_application(language=lang, email="golden.api.%s@example.be" % lang)
            self.page(n("created"), http("POST", "/api/v1/applications", json.dumps(body).encode(),
                                         {"Content-Type": "application/json"}))
            bad = valid_application(language=lang, email="x", birth_date="2030-01-01",
                                    birth_country="XX", sex="Q", consent=False, insz="123",
                                    preferred_slots=[{"date": "2026-12-12", "from": "10:00",
                                                      "to": "11:00"},
                                                     {"date": "2026-12-09", "from": "11:00",
                                                      "to": "10:00"}])
            del bad["last_name"]
            self.page(n("invalid"), http("POST", "/api/v1/applications", json.dumps(bad).encode(),
                                         {"Content-Type": "application/json"}))
        self.page("api-applications-malformed.http", http(
            "POST", "/api/v1/applications", b"{", {"Content-Type": "application/json"}))
        self.page("api-applications-not-json.http", http(
            "POST", "/api/v1/applications", b"a=b", {"Content-Type": FORM}))

    def test_proposal_api(self):
        def api(name, method, p, action="", body=None, code=None, ctype="application/json",
                lang=None):
            path = "/api/v1/proposals/" + p["token"] + ("/" + action if action else "")
            headers = {"X-Security-Code": code} if code is not None else {}
            if body is not None:
                headers["Content-Type"] = ctype
                body = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.page(name, tp.request(method, path + ("?lang=" + lang if lang else ""), body,
                                       headers))

        for lang in LANGS:
            n = lambda what: "api-proposal-%s.%s.http" % (what, lang)
            p = applicant("api-open", lang)
            api(n("open"), "GET", p, code=p["code"])
            api(n("open-lang-param"), "GET", p, code=p["code"], lang=lang)
            api(n("no-code"), "GET", p)
            api(n("wrong-code"), "GET", p, code=tp.wrong(p["code"]))
            api(n("reschedule-weekend"), "POST", p, "reschedule", {
                "security_code": p["code"],
                "preferred_slots": [{"date": "2026-12-12", "from": "10:00", "to": "11:00"}]})
            body, ctype = tp.multipart({"security_code": p["code"], "document_kind": "id_card"},
                                       {"front": ("f.jpg", tp.jpeg(), "image/jpeg")})
            api(n("accept-no-back"), "POST", p, "accept", body, ctype=ctype)
            body, ctype = tp.multipart({"security_code": p["code"], "document_kind": "previous"},
                                       {})
            api(n("accept-no-previous"), "POST", p, "accept", body, ctype=ctype)
            api(n("accept-not-multipart"), "POST", p, "accept", {"security_code": p["code"]})
            api(n("reschedule-not-json"), "POST", p, "reschedule", b"x", ctype="text/plain")
            api(n("reschedule-malformed"), "POST", p, "reschedule", b"{")
            api(n("cancel"), "POST", p, "cancel", {"security_code": p["code"]})
            api(n("cancelled"), "GET", p, code=p["code"])

            p = applicant("api-move", lang)
            api(n("reschedule"), "POST", p, "reschedule", {
                "security_code": p["code"],
                "preferred_slots": [{"date": "2026-12-09", "from": "10:00", "to": "11:30"}]})

            p = applicant("api-rejected", lang)
            tp.reject_upload(p)
            api(n("document-rejected"), "GET", p, code=p["code"])

            p = applicant("api-reserved", lang, appointment_status="reserved",
                          application_status="reserved", room="golden-room-api-" + lang)
            api(n("reserved"), "GET", p, code=p["code"])
            body, ctype = tp.multipart({"security_code": p["code"], "document_kind": "passport"},
                                       {"front": ("f.jpg", b"\xff\xd8\xff", "image/jpeg")})
            api(n("reserved-accept"), "POST", p, "accept", body, ctype=ctype)

            p = applicant("api-moved", lang)
            accepted_document(p)
            p = tp.appoint(p["app"], p["code"], p["email"], starts="2026-12-09T09:30:00Z",
                           ends="2026-12-09T10:00:00Z")
            api(n("moved-with-document"), "GET", p, code=p["code"])

            for ended in ("replaced", "expired", "withdrawn"):
                p = applicant("api-" + ended, lang, appointment_status=ended)
                api(n(ended), "GET", p, code=p["code"])

            p = applicant("api-locked", lang)
            sql("UPDATE applications SET code_failures = 5,"
                " code_locked_until = '2026-12-31T11:15:00Z' WHERE id = :'id'", id=p["app"])
            api(n("locked"), "GET", p, code=p["code"])
        api("api-proposal-unknown.http", "GET", {"token": "not-a-token"}, code="x")


if __name__ == "__main__":
    unittest.main()
