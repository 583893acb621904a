# SPDX-License-Identifier: EUPL-1.2
"""The applicant's side of the interview on the real stack (issue 10, items 4
and 5): an applicant with a reserved interview, the interviewer's operations
driven through common/interview (build/integration/interview_driver, as the
console calls them), and the applicant's self-service link (pages and API):
the session code shown only to the applicant's code or session, gone after 10
minutes and after use; a new photo asked for, a bad one refused with the
reasons in the applicant's language, a good one checked and linked, the
request closed; the link's 410 after each outcome; and hostile input (wrong
token, no session, no CSRF, 11 MB, not an image) with nothing half-written.
Golden files for the new answers in nl, fr and en (DK_GOLDEN_UPDATE=1)."""

import datetime
import json
import os
import re
import time
import unittest
import urllib.parse
import uuid

import dk
import test_golden as tg
import test_proposals as tp
from dk import sql, sql_value, wait_until
from test_interview_data import drive, record_all_checks, staff

HAVE_CORPUS = (tp.CORPUS / "labels.json").exists()
SMALL = b"\xff\xd8\xff\xe0 a small image that is none"
DK_NOW = os.environ.get("DK_NOW") or "2026-12-02T10:00:00Z"  # run.sh's


def tearDownModule():
    tp.retire_test_interviewers()  # the files after this one expect no proposals of ours


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def intake_now():
    """The intake's clock: DK_NOW from its start, advancing since (dk_clock.h)."""
    pid = dk.pid_of("intake")
    with open("/proc/%d/stat" % pid) as f:
        ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/stat") as f:
        boot = next(int(l.split()[1]) for l in f if l.startswith("btime "))
    started = boot + ticks / os.sysconf("SC_CLK_TCK")
    base = datetime.datetime.strptime(DK_NOW, "%Y-%m-%dT%H:%M:%SZ")
    return base + datetime.timedelta(seconds=time.time() - started)


def intake_step():
    """The intake's time step, away from its edges (a code stays in the window).
    intake_now() reckons from the process's start, a little before its clock
    started: the true time may lag by that much, hence the margin at the start."""
    for _ in range(10):
        now = intake_now().replace(tzinfo=datetime.timezone.utc).timestamp()
        if 6 <= now % 30 < 26:
            return int(now // 30)
        time.sleep((30 - now % 30 + 6.3) % 30)
    raise AssertionError("no stable time step")


def interview(lang="en", room=None):
    """An applicant whose reserved interview runs now (09:30-10:30 UTC on
    DK_NOW's day), and an interviewer's account for it."""
    p = tp.proposal(lang=lang, starts="2026-12-02T09:30:00Z", ends="2026-12-02T10:30:00Z",
                    appointment_status="reserved", application_status="reserved",
                    room=room or "iv-room-" + uuid.uuid4().hex[:12])
    p["staff"] = staff("interviewer", p["interviewer"])
    return p


def get(p, code=None, lang=None):
    return tp.api("GET", p["token"], code=p["code"] if code is None else code, lang=lang)


def photo_api(p, request_id, files, code=None):
    body, ctype = tp.multipart({"security_code": p["code"] if code is None else code,
                                "request_id": request_id}, files)
    return tp.api("POST", p["token"], "photo", body, ctype=ctype)


def issue_code(p, at):
    r = drive("code_issue", now=iso(at), staff_id=p["staff"], appointment_id=p["appointment"])
    assert r["rc"] == 0, r
    return drive("code_live", now=iso(at), appointment_id=p["appointment"])["code"]


def ask_photo(p, subject="passport_page"):
    r = drive("photo_request", staff_id=p["staff"], appointment_id=p["appointment"],
              subject=subject, address="192.0.2.44")
    assert r["rc"] == 0, r
    return r["request_id"]


def uploads(p):
    return int(sql_value("SELECT count(*) FROM document_uploads WHERE application_id = :'a'",
                         a=p["app"]))


class SessionCode(unittest.TestCase):
    def test_shown_only_to_the_applicant_until_it_expires_or_is_used(self):
        p = interview("en")
        status, doc, _ = get(p)
        self.assertEqual(status, 200, doc)
        self.assertNotIn("session_code", doc)
        now = intake_now()
        code = issue_code(p, now)
        self.assertRegex(code, r"^[0-9]{6}$")
        # The API with the security code shows it, with how long it is valid.
        status, doc, _ = get(p)
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["session_code"]["code"], code)
        self.assertEqual(doc["session_code"]["valid_minutes"], 10)
        self.assertTrue(doc["session_code"]["expires_at"].endswith("+01:00"))
        # Nothing without the code, or with a wrong one (which counts).
        for typed in ("", tp.wrong(p["code"])):
            status, doc, _ = get(p, code=typed)
            self.assertEqual(status, 401)
            self.assertNotIn(code, str(doc))
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'a'",
                                   a=p["app"]), "2")
        # The page: the bare link shows the code form only; the session the code.
        status, _, page = tp.request("GET", "/proposal/" + p["token"])
        self.assertEqual(status, 200)
        self.assertNotIn(code, page.decode())
        self.assertNotIn("%s %s" % (code[:3], code[3:]), page.decode())
        _, session, _ = tp.login(p, "en")
        cookies = {"Cookie": session.split(";")[0]}
        status, _, page = tp.request("GET", "/proposal/%s?lang=en" % p["token"], headers=cookies)
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn('data-code="%s">%s %s</p>' % (code, code[:3], code[3:]), page)
        self.assertIn("Read this code aloud to the interviewer", page)
        self.assertIn("valid for 10 minutes", page)
        self.assertIn('<a class="refresh" href="/proposal/%s?lang=en">' % p["token"], page)
        self.assertNotIn("<script", page)
        # Another applicant's session shows nothing of it.
        q = interview("en")
        _, other, _ = tp.login(q, "en")
        status, _, page = tp.request("GET", "/proposal/" + p["token"],
                                     headers={"Cookie": other.split(";")[0]})
        self.assertNotIn(code, page.decode())
        # Used: the interviewer typed it; it is gone from the page and the API.
        r = drive("code_verify", now=iso(now), staff_id=p["staff"],
                  appointment_id=p["appointment"], code=code)
        self.assertTrue(r["verified"], r)
        self.assertNotIn("session_code", get(p)[1])
        status, _, page = tp.request("GET", "/proposal/%s?lang=en" % p["token"], headers=cookies)
        self.assertNotIn('id="session-code"', page.decode())

    def test_ten_minutes_by_the_clock(self):
        p = interview("nl")
        now = intake_now()
        code = issue_code(p, now - datetime.timedelta(minutes=9))
        self.assertEqual(get(p)[1]["session_code"]["code"], code)
        issue_code(p, now - datetime.timedelta(minutes=11))  # revokes the one before
        status, doc, _ = get(p)
        self.assertEqual(status, 200)
        self.assertNotIn("session_code", doc)
        _, session, _ = tp.login(p, "nl")
        _, _, page = tp.request("GET", "/proposal/" + p["token"],
                                headers={"Cookie": session.split(";")[0]})
        self.assertNotIn('id="session-code"', page.decode())


@unittest.skipUnless(HAVE_CORPUS, "build/corpus not generated (make corpus)")
class NewPhoto(unittest.TestCase):
    def test_a_bad_photo_is_refused_with_why_a_good_one_closes_the_request(self):
        p = interview("fr")
        self.assertNotIn("photo_requests", get(p)[1])
        rid = ask_photo(p)
        again = drive("photo_request", staff_id=p["staff"], appointment_id=p["appointment"],
                      subject="passport_page")
        self.assertEqual((again["request_id"], again["created"]), (rid, False))
        self.assertEqual(drive("photo_request", staff_id=p["staff"],
                               appointment_id=p["appointment"], subject="selfie")["refusal"],
                         "subject_unknown")
        other = staff("interviewer", tp.proposal()["interviewer"])
        self.assertEqual(drive("photo_request", staff_id=other, appointment_id=p["appointment"],
                               subject="passport_page")["refusal"], "not_your_interview")
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE appointment_id ="
                                   " :'p' AND action = 'photo_request.asked'",
                                   p=p["appointment"]), "2")
        status, doc, _ = get(p)
        self.assertEqual(doc["photo_requests"][0]["id"], rid)
        self.assertEqual((doc["photo_requests"][0]["subject"], doc["photo_requests"][0]["kind"],
                          doc["photo_requests"][0]["side"]), ("passport_page", "passport", "front"))
        # A blurred photo: taken, checked, refused; the reasons in French.
        before = tp.stored_files()
        status, doc, _ = photo_api(p, rid, {"front": ("p.jpg", tp.jpeg("blurred-00.jpg"),
                                                      "image/jpeg")})
        self.assertEqual(status, 202, doc)
        self.assertEqual(doc["status"], "photo_pending")
        bad = doc["upload_id"]
        self.assertEqual(len(tp.stored_files() - before), 1)
        wait_until(lambda: sql_value("SELECT status FROM document_uploads WHERE id = :'u'",
                                     u=bad) == "rejected", 90, "the verdict")
        status, doc, _ = get(p)
        req = doc["photo_requests"][0]
        self.assertEqual(req["upload"]["status"], "rejected")
        self.assertIn("blurred", [x["code"] for x in req["upload"]["problems"]])
        self.assertIn("floue", req["upload"]["problems"][0]["problem"].lower())
        # The interview goes on: nothing of step 2 moved.
        self.assertEqual(sql("SELECT a.status, p.status FROM applications a JOIN appointments p"
                             " ON p.application_id = a.id WHERE p.id = :'p'",
                             p=p["appointment"])[0], ["reserved", "reserved"])
        self.assertEqual(sql_value("SELECT answered_at IS NULL FROM interview_photo_requests"
                                   " WHERE id = :'r'", r=rid), "t")
        # The page shows why, and the form again; a good photo from the page.
        _, session, jar = tp.login(p, "fr")
        cookies = {"Cookie": session.split(";")[0]}
        _, _, page = tp.request("GET", "/proposal/%s?lang=fr" % p["token"], headers=cookies)
        page = page.decode()
        self.assertIn('id="photo-%s" data-subject="passport_page"' % rid, page)
        self.assertIn("de la page photo de votre passeport", page)
        self.assertIn('data-status="rejected"', page)
        self.assertIn('<li data-code="blurred">', page)
        self.assertIn('name="request_id" value="%s"' % rid, page)
        body, ctype = tp.multipart({"csrf": tp.form_token(page), "request_id": rid},
                                   {"front": ("p.jpg", tp.jpeg(), "image/jpeg")})
        status, headers, _ = tp.request("POST", "/proposal/%s/photo?lang=fr" % p["token"], body,
                                        dict(cookies, **{"Content-Type": ctype}))
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/proposal/%s?lang=fr" % p["token"])
        wait_until(lambda: sql_value("SELECT answered_at IS NOT NULL FROM"
                                     " interview_photo_requests WHERE id = :'r'", r=rid) == "t",
                   90, "the request closed")
        good = sql_value("SELECT upload_id FROM interview_photo_requests WHERE id = :'r'", r=rid)
        self.assertEqual(sql("SELECT u.status, u.kind, u.sides, u.appointment_id, d.status,"
                             " d.side FROM document_uploads u JOIN documents d ON"
                             " d.upload_id = u.id WHERE u.id = :'u'", u=good)[0],
                         ["accepted", "passport", "1", p["appointment"], "accepted", "front"])
        # Stored encrypted, under the document's id.
        doc_id = sql_value("SELECT id FROM documents WHERE upload_id = :'u'", u=good)
        stored = (tp.DOCS / (doc_id + ".dkd")).read_bytes()
        self.assertNotIn(tp.jpeg()[:64], stored)
        # Closed: gone from the page and the API, and the request cannot be answered again.
        self.assertNotIn("photo_requests", get(p)[1])
        _, _, page = tp.request("GET", "/proposal/%s?lang=fr" % p["token"], headers=cookies)
        self.assertNotIn("/photo?lang=", page.decode())
        n = uploads(p)
        status, doc, _ = photo_api(p, rid, {"front": ("p.jpg", tp.jpeg(), "image/jpeg")})
        self.assertEqual(status, 409, doc)
        self.assertEqual(uploads(p), n)
        # The dossier's images, newest first; the trail of it all.
        images = drive("images", appointment_id=p["appointment"])["images"]
        self.assertEqual([(i["upload_id"], i["status"], i["subject"]) for i in images],
                         [(good, "accepted", "passport_page"), (bad, "rejected", "passport_page")])
        actions = [r[0] for r in sql("SELECT action FROM audit_events WHERE appointment_id = :'p'"
                                     " ORDER BY id", p=p["appointment"])]
        self.assertEqual(actions, ["photo_request.asked", "photo_request.asked",
                                   "photo_request.uploaded", "photo_request.uploaded",
                                   "photo_request.answered"])
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                         "reserved")
        # dk application show's document is the accept's, never a photo asked for.
        self.assertIsNone(json.loads(dk.dk("application", "show", p["app"]).stdout).get("document"))

    def test_hostile_and_malformed_photos(self):
        p = interview("nl")
        # Refusals come before the image is kept (some before it is read: a
        # small one, so the client is not cut off mid-send).
        # No request open: refused before the body.
        status, doc, _ = photo_api(p, str(uuid.uuid4()), {"front": ("p.jpg", SMALL,
                                                                    "image/jpeg")})
        self.assertEqual(status, 409, doc)
        rid = ask_photo(p, "id_card_back")
        before, n = tp.stored_files(), uploads(p)
        # A wrong token, no code, a wrong code: nothing read, nothing written.
        body, ctype = tp.multipart({"request_id": rid},
                                   {"back": ("b.jpg", SMALL, "image/jpeg")})
        status, _, _ = tp.api("POST", "A" * 43, "photo", body, ctype=ctype)
        self.assertEqual(status, 404)
        status, doc, _ = tp.api("POST", p["token"], "photo", body, ctype=ctype)
        self.assertEqual(status, 401, doc)
        status, doc, _ = photo_api(p, rid, {"back": ("b.jpg", SMALL, "image/jpeg")},
                                   code=tp.wrong(p["code"]))
        self.assertEqual(status, 401, doc)
        # Another request id, or none: 409.
        for other in ("", "not-a-uuid", str(uuid.uuid4())):
            status, doc, _ = photo_api(p, other, {"back": ("b.jpg", SMALL, "image/jpeg")})
            self.assertEqual(status, 409, doc)
            self.assertIn("een open vraag naar deze foto", doc["error"])
        # The side not asked for, or no image: 422 with why.
        status, doc, _ = photo_api(p, rid, {"front": ("f.jpg", SMALL, "image/jpeg")})
        self.assertEqual(status, 422, doc)
        self.assertEqual(sorted((e["field"], e["code"]) for e in doc["errors"]),
                         [("back", "photo_required"), ("front", "photo_not_asked")])
        self.assertEqual({e["field"]: e["message"] for e in doc["errors"]},
                         {"back": "Kies de foto die je wil sturen.",
                          "front": "Stuur alleen de gevraagde kant."})
        # 11 MB: 413 as it streams, nothing kept.
        status, doc, _ = photo_api(p, rid, {"back": ("b.jpg", b"\xff" * (11 << 20),
                                                     "image/jpeg")})
        self.assertEqual(status, 413, doc)
        # Not multipart: 415.
        status, doc, _ = tp.api("POST", p["token"], "photo", {"security_code": p["code"]})
        self.assertEqual(status, 415, doc)
        self.assertEqual((tp.stored_files() - before, uploads(p)), (set(), n))
        # The page: without a session the code form; with one but no CSRF 403.
        _, session, _ = tp.login(p, "nl")
        body, ctype = tp.multipart({"request_id": rid},
                                   {"back": ("b.jpg", SMALL, "image/jpeg")})
        status, _, page = tp.request("POST", "/proposal/%s/photo" % p["token"], body,
                                     {"Content-Type": ctype})
        self.assertEqual(status, 401)
        self.assertIn('name="security_code"', page.decode())
        status, _, _ = tp.request("POST", "/proposal/%s/photo" % p["token"], body,
                                  {"Content-Type": ctype, "Cookie": session.split(";")[0]})
        self.assertEqual(status, 403)
        self.assertEqual((tp.stored_files() - before, uploads(p)), (set(), n))
        # On the page, the side not asked for is said next to the photo's form.
        cookies = {"Cookie": session.split(";")[0]}
        _, _, page = tp.request("GET", "/proposal/%s?lang=nl" % p["token"], headers=cookies)
        body, ctype = tp.multipart({"csrf": tp.form_token(page.decode()), "request_id": rid},
                                   {"front": ("f.jpg", SMALL, "image/jpeg")})
        status, _, page = tp.request("POST", "/proposal/%s/photo?lang=nl" % p["token"], body,
                                     dict(cookies, **{"Content-Type": ctype}))
        page = page.decode()
        self.assertEqual(status, 422)
        self.assertIn('<p class="error" id="back-error">Kies de foto die je wil sturen.</p>', page)
        self.assertIn("Stuur alleen de gevraagde kant.", page)
        # Not an image: taken, then refused by the check with a reason.
        status, doc, _ = photo_api(p, rid, {"back": ("b.jpg", b"%PDF? no, just text\n" * 50,
                                                     "image/jpeg")})
        self.assertEqual(status, 202, doc)
        wait_until(lambda: sql_value("SELECT status FROM document_uploads WHERE id = :'u'",
                                     u=doc["upload_id"]) == "rejected", 90, "the verdict")
        problems = get(p)[1]["photo_requests"][0]["upload"]["problems"]
        self.assertTrue(problems and problems[0]["problem"], problems)
        self.assertEqual(sql_value("SELECT answered_at IS NULL FROM interview_photo_requests"
                                   " WHERE id = :'r'", r=rid), "t")


def decide(test, p, outcome):
    who, appt = p["staff"], p["appointment"]
    args = {"approved": {},
            "missing_information": {"missing_items": ["valid_document"]},
            "rejected": {"reasons": ["person_mismatch"], "motivation": "Pas la même personne."},
            "no_show": {}}[outcome]
    if outcome == "approved":
        record_all_checks(test, who, appt)
    r = drive("outcome", staff_id=who, appointment_id=appt, outcome=outcome, **args)
    test.assertEqual(r["rc"], 0, r)


NEXT = {"approved": "activation link", "missing_information": "request a new video interview",
        "rejected": "motivation by e-mail", "no_show": "submit a new request"}


class AfterTheInterview(unittest.TestCase):
    def test_each_outcome_closes_the_link_with_what_comes_next(self):
        for outcome in NEXT:
            with self.subTest(outcome=outcome):
                p = interview("en")
                _, session, jar = tp.login(p, "en")  # the page was open during the interview
                cookies = session.split(";")[0]
                ask_photo(p)  # a form on the page during the interview, with its CSRF field
                csrf = tp.form_token(tp.request("GET", "/proposal/" + p["token"],
                                                headers={"Cookie": cookies})[2].decode())
                decide(self, p, outcome)
                status, doc, _ = get(p)
                self.assertEqual(status, 410, doc)
                self.assertEqual((doc["reason"], doc["outcome"]), ("interview_held", outcome))
                self.assertIn(NEXT[outcome], doc["error"])
                self.assertEqual("new_request_url" in doc,
                                 outcome in ("missing_information", "no_show"))
                if "new_request_url" in doc:
                    self.assertTrue(doc["new_request_url"].endswith("/?lang=en"))
                for action, body in (("cancel", {"security_code": p["code"]}),
                                     ("reschedule", {"security_code": p["code"],
                                                     "preferred_slots": []})):
                    status, doc, _ = tp.api("POST", p["token"], action, body)
                    self.assertEqual((status, doc.get("outcome")), (410, outcome), doc)
                body, ctype = tp.multipart({"document_kind": "passport"},
                                           {"front": ("f.jpg", b"x", "image/jpeg")})
                status, doc, _ = tp.api("POST", p["token"], "accept", body, code=p["code"],
                                        ctype=ctype)
                self.assertEqual((status, doc.get("outcome")), (410, outcome), doc)
                # Without the code: only that the link cannot be used.
                status, doc, _ = get(p, code="")
                self.assertEqual((status, doc.get("code")), (410, "link_unusable"))
                # The page of the session opened before, and its forms.
                status, _, page = tp.request("GET", "/proposal/" + p["token"],
                                             headers={"Cookie": cookies})
                page = page.decode()
                self.assertEqual(status, 410)
                self.assertIn('data-outcome="%s"' % outcome, page)
                self.assertIn("can no longer be used", page)
                self.assertEqual('<a href="/?lang=en">' in page,
                                 outcome in ("missing_information", "no_show"))
                status, _, page = tp.request(
                    "POST", "/proposal/%s/cancel" % p["token"],
                    urllib.parse.urlencode({"csrf": csrf, "confirm": "yes"}).encode(),
                    {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"})
                self.assertEqual(status, 410)
                self.assertIn('data-outcome="%s"' % outcome, page.decode())
                # Nothing moved.
                self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'p'",
                                           p=p["appointment"]),
                                 "no_show" if outcome == "no_show" else "completed")


class GoldenAfterTheInterview(tg.GoldenCase):
    """The new answers of the link, byte for byte, in nl, fr and en."""

    def page(self, name, answer, replace=()):
        status, headers, body = answer
        text = tg.answer_file(status, headers, body)
        for old, new in replace:
            text = text.replace(old, new)
        if replace:
            # The values replaced vary in length from run to run (a time's
            # fraction of a second): the length is checked against the body
            # as served, and left out of the file.
            self.assertEqual(int(headers["Content-Length"]), len(body))
            text = re.sub(r"(?m)^Content-Length: \d+$", "Content-Length: <length>", text)
        # The session code's expiry in the validity sentence: the intake's clock.
        text = re.sub(r"(until|tot|jusqu&#39;à) \d\d[:h]\d\d \(", r"\1 <until> (", text)
        self.golden(name, text)

    def test_after_interview_answers(self):
        for lang in tg.LANGS:
            for outcome in NEXT:
                p = interview(lang)
                decide(self, p, outcome)
                self.page("api-proposal-after-%s.%s.http" % (outcome, lang),
                          tp.request("GET", "/api/v1/proposals/" + p["token"],
                                     headers={"X-Security-Code": p["code"]}))
                self.page("page-proposal-after-%s.%s.http" % (outcome, lang),
                          tp.post_code(p, p["code"], lang))

    @unittest.skipUnless(HAVE_CORPUS, "build/corpus not generated (make corpus)")
    def test_during_interview_answers(self):
        for lang in tg.LANGS:
            p = interview(lang, room="golden-room-interview-" + lang)
            code = issue_code(p, intake_now())
            ask_photo(p, "id_card_front")
            status, doc, _ = get(p)
            words = [(doc["session_code"]["expires_at"], "<expires-at>"),
                     (doc["photo_requests"][0]["requested_at"], "<requested-at>"),
                     ("%s %s" % (code[:3], code[3:]), "<session code>"), (code, "<session-code>")]
            self.page("api-proposal-interview.%s.http" % lang,
                      tp.request("GET", "/api/v1/proposals/" + p["token"],
                                 headers={"X-Security-Code": p["code"]}), words)
            self.page("page-proposal-interview.%s.http" % lang, tg.Session(p, lang).get(), words)
