# SPDX-License-Identifier: EUPL-1.2
"""Dead letters an operator can act on (dk deadletter list|replay) on the
real stack: the list says why and where from, redacted (no address, no
code) in JSON and text, the same as the topic shows; once the cause is
fixed a replay sends the original back byte for byte (same id, key and
partition), the worker does its work exactly once however often it is
replayed or redelivered, and the replay is in the audit trail; --all-since
replays what is left; a message that still fails is a new dead letter;
unknown, malformed, future, unreplayable and topic-less cases are refused
with nothing changed."""

import json
import os
import random
import subprocess
import unittest
import uuid

from dk import (ENV, ROOT, dk, mails_to, produce_raw, sealed_message, sql, sql_value,
                wait_until)

CORPUS = ROOT / "build" / "corpus"  # make corpus


def db_now():
    """Now by the database's clock: the one dead letters are listed by."""
    return sql_value("SELECT dk_iso(now())")


def listed(*args):
    out = dk("deadletter", "list", "--json", *args).stdout
    return [json.loads(l) for l in out.splitlines() if l]


def letters_of(message_id, *args):
    return [l for l in listed(*args) if l["source"]["message_id"] == message_id]


def copies_on(topic, message_id):
    """(partition, key, payload bytes) of each copy of a message on a topic."""
    out = subprocess.run(["kcat", "-b", ENV["DK_KAFKA_BROKERS"], "-C", "-t", topic, "-e", "-q",
                          "-o", "beginning", "-f", "%p\t%k\t%s\n"], capture_output=True,
                         timeout=60, check=True).stdout
    rows = [l.split(b"\t", 2) for l in out.splitlines() if message_id.encode() in l]
    return [(int(p), k.decode(), v) for p, k, v in rows]


def replays_audited(letter_id):
    return sql("SELECT detail->>'os_user', detail->>'message_id' FROM audit_events"
               " WHERE action = 'deadletter.replayed' AND object = :'id'", id=letter_id)


def leaky_job(app):
    """A mail job the mailer refuses for good: it carries a security code.
    Returns (job, the code, the address)."""
    code = "SECRET-" + uuid.uuid4().hex[:8].upper()
    address = "leaky.%s@example.be" % uuid.uuid4().hex[:10]
    job = sealed_message("mail.requested", app, {
        "template": "request_received", "language": "en", "to": address,
        "dedupe_key": "deadletter:poison:" + app,  # test_pipeline's schema check skips it
        "vars": {"first_names": "Lea", "security_code": code, "code": code}, "poison": True})
    return job, code, address


def dead_lettered(message_id, what="dead letter", count=1):
    return wait_until(lambda: len(letters_of(message_id)) >= count and letters_of(message_id),
                      60, what)


class ListAndRefusals(unittest.TestCase):
    def test_the_list_is_redacted_and_says_why_and_where_from(self):
        since = db_now()
        app = str(uuid.uuid4())
        job, code, address = leaky_job(app)
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        # A producer that does not seal: the address travels in clear.
        clear_app = str(uuid.uuid4())
        clear_address = "clear.%s@example.be" % uuid.uuid4().hex[:10]
        clear = {"id": str(uuid.uuid4()), "type": "application.submitted", "version": 1,
                 "time": "2026-12-02T10:00:00Z", "application_id": clear_app,
                 "data": {"email": clear_address, "last_name": "Zeta", "poison": True}}
        produce_raw("dk.applications.submitted", clear_app, json.dumps(clear).encode())
        letter = dead_lettered(job["id"])[0]
        other = dead_lettered(clear["id"])[0]

        self.assertEqual(letter["group"], "dk-mailer")
        self.assertEqual(letter["service"], "mailer")
        self.assertIn("must never travel", letter["reason"])
        self.assertEqual(letter["source"]["topic"], "dk.mail.jobs")
        self.assertEqual(letter["source"]["key"], app)
        self.assertEqual(letter["application_id"], app)
        self.assertEqual(letter["redacted"], 2)
        self.assertTrue(letter["replayable"])
        self.assertIsNone(letter["replayed_at"])
        self.assertEqual(json.loads(letter["original"])["id"], job["id"])
        self.assertEqual(other["group"], "dk-recorder")
        self.assertIn("in clear", other["reason"])
        self.assertIn("[redacted]", other["original"])

        text = dk("deadletter", "list", "--since", since).stdout
        as_json = dk("deadletter", "list", "--since", since, "--json").stdout
        for shown in (text, as_json):
            for secret in (code, address, clear_address, "Zeta"):
                self.assertNotIn(secret, shown)
        self.assertIn(letter["id"], text)
        self.assertIn("must never travel", text)
        self.assertIn("dk.mail.jobs[%d]@%d" % (letter["source"]["partition"],
                                               letter["source"]["offset"]), text)
        self.assertIn("replayable", text)

        # The topic shows what the list shows; the row keeps nothing in clear.
        row = sql("SELECT envelope, original_sealed::text FROM dead_letters WHERE id = :'id'",
                  id=letter["id"])[0]
        on_topic = json.loads(row[0])
        self.assertEqual(on_topic["id"], letter["id"])
        self.assertEqual(on_topic["data"]["original"], letter["original"])
        for secret in (code, address):
            self.assertNotIn(secret, row[0] + row[1])

        # Filters: the group, the time (a span back, an instant).
        self.assertEqual(letters_of(job["id"], "--group", "dk-recorder"), [])
        self.assertEqual(len(letters_of(job["id"], "--group", "dk-mailer")), 1)
        self.assertEqual(len(letters_of(job["id"], "--since", "1h")), 1)
        self.assertEqual(len(letters_of(job["id"], "--since", "2026-01-01T00:00:00Z")), 1)
        self.assertEqual(len(listed("--limit", "1")), 1)

    def test_hostile_arguments_are_refused_and_change_nothing(self):
        before = sql("SELECT (SELECT count(*) FROM audit_events WHERE action ="
                     " 'deadletter.replayed'), (SELECT count(*) FROM dead_letters"
                     " WHERE replayed_at IS NOT NULL)")
        future = sql_value("SELECT dk_iso(now() + interval '1 day')")
        cases = [
            (["list", "--since", "yesterday"], 2, "neither an instant"),
            (["list", "--since", "0m"], 2, "neither an instant"),
            (["list", "--since", "99999d"], 2, "neither an instant"),
            (["list", "--since", future], 2, "later than now"),
            (["list", "--limit", "0"], 2, "--limit"),
            (["list", "--limit", "1e9"], 2, "--limit"),
            (["list", "--frobnicate"], 2, "usage"),
            (["replay"], 2, "usage"),
            (["replay", "not-a-uuid"], 2, "not a dead letter id"),
            (["replay", "'; DROP TABLE dead_letters; --"], 2, "not a dead letter id"),
            (["replay", "x" * 5000], 2, "not a dead letter id"),
            (["replay", ""], 2, "not a dead letter id"),
            (["replay", str(uuid.uuid4())], 1, "no dead letter"),
            (["replay", str(uuid.uuid4()), "--all-since", "1h"], 2, "usage"),
            (["replay", str(uuid.uuid4()), str(uuid.uuid4())], 2, "usage"),
            (["replay", "--group", "dk-mailer", str(uuid.uuid4())], 2, "usage"),
            (["replay", "--all-since", future], 2, "later than now"),
            (["replay", "--all-since", "2026-02-30T00:00:00Z"], 2, "neither an instant"),
            (["replay", "--all-since"], 2, "usage"),
            (["frobnicate"], 2, "usage"),
        ]
        for args, rc, words in cases:
            with self.subTest(args=[a[:40] for a in args]):
                out = dk("deadletter", *args, check=False)
                self.assertEqual(out.returncode, rc, out.stderr)
                self.assertIn(words, out.stderr)
                self.assertNotIn("Traceback", out.stderr)
        self.assertEqual(sql_value("SELECT to_regclass('dead_letters') IS NOT NULL"), "t")
        after = sql("SELECT (SELECT count(*) FROM audit_events WHERE action ="
                    " 'deadletter.replayed'), (SELECT count(*) FROM dead_letters"
                    " WHERE replayed_at IS NOT NULL)")
        self.assertEqual(before, after)


class Replay(unittest.TestCase):
    def test_a_message_that_still_fails_is_a_new_dead_letter_and_no_letter_goes_twice(self):
        app = str(uuid.uuid4())
        job, code, address = leaky_job(app)
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        first = dead_lettered(job["id"])[0]
        out = dk("deadletter", "replay", first["id"], check=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("replayed %s" % first["id"], out.stdout)
        # The mailer takes it again (its mark was removed), refuses it again.
        letters = dead_lettered(job["id"], "the second dead letter", 2)
        self.assertEqual(len(letters), 2)
        self.assertNotEqual(letters[0]["id"], letters[1]["id"])
        done = [l for l in letters if l["id"] == first["id"]][0]
        self.assertIsNotNone(done["replayed_at"])
        self.assertEqual(done["replayed_by"], os.environ.get("USER", "unknown"))
        self.assertEqual(replays_audited(first["id"]),
                         [[os.environ.get("USER", "unknown"), job["id"]]])
        # The copy sent back is the original: bytes, key and partition.
        copies = wait_until(lambda: len(copies_on("dk.mail.jobs", job["id"])) == 2 and
                            copies_on("dk.mail.jobs", job["id"]), 30, "two copies")
        self.assertEqual(copies[0], copies[1])
        self.assertEqual(json.loads(copies[0][2]), job)
        self.assertEqual(copies[0][0], first["source"]["partition"])

        # Twice: refused, nothing sent, nothing recorded.
        again = dk("deadletter", "replay", first["id"], check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("replayed already", again.stderr)
        self.assertEqual(len(copies_on("dk.mail.jobs", job["id"])), 2)
        self.assertEqual(len(replays_audited(first["id"])), 1)
        self.assertEqual(mails_to(address), [])

    def test_an_original_that_was_no_message_cannot_be_replayed(self):
        marker = uuid.uuid4().hex
        produce_raw("dk.applications.submitted", "k-" + marker, ("not json " + marker).encode())
        letter = wait_until(lambda: [l for l in listed("--group", "dk-recorder")
                                     if marker in l["original"]], 60, "dead letter")[0]
        self.assertFalse(letter["replayable"])
        out = dk("deadletter", "replay", letter["id"], check=False)
        self.assertEqual(out.returncode, 1)
        self.assertIn("no message envelope", out.stderr)
        self.assertEqual(replays_audited(letter["id"]), [])

    def test_a_letter_whose_topic_or_partition_is_gone_is_refused_with_nothing_changed(self):
        app = str(uuid.uuid4())
        job, _, _ = leaky_job(app)
        produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        letter = dead_lettered(job["id"])[0]
        mark = "SELECT count(*) FROM consumed_messages WHERE consumer_group = 'dk-mailer'" \
               " AND message_id = :'m'"
        self.assertEqual(sql_value(mark, m=job["id"]), "1")
        # As after an upgrade that retired the topic, or shrank it.
        for column, value, words in (("source_topic", "dk.retired.jobs", "no longer one of"),
                                     ("source_partition", "99", "partition 99 is gone")):
            with self.subTest(column=column):
                sql("UPDATE dead_letters SET %s = :'v' WHERE id = :'id'" % column,
                    v=value, id=letter["id"])
                out = dk("deadletter", "replay", letter["id"], check=False)
                self.assertEqual(out.returncode, 1)
                self.assertIn(words, out.stderr)
                sql("UPDATE dead_letters SET source_topic = 'dk.mail.jobs',"
                    " source_partition = :'p' WHERE id = :'id'",
                    p=str(letter["source"]["partition"]), id=letter["id"])
        self.assertEqual(sql_value(mark, m=job["id"]), "1")
        self.assertEqual(sql_value("SELECT replayed_at IS NULL FROM dead_letters"
                                   " WHERE id = :'id'", id=letter["id"]), "t")
        self.assertEqual(replays_audited(letter["id"]), [])
        self.assertEqual(len(copies_on("dk.mail.jobs", job["id"])), 1)


# --- a cause fixed: an upload for an application not recorded yet ---

def insz_for(birth_date):
    first = birth_date[2:4] + birth_date[5:7] + birth_date[8:10] + "%03d" % random.randint(1, 997)
    return first + "%02d" % (97 - int(first) % 97)


def record_application(app):
    """The fix: the application arrives (as the intake would send it)."""
    tag = uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))
    data = {"last_name": "Deadletter" + tag, "first_names": "Dora", "birth_date": "1932-03-18",
            "birth_country": "BE", "birth_place": "Lier", "sex": "F",
            "insz": insz_for("1932-03-18"), "email": "dora.%s@example.be" % tag,
            "motivation": "Ik wil mijn pensioen online volgen.", "language": "nl",
            "preferred_slots": [{"date": "2026-12-08", "from": "09:00", "to": "10:30",
                                 "start": "2026-12-08T08:00:00Z", "end": "2026-12-08T09:30:00Z"}],
            "security_code_hash": "cd" * 32, "submitted_at": "2026-12-02T10:00:00Z"}
    produce_raw("dk.applications.submitted", app,
                json.dumps(sealed_message("application.submitted", app, data)).encode())
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app), 30,
               "application recorded")


def upload_too_early(name="good-00.jpg"):
    """An image uploaded for an application the pipeline does not know yet:
    the checker gives up on it. Returns (application id, document id, the
    upload message's id)."""
    app = str(uuid.uuid4())
    doc = json.loads(dk("document", "upload", app, str(CORPUS / name)).stdout)["document_id"]
    msg = wait_until(lambda: [m for m in copies_on("dk.documents.uploaded", doc)], 30,
                     "the upload message")[0]
    return app, doc, json.loads(msg[2])["id"]


def documents(doc):
    return sql_value("SELECT count(*) FROM documents WHERE id = :'id'", id=doc)


def checker_lag():
    topics = {t["topic"]: t for t in json.loads(dk("topics", "--json").stdout)}
    return topics["dk.documents.uploaded"]["groups"][0]["lag"]


def verdicts(doc):
    return len(copies_on("dk.documents.validated", doc))


@unittest.skipUnless((CORPUS / "labels.json").exists(), "build/corpus not generated (make corpus)")
class CauseFixedThenReplayed(unittest.TestCase):
    def test_replayed_once_fixed_and_handled_exactly_once(self):
        app, doc, msg_id = upload_too_early()
        letter = dead_lettered(msg_id)[0]
        self.assertIn("no application %s" % app, letter["reason"])
        self.assertEqual(letter["group"], "dk-docchecker")
        self.assertEqual(documents(doc), "0")
        record_application(app)  # the cause fixed
        out = dk("deadletter", "replay", letter["id"], check=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        wait_until(lambda: documents(doc) == "1", 60, "the document judged")
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'", id=doc),
                         "accepted")
        # Twice by the operator, and once more by a redelivery of the same
        # bytes: still one verdict.
        self.assertEqual(dk("deadletter", "replay", letter["id"], check=False).returncode, 1)
        partition, key, payload = copies_on("dk.documents.uploaded", msg_id)[-1]
        produce_raw("dk.documents.uploaded", key, payload)
        wait_until(lambda: len(copies_on("dk.documents.uploaded", msg_id)) == 3, 30,
                   "the redelivery")
        wait_until(lambda: verdicts(doc) >= 1, 30, "the verdict message")
        wait_until(lambda: checker_lag() == 0, 30, "the checker caught up")
        self.assertEqual(documents(doc), "1")
        self.assertEqual(verdicts(doc), 1)
        self.assertEqual(sql_value("SELECT count(*) FROM consumed_messages WHERE consumer_group"
                                   " = 'dk-docchecker' AND message_id = :'m'", m=msg_id), "1")
        self.assertEqual(len(letters_of(msg_id)), 1)
        trail = [json.loads(l) for l in dk("audit", app, "--json").stdout.splitlines()]
        replays = [e for e in trail if e["action"] == "deadletter.replayed"]
        self.assertEqual([e["object"] for e in replays], [letter["id"]])

        # Retention erases the application's personal data (the statement
        # common/booking/dk_booking_retention.c runs): its dead letters'
        # originals go with it, the sealed one and the shown one.
        sql("UPDATE applications SET last_name = NULL, first_names = NULL, birth_date = NULL,"
            " birth_country = NULL, birth_place = NULL, sex = NULL, insz = NULL, email = NULL,"
            " motivation = NULL, source_key = NULL, personal_purged_at = now()"
            " WHERE id = :'id'", id=app)
        erased = letters_of(msg_id)[0]
        self.assertFalse(erased["replayable"])
        self.assertEqual(erased["original"], "(erased with the application's personal data)")
        self.assertEqual(sql_value("SELECT count(*) FROM dead_letters WHERE application_id ="
                                   " :'id' AND original_sealed IS NOT NULL", id=app), "0")

    def test_all_since_replays_what_is_left_of_a_group_once(self):
        since = db_now()
        first = upload_too_early("good-01.jpg")
        second = upload_too_early("good-00.jpg")
        letters = [dead_lettered(m)[0] for _, _, m in (first, second)]
        for app, _, _ in (first, second):
            record_application(app)
        out = dk("deadletter", "replay", "--all-since", since, "--group", "dk-docchecker",
                 check=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("2 replayed, 0 not", out.stdout)
        for l in letters:
            self.assertIn("replayed %s" % l["id"], out.stdout)
        for _, doc, _ in (first, second):
            wait_until(lambda: documents(doc) == "1", 60, "document judged")
            # The verdict reaches its topic through the outbox, after the row.
            wait_until(lambda: verdicts(doc) >= 1, 30, "the verdict message")
        again = dk("deadletter", "replay", "--all-since", since, "--group", "dk-docchecker")
        self.assertIn("0 replayed, 0 not", again.stdout)
        for _, doc, _ in (first, second):
            self.assertEqual(verdicts(doc), 1)


if __name__ == "__main__":
    unittest.main()
