# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/applications on the real stack: the answers an applicant's
client sees, and what lands in PostgreSQL and the Maildir."""

import json
import re
import socket
import subprocess
import tempfile
import unittest

from dk import (mail_text, mails_to, post_json, sql, sql_value, valid_application,
                wait_until, dk, fresh_ip, INTAKE)

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$")


def recorded(app_id):
    return wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'id'",
                                        id=app_id), 30, "application %s in PostgreSQL" % app_id)


class ValidRequest(unittest.TestCase):
    def test_201_row_and_mail_in_language_without_the_code(self):
        for lang, word in (("nl", "aanvraag"), ("fr", "demande"), ("en", "request")):
            with self.subTest(lang=lang):
                body = valid_application(language=lang)
                status, doc, _ = post_json(body)
                self.assertEqual(status, 201, doc)
                self.assertEqual(set(doc), {"application_id", "security_code", "status"})
                self.assertEqual(doc["status"], "submitted")
                self.assertRegex(doc["security_code"], CODE)
                # Recorded, then perhaps already planned by the scheduler.
                self.assertIn(recorded(doc["application_id"]), ("submitted", "waiting", "proposed"))
                row = sql("SELECT language, last_name, email, security_code_hash FROM applications"
                          " WHERE id = :'id'", id=doc["application_id"])[0]
                self.assertEqual(row[:3], [lang, "Peeters", body["email"]])
                self.assertNotIn(doc["security_code"], row[3])
                self.assertRegex(row[3], "^[0-9a-f]{64}$")
                self.assertEqual(sql_value("SELECT count(*) FROM application_preferred_slots"
                                           " WHERE application_id = :'id'",
                                           id=doc["application_id"]), "2")
                mails = wait_until(lambda: mails_to(body["email"]), 30, "the request-received mail")
                self.assertEqual(len(mails), 1)
                msg, raw = mails[0]
                self.assertEqual(msg["Content-Language"], lang)
                self.assertIn(word, str(msg["Subject"]).lower())
                text, html = mail_text(msg)
                self.assertIn(doc["application_id"], text)
                for part in (raw.decode("ascii", "replace"), text, html):
                    self.assertNotIn(doc["security_code"], part)
                    self.assertNotIn(doc["security_code"].replace("-", ""), part)

    def test_slot_instants_are_brussels_wall_time(self):
        status, doc, _ = post_json(valid_application())
        self.assertEqual(status, 201)
        recorded(doc["application_id"])
        # 2026-12-08 09:00 in Brussels (CET, UTC+1) is 08:00 UTC.
        self.assertEqual(sql_value("SELECT dk_iso(starts_at) FROM application_preferred_slots"
                                   " WHERE application_id = :'id' AND rank = 1",
                                   id=doc["application_id"]), "2026-12-08T08:00:00Z")

    def test_dk_application_show(self):
        status, doc, _ = post_json(valid_application(language="fr"))
        recorded(doc["application_id"])
        out = dk("application", "show", doc["application_id"]).stdout
        shown = json.loads(out)
        self.assertEqual(shown["id"], doc["application_id"])
        self.assertIn(shown["status"], ("submitted", "waiting", "proposed"))
        self.assertEqual(shown["language"], "fr")
        self.assertRegex(shown["created_at"], r"^2026-12-02T10:\d\d:\d\dZ$")
        self.assertNotIn("Peeters", out)  # personal data only with --personal
        bad = dk("application", "show", "not-a-uuid", check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("not an application id", bad.stderr)
        missing = dk("application", "show", "00000000-0000-4000-8000-000000000000", check=False)
        self.assertEqual(missing.returncode, 1)


class BadInput(unittest.TestCase):
    def test_malformed_json_is_400(self):
        for raw in (b"{", b"not json", b'{"a":1,"a":2}', b"\xff\xfe", b""):
            with self.subTest(raw=raw):
                status, doc, _ = post_json(None, raw=raw)
                self.assertEqual(status, 400)
                self.assertIn("not valid JSON", doc["error"])

    def test_wrong_content_type_is_415(self):
        from dk import http
        status, _, body = http("POST", "/api/v1/applications", b"{}", {"Content-Type": "text/plain"})
        self.assertEqual(status, 415)

    def test_missing_fields_each_named(self):
        status, doc, _ = post_json({})
        self.assertEqual(status, 422)
        fields = {e["field"] for e in doc["errors"]}
        self.assertEqual(fields, {"last_name", "first_names", "birth_date", "birth_country",
                                  "birth_place", "sex", "email", "motivation", "preferred_slots",
                                  "language", "consent"})
        for e in doc["errors"]:
            self.assertTrue(e["message"])

    def test_wrong_types_each_named(self):
        body = valid_application(last_name=42, birth_date=19850730, sex=["M"], consent="yes",
                                 preferred_slots={"date": "2026-12-08"}, language=None)
        status, doc, _ = post_json(body)
        self.assertEqual(status, 422)
        got = {e["field"]: e["code"] for e in doc["errors"]}
        for f in ("last_name", "birth_date", "sex", "consent", "preferred_slots"):
            self.assertEqual(got.get(f), "wrong_type", (f, got))
        self.assertIn("language", got)

    def test_out_of_range_values(self):
        body = valid_application(
            insz="05061300162", email="jan@@example", birth_date="2999-01-01",
            birth_country="XX", consent=False,
            preferred_slots=[{"date": "2026-12-12", "from": "09:00", "to": "10:00"},   # Saturday
                             {"date": "2026-12-21", "from": "09:00", "to": "10:00"},   # 3rd week
                             {"date": "2026-12-09", "from": "08:00", "to": "10:00"},   # before 9
                             {"date": "2026-12-09", "from": "11:00", "to": "10:00"}])  # to < from
        status, doc, _ = post_json(body)
        self.assertEqual(status, 422)
        got = {e["field"]: e["code"] for e in doc["errors"]}
        self.assertEqual(got["insz"], "invalid_insz")
        self.assertEqual(got["email"], "invalid_email")
        self.assertEqual(got["birth_date"], "out_of_range")
        self.assertEqual(got["birth_country"], "invalid_country")
        self.assertEqual(got["consent"], "consent_required")
        self.assertEqual(got["preferred_slots[0].date"], "weekend")
        self.assertEqual(got["preferred_slots[1].date"], "outside_window")
        self.assertEqual(got["preferred_slots[2].from"], "outside_office_hours")
        self.assertEqual(got["preferred_slots[3].to"], "to_before_from")

    def test_eleven_slots_refused(self):
        slots = [{"date": "2026-12-%02d" % d, "from": "09:00", "to": "10:00"}
                 for d in (7, 8, 9, 10, 11, 14, 15, 16, 17, 18)]
        slots.append({"date": "2026-12-07", "from": "13:00", "to": "14:00"})
        status, doc, _ = post_json(valid_application(preferred_slots=slots))
        self.assertEqual(status, 422)
        self.assertEqual({e["field"]: e["code"] for e in doc["errors"]}["preferred_slots"], "too_many")

    def test_messages_follow_the_language(self):
        status, doc, _ = post_json(valid_application(language="fr", email="x"))
        self.assertEqual(status, 422)
        msg = [e for e in doc["errors"] if e["field"] == "email"][0]["message"]
        status, doc_en, _ = post_json(valid_application(language="en", email="x"))
        msg_en = [e for e in doc_en["errors"] if e["field"] == "email"][0]["message"]
        self.assertNotEqual(msg, msg_en)

    def test_ten_megabyte_body_is_413_and_nothing_is_stored(self):
        before = sql_value("SELECT count(*) FROM applications")
        big = json.dumps(valid_application(motivation="x" * (10 * 1024 * 1024))).encode()
        with tempfile.NamedTemporaryFile() as f:
            f.write(big)
            f.flush()
            out = subprocess.run(
                ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                 "-H", "X-Forwarded-For: " + fresh_ip(), "--data-binary", "@" + f.name,
                 INTAKE + "/api/v1/applications"], capture_output=True, text=True, timeout=60).stdout
        body, code = out.rsplit("\n", 1)
        self.assertEqual(code, "413")
        self.assertIn("larger than", json.loads(body)["error"])
        self.assertEqual(sql_value("SELECT count(*) FROM applications"), before)

    def test_oversized_body_refused_before_it_is_sent(self):
        # Only the headers go out: the answer must come without the body.
        host, port = INTAKE.split("//")[1].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n")
            answer = s.recv(4096).decode()
        self.assertTrue(answer.startswith("HTTP/1.1 413"), answer)

    def test_invalid_requests_leave_nothing_behind(self):
        marker = "nothing-%s@example.be" % fresh_ip()
        post_json(valid_application(email=marker, consent=False))
        post_json(valid_application(email=marker, sex="Q"))
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'", e=marker), "0")
        self.assertEqual(mails_to(marker), [])


class HostileAndInternationalNames(unittest.TestCase):
    def test_injection_strings_refused_apostrophes_stored_verbatim_rendered_escaped(self):
        # Markup and SQL are not names (issue 8): refused, nothing stored.
        for field, value in (("last_name", "Robert'); DROP TABLE applications;--"),
                             ("first_names", '<script>alert("x")</script> & <b>Zoë</b>'),
                             ("birth_place", "Gent\"><img src=x>")):
            body = valid_application(**{field: value})
            status, doc, _ = post_json(body)
            self.assertEqual(status, 422, doc)
            self.assertEqual([(e["field"], e["code"]) for e in doc["errors"]],
                             [(field, "invalid_name_characters")])
            self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'",
                                       e=body["email"]), "0")
        # What names do hold, the apostrophe, is kept as typed and escaped in HTML.
        last, first = "O'Brien-D'Hondt", "Zoë"
        body = valid_application(last_name=last, first_names=first, birth_place="'s-Hertogenbosch")
        status, doc, _ = post_json(body)
        self.assertEqual(status, 201, doc)
        recorded(doc["application_id"])
        row = sql("SELECT last_name, first_names, birth_place FROM applications WHERE id = :'id'",
                  id=doc["application_id"])[0]
        self.assertEqual(row, [last, first, body["birth_place"]])
        msg, raw = wait_until(lambda: mails_to(body["email"]), 30, "mail")[0]
        text, html = mail_text(msg)
        self.assertIn(last, text)               # plain text: verbatim
        self.assertNotIn(last, html)            # HTML: escaped
        self.assertIn("O&#39;Brien-D&#39;Hondt", html)

    def test_names_round_trip_intact(self):
        for last, first in (("Muñoz-Éléonore", "José"), ("Straße", "Jürgen"),
                            ("Иванова", "Анна Сергеевна"), ("Ó Briain", "Seán")):
            with self.subTest(last=last):
                body = valid_application(last_name=last, first_names=first, birth_place="Łódź")
                status, doc, _ = post_json(body)
                self.assertEqual(status, 201, doc)
                recorded(doc["application_id"])
                row = sql("SELECT last_name, first_names, birth_place FROM applications"
                          " WHERE id = :'id'", id=doc["application_id"])[0]
                self.assertEqual(row, [last, first, "Łódź"])
                msg, _ = wait_until(lambda: mails_to(body["email"]), 30, "mail")[0]
                text, html = mail_text(msg)
                self.assertIn(first, text)
                self.assertIn(last, text)


class RateLimit(unittest.TestCase):
    def test_61st_request_in_a_minute_is_429(self):
        ip = fresh_ip()
        bad = {"consent": False}  # cheap to validate, still counted
        codes = [post_json(bad, ip=ip)[0] for _ in range(60)]
        self.assertNotIn(429, codes)
        status, doc, headers = post_json(bad, ip=ip)
        self.assertEqual(status, 429)
        self.assertIn("too many requests", doc["error"])
        self.assertGreater(int(headers["Retry-After"]), 0)
        # Another address is not affected.
        self.assertEqual(post_json(bad, ip=fresh_ip())[0], 422)


if __name__ == "__main__":
    unittest.main()
