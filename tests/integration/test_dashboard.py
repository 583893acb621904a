# SPDX-License-Identifier: EUPL-1.2
"""dk-dashboard on the real stack: a known history driven through the
pipeline — requests through the intake API, proposals made by the scheduler,
accepts (with a document photo the checker judges) and cancels through the
proposal API, outcomes recorded with common/interview (the interview driver,
at the interview's time), keys activated through the key API — then the
funnel's growth equals what PostgreSQL says of those applications; a restart
of the dashboard rebuilds the same figures from the topics; without a
session the figures are 401 and the page the sign-in, an interviewer's
session is 403, an operator signs in on the dashboard's own URL with the
console's session API. DASHBOARD_TEST_APPS sets how many applications
(default 40: the sanitizer build on 2 cores; 500 takes about ten times as
long)."""

import json
import os
import random
import subprocess
import time
import unittest
import urllib.error
import urllib.request

from dk import ENV, ROOT, accepted_photo, dk, fresh_ip, post_json, sql, sql_value, stack, valid_application, wait_until
from test_interview_data import drive, staff
import test_console as tc
import test_keys as tk
import test_proposals as tp

DASH = ENV["DK_DASHBOARD_URL"]
CORPUS = ROOT / "build" / "corpus"
N = int(os.environ.get("DASHBOARD_TEST_APPS") or 100)
STAGES = ("requested", "proposed", "reserved", "interviewed", "approved", "missing_information",
          "rejected", "activated", "waiting", "expired", "cancelled", "no_show")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def call(method, path, doc=None, cookie=None, csrf=None):
    h = {"X-Forwarded-For": fresh_ip(), "Content-Type": "application/json"}
    if cookie:
        h["Cookie"] = cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    data = json.dumps(doc).encode() if doc is not None else None
    req = urllib.request.Request(DASH + path, data=data, method=method, headers=h)
    try:
        with _opener.open(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def dashboard_now():
    """The dashboard's clock, in seconds. Each process's DK_NOW clock starts
    at its own start-up: a console restarted by an earlier test runs behind
    the dashboard, so codes and restarts go by the dashboard's clock."""
    status, _, out = call("GET", "/healthz")
    assert status == 200, status
    t = time.strptime(json.loads(out)["now"][:19], "%Y-%m-%dT%H:%M:%S")
    return int(time.mktime(t) - time.timezone)


def dashboard_step():
    """The dashboard's TOTP time step."""
    return dashboard_now() // 30


def operator_session():
    """An operator enrolled through the console's link, signed in on the
    dashboard with POST /api/v1/staff/session: its cookie."""
    s = tc.Staff("operator", enrol=False)
    s.enrol()
    step = max(s.step + 1, dashboard_step())
    status, hdrs, out = call("POST", "/api/v1/staff/session",
                             {"email": s.email, "password": tc.PASSWORD,
                              "totp": tc.totp(s.secret, step)})
    assert status == 200, (status, out)
    assert "csrf_token" in json.loads(out)
    cookie = hdrs["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
    return cookie.split(";", 1)[0]


def figures(cookie, path="/api/v1/dashboard"):
    status, _, out = call("GET", path, cookie=cookie)
    assert status == 200, (status, out[:300])
    return json.loads(out)


def settled(cookie):
    """The figures once the dashboard has read everything and every group
    (and the outbox relays) has caught up: two readings a lag period apart
    that agree."""
    def quiet():
        f = figures(cookie)
        if not f["consumer"]["caught_up"] or sql_value("SELECT count(*) FROM outbox WHERE sent_at IS NULL") != "0":
            return None
        behind = [t for t in f["lag"]["totals"] if t["lag"]]
        if behind:
            settled.last = behind
            return None
        return f
    first = wait_until(quiet, 180, "the pipeline and the dashboard to settle")
    while True:
        time.sleep(6)
        again = wait_until(quiet, 180, "the pipeline and the dashboard to settle")
        if again["stages"] == first["stages"]:
            return again
        first = again


def pg_stages(apps):
    """The funnel of these applications as PostgreSQL has it (the same
    definitions as common/dash/dk_dash.h)."""
    ids = "{" + ",".join(apps) + "}"
    q = lambda s: int(sql_value(s, ids=ids))
    latest = ("SELECT DISTINCT ON (o.application_id) o.outcome FROM interview_outcomes o"
              " WHERE o.application_id = ANY(:'ids'::uuid[]) AND NOT EXISTS"
              " (SELECT 1 FROM interview_outcomes c WHERE c.corrects_id = o.id)"
              " ORDER BY o.application_id, o.decided_at DESC")
    out = {
        "requested": q("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])"),
        "proposed": q("SELECT count(DISTINCT application_id) FROM appointments"
                      " WHERE application_id = ANY(:'ids'::uuid[])"),
        "reserved": q("SELECT count(DISTINCT application_id) FROM appointments"
                      " WHERE application_id = ANY(:'ids'::uuid[]) AND reserved_at IS NOT NULL"),
        "activated": q("SELECT count(*) FROM digital_keys WHERE application_id = ANY(:'ids'::uuid[])"),
        "waiting": q("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])"
                     " AND status = 'waiting'"),
        "expired": q("SELECT count(DISTINCT application_id) FROM appointments"
                     " WHERE application_id = ANY(:'ids'::uuid[]) AND status = 'expired'"),
        "cancelled": q("SELECT count(DISTINCT application_id) FROM appointments"
                       " WHERE application_id = ANY(:'ids'::uuid[]) AND status = 'cancelled'"),
    }
    for name in ("approved", "missing_information", "rejected", "no_show"):
        out[name] = q("SELECT count(*) FROM (%s) x WHERE outcome = '%s'" % (latest, name))
    out["interviewed"] = out["approved"] + out["missing_information"] + out["rejected"]
    return out


def at(iso, minutes):
    t = time.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S")
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.mktime(t) - time.timezone
                                                             + minutes * 60))


_staff_of = {}  # interviewer id -> its staff account (one each)


def interview_outcome(app, outcome):
    """The interview of app's reserved appointment, at its start: every check,
    the session code, the outcome. Returns the driver's answer."""
    appt, iv, start = sql("SELECT id, interviewer_id, dk_iso(starts_at) FROM appointments"
                          " WHERE application_id = :'a' AND status = 'reserved'", a=app)[0]
    now = at(start, 5)
    if iv not in _staff_of:
        _staff_of[iv] = staff("interviewer", iv)
    who = _staff_of[iv]
    for check in ("primary_document", "not_forged", "not_stolen", "person_matches",
                  "data_matches"):
        assert drive("check", now=now, staff_id=who, appointment_id=appt, check=check,
                     result="yes")["rc"] == 0
    assert drive("check", now=now, staff_id=who, appointment_id=appt, check="document_valid",
                 valid_until="2031-05-01")["rc"] == 0
    kind = "be_passport"
    for f in drive("features", now=now, staff_id=who, appointment_id=appt, kind=kind)["features"]:
        assert drive("check", now=now, staff_id=who, appointment_id=appt,
                     check="feature." + f["key"], kind=kind, result="seen")["rc"] == 0
    assert drive("code_issue", now=now, staff_id=who, appointment_id=appt)["rc"] == 0
    code = drive("code_live", now=now, appointment_id=appt)["code"]
    assert drive("code_verify", now=now, staff_id=who, appointment_id=appt, code=code)["verified"]
    extra = {"rejected": {"reasons": ["other"], "motivation": "Het document is niet echt."},
             "missing_information": {"missing_items": ["document_back"]}}.get(outcome, {})
    r = drive("outcome", now=now, staff_id=who, appointment_id=appt, outcome=outcome, **extra)
    assert r["rc"] == 0, r
    return r


@unittest.skipUnless((CORPUS / "good-01.jpg").exists(), "build/corpus not there (make corpus)")
class Dashboard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Interviewers of this test only speak nl and fr: English requests
        # find no slot and wait. Earlier tests' interviewers get no hours.
        for row in sql("SELECT id FROM interviewers"):
            dk("interviewer", "hours", row[0], "sat 09:00-09:30")
        cls.interviewers = [dk("interviewer", "add", "--name", "Dash %d" % i, "--email",
                               "dash.%d.%s@interviews.example.be" % (i, random.randrange(1 << 30)),
                               "--languages", "nl,fr", "--hours", "mon-fri 08:00-18:00"
                               ).stdout.strip() for i in range((N + 39) // 40)]

    @classmethod
    def tearDownClass(cls):
        for iv in cls.interviewers:
            dk("interviewer", "hours", iv, "sat 09:00-09:30")

    def test_1_access(self):
        for path in ("/api/v1/funnel", "/api/v1/dashboard"):
            status, _, out = call("GET", path)
            self.assertEqual((status, json.loads(out)["error"]), (401, "no_session"))
        status, hdrs, _ = call("GET", "/")
        self.assertEqual((status, hdrs["Location"]), (303, "/signin?lang=nl"))
        status, hdrs, page = call("GET", "/signin?lang=fr")
        self.assertEqual(status, 200)
        self.assertIn("script-src 'self'", hdrs["Content-Security-Policy"])
        self.assertIn('lang="fr"', page.decode())
        # An interviewer's session (the console's accounts) is refused.
        iv = self.interviewers[0]
        s = tc.Staff("interviewer", iv)  # enrolled, signed in on the console
        _staff_of[iv] = s.id
        cookie = "dk_dashboard=" + s.cookie.split("=", 1)[1]
        for path in ("/api/v1/funnel", "/api/v1/dashboard", "/"):
            status, _, out = call("GET", path, cookie=cookie)
            self.assertEqual(status, 403, (path, out[:200]))
        # A wrong code is 401, malformed bodies 4xx.
        status, _, _ = call("POST", "/api/v1/staff/session",
                            {"email": "nobody@example.be", "password": "x" * 20, "totp": "123456"})
        self.assertEqual(status, 401)
        status, _, _ = call("POST", "/api/v1/staff/session", {"email": 5})
        self.assertEqual(status, 422)
        # An operator sees the funnel in SPEC.md's shape.
        cookie = operator_session()
        f = figures(cookie, "/api/v1/funnel")
        self.assertEqual(set(f["stages"]), set(STAGES))
        status, hdrs, page = call("GET", "/?lang=en", cookie=cookie)
        self.assertEqual(status, 200)
        page = page.decode()
        self.assertIn("<svg", page)
        self.assertIn('src="/dashboard.js"', page)
        self.assertNotIn("<script>", page)

    def test_2_history(self):
        cookie = operator_session()
        before = settled(cookie)
        photo = accepted_photo().read_bytes()
        plan = ["approved+key", "approved", "missing_information", "rejected", "no_show",
                "cancelled", "proposed", "reserved", "waiting", "approved+key"]
        apps = []
        started = time.monotonic()
        for i in range(N):
            what = plan[i % len(plan)]
            body = valid_application(language="en" if what == "waiting" else random.choice(("nl", "fr")))
            status, doc, _ = post_json(body)
            self.assertEqual(status, 201, doc)
            apps.append((doc["application_id"], doc["security_code"], what))
        for app, code, what in apps:
            want = ("waiting",) if what == "waiting" else ("proposed",)
            wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'a'",
                                         a=app) in want, 120, "%s to be %s" % (app, want))
            if what in ("waiting", "proposed"):
                continue
            appt = sql_value("SELECT id FROM appointments WHERE application_id = :'a'"
                             " AND status = 'held'", a=app)
            token = tp.token_for(appt)
            if what == "cancelled":
                status, doc, _ = tp.api("POST", token, "cancel", {"security_code": code})
                self.assertEqual(status, 202, doc)
                continue
            status, doc, _ = tp.accept(token, code, front=photo)
            self.assertIn(status, (200, 201, 202), doc)
        for app, code, what in apps:
            if what in ("waiting", "proposed", "cancelled"):
                continue
            wait_until(lambda: sql_value("SELECT status FROM applications WHERE id = :'a'",
                                         a=app) == "reserved", 180, "%s reserved" % app)
            if what == "reserved":
                continue
            r = interview_outcome(app, what.split("+")[0])
            if what.endswith("+key"):
                token = r["activation_url"].rsplit("/", 1)[1]
                p = {"activation_code": r["activation_code"], "activation_token": token}
                status, doc, _ = tk.activate(p, "password")
                self.assertEqual(status, 201, doc)
        driven = time.monotonic() - started
        after = settled(cookie)
        delta = {k: after["stages"][k] - before["stages"][k] for k in STAGES}
        want = pg_stages([a for a, _, _ in apps])
        self.assertEqual(delta, want)
        # Every stage of the plan is there.
        for k in STAGES:
            if k != "expired":
                self.assertGreater(want[k], 0, k)
        self.assertGreaterEqual(after["request_to_proposal"]["count"],
                                before["request_to_proposal"]["count"] + want["proposed"])
        self.assertGreaterEqual(after["mail"]["requested"], before["mail"]["requested"] + N)
        for k in ("malformed", "unknown_type", "invalid"):  # every message of the run understood
            self.assertEqual(after["messages"]["skipped"][k], before["messages"]["skipped"][k], k)
        print("\n  dashboard: %d applications driven in %.0f s; funnel %s" % (N, driven, delta))
        # A restart rebuilds the same figures from the topics.
        # Restarted on its own clock (DK_NOW starts each process's clock
        # again), so that the session it signed in stays in its window.
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(dashboard_now() + 1))
        stack("stop", "dashboard")
        subprocess.run([str(ROOT / "infra" / "stack.sh"), "start", "dashboard"], check=True,
                       capture_output=True, env=dict(os.environ, DK_NOW=now))
        # (The session lives in PostgreSQL: it outlives the process.)
        again = settled(cookie)
        for key in ("stages", "request_to_proposal", "document_rejections", "mail",
                    "dead_letters", "alerts", "promise", "slots", "since"):
            self.assertEqual(again[key], after[key], key)
        self.assertEqual(again["messages"]["folded"], after["messages"]["folded"])
        # No personal data on the figures: not a name, e-mail or code.
        text = json.dumps(again)
        self.assertNotIn("@example.be", text)
        self.assertNotIn("Peeters", text)


if __name__ == "__main__":
    unittest.main()
