# SPDX-License-Identifier: EUPL-1.2
"""The interview's data model on the real PostgreSQL (schemas/sql/006_interview.sql,
common/interview): the audit trail append-only for the application's own role
(privilege and trigger), one outcome per appointment (a second refused, by the
code and by the database), a correction as a new row, staff accounts through
`dk staff` with their refusals, the session code with its expiry by DK_NOW, and
the outcome's message on dk.interviews. The library's operations are driven by
build/integration/interview_driver, as the console will call them."""

import hashlib
import hmac
import json
import os
import subprocess
import unittest
import uuid

from dk import (BUILD, ENV, dk, opened, psql_connection, sql, sql_value, topic_messages,
                wait_until)
import test_proposals as tp

DRIVER = BUILD / "integration" / "interview_driver"
CODE_KEY = os.environ.get("DK_CODE_KEY") or "dev-only-insecure-secret-change-me"
NOW = "2026-12-02T10:00:00Z"  # run.sh's DK_NOW


def drive(op, now=None, **args):
    env = dict(os.environ)
    env.update(ENV)
    if now:
        env["DK_NOW"] = now
    run = subprocess.run([str(DRIVER), op, json.dumps(args)], capture_output=True, text=True,
                         env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def psql_as_dk(query):
    """(return code, stderr) of one statement run as the application's role."""
    dsn, env = psql_connection()
    run = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", dsn, "-c", query],
                         capture_output=True, text=True, env=env)
    return run.returncode, run.stderr


def interviewer():
    iid = str(uuid.uuid4())
    sql("INSERT INTO interviewers (id, name, email, languages, hours) VALUES"
        " (:'id', 'Test Interviewer', :'email', '{nl,fr,en}', 'mon-fri 09:00-17:00')",
        id=iid, email="iv-%s@example.be" % iid[:8])
    return iid


def reserved(interviewer_id, start="2026-12-02T09:30:00Z", end="2026-12-02T10:00:00Z"):
    """An application with a reserved appointment, written as the scheduler would."""
    app, appt = str(uuid.uuid4()), str(uuid.uuid4())
    sql("INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
        " birth_country, birth_place, sex, email, motivation, security_code_hash, submitted_at,"
        " source_message_id) VALUES (:'app', 'reserved', 'fr', 'Dupont', 'Marie', '1980-01-02',"
        " 'BE', 'Namur', 'F', :'email', 'impôts', repeat('0', 64), '2026-11-20T10:00:00Z',"
        " gen_random_uuid());"
        "INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at, status,"
        " match, token_hash, held_until, proposed_at, reserved_at) VALUES (:'appt', :'app',"
        " :'iv', :'start', :'end', 'reserved', 'preferred', encode(sha256(:'appt'::bytea), 'hex'),"
        " :'end', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z')",
        app=app, appt=appt, iv=interviewer_id, start=start, end=end,
        email="marie.%s@example.be" % app[:8])
    return app, appt


def staff(role="interviewer", interviewer_id=None):
    email = "staff-%s@example.be" % uuid.uuid4().hex[:10]
    args = ["staff", "add", "--name", "Staff Member", "--email", email, "--role", role]
    if interviewer_id:
        args += ["--interviewer", interviewer_id]
    out = dk(*args)
    return json.loads(out.stdout)["staff_id"]


def record_all_checks(test, who, appt, kind="be_id_card"):
    for check in ("primary_document", "not_forged", "not_stolen", "person_matches",
                  "data_matches"):
        test.assertEqual(drive("check", staff_id=who, appointment_id=appt, check=check,
                               result="yes")["rc"], 0)
    r = drive("check", staff_id=who, appointment_id=appt, check="document_valid",
              valid_until="2031-05-01")
    test.assertEqual((r["rc"], r["result"]), (0, "yes"))
    features = drive("features", staff_id=who, appointment_id=appt, kind=kind)["features"]
    for f in features:
        test.assertEqual(drive("check", staff_id=who, appointment_id=appt,
                               check="feature." + f["key"], kind=kind, result="seen")["rc"], 0)
    code_id = drive("code_issue", staff_id=who, appointment_id=appt)["code_id"]
    code = drive("code_live", appointment_id=appt)["code"]
    test.assertTrue(drive("code_verify", staff_id=who, appointment_id=appt, code=code)["verified"])
    return code_id


class AuditTrailIsAppendOnly(unittest.TestCase):
    def test_update_delete_truncate_refused_for_the_owner_role(self):
        iv = interviewer()
        app, appt = reserved(iv)
        who = staff("interviewer", iv)
        self.assertEqual(drive("audit", staff_id=who, action="dossier.view", application_id=app,
                               appointment_id=appt, address="192.0.2.7")["rc"], 0)
        n = sql_value("SELECT count(*) FROM audit_events WHERE application_id = :'a'", a=app)
        self.assertEqual(n, "1")
        # The role the pipeline connects as owns the table, and lacks the privileges.
        self.assertEqual(sql_value("SELECT tableowner FROM pg_tables WHERE tablename ="
                                   " 'audit_events'"), "dk")
        for stmt in ("UPDATE audit_events SET action = 'x.y' WHERE application_id = '%s'" % app,
                     "DELETE FROM audit_events WHERE application_id = '%s'" % app,
                     "TRUNCATE audit_events"):
            rc, err = psql_as_dk(stmt)
            self.assertNotEqual(rc, 0, stmt)
            self.assertIn("permission denied", err)
        # Should the owner grant itself the privileges back, the trigger still refuses.
        try:
            self.assertEqual(psql_as_dk("GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO dk")[0], 0)
            for stmt in ("UPDATE audit_events SET action = 'x.y' WHERE application_id = '%s'" % app,
                         "DELETE FROM audit_events WHERE application_id = '%s'" % app,
                         "TRUNCATE audit_events"):
                rc, err = psql_as_dk(stmt)
                self.assertNotEqual(rc, 0, stmt)
                self.assertIn("append-only", err)
        finally:
            psql_as_dk("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM dk")
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE application_id = :'a'"
                                   " AND action = 'dossier.view' AND host(address) = '192.0.2.7'",
                                   a=app), "1")
        # The outcomes and checks are append-only in the same way.
        for table in ("interview_outcomes", "interview_checks", "interview_feature_draws"):
            rc, err = psql_as_dk("DELETE FROM %s" % table)
            self.assertIn("permission denied", err)
        out = dk("audit", app)
        self.assertIn("dossier.view", out.stdout)
        self.assertIn("192.0.2.7", out.stdout)
        lines = [json.loads(l) for l in dk("audit", app, "--json").stdout.splitlines()]
        self.assertEqual([(l["action"], l["staff_id"], l["address"]) for l in lines],
                         [("dossier.view", who, "192.0.2.7")])
        self.assertEqual(dk("audit", "not-an-id", check=False).returncode, 2)
        self.assertEqual(dk("audit", str(uuid.uuid4()), check=False).returncode, 1)


class Outcomes(unittest.TestCase):
    def test_approval_activation_second_outcome_refused_and_correction(self):
        iv = interviewer()
        app, appt = reserved(iv)
        who = staff("interviewer", iv)
        # Another interviewer may not touch it; a disabled account neither.
        other = staff("interviewer", interviewer())
        self.assertEqual(drive("code_issue", staff_id=other, appointment_id=appt)["refusal"],
                         "not_your_interview")
        # An approval needs the checks.
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="approved")
        self.assertEqual((r["rc"], r["refusal"]), (1, "check_missing"))
        # The draw is kept: the same features on every visit, at least 3, 2 optically variable.
        f1 = drive("features", staff_id=who, appointment_id=appt, kind="be_id_card")["features"]
        f2 = drive("features", staff_id=who, appointment_id=appt, kind="be_id_card")["features"]
        self.assertEqual(f1, f2)
        self.assertGreaterEqual(len(f1), 3)
        self.assertGreaterEqual(sum(f["optically_variable"] for f in f1), 2)
        r = drive("check", staff_id=who, appointment_id=appt, check="feature.watermark",
                  kind="be_id_card", result="seen")
        self.assertEqual(r["refusal"], "feature_not_drawn")
        # An expired document is computed from the date entered and the interview's date.
        r = drive("check", staff_id=who, appointment_id=appt, check="document_valid",
                  valid_until="2026-12-01")
        self.assertEqual(r["result"], "no")
        record_all_checks(self, who, appt)
        # A failing hook rolls the whole outcome back.
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="approved", hook="fail")
        self.assertEqual(r["rc"], -1)
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes WHERE"
                                   " appointment_id = :'p'", p=appt), "0")
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="approved",
                  address="198.51.100.4")
        self.assertEqual((r["rc"], r.get("status")), (0, "awaiting_activation"), r)
        code = r["activation_code"]
        self.assertRegex(code, r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
        # Only hashes are stored: the code's under DK_ACTIVATION_KEY, the link's token derived.
        row = sql("SELECT code_hash, token_hash, expires_at FROM activation_codes"
                  " WHERE application_id = :'a'", a=app)[0]
        self.assertNotIn(code, json.dumps(row))
        self.assertTrue(row[2].startswith("2026-12-16"))  # 14 days
        token = r["activation_url"].rsplit("/activate/", 1)[1]
        self.assertEqual(row[1], hmac.new(
            (os.environ.get("DK_TOKEN_KEY") or "dev-only-insecure-secret-change-me").encode(),
            ("lookup:" + token).encode(), hashlib.sha256).hexdigest())
        show = json.loads(dk("application", "show", app).stdout)
        self.assertEqual(show["status"], "awaiting_activation")
        self.assertEqual(show["summary"], "approved, awaiting activation")
        self.assertEqual(show["outcome"]["outcome"], "approved")
        self.assertEqual(show["activation"]["state"], "awaiting")
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'p'", p=appt),
                         "completed")
        # A second outcome is refused by the code...
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="no_show")
        self.assertEqual(r["refusal"], "outcome_exists")
        # ... and by the database itself.
        with self.assertRaises(subprocess.CalledProcessError) as e:
            sql("INSERT INTO interview_outcomes (id, appointment_id, application_id, outcome,"
                " staff_id, decided_at) VALUES (gen_random_uuid(), :'p', :'a', 'no_show',"
                " :'s', now())", p=appt, a=app, s=who)
        self.assertIn("interview_outcomes_one_idx", str(e.exception))
        # Never an edit: the outcome row cannot be changed.
        first = sql_value("SELECT id FROM interview_outcomes WHERE appointment_id = :'p'", p=appt)
        rc, err = psql_as_dk("UPDATE interview_outcomes SET outcome = 'rejected' WHERE id = '%s'"
                             % first)
        self.assertNotEqual(rc, 0)
        self.assertIn("append-only", err)
        # A correction is a new row naming the first, with who and why; the code is revoked.
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="rejected",
                  corrects_id=first, reasons=["document_forged_suspected"], fraud=True,
                  motivation="La photo a été remplacée.",
                  correction_reason="Le kinégramme ne bougeait pas, vu après coup.")
        self.assertEqual((r["rc"], r.get("status")), (0, "rejected"), r)
        rows = sql("SELECT outcome, corrects_id, correction_reason IS NOT NULL FROM"
                   " interview_outcomes WHERE appointment_id = :'p' ORDER BY decided_at,"
                   " corrects_id NULLS FIRST", p=appt)
        self.assertEqual(rows, [["approved", "", "f"], ["rejected", first, "t"]])
        self.assertEqual(sql_value("SELECT count(*) FROM activation_codes WHERE"
                                   " application_id = :'a' AND revoked_at IS NULL", a=app), "0")
        # Correcting the same outcome again is refused: the chain has one end.
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="no_show",
                  corrects_id=first, correction_reason="again")
        self.assertEqual(r["refusal"], "not_current_outcome")
        actions = [l["action"] for l in
                   (json.loads(x) for x in dk("audit", app, "--json").stdout.splitlines())]
        for a in ("features.drawn", "check.recorded", "session_code.issued",
                  "session_code.verified", "outcome.recorded", "activation_code.issued",
                  "outcome.corrected"):
            self.assertIn(a, actions)
        # The messages: keyed by application, free texts sealed, never the code.
        mine = lambda: [m for m in topic_messages("dk.interviews") if m["application_id"] == app]
        msgs = wait_until(lambda: len(mine()) >= 2 and mine(), 30, "the outcome messages")
        self.assertEqual(len(msgs), 2)
        text = json.dumps(msgs)
        self.assertNotIn(code, text)
        self.assertNotIn(token, text)
        self.assertNotIn("remplacée", text)
        rejected = [m for m in msgs if m["data"]["outcome"] == "rejected"][0]
        self.assertEqual(opened(rejected)["data"]["motivation"], "La photo a été remplacée.")
        self.assertEqual(rejected["data"]["corrects_id"], first)
        self.assertTrue(rejected["data"]["fraud_suspected"])

    def test_rules_refuse_invalid_outcomes_and_no_show_closes_the_slot(self):
        iv = interviewer()
        who = staff("interviewer", iv)
        app, appt = reserved(iv)
        _, later = reserved(iv, "2026-12-03T09:00:00Z", "2026-12-03T09:30:00Z")
        self.assertEqual(drive("outcome", staff_id=who, appointment_id=later,
                               outcome="no_show")["refusal"], "too_early")
        for args, refusal in (({"outcome": "rejected", "reasons": ["person_mismatch"]},
                               "motivation_required"),
                              ({"outcome": "missing_information"}, "missing_items_required"),
                              ({"outcome": "no_show", "fraud": True}, "fraud_requires_rejection"),
                              ({"outcome": "sideways"}, "outcome_unknown")):
            r = drive("outcome", staff_id=who, appointment_id=appt, **args)
            self.assertEqual((r["rc"], r.get("refusal")), (1, refusal), args)
        self.assertEqual(sql_value("SELECT count(*) FROM interview_outcomes WHERE"
                                   " application_id = :'a'", a=app), "0")
        r = drive("outcome", staff_id=who, appointment_id=appt, outcome="no_show")
        self.assertEqual((r["rc"], r["status"]), (0, "no_show"))
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'p'", p=appt),
                         "no_show")
        self.assertEqual(drive("check", staff_id=who, appointment_id=appt, check="not_forged",
                               result="yes")["refusal"], "interview_closed")
        # The database refuses a status the interview's rules do not allow.
        with self.assertRaises(subprocess.CalledProcessError) as e:
            sql("UPDATE applications SET status = 'proposed' WHERE id = :'a'", a=app)
        self.assertIn("not allowed", str(e.exception))
        sql("UPDATE applications SET status = 'rescheduling' WHERE id = :'a'", a=app)


class SessionCodes(unittest.TestCase):
    def test_code_expires_after_ten_minutes_and_locks_after_five_wrong(self):
        iv = interviewer()
        who = staff("interviewer", iv)
        _, appt = reserved(iv)
        code_id = drive("code_issue", staff_id=who, appointment_id=appt)["code_id"]
        live = drive("code_live", appointment_id=appt)
        self.assertTrue(live["live"])
        self.assertRegex(live["code"], r"^\d{6}$")
        # Only the keyed hash is stored; the page derives the code from the id.
        stored = sql_value("SELECT code_hash FROM interview_session_codes WHERE id = :'i'",
                           i=code_id)
        self.assertNotIn(live["code"], stored)
        self.assertEqual(stored, hmac.new(CODE_KEY.encode(), ("session-code-hash:%s:%s" % (
            code_id, live["code"])).encode(), hashlib.sha256).hexdigest())
        # Ten minutes later (DK_NOW) it is over.
        self.assertFalse(drive("code_live", now="2026-12-02T10:10:00Z",
                               appointment_id=appt)["live"])
        r = drive("code_verify", now="2026-12-02T10:10:01Z", staff_id=who, appointment_id=appt,
                  code=live["code"])
        self.assertEqual(r["refusal"], "code_expired")
        self.assertTrue(drive("code_live", now="2026-12-02T10:09:59Z", appointment_id=appt)["live"])
        # A new code revokes the old; five wrong tries end it.
        drive("code_issue", staff_id=who, appointment_id=appt)
        code = drive("code_live", appointment_id=appt)["code"]
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        self.assertEqual(drive("code_verify", staff_id=who, appointment_id=appt,
                               code="12a456")["refusal"], "code_malformed")
        for _ in range(5):
            r = drive("code_verify", staff_id=who, appointment_id=appt, code=wrong)
            self.assertEqual((r["rc"], r["verified"]), (0, False))
        self.assertEqual(drive("code_verify", staff_id=who, appointment_id=appt,
                               code=code)["refusal"], "no_live_code")
        self.assertEqual(sql_value("SELECT count(*) FROM interview_session_codes WHERE"
                                   " appointment_id = :'p' AND revoked_at IS NOT NULL", p=appt), "2")

    def test_staff_session_idle_and_absolute_limits(self):
        who = staff("operator")
        self.assertEqual(drive("session_open", staff_id=who)["rc"], 1)  # not enrolled yet
        sealed = drive("totp_seal", staff_id=who, secret="JBSWY3DPEHPK3PXP")["sealed"]
        sql("UPDATE staff SET password_hash = '$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA',"
            " totp_secret_sealed = :'s'::jsonb, enrolled_at = now() WHERE id = :'id'",
            s=sealed, id=who)
        self.assertNotIn("JBSWY3DPEHPK3PXP", sql_value(
            "SELECT totp_secret_sealed::text FROM staff WHERE id = :'id'", id=who))
        s = drive("session_open", staff_id=who, now="2026-12-02T08:00:00Z")
        sid = s["session_id"]
        self.assertEqual(sql_value("SELECT count(*) FROM staff_sessions WHERE id_hash = :'h'",
                                   h=sid), "0")  # never in clear
        t = "2026-12-02T%s:00Z"
        # Used every 29 minutes it lives until 10 hours after sign-in, then no longer.
        for hhmm in ("08:29", "08:58", "09:27", "09:56", "10:25", "10:54", "11:23", "11:52",
                     "12:21", "12:50", "13:19", "13:48", "14:17", "14:46", "15:15", "15:44",
                     "16:13", "16:42", "17:11", "17:40"):
            self.assertTrue(drive("session_check", now=t % hhmm, session_id=sid)["live"], hhmm)
        self.assertFalse(drive("session_check", now=t % "18:00", session_id=sid)["live"])
        s2 = drive("session_open", staff_id=who, now="2026-12-02T08:00:00Z")["session_id"]
        self.assertFalse(drive("session_check", now=t % "08:30", session_id=s2)["live"])  # idle
        s3 = drive("session_open", staff_id=who, now="2026-12-02T08:00:00Z")["session_id"]
        dk("staff", "disable", who)
        self.assertFalse(drive("session_check", now=t % "08:01", session_id=s3)["live"])


class StaffCli(unittest.TestCase):
    def count(self):
        return int(sql_value("SELECT count(*) FROM staff"))

    def test_add_list_disable(self):
        iv = interviewer()
        out = dk("staff", "add", "--name", "Els Claes", "--email", "Els.Claes@Example.be",
                 "--role", "interviewer", "--interviewer", iv)
        doc = json.loads(out.stdout)
        self.assertEqual(list(doc), ["staff_id", "enrol_url"])
        self.assertTrue(doc["enrol_url"].startswith(ENV["DK_CONSOLE_URL"] + "/enrol/"))
        token = doc["enrol_url"].rsplit("/", 1)[1]
        row = sql("SELECT enrol_token_hash, enrol_expires_at, interviewer_id, role FROM staff"
                  " WHERE id = :'id'", id=doc["staff_id"])[0]
        self.assertEqual(row[0], hmac.new(CODE_KEY.encode(), ("staff.enrol:" + token).encode(),
                                          hashlib.sha256).hexdigest())
        self.assertTrue(row[1].startswith("2026-12-05 10:00:00"))  # 72 hours
        self.assertEqual(row[2:], [iv, "interviewer"])
        listed = [json.loads(l) for l in dk("staff", "list", "--json").stdout.splitlines()]
        mine = [s for s in listed if s["id"] == doc["staff_id"]][0]
        self.assertEqual((mine["state"], mine["role"]), ("enrolment_pending", "interviewer"))
        self.assertIn("Els Claes", dk("staff", "list").stdout)
        self.assertEqual(dk("staff", "disable", doc["staff_id"]).returncode, 0)
        again = dk("staff", "disable", doc["staff_id"], check=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("disabled already", again.stderr)
        listed = [json.loads(l) for l in dk("staff", "list", "--json").stdout.splitlines()]
        self.assertEqual([s["state"] for s in listed if s["id"] == doc["staff_id"]], ["disabled"])
        self.assertEqual(sql_value("SELECT enrol_token_hash IS NULL FROM staff WHERE id = :'id'",
                                   id=doc["staff_id"]), "t")
        # An interviewer found by e-mail address when --interviewer is left out.
        by_mail = sql_value("SELECT email FROM interviewers WHERE id = :'id'", id=interviewer())
        out = dk("staff", "add", "--name", "Jef", "--email", by_mail, "--role", "interviewer")
        self.assertEqual(out.returncode, 0)

    def test_bad_input_writes_nothing(self):
        iv = interviewer()
        taken = "taken-%s@example.be" % uuid.uuid4().hex[:8]
        dk("staff", "add", "--name", "First", "--email", taken, "--role", "admin")
        before = self.count()
        cases = [
            (["--name", "X", "--email", "x@example.be", "--role", "boss"], 2, "--role"),
            (["--name", "X", "--email", "not-an-address", "--role", "admin"], 2, "--email"),
            (["--name", "X", "--email", "x@example.be"], 2, "required"),
            (["--name", "X", "--email", "x@example.be", "--role", "admin", "--bogus", "1"], 2,
             "unexpected"),
            (["--name", "X", "--email", "x@example.be", "--role", "admin", "--role", "admin"], 2,
             "twice"),
            (["--name", "", "--email", "x@example.be", "--role", "admin"], 2, "--name"),
            (["--name", "X", "--email", taken.upper(), "--role", "operator"], 1, "exists already"),
            (["--name", "X", "--email", "y@example.be", "--role", "interviewer", "--interviewer",
              str(uuid.uuid4())], 1, "no interviewer"),
            (["--name", "X", "--email", "y@example.be", "--role", "interviewer", "--interviewer",
              "42"], 2, "UUID"),
            (["--name", "X", "--email", "y@example.be", "--role", "operator", "--interviewer",
              iv], 2, "only for --role interviewer"),
            (["--name", "X", "--email", "nobody-%s@example.be" % iv[:6], "--role",
              "interviewer"], 1, "needs --interviewer"),
        ]
        for args, code, words in cases:
            r = dk("staff", "add", *args, check=False)
            self.assertEqual(r.returncode, code, (args, r.stderr))
            self.assertIn(words, r.stderr, args)
            self.assertEqual(r.stdout, "", args)
        dk("staff", "add", "--name", "Linked", "--email", "l-%s@example.be" % iv[:8], "--role",
           "interviewer", "--interviewer", iv)
        r = dk("staff", "add", "--name", "X", "--email", "z@example.be", "--role", "interviewer",
               "--interviewer", iv, check=False)
        self.assertEqual((r.returncode, "has a staff account" in r.stderr), (1, True))
        self.assertEqual(self.count(), before + 1)
        self.assertEqual(dk("staff", "disable", "nope", check=False).returncode, 2)
        self.assertEqual(dk("staff", "disable", str(uuid.uuid4()), check=False).returncode, 1)
        self.assertEqual(dk("staff", check=False).returncode, 2)


def tearDownModule():
    tp.retire_test_interviewers()  # the files after this one expect no proposals of ours


if __name__ == "__main__":
    unittest.main()
