# SPDX-License-Identifier: EUPL-1.2
"""The activation and the digital key on the real stack (issue 12, SPEC.md
step 4): an application driven to approval through common/interview (the
driver returns the activation code the interviewer reads aloud and the link
the activation mail carries), then the JSON API of dk-intake: each key type
from the link to a successful sign-in with its assurance level and a refused
wrong factor; a TOTP code replayed; an e-mail code past its 10 minutes
(DK_NOW of a restarted intake); wrong activation codes (401, then 429,
persisted); a used link 410; the application activated, the key.activated
message on dk.keys, `dk application show`; hostile input; an unknown
identifier answered like a wrong password; throttling and a persisted lock
across an intake restart."""

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import struct
import time
import unittest
import urllib.parse
import uuid

import dk
import test_interview_applicant as ia
import test_proposals as tp
from dk import sql, sql_value, wait_until

PASSWORD = "Zeebrugge harbour lanterns"  # 26 characters, not in the blocklist
SHORT_PASSWORD = "Wol-Kruid9"  # 10: enough with a second factor


def tearDownModule():
    tp.retire_test_interviewers()


def call(path, body=None, raw=None, ip=None, headers=None):
    """(status, parsed JSON or None, headers) of a POST."""
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
    status, hdrs, out = dk.http("POST", path, data, h, ip=ip)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    return status, doc, hdrs


def approved(lang="en"):
    """An approved application: its token, activation code and e-mail."""
    p = ia.interview(lang=lang)
    ia.record_all_checks(unittest.TestCase(), p["staff"], p["appointment"])
    r = ia.drive("outcome", staff_id=p["staff"], appointment_id=p["appointment"],
                 outcome="approved")
    assert r["rc"] == 0, r
    p["activation_code"] = r["activation_code"]
    p["activation_id"] = r["activation_id"]
    p["activation_url"] = r["activation_url"]
    p["activation_token"] = urllib.parse.urlsplit(r["activation_url"]).path.rsplit("/", 1)[1]
    p["lang"] = lang
    return p


def activate(p, key_type, password=PASSWORD, code=None, ip=None):
    body = {"activation_code": p["activation_code"] if code is None else code,
            "key_type": key_type}
    if password is not None:
        body["password"] = password
    return call("/api/v1/activations/" + p["activation_token"], body, ip=ip)


def confirm(p, body, ip=None):
    return call("/api/v1/activations/%s/confirm" % p["activation_token"], body, ip=ip)


def login(body, ip=None):
    return call("/api/v1/keys/login", body, ip=ip)


def totp(secret_b32, step):
    """RFC 6238 with SHA-1, 6 digits, 30 s."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7fffffff) % 1000000)


# The subjects of the key mails in each language (po/*.po, catalogue keys
# mail.key_email_code.subject and mail.key_activated.subject), as received.
CODE_SUBJECTS = {
    ("en", "activation"): "CSAM – My digital keys: security code to activate your key,"
                          " valid 10 minutes",
    ("en", "signin"): "CSAM – My digital keys: security code to sign in, valid 10 minutes",
    ("nl", "activation"): "CSAM – Mijn digitale sleutels: beveiligingscode om je sleutel te"
                          " activeren, 10 minuten geldig",
    ("nl", "signin"): "CSAM – Mijn digitale sleutels: beveiligingscode om aan te melden,"
                      " 10 minuten geldig",
    ("fr", "activation"): "CSAM – Mes clés numériques : code de sécurité pour activer votre"
                          " clé, valable 10 minutes",
    ("fr", "signin"): "CSAM – Mes clés numériques : code de sécurité pour vous connecter,"
                      " valable 10 minutes",
}
ACTIVATED_SUBJECTS = {
    "en": "CSAM – My digital keys: key activated",
    "nl": "CSAM – Mijn digitale sleutels: sleutel geactiveerd",
    "fr": "CSAM – Mes clés numériques : clé activée",
}
# The confirmation mail's line of the assurance level, per language and level.
LEVEL_LINES = {
    "en": {"low": "Assurance level: low", "substantial": "Assurance level: substantial",
           "low_email_code": "Assurance level: low, with a security code by e-mail"},
    "nl": {"low": "Betrouwbaarheidsniveau: laag",
           "substantial": "Betrouwbaarheidsniveau: substantieel",
           "low_email_code": "Betrouwbaarheidsniveau: laag, met beveiligingscode via e-mail"},
    "fr": {"low": "Niveau de garantie : faible", "substantial": "Niveau de garantie : substantiel",
           "low_email_code": "Niveau de garantie : faible, avec code de sécurité par e-mail"},
}


def received(p, dedupe_key):
    """The mail of that dedupe key in the applicant's mailbox: the mailer's
    row says it was sent and with which Message-ID."""
    mid = wait_until(lambda: sql_value("SELECT message_id FROM mails WHERE dedupe_key = :'k'"
                                       " AND status = 'sent'", k=dedupe_key), 30,
                     "the mail " + dedupe_key + " sent")
    return wait_until(lambda: [m for m, _ in dk.mails_to(p["email"])
                               if mid in str(m["Message-ID"])], 30,
                      "the mail " + dedupe_key + " received")[0]


def email_code(p, where, owner):
    """The newest e-mail code of an activation or key, read as the applicant
    reads it: from the mail received (its subject in the applicant's
    language, the code in the body grouped as "123 456")."""
    cid = sql_value("SELECT id FROM key_email_codes WHERE %s = :'o' AND used_at IS NULL"
                    " ORDER BY created_at DESC, id LIMIT 1" % where, o=owner)
    assert cid, "no e-mail code for " + owner
    msg = received(p, "key_email_code:" + cid)
    purpose = "activation" if where == "activation_id" else "signin"
    assert str(msg["Subject"]) == CODE_SUBJECTS[(p["lang"], purpose)], str(msg["Subject"])
    text = dk.mail_text(msg)[0].replace("\r\n", "\n")
    codes = re.findall(r"^ +([0-9]{3}) ([0-9]{3}) *$", text, re.M)
    assert len(codes) == 1, text
    return "".join(codes[0])


def key_id_of(p):
    return sql_value("SELECT id FROM digital_keys WHERE application_id = :'a'", a=p["app"])


def restart_intake(now=None):
    """The intake stopped and started again on its address (with DK_NOW)."""
    port = urllib.parse.urlsplit(dk.INTAKE).port
    env = dict(os.environ)
    env["DK_INTAKE_PORT"] = str(port)
    if now:
        env["DK_NOW"] = now
    script = str(dk.ROOT / "infra" / "stack.sh")
    import subprocess
    subprocess.run([script, "stop", "intake"], check=True, capture_output=True, env=env)
    subprocess.run([script, "start", "intake"], check=True, capture_output=True, env=env)
    wait_until(lambda: tp.request("GET", "/healthz")[0] == 200, 20, "intake back")
    ia.DK_NOW = now or os.environ.get("DK_NOW") or "2026-12-02T10:00:00Z"


class KeyTypes(unittest.TestCase):
    def activated(self, p, key_type, level):
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'",
                                   a=p["app"]), "activated")
        self.assertEqual(sql_value("SELECT used_at IS NOT NULL FROM activation_codes"
                                   " WHERE id = :'i'", i=p["activation_id"]), "t")
        show = json.loads(dk.dk("application", "show", p["app"]).stdout)
        self.assertEqual((show["status"], show["key"]["key_type"],
                          show["key"]["assurance_level"], show["key"]["locked"]),
                         ("activated", key_type, level, False), show)
        text = json.dumps(show)
        for secret in ("argon2", "totp_secret", "sealed", "password_hash", "otpauth"):
            self.assertNotIn(secret, text)
        msgs = wait_until(lambda: [m for m in dk.topic_messages("dk.keys")
                                   if m.get("application_id") == p["app"]], 30,
                          "key.activated on dk.keys")
        self.assertEqual(len(msgs), 1, msgs)
        self.assertEqual((msgs[0]["type"], msgs[0]["data"]["key_type"],
                          msgs[0]["data"]["assurance_level"]), ("key.activated", key_type, level))
        self.assertEqual(set(msgs[0]["data"]), {"key_type", "assurance_level", "activated_at"})
        # The confirmation mail, in the applicant's language, once.
        msg = received(p, "key_activated:" + p["app"])
        self.assertEqual(str(msg["Subject"]), ACTIVATED_SUBJECTS[p["lang"]])
        text = dk.mail_text(msg)[0].replace("\r\n", "\n")
        self.assertIn("\n%s\n" % LEVEL_LINES[p["lang"]][level], text)
        signin = p["activation_url"].rsplit("/activate/", 1)[0] + "/signin"
        self.assertIn("\n%s\n" % signin, text)
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = :'a'"
                                   " AND template = 'key_activated'", a=p["app"]), "1")
        self.assertEqual([str(m["Subject"]) for m, _ in dk.mails_to(p["email"])].count(
            ACTIVATED_SUBJECTS[p["lang"]]), 1)
        # The link is spent: 410 with what to do.
        status, doc, _ = activate(p, key_type)
        self.assertEqual((status, doc["reason"]), (410, "used"), doc)
        self.assertIn("new_request_url", doc)

    def test_password_only(self):
        p = approved()
        status, doc, _ = activate(p, "password", password=SHORT_PASSWORD)
        self.assertEqual((status, doc["error"], doc["reason"]),
                         (422, "password_refused", "too_short"), doc)
        status, doc, _ = activate(p, "password")
        self.assertEqual(status, 201, doc)
        self.assertEqual(doc, {"key_type": "password", "assurance_level": "low",
                               "identifier": p["email"].lower()})
        self.activated(p, "password", "low")
        status, doc, _ = login({"identifier": p["email"].upper(), "password": PASSWORD})
        self.assertEqual((status, doc), (200, {"key_type": "password", "assurance_level": "low"}))
        status, doc, _ = login({"identifier": p["email"], "password": PASSWORD + "x"})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        self.assertEqual(sql_value("SELECT string_agg(result, ',' ORDER BY id) FROM key_signins"
                                   " WHERE key_id = :'k'", k=key_id_of(p)), "ok,wrong")
        self.assertEqual(sql_value("SELECT count(*) FROM key_signins WHERE key_id = :'k'"
                                   " AND source ~ '^[0-9a-f]{64}$'", k=key_id_of(p)), "2")

    def test_password_and_app(self):
        p = approved("nl")
        status, doc, _ = activate(p, "totp", password=SHORT_PASSWORD)
        self.assertEqual(status, 200, doc)
        secret = doc["totp_secret"]
        self.assertEqual(len(base64.b32decode(secret + "=" * (-len(secret) % 8))), 20)
        uri = urllib.parse.urlsplit(doc["otpauth_uri"])
        q = urllib.parse.parse_qs(uri.query)
        self.assertEqual((uri.scheme, uri.netloc, q["secret"], q["issuer"]),
                         ("otpauth", "totp", [secret], ["CSAM"]))
        # The secret is stored sealed, never in the clear.
        self.assertEqual(sql_value("SELECT count(*) FROM key_enrolments WHERE activation_id ="
                                   " :'a' AND totp_secret_sealed::text NOT LIKE '%' || :'s' ||"
                                   " '%'", a=p["activation_id"], s=secret), "1")
        step = ia.intake_step()
        status, doc, _ = confirm(p, {"totp": totp(secret, step + 5)})
        self.assertEqual((status, doc), (401, {"error": "wrong_code"}))
        status, doc, _ = confirm(p, {"totp": totp(secret, step)})
        self.assertEqual((status, doc["assurance_level"]), (201, "substantial"), doc)
        self.activated(p, "totp", "substantial")
        # The code that enrolled is spent: its step signs in no more.
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "totp": totp(secret, step)})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        step = ia.intake_step()
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "totp": totp(secret, step + 1)})
        self.assertEqual((status, doc), (200, {"key_type": "totp",
                                               "assurance_level": "substantial"}))
        # Replay of the same code: refused.
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "totp": totp(secret, step + 1)})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        # The password alone, or a wrong code, is not enough.
        for extra in ({}, {"totp": "000000" if totp(secret, step) != "000000" else "111111"}):
            status, doc, _ = login(dict({"identifier": p["email"],
                                         "password": SHORT_PASSWORD}, **extra))
            self.assertEqual((status, doc), (401, {"error": "wrong"}))

    def test_password_and_email_code(self):
        p = approved("fr")
        status, doc, _ = activate(p, "email", password=SHORT_PASSWORD)
        self.assertEqual((status, doc["email_code_sent"]), (200, True), doc)
        code = email_code(p, "activation_id", p["activation_id"])
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        status, doc, _ = confirm(p, {"email_code": wrong})
        self.assertEqual((status, doc), (401, {"error": "wrong_code"}))
        # A new code: the older one no longer verifies; the failure stays counted.
        status, doc, _ = call("/api/v1/activations/%s/email-code" % p["activation_token"])
        self.assertEqual(status, 202, doc)
        sql("UPDATE key_email_codes SET created_at = created_at - interval '1 minute'"
            " WHERE activation_id = :'a'", a=p["activation_id"])
        status, doc, _ = call("/api/v1/activations/%s/email-code" % p["activation_token"])
        self.assertEqual(status, 202, doc)
        self.assertEqual(sql_value("SELECT count(*) FROM key_email_codes WHERE activation_id ="
                                   " :'a'", a=p["activation_id"]), "2")
        status, doc, _ = confirm(p, {"email_code": code})
        self.assertEqual(status, 401, doc)
        self.assertEqual(sql_value("SELECT failures FROM activation_codes WHERE id = :'i'",
                                   i=p["activation_id"]), "2")
        status, doc, _ = confirm(p, {"email_code": email_code(p, "activation_id",
                                                              p["activation_id"])})
        self.assertEqual((status, doc["assurance_level"]), (201, "low_email_code"), doc)
        self.activated(p, "email", "low_email_code")
        # Sign-in: the right password without a code mails one.
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD})
        self.assertEqual((status, doc), (401, {"email_code_sent": True}))
        kid = key_id_of(p)
        code = email_code(p, "key_id", kid)
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "email_code": "%06d" % ((int(code) + 7) % 1000000)})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "email_code": code[:3] + " " + code[3:]})
        self.assertEqual((status, doc), (200, {"key_type": "email",
                                               "assurance_level": "low_email_code"}))
        status, doc, _ = login({"identifier": p["email"], "password": SHORT_PASSWORD,
                                "email_code": code})
        self.assertEqual((status, doc), (401, {"error": "wrong"}), "single use")
        # With a wrong password no code is mailed.
        n = sql_value("SELECT count(*) FROM key_email_codes WHERE key_id = :'k'", k=kid)
        status, doc, _ = login({"identifier": p["email"], "password": "not it at all"})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        self.assertEqual(sql_value("SELECT count(*) FROM key_email_codes WHERE key_id = :'k'",
                                   k=kid), n)


class ActivationLink(unittest.TestCase):
    def test_wrong_codes_lock_the_link_for_good(self):
        p = approved()
        ip = dk.fresh_ip()
        for i in range(5):
            status, doc, _ = activate(p, "password", code="AAAA-BBBB-CCCC", ip=ip)
            self.assertEqual((status, doc), (401, {"error": "wrong_code"}), i)
        status, doc, hdrs = activate(p, "password", ip=ip)  # the right code, too late
        self.assertEqual((status, doc["error"]), (429, "locked"), doc)
        self.assertTrue(int(hdrs["Retry-After"]) > 0)
        self.assertEqual(sql_value("SELECT failures FROM activation_codes WHERE id = :'i'",
                                   i=p["activation_id"]), "5")
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'",
                                   a=p["app"]), "awaiting_activation")

    def test_unknown_expired_and_malformed(self):
        status, doc, _ = call("/api/v1/activations/" + "A" * 43,
                              {"activation_code": "AAAA-BBBB-CCCC", "key_type": "password",
                               "password": PASSWORD})
        self.assertEqual((status, doc), (404, {"error": "unknown_link"}))
        status, _, _ = call("/api/v1/activations/short", {})
        self.assertEqual(status, 404)
        p = approved()
        sql("UPDATE activation_codes SET expires_at = created_at + interval '1 second'"
            " WHERE id = :'i'", i=p["activation_id"])
        status, doc, _ = activate(p, "password")
        self.assertEqual((status, doc["reason"]), (410, "expired"), doc)

    def test_hostile_input(self):
        p = approved()
        path = "/api/v1/activations/" + p["activation_token"]
        cases = [
            (b"{not json", 400), (b"[1,2]", 400), (b'"text"', 400),
            (json.dumps({"activation_code": 12, "key_type": "password"}).encode(), 400),
            (json.dumps({"activation_code": p["activation_code"], "key_type": ["totp"],
                         "password": PASSWORD}).encode(), 400),
            (json.dumps({"activation_code": p["activation_code"], "key_type": "sms",
                         "password": PASSWORD}).encode(), 400),
            (json.dumps({"activation_code": p["activation_code"], "key_type": "password"})
             .encode(), 400),
            (b'{"activation_code":"AAAA\\u0000BBBB","key_type":"password","password":"x"}', 400),
            (b'{"activation_code":"a","activation_code":"b"}', 400),
        ]
        for raw, want in cases:
            status, doc, _ = call(path, raw=raw)
            self.assertEqual(status, want, (raw, doc))
        status, _, _ = call(path, raw=b"{" + b'"a":"' + b"x" * 70000 + b'"}')
        self.assertEqual(status, 413)
        status, _, _ = dk.http("POST", path, b"{}", {"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        status, _, _ = dk.http("GET", path)
        self.assertEqual(status, 405)
        # None of these counted as a wrong code.
        self.assertEqual(sql_value("SELECT failures FROM activation_codes WHERE id = :'i'",
                                   i=p["activation_id"]), "0")
        # Long passwords: 64+ accepted, 1000 refused with a reason in the reader's language.
        status, doc, _ = activate(p, "password", password="x" * 1000)
        self.assertEqual((status, doc["reason"]), (422, "too_long"), doc)
        status, doc, _ = call(path, {"activation_code": p["activation_code"],
                                     "key_type": "password", "password": "short"},
                              headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"})
        self.assertEqual((status, doc["reason"]), (422, "too_short"), doc)
        status, doc2, _ = call(path, {"activation_code": p["activation_code"],
                                      "key_type": "password", "password": "short"},
                               headers={"Accept-Language": "fr"})
        self.assertNotEqual(doc["message"], doc2["message"])
        long_pw = ("Lantaarns in de haven van Zeebrugge bij nacht en ontij, terwijl de"
                   " meeuwen over de pier scheren")  # 97 characters
        status, doc, _ = activate(p, "password", password=long_pw)
        self.assertEqual(status, 201, doc)
        status, doc, _ = login({"identifier": p["email"], "password": long_pw})
        self.assertEqual(status, 200, doc)
        for bad in ({"identifier": 5, "password": "x"}, {"identifier": p["email"]},
                    {"identifier": p["email"], "password": "x", "totp": 123456},
                    {"identifier": "a\u0000b@example.be", "password": "x"}):
            status, doc, _ = login(bad)
            self.assertEqual(status, 400, (bad, doc))
        status, doc, _ = login({"identifier": p["email"], "password": "y" * 1000})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))


class SignIn(unittest.TestCase):
    def key(self, key_type="password"):
        p = approved()
        status, doc, _ = activate(p, key_type)
        self.assertEqual(status, 201, doc)
        return p

    def test_unknown_identifier_answers_like_a_wrong_password(self):
        p = self.key()
        answers = []
        for ident in (p["email"], "nobody-%s@example.be" % uuid.uuid4().hex[:8]):
            t = time.monotonic()
            status, hdrs, _ = dk.http("POST", "/api/v1/keys/login",
                                      json.dumps({"identifier": ident, "password": "wrong one"})
                                      .encode(), {"Content-Type": "application/json"})
            answers.append((status, hdrs.get("Content-Type"), time.monotonic() - t))
        status, body_known, _ = login({"identifier": p["email"], "password": "wrong one"})
        status2, body_unknown, _ = login({"identifier": "x-%s@example.be" % uuid.uuid4().hex[:6],
                                          "password": "wrong one"})
        self.assertEqual((status, body_known), (status2, body_unknown))
        self.assertEqual(answers[0][:2], answers[1][:2])
        # Both did the Argon2id work (tenths of a second, not milliseconds).
        self.assertGreater(min(answers[0][2], answers[1][2]), 0.05, answers)

    def test_throttled_then_locked_persisted_across_a_restart(self):
        p = self.key()
        kid = key_id_of(p)
        seen = []
        for _ in range(12):
            status, doc, _ = login({"identifier": p["email"], "password": "wrong one"})
            seen.append((status, doc.get("error")))
            if doc.get("error") == "throttled":
                break
        self.assertEqual(seen[:5], [(401, "wrong")] * 5, seen)
        self.assertEqual(seen[-1], (429, "throttled"), seen)
        # The limit of failures: the key locks; the right password says so.
        sql("UPDATE digital_keys SET failed_tries = 99, throttled_until = NULL WHERE id = :'k'",
            k=kid)
        status, doc, _ = login({"identifier": p["email"], "password": "wrong one"})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        sql("UPDATE digital_keys SET throttled_until = NULL WHERE id = :'k'", k=kid)
        status, doc, _ = login({"identifier": p["email"], "password": PASSWORD})
        self.assertEqual((status, doc["error"]), (429, "locked"), doc)
        restart_intake()
        status, doc, _ = login({"identifier": p["email"], "password": PASSWORD})
        self.assertEqual((status, doc["error"]), (429, "locked"), doc)
        self.assertTrue(json.loads(dk.dk("application", "show", p["app"]).stdout)["key"]["locked"])

    def test_email_code_expires_after_ten_minutes(self):
        p = approved()
        status, doc, _ = activate(p, "email")
        self.assertEqual(status, 200, doc)
        status, doc, _ = confirm(p, {"email_code": email_code(p, "activation_id",
                                                              p["activation_id"])})
        self.assertEqual(status, 201, doc)
        status, doc, _ = login({"identifier": p["email"], "password": PASSWORD})
        self.assertEqual((status, doc), (401, {"email_code_sent": True}))
        kid = key_id_of(p)
        code = email_code(p, "key_id", kid)
        expires = sql_value("SELECT to_char(expires_at AT TIME ZONE 'UTC',"
                            " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM key_email_codes"
                            " WHERE key_id = :'k'", k=kid)
        created = sql_value("SELECT extract(epoch FROM expires_at - created_at)::int"
                            " FROM key_email_codes WHERE key_id = :'k'", k=kid)
        self.assertEqual(created, "600")
        later = datetime.datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ") \
            + datetime.timedelta(seconds=2)
        restart_intake(later.strftime("%Y-%m-%dT%H:%M:%SZ"))
        try:
            status, doc, _ = login({"identifier": p["email"], "password": PASSWORD,
                                    "email_code": code})
            self.assertEqual((status, doc), (401, {"error": "wrong"}))
        finally:
            restart_intake()

    def test_rate_limit_per_address(self):
        # Counted before the body is read: 40 attempts whose bodies are
        # refused at once land within a second or two (a real attempt costs
        # an Argon2id hash, over a second on a loaded sanitizer build, while
        # the bucket refills one attempt every 2 s).
        ip = dk.fresh_ip()
        statuses = [call("/api/v1/keys/login", raw=b"not json", ip=ip)[0] for _ in range(40)]
        self.assertEqual(statuses[:30], [400] * 30)
        self.assertIn(429, statuses[30:])
        # A real attempt from that network is refused too, before its hash.
        status, doc, hdrs = login({"identifier": "rl@example.be", "password": "x"}, ip=ip)
        self.assertEqual((status, doc["error"]), (429, "rate_limited"))
        self.assertTrue(hdrs.get("Retry-After"))
        # Another network is not.
        status, _, _ = login({"identifier": "rl@example.be", "password": "x"}, ip=dk.fresh_ip())
        self.assertEqual(status, 401)

    def test_passkey_options_do_not_tell_who_exists(self):
        p = self.key()
        for ident in (p["email"], "nobody-%s@example.be" % uuid.uuid4().hex[:8]):
            status, doc, _ = call("/api/v1/keys/passkey/options", {"identifier": ident})
            self.assertEqual(status, 200, doc)
            pk = doc["publicKey"]
            self.assertEqual((pk["userVerification"], len(pk["allowCredentials"])),
                             ("required", 1))
            self.assertEqual(len(base64.urlsafe_b64decode(pk["challenge"] + "=")), 32)
        again = call("/api/v1/keys/passkey/options", {"identifier": ident})[1]["publicKey"]
        self.assertEqual(again["allowCredentials"], pk["allowCredentials"])
        self.assertNotEqual(again["challenge"], pk["challenge"])


if __name__ == "__main__":
    unittest.main()
