# SPDX-License-Identifier: EUPL-1.2
"""The document check on the real stack: an image stored encrypted and
announced on dk.documents.uploaded is judged by dk-docchecker; the verdict
lands in PostgreSQL and on dk.documents.validated; a rejection mails the
applicant what to fix, in their language; hostile files are refused without
harm; a message whose image cannot be read goes to the dead-letter topic."""

import json
import os
import pathlib
import subprocess
import time
import unittest
import uuid

from dk import (ENV, ROOT, accepted_photo, dk, mail_text, mails_to, post_json,
                produce_raw, sql, sql_value, topic_messages, valid_application, wait_until)

CORPUS = ROOT / "build" / "corpus"  # tests/corpus/generate.py (make corpus)


def application(lang="en"):
    body = valid_application(language=lang)
    status, doc, _ = post_json(body)
    assert status == 201, doc
    app_id = doc["application_id"]
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
               "application recorded")
    return app_id, body["email"]


def upload(app_id, name, kind="passport", side="front"):
    env = dict(os.environ)
    env.update(ENV)
    out = subprocess.run([str(ROOT / os.environ.get("DK_BUILD", "build") / "bin" / "dk"),
                          "document", "upload", app_id, str(CORPUS / name), "--kind", kind,
                          "--side", side], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)["document_id"]


def judged(doc_id):
    rows = wait_until(lambda: sql("SELECT status, array_to_string(reasons, ',') FROM documents"
                                  " WHERE id = :'id'", id=doc_id), 60, "document %s judged" % doc_id)
    return rows[0][0], rows[0][1]


@unittest.skipUnless((CORPUS / "labels.json").exists(), "build/corpus not generated")
class DocumentCheck(unittest.TestCase):
    def test_good_photo_accepted_and_announced(self):
        app_id, address = application()
        doc = upload(app_id, "good-00.jpg")
        self.assertEqual(judged(doc), ("accepted", ""))
        msgs = wait_until(lambda: [m for m in topic_messages("dk.documents.validated")
                                   if m["data"]["document_id"] == doc], 30, "validated message")
        self.assertEqual(msgs[0]["data"]["verdict"], "accepted")
        self.assertEqual(msgs[0]["application_id"], app_id)
        # The image is stored encrypted: its bytes are not in the store's file.
        stored = pathlib.Path(ENV["DK_DOCUMENT_DIR"]) / ("%s.dkd" % doc)
        original = (CORPUS / "good-00.jpg").read_bytes()
        self.assertNotIn(original[100:164], stored.read_bytes())
        time.sleep(1)
        self.assertEqual(len(mails_to(address)), 1)  # only the request-received mail

    def test_blurred_photo_rejected_with_a_mail_saying_what_to_fix(self):
        for lang, words in (("nl", "wazig"), ("fr", "floue"), ("en", "blurred")):
            with self.subTest(lang=lang):
                app_id, address = application(lang)
                doc = upload(app_id, "blurred-00.jpg", kind="id_card")
                self.assertEqual(judged(doc), ("rejected", "blurred"))
                mails = wait_until(lambda: len(mails_to(address)) >= 2 and mails_to(address), 30,
                                   "rejection mail")
                rejection = [m for m, _ in mails if m["Content-Language"] == lang and
                             words in mail_text(m)[0]]
                self.assertEqual(len(rejection), 1, [str(m["Subject"]) for m, _ in mails])

    def test_hostile_files_refused_without_harm(self):
        app_id, _ = application()
        cases = {"hostile-empty.jpg": "unsupported_format", "hostile-html.jpg": "unsupported_format",
                 "hostile-js.pdf": "unsupported_format", "hostile-truncated.jpg": "corrupt",
                 "hostile-bomb-60000.jpg": "too_many_pixels", "hostile-bomb.png": "too_many_pixels",
                 "hostile-animated.gif": "unsupported_format",
                 "hostile-polyglot-zip.jpg": "unsupported_format"}
        ids = {name: upload(app_id, name) for name in cases}
        for name, reason in cases.items():
            status, reasons = judged(ids[name])
            self.assertEqual(status, "rejected", name)
            self.assertEqual(reasons.split(",")[0], reason, name)
        # The checker is still there: a good photo after them is accepted.
        self.assertEqual(judged(upload(app_id, accepted_photo(1).name))[0], "accepted")

    def test_missing_image_goes_to_the_dead_letter_topic(self):
        app_id, _ = application()
        doc = str(uuid.uuid4())
        msg = {"id": str(uuid.uuid4()), "type": "document.uploaded", "version": 1,
               "time": "2026-12-02T10:00:00Z", "application_id": app_id,
               "data": {"document_id": doc, "kind": "passport", "side": "front", "byte_size": 1,
                        "sha256": "0" * 64, "uploaded_at": "2026-12-02T10:00:00Z"}}
        produce_raw("dk.documents.uploaded", app_id, json.dumps(msg).encode())
        letter = wait_until(lambda: [l for l in topic_messages("dk.deadletter")
                                     if doc in l["data"]["original"]], 30, "dead letter")[0]
        self.assertIn("not in the store", letter["data"]["reason"])
        self.assertEqual(letter["data"]["group"], "dk-docchecker")
        self.assertEqual(sql_value("SELECT count(*) FROM documents WHERE id = :'id'", id=doc), "0")

    def test_dk_document_check_by_hand(self):
        out = dk("document", "check", "--kind", "id_card", str(CORPUS / "good-00.jpg"),
                 str(CORPUS / "dark-00.jpg")).stdout.splitlines()
        first, second = (json.loads(l) for l in out)
        self.assertEqual(first["verdict"], "accepted")
        self.assertEqual(second["reasons"][0], "too_dark")
        for key in ("file", "verdict", "reasons", "figures", "ms"):
            self.assertIn(key, first)


if __name__ == "__main__":
    unittest.main()
