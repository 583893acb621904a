# SPDX-License-Identifier: EUPL-1.2
"""The applicant's self-service link on the real stack: a proposal set up
directly in PostgreSQL (as the scheduler makes it), then looked at, accepted
with an identity document, rescheduled and cancelled through the JSON API
and the HTML pages. Asserts on HTTP answers, rows, files and messages."""

import base64
import hashlib
import hmac
import html
import http.client
import json
import os
import pathlib
import re
import subprocess
import unittest
import urllib.parse
import uuid

import dk
from dk import (ENV, ROOT, VAR, opened, post_json, sql, sql_value, topic_messages,
                valid_application, wait_until)

CORPUS = ROOT / "build" / "corpus"  # tests/corpus/generate.py (make corpus)
DOCS = pathlib.Path(ENV["DK_DOCUMENT_DIR"])
# The stack runs with run.sh's environment; DK_TOKEN_KEY unset = the
# development default of common/core/dk_config.c.
TOKEN_KEY = os.environ.get("DK_TOKEN_KEY") or "dev-only-insecure-secret-change-me"
UPLOAD_MAX = int(os.environ.get("DK_UPLOAD_MAX") or 10485760)


def token_for(appointment_id):
    """common/store/dk_token.c: HMAC-SHA256(key, "proposal:" id), base64url, no padding."""
    mac = hmac.new(TOKEN_KEY.encode(), ("proposal:" + appointment_id).encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def token_hash(token):
    """The lookup hash stored in appointments.token_hash."""
    return hmac.new(TOKEN_KEY.encode(), ("lookup:" + token).encode(), hashlib.sha256).hexdigest()


def request(method, path, body=None, headers=None):
    """(status, headers, body bytes); redirects are not followed."""
    url = urllib.parse.urlsplit(dk.INTAKE)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def api(method, token, action="", body=None, code=None, ctype="application/json", lang=None):
    path = "/api/v1/proposals/" + token + ("/" + action if action else "")
    if lang:
        path += "?lang=" + lang
    headers = {}
    if code is not None:
        headers["X-Security-Code"] = code
    if body is not None:
        headers["Content-Type"] = ctype
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
    status, h, out = request(method, path, body, headers)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    return status, doc, h


def multipart(fields, files):
    """(body, content type) of a multipart/form-data request."""
    boundary = "dk-test-" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, name, value)).encode()
    for name, (filename, data, ctype) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, name, filename, ctype)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return bytes(out), "multipart/form-data; boundary=" + boundary


def accept(token, code, kind="passport", front=None, back=None):
    fields = {"security_code": code}
    if kind is not None:
        fields["document_kind"] = kind
    files = {}
    if front is not None:
        files["front"] = ("front.jpg", front, "image/jpeg")
    if back is not None:
        files["back"] = ("back.jpg", back, "image/jpeg")
    body, ctype = multipart(fields, files)
    return api("POST", token, "accept", body, ctype=ctype)


def scheduler_runs():
    return any((VAR / "run").glob("scheduler*.pid"))


def proposal(lang="nl", starts="2026-12-08T09:30:00Z", ends="2026-12-08T10:00:00Z",
             appointment_status="held", application_status="proposed", room=None):
    """An application submitted through the API with a held appointment made
    for it the way the scheduler makes one. Returns a dict with app, code,
    appointment, token, email."""
    body = valid_application(language=lang)
    status, doc, _ = post_json(body)
    assert status == 201, doc
    app_id, code = doc["application_id"], doc["security_code"]
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
               "application recorded")
    if scheduler_runs():  # let it make its own proposal first, then take over
        wait_until(lambda: sql_value("SELECT status <> 'submitted' FROM applications"
                                     " WHERE id = :'id'", id=app_id) == "t", 30, "scheduler")
    return appoint(app_id, code, body["email"], starts, ends, appointment_status,
                   application_status, room)


def appoint(app_id, code, email, starts="2026-12-08T09:30:00Z", ends="2026-12-08T10:00:00Z",
            appointment_status="held", application_status="proposed", room=None):
    """A new appointment for an application, replacing its live one, as the
    scheduler makes one (the interview moved). Returns the same dict as
    proposal()."""
    interviewer, appointment = str(uuid.uuid4()), str(uuid.uuid4())
    token = token_for(appointment)
    sql("""
        UPDATE appointments SET status = 'withdrawn', ended_at = now()
         WHERE application_id = :'app' AND status IN ('held', 'reserved');
        INSERT INTO interviewers (id, name, email, languages, hours)
        VALUES (:'iv', 'Test Interviewer', :'iv' || '@staff.example', ARRAY['nl', 'fr', 'en'],
                'mon-fri 09:00-17:00');
        INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at, status,
                                  match, preferred_rank, token_hash, held_until, room_id,
                                  proposed_at, reserved_at)
        SELECT :'appt', :'app', :'iv', :'starts', :'ends', :'ast', 'preferred', 1, :'hash',
               '2026-12-07T16:00:00Z', NULLIF(:'room', ''),
               greatest(now(), max(proposed_at) + interval '1 second'),
               CASE WHEN :'ast' = 'reserved' THEN now() END
          FROM (SELECT proposed_at FROM appointments WHERE application_id = :'app'
                UNION ALL SELECT NULL) AS p;
        UPDATE applications SET status = :'pst' WHERE id = :'app';
    """, app=app_id, iv=interviewer, appt=appointment, starts=starts, ends=ends,
        ast=appointment_status, hash=token_hash(token), room=room or "", pst=application_status)
    return {"app": app_id, "code": code, "appointment": appointment, "token": token,
            "email": email, "interviewer": interviewer}


def retire_test_interviewers():
    """proposal() and test_timers.interviewer() add interviewers with working
    hours; a file that used them calls this when done, so the files after it
    see requests wait for the
    interviewers they add themselves (and get no proposal mail they did not
    expect)."""
    for row in sql("SELECT id FROM interviewers WHERE name IN ('Test Interviewer',"
                   " 'Timer Tester')"):
        dk.dk("interviewer", "hours", row[0], "sat 09:00-09:30")


def wrong(code):
    """Another valid-looking code."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def jpeg(name="good-00.jpg"):
    return (CORPUS / name).read_bytes()


def stored_files():
    return set(p.name for p in DOCS.glob("*.dkd"))


def restart_intake():
    """Stops the intake and starts it again on the same address."""
    port = urllib.parse.urlsplit(dk.INTAKE).port
    env = dict(os.environ)
    env["DK_INTAKE_PORT"] = str(port)
    script = str(ROOT / "infra" / "stack.sh")
    subprocess.run([script, "stop", "intake"], check=True, capture_output=True, env=env)
    subprocess.run([script, "start", "intake"], check=True, capture_output=True, env=env)
    wait_until(lambda: request("GET", "/healthz")[0] == 200, 20, "intake back")


def messages(topic, pred):
    return [m for m in topic_messages(topic) if pred(m)]


class Lookup(unittest.TestCase):
    def test_right_code_shows_the_proposal_in_brussels_time(self):
        p = proposal()
        status, doc, headers = api("GET", p["token"], code=p["code"])
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["application_id"], p["app"])
        self.assertEqual(doc["appointment_id"], p["appointment"])
        self.assertEqual(doc["status"], "proposed")
        self.assertEqual(doc["slot"], {"start": "2026-12-08T10:30:00+01:00",
                                       "end": "2026-12-08T11:00:00+01:00"})
        self.assertEqual(doc["held_until"], "2026-12-07T17:00:00+01:00")
        self.assertEqual(doc["match"], "preferred")
        self.assertEqual(doc["actions"], ["accept", "reschedule", "cancel"])
        self.assertNotIn("document", doc)
        self.assertNotIn("video_url", doc)
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        # Typed sloppily (lower case, no dashes): still the code.
        status, _, _ = api("GET", p["token"], code=p["code"].lower().replace("-", " "))
        self.assertEqual(status, 200)

    def test_reserved_shows_the_video_link_and_no_accept(self):
        p = proposal(appointment_status="reserved", application_status="reserved",
                     room="room-" + uuid.uuid4().hex)
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["status"], "reserved")
        self.assertEqual(doc["actions"], ["reschedule", "cancel"])
        self.assertTrue(doc["video_url"].startswith("https://"), doc)
        status, doc, _ = accept(p["token"], p["code"], front=b"\xff\xd8\xff")
        self.assertEqual(status, 409, doc)

    def test_wrong_code_five_times_locks_even_the_right_one(self):
        p = proposal()
        answers = set()
        for i in range(5):
            status, doc, _ = api("GET", p["token"], code=None if i == 2 else wrong(p["code"]))
            self.assertEqual(status, 401, doc)
            answers.add(doc["error"])
        self.assertEqual(len(answers), 1, "the same message for every failure")
        for code in (wrong(p["code"]), p["code"]):
            status, doc, headers = api("GET", p["token"], code=code)
            self.assertEqual(status, 429, doc)
            self.assertGreater(int(headers["Retry-After"]), 800)
            self.assertRegex(doc["locked_until"], r"^2026-12-02T1\d:\d\d:\d\d(\.\d+)?\+01:00$")
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'id'",
                                   id=p["app"]), "5")
        # The bare link says only that it cannot be used; the page says
        # until when to whoever types a code, in the page's language.
        status, headers, page = request("GET", "/proposal/%s?lang=fr" % p["token"])
        self.assertEqual(status, 410)
        self.assertNotIn("Retry-After", headers)
        self.assertNotIn("décembre", html.unescape(page.decode()))
        status, _, page = post_code(p, p["code"], "fr")
        self.assertEqual(status, 429)
        self.assertIn("jusqu'au mercredi 2 décembre 2026 à ", html.unescape(page.decode()))

    def test_right_code_resets_the_count(self):
        p = proposal()
        for _ in range(4):
            self.assertEqual(api("GET", p["token"], code=wrong(p["code"]))[0], 401)
        self.assertEqual(api("GET", p["token"], code=p["code"])[0], 200)
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'id'",
                                   id=p["app"]), "0")
        for _ in range(4):
            self.assertEqual(api("GET", p["token"], code=wrong(p["code"]))[0], 401)
        self.assertEqual(api("GET", p["token"], code=p["code"])[0], 200)

    def test_a_lock_that_ran_out_starts_the_count_afresh(self):
        p = proposal()
        sql("UPDATE applications SET code_failures = 5,"
            " code_locked_until = '2026-12-02T09:00:00Z' WHERE id = :'id'", id=p["app"])
        self.assertEqual(api("GET", p["token"], code=wrong(p["code"]))[0], 401)
        self.assertEqual(sql("SELECT code_failures, code_locked_until IS NULL FROM applications"
                             " WHERE id = :'id'", id=p["app"]), [["1", "t"]])

    def test_the_count_survives_a_restart_of_the_intake(self):
        p = proposal()
        for _ in range(3):
            self.assertEqual(api("GET", p["token"], code=wrong(p["code"]))[0], 401)
        restart_intake()
        for _ in range(2):
            self.assertEqual(api("GET", p["token"], code=wrong(p["code"]))[0], 401)
        self.assertEqual(api("GET", p["token"], code=p["code"])[0], 429)

    def test_tampered_or_malformed_token_is_404(self):
        p = proposal()
        t = p["token"]
        tampered = t[:10] + ("A" if t[10] != "A" else "B") + t[11:]
        for token in (tampered, t[:-1], t + "A", "not-a-token"):
            with self.subTest(token=token):
                status, doc, _ = api("GET", token, code=p["code"])
                self.assertEqual(status, 404, doc)
                status, _, page = request("GET", "/proposal/" + token)
                self.assertEqual(status, 404)
                self.assertNotIn("security_code", page.decode())

    def test_ended_appointments_say_why_to_the_code(self):
        for ended in ("replaced", "cancelled", "expired", "withdrawn"):
            with self.subTest(ended=ended):
                p = proposal(appointment_status=ended)
                status, doc, _ = api("GET", p["token"], code=p["code"])
                self.assertEqual((status, doc["reason"]), (410, ended), doc)
                words = {"replaced": "was replaced", "cancelled": "was cancelled",
                         "expired": "did not answer this proposal in time",
                         "withdrawn": "no longer available"}[ended]
                status, _, page = request("GET", "/proposal/%s?lang=en" % p["token"])
                self.assertEqual(status, 410)
                self.assertNotIn(words, page.decode())
                self.assertIn("cannot be used", page.decode())
                status, _, page = post_code(p, p["code"], "en")
                self.assertEqual(status, 410)
                self.assertIn(words, page.decode())

    def test_a_newer_appointment_replaces_a_live_one(self):
        p = proposal()
        q = str(uuid.uuid4())
        sql("""INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at,
                   status, match, token_hash, held_until, proposed_at, ended_at)
               SELECT :'new', application_id, interviewer_id, starts_at + interval '1 day',
                   ends_at + interval '1 day', 'expired', 'nearest', :'hash', held_until,
                   proposed_at + interval '1 minute', now()
                 FROM appointments WHERE id = :'old'""",
            old=p["appointment"], new=q, hash=token_hash(token_for(q)))
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual((status, doc.get("reason")), (410, "replaced"), doc)
        status, doc, _ = api("GET", token_for(q), code=p["code"])
        self.assertEqual((status, doc.get("reason")), (410, "expired"), doc)

    def test_once_started_nothing_is_allowed(self):
        p = proposal(starts="2026-12-02T09:30:00Z", ends="2026-12-02T10:00:00Z",
                     appointment_status="reserved", application_status="reserved")
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual((status, doc["actions"]), (200, []), doc)
        status, doc, _ = api("POST", p["token"], "cancel", {"security_code": p["code"]})
        self.assertEqual(status, 409, doc)


def reject_upload(p, reasons=("blurred", "glare")):
    """A judged upload of p whose image was refused, as the checker and the
    scheduler leave it."""
    upload, doc = str(uuid.uuid4()), str(uuid.uuid4())
    sql("""INSERT INTO document_uploads (id, application_id, appointment_id, kind, sides, status,
                                         uploaded_at, decided_at)
           VALUES (:'up', :'app', :'appt', 'passport', 1, 'rejected', now(), now());
           INSERT INTO documents (id, application_id, kind, side, byte_size, sha256, uploaded_at,
                                  status, reasons, upload_id)
           VALUES (:'doc', :'app', 'passport', 'front', 1000, repeat('a', 64), now(), 'rejected',
                   string_to_array(:'reasons', ','), :'up');
           UPDATE applications SET status = 'document_rejected' WHERE id = :'app';""",
        up=upload, doc=doc, app=p["app"], appt=p["appointment"], reasons=",".join(reasons))
    return upload


class RejectedDocument(unittest.TestCase):
    def test_what_was_wrong_and_how_to_fix_it(self):
        p = proposal(lang="fr")
        reject_upload(p)
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["status"], "document_rejected")
        self.assertEqual(doc["actions"], ["accept", "reschedule", "cancel"])
        self.assertEqual(doc["document"]["status"], "rejected")
        self.assertEqual([x["code"] for x in doc["document"]["problems"]], ["blurred", "glare"])
        self.assertIn("floue", doc["document"]["problems"][0]["problem"])  # the applicant's French
        status, doc, _ = api("GET", p["token"], code=p["code"], lang="en")
        self.assertIn("blurred", doc["document"]["problems"][0]["problem"])
        location, session, _ = login(p, "fr")
        status, _, page = request("GET", location, headers={"Cookie": session.split(";")[0]})
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertLess(page.index('data-code="blurred"'), page.index('type="file"'))


class Reschedule(unittest.TestCase):
    def test_another_slot_replaces_the_proposal(self):
        p = proposal()
        bad = {"security_code": p["code"],
               "preferred_slots": [{"date": "2026-12-12", "from": "10:00", "to": "11:00"}]}
        status, doc, _ = api("POST", p["token"], "reschedule", bad)
        self.assertEqual(status, 422, doc)
        self.assertEqual(doc["errors"][0]["field"], "preferred_slots[0].date")
        self.assertEqual(doc["errors"][0]["code"], "weekend")
        self.assertTrue(doc["errors"][0]["message"])

        good = {"security_code": p["code"],
                "preferred_slots": [{"date": "2026-12-09", "from": "10:00", "to": "11:30"},
                                    {"date": "2026-12-14", "from": "14:00", "to": "16:00"}]}
        status, doc, _ = api("POST", p["token"], "reschedule", good)
        self.assertEqual((status, doc), (202, {"status": "rescheduling"}))
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual((status, doc.get("reason")), (410, "replaced"), doc)
        self.assertEqual(sql("SELECT status, ended_at IS NOT NULL FROM appointments"
                             " WHERE id = :'id'", id=p["appointment"]), [["replaced", "t"]])
        if not scheduler_runs():
            self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'id'",
                                       id=p["app"]), "rescheduling")
        self.assertEqual(sql("SELECT rank, dk_iso(starts_at), dk_iso(ends_at)"
                             " FROM application_preferred_slots WHERE application_id = :'id'"
                             " ORDER BY rank", id=p["app"]),
                         [["1", "2026-12-09T09:00:00Z", "2026-12-09T10:30:00Z"],
                          ["2", "2026-12-14T13:00:00Z", "2026-12-14T15:00:00Z"]])
        msgs = wait_until(lambda: messages("dk.schedule", lambda m: m["application_id"] == p["app"]
                                           and m["data"]["reason"] == "rescheduled"),
                          30, "schedule.requested")
        self.assertEqual(msgs[0]["data"], {"reason": "rescheduled",
                                           "previous_appointment_id": p["appointment"]})
        changed = wait_until(lambda: messages("dk.appointments",
                                              lambda m: m["data"]["appointment_id"]
                                              == p["appointment"]), 30, "appointment.changed")
        self.assertEqual(changed[0]["data"]["change"], "replaced")
        self.assertEqual(changed[0]["data"]["start"], "2026-12-08T09:30:00Z")

    def test_reserved_reschedule_bumps_the_calendar_sequence(self):
        p = proposal(appointment_status="reserved", application_status="reserved", room="r-" + p_id())
        body = {"security_code": p["code"],
                "preferred_slots": [{"date": "2026-12-15", "from": "09:00", "to": "10:00"}]}
        self.assertEqual(api("POST", p["token"], "reschedule", body)[0], 202)
        self.assertEqual(sql_value("SELECT ics_sequence FROM applications WHERE id = :'id'",
                                   id=p["app"]), "1")

    def test_wrong_code_changes_nothing(self):
        p = proposal()
        body = {"security_code": wrong(p["code"]),
                "preferred_slots": [{"date": "2026-12-09", "from": "10:00", "to": "11:30"}]}
        self.assertEqual(api("POST", p["token"], "reschedule", body)[0], 401)
        self.assertEqual(api("POST", p["token"], "reschedule", b"{", ctype="application/json")[0],
                         400)
        self.assertEqual(api("POST", p["token"], "reschedule", body, ctype="text/plain")[0], 415)
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'",
                                   id=p["appointment"]), "held")


def p_id():
    return uuid.uuid4().hex


class Cancel(unittest.TestCase):
    def test_cancel_releases_the_slot_and_mails(self):
        p = proposal(lang="fr")
        status, doc, _ = api("POST", p["token"], "cancel", {"security_code": p["code"]})
        self.assertEqual((status, doc), (202, {"status": "cancelled"}))
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual((status, doc.get("reason")), (410, "cancelled"), doc)
        self.assertEqual(sql("SELECT status, ics_sequence FROM applications WHERE id = :'id'",
                             id=p["app"]), [["cancelled", "1"]])
        key = "slot_released:" + p["appointment"]
        self.assertEqual(sql_value("SELECT count(*) FROM outbox WHERE topic = 'dk.mail.jobs'"
                                   " AND payload::jsonb #>> '{data,dedupe_key}' = :'k'", k=key), "1")
        jobs = wait_until(lambda: messages("dk.mail.jobs",
                                           lambda m: m["data"]["dedupe_key"] == key), 30,
                          "slot_released job")
        self.assertNotIn(p["email"], json.dumps(jobs[0]))  # sealed on the topic
        data = opened(jobs[0])["data"]
        self.assertEqual((data["template"], data["language"], data["to"]),
                         ("slot_released", "fr", p["email"]))
        self.assertEqual(data["vars"]["slot_start"], "2026-12-08T09:30:00Z")
        self.assertEqual(data["vars"]["slot_end"], "2026-12-08T10:00:00Z")
        self.assertEqual(data["vars"]["application_id"], p["app"])
        self.assertNotIn("calendar", data["vars"])
        self.assertEqual(messages("dk.appointments", lambda m: m["data"]["appointment_id"]
                                  == p["appointment"])[0]["data"]["change"], "cancelled")

    def test_cancel_of_a_reserved_slot_sends_a_calendar_cancel(self):
        p = proposal(appointment_status="reserved", application_status="reserved", room="r-" + p_id())
        sql("UPDATE applications SET ics_sequence = 2 WHERE id = :'id'", id=p["app"])
        self.assertEqual(api("POST", p["token"], "cancel", {"security_code": p["code"]})[0], 202)
        key = "slot_released:" + p["appointment"]
        payload = json.loads(sql_value("SELECT payload FROM outbox WHERE topic = 'dk.mail.jobs'"
                                       " AND payload::jsonb #>> '{data,dedupe_key}' = :'k'", k=key))
        self.assertEqual(payload["data"]["vars"]["calendar"],
                         {"method": "CANCEL", "uid": p["app"] + "@digitalkey", "sequence": 3,
                          "start": "2026-12-08T09:30:00Z", "end": "2026-12-08T10:00:00Z"})


@unittest.skipUnless((CORPUS / "labels.json").exists(), "build/corpus not generated")
class Accept(unittest.TestCase):
    def test_passport_accepted_stored_encrypted_and_checked(self):
        p = proposal()
        photo = jpeg()
        before = stored_files()
        status, doc, _ = accept(p["token"], p["code"], front=photo)
        self.assertEqual(status, 202, doc)
        self.assertEqual(doc["status"], "document_pending")
        upload = doc["upload_id"]
        self.assertEqual(sql("SELECT application_id, appointment_id, kind, sides, status"
                             " FROM document_uploads WHERE id = :'id'", id=upload),
                         [[p["app"], p["appointment"], "passport", "1", "pending"]])
        new = stored_files() - before
        self.assertEqual(len(new), 1)
        stored = (DOCS / new.pop()).read_bytes()
        self.assertNotIn(photo[100:164], stored)
        self.assertNotIn(photo[-64:], stored)
        # The checker judges it and records the upload it belongs to.
        rows = wait_until(lambda: sql("SELECT status, side, byte_size FROM documents"
                                      " WHERE upload_id = :'id'", id=upload), 60, "documents row")
        self.assertEqual(rows[0][1:], ["front", str(len(photo))])
        msgs = messages("dk.documents.uploaded",
                        lambda m: m["data"].get("upload_id") == upload)
        self.assertEqual(len(msgs), 1)
        self.assertEqual(set(msgs[0]["data"]), {"document_id", "kind", "side", "byte_size",
                                                "sha256", "uploaded_at", "upload_id"})
        self.assertEqual(msgs[0]["data"]["sha256"], hashlib.sha256(photo).hexdigest())
        accepted = messages("dk.appointments", lambda m: m["data"]["appointment_id"]
                            == p["appointment"] and m["data"]["change"] == "accepted")
        self.assertEqual(len(accepted), 1)
        self.assertEqual(accepted[0]["data"]["interviewer_id"], p["interviewer"])
        # Accepting again while the document is checked: 409.
        status, doc, _ = accept(p["token"], p["code"], front=photo)
        self.assertEqual(status, 409, doc)

    def test_identity_card_needs_its_back_and_a_passport_has_none(self):
        p = proposal()
        before = stored_files()
        status, doc, _ = accept(p["token"], p["code"], kind="id_card", front=jpeg())
        self.assertEqual(status, 422, doc)
        self.assertEqual([(e["field"], e["code"]) for e in doc["errors"]], [("back", "required")])
        status, doc, _ = accept(p["token"], p["code"], kind="passport", front=jpeg(), back=jpeg())
        self.assertEqual(status, 422, doc)
        self.assertEqual([(e["field"], e["code"]) for e in doc["errors"]],
                         [("back", "not_allowed")])
        status, doc, _ = accept(p["token"], p["code"], kind=None)
        self.assertEqual({e["field"] for e in doc["errors"]}, {"document_kind", "front"})
        self.assertEqual(stored_files(), before)
        status, doc, _ = accept(p["token"], p["code"], kind="id_card", front=jpeg(),
                                back=jpeg(dk.accepted_photo(1).name))
        self.assertEqual(status, 202, doc)
        self.assertEqual(sql_value("SELECT sides FROM document_uploads WHERE id = :'id'",
                                   id=doc["upload_id"]), "2")
        self.assertEqual(len(stored_files() - before), 2)

    def test_previous_needs_a_document_on_file_and_no_file_beside_it(self):
        p = proposal()
        before = stored_files()
        status, doc, _ = accept(p["token"], p["code"], kind="previous")
        self.assertEqual(status, 422, doc)
        self.assertEqual([(e["field"], e["code"]) for e in doc["errors"]],
                         [("document_kind", "no_previous")])
        self.assertIn("Er is nog geen document van jou goedgekeurd", doc["errors"][0]["message"])
        status, doc, _ = accept(p["token"], p["code"], kind="previous", front=jpeg())
        self.assertEqual(status, 422, doc)
        self.assertIn(("front", "not_allowed"), [(e["field"], e["code"]) for e in doc["errors"]])
        self.assertEqual(stored_files(), before)
        status, doc, _ = api("GET", p["token"], code=p["code"])
        self.assertEqual(status, 200, doc)
        self.assertNotIn("document_on_file", doc)
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'id'", id=p["app"]),
                         "proposed")

    def test_a_file_over_the_limit_is_413_and_nothing_is_stored(self):
        p = proposal()
        before = stored_files()
        status, doc, _ = accept(p["token"], p["code"], front=b"\xff\xd8\xff" + os.urandom(UPLOAD_MAX))
        self.assertEqual(status, 413, doc)
        self.assertEqual(sql_value("SELECT count(*) FROM document_uploads WHERE application_id"
                                   " = :'id'", id=p["app"]), "0")
        self.assertEqual(stored_files(), before)
        self.assertEqual(api("GET", p["token"], code=p["code"])[1]["status"], "proposed")

    def test_a_body_declared_too_large_is_refused_before_it_is_sent(self):
        p = proposal()
        url = urllib.parse.urlsplit(dk.INTAKE)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.putrequest("POST", "/api/v1/proposals/%s/accept" % p["token"])
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(2 * UPLOAD_MAX + 64 * 1024 + 1))
        conn.endheaders()
        r = conn.getresponse()
        self.assertEqual(r.status, 413)
        conn.close()

    def test_not_multipart_is_415(self):
        p = proposal()
        status, doc, _ = api("POST", p["token"], "accept", {"security_code": p["code"]})
        self.assertEqual(status, 415, doc)


def form_token(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def cookie(headers, name):
    for h in headers.get_all("Set-Cookie") or []:
        if h.startswith(name + "="):
            return h
    return None


def send_code(p, code, lang="nl"):
    """The code form of p's link, sent with code: (status, headers, page, csrf cookie)."""
    status, headers, page = request("GET", "/proposal/%s?lang=%s" % (p["token"], lang))
    csrf = form_token(page.decode())
    jar = cookie(headers, "dk_csrf").split(";")[0]
    body = urllib.parse.urlencode({"csrf": csrf, "security_code": code}).encode()
    status, headers, page = request("POST", "/proposal/%s?lang=%s" % (p["token"], lang), body,
                                    {"Content-Type": "application/x-www-form-urlencoded",
                                     "Cookie": jar})
    return status, headers, page, jar


def post_code(p, code, lang="nl"):
    """(status, headers, page) of the code form sent with code."""
    return send_code(p, code, lang)[:3]


def login(p, lang="nl"):
    """Code form → POST code → (Location, session cookie, csrf cookie)."""
    status, headers, _, jar = send_code(p, p["code"], lang)
    assert status == 303, status
    return headers["Location"], cookie(headers, "dk_session"), jar


class Pages(unittest.TestCase):
    def login(self, p, lang="nl"):
        return login(p, lang)

    def test_the_link_alone_shows_only_the_code_form(self):
        p = proposal()
        status, headers, page = request("GET", "/proposal/" + p["token"])
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn('<html lang="nl">', page)  # the applicant's language
        self.assertIn('name="security_code"', page)
        self.assertNotIn("december", page)
        self.assertNotIn('type="file"', page)
        self.assertNotIn("<script", page)
        self.assertNotIn("style=", page)
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        self.assertIn("HttpOnly", cookie(headers, "dk_csrf"))
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'id'",
                                   id=p["app"]), "0")

    def test_code_then_session_then_the_proposal_with_its_date(self):
        p = proposal()
        location, session, jar = self.login(p)
        self.assertEqual(location, "/proposal/%s?lang=nl" % p["token"])
        self.assertRegex(session, r"^dk_session=[0-9a-f]{64}; ")
        for attr in ("HttpOnly", "SameSite=Strict", "Path=/;", "Max-Age=1200"):
            self.assertIn(attr, session)
        self.assertNotIn("Secure", session)  # served over plain http here
        status, headers, page = request("GET", location,
                                        headers={"Cookie": session.split(";")[0]})
        page = page.decode()
        self.assertEqual(status, 200, page[:500])
        self.assertIn("dinsdag 8 december 2026, van 10:30 tot 11:00", page)
        self.assertIn('enctype="multipart/form-data"', page)
        self.assertIn('accept="image/*,application/pdf"', page)
        self.assertIn('name="document_kind" value="id_card"', page)
        self.assertIn('name="slot1_date"', page)
        self.assertIn('action="/proposal/%s/cancel?lang=nl"' % p["token"], page)
        self.assertEqual(page.count('name="csrf"'), 3)
        # The session opens no other link.
        q = proposal()
        status, _, page = request("GET", "/proposal/" + q["token"],
                                  headers={"Cookie": session.split(";")[0]})
        self.assertEqual(status, 200)
        self.assertNotIn("december", page.decode())

    def test_wrong_code_on_the_page_is_401_and_counts(self):
        p = proposal()
        status, headers, page = request("GET", "/proposal/%s?lang=en" % p["token"])
        csrf, jar = form_token(page.decode()), cookie(headers, "dk_csrf").split(";")[0]
        body = urllib.parse.urlencode({"csrf": csrf, "security_code": wrong(p["code"])}).encode()
        status, _, page = request("POST", "/proposal/%s?lang=en" % p["token"], body,
                                  {"Content-Type": "application/x-www-form-urlencoded",
                                   "Cookie": jar})
        self.assertEqual(status, 401)
        self.assertIn("not correct", page.decode())
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'id'",
                                   id=p["app"]), "1")

    def test_csrf_missing_is_403(self):
        p = proposal()
        body = urllib.parse.urlencode({"security_code": p["code"]}).encode()
        status, _, _ = request("POST", "/proposal/" + p["token"], body,
                               {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403)
        _, session, jar = self.login(p)
        body = urllib.parse.urlencode({"confirm": "yes"}).encode()
        status, _, _ = request("POST", "/proposal/%s/cancel" % p["token"], body,
                               {"Content-Type": "application/x-www-form-urlencoded",
                                "Cookie": session.split(";")[0] + "; " + jar})
        self.assertEqual(status, 403)
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'",
                                   id=p["appointment"]), "held")

    @unittest.skipUnless((CORPUS / "labels.json").exists(), "build/corpus not generated")
    def test_upload_from_the_page_then_being_checked(self):
        p = proposal(lang="en")
        location, session, jar = self.login(p, "en")
        cookies = {"Cookie": session.split(";")[0] + "; " + jar}
        _, headers, page = request("GET", location, headers=cookies)
        csrf = form_token(page.decode())
        cookies = {"Cookie": session.split(";")[0]}
        body, ctype = multipart({"csrf": csrf, "document_kind": "passport"},
                                {"front": ("p.jpg", jpeg(), "image/jpeg"),
                                 "back": ("", b"", "application/octet-stream")})
        status, headers, _ = request("POST", "/proposal/%s/accept?lang=en" % p["token"], body,
                                     dict(cookies, **{"Content-Type": ctype}))
        self.assertEqual(status, 303)
        status, _, page = request("GET", headers["Location"], headers=cookies)
        self.assertEqual(status, 200)
        self.assertIn("Your document is being checked", page.decode())
        self.assertNotIn('type="file"', page.decode())

    def test_a_moved_interview_offers_the_accepted_document(self):
        first = proposal(lang="fr")
        status, doc, _ = accept(first["token"], first["code"], front=jpeg())
        self.assertEqual(status, 202, doc)
        wait_until(lambda: sql_value("SELECT status FROM document_uploads WHERE id = :'id'",
                                     id=doc["upload_id"]) == "accepted", 90, "the verdict")
        # The interview moves (as after an interviewer's absence): a new link.
        moved = appoint(first["app"], first["code"], first["email"],
                        starts="2026-12-09T09:30:00Z", ends="2026-12-09T10:00:00Z")
        before = stored_files()
        location, session, jar = self.login(moved, "fr")
        cookies = {"Cookie": session.split(";")[0] + "; " + jar}
        _, headers, page = request("GET", location, headers=cookies)
        page = page.decode()
        self.assertIn('id="accept-previous"', page)
        self.assertIn("Votre passeport a été accepté le", page)
        self.assertIn("Ou chargez un autre document", page)
        csrf = form_token(page)
        cookies = {"Cookie": session.split(";")[0]}
        body, ctype = multipart({"csrf": csrf, "document_kind": "previous"}, {})
        status, headers, _ = request("POST", "/proposal/%s/accept?lang=fr" % moved["token"], body,
                                     dict(cookies, **{"Content-Type": ctype}))
        self.assertEqual(status, 303)
        status, _, page = request("GET", headers["Location"], headers=cookies)
        self.assertIn("Votre document est en cours de vérification", page.decode())
        # Stored again under a new id, checked again, and the moved slot reserved.
        self.assertEqual(len(stored_files() - before), 1)
        wait_until(lambda: sql_value("SELECT status FROM appointments WHERE id = :'id'",
                                     id=moved["appointment"]) == "reserved", 90, "reserved")
        shas = sql("SELECT d.sha256 FROM documents d JOIN document_uploads u ON u.id = d.upload_id"
                   " WHERE u.application_id = :'id' ORDER BY u.uploaded_at", id=first["app"])
        self.assertEqual(len(shas), 2)
        self.assertEqual(shas[0], shas[1])

    def test_another_slot_form_writes_office_hours_as_the_mails_do(self):
        p = proposal(lang="fr")
        location, session, _ = self.login(p, "fr")
        status, _, page = request("GET", location, headers={"Cookie": session.split(";")[0]})
        self.assertEqual(status, 200)
        self.assertIn("entre 9h00 et 17h00", page.decode())
        self.assertNotIn("09:00 et", page.decode())

    def test_cancel_asks_first(self):
        p = proposal(lang="fr")
        location, session, jar = self.login(p, "fr")
        cookies = {"Cookie": session.split(";")[0] + "; " + jar}
        _, headers, page = request("GET", location, headers=cookies)
        cookies = {"Cookie": session.split(";")[0],
                   "Content-Type": "application/x-www-form-urlencoded"}
        body = urllib.parse.urlencode({"csrf": form_token(page.decode())}).encode()
        status, headers, page = request("POST", "/proposal/%s/cancel?lang=fr" % p["token"], body,
                                        cookies)
        self.assertEqual(status, 200)
        self.assertIn("mardi 8 décembre 2026", page.decode())
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'",
                                   id=p["appointment"]), "held")
        body = urllib.parse.urlencode({"csrf": form_token(page.decode()), "confirm": "yes"}).encode()
        status, _, page = request("POST", "/proposal/%s/cancel?lang=fr" % p["token"], body, cookies)
        self.assertEqual(status, 202)
        self.assertIn("Votre rendez-vous est annulé", page.decode())
        self.assertEqual(request("GET", "/proposal/" + p["token"])[0], 410)

    def test_reschedule_from_the_page_shows_errors_next_to_the_rows(self):
        p = proposal(lang="en")
        location, session, jar = self.login(p, "en")
        cookies = {"Cookie": session.split(";")[0] + "; " + jar}
        _, headers, page = request("GET", location, headers=cookies)
        cookies = {"Cookie": session.split(";")[0],
                   "Content-Type": "application/x-www-form-urlencoded"}
        body = urllib.parse.urlencode({"csrf": form_token(page.decode()), "slot1_date": "2026-12-12",
                                       "slot1_from": "10:00", "slot1_to": "11:00"}).encode()
        status, _, page = request("POST", "/proposal/%s/reschedule?lang=en" % p["token"], body,
                                  cookies)
        page = page.decode()
        self.assertEqual(status, 422)
        self.assertIn('id="slot1_date-error"', page)
        self.assertIn('aria-describedby="slot1_date-error"', page)
        self.assertIn('value="2026-12-12"', page)
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'",
                                   id=p["appointment"]), "held")


if __name__ == "__main__":
    unittest.main()
