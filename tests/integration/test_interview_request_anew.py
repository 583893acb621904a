# SPDX-License-Identifier: EUPL-1.2
"""After "missing information" or a no-show the applicant is told to request
a new interview (the outcome mail, the link's 410 page): the request form
must then accept the same address (schemas/sql/008_outcome_liveness.sql,
DK_LIVE_WHERE), and the new request goes its normal way to a proposal. An
address whose application is still reserved is refused as before (409), and
a correction that would make the old application live again beside the new
one is refused (409 address_has_new_application), nothing written."""

import re
import unittest
import uuid

import test_proposals as tp
from dk import ENV, dk, fresh_ip, mail_text, mails_to, post_json, sql, sql_value
from dk import valid_application, wait_until
from test_abuse import token_hash
from test_interview_applicant import decide, interview
from test_interview_data import drive, record_all_checks

LINK = re.compile(re.escape(ENV["DK_INTAKE_URL"]) + r"/proposal/([A-Za-z0-9_-]{43})")
WEDNESDAY = [{"date": "2026-12-16", "from": "09:00", "to": "12:00"}]


def setUpModule():
    global INTERVIEWER
    INTERVIEWER = dk("interviewer", "add", "--name", "Anew Wednesday", "--email",
                     "anew.%s@interviews.example.be" % uuid.uuid4().hex[:10], "--languages",
                     "nl,fr,en", "--hours", "wed 09:00-12:00").stdout.strip()


def tearDownModule():
    dk("interviewer", "hours", INTERVIEWER, "sat 09:00-09:30")
    tp.retire_test_interviewers()


def request(email, lang="en"):
    return post_json(valid_application(language=lang, email=email, preferred_slots=WEDNESDAY),
                     ip=fresh_ip())[:2]


def status_of(app):
    return sql_value("SELECT status FROM applications WHERE id = :'a'", a=app)


class RequestAnew(unittest.TestCase):
    def test_after_missing_information_or_no_show_the_address_may_request_again(self):
        for outcome in ("missing_information", "no_show"):
            with self.subTest(outcome=outcome):
                p = interview("en")
                # While reserved: refused as before.
                status, doc = request(p["email"].upper())
                self.assertEqual(status, 409, doc)
                self.assertEqual(doc["errors"][0]["code"], "application_exists")
                decide(self, p, outcome)
                self.assertEqual(status_of(p["app"]), outcome)
                # Now the same address (in another spelling) is a new request.
                status, doc = request(p["email"].upper())
                self.assertEqual(status, 201, doc)
                new = doc["application_id"]
                self.assertNotEqual(new, p["app"])
                wait_until(lambda: status_of(new) == "proposed", 60, "the new proposal")
                appt = sql("SELECT id, token_hash FROM appointments WHERE application_id = :'a'"
                           " AND status = 'held'", a=new)
                self.assertEqual(len(appt), 1)
                # The proposal mail carries the new application's own link.
                msgs = wait_until(lambda: [m for m, _ in mails_to(p["email"])
                                           if any(token_hash(t) == appt[0][1] for t in
                                                  LINK.findall(mail_text(m)[0]))],
                                  40, "the proposal mail with the new link")
                self.assertEqual(len(msgs), 1)
                # The old application keeps its outcome; one live per address.
                self.assertEqual(status_of(p["app"]), outcome)
                self.assertEqual(sql_value(
                    "SELECT count(*) FROM applications a WHERE lower(a.email) = lower(:'e')"
                    " AND a.status NOT IN ('cancelled', 'expired', 'duplicate', 'rejected',"
                    " 'missing_information', 'no_show', 'activated', 'not_served')", e=p["email"]), "1")
                # A third request: the new one is live, so 409.
                status, doc = request(p["email"])
                self.assertEqual(status, 409, doc)

    def test_a_correction_cannot_make_two_live_applications(self):
        p = interview("en")
        record_all_checks(self, p["staff"], p["appointment"])
        decide(self, p, "missing_information")
        status, doc = request(p["email"])
        self.assertEqual(status, 201, doc)
        wait_until(lambda: status_of(doc["application_id"]), 30, "the new request recorded")
        current = sql_value("SELECT id FROM interview_outcomes WHERE appointment_id = :'p'",
                            p=p["appointment"])
        r = drive("outcome", staff_id=p["staff"], appointment_id=p["appointment"],
                  outcome="approved", corrects_id=current,
                  correction_reason="The document was valid after all.")
        self.assertEqual((r["rc"], r.get("refusal")), (1, "address_has_new_application"), r)
        self.assertEqual(status_of(p["app"]), "missing_information")
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes"
                                   " WHERE appointment_id = :'p'", p=p["appointment"]), "1")
        self.assertEqual(sql_value("SELECT count(*) FROM activation_codes"
                                   " WHERE application_id = :'a'", a=p["app"]), "0")


if __name__ == "__main__":
    unittest.main()
