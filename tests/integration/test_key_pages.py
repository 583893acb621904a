# SPDX-License-Identifier: EUPL-1.2
"""The digital key's pages (producers/intake/activate_page.c, signin_page.c)
driven over HTTP as a browser without JavaScript drives them: the link from
the activation mail, the activation code read out at the interview, a
password key and an authenticator-app key (this test computes the codes, RFC
6238), each then signed in with on the sign-in page, which says which key
and which level; and what the applicant sees when something is wrong or
hostile: a wrong code (401, nothing more), a lock (429), a used link (410
with the way to a new interview), a refused password in the reader's
language, missing fields, 10 KB fields, NUL bytes, a wrong token, a missing
CSRF pair. Every answer is a whole page, never a 500 or part of a page."""

import base64
import hashlib
import hmac
import json
import re
import struct
import unittest
import urllib.parse
import uuid

import test_proposals as tp
from dk import fresh_ip, sql_value
from test_interview_applicant import intake_step, interview
from test_interview_data import drive, record_all_checks

PASSWORD = "correct horse battery staple"
HELP_DESK = "https://bosa.service-now.com/csp"


def tearDownModule():
    tp.retire_test_interviewers()


def approved(test, lang="en"):
    """An applicant just approved: (their application, the activation code
    read out, the token of the activation mail's link). The interview's
    driver records the outcome as the console does but mails nothing: the
    token is derived as the mailer derives it (store/dk_token.h,
    HMAC-SHA256 of "activation:<id>" under DK_TOKEN_KEY, base64url)."""
    p = interview(lang)
    record_all_checks(test, p["staff"], p["appointment"])
    r = drive("outcome", staff_id=p["staff"], appointment_id=p["appointment"],
              outcome="approved")
    activation = sql_value("SELECT id FROM activation_codes WHERE application_id = :'a'",
                           a=p["app"])
    mac = hmac.new(tp.TOKEN_KEY.encode(), ("activation:" + activation).encode(), hashlib.sha256)
    token = base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
    return p, r["activation_code"], token


def email_code(purpose, owner_column, owner):
    """The newest code mailed for an activation or a key, derived as the
    mailer derives it (dk_token_email_code: HMAC-SHA256 of "email-code:<id>"
    under DK_TOKEN_KEY, its first 8 bytes mod 10^6)."""
    cid = sql_value("SELECT id FROM key_email_codes WHERE purpose = :'p' AND %s = :'o'"
                    " ORDER BY created_at DESC LIMIT 1" % owner_column, p=purpose, o=owner)
    mac = hmac.new(tp.TOKEN_KEY.encode(), ("email-code:" + cid).encode(), hashlib.sha256)
    return "%06d" % (int.from_bytes(mac.digest()[:8], "big") % 1000000)


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)


class Browser:
    """One visitor: an address of its own, the cookies the intake set."""

    def __init__(self):
        self.ip = fresh_ip()
        self.cookies = {}
        self.csrf = None

    def send(self, method, path, fields=None, raw=None):
        headers = {"X-Forwarded-For": self.ip}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = raw
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, h, out = tp.request(method, path, body, headers)
        for c in h.get_all("Set-Cookie") or []:
            name, value = c.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        page = out.decode("utf-8", "replace")
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        if found:
            self.csrf = found.group(1)
        return status, h, page

    def get(self, path):
        return self.send("GET", path)

    def post(self, path, **fields):
        return self.send("POST", path, dict({"csrf": self.csrf}, **fields))


class Pages(unittest.TestCase):
    def whole(self, status, headers, page, want=None):
        """A whole page of ours, with the status wanted."""
        if want is not None:
            self.assertEqual(status, want, page[:3000])
        self.assertTrue(page.startswith("<!doctype html>\n"), page[:200])
        self.assertTrue(page.endswith("</html>\n"), page[-200:])
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        self.assertNotIn("Something went wrong on our side. Please try again later.", page)

    def key_of(self, email):
        return sql_value("SELECT key_type || ' ' || (revoked_at IS NULL)::text FROM digital_keys"
                         " WHERE identifier = lower(:'e') ORDER BY created_at DESC LIMIT 1",
                         e=email)

    def test_password_key_from_the_mail_to_a_sign_in(self):
        p, code, token = approved(self, "en")
        path = "/activate/" + token
        b = Browser()
        status, h, page = b.get(path + "?lang=en")
        self.whole(status, h, page, 200)
        self.assertIn('<form id="activate-form"', page)
        for t in ("totp", "email", "passkey", "password"):
            self.assertIn('id="key_type-%s" name="key_type" value="%s"' % (t, t), page)
        self.assertIn("Security code via mobile app", page)
        self.assertIn("most online services do not accept it", page)
        self.assertIn(p["email"].lower(), page)  # the username
        self.assertIn('autocomplete="new-password"', page)
        self.assertIn(HELP_DESK, page)
        self.assertIn("script-src 'self'", h["Content-Security-Policy"])
        self.assertNotIn("'unsafe-inline'", h["Content-Security-Policy"])
        self.assertIn("HttpOnly", tp.cookie(h, "dk_csrf"))
        # A wrong code: 401 and nothing more.
        status, h, page = b.post(path + "?lang=en", activation_code="AAAA-BBBB-CCCC",
                                 key_type="password", password=PASSWORD,
                                 password_repeat=PASSWORD)
        self.whole(status, h, page, 401)
        self.assertIn("This activation code is not right.", page)
        self.assertNotIn(code, page)
        self.assertNotIn(PASSWORD, page)
        self.assertIn('value="password" checked', page)  # the choice kept, no password
        self.assertNotIn('value="' + PASSWORD, page)
        # Typed twice unlike: said at the field, nothing counted.
        status, h, page = b.post(path + "?lang=en", activation_code=code, key_type="password",
                                 password=PASSWORD, password_repeat=PASSWORD + "!")
        self.whole(status, h, page, 422)
        self.assertIn("The two passwords are not the same.", page)
        self.assertIn('value="password" checked', page)
        # A password too short for a password-only key, said in French.
        status, h, page = b.post(path + "?lang=fr", activation_code=code, key_type="password",
                                 password="tulipe rouge", password_repeat="tulipe rouge")
        self.whole(status, h, page, 422)
        reason = re.search(r'id="password-error" role="alert">([^<]*)<', page).group(1)
        self.assertIn("15", reason)
        self.assertIn("mot de passe", reason)
        self.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE identifier ="
                                   " lower(:'e')", e=p["email"]), "0")
        # The passkey: its page hands the browser's creation options to the
        # script; no key before the browser answers. Choosing again replaces it.
        status, h, page = b.post(path + "?lang=en", activation_code=code, key_type="passkey")
        self.whole(status, h, page, 200)
        options = json.loads(re.search(r'data-options="([^"]+)"', page).group(1)
                             .replace("&quot;", '"'))
        self.assertEqual(options["publicKey"]["authenticatorSelection"]["userVerification"],
                         "required")
        self.assertTrue(options["publicKey"]["challenge"])
        self.assertIn('<script src="/activate.js" defer></script>', page)
        self.assertIn("script-src 'self'", h["Content-Security-Policy"])
        self.assertIn('id="passkey-create" disabled', page)
        self.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE identifier ="
                                   " lower(:'e')", e=p["email"]), "0")
        # The right code and a good password: the key exists, low level.
        status, h, page = b.post(path + "?lang=en", activation_code=code.lower().replace("-", " "),
                                 key_type="password", password=PASSWORD,
                                 password_repeat=PASSWORD)
        self.whole(status, h, page, 201)
        self.assertIn('data-key-type="password" data-level="low"', page)
        self.assertIn("Username/password only", page)
        self.assertIn("most online services of the government do not accept it", page)
        self.assertIn('href="/signin?lang=en"', page)
        self.assertEqual(self.key_of(p["email"]), "password true")
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'",
                                   a=p["app"]), "activated")
        # The link is spent: 410 with what to do.
        for method in ("GET", "POST"):
            status, h, page = b.send(method, path + "?lang=en", None if method == "GET" else {
                "csrf": b.csrf, "activation_code": code, "key_type": "password",
                "password": PASSWORD, "password_repeat": PASSWORD})
            self.whole(status, h, page, 410)
            self.assertIn("This activation link can no longer be used", page)
            self.assertIn('id="link-new" href="/?lang=en"', page)
            self.assertIn('id="link-signin" href="/signin?lang=en"', page)
        # The sign-in check.
        s = Browser()
        status, h, page = s.get("/signin?lang=en")
        self.whole(status, h, page, 200)
        self.assertIn('<form id="signin-form"', page)
        self.assertIn('autocomplete="current-password"', page)
        status, h, page = s.post("/signin?lang=en", identifier=p["email"].upper(),
                                 password=PASSWORD + "x", totp="")
        self.whole(status, h, page, 401)
        self.assertIn("The e-mail address, the password or the security code is not right.",
                      page)
        status, h, page = s.post("/signin?lang=nl", identifier=p["email"].upper(),
                                 password=PASSWORD, totp="")
        self.whole(status, h, page, 200)
        self.assertIn('data-key-type="password" data-level="low"', page)
        self.assertIn("Je digitale sleutel werkt.", page)
        self.assertIn("Laag niveau", page)
        # The JSON API answers the same through the same call (key_call.c).
        status, _, out = tp.request("POST", "/api/v1/keys/login", json.dumps(
            {"identifier": p["email"], "password": PASSWORD}).encode(),
            {"Content-Type": "application/json", "X-Forwarded-For": s.ip})
        self.assertEqual((status, json.loads(out)),
                         (200, {"key_type": "password", "assurance_level": "low"}))
        # An unknown address reads exactly like a wrong password.
        status, h, unknown = s.post("/signin?lang=en", identifier="nobody-%s@example.be"
                                    % uuid.uuid4().hex[:8], password=PASSWORD, totp="")
        self.whole(status, h, unknown, 401)
        self.assertIn("The e-mail address, the password or the security code is not right.",
                      unknown)

    def test_authenticator_app_key_from_the_mail_to_a_sign_in(self):
        p, code, token = approved(self, "nl")
        path = "/activate/" + token
        b = Browser()
        status, h, page = b.get(path)
        self.whole(status, h, page, 200)
        self.assertIn('<html lang="nl">', page)  # the applicant's language
        status, h, page = b.post(path, activation_code=code, key_type="totp",
                                 password=PASSWORD, password_repeat=PASSWORD)
        self.whole(status, h, page, 200)
        self.assertIn('<figure class="qr" id="totp-qr"><svg', page)
        self.assertIn("Google Authenticator", page)
        self.assertIn("Geen smartphone?", page)
        self.assertIn('name="totp" type="text" inputmode="numeric"', page)
        secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
        grouped = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1)
        self.assertEqual(grouped.replace(" ", ""), secret)
        self.assertNotIn("otpauth:", page)  # only inside the picture
        self.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE identifier ="
                                   " lower(:'e')", e=p["email"]), "0")
        # A wrong first code: 401, the field again, no key.
        step = intake_step()
        wrong = "%06d" % ((int(totp(secret, step)) + 1) % 1000000)
        status, h, page = b.post(path + "/confirm", totp=wrong)
        self.whole(status, h, page, 401)
        self.assertIn("Deze code is niet juist.", page)
        self.assertNotIn("<svg", page)
        # The app's code: the key exists, substantial.
        status, h, page = b.post(path + "/confirm", totp=totp(secret, intake_step()))
        self.whole(status, h, page, 201)
        self.assertIn('data-key-type="totp" data-level="substantial"', page)
        self.assertIn("Substantieel niveau", page)
        self.assertEqual(self.key_of(p["email"]), "totp true")
        # Sign-in: the password alone is not enough, then the next code; the
        # same code again is refused (replay).
        s = Browser()
        s.get("/signin?lang=en")
        status, h, page = s.post("/signin?lang=en", identifier=p["email"], password=PASSWORD,
                                 totp="")
        self.whole(status, h, page, 401)
        later = totp(secret, intake_step() + 1)
        status, h, page = s.post("/signin?lang=en", identifier=p["email"], password=PASSWORD,
                                 totp=later[:3] + " " + later[3:])
        self.whole(status, h, page, 200)
        self.assertIn('data-key-type="totp" data-level="substantial"', page)
        self.assertIn("Password + security code via mobile app", page)
        status, h, page = s.post("/signin?lang=en", identifier=p["email"], password=PASSWORD,
                                 totp=later)
        self.whole(status, h, page, 401)

    def test_email_code_key_from_the_mail_to_a_sign_in_with_its_second_step(self):
        p, code, token = approved(self, "en")
        activation = sql_value("SELECT id FROM activation_codes WHERE application_id = :'a'",
                               a=p["app"])
        path = "/activate/" + token
        b = Browser()
        b.get(path + "?lang=en")
        status, h, page = b.post(path + "?lang=en", activation_code=code, key_type="email",
                                 password=PASSWORD, password_repeat=PASSWORD)
        self.whole(status, h, page, 200)
        self.assertIn("valid for 10 minutes", page)
        self.assertIn("protects you less well than an authenticator app", page)
        self.assertIn('<form id="email-resend-form"', page)
        first = email_code("activation", "activation_id", activation)
        # A new code: 202, the page says so, the first one no longer verifies.
        status, h, page = b.post(path + "/email-code?lang=en")
        self.whole(status, h, page, 202)
        self.assertIn("We have sent you a new code.", page)
        newest = email_code("activation", "activation_id", activation)
        if newest != first:
            status, h, page = b.post(path + "/confirm?lang=en", email_code=first)
            self.whole(status, h, page, 401)
            self.assertIn("This code is not right, or it has expired.", page)
        status, h, page = b.post(path + "/confirm?lang=en", email_code=newest)
        self.whole(status, h, page, 201)
        self.assertIn('data-key-type="email" data-level="low_email_code"', page)
        self.assertIn("NIST SP 800-63B", page)
        # Sign-in: the password, then the mailed code on a second page that
        # carries a sealed continuation, never the password.
        s = Browser()
        s.get("/signin?lang=en")
        status, h, page = s.post("/signin?lang=en", identifier=p["email"], password=PASSWORD,
                                 totp="")
        self.whole(status, h, page, 200)
        self.assertIn('<form id="signin-code-form"', page)
        self.assertNotIn(PASSWORD, page)
        cont = re.search(r'name="continuation" value="([^"]+)"', page).group(1)
        self.assertNotIn("correct", cont)
        key = sql_value("SELECT id FROM digital_keys WHERE identifier = lower(:'e')",
                        e=p["email"])
        mailed = email_code("signin", "key_id", key)
        wrong = "%06d" % ((int(mailed) + 1) % 1000000)
        status, h, page = s.post("/signin?lang=en", continuation=cont.replace("&quot;", '"'),
                                 email_code=wrong)
        self.whole(status, h, page, 401)
        self.assertIn('id="email_code-error"', page)
        # A tampered continuation is refused before any code is looked at.
        forged = cont.replace("&quot;", '"').replace('"ct":"', '"ct":"A')
        status, h, page = s.post("/signin?lang=en", continuation=forged, email_code=mailed)
        self.whole(status, h, page, 401)
        self.assertIn("Sign in again to receive a new code.", page)
        status, h, page = s.post("/signin?lang=en", continuation=cont.replace("&quot;", '"'),
                                 email_code=mailed)
        self.whole(status, h, page, 200)
        self.assertIn('data-key-type="email" data-level="low_email_code"', page)

    def test_hostile_forms_get_whole_pages(self):
        p, code, token = approved(self, "fr")
        path = "/activate/" + token
        b = Browser()
        self.whole(*b.get(path + "?lang=fr"), want=200)
        good = {"activation_code": code, "key_type": "password", "password": PASSWORD,
                "password_repeat": PASSWORD}
        # No CSRF field, or another visitor's: 403, nothing done.
        status, h, page = b.send("POST", path + "?lang=fr", dict(good))
        self.whole(status, h, page, 403)
        self.assertIn("Formulaire expiré", page)
        other = Browser()
        other.get(path)
        status, h, page = b.send("POST", path, dict(good, csrf=other.csrf))
        self.whole(status, h, page, 403)
        b.get(path + "?lang=fr")
        # Missing fields: the choice, then the code, then the password.
        status, h, page = b.post(path + "?lang=fr")
        self.whole(status, h, page, 422)
        self.assertIn("Choisissez une des clés.", page)
        status, h, page = b.post(path + "?lang=fr", key_type="email", password="", activation_code="")
        self.whole(status, h, page, 422)
        self.assertIn("Choisissez un mot de passe", page)
        status, h, page = b.post(path + "?lang=fr", key_type="email", password=PASSWORD,
                                 password_repeat=PASSWORD)
        self.whole(status, h, page, 422)
        self.assertIn("Saisissez le code d&#39;activation", page)
        # 10 KB fields: a code that cannot be one is a wrong code; a password
        # past the maximum is refused with its reason; nothing echoed.
        big = "A" * 10240
        status, h, page = b.post(path + "?lang=fr", activation_code=big, key_type="password",
                                 password=PASSWORD, password_repeat=PASSWORD)
        self.whole(status, h, page, 401)
        self.assertNotIn(big, page)
        status, h, page = b.post(path + "?lang=fr", activation_code=code, key_type="password",
                                 password=big, password_repeat=big)
        self.whole(status, h, page, 422)
        self.assertIn('id="password-error"', page)
        self.assertNotIn(big, page)
        # A field past what a form may carry, a NUL inside a value: 400.
        status, h, page = b.post(path + "?lang=fr", activation_code="A" * 30000)
        self.whole(status, h, page, 400)
        raw = ("csrf=%s&activation_code=%s&key_type=pass%%00word&password=x"
               % (urllib.parse.quote(b.csrf), urllib.parse.quote(code))).encode()
        status, h, page = b.send("POST", path + "?lang=fr", raw=raw)
        self.whole(status, h, page, 400)
        # A confirmation without a pending choice: 409 with the way back.
        b.get(path)
        status, h, page = b.post(path + "/confirm?lang=fr", totp="123456")
        self.whole(status, h, page, 409)
        self.assertIn('id="link-back" href="%s?lang=fr"' % path, page)
        status, h, page = b.post(path + "/email-code?lang=fr")
        self.whole(status, h, page, 409)
        # Wrong or malformed tokens: 404, the link's words, no form.
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "abc", "x" * 200,
                    "%00" + token[1:]):
            status, h, page = b.get("/activate/" + bad + "?lang=fr")
            self.whole(status, h, page, 404)
            self.assertIn("Nous ne connaissons pas ce lien", page)
            self.assertNotIn("<form", page)
        status, h, page = b.send("POST", "/activate/" + "B" * 43 + "/confirm",
                                 {"csrf": b.csrf, "totp": "123456"})
        self.whole(status, h, page, 404)
        # None of it made a key or spent the link.
        self.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE identifier ="
                                   " lower(:'e')", e=p["email"]), "0")
        # Five wrong codes lock the link (counted: the 10 KB one was the first).
        for i in range(4):
            status, h, page = b.post(path + "?lang=fr", activation_code="AAAA-BBBB-CCC%d" % i,
                                     key_type="password", password=PASSWORD,
                                     password_repeat=PASSWORD)
            self.whole(status, h, page)
            self.assertIn(status, (401, 429))
        status, h, page = b.post(path + "?lang=fr", **good)
        self.whole(status, h, page, 429)
        self.assertIn("Ce lien d&#39;activation est bloqué", page)
        self.assertIn(HELP_DESK, page)
        self.assertIn('id="link-new" href="/?lang=fr"', page)

    def test_sign_in_refuses_hostile_input_with_whole_pages(self):
        s = Browser()
        status, h, page = s.get("/signin?lang=fr")
        self.whole(status, h, page, 200)
        status, h, page = s.send("POST", "/signin", {"identifier": "a@b.be", "password": "x"})
        self.whole(status, h, page, 403)
        s.get("/signin")
        status, h, page = s.post("/signin?lang=fr")
        self.whole(status, h, page, 422)
        self.assertIn("Saisissez votre adresse e-mail et votre mot de passe.", page)
        big = "x" * 10240
        for fields in ({"identifier": big + "@example.be", "password": PASSWORD},
                       {"identifier": "a@example.be", "password": big},
                       {"identifier": "a@example.be", "password": PASSWORD, "totp": big}):
            status, h, page = s.post("/signin?lang=fr", **fields)
            self.whole(status, h, page)
            self.assertIn(status, (401, 422))
            self.assertNotIn(big, page)
        # A forged or stale continuation of the e-mail code step.
        status, h, page = s.post("/signin?lang=fr", continuation='{"alg":"A256GCM"}',
                                 email_code="123456")
        self.whole(status, h, page, 401)
        self.assertIn("Reconnectez-vous pour recevoir un nouveau code.", page)
        raw = ("csrf=%s&identifier=a%%00@example.be&password=x"
               % urllib.parse.quote(s.csrf)).encode()
        status, h, page = s.send("POST", "/signin?lang=fr", raw=raw)
        self.whole(status, h, page, 400)

    def test_the_scripts_are_served(self):
        for name in ("activate.js", "signin.js"):
            status, h, body = tp.request("GET", "/" + name)
            self.assertEqual(status, 200)
            self.assertEqual(h["Content-Type"], "text/javascript; charset=utf-8")
            self.assertIn(b"navigator.credentials", body)
            self.assertIn(b"SPDX-License-Identifier", body)


if __name__ == "__main__":
    unittest.main()
