# SPDX-License-Identifier: EUPL-1.2
"""dk-console on the real stack: enrolment through the one-time link (the test
computes the TOTP codes itself, RFC 6238), sign-in with password and code, a
replayed code refused, lockout after DK_STAFF_MAX_TRIES wrong attempts, an
unknown e-mail answered like a wrong password, no session → the sign-in page
or 401, CSRF and Origin checks, interviewers confined to their own interviews
(another's dossier is 403 and audited), operators seeing all and
reassigning, the document images decrypted in memory and answered no-store,
and the whole outcome: checks, session code, approval with an activation code
once, the activation mail with its link and without the code, a second
outcome 409; malformed, oversized and hostile input refused with nothing
half-written."""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import struct
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dk import (ENV, VAR, dk, fresh_ip, log_events, mail_text, mails_to, pid_of, sql, sql_value,
                stack, wait_until)
from test_interview_data import drive, interviewer, reserved
from test_supervision import cmdline
import test_proposals as tp

CONSOLE = ENV["DK_CONSOLE_URL"]
DOCUMENT_KEY = os.environ.get("DK_DOCUMENT_KEY") or "dev-only-insecure-secret-change-me"
PASSWORD = "correct horse battery staple on a tuesday"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def call(method, path, body=None, headers=None, cookie=None, ip=None, timeout=60):
    """(status, headers, body bytes) of one request to the console."""
    h = {"X-Forwarded-For": ip or fresh_ip()}
    if cookie:
        h["Cookie"] = cookie
    h.update(headers or {})
    req = urllib.request.Request(CONSOLE + path, data=body, method=method, headers=h)
    try:
        with _opener.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def api(method, path, doc=None, cookie=None, csrf=None, raw=None, headers=None):
    h = {"Content-Type": "application/json"}
    if csrf:
        h["X-CSRF-Token"] = csrf
    h.update(headers or {})
    data = raw if raw is not None else (json.dumps(doc).encode() if doc is not None else None)
    status, hdrs, out = call(method, path, data, h, cookie)
    try:
        parsed = json.loads(out) if out else None
    except ValueError:
        parsed = None
    return status, parsed, hdrs


def server_now():
    """The console's clock (DK_NOW advancing), in seconds."""
    status, doc, _ = api("GET", "/healthz")
    assert status == 200, status
    t = time.strptime(doc["now"][:19], "%Y-%m-%dT%H:%M:%S")
    return int(time.mktime(t) - time.timezone)


def totp(secret_b32, step):
    """RFC 6238 with SHA-1, 6 digits, 30 s: the code of one time step."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7fffffff) % 1000000)


def current_step():
    """The console's time step, away from its edges so a code stays in the window."""
    for _ in range(10):
        now = server_now()
        if now % 30 < 27:
            return now // 30
        time.sleep(30 - now % 30 + 0.2)
    raise AssertionError("no stable time step")


class Staff:
    """One staff account made with `dk staff add`, enrolled through its link."""

    def __init__(self, role="interviewer", interviewer_id=None, enrol=True):
        self.email = "staff-%s@example.be" % uuid.uuid4().hex[:10]
        args = ["staff", "add", "--name", "Staff Tester", "--email", self.email, "--role", role]
        if role == "interviewer":
            args += ["--interviewer", interviewer_id or interviewer()]
        out = json.loads(dk(*args).stdout)
        self.id, self.enrol_url = out["staff_id"], out["enrol_url"]
        assert self.enrol_url.startswith(CONSOLE + "/enrol/"), self.enrol_url
        self.enrol_path = self.enrol_url[len(CONSOLE):]
        self.cookie = self.csrf = self.secret = None
        self.step = None
        if enrol:
            self.enrol()
            self.sign_in()

    def enrol(self):
        status, doc, _ = api("POST", self.enrol_path, {"password": PASSWORD})
        assert status == 200, (status, doc)
        self.secret = doc["totp_secret"]
        self.step = current_step() - 1  # one step of drift: the next ones stay free
        status, doc, _ = api("POST", self.enrol_path + "/confirm",
                             {"totp": totp(self.secret, self.step)})
        assert status == 204, (status, doc)

    def next_code(self):
        """A code after the last one accepted (self.step), inside the window:
        self.pending until a sign-in with it succeeds."""
        for _ in range(10):
            cur = current_step()
            self.pending = max(self.step + 1, cur - 1)
            if self.pending <= cur + 1:
                return totp(self.secret, self.pending)
            time.sleep(10)
        raise AssertionError("no free time step")

    def sign_in(self):
        status, doc, hdrs = api("POST", "/api/v1/staff/session",
                                {"email": self.email, "password": PASSWORD,
                                 "totp": self.next_code()})
        assert status == 200, (status, doc)
        self.step = self.pending
        cookie = hdrs["Set-Cookie"]
        self.cookie = cookie.split(";", 1)[0]
        self.csrf = doc["csrf_token"]
        return cookie

    def get(self, path):
        return api("GET", path, cookie=self.cookie)

    def post(self, path, doc=None, raw=None, headers=None):
        return api("POST", path, doc, cookie=self.cookie, csrf=self.csrf, raw=raw,
                   headers=headers)


def store_document(app, data, status="accepted", kind="id_card", side="front"):
    """An image in the encrypted document store (common/store/dk_docstore.c's
    layout) and its row, as the checker leaves an accepted one."""
    doc_id = str(uuid.uuid4())
    key = hashlib.sha256(b"dk-docstore-v1\0" + DOCUMENT_KEY.encode()).digest()
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, data, doc_id.encode())
    path = os.path.join(ENV["DK_DOCUMENT_DIR"], doc_id + ".dkd")
    with open(path, "wb") as f:
        f.write(b"DKD1" + nonce + sealed[-16:] + sealed[:-16])
    sql("INSERT INTO documents (id, application_id, kind, side, byte_size, sha256, uploaded_at,"
        " status, reasons, figures) VALUES (:'id', :'app', :'kind', :'side', :'n', :'sha',"
        " '2026-11-21T10:00:00Z', :'status', '{blur_low}', '{\"sharpness\": 41.5}')",
        id=doc_id, app=app, kind=kind, side=side, n=str(len(data)),
        sha=hashlib.sha256(data).hexdigest(), status=status)
    return doc_id


def audit_count(appt, action, staff_id):
    return int(sql_value("SELECT count(*) FROM audit_events WHERE appointment_id = :'a'"
                         " AND action = :'act' AND staff_id = :'s'",
                         a=appt, act=action, s=staff_id))


class Enrolment(unittest.TestCase):
    def test_page_api_single_use_and_refusals(self):
        s = Staff(enrol=False)
        status, hdrs, page = call("GET", s.enrol_path + "?lang=fr")
        self.assertEqual(status, 200)
        self.assertIn("Configurer votre compte", page.decode())
        self.assertIn("default-src 'none'", hdrs["Content-Security-Policy"])
        # A password the NIST rules refuse: 422 with the reason, nothing stored.
        status, doc, _ = api("POST", s.enrol_path, {"password": "password"})
        self.assertEqual((status, doc["error"], doc["reason"]), (422, "password_refused",
                                                                 "too_short"))
        status, doc, _ = api("POST", s.enrol_path, {"password": "MijnDigitaleSleutels"})
        self.assertEqual((status, doc["reason"]), (422, "blocklisted"))
        self.assertEqual(sql_value("SELECT password_hash IS NULL FROM staff WHERE id = :'i'",
                                   i=s.id), "t")
        # Confirming before a password is set: 409.
        status, doc, _ = api("POST", s.enrol_path + "/confirm", {"totp": "123456"})
        self.assertEqual((status, doc["error"]), (409, "password_first"))
        status, doc, _ = api("POST", s.enrol_path, {"password": PASSWORD})
        self.assertEqual(status, 200, doc)
        self.assertRegex(doc["totp_secret"], r"^[A-Z2-7]{32}$")
        self.assertTrue(doc["otpauth_uri"].startswith("otpauth://totp/"))
        self.assertIn("secret=" + doc["totp_secret"], doc["otpauth_uri"])
        s.secret = doc["totp_secret"]
        step = current_step()
        # A wrong first code does not enrol.
        status, doc, _ = api("POST", s.enrol_path + "/confirm",
                             {"totp": totp(s.secret, step + 5)})
        self.assertEqual((status, doc["error"]), (422, "totp_wrong"))
        status, doc, _ = api("POST", s.enrol_path + "/confirm", {"totp": "12x456"})
        self.assertEqual(status, 422)
        self.assertEqual(sql_value("SELECT enrolled_at IS NULL FROM staff WHERE id = :'i'",
                                   i=s.id), "t")
        status, _, _ = api("POST", s.enrol_path + "/confirm", {"totp": totp(s.secret, step)})
        self.assertEqual(status, 204)
        s.step = step
        # Single use: the link is spent.
        for method, path, body in (("POST", s.enrol_path, {"password": PASSWORD}),
                                   ("POST", s.enrol_path + "/confirm", {"totp": "123456"})):
            status, doc, _ = api(method, path, body)
            self.assertEqual((status, doc["error"]), (404, "link_unknown"))
        status, _, page = call("GET", s.enrol_path + "?lang=en")
        self.assertEqual(status, 404)
        self.assertIn("not valid or has already been used", page.decode())
        # An invented token, and an expired one.
        self.assertEqual(api("POST", "/enrol/" + "A" * 43, {"password": PASSWORD})[0], 404)
        e = Staff(enrol=False)
        sql("UPDATE staff SET enrol_expires_at = '2026-01-01T00:00:00Z' WHERE id = :'i'", i=e.id)
        status, doc, _ = api("POST", e.enrol_path, {"password": PASSWORD})
        self.assertEqual((status, doc["error"]), (410, "link_expired"))
        actions = sql_value("SELECT string_agg(action, ',' ORDER BY id) FROM audit_events"
                            " WHERE staff_id = :'i'", i=s.id)
        self.assertIn("staff.enrolled", actions)
        listed = [json.loads(l) for l in dk("staff", "list", "--json").stdout.splitlines() if l]
        rows = listed[0] if listed and isinstance(listed[0], list) else listed
        self.assertIn("active", [r["state"] for r in rows if r["id"] == s.id])

    def test_the_enrolment_pages_without_javascript(self):
        s = Staff(enrol=False)
        status, hdrs, page = call("GET", s.enrol_path + "?lang=nl")
        cookie = hdrs["Set-Cookie"].split(";", 1)[0]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.decode()).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "password": "azertyuiopqsdfgh"}).encode()
        ctype = {"Content-Type": "application/x-www-form-urlencoded"}
        status, hdrs, page = call("POST", s.enrol_path + "?lang=nl", form, ctype, cookie)
        self.assertEqual(status, 422)
        self.assertIn("toetsenbord", page.decode())  # the reason, in Dutch
        cookie = hdrs["Set-Cookie"].split(";", 1)[0]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.decode()).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "password": PASSWORD}).encode()
        status, hdrs, page = call("POST", s.enrol_path + "?lang=nl", form, ctype, cookie)
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn("<svg", text)
        secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', text).group(1).replace(" ",
                                                                                           "")
        cookie = hdrs["Set-Cookie"].split(";", 1)[0]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "totp": totp(secret, current_step())})
        status, _, page = call("POST", s.enrol_path + "/confirm?lang=nl", form.encode(), ctype,
                               cookie)
        self.assertEqual(status, 200)
        self.assertIn("Je account is klaar", page.decode())
        # Without its CSRF pair, a form is refused.
        t = Staff(enrol=False)
        form = urllib.parse.urlencode({"password": PASSWORD}).encode()
        self.assertEqual(call("POST", t.enrol_path, form, ctype)[0], 403)


class SignIn(unittest.TestCase):
    def test_session_cookie_replay_lockout_and_unknown_email(self):
        s = Staff(enrol=True, role="operator")
        status, doc, hdrs = api("POST", "/api/v1/staff/session",
                                {"email": s.email, "password": PASSWORD,
                                 "totp": s.next_code()})
        self.assertEqual(status, 200)
        s.step = s.pending
        cookie = hdrs["Set-Cookie"]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertTrue(cookie.startswith("dk_staff="))
        self.assertRegex(doc["csrf_token"], r"^[A-Za-z0-9_-]{43}$")
        # The same code again (same step): refused, and counted.
        replay = totp(s.secret, s.step)
        status, doc, _ = api("POST", "/api/v1/staff/session",
                             {"email": s.email, "password": PASSWORD, "totp": replay})
        self.assertEqual((status, doc["error"]), (401, "signin_refused"))
        self.assertEqual(sql_value("SELECT failed_tries FROM staff WHERE id = :'i'", i=s.id), "1")
        self.assertIn('"why": "replayed"', sql_value(
            "SELECT detail::text FROM audit_events WHERE staff_id = :'i'"
            " AND action = 'staff.signin_refused' ORDER BY id DESC LIMIT 1", i=s.id))
        # An unknown address: the same answer, the same Argon2id work.
        code = s.next_code()
        t0 = time.monotonic()
        status, wrong_pw, _ = api("POST", "/api/v1/staff/session",
                                  {"email": s.email, "password": PASSWORD + "x",
                                   "totp": code})
        t_known = time.monotonic() - t0
        t0 = time.monotonic()
        status2, unknown, _ = api("POST", "/api/v1/staff/session",
                                  {"email": "nobody-%s@example.be" % uuid.uuid4().hex[:8],
                                   "password": PASSWORD, "totp": "123456"})
        t_unknown = time.monotonic() - t0
        self.assertEqual((status, wrong_pw), (status2, unknown))
        self.assertEqual(status, 401)
        self.assertGreater(t_unknown, 0.4 * t_known, (t_unknown, t_known))
        # Wrong codes until DK_STAFF_MAX_TRIES (10): locked, persisted, audited.
        tries = int(sql_value("SELECT failed_tries FROM staff WHERE id = :'i'", i=s.id))
        for _ in range(10 - tries):
            status, doc, _ = api("POST", "/api/v1/staff/session",
                                 {"email": s.email, "password": PASSWORD,
                                  "totp": totp(s.secret, s.step + 7)})
            self.assertEqual(status, 401)
        self.assertEqual(sql_value("SELECT locked_at IS NOT NULL FROM staff WHERE id = :'i'",
                                   i=s.id), "t")
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE staff_id = :'i'"
                                   " AND action = 'staff.locked'", i=s.id), "1")
        status, doc, _ = api("POST", "/api/v1/staff/session",
                             {"email": s.email, "password": PASSWORD, "totp": s.next_code()})
        self.assertEqual((status, doc["error"]), (429, "locked"))
        # A locked account's sessions end with it.
        self.assertEqual(api("GET", "/api/v1/interviews", cookie=s.cookie)[0], 401)
        # Without the right password, a locked account looks like any wrong attempt.
        status, doc, _ = api("POST", "/api/v1/staff/session",
                             {"email": s.email, "password": "nope", "totp": s.next_code()})
        self.assertEqual(status, 401)
        # An operator unlocks it (audited); it signs in again.
        self.assertEqual(dk("staff", "unlock", s.id).returncode, 0)
        self.assertEqual(dk("staff", "unlock", s.id, check=False).returncode, 1)
        self.assertEqual(dk("staff", "unlock", "nope", check=False).returncode, 2)
        s.sign_in()
        self.assertEqual(s.get("/api/v1/interviews")[0], 200)

    def test_no_session_csrf_origin_and_signout(self):
        status, doc, _ = api("GET", "/api/v1/interviews")
        self.assertEqual((status, doc["error"]), (401, "no_session"))
        status, hdrs, _ = call("GET", "/interviews?lang=fr")
        self.assertEqual(status, 303)
        self.assertEqual(hdrs["Location"], "/signin?lang=fr")
        status, _, page = call("GET", "/signin?lang=fr")
        self.assertEqual(status, 200)
        self.assertIn('name="totp"', page.decode())
        self.assertNotIn("<script", page.decode())
        self.assertEqual(api("GET", "/api/v1/interviews", cookie="dk_staff=" + "x" * 43)[0], 401)
        s = Staff()
        self.assertEqual(s.get("/api/v1/interviews")[0], 200)
        appt = str(uuid.uuid4())
        # A POST without its CSRF token, or with another's: 403.
        status, doc, _ = api("POST", "/api/v1/interviews/%s/session-code" % appt, {},
                             cookie=s.cookie)
        self.assertEqual((status, doc["error"]), (403, "csrf"))
        status, _, _ = api("POST", "/api/v1/interviews/%s/session-code" % appt, {},
                           cookie=s.cookie, csrf="A" * 43)
        self.assertEqual(status, 403)
        # From another site: 403 before anything.
        status, _, _ = s.post("/api/v1/interviews/%s/session-code" % appt, {},
                              headers={"Origin": "https://evil.example"})
        self.assertEqual(status, 403)
        status, _, page = call("POST", "/signin?lang=nl", b"email=a", {
            "Origin": "https://evil.example",
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403)
        self.assertIn("andere site", page.decode())
        # Sign-out ends the session for good.
        self.assertEqual(s.post("/api/v1/staff/signout")[0], 204)
        self.assertEqual(s.get("/api/v1/interviews")[0], 401)

    def test_the_sign_in_page(self):
        s = Staff(enrol=True)
        status, hdrs, page = call("GET", "/signin?lang=en")
        cookie = hdrs["Set-Cookie"].split(";", 1)[0]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.decode()).group(1)
        ctype = {"Content-Type": "application/x-www-form-urlencoded"}
        form = urllib.parse.urlencode({"csrf": csrf, "email": s.email, "password": "wrong",
                                       "totp": "000000"}).encode()
        status, _, page = call("POST", "/signin?lang=en", form, ctype, cookie)
        self.assertEqual(status, 401)
        self.assertIn("is not right", page.decode())
        form = urllib.parse.urlencode({"csrf": csrf, "email": s.email, "password": PASSWORD,
                                       "totp": s.next_code()}).encode()
        status, hdrs, _ = call("POST", "/signin?lang=en", form, ctype, cookie)
        self.assertEqual(status, 303)
        s.step = s.pending
        self.assertEqual(hdrs["Location"], "/interviews?lang=en")
        session = hdrs["Set-Cookie"].split(";", 1)[0]
        status, _, page = call("GET", "/interviews?lang=en", cookie=session)
        self.assertEqual(status, 200)
        self.assertIn("Interviews", page.decode())


class PasswordRehash(unittest.TestCase):
    def test_a_password_of_older_parameters_is_hashed_anew_at_sign_in(self):
        s = Staff()
        old = drive("argon2_phc", password=PASSWORD, t=2, m_kib=19456)["phc"]
        self.assertTrue(old.startswith("$argon2id$v=19$m=19456,t=2,p=1$"), old)
        sql("UPDATE staff SET password_hash = :'h' WHERE id = :'i'", h=old, i=s.id)
        stored = lambda: sql_value("SELECT password_hash FROM staff WHERE id = :'i'", i=s.id)
        rehashed = lambda: int(sql_value("SELECT count(*) FROM audit_events WHERE staff_id ="
                                         " :'i' AND action = 'staff.password_rehashed'", i=s.id))
        # A wrong password (with a good code) changes nothing.
        status, doc, _ = api("POST", "/api/v1/staff/session",
                             {"email": s.email, "password": PASSWORD + "!",
                              "totp": s.next_code()})
        self.assertEqual(status, 401, doc)
        self.assertEqual((stored(), rehashed()), (old, 0))
        # The right one signs in with the old hash, which is then replaced.
        s.sign_in()
        new = stored()
        self.assertTrue(new.startswith("$argon2id$v=19$m=65536,t=3,p=1$"), new)
        self.assertEqual(rehashed(), 1)
        self.assertEqual(s.get("/api/v1/interviews")[0], 200)


class Interviews(unittest.TestCase):
    def test_own_list_foreign_dossier_and_reassignment(self):
        iv_a, iv_b = interviewer(), interviewer()
        app_a, appt_a = reserved(iv_a, "2026-12-02T13:00:00Z", "2026-12-02T13:30:00Z")
        app_b, appt_b = reserved(iv_b, "2026-12-02T13:00:00Z", "2026-12-02T13:30:00Z")
        a, b = Staff("interviewer", iv_a), Staff("interviewer", iv_b)
        op = Staff("operator")
        status, doc, _ = a.get("/api/v1/interviews?date=2026-12-02")
        self.assertEqual(status, 200)
        ids = [i["appointment_id"] for i in doc["interviews"]]
        self.assertEqual(ids, [appt_a])
        item = doc["interviews"][0]
        self.assertEqual((item["application_id"], item["start"], item["end"], item["language"]),
                         (app_a, "2026-12-02T13:00:00Z", "2026-12-02T13:30:00Z", "fr"))
        self.assertEqual(a.get("/api/v1/interviews?date=2026-12-03")[1]["interviews"], [])
        for bad in ("2026-13-01", "yesterday", "2026-12-02%27--"):
            self.assertEqual(a.get("/api/v1/interviews?date=" + bad)[0], 422)
        # B on A's dossier: 403, and the attempt is audited.
        status, doc, _ = b.get("/api/v1/interviews/" + appt_a)
        self.assertEqual((status, doc["error"]), (403, "not_your_interview"))
        self.assertEqual(audit_count(appt_a, "access.denied", b.id), 1)
        status, _, _ = b.post("/api/v1/interviews/%s/outcome" % appt_a, {"outcome": "no_show"})
        self.assertEqual(status, 403)
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes"
                                   " WHERE appointment_id = :'a'", a=appt_a), "0")
        # The operator sees both and gives B's interview to A... who is busy then: 409.
        ids = [i["appointment_id"] for i in op.get("/api/v1/interviews?date=2026-12-02")[1][
            "interviews"]]
        self.assertIn(appt_a, ids)
        self.assertIn(appt_b, ids)
        status, doc, _ = op.post("/api/v1/interviews/%s/reassign" % appt_b,
                                 {"interviewer_id": iv_a})
        self.assertEqual((status, doc["error"]), (409, "slot_taken"))
        iv_c = interviewer()
        status, doc, _ = op.post("/api/v1/interviews/%s/reassign" % appt_b,
                                 {"interviewer_id": iv_c})
        self.assertEqual(status, 200, doc)
        self.assertEqual(sql_value("SELECT interviewer_id FROM appointments WHERE id = :'a'",
                                   a=appt_b), iv_c)
        self.assertEqual(audit_count(appt_b, "interview.reassigned", op.id), 1)
        self.assertEqual(b.get("/api/v1/interviews?date=2026-12-02")[1]["interviews"], [])
        # An interviewer may not reassign.
        status, doc, _ = a.post("/api/v1/interviews/%s/reassign" % appt_a,
                                {"interviewer_id": iv_c})
        self.assertEqual((status, doc["error"]), (403, "role"))
        # The page lists the day in the reader's language.
        status, _, page = call("GET", "/interviews?date=2026-12-02&lang=fr", cookie=op.cookie)
        self.assertEqual(status, 200)
        self.assertIn(appt_a, page.decode())
        self.assertIn("mercredi 2 décembre 2026", page.decode())


class Dossier(unittest.TestCase):
    def test_dossier_images_and_audit(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T14:00:00Z", "2026-12-02T14:30:00Z")
        front = b"\xff\xd8\xff\xe0" + os.urandom(300000)
        doc_id = store_document(app, front)
        rejected = store_document(app, b"\xff\xd8\xff" + os.urandom(1000), status="rejected",
                                  side="back")
        s = Staff("interviewer", iv)
        status, d, hdrs = s.get("/api/v1/interviews/" + appt)
        self.assertEqual(status, 200)
        self.assertEqual(hdrs["Cache-Control"], "no-store")
        for k in ("application", "documents", "security_features", "checks", "history"):
            self.assertIn(k, d)
        self.assertEqual((d["application"]["first_names"], d["application"]["last_name"]),
                         ("Marie", "Dupont"))
        feats = d["security_features"]["features"]
        self.assertGreaterEqual(len(feats), 3)
        self.assertGreaterEqual(sum(f["optically_variable"] for f in feats), 2)
        # The same draw on every visit.
        self.assertEqual(s.get("/api/v1/interviews/" + appt)[1]["security_features"], d[
            "security_features"])
        docs = {x["id"]: x for x in d["documents"]}
        self.assertEqual(docs[doc_id]["reasons"], ["blur_low"])
        self.assertEqual(docs[doc_id]["figures"], {"sharpness": 41.5})
        self.assertIsNone(docs[rejected]["image_url"])
        self.assertIn("reserved", [h["event"] for h in d["history"]])
        status, hdrs, body = call("GET", docs[doc_id]["image_url"], cookie=s.cookie)
        self.assertEqual(status, 200)
        self.assertEqual(body, front)
        self.assertEqual(hdrs["Content-Type"], "image/jpeg")
        self.assertEqual(hdrs["Cache-Control"], "no-store")
        self.assertEqual(call("GET", "/api/v1/interviews/%s/documents/%s" % (appt, rejected),
                              cookie=s.cookie)[0], 404)
        self.assertEqual(call("GET", docs[doc_id]["image_url"])[0], 401)
        other = Staff("interviewer", interviewer())
        self.assertEqual(call("GET", docs[doc_id]["image_url"], cookie=other.cookie)[0], 403)
        # Nothing decrypted was written next to the store.
        names = os.listdir(ENV["DK_DOCUMENT_DIR"])
        self.assertTrue(all(n.endswith(".dkd") for n in names), names[:5])
        self.assertEqual(audit_count(appt, "dossier.view", s.id), 2)
        self.assertEqual(audit_count(appt, "image.view", s.id), 1)
        # The page shows it all; its one script is a file (live photos, captures).
        status, hdrs, page = call("GET", "/interviews/%s?lang=nl" % appt, cookie=s.cookie)
        text = page.decode()
        self.assertEqual(status, 200, text[:2000])
        self.assertIn('src="/api/v1/interviews/%s/documents/%s"' % (appt, doc_id), text)
        self.assertIn("Dupont", text)
        # The validation report reads as words and figures, not as JSON.
        self.assertIn("<dt>Scherpte</dt><dd>41.5</dd>", text)
        self.assertNotIn("{&quot;", text)
        self.assertEqual(re.findall(r"<script[^>]*>", text), ['<script src="/console.js" defer>'])
        self.assertNotIn("unsafe-inline", hdrs["Content-Security-Policy"])
        for bad in ("not-a-uuid", str(uuid.uuid4())):
            self.assertEqual(s.get("/api/v1/interviews/" + bad)[0], 404)

    def test_captures_stream_after_the_session(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T15:00:00Z", "2026-12-02T15:30:00Z")
        s = Staff("interviewer", iv)
        path = "/api/v1/interviews/%s/captures?subject=person&source=screen" % appt
        image = b"\xff\xd8\xff\xe0" + os.urandom(2 * 1024 * 1024)
        jpeg = {"Content-Type": "image/jpeg", "X-CSRF-Token": s.csrf}
        status, hdrs, out = call("POST", path, image, jpeg, s.cookie)
        self.assertEqual(status, 201, out[:200])
        capture = json.loads(out)["capture_id"]
        d = s.get("/api/v1/interviews/" + appt)[1]
        self.assertEqual([c["id"] for c in d["captures"]], [capture])
        status, hdrs, body = call("GET", d["captures"][0]["image_url"], cookie=s.cookie)
        self.assertEqual((status, body, hdrs["Cache-Control"]), (200, image, "no-store"))
        self.assertEqual(audit_count(appt, "capture.view", s.id), 1)
        # Refused on the headers alone, before any of the body is sent: no CSRF
        # header, no session, another type, a body declared larger than DK_UPLOAD_MAX.
        def headers_only(headers, length=len(image)):
            u = urllib.parse.urlsplit(CONSOLE)
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.putrequest("POST", path)
            for k, v in dict(headers, **{"Content-Length": str(length)}).items():
                conn.putheader(k, v)
            conn.endheaders()
            status = conn.getresponse().status
            conn.close()
            return status
        self.assertEqual(headers_only({"Content-Type": "image/jpeg", "Cookie": s.cookie}), 403)
        self.assertEqual(headers_only({"Content-Type": "image/jpeg"}), 401)
        self.assertEqual(headers_only(dict(jpeg, Cookie=s.cookie,
                                           **{"Content-Type": "image/svg+xml"})), 415)
        self.assertEqual(headers_only(dict(jpeg, Cookie=s.cookie), 16 << 20), 413)
        status, doc, _ = s.post(path.replace("person", "selfie"), raw=image[:100],
                                headers={"Content-Type": "image/jpeg"})
        self.assertEqual((status, doc["error"]), (422, "subject_unknown"))
        self.assertEqual(sql_value("SELECT count(*) FROM interview_captures"
                                   " WHERE appointment_id = :'a'", a=appt), "1")


def record_everything(test, s, appt):
    """Every check yes, every drawn feature seen, the session code read back."""
    d = s.get("/api/v1/interviews/" + appt)[1]
    for key in ("primary_document", "not_forged", "not_stolen", "person_matches",
                "data_matches"):
        status, doc, _ = s.post("/api/v1/interviews/%s/checks" % appt,
                                {"check": key, "result": "yes"})
        test.assertEqual(status, 201, doc)
    status, doc, _ = s.post("/api/v1/interviews/%s/checks" % appt,
                            {"check": "document_valid", "valid_until": "2031-05-01"})
    test.assertEqual(status, 201, doc)
    status, doc, _ = s.post("/api/v1/interviews/%s/session-code" % appt, {})
    test.assertEqual(status, 201, doc)
    code = drive("code_live", appointment_id=appt)["code"]
    status, doc, _ = s.post("/api/v1/interviews/%s/session-code/verify" % appt, {"code": code})
    test.assertEqual((status, doc), (200, {"verified": True}))
    return {"feature." + f["key"]: "seen" for f in d["security_features"]["features"]}


class Outcome(unittest.TestCase):
    def test_approved_with_code_mail_and_second_outcome_409(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z")
        email = sql_value("SELECT email FROM applications WHERE id = :'a'", a=app)
        s = Staff("interviewer", iv)
        features = record_everything(self, s, appt)
        # Malformed, oversized and hostile bodies: clear 4xx, nothing written.
        path = "/api/v1/interviews/%s/outcome" % appt
        for raw, want in ((b"{", 400), (b"[]", 400), (b'{"outcome":"approved","outcome":"x"}', 400),
                          (b"\xff\xfe", 400), (b"{" * 5000 + b"}" * 5000, 400),
                          (b'{"outcome": "approved", "x": "' + b"A" * 70000 + b'"}', 413)):
            self.assertEqual(s.post(path, raw=raw)[0], want, raw[:40])
        for body, code in (({"outcome": 1}, "outcome_unknown"),
                           ({"outcome": "approved", "checks": []}, "check_invalid"),
                           ({"outcome": "approved", "checks": {"x": 5}}, "check_invalid"),
                           ({"outcome": "approved", "reasons": "other"}, "field_invalid"),
                           ({"outcome": "approved", "admin": True}, "field_unknown"),
                           ({"outcome": "rejected", "reasons": ["other"] * 40}, "too_many_items"),
                           ({"outcome": "rejected", "reasons": ["other"],
                             "motivation": " "}, "motivation_required"),
                           ({"outcome": "approved"}, "features_not_checked"),
                           ({"outcome": "approved<script>", "checks": features},
                            "outcome_unknown")):
            status, doc, _ = s.post(path, body)
            self.assertEqual((status, doc["error"]), (422, code), body)
        status, doc, _ = s.post(path, raw=b'{"outcome":"approved"}',
                                headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes"
                                   " WHERE appointment_id = :'a'", a=appt), "0")
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=app),
                         "reserved")
        # The approval: 201 with the code, shown this once.
        status, doc, _ = s.post(path, {"outcome": "approved", "checks": features,
                                       "reasons": [], "motivation": None})
        self.assertEqual(status, 201, doc)
        code = doc["activation_code"]
        self.assertRegex(code, r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
        self.assertEqual(doc["status"], "awaiting_activation")
        status, doc, _ = s.post(path, {"outcome": "rejected", "reasons": ["other"],
                                       "motivation": "second thoughts"})
        self.assertEqual((status, doc["error"]), (409, "outcome_exists"))
        shown = json.loads(dk("application", "show", app).stdout)
        self.assertEqual(shown["summary"], "approved, awaiting activation")
        self.assertNotIn(code, json.dumps(shown))
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'a'", a=appt),
                         "completed")
        msg = wait_until(lambda: mails_to(email), timeout=60, what="the activation mail")[0][0]
        text, html = mail_text(msg)
        self.assertIn("/activate/", text)
        self.assertNotIn(code, text + html)
        self.assertNotIn(code.replace("-", ""), text + html)
        self.assertEqual(audit_count(appt, "outcome.recorded", s.id), 1)
        # The dossier now shows the outcome and no forms.
        page = call("GET", "/interviews/%s?lang=en" % appt, cookie=s.cookie)[2].decode()
        self.assertIn('id="outcome"', page)
        self.assertNotIn('id="outcome-form"', page)

    def test_not_before_the_start_and_no_show_closes_the_slot(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T16:00:00Z", "2026-12-02T16:30:00Z")
        s = Staff("interviewer", iv)
        status, doc, _ = s.post("/api/v1/interviews/%s/outcome" % appt, {"outcome": "no_show"})
        self.assertEqual((status, doc["error"]), (409, "too_early"))
        app2, appt2 = reserved(iv, "2026-12-02T08:00:00Z", "2026-12-02T08:30:00Z")
        email = sql_value("SELECT email FROM applications WHERE id = :'a'", a=app2)
        status, doc, _ = s.post("/api/v1/interviews/%s/outcome" % appt2, {"outcome": "no_show"})
        self.assertEqual(status, 201, doc)
        self.assertNotIn("activation_code", doc)
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'a'", a=appt2),
                         "no_show")
        wait_until(lambda: mails_to(email), timeout=60, what="the no-show mail")

    def test_approval_by_form_shows_the_code_once(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T05:00:00Z", "2026-12-02T05:30:00Z")
        s = Staff("interviewer", iv)
        for check, result in record_everything(self, s, appt).items():
            status, doc, _ = s.post("/api/v1/interviews/%s/checks" % appt,
                                    {"check": check, "result": result})
            self.assertEqual(status, 201, doc)
        page = call("GET", "/interviews/%s?lang=nl" % appt, cookie=s.cookie)[2].decode()
        self.assertIn('value="seen" required checked', page)
        self.assertIn("De aanvrager las de code juist voor.", page)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "outcome": "approved"}).encode()
        status, _, page = call("POST", "/interviews/%s/outcome?lang=nl" % appt, form,
                               {"Content-Type": "application/x-www-form-urlencoded"}, s.cookie)
        self.assertEqual(status, 201)
        code = re.search(r'<p class="code" id="activation-code">([A-Z0-9-]+)</p>',
                         page.decode()).group(1)
        self.assertEqual(len(code), 14)
        page = call("GET", "/interviews/%s?lang=nl" % appt, cookie=s.cookie)[2].decode()
        self.assertNotIn(code, page)
        self.assertIn("Goedgekeurd", page)

    def test_the_outcome_form(self):
        iv = interviewer()
        app, appt = reserved(iv, "2026-12-02T07:00:00Z", "2026-12-02T07:30:00Z")
        s = Staff("interviewer", iv)
        page = call("GET", "/interviews/%s?lang=fr" % appt, cookie=s.cookie)[2].decode()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        ctype = {"Content-Type": "application/x-www-form-urlencoded"}
        form = urllib.parse.urlencode({"csrf": csrf, "outcome": "missing_information",
                                       "missing.valid_document": "1",
                                       "missing_text": "Apportez votre carte."}).encode()
        status, hdrs, _ = call("POST", "/interviews/%s/outcome?lang=fr" % appt, form, ctype,
                               s.cookie)
        self.assertEqual(status, 303)
        self.assertEqual(sql_value("SELECT missing_items::text FROM interview_outcomes"
                                   " WHERE appointment_id = :'a'", a=appt), "{valid_document}")
        # Without the field: 403, nothing written.
        app2, appt2 = reserved(iv, "2026-12-02T06:00:00Z", "2026-12-02T06:30:00Z")
        form = urllib.parse.urlencode({"outcome": "no_show"}).encode()
        self.assertEqual(call("POST", "/interviews/%s/outcome" % appt2, form, ctype,
                              s.cookie)[0], 403)
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes"
                                   " WHERE appointment_id = :'a'", a=appt2), "0")


def console_pid():
    try:
        return pid_of("console")
    except (OSError, ValueError):
        return None


def console_healthy():
    try:
        return call("GET", "/healthz", timeout=2)[0] == 200
    except OSError:
        return False


class Supervision(unittest.TestCase):
    """Last in this file (a restarted console's DK_NOW clock starts again)."""

    def test_killed_comes_back_and_sigterm_drains(self):
        killed = pid_of("console")
        self.assertIn("dk-console", cmdline(killed))
        os.kill(killed, 9)
        wait_until(lambda: console_pid() not in (None, killed), 15, "a new console")
        wait_until(console_healthy, 20, "the console answering on " + CONSOLE)
        self.assertEqual((VAR / "run" / "console.url").read_text().strip(), CONSOLE)
        died = [d for d in log_events("console", "process_died") if d["pid"] == killed]
        self.assertEqual((len(died), died[0]["signal"], died[0]["level"]), (1, "SIGKILL", "error"))
        # SIGTERM: the console drains and exits 0 (the supervisor restarts nothing).
        stack("stop", "console")
        self.assertFalse(console_healthy())
        self.assertTrue(log_events("console", "stopped"))
        stack("start", "console")
        wait_until(console_healthy, 20, "the console started again")
        s = Staff("operator")
        self.assertEqual(s.get("/api/v1/interviews")[0], 200)


def tearDownModule():
    tp.retire_test_interviewers()  # the files after this one expect no proposals of ours


if __name__ == "__main__":
    unittest.main()
