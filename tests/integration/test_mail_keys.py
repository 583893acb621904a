# SPDX-License-Identifier: EUPL-1.2
"""The mails of the digital key on the running mailer: a key_email_code job
on dk.mail.jobs (its personal part sealed, as the producers seal it) arrives
in the Maildir with the 6-digit code that HMAC-SHA256 under DK_TOKEN_KEY of
"email-code:<id>" gives, computed here independently of the C code, grouped,
in the body and never in the subject or the mails table; a key_activated job
arrives with the sign-in link; a job with a key type that does not exist
goes to the dead-letter topic with its reason and sends nothing."""

import hashlib
import hmac
import json
import os
import unittest
import uuid

from dk import (mail_text, mails_to, produce_raw, sealed_message, sql_value, topic_messages,
                wait_until)

# The stack runs with run.sh's environment; DK_TOKEN_KEY unset = the
# embedded development default.
TOKEN_KEY = os.environ.get("DK_TOKEN_KEY") or "dev-only-insecure-secret-change-me"


def email_code(code_id):
    """store/dk_token.h dk_token_email_code, in Python."""
    mac = hmac.new(TOKEN_KEY.encode(), ("email-code:" + code_id).encode(), hashlib.sha256).digest()
    return "%06d" % (int.from_bytes(mac[:8], "big") % 1000000)


def bodies(msg):
    """(plain text with LF line ends, html) of a received mail."""
    text, html = mail_text(msg)
    return text.replace("\r\n", "\n"), html


def job(template, app, to, dedupe_key, vars_, language="nl"):
    return sealed_message("mail.requested", app, {
        "template": template, "language": language, "to": to, "dedupe_key": dedupe_key,
        "vars": vars_})


class KeyMails(unittest.TestCase):
    def test_email_code_mail_carries_the_derived_code(self):
        app, code_id = str(uuid.uuid4()), str(uuid.uuid4())
        to = "keycode.%s@example.be" % uuid.uuid4().hex[:12]
        key = "key_email_code:" + code_id
        produce_raw("dk.mail.jobs", app, json.dumps(job(
            "key_email_code", app, to, key,
            {"email_code_id": code_id, "purpose": "signin", "minutes": 10,
             "first_names": "Jan", "last_name": "Peeters"})).encode())
        msg, raw = wait_until(lambda: mails_to(to), 30, "the code mail")[0]
        code = email_code(code_id)
        grouped = code[:3] + " " + code[3:]
        text, html = bodies(msg)
        self.assertIn("\n    %s\n" % grouped, text)
        self.assertIn(">%s</p>" % grouped, html)
        subject = str(msg["Subject"])
        self.assertEqual(subject, "CSAM – Mijn digitale sleutels: beveiligingscode om aan te "
                                  "melden, 10 minuten geldig")
        self.assertNotIn(code, subject.replace(" ", ""))
        self.assertIn("Dan kent iemand anders je wachtwoord", text)
        self.assertEqual(sql_value("SELECT status FROM mails WHERE dedupe_key = :'k'", k=key),
                         "sent")
        stored = sql_value("SELECT subject || coalesce(last_error, '') FROM mails"
                           " WHERE dedupe_key = :'k'", k=key)
        self.assertNotIn(grouped, stored)
        self.assertNotIn(code, stored)
        # On the topic: the id, never the code.
        on_topic = [m for m in topic_messages("dk.mail.jobs") if m.get("application_id") == app]
        self.assertEqual(len(on_topic), 1)
        self.assertNotIn(code, json.dumps(on_topic))
        self.assertNotIn(grouped, json.dumps(on_topic))

    def test_activated_mail_and_a_refused_job(self):
        app = str(uuid.uuid4())
        to = "keyactivated.%s@example.be" % uuid.uuid4().hex[:12]
        signin = "https://sleutels.example.be/signin"
        # First the refused job: a key type that does not exist.
        bad_key = "key_activated:poison:" + app  # test_pipeline skips it
        produce_raw("dk.mail.jobs", app, json.dumps(job(
            "key_activated", app, to, bad_key,
            {"key_type": "sms", "assurance_level": "low", "signin_url": signin},
            "fr")).encode())
        letters = wait_until(
            lambda: [l for l in topic_messages("dk.deadletter")
                     if app in l["data"]["original"]], 30, "dead letter")
        self.assertIn("key_type must be", letters[0]["data"]["reason"])
        self.assertNotIn(to, json.dumps(letters))
        self.assertEqual(sql_value("SELECT status FROM mails WHERE dedupe_key = :'k'",
                                   k=bad_key), "failed")
        # Then the right one: it arrives, and it is the only mail.
        produce_raw("dk.mail.jobs", app, json.dumps(job(
            "key_activated", app, to, "key_activated:" + app,
            {"key_type": "totp", "assurance_level": "substantial", "signin_url": signin},
            "fr")).encode())
        msg, _ = wait_until(lambda: mails_to(to), 30, "the activated mail")[0]
        self.assertEqual(str(msg["Subject"]), "CSAM – Mes clés numériques : clé activée")
        text, html = bodies(msg)
        self.assertIn("Niveau de garantie : substantiel", text)
        self.assertIn("\n%s\n" % signin, text)
        self.assertIn('href="%s"' % signin, html)
        self.assertEqual(len(mails_to(to)), 1)


if __name__ == "__main__":
    unittest.main()
