# SPDX-License-Identifier: EUPL-1.2
"""The console's "ask for a new photo" (issue 10, item 5) on the real stack:
the interviewer asks (API and the dossier's form, audited), the applicant's
self-service page shows the upload form, the applicant sends a blurred photo
then a good one, and the dossier's small JSON (what console.js polls) lists
them — rejected with its reasons, then accepted — within a bounded wait,
each image served decrypted with no-store; the dossier page carries the
section the script replaces, the refresh link, and the one script file the
CSP allows. Another interviewer cannot ask (403, audited); a bad subject is
422; no CSRF 403. The page's capture token is accepted by the captures API
(the script's way)."""

import re
import time
import unittest
import urllib.parse
import uuid

import test_proposals as tp
from dk import sql_value, wait_until
from test_console import Staff, audit_count, call
from test_interview_applicant import HAVE_CORPUS
from test_interview_data import interviewer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def tearDownModule():
    tp.retire_test_interviewers()


def interview(lang):
    """An applicant whose reserved interview runs now (as
    test_interview_applicant's), its interviewer without a staff account yet."""
    return tp.proposal(lang=lang, starts="2026-12-02T09:30:00Z", ends="2026-12-02T10:30:00Z",
                       appointment_status="reserved", application_status="reserved",
                       room="iv-room-" + uuid.uuid4().hex[:12])


def photos(s, appt):
    status, doc, hdrs = s.get("/api/v1/interviews/%s/photos" % appt)
    assert status == 200, (status, doc)
    return doc


def upload_from_page(test, p, lang, image):
    """The applicant's page shows the form of the open request; sends image."""
    _, session, _ = tp.login(p, lang)
    cookies = {"Cookie": session.split(";")[0]}
    def form():
        status, _, page = tp.request("GET", "/proposal/%s?lang=%s" % (p["token"], lang),
                                     headers=cookies)
        test.assertEqual(status, 200)
        page = page.decode()
        found = re.search(r'name="request_id" value="([0-9a-f-]{36})"', page)
        return (page, found.group(1)) if found else None
    # The form, once any photo sent before has its verdict.
    page, rid = wait_until(form, 90, "the upload form on the applicant's page")
    body, ctype = tp.multipart({"csrf": tp.form_token(page), "request_id": rid},
                               {"front": ("p.jpg", image, "image/jpeg")})
    status, headers, _ = tp.request("POST", "/proposal/%s/photo?lang=%s" % (p["token"], lang),
                                    body, dict(cookies, **{"Content-Type": ctype}))
    test.assertEqual(status, 303)
    return rid


@unittest.skipUnless(HAVE_CORPUS, "build/corpus not generated (make corpus)")
class AskForANewPhoto(unittest.TestCase):
    def test_ask_upload_and_the_dossier_sees_it(self):
        p = interview("en")
        s = Staff("interviewer", p["interviewer"])
        appt = p["appointment"]
        path = "/api/v1/interviews/%s/photo-requests" % appt
        # Refused: a bad subject (422), none (422), no CSRF (403); nothing asked.
        for body in ({"subject": "selfie"}, {}, {"subject": ["passport_page"]}):
            status, doc, _ = s.post(path, body)
            self.assertEqual((status, doc["error"]), (422, "subject_unknown"), body)
        status, doc, _ = call("POST", path, b'{"subject": "passport_page"}',
                              {"Content-Type": "application/json"}, s.cookie)
        self.assertEqual(status, 403)
        status, doc, _ = s.post(path, raw=b"{not json")
        self.assertEqual(status, 400)
        self.assertEqual(photos(s, appt)["requests"], [])
        # Another interviewer: 403, audited, nothing asked.
        other = Staff("interviewer", interviewer())
        status, doc, _ = other.post(path, {"subject": "passport_page"})
        self.assertEqual((status, doc["error"]), (403, "not_your_interview"))
        self.assertEqual(audit_count(appt, "access.denied", other.id), 1)
        self.assertEqual(other.get("/api/v1/interviews/%s/photos" % appt)[0], 403)
        self.assertEqual(audit_count(appt, "access.denied", other.id), 2)
        self.assertEqual(call("GET", "/api/v1/interviews/%s/photos" % appt)[0], 401)
        # Asked: 201, then the open one again (200), audited each time.
        status, doc, _ = s.post(path, {"subject": "passport_page"})
        self.assertEqual(status, 201, doc)
        rid = doc["request_id"]
        self.assertEqual((doc["subject"], doc["created"]), ("passport_page", True))
        status, doc, _ = s.post(path, {"subject": "passport_page"})
        self.assertEqual((status, doc["request_id"], doc["created"]), (200, rid, False))
        self.assertEqual(audit_count(appt, "photo_request.asked", s.id), 2)
        before = photos(s, appt)
        self.assertEqual([(r["id"], r["subject"]) for r in before["requests"]],
                         [(rid, "passport_page")])
        self.assertEqual(before["photos"], [])
        # The dossier page: the section the script polls, the refresh link,
        # the waiting request, the ask form; one script, from a file.
        status, hdrs, page = call("GET", "/interviews/%s?lang=en" % appt, cookie=s.cookie)
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn('<section id="photos" data-poll="/api/v1/interviews/%s/photos"'
                      ' data-version="%s">' % (appt, before["version"]), page)
        self.assertIn('data-request="%s" data-subject="passport_page"' % rid, page)
        self.assertIn("Waiting for the applicant: passport, photo page", page)
        self.assertIn('<a class="refresh" href="/interviews/%s?lang=en#photos">' % appt, page)
        self.assertIn('action="/interviews/%s/photo-requests?lang=en"' % appt, page)
        self.assertEqual(re.findall(r"<script[^>]*>", page), ['<script src="/console.js" defer>'])
        csp = hdrs["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe", csp)
        status, hdrs, js = call("GET", "/console.js")
        self.assertEqual(status, 200)
        self.assertTrue(hdrs["Content-Type"].startswith("text/javascript"))
        self.assertIn(b"getDisplayMedia", js)
        # A blurred photo from the applicant's page: listed, then refused
        # with its reasons; the image served all the same (no-store).
        t0 = time.monotonic()
        self.assertEqual(upload_from_page(self, p, "en", tp.jpeg("blurred-00.jpg")), rid)
        doc = wait_until(lambda: [x for x in photos(s, appt)["photos"]
                                  if x["status"] == "rejected"], 90, "the refused photo listed")
        self.assertIn("blurred", doc[0]["reasons"])
        status, hdrs, body = call("GET", doc[0]["image_url"], cookie=s.cookie)
        self.assertEqual((status, hdrs["Cache-Control"]), (200, "no-store"))
        self.assertEqual(body, tp.jpeg("blurred-00.jpg"))
        self.assertNotEqual(photos(s, appt)["version"], before["version"])
        # A good one: accepted, the request closed, within a bounded wait.
        upload_from_page(self, p, "en", tp.jpeg())
        def settled():
            d = photos(s, appt)
            return d if not d["requests"] and any(x["status"] == "accepted"
                                                  for x in d["photos"]) else None
        after = wait_until(settled, 90, "the accepted photo, the request closed")
        self.assertLess(time.monotonic() - t0, 90)
        good = after["photos"][0]
        self.assertEqual([x["status"] for x in after["photos"]], ["accepted", "rejected"])
        self.assertEqual((good["subject"], good["kind"], good["side"]),
                         ("passport_page", "passport", "front"))
        status, hdrs, body = call("GET", good["image_url"], cookie=s.cookie)
        self.assertEqual((status, hdrs["Cache-Control"], hdrs["Content-Type"]),
                         (200, "no-store", "image/jpeg"))
        self.assertEqual(body, tp.jpeg())
        self.assertEqual(call("GET", good["image_url"], cookie=other.cookie)[0], 403)
        # The dossier (API and page) shows them too.
        status, d, _ = s.get("/api/v1/interviews/" + appt)
        self.assertEqual(d["photos"]["version"], after["version"])
        status, _, page = call("GET", "/interviews/%s?lang=nl" % appt, cookie=s.cookie)
        page = page.decode()
        self.assertIn('data-upload="%s" data-status="accepted"' % good["upload_id"], page)
        self.assertIn("paspoort, fotopagina · <strong>aanvaard</strong>", page)
        self.assertIn('src="%s"' % good["image_url"], page)
        self.assertIn("<li>blurred</li>", page)
        self.assertIn('data-version="%s"' % after["version"], page)

    def test_the_dossier_form_asks_and_the_page_token_sends_captures(self):
        p = interview("fr")
        s = Staff("interviewer", p["interviewer"])
        appt = p["appointment"]
        status, _, page = call("GET", "/interviews/%s?lang=fr" % appt, cookie=s.cookie)
        token = tp.form_token(page.decode())
        form = urllib.parse.urlencode({"csrf": token, "subject": "id_card_back"}).encode()
        status, hdrs, _ = call("POST", "/interviews/%s/photo-requests?lang=fr" % appt, form,
                               {"Content-Type": "application/x-www-form-urlencoded"}, s.cookie)
        self.assertEqual((status, hdrs["Location"]), (303, "/interviews/%s?lang=fr" % appt))
        self.assertEqual([r["subject"] for r in photos(s, appt)["requests"]], ["id_card_back"])
        # The applicant's page shows the form for the back of the card.
        status, doc, _ = tp.api("GET", p["token"], code=p["code"])
        self.assertEqual([(r["subject"], r["side"]) for r in doc["photo_requests"]],
                         [("id_card_back", "back")])
        # A form without its token: 403; a subject unknown: 422 page.
        bad = urllib.parse.urlencode({"subject": "id_card_back"}).encode()
        self.assertEqual(call("POST", "/interviews/%s/photo-requests" % appt, bad,
                              {"Content-Type": "application/x-www-form-urlencoded"},
                              s.cookie)[0], 403)
        bad = urllib.parse.urlencode({"csrf": token, "subject": "x" * 300}).encode()
        status, _, page = call("POST", "/interviews/%s/photo-requests?lang=fr" % appt, bad,
                               {"Content-Type": "application/x-www-form-urlencoded"}, s.cookie)
        self.assertEqual(status, 422)
        # The captures API takes the page's token in the header (console.js).
        status, _, out = call("POST", "/api/v1/interviews/%s/captures?subject=person&source="
                              "screen" % appt, PNG, {"Content-Type": "image/png",
                                                     "X-CSRF-Token": token}, s.cookie)
        self.assertEqual(status, 201, out)
        self.assertEqual(call("POST", "/api/v1/interviews/%s/captures?subject=person" % appt,
                              PNG, {"Content-Type": "image/png", "X-CSRF-Token": "A" * 43},
                              s.cookie)[0], 403)
        self.assertEqual(sql_value("SELECT source FROM interview_captures WHERE appointment_id"
                                   " = :'p'", p=appt), "screen")
        status, _, page = call("GET", "/interviews/%s?lang=fr" % appt, cookie=s.cookie)
        page = page.decode()
        self.assertIn('id="capture-form" hidden data-upload="/api/v1/interviews/%s/captures"'
                      % appt, page)
        self.assertIn("Capturer l&#39;écran partagé", page)


if __name__ == "__main__":
    unittest.main()
