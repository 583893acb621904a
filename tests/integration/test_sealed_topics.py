# SPDX-License-Identifier: EUPL-1.2
"""Personal data on topics travels sealed: an applicant's names, e-mail
address, birth data, INSZ and motivation appear in clear on no topic (what
a dashboard or an operator with read access sees), while the application is
recorded in full and the mail arrives; a message whose sealed part was
tampered with, moved to another application, sealed under another key, or
that carries personal fields in clear goes to the dead-letter topic with its
reason, and nothing of it is written or sent."""

import base64
import json
import random
import subprocess
import unittest
import uuid

from dk import (ENV, ROOT, mails_to, opened, post_json, produce_raw, sealed_message, sql,
                sql_value, topic_messages, valid_application, wait_until)

TOPICS = [l.split("\t")[0] for l in (ROOT / "schemas" / "topics.tsv").read_text().splitlines()
          if l and not l.startswith("#")]
BIRTH_DATE = "1931-02-17"  # no other test uses it


def insz_for(birth_date):
    """A valid INSZ (19xx birth) with a random serial."""
    first = birth_date[2:4] + birth_date[5:7] + birth_date[8:10] + "%03d" % random.randint(1, 997)
    return first + "%02d" % (97 - int(first) % 97)


def personal_values():
    # Letters only: names hold no digits (common/belgium/dk_name.c).
    tag = uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))
    return {"last_name": "Zeegers-Sealtest" + tag, "first_names": "Quirina Ottilie" + tag,
            "birth_date": BIRTH_DATE, "birth_place": "Oostmalle" + tag,
            "email": "sealed.%s@example.be" % tag, "insz": insz_for(BIRTH_DATE),
            "motivation": "Ik wil mijn pensioenfiche " + tag + " online raadplegen."}


def raw_topic(topic):
    """Every byte a reader of the topic gets: keys and values."""
    return subprocess.run(["kcat", "-b", ENV["DK_KAFKA_BROKERS"], "-C", "-t", topic, "-e", "-q",
                           "-o", "beginning", "-f", "%k\t%s\n"], capture_output=True,
                          timeout=60, check=True).stdout


def in_clear(values):
    """(topic, value) for each personal value readable on some topic, in any
    case and also as JSON escapes would write it."""
    found = []
    for topic in TOPICS:
        raw = raw_topic(topic).lower()
        for v in values:
            forms = {v.lower(), json.dumps(v)[1:-1].lower()}
            found += [(topic, v) for f in forms if f.encode() in raw]
    return found


def letters_about(app_id):
    return [l for l in topic_messages("dk.deadletter") if app_id in l["data"]["original"]]


def application_data(values, language="nl"):
    """The data of an application.submitted as the intake makes it."""
    return {"last_name": values["last_name"], "first_names": values["first_names"],
            "birth_date": values["birth_date"], "birth_country": "BE",
            "birth_place": values["birth_place"], "sex": "F", "insz": values["insz"],
            "email": values["email"], "motivation": values["motivation"], "language": language,
            "preferred_slots": [{"date": "2026-12-08", "from": "09:00", "to": "10:30",
                                 "start": "2026-12-08T08:00:00Z", "end": "2026-12-08T09:30:00Z"}],
            "security_code_hash": "ab" * 32, "submitted_at": "2026-12-02T10:00:00Z"}


def flip(b64, i=0):
    raw = bytearray(base64.b64decode(b64))
    raw[i % len(raw)] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def nothing_written(test, app_id, email):
    """No row of the application, no mail job or other message queued for
    it (its dead letter aside), no mail sent."""
    for what, query in (
            ("application", "SELECT count(*) FROM applications WHERE id::text = :'a'"),
            ("preferred slots", "SELECT count(*) FROM application_preferred_slots"
                                " WHERE application_id::text = :'a'"),
            ("mail rows", "SELECT count(*) FROM mails WHERE application_id::text = :'a'"),
            ("queued messages", "SELECT count(*) FROM outbox WHERE msg_key = :'a'"
                                " AND topic <> 'dk.deadletter'")):
        test.assertEqual(sql_value(query, a=app_id), "0", "%s of %s" % (what, app_id))
    test.assertEqual(mails_to(email), [])


class SealedOnEveryTopic(unittest.TestCase):
    def test_personal_data_is_on_no_topic_in_clear_and_the_pipeline_still_works(self):
        values = personal_values()
        body = valid_application(**values, language="fr", birth_country="MA", sex="X")
        status, doc, _ = post_json(body)
        self.assertEqual(status, 201, doc)
        app = doc["application_id"]
        # Recorded in full in PostgreSQL, the system of record.
        row = wait_until(lambda: sql(
            "SELECT last_name, first_names, birth_date, birth_country, birth_place, sex, insz,"
            " email, motivation, language FROM applications WHERE id = :'id'", id=app), 30,
            "application recorded")[0]
        self.assertEqual(row, [values["last_name"], values["first_names"], BIRTH_DATE, "MA",
                               values["birth_place"], "X", values["insz"], values["email"],
                               values["motivation"], "fr"])
        # The mail arrives, addressed and greeting by name.
        msg, _ = wait_until(lambda: mails_to(values["email"]), 30, "request-received mail")[0]
        self.assertIn(values["first_names"], msg.get_body(preferencelist=("plain",)).get_content())

        # Nothing personal in clear on any topic, keys included.
        self.assertEqual(in_clear(list(values.values())), [])
        # The topics carry the application and its mail job, sealed.
        submitted = [m for m in topic_messages("dk.applications.submitted")
                     if m.get("application_id") == app]
        jobs = [m for m in topic_messages("dk.mail.jobs") if m.get("application_id") == app]
        self.assertEqual(len(submitted), 1)
        self.assertGreaterEqual(len(jobs), 1)
        self.assertEqual(submitted[0]["version"], 2)
        clear = submitted[0]["data"]
        # In clear: no personal field; the source key is a keyed hash of the
        # client's network, never the address.
        self.assertEqual(sorted(clear), ["language", "personal", "preferred_slots",
                                         "security_code_hash", "source_key", "submitted_at"])
        self.assertRegex(clear["source_key"], "^[0-9a-f]{64}$")
        self.assertEqual((clear["language"], clear["preferred_slots"][0]["date"]),
                         ("fr", "2026-12-08"))
        self.assertEqual(clear["personal"]["alg"], "A256GCM")
        self.assertEqual(opened(submitted[0])["data"]["email"], values["email"])
        self.assertEqual(opened(jobs[0])["data"]["to"], values["email"])
        self.assertEqual(jobs[0]["data"]["dedupe_key"], "request_received:" + app)



class SealedPartsThatDoNotOpen(unittest.TestCase):
    def test_a_message_sealed_by_another_producer_opens(self):
        """The control for the refusals below: the same way of sealing,
        untampered, is recorded and mailed like an intake's message."""
        values = personal_values()
        app = str(uuid.uuid4())
        produce_raw("dk.applications.submitted", app, json.dumps(
            sealed_message("application.submitted", app, application_data(values))).encode())
        wait_until(lambda: sql_value("SELECT email FROM applications WHERE id = :'id'", id=app)
                   == values["email"], 30, "application recorded")
        self.assertEqual(sql_value("SELECT insz FROM applications WHERE id = :'id'", id=app),
                         values["insz"])
        wait_until(lambda: mails_to(values["email"]), 30, "mail")

    def test_tampered_moved_foreign_or_clear_personal_data_is_dead_lettered(self):
        cases = []  # (message, words expected in the reason, whether it was sealed)
        for kind in ("ct", "tag", "iv"):
            values = personal_values()
            app = str(uuid.uuid4())
            msg = sealed_message("application.submitted", app, application_data(values))
            msg["data"]["personal"][kind] = flip(msg["data"]["personal"][kind], 3)
            cases.append((msg, values, "does not authenticate", True))
        # A genuine sealed part moved to another application id.
        values = personal_values()
        msg = sealed_message("application.submitted", str(uuid.uuid4()), application_data(values))
        msg["application_id"] = str(uuid.uuid4())
        cases.append((msg, values, "does not authenticate", True))
        # Sealed under a key the stack does not have.
        values = personal_values()
        app = str(uuid.uuid4())
        cases.append((sealed_message("application.submitted", app, application_data(values),
                                     secret="not-the-stack-key"), values, "unknown key", True))
        # A malformed sealed part.
        values = personal_values()
        app = str(uuid.uuid4())
        msg = sealed_message("application.submitted", app, application_data(values))
        msg["data"]["personal"]["iv"] = "short"
        cases.append((msg, values, "malformed sealed object", True))
        # The old way: personal fields in clear (a producer that does not seal).
        values = personal_values()
        app = str(uuid.uuid4())
        msg = {"id": str(uuid.uuid4()), "type": "application.submitted", "version": 1,
               "time": "2026-12-02T10:00:00Z", "application_id": app,
               "data": application_data(values)}
        cases.append((msg, values, "travels in clear", False))

        for msg, values, words, sealed in cases:
            msg["data"]["poison"] = True  # not a schema-valid message, on purpose
            produce_raw("dk.applications.submitted", msg["application_id"],
                        json.dumps(msg).encode())
        for msg, values, words, sealed in cases:
            with self.subTest(words=words, app=msg["application_id"]):
                letter = wait_until(lambda: letters_about(msg["application_id"]), 30,
                                    "dead letter")[0]
                self.assertIn(words, letter["data"]["reason"])
                self.assertIn("personal", letter["data"]["reason"])
                self.assertEqual(letter["data"]["group"], "dk-recorder")
                self.assertEqual(json.loads(letter["data"]["original"])["id"], msg["id"])
                if sealed:  # a dead letter keeps sealed what was sealed
                    self.assertNotIn(values["email"], json.dumps(letter))
                    self.assertNotIn(values["last_name"], json.dumps(letter))
                nothing_written(self, msg["application_id"], values["email"])

    def test_a_tampered_mail_job_sends_nothing(self):
        values = personal_values()
        app = str(uuid.uuid4())
        key = "request_received:" + app
        job = sealed_message("mail.requested", app, {
            "template": "request_received", "language": "en", "to": values["email"],
            "dedupe_key": key, "vars": {"first_names": values["first_names"],
                                        "last_name": values["last_name"], "application_id": app,
                                        "preferred_slots": [{"date": "2026-12-08", "from": "09:00",
                                                             "to": "10:30"}]}})
        job["data"]["personal"]["tag"] = flip(job["data"]["personal"]["tag"])
        job["data"]["poison"] = True
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        letter = wait_until(lambda: letters_about(app), 30, "dead letter")[0]
        self.assertEqual(letter["data"]["group"], "dk-mailer")
        self.assertIn("does not authenticate", letter["data"]["reason"])
        self.assertNotIn(values["email"], json.dumps(letter))
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE dedupe_key = :'k'", k=key), "0")
        self.assertEqual(mails_to(values["email"]), [])
        # The same job untampered is sent: the refusal was the tag's.
        job = sealed_message("mail.requested", app, {
            "template": "request_received", "language": "en", "to": values["email"],
            "dedupe_key": key, "vars": {"first_names": values["first_names"],
                                        "last_name": values["last_name"], "application_id": app,
                                        "preferred_slots": [{"date": "2026-12-08", "from": "09:00",
                                                             "to": "10:30"}]}})
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        msg, _ = wait_until(lambda: mails_to(values["email"]), 30, "mail")[0]
        self.assertIn(values["first_names"], msg.get_body(preferencelist=("plain",)).get_content())


if __name__ == "__main__":
    unittest.main()
