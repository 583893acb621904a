# SPDX-License-Identifier: EUPL-1.2
"""Passkeys end to end on the real stack (issue 12): an approved applicant
chooses a passkey on the activation link, a software authenticator
(soft_authenticator.py: real ES256/RS256 keys, CBOR attestation objects of
format "none", authenticator data with UP+UV and a counter) registers it,
and signs in with it through the JSON API; then every way an assertion can
be wrong is refused with 401 and counted on the key (wrong origin, wrong RP
ID hash, user verification missing, a whole assertion replayed, a counter
that does not increase, a signature of another key, a credential of another
account, a challenge of another identifier, an expired challenge); and
hostile input is a 400 that writes nothing (no key, the link not spent, no
try counted, the challenge still usable)."""

import datetime
import json
import unittest
import urllib.parse
import uuid

import dk
import test_keys as tk
from dk import sql, sql_value
from soft_authenticator import (ES256, FLAG_UP, RS256, Authenticator, b64url, cbor,
                                unb64url)


def tearDownModule():
    tk.tearDownModule()


def origin_of(p):
    """The origin the server allows: that of the activation link it mailed."""
    u = urllib.parse.urlsplit(p["activation_url"])
    return "%s://%s" % (u.scheme, u.netloc)


def options(identifier):
    status, doc, _ = tk.call("/api/v1/keys/passkey/options", {"identifier": identifier})
    assert status == 200, (status, doc)
    return doc


def refusals(event, **match):
    """Why the intake refused passkeys (its log's passkey_*_refused lines
    whose members match), oldest first."""
    out = []
    with open(dk.VAR / "log" / "intake.log", encoding="utf-8", errors="replace") as f:
        for line in f:
            if event not in line:
                continue
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            if doc.get("event") == event and all(doc.get(k) == v for k, v in match.items()):
                out.append(doc["why"])
    return out


def key_id(p):
    return sql_value("SELECT id FROM digital_keys WHERE application_id = :'a'", a=p["app"])


def passkey_login(identifier, assertion, ip=None):
    return tk.login({"identifier": identifier, "passkey": assertion}, ip=ip)


def failed_tries(p):
    return int(sql_value("SELECT failed_tries FROM digital_keys WHERE application_id = :'a'",
                         a=p["app"]))


def nothing_written(case, p):
    """The activation as the choice left it: no key, not spent, no try."""
    case.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE application_id = :'a'",
                               a=p["app"]), "0")
    case.assertEqual(sql_value("SELECT (used_at IS NULL)::text || ':' || failures"
                               " FROM activation_codes WHERE id = :'i'", i=p["activation_id"]),
                     "true:0")
    case.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                     "awaiting_activation")
    case.assertEqual(sql_value("SELECT count(*) FROM webauthn_challenges WHERE activation_id ="
                               " :'i' AND used_at IS NOT NULL", i=p["activation_id"]), "0")


def enrol(case, alg=ES256, lang="en"):
    """An approved applicant with a passkey: (application, authenticator)."""
    p = tk.approved(lang)
    status, doc, _ = tk.activate(p, "passkey", password=None)
    case.assertEqual(status, 200, doc)
    auth = Authenticator(alg)
    status, doc, _ = tk.confirm(p, {"passkey": auth.register(doc, origin_of(p))})
    case.assertEqual(status, 201, doc)
    return p, auth


class Registration(unittest.TestCase):
    def test_activation_then_sign_in_es256(self):
        p = tk.approved("nl")
        status, doc, _ = tk.activate(p, "passkey", password=None)
        self.assertEqual(status, 200, doc)
        pk = doc["publicKey"]
        host = urllib.parse.urlsplit(p["activation_url"]).hostname
        self.assertEqual(pk["rp"]["id"], host)
        self.assertEqual(len(unb64url(pk["challenge"])), 32)
        self.assertEqual(pk["authenticatorSelection"]["userVerification"], "required")
        self.assertEqual(pk["authenticatorSelection"]["residentKey"], "preferred")
        self.assertEqual([(c["type"], c["alg"]) for c in pk["pubKeyCredParams"]],
                         [("public-key", -7), ("public-key", -257)])
        self.assertEqual(pk["attestation"], "none")
        self.assertEqual(pk["user"]["name"], p["email"].lower())
        self.assertEqual(unb64url(pk["user"]["id"]), uuid.UUID(p["app"]).bytes)
        self.assertGreater(pk["timeout"], 0)
        # Chosen, not yet made: the enrolment waits without a password.
        self.assertEqual(sql_value("SELECT key_type || ':' || (password_hash IS NULL)::text"
                                   " FROM key_enrolments WHERE activation_id = :'i'",
                                   i=p["activation_id"]), "passkey:true")
        nothing_written(self, p)
        auth = Authenticator(ES256)
        status, doc, _ = tk.confirm(p, {"passkey": auth.register(doc, origin_of(p))})
        self.assertEqual((status, doc), (201, {"key_type": "passkey",
                                               "assurance_level": "substantial",
                                               "identifier": p["email"].lower()}))
        tk.KeyTypes.activated(self, p, "passkey", "substantial")
        self.assertEqual(sql_value("SELECT encode(credential_id, 'hex') || ':' || alg || ':'"
                                   " || sign_count FROM passkey_credentials c JOIN digital_keys k"
                                   " ON k.id = c.key_id WHERE k.application_id = :'a'",
                                   a=p["app"]), auth.credential_id.hex() + ":-7:0")
        self.assertEqual(sql_value("SELECT (password_hash IS NULL)::text FROM digital_keys"
                                   " WHERE application_id = :'a'", a=p["app"]), "true")
        # Sign-in: the request options, then the assertion.
        opts = options(p["email"].upper())
        self.assertEqual((opts["publicKey"]["rpId"], opts["publicKey"]["userVerification"]),
                         (host, "required"))
        self.assertEqual([unb64url(c["id"]) for c in opts["publicKey"]["allowCredentials"]],
                         [auth.credential_id])
        self.assertEqual(len(unb64url(opts["publicKey"]["challenge"])), 32)
        status, doc, _ = passkey_login(p["email"], auth.assertion(opts, origin_of(p)))
        self.assertEqual((status, doc), (200, {"key_type": "passkey",
                                               "assurance_level": "substantial"}))
        self.assertEqual(sql_value("SELECT sign_count || ':' || (last_used_at IS NOT NULL)::text"
                                   " FROM passkey_credentials c JOIN digital_keys k ON"
                                   " k.id = c.key_id WHERE k.application_id = :'a'", a=p["app"]),
                         "1:true")
        self.assertEqual(sql_value("SELECT string_agg(result || '/' || assurance_level, ',')"
                                   " FROM key_signins WHERE key_id = (SELECT id FROM digital_keys"
                                   " WHERE application_id = :'a')", a=p["app"]),
                         "ok/substantial")
        # A passkey key has no password to sign in with.
        status, doc, _ = tk.login({"identifier": p["email"], "password": tk.PASSWORD})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))

    def test_rs256_registration_and_sign_in(self):
        p, auth = enrol(self, RS256, "fr")
        self.assertEqual(sql_value("SELECT alg FROM passkey_credentials c JOIN digital_keys k ON"
                                   " k.id = c.key_id WHERE k.application_id = :'a'", a=p["app"]),
                         "-257")
        for _ in range(2):
            status, doc, _ = passkey_login(p["email"],
                                           auth.assertion(options(p["email"]), origin_of(p)))
            self.assertEqual((status, doc), (200, {"key_type": "passkey",
                                                   "assurance_level": "substantial"}))
        self.assertEqual(sql_value("SELECT sign_count FROM passkey_credentials c JOIN"
                                   " digital_keys k ON k.id = c.key_id WHERE k.application_id ="
                                   " :'a'", a=p["app"]), "2")

    def test_refused_registrations_count_on_the_link(self):
        p = tk.approved()
        auth = Authenticator(ES256)
        wrongs = [
            ("user verification missing", lambda o: auth.register(o, origin_of(p), flags=FLAG_UP)),
            ("another origin", lambda o: auth.register(o, "https://sleutel.example.be")),
            ("another RP ID", lambda o: auth.register(o, origin_of(p), rp_id="example.be")),
            ("another credential id reported",
             lambda o: dict(auth.register(o, origin_of(p)), id=b64url(b"\x01" * 16))),
        ]
        for i, (why, make) in enumerate(wrongs, 1):
            status, doc, _ = tk.activate(p, "passkey", password=None)
            self.assertEqual(status, 200, doc)
            body = {"passkey": make(doc)}
            status, doc, _ = tk.confirm(p, body)
            self.assertEqual((status, doc), (401, {"error": "wrong_code"}), why)
            self.assertEqual(sql_value("SELECT failures FROM activation_codes WHERE id = :'i'",
                                       i=p["activation_id"]), str(i), why)
            # The challenge answered is spent: the same registration again is
            # refused (and counted), whatever it carries.
            status, doc, _ = tk.confirm(p, body)
            self.assertEqual((status, doc), (401, {"error": "wrong_code"}), why)
            self.assertEqual(sql_value("SELECT failures FROM activation_codes WHERE id = :'i'",
                                       i=p["activation_id"]), str(i + 1), why)
            sql("UPDATE activation_codes SET failures = :'n', locked_until = NULL"
                " WHERE id = :'i'", n=str(i),
                i=p["activation_id"])
        self.assertEqual(sql_value("SELECT count(*) FROM digital_keys WHERE application_id = :'a'",
                                   a=p["app"]), "0")
        # A credential another key holds already cannot be registered again
        # (three tries counted so far: two left).
        sql("UPDATE activation_codes SET failures = 3 WHERE id = :'i'", i=p["activation_id"])
        other, other_auth = enrol(self)
        status, doc, _ = tk.activate(p, "passkey", password=None)
        twin = other_auth.clone()
        status, doc, _ = tk.confirm(p, {"passkey": twin.register(doc, origin_of(p))})
        self.assertEqual((status, doc), (401, {"error": "wrong_code"}))
        self.assertEqual(refusals("passkey_registration_refused", application_id=p["app"]),
                         ["user_verification", "challenge", "origin", "challenge", "rp_id",
                          "challenge", "credential_id", "challenge", "credential_taken"])
        # The right registration still works (tries left).
        status, doc, _ = tk.activate(p, "passkey", password=None)
        status, doc, _ = tk.confirm(p, {"passkey": auth.register(doc, origin_of(p))})
        self.assertEqual(status, 201, doc)

    def test_hostile_registration_writes_nothing(self):
        p = tk.approved()
        status, opts, _ = tk.activate(p, "passkey", password=None)
        self.assertEqual(status, 200, opts)
        auth = Authenticator(ES256)
        good = auth.register(opts, origin_of(p))

        def spoiled(**members):
            body = dict(good)
            for k, v in members.items():
                if v is None:
                    body.pop(k)
                else:
                    body[k] = v
            return {"passkey": body}

        cdj = unb64url(good["clientDataJSON"])
        cases = [
            ({"passkey": "a string"}, "passkey"),
            ({"passkey": ["id"]}, "passkey"),
            ({"passkey": {}}, "passkey.id"),
            (spoiled(id=None), "passkey.id"),
            (spoiled(clientDataJSON=None), "passkey.clientDataJSON"),
            (spoiled(attestationObject=None), "passkey.attestationObject"),
            (spoiled(attestationObject=""), "passkey.attestationObject"),
            (spoiled(clientDataJSON=5), "clientDataJSON"),
            (spoiled(attestationObject={"fmt": "none"}), "attestationObject"),
            (spoiled(id=True), "id"),
            # Malformed base64url: padding, the other alphabet, a length of
            # 1 modulo 4, a blank, a character of neither.
            (spoiled(attestationObject=good["attestationObject"] + "="),
             "passkey.attestationObject"),
            (spoiled(attestationObject=good["attestationObject"].replace("-", "+")
                     .replace("_", "/") + "+/"), "passkey.attestationObject"),
            (spoiled(clientDataJSON=good["clientDataJSON"] + "A"), "passkey.clientDataJSON"),
            (spoiled(id=good["id"][:10] + " " + good["id"][10:]), "passkey.id"),
            (spoiled(id="%%%%"), "passkey.id"),
            # Base64url of something that is not clientDataJSON at all.
            (spoiled(clientDataJSON=b64url(b"\xff\xfe not json")), "passkey.clientDataJSON"),
            (spoiled(clientDataJSON=b64url(b"[1,2,3]")), "passkey.clientDataJSON"),
            # CBOR that is not an attestation object, with a right clientDataJSON.
            (spoiled(attestationObject=b64url(b"\xbf\xff garbage")), "passkey"),
            (spoiled(attestationObject=b64url(cbor({"fmt": "none"}))), "passkey"),
            (spoiled(attestationObject=b64url(cbor([1, 2, 3]))), "passkey"),
            # 20 KB: over the verifier's bound of 16 KB, under the body limit.
            (spoiled(attestationObject=b64url(b"\xa3" + b"\0" * 20000)),
             "passkey.attestationObject"),
            ({"passkey": good, "totp": "123456"}, "confirmation"),
            ({"passkey": dict(good, clientDataJSON=b64url(cdj + b"x" * 5000))},
             "passkey.clientDataJSON"),
        ]
        for body, field in cases:
            status, doc, _ = tk.confirm(p, body)
            self.assertEqual(status, 400, (field, doc))
            self.assertIn(field, json.dumps(doc), doc)
            if doc.get("error") == "malformed":
                self.assertEqual(doc["field"], field, doc)
                self.assertEqual(doc["message"], field + " is missing or malformed")
        # 100 KB: beyond the intake's body limit, refused before it is read.
        status, _, _ = tk.confirm(p, spoiled(attestationObject=b64url(b"\0" * 100000)))
        self.assertEqual(status, 413)
        nothing_written(self, p)
        # The challenge of the choice is still there: the right answer to it works.
        status, doc, _ = tk.confirm(p, {"passkey": good})
        self.assertEqual((status, doc["key_type"]), (201, "passkey"), doc)


class SignIn(unittest.TestCase):
    """Two accounts with a passkey; every refusal is 401, counted on the key,
    and followed by a reset so that the throttle does not hide the next."""

    @classmethod
    def setUpClass(cls):
        case = unittest.TestCase()
        cls.a, cls.auth_a = enrol(case)
        cls.b, cls.auth_b = enrol(case)

    def refused(self, why, assertion, reason):
        """Refused with 401, counted on A's key, for reason (the log's)."""
        p = self.a
        before = failed_tries(p)
        seen = len(refusals("passkey_assertion_refused", key_id=key_id(p)))
        status, doc, _ = passkey_login(p["email"], assertion)
        self.assertEqual((status, doc), (401, {"error": "wrong"}), why)
        self.assertEqual(failed_tries(p), before + 1, why)
        whys = dk.wait_until(lambda: refusals("passkey_assertion_refused",
                                              key_id=key_id(p))[seen:], 5, "the log line")
        self.assertEqual(whys, [reason], why)
        sql("UPDATE digital_keys SET failed_tries = 0, throttled_until = NULL"
            " WHERE application_id = :'a'", a=p["app"])

    def stored_count(self, p):
        return int(sql_value("SELECT sign_count FROM passkey_credentials c JOIN digital_keys k"
                             " ON k.id = c.key_id WHERE k.application_id = :'a'", a=p["app"]))

    def signs_in(self, p, auth):
        status, doc, _ = passkey_login(p["email"], auth.assertion(options(p["email"]),
                                                                  origin_of(p)))
        self.assertEqual((status, doc), (200, {"key_type": "passkey",
                                               "assurance_level": "substantial"}))

    def test_each_wrong_assertion_is_refused(self):
        a, auth, origin = self.a, self.auth_a, origin_of(self.a)
        ident = a["email"]
        last = sql_value("SELECT coalesce(max(id), 0) FROM key_signins")
        self.refused("another origin", auth.assertion(options(ident), "https://phish.example"),
                     "origin")
        self.refused("another origin's port",
                     auth.assertion(options(ident), origin.rsplit(":", 1)[0] + ":1"), "origin")
        self.refused("another RP ID", auth.assertion(options(ident), origin, rp_id="example.be"),
                     "rp_id")
        self.refused("an RP ID hash of nothing",
                     auth.assertion(options(ident), origin, rp_id_hash=bytes(32)), "rp_id")
        self.refused("user verification missing",
                     auth.assertion(options(ident), origin, flags=FLAG_UP), "user_verification")
        self.refused("no user presence", auth.assertion(options(ident), origin, flags=0x04),
                     "user_presence")
        self.refused("a signature of another key",
                     auth.assertion(options(ident), origin,
                                    sign_key=Authenticator(ES256).key), "signature")
        self.refused("an RSA signature on an EC credential",
                     auth.assertion(options(ident), origin,
                                    sign_key=Authenticator(RS256).key), "signature")
        # B's credential (B's key, B's id) answering A's challenge, with and
        # without B's user handle.
        self.refused("a credential of another account",
                     self.auth_b.assertion(options(ident), origin), "user_handle")
        self.refused("a credential of another account, no user handle",
                     self.auth_b.assertion(options(ident), origin, user_handle=False),
                     "credential")
        # A's credential with B's user handle.
        wrong_handle = auth.assertion(options(ident), origin)
        wrong_handle["userHandle"] = b64url(uuid.UUID(self.b["app"]).bytes)
        self.refused("the user handle of another account", wrong_handle, "user_handle")
        # A challenge given to another identifier (B, then an unknown one).
        theirs = options(self.b["email"])
        self.refused("a challenge of another identifier", auth.assertion(theirs, origin),
                     "challenge")
        self.refused("a challenge of an unknown identifier",
                     auth.assertion(options("nobody-%s@example.be" % uuid.uuid4().hex[:8]),
                                    origin), "challenge")
        self.refused("a challenge the server never gave",
                     auth.assertion(options(ident), origin, challenge=b64url(bytes(32))),
                     "challenge")
        # None of it spoiled B's challenge: B signs in with it.
        status, doc, _ = passkey_login(self.b["email"], self.auth_b.assertion(theirs, origin))
        self.assertEqual(status, 200, doc)
        # And A still signs in; the counter moved only with the successes.
        self.signs_in(a, auth)
        self.assertEqual(self.stored_count(a), auth.counter)
        results = sql_value("SELECT string_agg(result, ',' ORDER BY id) FROM key_signins WHERE"
                            " key_id = (SELECT id FROM digital_keys WHERE application_id = :'a')"
                            " AND id > :'last'", a=a["app"], last=last)
        self.assertEqual(results.split(","), ["wrong"] * 14 + ["ok"], results)

    def test_replay_of_a_whole_assertion(self):
        a, auth = self.a, self.auth_a
        assertion = auth.assertion(options(a["email"]), origin_of(a))
        status, doc, _ = passkey_login(a["email"], assertion)
        self.assertEqual(status, 200, doc)
        self.refused("the same assertion again", assertion, "challenge")

    def test_a_cloned_authenticator(self):
        a, auth = self.a, self.auth_a
        twin = auth.clone()
        self.signs_in(a, auth)
        # The clone's counter is where the original's was: not above the stored one.
        self.refused("a counter that did not increase",
                     twin.assertion(options(a["email"]), origin_of(a)), "counter_regressed")
        self.refused("a counter that went back",
                     auth.assertion(options(a["email"]), origin_of(a), counter=1),
                     "counter_regressed")
        self.refused("a counter of zero", auth.assertion(options(a["email"]), origin_of(a),
                                                         counter=0), "counter_regressed")
        self.signs_in(a, auth)

    def test_an_expired_challenge(self):
        a, auth = self.a, self.auth_a
        opts = options(a["email"])
        kid = key_id(a)
        row = sql("SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                  " extract(epoch FROM expires_at - created_at)::int FROM webauthn_challenges"
                  " WHERE key_id = :'k' AND challenge = decode(:'c', 'hex')", k=kid,
                  c=tk_hex(opts["publicKey"]["challenge"]))
        self.assertEqual(row[0][1], "300")
        later = datetime.datetime.strptime(row[0][0], "%Y-%m-%dT%H:%M:%SZ") \
            + datetime.timedelta(seconds=2)
        tk.restart_intake(later.strftime("%Y-%m-%dT%H:%M:%SZ"))
        try:
            self.refused("a challenge past its 5 minutes", auth.assertion(opts, origin_of(a)),
                         "challenge")
        finally:
            tk.restart_intake()
        self.signs_in(a, auth)

    def test_hostile_sign_in_writes_nothing(self):
        a, auth = self.a, self.auth_a
        good = auth.assertion(options(a["email"]), origin_of(a))
        kid = sql_value("SELECT id FROM digital_keys WHERE application_id = :'a'", a=a["app"])
        signins = sql_value("SELECT count(*) FROM key_signins WHERE key_id = :'k'", k=kid)
        nobody = "nobody-%s@example.be" % uuid.uuid4().hex[:8]
        cases = [
            ({"passkey": "x"}, "passkey"),
            ({"passkey": {}}, "passkey.id"),
            ({"passkey": dict(good, signature=None)}, "passkey.signature"),
            ({"passkey": dict(good, signature=5)}, "signature"),
            ({"passkey": dict(good, authenticatorData=["x"])}, "authenticatorData"),
            ({"passkey": dict(good, signature=good["signature"] + "=")}, "passkey.signature"),
            ({"passkey": dict(good, signature="a")}, "passkey.signature"),
            ({"passkey": dict(good, authenticatorData=b64url(bytes(36)))},
             "passkey.authenticatorData"),
            ({"passkey": dict(good, authenticatorData=good["authenticatorData"] + "*")},
             "passkey.authenticatorData"),
            ({"passkey": dict(good, authenticatorData=b64url(bytes(5000)))},
             "passkey.authenticatorData"),
            ({"passkey": dict(good, clientDataJSON=b64url(b"challenge"))},
             "passkey.clientDataJSON"),
            ({"passkey": dict(good, userHandle="@@@@")}, "passkey.userHandle"),
            ({"passkey": dict(good, id="")}, "passkey.id"),
            ({"passkey": dict(good, signature=b64url(bytes(2000)))}, "passkey.signature"),
        ]
        for body, field in cases:
            for ident in (a["email"], nobody):
                body = {k: v for k, v in dict(body, identifier=ident).items()}
                if isinstance(body.get("passkey"), dict):
                    body["passkey"] = {k: v for k, v in body["passkey"].items()
                                       if v is not None}
                status, doc, _ = tk.login(body)
                self.assertEqual(status, 400, (field, ident, doc))
                self.assertIn(field, json.dumps(doc), doc)
        for bad in ({"passkey": good}, {"identifier": 7, "passkey": good},
                    {"identifier": a["email"], "passkey": good, "email_code": 123456}):
            status, doc, _ = tk.login(bad)
            self.assertEqual(status, 400, (bad, doc))
        self.assertEqual(failed_tries(a), 0)
        self.assertEqual(sql_value("SELECT count(*) FROM key_signins WHERE key_id = :'k'",
                                   k=kid), signins)
        # The challenge was not spent: the genuine assertion still signs in.
        status, doc, _ = passkey_login(a["email"], good)
        self.assertEqual(status, 200, doc)


def tk_hex(challenge_b64):
    return unb64url(challenge_b64).hex()


if __name__ == "__main__":
    unittest.main()
