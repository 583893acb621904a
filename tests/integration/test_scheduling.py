# SPDX-License-Identifier: EUPL-1.2
"""Scheduling on the real stack: interviewers managed with `dk`, the
scheduler's proposals (preferred, nearest, later), the proposal e-mail and its
link, accepting with a real photo, the reservation e-mail with a calendar
entry a real parser accepts, two applicants racing for the last slot, an
absence that moves interviews, holds that run out, slots freed for applicants
waiting for one, and the database refusing a double booking whatever the
code does.

Scheduling1Steps runs its steps in order (test_1_…, test_2_…): the
interviewers it adds are the only ones with working hours while it runs, so
every slot it expects is one it can reason about."""

import concurrent.futures
import json
import re
import subprocess
import unittest
import uuid

from dk import (BIN, ENV, ROOT, accepted_photo, dk, http, mail_text, mails_to, post_json,
                produce_raw, sql, sql_value, topic_messages, valid_application, wait_until)

CORPUS = ROOT / "build" / "corpus"
LINK = re.compile(re.escape(ENV["DK_INTAKE_URL"]) + r"/proposal/([A-Za-z0-9_-]{43})")


def submit(lang, slots, email=None):
    body = valid_application(language=lang, preferred_slots=slots)
    if email:
        body["email"] = email
    status, doc, _ = post_json(body)
    assert status == 201, doc
    return doc["application_id"], doc["security_code"], body["email"]


def status_of(app):
    return sql_value("SELECT status FROM applications WHERE id = :'id'", id=app)


def wait_status(app, *wanted, timeout=40):
    return wait_until(lambda: status_of(app) in wanted and status_of(app), timeout,
                      "application %s to become %s" % (app, "/".join(wanted)))


def mail_with(address, template, timeout=40):
    """The first mail of a template to address (the mails table names it)."""
    wait_until(lambda: sql_value("SELECT 1 FROM mails WHERE recipient = :'to' AND template = :'t'"
                                 " AND status = 'sent'", to=address, t=template), timeout,
               "%s mail to %s" % (template, address))
    subject = sql_value("SELECT subject FROM mails WHERE recipient = :'to' AND template = :'t'"
                        " ORDER BY created_at LIMIT 1", to=address, t=template)
    for msg, raw in mails_to(address):
        if str(msg["Subject"]) == subject:
            return msg, raw
    raise AssertionError("no %s mail in the Maildir for %s" % (template, address))


def link_token(msg):
    text, html = mail_text(msg)
    m = LINK.search(text)
    assert m, text
    assert m.group(0) in html
    return m.group(1)


def proposal(token, code):
    status, _, body = http("GET", "/api/v1/proposals/" + token, headers={"X-Security-Code": code})
    return status, json.loads(body or b"null")


def multipart(fields, files):
    boundary = "dkboundary" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, k, v)).encode()
    for k, (name, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: image/jpeg\r\n\r\n" % (boundary, k, name)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def accept(token, code, photo=None):
    photo = photo or accepted_photo(1).name
    body, ctype = multipart({"security_code": code, "document_kind": "passport"},
                            {"front": (photo, (CORPUS / photo).read_bytes())})
    status, _, out = http("POST", "/api/v1/proposals/%s/accept" % token, body,
                          {"Content-Type": ctype})
    return status, json.loads(out or b"null")


def calendar_of(msg):
    """The parsed interview.ics of a mail (python3-icalendar)."""
    from icalendar import Calendar
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in msg.walk()]
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def event_of(cal):
    return next(c for c in cal.walk("VEVENT"))


def interviewer(name, languages, hours):
    slug = re.sub(r"[^a-z]+", ".", name.lower().encode("ascii", "ignore").decode())
    out = dk("interviewer", "add", "--name", name, "--email",
             "%s.%s@interviews.example.be" % (slug, uuid.uuid4().hex[:6]),
             "--languages", languages, "--hours", hours)
    return out.stdout.strip()


def appointment(app):
    rows = sql("SELECT id, interviewer_id, dk_iso(starts_at), match, status FROM appointments"
               " WHERE application_id = :'id' ORDER BY proposed_at DESC, id DESC LIMIT 1", id=app)
    return rows[0] if rows else None


class Scheduling1Steps(unittest.TestCase):
    """Steps share the interviewers and slots set up here."""

    @classmethod
    def setUpClass(cls):
        # Earlier test files left applications and perhaps interviewers: give
        # those interviewers no working day and end those applications, so
        # only this class's interviewers and applicants compete for slots.
        for row in sql("SELECT id FROM interviewers"):
            dk("interviewer", "hours", row[0], "sat 09:00-09:30")
        # Rows are locked in the scheduler's order (submitted_at, id), so this
        # statement queues behind a planning batch instead of deadlocking it.
        sql("UPDATE applications SET status = 'cancelled' WHERE id IN ("
            " SELECT id FROM applications"
            " WHERE status IN ('submitted', 'waiting', 'rescheduling')"
            " ORDER BY submitted_at, id FOR UPDATE)")

    def test_1_waits_without_interviewer_then_gets_one(self):
        # Nobody speaks English yet: the request waits, visibly.
        app, _, addr = submit("en", [{"date": "2026-12-17", "from": "09:00", "to": "10:00"}])
        wait_status(app, "waiting")
        # The English interviewer works on Tuesdays 16:30-17:00 only.
        Scheduling1Steps.rachel = interviewer("Rachel Tuesday", "en", "tue 16:30-17:00")
        self.assertRegex(Scheduling1Steps.rachel, r"^[0-9a-f-]{36}$")
        wait_status(app, "proposed")
        appt = appointment(app)
        # Nearest free slot in the allowed weeks to Thursday 17 Dec 09:00: Tuesday 15 Dec 16:30.
        self.assertEqual(appt[1:4], [Scheduling1Steps.rachel, "2026-12-15T15:30:00Z", "nearest"])
        msg, _ = mail_with(addr, "proposal")
        text, _ = mail_text(msg)
        self.assertIn("15 December 2026", text)
        self.assertIn("16:30", text)
        Scheduling1Steps.nl_fr = interviewer("Bram Weekdays", "nl,fr", "mon-fri 09:00-12:00,13:00-17:00")

    def test_2_race_for_the_last_slot(self):
        # Two applicants want Tuesday 8 Dec 16:00-17:00 in English at the same
        # moment; only 16:30 exists that day, and the 15th is taken above.
        want = [{"date": "2026-12-08", "from": "16:00", "to": "17:00"}]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            apps = list(pool.map(lambda _: submit("en", want), range(2)))
        for app, _, _ in apps:
            wait_status(app, "proposed", "waiting")
        got = {app: appointment(app) for app, _, _ in apps}
        starts = sorted(a[2] for a in got.values())
        self.assertEqual(starts, ["2026-12-08T15:30:00Z", "2026-12-22T15:30:00Z"])
        loser = next(app for app, a in got.items() if a[2] == "2026-12-22T15:30:00Z")
        self.assertEqual(got[loser][3], "later")
        addr = next(e for app, _, e in apps if app == loser)
        text, _ = mail_text(mail_with(addr, "proposal")[0])
        self.assertIn("22 December 2026", text)
        self.assertIn("no time slot was free in the weeks you could choose", text.lower())
        Scheduling1Steps.race = apps

    def test_3_database_refuses_double_booking(self):
        winner = next(app for app, _, _ in Scheduling1Steps.race
                      if appointment(app)[2] == "2026-12-08T15:30:00Z")
        # Another application without a live appointment (a copy of the winner's).
        other = sql_value(
            "INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
            " birth_country, birth_place, sex, email, motivation, security_code_hash, submitted_at,"
            " source_message_id) SELECT gen_random_uuid(), 'cancelled', language, last_name,"
            " first_names, birth_date, birth_country, birth_place, sex, email, motivation,"
            " security_code_hash, submitted_at, gen_random_uuid() FROM applications"
            " WHERE id = :'id' RETURNING id", id=winner)
        with self.assertRaises(subprocess.CalledProcessError) as cm:
            sql("INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at,"
                " status, match, token_hash, held_until, proposed_at) VALUES"
                " (gen_random_uuid(), :'app', :'iv', '2026-12-08T15:45:00Z', '2026-12-08T16:15:00Z',"
                " 'held', 'later', md5(random()::text), now(), now())",
                app=other, iv=Scheduling1Steps.rachel)
        self.assertIn("appointments_no_double_booking", cm.exception.stderr)
        self.assertEqual(appointment(winner)[4], "held")

    def test_4_journey_in_three_languages(self):
        """Proposal → code → accept with a real photo → reserved, with ICS."""
        from icalendar import Calendar
        people = {lang: submit(lang, [{"date": "2026-12-09", "from": "10:00", "to": "11:00"}])
                  for lang in ("nl", "fr")}
        people["en"] = next(p for p in Scheduling1Steps.race
                            if appointment(p[0])[2] == "2026-12-08T15:30:00Z")
        words = {"nl": "december 2026", "fr": "décembre 2026", "en": "December 2026"}
        for lang, (app, code, addr) in people.items():
            with self.subTest(lang=lang):
                wait_status(app, "proposed")
                msg, _ = mail_with(addr, "proposal")
                token = link_token(msg)
                self.assertNotIn(code, msg.as_string())
                status, doc = proposal(token, code)
                self.assertEqual(status, 200, doc)
                self.assertEqual(doc["application_id"], app)
                self.assertEqual(doc["status"], "proposed")
                self.assertIn("accept", doc["actions"])
                self.assertRegex(doc["slot"]["start"], r"\+01:00$")
                status, doc = accept(token, code)
                self.assertEqual(status, 202, doc)
                wait_status(app, "reserved", timeout=90)
                msg, _ = mail_with(addr, "reserved")
                text, _ = mail_text(msg)
                self.assertIn(words[lang], text)
                video = sql_value("SELECT room_id FROM appointments WHERE application_id = :'id'"
                                  " AND status = 'reserved'", id=app)
                self.assertIn(video, text)
                ics = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
                self.assertEqual(len(ics), 1)
                cal = Calendar.from_ical(ics[0].get_payload(decode=True))
                self.assertEqual(str(cal["METHOD"]), "REQUEST")
                event = next(c for c in cal.walk("VEVENT"))
                self.assertEqual(str(event["UID"]), app + "@digitalkey")
                self.assertGreaterEqual(int(event["SEQUENCE"]), 1)
                start = event.decoded("DTSTART")
                self.assertEqual(str(start.tzinfo), "Europe/Brussels")
                self.assertEqual(start.isoformat()[:16], doc_start_local(app))
                shown = json.loads(dk("application", "show", app).stdout)
                self.assertEqual(shown["status"], "reserved")
                self.assertEqual(shown["slot"]["status"], "reserved")
                self.assertIn("name", shown["interviewer"])
                self.assertEqual(shown["document"]["status"], "accepted")
                # A second accept of a reserved slot is refused and changes nothing.
                status, doc = accept(token, code)
                self.assertEqual(status, 409, doc)
                self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'"
                                           " AND template = 'reserved'", id=app), "1")
        Scheduling1Steps.reserved = people

    def test_4b_moving_a_reserved_interview_keeps_the_document(self):
        """Reserved, then moved: the new slot is confirmed with the passport
        accepted before, checked again, without photographing it again."""
        app, code, addr = Scheduling1Steps.reserved["fr"]
        old = link_token(mail_with(addr, "proposal")[0])
        status, _, body = http("POST", "/api/v1/proposals/%s/reschedule" % old,
                               json.dumps({"security_code": code, "preferred_slots": [
                                   {"date": "2026-12-10", "from": "14:00", "to": "15:00"}]}).encode(),
                               {"Content-Type": "application/json"})
        self.assertEqual(status, 202, body)
        wait_status(app, "proposed")
        tokens = wait_until(lambda: (lambda ts: len(ts) == 2 and ts)(
            {m.group(1) for msg, _ in mails_to(addr) for m in [LINK.search(mail_text(msg)[0])] if m}),
            40, "the second proposal mail")
        new = (tokens - {old}).pop()
        second = next(msg for msg, _ in mails_to(addr) if new in mail_text(msg)[0])
        self.assertIn("votre document a déjà été accepté, vous confirmez donc ce créneau en un clic",
                      mail_text(second)[0])
        # The reserved interview leaves the calendar: a CANCEL of its entry.
        reserved_before = calendar_of(mail_with(addr, "reserved")[0])
        cancel = calendar_of(second)
        self.assertEqual(str(cancel["METHOD"]), "CANCEL")
        self.assertEqual(str(event_of(cancel)["UID"]), app + "@digitalkey")
        self.assertEqual(event_of(cancel).decoded("DTSTART"), event_of(reserved_before).decoded("DTSTART"))
        self.assertGreater(int(event_of(cancel)["SEQUENCE"]), int(event_of(reserved_before)["SEQUENCE"]))
        status, doc = proposal(new, code)
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["slot"]["start"], "2026-12-10T14:00:00+01:00")
        self.assertEqual(doc["document_on_file"]["kind"], "passport")
        self.assertRegex(doc["document_on_file"]["accepted_at"], r"^2026-12-0\dT.*\+01:00$")
        body, ctype = multipart({"security_code": code, "document_kind": "previous"}, {})
        status, _, out = http("POST", "/api/v1/proposals/%s/accept" % new, body, {"Content-Type": ctype})
        self.assertEqual(status, 202, out)
        wait_status(app, "reserved", timeout=90)
        self.assertEqual(appointment(app)[2], "2026-12-10T13:00:00Z")
        wait_until(lambda: sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'"
                                     " AND template = 'reserved' AND status = 'sent'", id=app) == "2",
                   40, "the second reserved mail")
        # Every calendar entry sent, in the order a calendar applies them.
        sent = sorted(((int(event_of(c)["SEQUENCE"]), str(c["METHOD"]))
                       for c in (calendar_of(msg) for msg, _ in mails_to(addr)
                                 if any(p.get_content_type() == "text/calendar" for p in msg.walk()))))
        self.assertEqual([m for _, m in sent], ["REQUEST", "CANCEL", "REQUEST"])
        self.assertEqual(len({n for n, _ in sent}), 3)
        # Two uploads, each judged on its own images, the same photo twice.
        rows = sql("SELECT u.status, d.status, d.sha256 FROM document_uploads u"
                   " JOIN documents d ON d.upload_id = u.id WHERE u.application_id = :'id'"
                   " ORDER BY u.uploaded_at", id=app)
        self.assertEqual([r[:2] for r in rows], [["accepted", "accepted"]] * 2)
        self.assertEqual(rows[0][2], rows[1][2])
        self.assertEqual(proposal(old, code)[0], 410)

    def test_5_blurred_photo_keeps_the_slot_and_says_what_to_fix(self):
        app, code, addr = submit("fr", [{"date": "2026-12-11", "from": "09:00", "to": "10:00"}])
        wait_status(app, "proposed")
        token = link_token(mail_with(addr, "proposal")[0])
        status, doc = accept(token, code, "blurred-00.jpg")
        self.assertEqual(status, 202, doc)
        wait_status(app, "document_rejected", timeout=90)
        text, _ = mail_text(mail_with(addr, "document_rejected")[0])
        self.assertIn("/proposal/" + token, text)
        self.assertEqual(appointment(app)[4], "held")
        status, doc = proposal(token, code)
        self.assertEqual(doc["status"], "document_rejected")
        self.assertEqual([p["code"] for p in doc["document"]["problems"]], ["blurred"])
        self.assertIn("accept", doc["actions"])
        # Upload again, a good photo this time.
        status, doc = accept(token, code, accepted_photo(2).name)
        self.assertEqual(status, 202, doc)
        wait_status(app, "reserved", timeout=90)

    def test_6_absence_moves_interviews(self):
        app, code, addr = submit("nl", [{"date": "2026-12-14", "from": "09:00", "to": "09:30"}])
        wait_status(app, "proposed")
        before = appointment(app)
        token = link_token(mail_with(addr, "proposal")[0])
        self.assertEqual(before[1:3], [Scheduling1Steps.nl_fr, "2026-12-14T08:00:00Z"])
        # A second Dutch speaker, then the first is away that day.
        other = interviewer("Chloé Second", "nl", "mon-fri 09:00-12:00")
        out = dk("interviewer", "absent", Scheduling1Steps.nl_fr, "2026-12-14", "2026-12-14")
        self.assertIn("1 appointment withdrawn", out.stderr)
        wait_until(lambda: appointment(app)[0] != before[0] and appointment(app)[4] == "held", 40,
                   "a new proposal")
        after = appointment(app)
        self.assertEqual(after[1:3], [other, "2026-12-14T08:00:00Z"])
        self.assertEqual(proposal(token, code)[0], 410)
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'", id=before[0]),
                         "withdrawn")
        wait_until(lambda: sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'"
                                     " AND template = 'proposal' AND status = 'sent'", id=app) == "2",
                   40, "the second proposal mail")
        agenda = dk("agenda", "2026-12-14").stdout
        self.assertIn("Chloé Second", agenda)
        self.assertIn(app, agenda)
        self.assertNotIn("Bram Weekdays", agenda)
        self.assertTrue(int(sql_value("SELECT count(*) FROM personal_data_access WHERE"
                                      " application_id = :'id' AND purpose LIKE 'dk agenda%'", id=app)))
        listed = [json.loads(l) for l in dk("interviewer", "list", "--json").stdout.splitlines()]
        bram = next(i for i in listed if i["id"] == Scheduling1Steps.nl_fr)
        self.assertEqual(bram["absences"][0]["from"], "2026-12-13T23:00:00Z")

    def test_7_hold_runs_out(self):
        app, code, addr = submit("nl", [{"date": "2026-12-16", "from": "13:00", "to": "14:00"}])
        wait_status(app, "proposed")
        token = link_token(mail_with(addr, "proposal")[0])
        # Proposed on Wednesday 2 Dec (the test clock starts there and runs);
        # 3 working days later at the same time is Monday 7 Dec.
        held, span = sql("SELECT dk_iso(held_until), held_until - proposed_at FROM appointments"
                         " WHERE application_id = :'id'", id=app)[0]
        self.assertEqual(span, "5 days")
        self.assertTrue(held.startswith("2026-12-07T"), held)
        still = subprocess.run([str(BIN / "dk"), "holds", "expire"],
                               env=dict(ENV, DK_NOW="2026-12-07T08:00:00Z", PATH="/usr/bin:/bin"),
                               capture_output=True, text=True, check=True)
        self.assertEqual(status_of(app), "proposed", still.stdout)
        out = subprocess.run([str(BIN / "dk"), "holds", "expire"],
                             env=dict(ENV, DK_NOW="2026-12-07T16:00:00Z", PATH="/usr/bin:/bin"),
                             capture_output=True, text=True, check=True)
        self.assertRegex(out.stdout, r"^[1-9][0-9]* holds? expired")
        self.assertEqual(status_of(app), "expired")
        self.assertEqual(proposal(token, code)[0], 410)
        mail_with(addr, "proposal_expired")
        self.assertEqual(appointment(app)[4], "expired")

    def test_8_messages_follow_their_schemas(self):
        wanted = {"proposed", "accepted", "reserved", "withdrawn", "expired"}
        changes = wait_until(lambda: (lambda ms: wanted <= {m["data"]["change"] for m in ms} and ms)(
            topic_messages("dk.appointments")), 30, "every kind of change relayed")
        for m in changes:
            self.assertNotIn("token", json.dumps(m))
        for m in topic_messages("dk.mail.jobs"):
            self.assertNotIn("/proposal/", json.dumps(m))

    def test_9_cli_refuses_bad_input(self):
        cases = [
            (["interviewer", "add", "--name", "X", "--email", "not-an-address", "--languages", "nl",
              "--hours", "mon 09:00-10:00"], "not an e-mail address"),
            (["interviewer", "add", "--name", "X", "--email", "x@example.be", "--languages", "de",
              "--hours", "mon 09:00-10:00"], "not one of nl, fr, en"),
            (["interviewer", "add", "--name", "X", "--email", "x@example.be", "--languages", "nl",
              "--hours", "mon 25:00-26:00"], "25:00"),
            (["interviewer", "add", "--name", "X", "--email", "x@example.be", "--languages", "nl",
              "--hours", "mun 09:00-10:00"], "mun"),
            (["interviewer", "absent", "not-a-uuid", "2026-12-01", "2026-12-02"], "not an interviewer id"),
            (["interviewer", "absent", Scheduling1Steps.nl_fr, "2026-12-05", "2026-12-01"], "not after"),
            (["interviewer", "absent", Scheduling1Steps.nl_fr, "yesterday", "2026-12-01"], "dates"),
            (["agenda", "2026-13-01"], "usage"),
            (["holds", "expire", "now"], "usage"),
        ]
        for args, words in cases:
            with self.subTest(args=args):
                out = dk(*args, check=False)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn(words, out.stderr)
        out = dk("interviewer", "absent", str(uuid.uuid4()), "2026-12-01", "2026-12-02", check=False)
        self.assertEqual(out.returncode, 1)
        self.assertIn("no interviewer", out.stderr)
        email = sql_value("SELECT email FROM interviewers WHERE id = :'id'", id=Scheduling1Steps.nl_fr)
        out = dk("interviewer", "add", "--name", "Again", "--email", email.upper(), "--languages",
                 "nl", "--hours", "mon 09:00-10:00", check=False)
        self.assertEqual(out.returncode, 1)
        self.assertIn("exists already", out.stderr)


class Scheduling2Messages(unittest.TestCase):
    """What the scheduler does with messages it cannot or need not act on
    (after the steps above, so live appointments exist)."""

    def envelope(self, type_, app, data):
        return {"id": str(uuid.uuid4()), "type": type_, "version": 1,
                "time": "2026-12-02T10:00:00Z", "application_id": app, "data": data}

    def letters(self, marker):
        return [m for m in topic_messages("dk.deadletter") if marker in m["data"]["original"]]

    def test_poison_goes_to_the_dead_letter_topic(self):
        marker = uuid.uuid4().hex
        bad_reason = self.envelope("schedule.requested", str(uuid.uuid4()),
                                   {"reason": "because-" + marker})
        produce_raw("dk.schedule", bad_reason["application_id"], json.dumps(bad_reason).encode())
        produce_raw("dk.schedule", "k", ("{not json " + marker).encode())
        no_upload = self.envelope("document.validated", str(uuid.uuid4()), {
            "document_id": str(uuid.uuid4()), "kind": "passport", "side": "front",
            "verdict": "accepted", "reasons": [], "figures": {"marker": marker},
            "upload_id": str(uuid.uuid4())})
        produce_raw("dk.documents.validated", no_upload["application_id"],
                    json.dumps(no_upload).encode())
        letters = wait_until(lambda: len(self.letters(marker)) >= 3 and self.letters(marker), 40,
                             "three dead letters")
        reasons = " | ".join(sorted(l["data"]["reason"] for l in letters))
        self.assertIn("schedule.requested.json", reasons)
        self.assertIn("malformed message", reasons)
        self.assertIn("no upload", reasons)
        for l in letters:
            self.assertEqual(l["data"]["group"], "dk-scheduler")

    def test_a_second_request_for_a_proposed_application_changes_nothing(self):
        row = sql("SELECT application_id, id FROM appointments WHERE status IN ('held', 'reserved')"
                  " ORDER BY proposed_at LIMIT 1")
        if not row:
            self.skipTest("no live appointment in this stack")
        app, appt = row[0]
        again = self.envelope("schedule.requested", app, {"reason": "retry"})
        produce_raw("dk.schedule", app, json.dumps(again).encode())
        wait_until(lambda: sql_value("SELECT 1 FROM consumed_messages WHERE consumer_group ="
                                     " 'dk-scheduler' AND message_id = :'id'", id=again["id"]), 40,
                   "the request handled")
        self.assertEqual(sql("SELECT id FROM appointments WHERE application_id = :'a'"
                             " AND status IN ('held', 'reserved')", a=app), [[appt]])


class Scheduling3FreedSlots(unittest.TestCase):
    """A slot freed by a cancellation or a hold running out goes to the
    oldest application waiting for one. Runs last: it ends every earlier
    application and leaves one English interviewer with a single slot."""

    @classmethod
    def setUpClass(cls):
        sql("UPDATE appointments SET status = 'cancelled', ended_at = now() WHERE id IN ("
            " SELECT id FROM appointments WHERE status IN ('held', 'reserved') ORDER BY id FOR UPDATE)")
        # (An approved or rejected interview holds no slot, and cannot be cancelled.)
        sql("UPDATE applications SET status = 'cancelled' WHERE id IN ("
            " SELECT id FROM applications WHERE status NOT IN ('cancelled', 'expired',"
            " 'awaiting_activation', 'rejected', 'activated', 'not_served')"
            " ORDER BY submitted_at, id FOR UPDATE)")
        for row in sql("SELECT id FROM interviewers"):
            dk("interviewer", "hours", row[0], "sat 09:00-09:30")
        # Tuesdays 16:30-17:00, absent from 9 December on: one slot in the
        # whole horizon, Tuesday 8 December 16:30.
        cls.una = interviewer("Una Onceaweek", "en", "tue 16:30-17:00")
        dk("interviewer", "absent", cls.una, "2026-12-09", "2027-06-30")
        cls.first = submit("en", [{"date": "2026-12-08", "from": "16:30", "to": "17:00"}])
        wait_status(cls.first[0], "proposed")
        cls.second = submit("en", [{"date": "2026-12-15", "from": "09:00", "to": "12:00"}])
        wait_status(cls.second[0], "waiting")
        cls.third = submit("en", [{"date": "2026-12-16", "from": "09:00", "to": "12:00"}])
        wait_status(cls.third[0], "waiting")

    def test_1_cancelled_slot_goes_to_the_oldest_waiting(self):
        app, code, addr = self.first
        token = link_token(mail_with(addr, "proposal")[0])
        status, _, body = http("POST", "/api/v1/proposals/%s/cancel" % token,
                               json.dumps({"security_code": code}).encode(),
                               {"Content-Type": "application/json"})
        self.assertEqual(status, 202, body)
        second, _, second_addr = self.second
        wait_status(second, "proposed")
        self.assertEqual(appointment(second)[1:4], [self.una, "2026-12-08T15:30:00Z", "nearest"])
        text, _ = mail_text(mail_with(second_addr, "proposal")[0])
        self.assertIn("8 December 2026", text)
        # One slot, one applicant: the younger request still waits.
        self.assertEqual(status_of(self.third[0]), "waiting")

    def test_2_expired_hold_goes_to_the_next_waiting(self):
        second, third = self.second[0], self.third[0]
        wait_status(second, "proposed")
        held = sql_value("SELECT dk_iso(held_until + interval '1 minute') FROM appointments"
                         " WHERE application_id = :'id' AND status = 'held'", id=second)
        subprocess.run([str(BIN / "dk"), "holds", "expire"],
                       env=dict(ENV, DK_NOW=held, PATH="/usr/bin:/bin"),
                       capture_output=True, text=True, check=True)
        self.assertEqual(status_of(second), "expired")
        wait_status(third, "proposed")
        self.assertEqual(appointment(third)[1:3], [self.una, "2026-12-08T15:30:00Z"])
        mail_with(self.third[2], "proposal")


def doc_start_local(app):
    """The reserved slot's start in Brussels time, 'YYYY-MM-DDTHH:MM'."""
    return sql_value("SELECT to_char(starts_at AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD\"T\"HH24:MI')"
                     " FROM appointments WHERE application_id = :'id' AND status = 'reserved'", id=app)


if __name__ == "__main__":
    unittest.main()
