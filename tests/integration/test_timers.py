# SPDX-License-Identifier: EUPL-1.2
"""Timers on the real stack (issue 13): the reminder 24 real hours before
the interview, exactly once, with the right Brussels time on the days of the
daylight-saving changes; a moved interview's old reminder never fires and its
new one does; a cancelled one has none; the outcome alert; the proposal that
runs out; two dk-timers replicas sharing 1,000 due timers; kill -9 of a
dk-timers in the middle of its batches.

The stack's processes run on a test clock (DK_NOW, which then advances in
real time). To see deadlines weeks away come, a test restarts the processes
it needs on another DK_NOW (`stack.sh stop/start NAME` with that DK_NOW in
the environment) and always puts them back on the suite's clock. The stack's
dk-timers replicas run on the suite's clock (2 December 2026) before and
after: what they fire then is due by that date, late or not."""

import calendar
import contextlib
import datetime
import json
import os
import re
import signal
import subprocess
import time
import unittest
import urllib.parse
import uuid

from dk import (BIN, ENV, ROOT, VAR, accepted_photo, http, mail_text, mails_to, post_json, sql,
                sql_value, topic_messages, valid_application, wait_until)


def tearDownModule():
    """The interviewers added here stop taking requests: the files after
    this one see no proposal they did not ask for."""
    import test_proposals
    test_proposals.retire_test_interviewers()


CORPUS = ROOT / "build" / "corpus"
LINK = re.compile(re.escape(ENV["DK_INTAKE_URL"]) + r"/proposal/([A-Za-z0-9_-]{43})")
SUITE_NOW = os.environ.get("DK_NOW", "2026-12-02T10:00:00Z")


def replicas(role):
    """The running processes of a role: scheduler, scheduler-2, ..."""
    names = [p.stem for p in (VAR / "run").glob("*.pid")]
    return sorted(n for n in names if n == role or re.fullmatch(re.escape(role) + r"-\d+", n))


def stack_env(now):
    env = dict(os.environ)
    env.update(ENV)
    env["DK_NOW"] = now
    # A restarted intake keeps its address (the links already mailed use it).
    env["DK_INTAKE_PORT"] = str(urllib.parse.urlsplit(ENV["DK_INTAKE_URL"]).port)
    return env


def restart(names, now):
    for name in names:
        subprocess.run([str(ROOT / "infra" / "stack.sh"), "stop", name], check=True,
                       capture_output=True, env=stack_env(now))
    for name in names:
        subprocess.run([str(ROOT / "infra" / "stack.sh"), "start", name], check=True,
                       capture_output=True, env=stack_env(now))


@contextlib.contextmanager
def clock(now, *roles):
    """The processes of roles on DK_NOW=now meanwhile, back on the suite's
    clock afterwards, whatever happened."""
    names = [n for r in roles for n in replicas(r)]
    assert names, roles
    try:
        restart(names, now)
        yield
    finally:
        restart(names, SUITE_NOW)


def iso_ms(text):
    """Milliseconds of an ISO-8601 instant (Z or an offset)."""
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def submit(lang, date, frm, to):
    body = valid_application(language=lang, preferred_slots=[{"date": date, "from": frm, "to": to}])
    status, doc, _ = post_json(body)
    assert status == 201, doc
    return doc["application_id"], doc["security_code"], body["email"]


def status_of(app):
    return sql_value("SELECT status FROM applications WHERE id = :'id'", id=app)


def wait_status(app, *wanted, timeout=60):
    return wait_until(lambda: status_of(app) in wanted, timeout,
                      "application %s to become %s" % (app, "/".join(wanted)))


def tokens(address):
    return {m.group(1) for msg, _ in mails_to(address) for m in [LINK.search(mail_text(msg)[0])] if m}


def multipart(fields, files):
    boundary = "dkboundary" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, k, v)).encode()
    for k, (name, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: image/jpeg\r\n\r\n" % (boundary, k, name)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def accept(token, code, previous=False):
    if previous:
        body, ctype = multipart({"security_code": code, "document_kind": "previous"}, {})
    else:
        body, ctype = multipart({"security_code": code, "document_kind": "passport"},
                                {"front": ("passport.jpg", accepted_photo(1).read_bytes())})
    status, _, out = http("POST", "/api/v1/proposals/%s/accept" % token, body,
                          {"Content-Type": ctype})
    assert status == 202, out


def post(token, action, body):
    status, _, out = http("POST", "/api/v1/proposals/%s/%s" % (token, action),
                          json.dumps(body).encode(), {"Content-Type": "application/json"})
    assert status == 202, out


def reserve(lang, date, frm, to):
    """A request that gets its slot, accepted with a passport photo, reserved."""
    app, code, addr = submit(lang, date, frm, to)
    wait_status(app, "proposed")
    token = wait_until(lambda: tokens(addr), 40, "the proposal mail").pop()
    accept(token, code)
    wait_status(app, "reserved", timeout=90)
    return app, code, addr, token


def live_appointment(app):
    return sql_value("SELECT id FROM appointments WHERE application_id = :'id'"
                     " AND status = 'reserved'", id=app)


def timers_of(app):
    out = subprocess.run([str(BIN / "dk"), "timers", "--application", app, "--json"],
                         capture_output=True, text=True, check=True, env=stack_env(SUITE_NOW))
    return [json.loads(line) for line in out.stdout.splitlines()]


def timer(app, kind, appointment):
    found = [t for t in timers_of(app) if t["kind"] == kind and t["appointment_id"] == appointment]
    assert len(found) == 1, timers_of(app)
    return found[0]


def sent(app, template):
    return int(sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'"
                         " AND template = :'t' AND status = 'sent'", id=app, t=template))


def interviewer(languages):
    out = subprocess.run([str(BIN / "dk"), "interviewer", "add", "--name", "Timer Tester",
                          "--email", "timers.%s@interviews.example.be" % uuid.uuid4().hex[:8],
                          "--languages", languages, "--hours", "mon-fri 09:00-12:00"],
                         capture_output=True, text=True, check=True, env=stack_env(SUITE_NOW))
    return out.stdout.strip()


class Timers1Reminders(unittest.TestCase):
    """October 2026: three interviews reserved on a clock of 14 October; the
    reminders come on the timers' clock moved to 25 and 27 October."""

    def test_reminders_across_the_october_switch(self):
        interviewer("nl,fr,en")
        moved = [n for r in ("intake", "scheduler", "timers") for n in replicas(r)]
        try:
            restart(moved, "2026-10-14T08:00:00Z")
            self.october(*self.reserve_three())
        finally:
            restart(moved, SUITE_NOW)

    def reserve_three(self):
        # A: Monday 26 October 09:00 CET, the day after the switch.
        a = reserve("nl", "2026-10-26", "09:00", "09:30")
        # B: Tuesday 27 October 10:00, then moved to Wednesday 28 October 10:00.
        b = reserve("fr", "2026-10-27", "10:00", "10:30")
        # C: Tuesday 27 October 11:00, then cancelled.
        c = reserve("en", "2026-10-27", "11:00", "11:30")
        appt_b_old = live_appointment(b[0])
        post(b[3], "reschedule", {"security_code": b[1], "preferred_slots": [
            {"date": "2026-10-28", "from": "10:00", "to": "10:30"}]})
        wait_status(b[0], "proposed")
        new = wait_until(lambda: (lambda ts: len(ts) == 2 and ts)(tokens(b[2])), 40,
                         "the second proposal mail")
        accept((new - {b[3]}).pop(), b[1], previous=True)
        wait_status(b[0], "reserved", timeout=90)
        appt_c = live_appointment(c[0])
        post(c[3], "cancel", {"security_code": c[1]})
        wait_status(c[0], "cancelled")
        return a, b, c, live_appointment(a[0]), appt_b_old, live_appointment(b[0]), appt_c

    def october(self, a, b, c, appt_a, appt_b_old, appt_b, appt_c):
        # What each change did to the timers, in the change's transaction.
        ra = timer(a[0], "reminder", appt_a)
        self.assertEqual(ra["due"], "2026-10-25T09:00:00+01:00")  # 24 real hours before
        self.assertIsNone(ra["fired"])
        self.assertEqual(timer(a[0], "outcome_overdue", appt_a)["due"], "2026-10-26T11:30:00+01:00")
        expiry = timer(a[0], "proposal_expiry", appt_a)
        self.assertEqual((expiry["fired"], expiry["result"]), (None, "answered"))
        self.assertIsNotNone(expiry["cancelled"])
        old = timer(b[0], "reminder", appt_b_old)
        self.assertEqual((old["fired"], old["result"]), (None, "replaced"))
        # B's new slot is the planner's choice (the 28th at 10:00 when free):
        # its reminder is 24 real hours before whatever it is.
        b_start = iso_ms(sql_value("SELECT dk_iso(starts_at) FROM appointments WHERE id = :'id'",
                                   id=appt_b))
        self.assertEqual(iso_ms(timer(b[0], "reminder", appt_b)["due"]), b_start - 24 * 3600000)
        gone = timer(c[0], "reminder", appt_c)
        self.assertEqual((gone["fired"], gone["result"]), (None, "cancelled"))
        self.assertEqual(timer(c[0], "outcome_overdue", appt_c)["result"], "cancelled")

        timers = replicas("timers")
        # A minute before A's reminder is due: nothing.
        restart(timers, "2026-10-25T07:59:00Z")
        time.sleep(3)
        self.assertEqual(sent(a[0], "interview_reminder"), 0)
        self.assertIsNone(timer(a[0], "reminder", appt_a)["fired"])
        # Its time: one reminder, in Dutch, 09:00 Brussels time (CET since 03:00 that night).
        restart(timers, "2026-10-25T08:00:00Z")
        wait_until(lambda: sent(a[0], "interview_reminder") == 1, 40, "A's reminder")
        fired = timer(a[0], "reminder", appt_a)
        self.assertRegex(fired["fired"], r"^2026-10-25T09:00:\d\d(\.\d+)?\+01:00$")
        self.assertEqual(fired["result"], "mailed")
        msg = next(m for m, _ in mails_to(a[2]) if "herinnering" in str(m["Subject"]))
        self.assertEqual(str(msg["Subject"]), "Mijn digitale sleutels: herinnering aan je "
                         "video-interview op maandag 26 oktober 2026 om 09:00")
        text, html = mail_text(msg)
        self.assertIn("maandag 26 oktober 2026, van 09:00 tot 09:30 (Belgische tijd)", text)
        room = sql_value("SELECT room_id FROM appointments WHERE id = :'id'", id=appt_a)
        self.assertIn(room, text)
        self.assertIn(room, html)
        from icalendar import Calendar
        ics = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
        self.assertEqual(len(ics), 1)
        event = Calendar.from_ical(ics[0].get_payload(decode=True)).walk("VEVENT")[0]
        self.assertEqual(str(event["UID"]), a[0] + "@digitalkey")
        self.assertEqual(event.decoded("DTSTART").isoformat(), "2026-10-26T09:00:00+01:00")

        # 27 October 10:00 UTC: B's new reminder (its old one never), none
        # for C; A's interview ended at 09:30 on the 26th without an outcome.
        b_due = b_start - 24 * 3600000
        restart(timers, iso(b_due + 30000))
        wait_until(lambda: sent(b[0], "interview_reminder") == 1, 40, "B's new reminder")
        restart(timers, iso(max(b_due, iso_ms("2026-10-26T10:30:00Z")) + 30000))
        wait_until(lambda: timer(a[0], "outcome_overdue", appt_a)["fired"], 40, "A's outcome alert")
        time.sleep(2)  # a second firing would have come by now
        self.assertEqual(sent(a[0], "interview_reminder"), 1)
        self.assertEqual(sent(b[0], "interview_reminder"), 1)
        self.assertEqual(sent(c[0], "interview_reminder"), 0)
        self.assertIsNone(timer(b[0], "reminder", appt_b_old)["fired"])
        self.assertIsNone(timer(c[0], "reminder", appt_c)["fired"])
        msg = next(m for m, _ in mails_to(b[2]) if "rappel" in str(m["Subject"]))
        self.assertIn("octobre 2026, de ", mail_text(msg)[0])
        self.assertIn("(heure belge)", mail_text(msg)[0])
        ics = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
        start = Calendar.from_ical(ics[0].get_payload(decode=True)).walk("VEVENT")[0].decoded("DTSTART")
        self.assertEqual(int(start.timestamp() * 1000), b_start)
        self.assertEqual(timer(a[0], "outcome_overdue", appt_a)["result"], "alerted")
        alerts = wait_until(lambda: [m for m in topic_messages("dk.alerts")
                                     if m["application_id"] == a[0]], 30, "the alert relayed")
        self.assertEqual(len(alerts), 1, alerts)
        self.assertEqual(alerts[0]["type"], "alert.raised")
        self.assertEqual(alerts[0]["data"]["alert"], "outcome_overdue")
        self.assertEqual(alerts[0]["data"]["appointment_id"], appt_a)
        self.assertEqual(alerts[0]["data"]["since"], "2026-10-26T10:30:00Z")
        self.assertNotIn(a[2], json.dumps(alerts[0]))
        fired = wait_until(lambda: (lambda ms: len(ms) >= 3 and ms)(
            [m for m in topic_messages("dk.timers.fired")
             if m["application_id"] in (a[0], b[0], c[0])]), 30, "three timer.fired relayed")
        self.assertEqual(sorted((m["application_id"] == a[0], m["data"]["kind"],
                                 m["data"]["result"]) for m in fired),
                         [(False, "reminder", "mailed"), (True, "outcome_overdue", "alerted"),
                          (True, "reminder", "mailed")])
        self.assertEqual(len({m["id"] for m in fired}), 3)


class Timers2ProposalExpiry(unittest.TestCase):
    """The hold sweep's work, now its proposal_expiry timer's: the same
    slot freed, status and mail as before."""

    def test_unanswered_proposal_expires_once(self):
        interviewer("nl")
        app, code, addr = submit("nl", "2026-12-17", "09:00", "10:00")
        wait_status(app, "proposed")
        token = wait_until(lambda: tokens(addr), 40, "the proposal mail").pop()
        appt, held = sql("SELECT id, dk_iso(held_until) FROM appointments"
                         " WHERE application_id = :'id'", id=app)[0]
        self.assertEqual(timer(app, "proposal_expiry", appt)["due"][:10], held[:10])
        # dk-timers on the suite's clock: not yet.
        time.sleep(2)
        self.assertEqual(status_of(app), "proposed")
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(
            calendar.timegm(time.strptime(held, "%Y-%m-%dT%H:%M:%SZ")) + 5))
        with clock(later, "timers"):
            wait_status(app, "expired", timeout=40)
            wait_until(lambda: sent(app, "proposal_expired") == 1, 40, "the expired mail")
        self.assertEqual(timer(app, "proposal_expiry", appt)["result"], "expired")
        self.assertEqual(sql_value("SELECT status FROM appointments WHERE id = :'id'", id=appt),
                         "expired")
        status, _, _ = http("GET", "/api/v1/proposals/" + token, headers={"X-Security-Code": code})
        self.assertEqual(status, 410)
        changes = [m["data"]["change"] for m in topic_messages("dk.appointments")
                   if m["application_id"] == app]
        self.assertEqual(changes.count("expired"), 1)
        self.assertEqual(sent(app, "proposal_expired"), 1)


def bulk(n, marker):
    """n timers due long ago, for appointments that do not exist (so each
    fires as "obsolete", its timer.fired message its whole effect)."""
    sql("INSERT INTO timers (id, kind, cause, application_id, appointment_id, due_at, created_at)"
        " SELECT gen_random_uuid(), 'outcome_overdue', :'m' || i, gen_random_uuid(),"
        " gen_random_uuid(), '2026-01-01T00:00:00Z'::timestamptz + i * interval '1 second',"
        " now() FROM generate_series(1, :n) i", m=marker, n=n)


def fired_count(marker):
    return int(sql_value("SELECT count(*) FROM timers WHERE cause LIKE :'m' || '%'"
                         " AND fired_at IS NOT NULL", m=marker))


def outbox_copies(marker):
    """{copies of its timer.fired message in the outbox: timers with that many}."""
    rows = sql("WITH f AS (SELECT payload::jsonb #>> '{data,timer_id}' AS tid FROM outbox"
               "  WHERE topic = 'dk.timers.fired'),"
               " c AS (SELECT tid, count(*) AS n FROM f GROUP BY tid)"
               " SELECT coalesce(c.n, 0), count(*) FROM timers t LEFT JOIN c ON c.tid = t.id::text"
               " WHERE t.cause LIKE :'m' || '%' GROUP BY 1", m=marker)
    return {int(c): int(n) for c, n in rows}


class Timers3Replicas(unittest.TestCase):
    def test_two_replicas_fire_1000_timers_once_each(self):
        self.assertEqual(replicas("timers"), ["timers", "timers-2"])
        marker = "bulk-%s-" % uuid.uuid4().hex[:8]
        t0 = time.monotonic()
        bulk(1000, marker)
        wait_until(lambda: fired_count(marker) == 1000, 60, "1,000 timers fired")
        took = time.monotonic() - t0
        self.assertEqual(outbox_copies(marker), {1: 1000})
        results = sql("SELECT result, count(*) FROM timers WHERE cause LIKE :'m' || '%'"
                      " GROUP BY result", m=marker)
        self.assertEqual(results, [["obsolete", "1000"]])
        ids = set(r[0] for r in sql("SELECT id FROM timers WHERE cause LIKE :'m' || '%'", m=marker))
        on_topic = wait_until(lambda: (lambda ms: len(ms) >= 1000 and ms)(
            [m for m in topic_messages("dk.timers.fired") if m["data"]["timer_id"] in ids]),
            60, "1,000 messages on dk.timers.fired")
        self.assertEqual(len({m["data"]["timer_id"] for m in on_topic}), 1000)
        print("\n  1,000 due timers fired by 2 replicas in %.2f s" % took)


class Timers4Kill(unittest.TestCase):
    def test_kill_9_mid_batch_loses_nothing_and_fires_nothing_twice(self):
        names = replicas("timers")
        marker = "kill-%s-" % uuid.uuid4().hex[:8]
        for name in names:
            subprocess.run([str(ROOT / "infra" / "stack.sh"), "stop", name], check=True,
                           capture_output=True, env=stack_env(SUITE_NOW))
        victim = None
        try:
            bulk(3000, marker)
            env = stack_env(SUITE_NOW)
            env["DK_TIMERS_BATCH"] = "25"
            log = open(VAR / "log" / "timers-victim.log", "ab")
            victim = subprocess.Popen([str(BIN / "dk-timers")], env=env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
            wait_until(lambda: fired_count(marker) >= 200, 60, "the victim's first batches")
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(10)
            log.close()
            at_kill = fired_count(marker)
            self.assertLess(at_kill, 3000, "the kill came too late to be mid-run")
            # What the dead process's open transaction held is back, nothing half-fired.
            self.assertEqual(fired_count(marker), at_kill)
            self.assertEqual(outbox_copies(marker), {1: at_kill, 0: 3000 - at_kill})
        finally:
            if victim and victim.poll() is None:
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait(10)
            for name in names:
                subprocess.run([str(ROOT / "infra" / "stack.sh"), "start", name], check=True,
                               capture_output=True, env=stack_env(SUITE_NOW))
        wait_until(lambda: fired_count(marker) == 3000, 90, "the rest fired by the replicas")
        self.assertEqual(outbox_copies(marker), {1: 3000})


class Timers5Cli(unittest.TestCase):
    def test_due_and_usage(self):
        app = str(uuid.uuid4())
        sql("INSERT INTO timers (id, kind, cause, application_id, due_at, created_at)"
            " VALUES (gen_random_uuid(), 'promise', :'a', :'a'::uuid,"
            " '2027-06-01T10:00:00Z', now())", a=app)
        rows = timers_of(app)
        self.assertEqual(len(rows), 1)
        self.assertEqual({k: rows[0][k] for k in ("kind", "application_id", "due", "fired")},
                         {"kind": "promise", "application_id": app,
                          "due": "2027-06-01T12:00:00+02:00", "fired": None})
        due = subprocess.run([str(BIN / "dk"), "timers", "--due", "--application", app, "--json"],
                             capture_output=True, text=True, check=True, env=stack_env(SUITE_NOW))
        self.assertEqual(due.stdout, "")
        due = subprocess.run([str(BIN / "dk"), "timers", "--due", "--application", app, "--json"],
                             capture_output=True, text=True, check=True,
                             env=stack_env("2027-06-01T10:00:00Z"))
        self.assertEqual([json.loads(l)["kind"] for l in due.stdout.splitlines()], ["promise"])
        for bad in (["--application"], ["--application", "x"], ["--when"], ["--due", "--due", "x"],
                    ["--application", app, "--application", app]):
            out = subprocess.run([str(BIN / "dk"), "timers", *bad], capture_output=True, text=True,
                                 env=stack_env(SUITE_NOW))
            self.assertEqual(out.returncode, 2, bad)
        sql("DELETE FROM timers WHERE application_id = :'a'::uuid", a=app)


if __name__ == "__main__":
    unittest.main()
