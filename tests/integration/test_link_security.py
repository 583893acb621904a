# SPDX-License-Identifier: EUPL-1.2
"""The self-service link against the attacks of issue 8, on the real stack:
page sessions that cannot be computed from an appointment id and a known
key, CSRF fields bound to their cookie or session, POSTs from another
site refused by their Origin, ended and locked links that say why only to
the security code, and Secure __Host- cookies with HSTS when the public URL
is https (a second intake started for it)."""

import hashlib
import hmac
import html
import http.client
import json
import os
import signal
import subprocess
import time
import unittest
import urllib.parse
import uuid

import dk
from dk import BIN, ENV, VAR, sql, sql_value, valid_application, wait_until
from test_proposals import (api, cookie, form_token, login, multipart, proposal, request,
                            retire_test_interviewers, send_code, wrong)

CSRF_KEY = os.environ.get("DK_CSRF_KEY") or "dev-only-insecure-secret-change-me"
EVIL = "https://evil.example"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REASON_WORDS = ("replaced", "cancelled", "expired", "withdrawn", "vervangen", "geannuleerd",
                "remplac", "annul", "interviewer", "december", "décembre", "2026")


def tearDownModule():
    retire_test_interviewers()


def old_style_session(appointment_id):
    """The cookie the intake used to issue, computed from public ids and the
    key alone: "<expiry ms>.<HMAC(DK_CSRF_KEY, proposal-session:id:expiry)>"."""
    expiry = str(int(time.time() * 1000) + 400 * 86400 * 1000)  # far beyond DK_NOW too
    mac = hmac.new(CSRF_KEY.encode(), ("proposal-session:%s:%s" % (appointment_id, expiry)).encode(),
                   hashlib.sha256).hexdigest()
    return expiry + "." + mac


def old_style_csrf():
    """The old signed double-submit token: 32 hex "." HMAC(DK_CSRF_KEY, them)."""
    nonce = uuid.uuid4().hex
    return nonce + "." + hmac.new(CSRF_KEY.encode(), nonce.encode(), hashlib.sha256).hexdigest()


def session_value(set_cookie):
    return set_cookie.split(";")[0].split("=", 1)[1]


def sha256(s):
    return hashlib.sha256(s.encode()).hexdigest()


def page_csrf(location, session):
    """The CSRF field of the proposal page seen with session."""
    status, _, page = request("GET", location, headers={"Cookie": "dk_session=" + session})
    assert status == 200, status
    return form_token(page.decode())


def cancel_page(p, session, csrf, extra=None):
    body = urllib.parse.urlencode({"csrf": csrf, "confirm": "yes"}).encode()
    headers = dict(FORM, Cookie="dk_session=" + session, **(extra or {}))
    return request("POST", "/proposal/%s/cancel?lang=en" % p["token"], body, headers)


def appointment_status(p):
    return sql_value("SELECT status FROM appointments WHERE id = :'id'", id=p["appointment"])


class Sessions(unittest.TestCase):
    def test_a_session_computed_from_the_appointment_id_opens_nothing(self):
        p = proposal(lang="en")
        forged = old_style_session(p["appointment"])
        status, _, page = request("GET", "/proposal/%s?lang=en" % p["token"],
                                  headers={"Cookie": "dk_session=" + forged})
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn('name="security_code"', page)
        self.assertNotIn("December", page)
        # Nor in the new shape: 64 hex digits made from the id under the key.
        for guess in (hmac.new(CSRF_KEY.encode(), p["appointment"].encode(),
                               hashlib.sha256).hexdigest(),
                      sha256(p["appointment"]), sha256(p["token"])):
            status, _, page = request("GET", "/proposal/%s?lang=en" % p["token"],
                                      headers={"Cookie": "dk_session=" + guess})
            self.assertEqual(status, 200)
            self.assertNotIn("December", page.decode())
        # And no action: with the old CSRF token computed as well, cancelling
        # was possible with nothing but the link and the development key.
        csrf = old_style_csrf()
        body = urllib.parse.urlencode({"csrf": csrf, "confirm": "yes"}).encode()
        status, _, _ = request("POST", "/proposal/%s/cancel" % p["token"], body,
                               dict(FORM, Cookie="dk_session=%s; dk_csrf=%s" % (forged, csrf)))
        self.assertIn(status, (401, 403))
        self.assertEqual(appointment_status(p), "held")
        self.assertEqual(sql_value("SELECT count(*) FROM proposal_sessions WHERE application_id"
                                   " = :'id'", id=p["app"]), "0")

    def test_the_code_makes_a_random_session_stored_only_as_its_hash(self):
        p = proposal()
        location, set_cookie, _ = login(p)
        value = session_value(set_cookie)
        self.assertRegex(value, r"^[0-9a-f]{64}$")
        self.assertNotIn(p["appointment"].replace("-", ""), value)
        rows = sql("SELECT id_hash, application_id, appointment_id, revoked_at IS NULL,"
                   " extract(epoch FROM expires_at - created_at)::int FROM proposal_sessions"
                   " WHERE application_id = :'id'", id=p["app"])
        self.assertEqual(rows, [[sha256(value), p["app"], p["appointment"], "t", "1200"]])
        self.assertEqual(sql_value("SELECT count(*) FROM proposal_sessions WHERE id_hash = :'v'",
                                   v=value), "0")
        status, _, page = request("GET", location, headers={"Cookie": "dk_session=" + value})
        self.assertEqual(status, 200)
        self.assertIn("8 december 2026", page.decode())
        # A second login is a second, different session; both work.
        _, second, _ = login(p)
        self.assertNotEqual(session_value(second), value)
        self.assertEqual(request("GET", location,
                                 headers={"Cookie": second.split(";")[0]})[0], 200)
        # A stored hash used as the cookie opens nothing.
        status, _, page = request("GET", location, headers={"Cookie": "dk_session=" + sha256(value)})
        self.assertNotIn("8 december 2026", page.decode())

    def test_a_session_ends_when_it_expires(self):
        p = proposal(lang="en")
        location, set_cookie, _ = login(p, "en")
        value = session_value(set_cookie)
        self.assertEqual(request("GET", location, headers={"Cookie": "dk_session=" + value})[0], 200)
        sql("UPDATE proposal_sessions SET created_at = created_at - interval '21 minutes',"
            " expires_at = expires_at - interval '21 minutes' WHERE id_hash = :'h'", h=sha256(value))
        status, _, page = request("GET", location, headers={"Cookie": "dk_session=" + value})
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn("Enter your security code again", page)
        self.assertNotIn("December", page)

    def test_expired_sessions_are_swept_when_new_ones_are_made(self):
        p = proposal()
        _, first, _ = login(p)
        h = sha256(session_value(first))
        sql("UPDATE proposal_sessions SET created_at = '2026-11-01T00:00:00Z',"
            " expires_at = '2026-11-01T00:20:00Z' WHERE id_hash = :'h'", h=h)
        login(p)
        self.assertEqual(sql_value("SELECT count(*) FROM proposal_sessions WHERE id_hash = :'h'",
                                   h=h), "0")
        self.assertEqual(sql_value("SELECT count(*) FROM proposal_sessions WHERE application_id"
                                   " = :'id'", id=p["app"]), "1")

    def test_cancel_revokes_every_session_of_the_application(self):
        p = proposal(lang="en")
        location, one, _ = login(p, "en")
        _, two, _ = login(p, "en")
        status, doc, _ = api("POST", p["token"], "cancel", {"security_code": p["code"]})
        self.assertEqual(status, 202, doc)
        self.assertEqual(sql("SELECT revoked_at IS NOT NULL FROM proposal_sessions"
                             " WHERE application_id = :'id'", id=p["app"]), [["t"], ["t"]])
        for s in (one, two):
            status, _, page = request("GET", location, headers={"Cookie": s.split(";")[0]})
            self.assertEqual(status, 410)
            self.assertNotIn("was cancelled", page.decode())

    def test_asking_another_slot_revokes_the_sessions(self):
        p = proposal(lang="en")
        location, s, _ = login(p, "en")
        body = {"security_code": p["code"],
                "preferred_slots": [{"date": "2026-12-09", "from": "10:00", "to": "11:30"}]}
        self.assertEqual(api("POST", p["token"], "reschedule", body)[0], 202)
        self.assertEqual(sql_value("SELECT revoked_at IS NOT NULL FROM proposal_sessions"
                                   " WHERE id_hash = :'h'", h=sha256(session_value(s))), "t")
        self.assertEqual(request("GET", location, headers={"Cookie": s.split(";")[0]})[0], 410)

    def test_a_revoked_session_opens_nothing_even_on_a_live_link(self):
        p = proposal(lang="en")
        location, s, _ = login(p, "en")
        sql("UPDATE proposal_sessions SET revoked_at = now() WHERE id_hash = :'h'",
            h=sha256(session_value(s)))
        status, _, page = request("GET", location, headers={"Cookie": s.split(";")[0]})
        self.assertEqual(status, 200)
        self.assertNotIn("December", page.decode())


class Csrf(unittest.TestCase):
    def test_the_field_of_one_session_is_refused_with_another(self):
        p = proposal(lang="en")
        location, a, _ = login(p, "en")
        _, b, _ = login(p, "en")
        a, b = session_value(a), session_value(b)
        csrf_a, csrf_b = page_csrf(location, a), page_csrf(location, b)
        self.assertNotEqual(csrf_a, csrf_b)
        status, _, page = cancel_page(p, b, csrf_a)
        self.assertEqual(status, 403, page[:300])
        self.assertEqual(appointment_status(p), "held")
        # The form's double-submit pair does not stand in for it either.
        status, headers, page = request("GET", "/proposal/%s?lang=en" % p["token"])
        pre_field = form_token(page.decode())
        jar = cookie(headers, "dk_csrf").split(";")[0]
        body = urllib.parse.urlencode({"csrf": pre_field, "confirm": "yes"}).encode()
        status, _, _ = request("POST", "/proposal/%s/cancel" % p["token"], body,
                               dict(FORM, Cookie="dk_session=%s; %s" % (b, jar)))
        self.assertEqual(status, 403)
        self.assertEqual(appointment_status(p), "held")
        status, _, page = cancel_page(p, b, csrf_b)
        self.assertEqual(status, 202, page[:300])
        self.assertEqual(appointment_status(p), "cancelled")

    def test_the_form_field_is_bound_to_its_cookie(self):
        ip = dk.fresh_ip()
        fields = {"last_name": "Peeters", "language": "en"}  # incomplete: 422 once past CSRF
        pairs = []
        for _ in range(2):
            status, headers, page = dk.http("GET", "/?lang=en", ip=ip)
            pairs.append((form_token(page.decode()), headers["Set-Cookie"].split(";")[0]))
        (f1, c1), (f2, c2) = pairs
        self.assertNotEqual(f1, c1.split("=", 1)[1])  # the field is not the cookie

        def post(field, jar):
            data = urllib.parse.urlencode(dict(fields, csrf=field)).encode()
            return dk.http("POST", "/?lang=en", data, dict(FORM, Cookie=jar), ip=ip)[0]

        self.assertEqual(post(f2, c1), 403)
        self.assertEqual(post(f1, c2), 403)
        self.assertEqual(post(c1.split("=", 1)[1], c1), 403)  # the cookie as its own field
        self.assertEqual(post(f1, c1), 422)
        self.assertEqual(post(f2, c2), 422)


class Origin(unittest.TestCase):
    """Every POST with another site's Origin (or Referer) is refused."""

    def assert_refused_page(self, status, page):
        self.assertEqual(status, 403)
        self.assertIn("another website", html.unescape(page.decode()))

    def test_the_request_form(self):
        ip = dk.fresh_ip()
        status, headers, page = dk.http("GET", "/?lang=en", ip=ip)
        csrf, jar = form_token(page.decode()), headers["Set-Cookie"].split(";")[0]
        body = valid_application(language="en")
        fields = {k: v for k, v in body.items() if isinstance(v, str)}
        for i, s in enumerate(body["preferred_slots"], 1):
            fields.update({"slot%d_date" % i: s["date"], "slot%d_from" % i: s["from"],
                           "slot%d_to" % i: s["to"]})
        fields.update(csrf=csrf, consent="yes")
        data = urllib.parse.urlencode(fields).encode()
        for hostile in ({"Origin": EVIL}, {"Origin": "null"},
                        {"Referer": EVIL + "/phish?next=" + urllib.parse.quote(dk.INTAKE)},
                        {"Origin": dk.INTAKE + ".evil.example"},
                        {"Origin": EVIL, "Referer": dk.INTAKE + "/"}):
            with self.subTest(hostile=hostile):
                status, _, page = dk.http("POST", "/?lang=en", data, dict(FORM, Cookie=jar, **hostile),
                                          ip=ip)
                self.assert_refused_page(status, page)
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'",
                                   e=body["email"]), "0")
        # From our own page (its Origin, or only its Referer), it goes through.
        status, _, page = dk.http("POST", "/?lang=en", data,
                                  dict(FORM, Cookie=jar, Origin=dk.INTAKE), ip=ip)
        self.assertEqual(status, 200, page[:300])
        self.assertIn('id="security-code"', page.decode())

    def test_the_json_api(self):
        body = valid_application()
        for hostile in ({"Origin": EVIL}, {"Origin": "null"}, {"Referer": EVIL + "/"}):
            with self.subTest(hostile=hostile):
                status, headers, out = dk.http("POST", "/api/v1/applications",
                                               json.dumps(body).encode(),
                                               dict({"Content-Type": "application/json"}, **hostile))
                self.assertEqual(status, 403)
                self.assertIn("another site", json.loads(out)["error"])
                self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'",
                                   e=body["email"]), "0")
        # A client that sends no Origin (curl, a server) is not a browser: it goes on.
        status, doc, _ = dk.post_json(body)
        self.assertEqual(status, 201, doc)

    def test_the_self_service_api(self):
        p = proposal()
        log = dk.VAR / "log" / "intake.log"
        log_start = log.stat().st_size
        url = "/api/v1/proposals/%s/cancel" % p["token"]
        data = json.dumps({"security_code": p["code"]}).encode()
        status, _, out = request("POST", url, data, {"Content-Type": "application/json",
                                                     "Origin": EVIL})
        self.assertEqual(status, 403, out)
        photo, ctype = multipart({"security_code": p["code"], "document_kind": "passport"},
                                 {"front": ("f.jpg", b"\xff\xd8\xff" + b"\0" * 1000, "image/jpeg")})
        status, _, out = request("POST", "/api/v1/proposals/%s/accept" % p["token"], photo,
                                 {"Content-Type": ctype, "Origin": EVIL})
        self.assertEqual(status, 403, out)
        self.assertEqual(appointment_status(p), "held")
        self.assertEqual(sql_value("SELECT count(*) FROM document_uploads WHERE application_id"
                                   " = :'id'", id=p["app"]), "0")
        # The refusals are logged by route pattern: the link's token is in no log line.
        with open(log, "rb") as f:
            f.seek(log_start)
            logged = f.read().decode(errors="replace")
        self.assertIn('"cross_origin_post"', logged)
        self.assertNotIn(p["token"], logged)
        # With the intake's own origin, or as localhost on its port: allowed.
        port = urllib.parse.urlsplit(dk.INTAKE).port
        status, _, out = request("POST", url, data, {"Content-Type": "application/json",
                                                     "Origin": "http://localhost:%d" % port})
        self.assertEqual(status, 202, out)

    def test_the_pages(self):
        p = proposal(lang="en")
        status, headers, page = request("GET", "/proposal/%s?lang=en" % p["token"])
        csrf, jar = form_token(page.decode()), cookie(headers, "dk_csrf").split(";")[0]
        body = urllib.parse.urlencode({"csrf": csrf, "security_code": p["code"]}).encode()
        status, headers, page = request("POST", "/proposal/%s?lang=en" % p["token"], body,
                                        dict(FORM, Cookie=jar, Origin=EVIL))
        self.assert_refused_page(status, page)
        self.assertIsNone(cookie(headers, "dk_session"))
        location, s, _ = login(p, "en")
        s = session_value(s)
        status, _, page = cancel_page(p, s, page_csrf(location, s), {"Origin": EVIL})
        self.assert_refused_page(status, page)
        status, _, page = cancel_page(p, s, page_csrf(location, s), {"Referer": EVIL + "/x"})
        self.assert_refused_page(status, page)
        self.assertEqual(appointment_status(p), "held")
        status, _, page = cancel_page(p, s, page_csrf(location, s),
                                      {"Origin": dk.INTAKE, "Referer": dk.INTAKE + location})
        self.assertEqual(status, 202, page[:300])


class Disclosure(unittest.TestCase):
    """An ended or locked link says only that it cannot be used, unless the
    security code (or a session) is shown."""

    def bare(self, p):
        """The API and page answers without any code or session."""
        status, doc, headers = api("GET", p["token"], lang="en")
        pstatus, pheaders, page = request("GET", "/proposal/%s?lang=en" % p["token"])
        page = html.unescape(page.decode())
        for h in (headers, pheaders):
            self.assertNotIn("Retry-After", h)
        for word in REASON_WORDS:
            self.assertNotIn(word, json.dumps(doc, ensure_ascii=False))
            self.assertNotIn(word, page)
        self.assertEqual(pstatus, 410)
        self.assertIn("cannot be used", page)
        self.assertIn('name="security_code"', page)  # to learn why
        return status, doc

    def lock(self, p):
        sql("UPDATE applications SET code_failures = 5,"
            " code_locked_until = '2026-12-02T23:45:00Z' WHERE id = :'id'", id=p["app"])

    def test_ended_and_locked_look_alike_without_the_code(self):
        answers = []
        for kind in ("replaced", "cancelled", "expired", "withdrawn", "locked"):
            with self.subTest(kind=kind):
                if kind == "locked":
                    p = proposal(lang="en")
                    self.lock(p)
                else:
                    p = proposal(lang="en", appointment_status=kind)
                status, doc = self.bare(p)
                self.assertEqual(status, 410)
                answers.append(doc)
                # Nothing was counted.
                self.assertEqual(sql_value("SELECT code_failures FROM applications"
                                           " WHERE id = :'id'", id=p["app"]),
                                 "5" if kind == "locked" else "0")
                # Nor do the actions say more without a code.
                status, doc, h = api("POST", p["token"], "cancel", {}, lang="en")
                self.assertEqual((status, doc), (410, answers[0]))
                self.assertNotIn("Retry-After", h)
        self.assertEqual(answers[0], {"error": "This link cannot be used (any more).",
                                      "code": "link_unusable"})
        self.assertTrue(all(a == answers[0] for a in answers), answers)

    def test_with_the_code_an_ended_link_says_why(self):
        p = proposal(lang="en", appointment_status="withdrawn")
        status, doc, _ = api("GET", p["token"], code=p["code"], lang="en")
        self.assertEqual((status, doc["reason"]), (410, "withdrawn"))
        status, _, page, _ = send_code(p, p["code"], "en")
        self.assertEqual(status, 410)
        self.assertIn("no longer available", page.decode())
        # A wrong code on an ended link counts towards the lock like anywhere.
        status, doc, _ = api("GET", p["token"], code=wrong(p["code"]), lang="en")
        self.assertEqual(status, 401, doc)
        self.assertNotIn("reason", doc)
        self.assertEqual(sql_value("SELECT code_failures FROM applications WHERE id = :'id'",
                                   id=p["app"]), "1")

    def test_a_locked_link_tells_its_time_to_a_code_and_still_refuses_it(self):
        p = proposal(lang="en")
        self.lock(p)
        for code in (p["code"], wrong(p["code"])):
            status, doc, headers = api("GET", p["token"], code=code, lang="en")
            self.assertEqual(status, 429, doc)
            self.assertEqual(doc["locked_until"], "2026-12-03T00:45:00+01:00")
            self.assertGreater(int(headers["Retry-After"]), 0)
        status, _, page, _ = send_code(p, p["code"], "en")
        self.assertEqual(status, 429)
        self.assertIn("00:45", page.decode())
        self.assertEqual(sql("SELECT code_failures, dk_iso(code_locked_until) FROM applications"
                             " WHERE id = :'id'", id=p["app"]), [["5", "2026-12-02T23:45:00Z"]])

    def test_a_session_of_a_locked_link_hears_the_time(self):
        p = proposal(lang="en")
        location, s, _ = login(p, "en")
        self.lock(p)
        status, headers, page = request("GET", location, headers={"Cookie": s.split(";")[0]})
        self.assertEqual(status, 429)
        self.assertIn("00:45", page.decode())
        self.assertIn("Retry-After", headers)


class OverHttps(unittest.TestCase):
    """A second intake whose public URL is https: Secure __Host- cookies and
    HSTS on every answer (the stack's own intake, on http, has neither)."""

    PUBLIC = "https://digitalkey.example"

    @classmethod
    def setUpClass(cls):
        env = dict(os.environ)
        env.update(ENV)
        env.update(DK_PUBLIC_URL=cls.PUBLIC, DK_INTAKE_PORT="0", DK_INTAKE_HOST="127.0.0.1")
        cls.ready = VAR / "run" / ("intake-https-%d.url" % os.getpid())
        cls.ready.unlink(missing_ok=True)
        cls.log = open(VAR / "log" / "intake-https-test.log", "wb")
        cls.proc = subprocess.Popen([str(BIN / "dk-intake"), "--ready-file", str(cls.ready)],
                                    env=env, stdout=cls.log, stderr=cls.log)
        try:
            wait_until(lambda: cls.ready.exists() and cls.ready.read_text().strip(), 30,
                       "the https intake listening")
        except Exception:
            cls.tearDownClass()
            raise
        cls.base = urllib.parse.urlsplit(cls.ready.read_text().strip())

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.send_signal(signal.SIGTERM)
            try:
                cls.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
                cls.proc.wait(timeout=10)
        cls.log.close()
        cls.ready.unlink(missing_ok=True)

    def call(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()

    def assert_secure(self, set_cookie, name):
        self.assertTrue(set_cookie.startswith(name + "="), set_cookie)
        for attr in ("; Path=/;", "; HttpOnly", "; SameSite=Strict", "; Secure"):
            self.assertIn(attr, set_cookie + ";")
        self.assertNotIn("Domain", set_cookie)

    def test_hsts_and_secure_host_cookies(self):
        status, headers, page = self.call("GET", "/?lang=en")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")
        self.assert_secure(headers["Set-Cookie"], "__Host-dk_csrf")
        for path in ("/healthz", "/no-such-page"):
            self.assertIn("Strict-Transport-Security", self.call("GET", path)[1])
        # The stack's intake is served over plain http: no HSTS there.
        self.assertNotIn("Strict-Transport-Security", request("GET", "/healthz")[1])

    def test_the_link_with_host_cookies(self):
        p = proposal(lang="en")
        path = "/proposal/%s?lang=en" % p["token"]
        status, headers, page = self.call("GET", path)
        self.assertEqual(status, 200)
        jar = headers["Set-Cookie"]
        self.assert_secure(jar, "__Host-dk_csrf")
        csrf, jar = form_token(page.decode()), jar.split(";")[0]
        body = urllib.parse.urlencode({"csrf": csrf, "security_code": p["code"]}).encode()
        # A cookie without the prefix (one another host could have planted) is not ours.
        status, _, _ = self.call("POST", path, body,
                                 dict(FORM, Cookie=jar.replace("__Host-", ""), Origin=self.PUBLIC))
        self.assertEqual(status, 403)
        # From the public origin, not from another address (the other intake).
        status, _, _ = self.call("POST", path, body, dict(FORM, Cookie=jar, Origin=dk.INTAKE))
        self.assertEqual(status, 403)
        status, headers, _ = self.call("POST", path, body,
                                       dict(FORM, Cookie=jar, Origin=self.PUBLIC))
        self.assertEqual(status, 303)
        session = headers["Set-Cookie"]
        self.assert_secure(session, "__Host-dk_session")
        self.assertIn("Max-Age=1200", session)
        status, headers, page = self.call("GET", path, headers={"Cookie": session.split(";")[0]})
        self.assertEqual(status, 200)
        self.assertIn("8 December 2026", page.decode())
        self.assertIn("Strict-Transport-Security", headers)
        self.assertIsNone(headers["Set-Cookie"])
        # The unprefixed name opens nothing.
        status, _, page = self.call("GET", path, headers={
            "Cookie": session.split(";")[0].replace("__Host-", "")})
        self.assertNotIn("8 December 2026", page.decode())


if __name__ == "__main__":
    unittest.main()
