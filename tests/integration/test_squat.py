# SPDX-License-Identifier: EUPL-1.2
"""An e-mail address held by someone else (issue 8, audit item 2), on the
real stack: a squatter requests first with the victim's address, so the
victim's own request is refused (one live request per address) and only
the squatter saw the security code. The mails the victim's mailbox gets
(request_received, application_exists) carry the end link; opening it
shows a question and changes nothing; its button (CSRF, same origin) ends
the squatter's request as the self-service cancel does (slot freed, timers
ended, slot_released mail), once; the victim then requests. A link that is
none answers 404, one used or run out 410, and neither tells anything
about the request."""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import unittest
import urllib.parse
import uuid

import test_proposals as tp
from dk import (ENV, http, mail_text, mails_to, post_json, sql, sql_value, valid_application,
                wait_until)

TOKEN_KEY = os.environ.get("DK_TOKEN_KEY") or "dev-only-insecure-secret-change-me"
END = re.compile(re.escape(ENV["DK_INTAKE_URL"]) + r"/end/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")
TAG = uuid.uuid4().hex[:10]
DONE = {"nl": "De aanvraag voor je e-mailadres is beëindigd.",
        "fr": "La demande pour votre adresse e-mail a pris fin.",
        "en": "The request for your e-mail address has ended."}


def end_token(link_id):
    """common/store/dk_token.c: HMAC-SHA256(key, "end-request:" id), base64url."""
    mac = hmac.new(TOKEN_KEY.encode(), ("end-request:" + link_id).encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def token_hash(token):
    return hmac.new(TOKEN_KEY.encode(), ("lookup:" + token).encode(), hashlib.sha256).hexdigest()


def submit(email, lang="nl"):
    status, doc, _ = post_json(valid_application(language=lang, email=email))
    return status, doc


def recorded(app):
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app), 30,
               "the application recorded")
    if tp.scheduler_runs():  # its own first proposal, before the test takes over
        wait_until(lambda: sql_value("SELECT status <> 'submitted' FROM applications"
                                     " WHERE id = :'id'", id=app) == "t", 30, "the scheduler")


def mail_with(address, template_words):
    """The text and html of the one mail to address whose subject has the words."""
    msgs = wait_until(lambda: [m for m, _ in mails_to(address)
                               if template_words in str(m["Subject"])], 40,
                      "the mail '%s'" % template_words)
    return mail_text(msgs[-1])


def end_link_of(address, template_words):
    text, page = mail_with(address, template_words)
    m = END.search(text)
    assert m, text
    assert m.group(1) in page
    return m.group(1)


def state(app):
    """What ending would change: the request, its latest appointment, its
    used links, its audit rows, its running promise timers."""
    return sql("SELECT a.status, (SELECT p.status FROM appointments p"
               "  WHERE p.application_id = a.id ORDER BY p.proposed_at DESC LIMIT 1),"
               " (SELECT count(*) FROM end_links l WHERE l.application_id = a.id"
               "  AND l.used_at IS NOT NULL),"
               " (SELECT count(*) FROM audit_events e WHERE e.application_id = a.id"
               "  AND e.action = 'application.ended_by_address_owner'),"
               " (SELECT count(*) FROM timers t WHERE t.application_id = a.id"
               "  AND t.kind IN ('promise', 'promise_alert') AND t.fired_at IS NULL"
               "  AND t.cancelled_at IS NULL)"
               " FROM applications a WHERE a.id = :'id'", id=app)[0]


def page(token, lang=None):
    """GET /end/{token}: (status, headers, html)."""
    status, headers, body = http("GET", "/end/" + token + ("?lang=" + lang if lang else ""))
    return status, headers, body.decode()


def press(token, csrf, cookie, origin=None, lang="en"):
    """The page's button: POST /end/{token} with the form's fields."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    if origin:
        headers["Origin"] = origin
    body = urllib.parse.urlencode({"csrf": csrf, "confirm": "yes"}).encode() if csrf is not None \
        else b"confirm=yes"
    status, _, out = http("POST", "/end/%s?lang=%s" % (token, lang), body, headers)
    return status, out.decode()


def api(method, token, body=None, content_type="application/json"):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": content_type} if data is not None else {}
    status, _, out = http(method, "/api/v1/end-links/" + token, data, headers)
    try:
        return status, json.loads(out)
    except ValueError:
        return status, out


class HeldAddress(unittest.TestCase):
    """One squat, step by step (the steps share it, in order)."""
    victim = "victim.%s@example.be" % TAG

    @classmethod
    def setUpClass(cls):
        status, doc = submit(cls.victim.upper(), lang="fr")  # the squatter, in their language
        assert status == 201, doc
        cls.app, cls.code = doc["application_id"], doc["security_code"]
        recorded(cls.app)
        cls.p = tp.appoint(cls.app, cls.code, cls.victim)  # a held slot, as the scheduler makes

    def test_1_the_victims_request_is_refused_and_the_mail_carries_the_end_link(self):
        status, doc = submit(self.victim, lang="en")
        self.assertEqual(status, 409, doc)
        self.assertEqual(doc["errors"][0]["code"], "application_exists")
        self.assertNotIn(self.app, json.dumps(doc))
        token = end_link_of(self.victim, "déjà en cours")  # the live request's language
        text, page_html = mail_with(self.victim, "déjà en cours")
        self.assertIn("n'a pas été faite par vous", text)
        self.assertNotIn(self.code, text + page_html)
        # Only the keyed hash is stored, for the live request, valid 72 hours.
        self.assertEqual(sql("SELECT application_id, expires_at - created_at, used_at IS NULL"
                             " FROM end_links WHERE token_hash = :'h'", h=token_hash(token)),
                         [[self.app, "3 days", "t"]])
        self.assertEqual(sql_value("SELECT count(*) FROM end_links WHERE token_hash = :'t'",
                                   t=token), "0")
        HeldAddress.token = token

    def test_2_request_received_tells_the_truth_about_a_lost_code(self):
        text, page_html = mail_with(self.victim, "a bien été reçue")
        self.assertNotIn("Vous devez alors introduire une nouvelle demande", text + page_html)
        self.assertIn("Vous avez perdu ce code, ou vous n'avez pas fait cette demande ?", text)
        token = END.search(text).group(1)
        self.assertNotEqual(token, HeldAddress.token)  # a link of its own, same request
        self.assertEqual(sql_value("SELECT application_id FROM end_links WHERE token_hash = :'h'",
                                   h=token_hash(token)), self.app)
        HeldAddress.received_token = token

    def test_3_opening_the_link_changes_nothing(self):
        before = state(self.app)
        self.assertEqual(before, ["proposed", "held", "0", "0", before[4]])
        for _ in range(2):  # a mail scanner, then the owner
            status, headers, html = page(HeldAddress.token)
            self.assertEqual(status, 200, html)
            self.assertIn('<html lang="fr">', html)  # the request's language
            self.assertIn('<form method="post" action="/end/%s?lang=fr"' % HeldAddress.token, html)
            self.assertIn('name="confirm" value="yes"', html)
            self.assertIn("dk_csrf=", headers["Set-Cookie"])
            for secret in (self.app, self.victim, self.code, "Peeters"):
                self.assertNotIn(secret, html)
        self.assertEqual(api("GET", HeldAddress.token), (200, {"status": "can_end"}))
        self.assertEqual(http("HEAD", "/end/" + HeldAddress.token)[0], 200)
        self.assertEqual(state(self.app), before)

    def test_4_a_post_without_its_csrf_or_from_another_site_is_refused(self):
        before = state(self.app)
        _, headers, html = page(HeldAddress.token, lang="en")
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        cookie = headers["Set-Cookie"].split(";")[0]
        other_cookie = page(HeldAddress.token)[1]["Set-Cookie"].split(";")[0]
        for what, args in (("no field", (None, cookie)),
                           ("no cookie", (csrf, None)),
                           ("another visitor's cookie", (csrf, other_cookie)),
                           ("a forged field", ("x" * 64, cookie))):
            with self.subTest(what):
                status, out = press(HeldAddress.token, *args)
                self.assertEqual(status, 403, out)
        status, out = press(HeldAddress.token, csrf, cookie, origin="https://evil.example")
        self.assertEqual(status, 403, out)
        self.assertEqual(state(self.app), before)

    def test_5_the_button_ends_the_request_as_the_self_service_cancel_does(self):
        _, headers, html = page(HeldAddress.token, lang="en")
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        cookie = headers["Set-Cookie"].split(";")[0]
        status, out = press(HeldAddress.token, csrf, cookie, origin=ENV["DK_INTAKE_URL"])
        self.assertEqual(status, 202, out)
        self.assertIn(DONE["en"], out)
        self.assertIn('<a href="/?lang=en">', out)  # the way to a new request
        app, appt = self.app, self.p["appointment"]
        self.assertEqual(state(app), ["cancelled", "cancelled", "1", "1", "0"])
        self.assertEqual(sql("SELECT actor, appointment_id, object::uuid = l.id, address IS NOT NULL,"
                             " detail->>'status_before' FROM audit_events e JOIN end_links l"
                             " ON l.token_hash = :'h' WHERE e.application_id = :'id'"
                             " AND e.action = 'application.ended_by_address_owner'",
                             h=token_hash(HeldAddress.token), id=app),
                         [["applicant", appt, "t", "t", "proposed"]])
        # The slot is free again and the self-service link is over.
        self.assertEqual(tp.api("GET", self.p["token"], code=self.code)[1].get("reason"),
                         "cancelled")
        # What the self-service cancel queues: the slot_released mail and the change.
        key = "slot_released:" + appt
        self.assertEqual(sql_value("SELECT count(*) FROM outbox WHERE topic = 'dk.mail.jobs'"
                                   " AND payload::jsonb #>> '{data,dedupe_key}' = :'k'", k=key),
                         "1")
        changed = wait_until(lambda: tp.messages("dk.appointments", lambda m: m["data"].get(
            "appointment_id") == appt), 30, "appointment.changed")
        self.assertEqual(changed[0]["data"]["change"], "cancelled")
        wait_until(lambda: sql("SELECT status FROM mails WHERE template = 'slot_released'"
                               " AND application_id = :'id'", id=app) == [["sent"]], 40,
                   "the slot_released mail sent")

    def test_6_the_link_works_once(self):
        for token in (HeldAddress.token, HeldAddress.received_token):
            status, _, html = page(token, lang="en")
            self.assertEqual(status, 410, html)
            self.assertIn("This link has already been used or has expired", html)
            self.assertIn('<a href="/?lang=en">', html)
            self.assertNotIn("<form", html)
            self.assertEqual(api("POST", token, {"confirm": True}),
                             (410, {"error": api("GET", token)[1]["error"],
                                    "code": "link_unusable"}))
        self.assertEqual(state(self.app)[2:4], ["1", "1"])  # no second end, no second row

    def test_7_the_victim_requests_now(self):
        status, doc = submit(self.victim, lang="en")
        self.assertEqual(status, 201, doc)
        self.assertNotEqual(doc["application_id"], self.app)


class NotALink(unittest.TestCase):
    """Invented, tampered, malformed and run-out links: 404 or 410, the same
    words for all of a kind, nothing about any request."""

    def test_invented_tampered_and_malformed_links_are_404(self):
        real = end_token(str(uuid.uuid4()))  # well formed, but no row has it
        live = tp.proposal(lang="en")
        link = str(uuid.uuid4())
        token = end_token(link)
        sql("INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
            " VALUES (:'id', :'app', :'h', '2026-12-02T09:00:00Z', '2026-12-05T09:00:00Z')",
            id=link, app=live["app"], h=token_hash(token))
        self.assertEqual(page(token)[0], 200)
        tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        bodies = set()
        for bad in (real, tampered, secrets.token_urlsafe(32), token[:-1], token + "A",
                    "%3Cscript%3E", "..%2F..%2Fetc", link, token_hash(token)):
            with self.subTest(bad=bad):
                status, _, html = page(bad, lang="en")
                self.assertEqual(status, 404, html)
                bodies.add(re.sub(r"<nav.*?</nav>", "", html, flags=re.S))  # links to itself
                self.assertEqual(api("GET", bad)[0], 404)
                self.assertEqual(api("POST", bad, {"confirm": True})[0], 404)
        self.assertEqual(len(bodies), 1)  # one page for every kind of non-link
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'id'",
                                   id=live["app"]), "proposed")

    def test_a_run_out_link_is_410_and_ends_nothing(self):
        live = tp.proposal(lang="nl")
        link = str(uuid.uuid4())
        token = end_token(link)
        sql("INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
            " VALUES (:'id', :'app', :'h', '2026-11-28T09:00:00Z', '2026-12-01T09:00:00Z')",
            id=link, app=live["app"], h=token_hash(token))
        status, _, html = page(token)
        self.assertEqual(status, 410, html)
        self.assertIn('<html lang="nl">', html)
        for secret in (live["app"], live["email"], "Peeters"):
            self.assertNotIn(secret, html)
        self.assertEqual(api("POST", token, {"confirm": True})[1]["code"], "link_unusable")
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'id'",
                                   id=live["app"]), "proposed")


class Api(unittest.TestCase):
    """The JSON face, on a request that has no appointment (the scheduler's
    turn has not come, or it waits for a slot)."""

    def test_end_through_the_api_without_an_appointment(self):
        email = "api.victim.%s@example.be" % TAG
        status, doc = submit(email, lang="nl")
        self.assertEqual(status, 201, doc)
        app = doc["application_id"]
        recorded(app)
        # No live appointment and its 3-day promise still running: as if it
        # still waited for a slot (the scheduler's first proposal, if it
        # made one, ended the promise timers; they run again here).
        sql("UPDATE appointments SET status = 'withdrawn', ended_at = now()"
            " WHERE application_id = :'id' AND status IN ('held', 'reserved');"
            " UPDATE applications SET status = 'waiting' WHERE id = :'id';"
            " UPDATE timers SET cancelled_at = NULL, result = NULL WHERE application_id = :'id'"
            "  AND kind IN ('promise', 'promise_alert') AND fired_at IS NULL", id=app)
        self.assertEqual(submit(email, lang="en")[0], 409)
        token = end_link_of(email, "loopt al")
        self.assertEqual(api("POST", token, {"confirm": True}, content_type="text/plain")[0], 415)
        for body in ({}, {"confirm": False}, {"confirm": "yes"}, [True]):
            with self.subTest(body=body):
                self.assertEqual(api("POST", token, body)[0], 400)
        before = state(app)
        self.assertEqual(before[0::2], ["waiting", "0", "2"])
        status, out = api("POST", token, {"confirm": True})
        self.assertEqual(status, 202, out)
        self.assertEqual(out, {"status": "cancelled",
                               "new_request_url": ENV["DK_INTAKE_URL"] + "/?lang=nl"})
        self.assertEqual(state(app), ["cancelled", before[1], "1", "1", "0"])
        self.assertEqual(api("POST", token, {"confirm": True})[0], 410)
        self.assertEqual(submit(email, lang="nl")[0], 201)

    def test_a_request_whose_interview_has_begun_cannot_be_ended_by_the_link(self):
        live = tp.proposal(lang="en", starts="2026-12-02T09:45:00Z", ends="2026-12-02T10:15:00Z",
                           appointment_status="reserved", application_status="reserved")
        link = str(uuid.uuid4())
        token = end_token(link)
        sql("INSERT INTO end_links (id, application_id, token_hash, created_at, expires_at)"
            " VALUES (:'id', :'app', :'h', '2026-12-02T09:00:00Z', '2026-12-05T09:00:00Z')",
            id=link, app=live["app"], h=token_hash(token))
        status, _, html = page(token)
        self.assertEqual(status, 409, html)
        self.assertIn("help desk", html)
        self.assertEqual(api("POST", token, {"confirm": True})[1]["code"], "cannot_end")
        self.assertEqual(state(live["app"])[:3], ["reserved", "reserved", "0"])


if __name__ == "__main__":
    unittest.main()
