# SPDX-License-Identifier: EUPL-1.2
"""The pipeline behind the intake: every message really produced matches its
schema; a poison message goes to the dead-letter topic and the worker goes
on; a redelivered message changes nothing and sends no second mail; the
mailer retries temporary SMTP failures and dead-letters permanent ones."""

import functools
import json
import time
import unittest
import uuid

import jsonschema

from dk import (ROOT, dk, mails_to, opened, post_json, produce_raw, sealed_message, sql,
                sql_value, topic_messages, valid_application, wait_until)

SCHEMAS = ROOT / "schemas" / "messages"


def load_schema(name):
    return json.loads((SCHEMAS / ("%s.json" % name)).read_text())


@functools.lru_cache(maxsize=None)
def validator(name, part=None):
    """What jsonschema.validate(msg, schema) does, with the schema read and
    checked once: the topics hold thousands of messages by now, and reading
    and checking the schema again for each took most of a minute. part: one
    of the schema's $defs, validated with the others beside it."""
    schema = load_schema(name)
    if part:
        schema = dict(schema["$defs"][part], **{"$defs": schema["$defs"]})
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def submit(**overrides):
    body = valid_application(**overrides)
    status, doc, _ = post_json(body)
    assert status == 201, (status, doc)
    app_id = doc["application_id"]
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
               "application recorded")
    return app_id, body


def dead_letters_about(text):
    return [m for m in topic_messages("dk.deadletter") if text in m["data"]["original"]]


class MessagesMatchTheirSchemas(unittest.TestCase):
    def test_every_message_on_every_topic(self):
        submit()
        produce_raw("dk.applications.submitted", "poison", b'{"poison": "schema-test"}')
        wait_until(lambda: dead_letters_about("schema-test"), 30, "a dead letter")
        topics = [l.split("\t") for l in (ROOT / "schemas" / "topics.tsv").read_text().splitlines()
                  if l and not l.startswith("#")]
        checked, sealed_types = 0, set()
        for name, _parts, _ret, _groups, types, _desc in topics:
            for msg in topic_messages(name):
                data = msg.get("data", {})
                if "poison" in msg or "poison" in data or \
                        ":poison:" in str(data.get("dedupe_key", "")):
                    continue  # produced on purpose by the tests, to be refused
                validator("envelope").validate(msg)
                self.assertIn(msg["type"], types.split(","))
                schema = validator(msg["type"]).schema
                validator(msg["type"]).validate(msg)
                # What the sealed part holds (interview.outcome has one only with free texts).
                if "personal" in schema.get("$defs", {}) and "personal" in msg["data"]:
                    inside = opened({"type": msg["type"], "application_id": msg["application_id"],
                                     "data": {"personal": msg["data"]["personal"]}})["data"]
                    validator(msg["type"], "personal").validate(inside)
                    sealed_types.add(msg["type"])
                checked += 1
        self.assertGreater(checked, 3)
        # interview.outcome is sealed too when an interview test ran before on this stack.
        self.assertLessEqual({"application.submitted", "mail.requested"}, sealed_types)
        self.assertLessEqual(sealed_types,
                             {"application.submitted", "mail.requested", "interview.outcome"})

    def test_the_security_code_is_in_no_message(self):
        status, doc, _ = post_json(valid_application())
        code = doc["security_code"]
        wait_until(lambda: sql_value("SELECT 1 FROM mails WHERE application_id = :'id'",
                                     id=doc["application_id"]), 30, "mail recorded")
        for topic in ("dk.applications.submitted", "dk.mail.jobs"):
            for m in topic_messages(topic):
                self.assertNotIn(code, json.dumps(m))
                self.assertNotIn(code.replace("-", ""), json.dumps(m))


class DeadLetters(unittest.TestCase):
    def test_poison_messages_go_to_the_dead_letter_topic_and_work_goes_on(self):
        marker = uuid.uuid4().hex
        produce_raw("dk.applications.submitted", "k1", ("not json " + marker).encode())
        bad_shape = {"id": str(uuid.uuid4()), "type": "application.submitted", "version": 1,
                     "time": "2026-12-02T10:00:00Z", "application_id": str(uuid.uuid4()),
                     "data": {"marker": marker, "poison": True}}
        produce_raw("dk.applications.submitted", bad_shape["application_id"],
                    json.dumps(bad_shape).encode())
        letters = wait_until(lambda: len(dead_letters_about(marker)) >= 2 and dead_letters_about(marker),
                             30, "two dead letters")
        reasons = sorted(l["data"]["reason"] for l in letters)
        self.assertTrue(any("malformed message" in r for r in reasons), reasons)
        self.assertTrue(any("does not match" in r for r in reasons), reasons)
        for l in letters:
            self.assertEqual(l["data"]["group"], "dk-recorder")
            self.assertEqual(l["data"]["source"]["topic"], "dk.applications.submitted")
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE id = :'id'",
                                   id=bad_shape["application_id"]), "0")
        # The recorder is still working.
        submit()

    def test_unknown_template_and_refused_recipient(self):
        app = str(uuid.uuid4())
        job = sealed_message("mail.requested", app, {
            "template": "no_such_template", "language": "nl", "to": "someone@example.be",
            "dedupe_key": "t:" + app, "vars": {}, "poison": True})
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        letter = wait_until(lambda: dead_letters_about("no_such_template"), 30, "dead letter")[0]
        self.assertIn("cannot render", letter["data"]["reason"])
        self.assertEqual(sql_value("SELECT status FROM mails WHERE dedupe_key = :'k'", k="t:" + app),
                         "failed")


    def test_a_refused_secret_is_not_kept_in_the_dead_letter(self):
        app = str(uuid.uuid4())
        secret = "SECRET-" + uuid.uuid4().hex[:8].upper()
        job = sealed_message("mail.requested", app, {
            "template": "request_received", "language": "en", "to": "leaky@example.be",
            "dedupe_key": "leak:" + app,
            "vars": {"first_names": "Lea", "security_code": secret, "code": secret},
            "poison": True})
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        letter = wait_until(lambda: dead_letters_about("leak:" + app), 30, "dead letter")[0]
        self.assertIn("must never travel", letter["data"]["reason"])
        self.assertEqual(letter["data"]["redacted"], 2)
        self.assertNotIn(secret, json.dumps(letter))
        kept = json.loads(letter["data"]["original"])
        self.assertEqual(kept["data"]["vars"], {"security_code": "[redacted]", "code": "[redacted]"})
        self.assertEqual(opened(kept)["data"]["vars"]["first_names"], "Lea")  # still sealed
        self.assertNotIn("leaky@example.be", json.dumps(letter))
        self.assertEqual(kept["id"], job["id"])
        self.assertEqual(mails_to("leaky@example.be"), [])
        jsonschema.validate(letter, load_schema("deadletter"))


class Redelivery(unittest.TestCase):
    def test_replayed_application_message_changes_nothing(self):
        app_id, body = submit()
        wait_until(lambda: mails_to(body["email"]), 30, "first mail")
        original = [m for m in topic_messages("dk.applications.submitted")
                    if m.get("application_id") == app_id][0]
        produce_raw("dk.applications.submitted", app_id, json.dumps(original).encode())
        # Even under a new message id, the application id is already known.
        again = dict(original, id=str(uuid.uuid4()))
        produce_raw("dk.applications.submitted", app_id, json.dumps(again).encode())
        wait_until(lambda: sql_value("SELECT count(*) FROM consumed_messages WHERE message_id = :'m'",
                                     m=again["id"]) == "1", 30, "replay consumed")
        time.sleep(1.0)  # let any (wrong) second mail arrive
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE id = :'id'", id=app_id), "1")
        self.assertEqual(sql_value("SELECT count(*) FROM application_preferred_slots"
                                   " WHERE application_id = :'id'", id=app_id), "2")
        self.assertEqual(len(mails_to(body["email"])), 1)

    def test_replayed_mail_job_sends_no_second_mail(self):
        app_id, body = submit()
        wait_until(lambda: mails_to(body["email"]), 30, "first mail")
        job = [m for m in topic_messages("dk.mail.jobs") if m.get("application_id") == app_id][0]
        produce_raw("dk.mail.jobs", app_id, json.dumps(job).encode())
        renamed = dict(job, id=str(uuid.uuid4()))  # the same job under a new message id
        produce_raw("dk.mail.jobs", app_id, json.dumps(renamed).encode())
        wait_until(lambda: sql_value("SELECT count(*) FROM consumed_messages WHERE consumer_group ="
                                     " 'dk-mailer' AND message_id = :'m'", m=renamed["id"]) == "1",
                   30, "the renamed job consumed")
        time.sleep(1.5)
        self.assertEqual(len(mails_to(body["email"])), 1)
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'",
                                   id=app_id), "1")


class MailerAgainstSmtpFailures(unittest.TestCase):
    def test_temporary_failures_are_retried(self):
        address = "tempfail2-%s@example.be" % uuid.uuid4().hex[:8]
        app_id, _ = submit(email=address, language="en")
        wait_until(lambda: mails_to(address), 30, "mail after two refusals")
        row = wait_until(lambda: sql("SELECT status, attempts FROM mails WHERE application_id = :'id'",
                                     id=app_id), 10, "mail row")[0]
        self.assertEqual(row, ["sent", "3"])
        self.assertEqual(len(mails_to(address)), 1)

    def test_permanent_failure_is_dead_lettered(self):
        address = "reject-%s@example.be" % uuid.uuid4().hex[:8]
        app_id, _ = submit(email=address)
        # The address travels sealed: the letter is found by its application.
        letter = wait_until(lambda: [l for l in dead_letters_about(app_id)
                                     if l["data"]["group"] == "dk-mailer"], 30, "dead letter")[0]
        self.assertIn("permanent SMTP failure", letter["data"]["reason"])
        self.assertNotIn(address, json.dumps(letter))
        self.assertEqual(opened(json.loads(letter["data"]["original"]))["data"]["to"], address)
        self.assertEqual(sql_value("SELECT status FROM mails WHERE application_id = :'id'", id=app_id),
                         "failed")
        shown = json.loads(dk("application", "show", app_id).stdout)
        self.assertEqual(shown["mails"][0]["status"], "failed")


class OperatorViews(unittest.TestCase):
    def test_dk_topics_shows_partitions_messages_and_lag(self):
        submit()
        out = json.loads(dk("topics", "--json").stdout)
        by_name = {t["topic"]: t for t in out}
        declared = {l.split("\t")[0] for l in (ROOT / "schemas" / "topics.tsv").read_text().splitlines()
                    if l and not l.startswith("#")}
        self.assertEqual(set(by_name), declared)
        self.assertIn("dk.applications.submitted", declared)
        apps = by_name["dk.applications.submitted"]
        self.assertEqual(apps["partitions"], 8)
        self.assertGreater(apps["messages"], 0)
        self.assertEqual(apps["groups"][0]["group"], "dk-recorder")
        wait_until(lambda: json.loads(dk("topics", "--json").stdout)[0]["groups"][0]["lag"] == 0,
                   30, "recorder lag 0")
        text = dk("topics").stdout
        self.assertIn("dk-mailer (lag", text)

    def test_migrations_are_not_applied_twice(self):
        out = dk("migrate").stdout
        self.assertIn("schema up to date", out)
        self.assertEqual(sql_value("SELECT count(*) FROM schema_migrations WHERE name = '001_init'"), "1")

    def test_dk_help_and_bad_usage(self):
        self.assertIn("application show ID", dk("help").stdout)
        bad = dk("frobnicate", check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("unknown command", bad.stderr)


if __name__ == "__main__":
    unittest.main()
