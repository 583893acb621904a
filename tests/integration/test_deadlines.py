# SPDX-License-Identifier: EUPL-1.2
"""The deadlines that end or erase an application (issue 13 items 3 and 5),
on the real stack with DK_NOW, as test_timers.py moves it: the processes a
test needs are restarted on another clock and always put back on the
suite's (test_timers.restart / clock).

The 3-working-day promise: a request made on Thursday 25 March 2027 at
16:00 (Brussels, CET), the Thursday before Easter Monday, that gets no
proposal is not served on **Wednesday 31 March 2027 at 16:00 (CEST)**:
Friday 26, Tuesday 30 and Wednesday 31 are its three working days (Monday
29 is Easter Monday; the clocks changed on Sunday 28, so that is 143 real
hours). The operators' alert comes at half that working time, Tuesday 30
March at 04:00. A request proposed in time: both timers cancelled, nothing
fires.

Retention: the document images of an ended application go 30 days after
its end, its personal data 365 days after; a live application's images and
a dossier rejected with the fraud flag stay."""

import json
import pathlib
import subprocess
import time
import unittest

import test_timers as tt
from dk import BIN, ENV, ROOT, http, mail_text, mails_to, post_json, sql, sql_value, \
    topic_messages, valid_application, wait_until


def tearDownModule():
    """The interviewers added here stop taking requests: the files after
    this one see no proposal they did not ask for."""
    import test_proposals
    test_proposals.retire_test_interviewers()


DAY = 24 * 3600 * 1000
DOCS = pathlib.Path(ENV["DK_DOCUMENT_DIR"])


def stop(names):
    for name in names:
        subprocess.run([str(ROOT / "infra" / "stack.sh"), "stop", name], check=True,
                       capture_output=True, env=tt.stack_env(tt.SUITE_NOW))


def dk_cli(now, *args):
    out = subprocess.run([str(BIN / "dk"), *args], capture_output=True, text=True,
                         env=tt.stack_env(now))
    assert out.returncode == 0, (args, out.stderr)
    return out.stdout


def column_ms(column, app):
    """An instant column of an application, in milliseconds (dk_iso drops them)."""
    return int(sql_value("SELECT (extract(epoch FROM %s) * 1000)::bigint FROM applications"
                         " WHERE id = :'id'" % column, id=app))


def timers(app, kind):
    return [t for t in tt.timers_of(app) if t["kind"] == kind]


def one_timer(app, kind):
    found = timers(app, kind)
    assert len(found) == 1, tt.timers_of(app)
    return found[0]


def alerts(app, name):
    return [m for m in topic_messages("dk.alerts")
            if m["application_id"] == app and m["data"]["alert"] == name]


class Deadlines1Promise(unittest.TestCase):
    def test_promise_across_easter_2027(self):
        tt.interviewer("nl,fr,en")
        intake, scheduler = tt.replicas("intake"), tt.replicas("scheduler")
        timers_ = tt.replicas("timers")
        try:
            # Thursday 25 March 2027, 16:00 CET. B is proposed in time.
            tt.restart(intake + scheduler, "2027-03-25T15:00:00Z")
            b, _, b_addr = tt.submit("nl", "2027-03-30", "09:00", "10:00")
            tt.wait_status(b, "proposed")
            # No scheduler any more: A gets no proposal.
            stop(scheduler)
            a, _, a_addr = tt.submit("fr", "2027-03-30", "09:00", "10:00")
            wait_until(lambda: len(timers(a, "promise")) == 1, 30, "A's promise timer")
            self.check_set(a, b)
            # Tuesday 30 March, 04:00 CEST + 1 minute: the alert, not the promise.
            tt.restart(timers_, "2027-03-30T02:01:00Z")
            wait_until(lambda: alerts(a, "promise_at_risk"), 40, "the half-time alert")
            self.assertEqual(tt.status_of(a), "submitted")
            self.assertIsNone(one_timer(a, "promise")["fired"])
            # Wednesday 31 March 15:59 CEST: still nothing.
            tt.restart(timers_, "2027-03-31T13:59:00Z")
            time.sleep(3)
            self.assertEqual(tt.status_of(a), "submitted")
            self.assertEqual(tt.sent(a, "promise_missed"), 0)
            # 16:00:30 CEST: A is not served, once, in French.
            tt.restart(timers_, "2027-03-31T14:00:30Z")
            tt.wait_status(a, "not_served", timeout=40)
            wait_until(lambda: tt.sent(a, "promise_missed") == 1, 40, "the promise_missed mail")
            self.check_fired(a, a_addr, b)
        finally:
            tt.restart(intake + timers_, tt.SUITE_NOW)
            for name in scheduler:
                subprocess.run([str(ROOT / "infra" / "stack.sh"), "start", name], check=True,
                               capture_output=True, env=tt.stack_env(tt.SUITE_NOW))
        # Not live any more: the address may request again.
        body = valid_application(email=a_addr, preferred_slots=[
            {"date": "2026-12-08", "from": "09:00", "to": "10:00"}])
        status, doc, _ = post_json(body)
        self.assertEqual(status, 201, doc)
        self.assertEqual(tt.sent(b, "promise_missed"), 0)

    def check_set(self, a, b):
        submitted = column_ms("submitted_at", a)
        promise, alert = one_timer(a, "promise"), one_timer(a, "promise_alert")
        self.assertRegex(promise["due"], r"^2027-03-31T16:00:\d\d(\.\d+)?\+02:00$")
        self.assertRegex(alert["due"], r"^2027-03-30T04:00:\d\d(\.\d+)?\+02:00$")
        # 72 working hours on the wall clock; 6 days less the hour the clocks skipped.
        self.assertEqual(tt.iso_ms(promise["due"]) - submitted, 143 * 3600 * 1000)
        for kind in ("promise", "promise_alert"):
            t = one_timer(b, kind)
            self.assertEqual((t["fired"], t["result"]), (None, "proposed"), t)
            self.assertIsNotNone(t["cancelled"])

    def check_fired(self, a, a_addr, b):
        promise = one_timer(a, "promise")
        self.assertRegex(promise["fired"], r"^2027-03-31T16:00:\d\d(\.\d+)?\+02:00$")
        self.assertEqual(promise["result"], "not_served")
        self.assertEqual(one_timer(a, "promise_alert")["result"], "alerted")
        msgs = [m for m, _ in mails_to(a_addr) if "créneau" in str(m["Subject"])]
        self.assertEqual(len(msgs), 1)
        self.assertEqual(str(msgs[0]["Subject"]),
                         "Mes clés numériques : nous n'avons pas pu vous proposer de créneau")
        text = mail_text(msgs[0])[0]
        self.assertIn("Le jeudi 25 mars 2027 à 16h00 (heure belge)", text)
        self.assertIn("Nous vous invitons à introduire une nouvelle demande", text)
        self.assertIn("/?lang=fr", text)
        show = json.loads(dk_cli(tt.SUITE_NOW, "application", "show", a))
        self.assertEqual(show["status"], "not_served")
        missed = wait_until(lambda: alerts(a, "promise_missed"), 30, "the promise_missed alert")
        self.assertEqual(len(missed), 1)
        self.assertEqual(len(alerts(a, "promise_at_risk")), 1)
        self.assertNotIn(a_addr, json.dumps(missed + alerts(a, "promise_at_risk")))
        fired = wait_until(lambda: (lambda ms: len(ms) >= 2 and ms)(
            [m for m in topic_messages("dk.timers.fired") if m["application_id"] == a]), 30,
            "A's timer.fired messages")
        self.assertEqual(sorted((m["data"]["kind"], m["data"]["result"]) for m in fired),
                         [("promise", "not_served"), ("promise_alert", "alerted")])
        self.assertEqual([t["fired"] for t in timers(b, "promise") + timers(b, "promise_alert")],
                         [None, None])
        time.sleep(2)  # a second firing would have come by now
        self.assertEqual(tt.sent(a, "promise_missed"), 1)


def files_of(app):
    return [r[0] for r in sql("SELECT id FROM documents WHERE application_id = :'id'"
                              " ORDER BY id", id=app)]


def on_disk(doc):
    return (DOCS / ("%s.dkd" % doc)).exists()


def logged(app):
    return sql("SELECT rule, what, object, actor FROM retention_log"
               " WHERE application_id = :'id' ORDER BY id", id=app)


class Deadlines2Retention(unittest.TestCase):
    def test_retention_erases_what_it_should_and_nothing_else(self):
        tt.interviewer("nl")
        x = tt.reserve("nl", "2026-12-15", "09:00", "10:00")   # cancelled: retention runs
        y = tt.reserve("nl", "2026-12-15", "10:00", "11:00")   # still reserved: kept
        z = tt.reserve("nl", "2026-12-16", "09:00", "10:00")   # rejected for fraud: kept
        for app in (x[0], y[0], z[0]):
            wait_until(lambda: files_of(app), 60, "the document rows")
        tt.post(x[3], "cancel", {"security_code": x[1]})
        tt.wait_status(x[0], "cancelled")
        self.reject_for_fraud(z[0])
        ended = column_ms("ended_at", x[0])
        docs = {a: files_of(a) for a in (x[0], y[0], z[0])}
        self.assertTrue(all(on_disk(d) for ds in docs.values() for d in ds))
        # The timers the end set, in its transaction.
        self.assertEqual(sorted(tt.iso_ms(t["due"]) - ended for t in timers(x[0], "retention")),
                         [30 * DAY, 365 * DAY])
        self.assertEqual(timers(y[0], "retention"), [])
        z_end = column_ms("ended_at", z[0])
        self.assertEqual([tt.iso_ms(t["due"]) - z_end for t in timers(z[0], "retention")],
                         [1825 * DAY, 1825 * DAY])

        # 31 days on: the dry run lists X's images, erases nothing.
        later = tt.iso(ended + 31 * DAY)
        dry = [json.loads(l) for l in
               dk_cli(later, "retention", "--dry-run", "--json").splitlines()]
        mine = [d for d in dry if d["application_id"] in (x[0], y[0], z[0])]
        self.assertEqual([(d["application_id"], d["cause"], d["rule"], d["action"], d["images"])
                          for d in mine], [(x[0], "documents", "documents", "erase", 1)])
        self.assertTrue(all(on_disk(d) for ds in docs.values() for d in ds))
        self.assertEqual(logged(x[0]), [])

        # dk-timers on that clock erases X's images, and nothing of Y or Z.
        with tt.clock(later, "timers"):
            wait_until(lambda: [t for t in timers(x[0], "retention") if t["fired"]], 40,
                       "X's documents erased")
        self.assertFalse(any(on_disk(d) for d in docs[x[0]]))
        self.assertTrue(all(on_disk(d) for d in docs[y[0]] + docs[z[0]]))
        self.assertEqual(logged(x[0]), [["documents", "document_image", d, "dk-timers"]
                                        for d in docs[x[0]]])
        self.assertEqual(sql_value("SELECT count(*) FROM documents WHERE application_id = :'id'"
                                   " AND purged_at IS NOT NULL", id=x[0]), str(len(docs[x[0]])))
        # The personal data is not due yet: still there.
        self.assertEqual(sql_value("SELECT email FROM applications WHERE id = :'id'", id=x[0]),
                         x[2])

        # A year and a day on: `dk retention` erases X's personal data now.
        year = tt.iso(ended + 366 * DAY)
        out = dk_cli(year, "retention", "--application", x[0], "--json")
        self.assertEqual(json.loads(out), {"timers": 1, "images": 0, "captures": 0,
                                           "personal_data": 1})
        row = sql("SELECT last_name, first_names, birth_date, email, motivation, insz,"
                  " personal_purged_at IS NOT NULL, status, language FROM applications"
                  " WHERE id = :'id'", id=x[0])[0]
        self.assertEqual(row, ["", "", "", "", "", "", "t", "cancelled", "nl"])
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'"
                                   " AND recipient IS NOT NULL", id=x[0]), "0")
        self.assertEqual([r[:2] for r in logged(x[0])][-1], ["personal", "personal_data"])
        # A second run erases nothing more; the others are untouched.
        n = len(logged(x[0]))
        self.assertEqual(json.loads(dk_cli(year, "retention", "--application", x[0], "--json")),
                         {"timers": 0, "images": 0, "captures": 0, "personal_data": 0})
        self.assertEqual(len(logged(x[0])), n)
        self.assertTrue(all(on_disk(d) for d in docs[y[0]] + docs[z[0]]))
        for other in (y[0], z[0]):
            self.assertEqual(logged(other), [])
            self.assertNotEqual(sql_value("SELECT email FROM applications WHERE id = :'id'",
                                          id=other), "")
        dry = [json.loads(l) for l in
               dk_cli(year, "retention", "--dry-run", "--json").splitlines()]
        self.assertEqual([d for d in dry if d["application_id"] in (x[0], y[0], z[0])], [])
        status, _, _ = http("GET", "/api/v1/proposals/" + x[3],
                            headers={"X-Security-Code": x[1]})
        self.assertEqual(status, 410)

    def reject_for_fraud(self, app):
        """The outcome the console records (common/interview), written as its
        transaction writes it: a rejection with the fraud flag."""
        appt = tt.live_appointment(app)
        staff = sql_value("INSERT INTO staff (id, name, email, role, created_at, updated_at)"
                          " VALUES (gen_random_uuid(), 'Retention Tester',"
                          " 'retention.' || gen_random_uuid() || '@example.be', 'operator',"
                          " now(), now()) RETURNING id")
        sql("INSERT INTO interview_outcomes (id, appointment_id, application_id, outcome,"
            " motivation, fraud_suspected, staff_id, decided_at)"
            " VALUES (gen_random_uuid(), :'p', :'a', 'rejected', 'Forged document.', true,"
            " :'s', '2026-12-16T09:30:00Z');"
            " UPDATE appointments SET status = 'completed', ended_at = '2026-12-16T09:30:00Z'"
            " WHERE id = :'p';"
            " UPDATE applications SET status = 'rejected', updated_at = '2026-12-16T09:30:00Z'"
            " WHERE id = :'a'", p=appt, a=app, s=staff)


if __name__ == "__main__":
    unittest.main()
