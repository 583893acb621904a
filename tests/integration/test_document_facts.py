# SPDX-License-Identifier: EUPL-1.2
"""test_document_facts.py — what an uploaded identity document says (issue 11)
on the real stack: the applicant's upload is judged, its MRZ read in the
sandboxed validator, compared with the request and with the interview's day,
the number asked of the development register; the facts are stored with the
document and shown by `dk application show` and in the interviewer's
dossier (JSON and page), and nothing personal goes on the topic. A document
reported stolen is shown reported; the register down is unavailable, never
clear; an expired document is refused at upload, the applicant told why in
their language (page, API and mail) so they can upload another; a hostile
MRZ area is found false with nothing half-written."""

import json
import os
import sys
import tempfile
import unittest

from dk import (ENV, ROOT, VAR, dk, mail_text, mails_to, post_json, sql, sql_value, stack,
                topic_messages, valid_application, wait_until)
import test_proposals as tp
from test_console import Staff, call

sys.path.insert(0, str(ROOT / "tests" / "corpus"))
import mrz_photos  # noqa: E402  (tests/corpus is not a package)

HAVE_CORPUS = (ROOT / "build" / "corpus" / "labels.json").exists()


def readable():
    """(photo, what `dk document mrz` reads) of a document still valid."""
    found = mrz_photos.readable(cache_dir=VAR)
    assert found, "no corpus photo reads a valid, unexpired MRZ"
    return found[0]


def applicant(lang="en", read=None):
    """An application (its names, birth date and sex those the MRZ reads,
    when given) with a held appointment, as tp.proposal() makes one."""
    overrides = {"language": lang}
    if read:
        overrides.update(last_name=read["surname"].title(),
                         first_names=read["given_names"].title(),
                         birth_date=read["birth_date_iso"], sex=read["sex"])
    body = valid_application(**overrides)
    status, doc, _ = post_json(body)
    assert status == 201, doc
    app_id, code = doc["application_id"], doc["security_code"]
    wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
               "application recorded")
    if tp.scheduler_runs():
        wait_until(lambda: sql_value("SELECT status <> 'submitted' FROM applications"
                                     " WHERE id = :'id'", id=app_id) == "t", 30, "scheduler")
    return tp.appoint(app_id, code, body["email"])


def upload(p, data):
    """The applicant's upload of a passport page; waits for its verdict."""
    status, doc, _ = tp.accept(p["token"], p["code"], kind="passport", front=data)
    assert status == 202, (status, doc)
    wait_until(lambda: sql_value("SELECT status FROM document_uploads WHERE id = :'id'",
                                 id=doc["upload_id"]) in ("accepted", "rejected"), 90,
               "upload decided")
    return sql_value("SELECT id FROM documents WHERE upload_id = :'id'", id=doc["upload_id"])


def shown(app, personal=False):
    out = dk("application", "show", app, *(["--personal"] if personal else []))
    return json.loads(out.stdout)["document"]["sides"][0]


def dossier(p):
    s = Staff("interviewer", p["interviewer"])
    status, d, _ = s.get("/api/v1/interviews/" + p["appointment"])
    assert status == 200, (status, d)
    return s, d["documents"]


def register(*args):
    return dk("register", *args, check=False)


def validated(doc_id):
    return wait_until(lambda: [m for m in topic_messages("dk.documents.validated")
                               if m["data"]["document_id"] == doc_id], 30, "document.validated")


@unittest.skipUnless(HAVE_CORPUS, "build/corpus not generated (make corpus)")
class DocumentFacts(unittest.TestCase):
    def test_facts_stored_compared_and_shown(self):
        photo, read = readable()
        register("remove", read["document_number"], "--state", read["issuing_state"])
        p = applicant("en", read)
        doc_id = upload(p, photo.read_bytes())
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'", id=doc_id),
                         "accepted")
        wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'id'",
                                     id=p["app"]) == "reserved", 60, "reserved")
        side = shown(p["app"])
        mrz = side["mrz"]
        self.assertTrue(mrz["found"])
        self.assertEqual((mrz["format"], mrz["issuing_state"], mrz["expiry_date"], mrz["valid"]),
                         ("TD3", read["issuing_state"], read["expiry_date"], True))
        self.assertEqual(mrz["document_type"], read["document_type"])
        self.assertTrue(all(mrz["checks"].values()), mrz["checks"])
        self.assertIsInstance(mrz["repairs"], list)
        self.assertNotIn("document_number", mrz)  # personal: only with --personal
        self.assertNotIn("surname", mrz)
        self.assertEqual(side["comparison"], {"surname": "match", "given_names": "match",
                                              "birth_date": "match", "sex": "match",
                                              "expiry": "valid"})
        self.assertIs(side["expired"], False)
        self.assertEqual(side["register"]["state"], "clear")
        self.assertIsNone(side["register"]["reason"])
        self.assertEqual(shown(p["app"], personal=True)["mrz"]["document_number"],
                         read["document_number"])
        # The register's check is recorded for the application (number hashed).
        self.assertEqual(sql_value("SELECT status FROM register_checks WHERE application_id ="
                                   " :'a'", a=p["app"]), "clear")
        # On the topic: whether an MRZ was read, never what it says.
        msg = validated(doc_id)[0]
        self.assertEqual((msg["data"]["mrz_found"], msg["data"]["expired"]), (True, False))
        text = json.dumps(msg)
        for personal in (read["document_number"], read["surname"], read["birth_date"]):
            self.assertNotIn(personal, text)
        # The dossier: the same facts, the number and names for the interviewer.
        s, docs = dossier(p)
        d = [x for x in docs if x["id"] == doc_id][0]
        self.assertEqual(d["mrz"]["document_number"], read["document_number"])
        self.assertEqual(d["mrz"]["surname"], read["surname"])
        self.assertEqual(d["comparison"]["surname"], "match")
        self.assertEqual(d["register"]["state"], "clear")
        for lang, words in (("en", ("Machine-readable zone", "valid on the day of the interview",
                                    "not reported")),
                            ("nl", ("Machineleesbare zone", "geldig op de dag van het gesprek",
                                    "niet gesignaleerd")),
                            ("fr", ("Zone de lecture automatique", "non signalé"))):
            status, _, page = call(
                "GET", "/interviews/%s?lang=%s" % (p["appointment"], lang), cookie=s.cookie)
            page = page.decode()
            self.assertEqual(status, 200, page[:1000])
            for w in words:
                self.assertIn(w, page, lang)
            self.assertIn('data-register="clear"', page)
            self.assertIn('data-field="surname" data-result="match"', page)
            self.assertIn(read["document_number"], page)

    def test_reported_document_shown_reported(self):
        photo, read = readable()
        num, state = read["document_number"], read["issuing_state"]
        add = register("add", num, "--state", state, "--reason", "stolen", "--since", "2026-11-20")
        self.assertEqual(add.returncode, 0, add.stderr)
        try:
            p = applicant("nl", read)
            doc_id = upload(p, photo.read_bytes())
        finally:
            register("remove", num, "--state", state)
        # Reported is for the interviewer to judge: the upload itself stands.
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'", id=doc_id),
                         "accepted")
        side = shown(p["app"])
        self.assertEqual(side["register"]["state"], "reported")
        self.assertEqual(side["register"]["reason"], "stolen")
        self.assertEqual(side["register"]["since"], "2026-11-20")
        wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'id'",
                                     id=p["app"]) == "reserved", 60, "reserved")
        s, docs = dossier(p)
        d = [x for x in docs if x["id"] == doc_id][0]
        self.assertEqual((d["register"]["state"], d["register"]["reason"]),
                         ("reported", "stolen"))
        status, _, page = call(
            "GET", "/interviews/%s?lang=nl" % p["appointment"], cookie=s.cookie)
        page = page.decode()
        self.assertIn('data-register="reported"', page)
        self.assertIn("GESIGNALEERD", page)
        self.assertIn("gestolen", page)
        # Retention erases the read with the image; the verdicts stay.
        sql("UPDATE documents SET purged_at = now() WHERE id = :'id'", id=doc_id)
        side = shown(p["app"], personal=True)
        self.assertTrue(side["mrz"]["erased"])
        self.assertIsNone(side["mrz"]["document_number"])
        self.assertEqual(side["register"]["state"], "reported")
        self.assertIsNone(sql_value("SELECT mrz FROM document_facts WHERE document_id = :'id'",
                                    id=doc_id) or None)
        status, _, page = call("GET", "/interviews/%s?lang=nl" % p["appointment"],
                               cookie=s.cookie)
        self.assertEqual(status, 200)
        self.assertIn("met de afbeelding gewist", page.decode())
        self.assertNotIn(num, page.decode())

    def test_register_down_is_unavailable_never_clear(self):
        photo, read = readable()
        register("remove", read["document_number"], "--state", read["issuing_state"])
        p = applicant("fr", read)
        stack("stop", "register")
        try:
            doc_id = upload(p, photo.read_bytes())
        finally:
            stack("start", "register")
        side = shown(p["app"])
        self.assertEqual(side["register"]["state"], "unavailable")
        self.assertEqual(side["register"]["reason"], "connect")
        self.assertEqual(sql("SELECT status, reason FROM register_checks WHERE application_id ="
                             " :'a'", a=p["app"]), [["unavailable", "connect"]])
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'", id=doc_id),
                         "accepted")

    def test_expired_document_refused_in_the_applicants_language(self):
        expired = mrz_photos.expired("2026-12-02", cache_dir=VAR)
        self.assertTrue(expired, "no corpus photo reads an expired document")
        for lang, words in (("fr", "Ce document est expiré"),
                            ("nl", "Dit document is verlopen")):
            p = applicant(lang)
            doc_id = upload(p, expired[0].read_bytes())
            self.assertEqual(sql("SELECT status, array_to_string(reasons, ',') FROM documents"
                                 " WHERE id = :'id'", id=doc_id), [["rejected", "expired"]])
            self.assertEqual(sql("SELECT expiry, refused_expired FROM document_facts"
                                 " WHERE document_id = :'id'", id=doc_id), [["expired", "t"]])
            wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'id'",
                                         id=p["app"]) == "document_rejected", 60, "refused")
            # The proposal (API and page) says so, and lets another be uploaded.
            status, doc, _ = tp.api("GET", p["token"], code=p["code"])
            self.assertEqual(status, 200, doc)
            self.assertEqual([x["code"] for x in doc["document"]["problems"]], ["expired"])
            self.assertIn(words, doc["document"]["problems"][0]["problem"])
            self.assertIn("accept", doc["actions"])
            # The mail, in their language.
            mail = wait_until(lambda: [m for m, _ in mails_to(p["email"])
                                       if words in mail_text(m)[0]], 60, "the mail")
            self.assertEqual(mail[0]["Content-Language"], lang)
            msg = validated(doc_id)[0]
            self.assertEqual((msg["data"]["verdict"], msg["data"]["reasons"],
                              msg["data"]["expired"]), ("rejected", ["expired"], True))
            self.assertIs(shown(p["app"])["expired"], True)
        # Another, valid document afterwards is accepted.
        photo, _ = readable()
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'",
                                   id=upload(p, photo.read_bytes())), "accepted")

    def test_hostile_mrz_area_is_found_false_nothing_half_written(self):
        data = hostile_mrz_photo()
        p = applicant("en")
        doc_id = upload(p, data)
        self.assertEqual(sql_value("SELECT status FROM documents WHERE id = :'id'", id=doc_id),
                         "accepted")
        self.assertEqual(sql("SELECT mrz_found, mrz_valid IS NULL, comparison IS NULL,"
                             " expiry IS NULL, register_status, register_check_id IS NULL"
                             " FROM document_facts WHERE document_id = :'id'", id=doc_id),
                         [["f", "t", "t", "t", "not_checked", "t"]])
        self.assertEqual(sql_value("SELECT count(*) FROM register_checks WHERE application_id ="
                                   " :'a'", a=p["app"]), "0")
        side = shown(p["app"])
        self.assertIs(side["mrz"]["found"], False)
        self.assertTrue(side["mrz"]["reason"])
        self.assertEqual(side["register"], {"state": "not_checked", "reason": "no_mrz",
                                            "since": None, "authority": None,
                                            "checked_at": None})
        self.assertIsNone(side["comparison"])
        self.assertEqual(validated(doc_id)[0]["data"]["mrz_found"], False)
        wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'id'",
                                     id=p["app"]) == "reserved", 60, "reserved")
        s, docs = dossier(p)
        status, _, page = call(
            "GET", "/interviews/%s?lang=en" % p["appointment"], cookie=s.cookie)
        self.assertIn("No machine-readable zone could be read", page.decode())
        self.assertIn('data-mrz-found="false"', page.decode())


def hostile_mrz_photo():
    """A phone photo of a passport page whose MRZ band holds hostile text
    (SQL, markup, template tags) in OCR-B, composed as the corpus's good
    photos are (tests/corpus/generate.py)."""
    from PIL import Image, ImageDraw, ImageFont
    import generate as g
    name = "passporteye-100_pass-bdr.jpg"
    im = Image.open(os.path.join(g.SPECIMENS, name)).convert("RGB")
    w, h = im.size
    draw = ImageDraw.Draw(im)
    top = int(h * 0.80)
    draw.rectangle([0, top, w, h], fill=(236, 232, 226))
    font = ImageFont.truetype(ENV.get("DK_MRZ_FONT", "/usr/share/fonts/opentype/ocr-b/OCRB.otf"),
                              int(h * 0.045))
    for i, line in enumerate(["P<'\";DROP TABLE documents;--<<%00",
                              "<script>alert(1)</script>&amp;<<<<<<",
                              "{{t:@x}}$1::uuid<<\\x00\\n\\r"]):
        draw.text((int(w * 0.04), top + int(h * 0.015) + i * int(h * 0.06)), line,
                  fill=(20, 20, 25), font=font)
    with tempfile.TemporaryDirectory() as tmp:
        im.save(os.path.join(tmp, name), quality=95)
        saved, g.SPECIMENS = g.SPECIMENS, tmp
        try:
            rng = g.seeded(777)
            scene, _, _ = g.compose(rng, name, g.PHONE_W, g.PHONE_H, 0.7)
            return g.jpeg_bytes(g.camera(rng, scene), 90)
        finally:
            g.SPECIMENS = saved


def tearDownModule():
    tp.retire_test_interviewers()


if __name__ == "__main__":
    unittest.main()
