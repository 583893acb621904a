# SPDX-License-Identifier: EUPL-1.2
"""Capacity and mail abuse on the real stack (issue 8): one client sending
80 requests with invented e-mail addresses (from one IPv6 /64: the rate
limit lets DK_INTAKE_RATE_LIMIT of them in) must not hold every slot, one
e-mail address has at most one request in progress (a second one is refused
in the applicant's language, and the link goes to the address, not to the
screen), and no mailbox receives more than DK_MAIL_MAX_PER_RECIPIENT_DAY
mails a day, however the jobs reach the mailer.

AbuseSteps runs its steps in order: the interviewer it adds works on
Tuesday mornings only (six slots on 8 December), so which applicant gets a
slot on that day is something it can reason about. Every address it uses
carries TAG; tearDownClass ends what it made."""

import concurrent.futures
import hashlib
import hmac
import html
import json
import os
import random
import re
import time
import unittest
import uuid

from dk import (ENV, VAR, dk, fresh_ip, http, mail_text, maildir_messages, mails_to, post_json,
                produce_raw, sealed_message, sql, sql_value, topic_messages, valid_application,
                wait_until)
from test_form import get_form, post_form, valid_fields

TAG = uuid.uuid4().hex[:10]
LINK = re.compile(re.escape(ENV["DK_INTAKE_URL"]) + r"/proposal/([A-Za-z0-9_-]{43})")
TOKEN_KEY = os.environ.get("DK_TOKEN_KEY") or "dev-only-insecure-secret-change-me"
MAX_PER_SOURCE = int(os.environ.get("DK_MAX_LIVE_PER_SOURCE") or 5)
MAIL_CAP = int(os.environ.get("DK_MAIL_MAX_PER_RECIPIENT_DAY") or 10)
RATE_LIMIT = int(os.environ.get("DK_INTAKE_RATE_LIMIT") or 60)
TUESDAY = [{"date": "2026-12-08", "from": "09:00", "to": "12:00"}]
EXISTS = {
    "nl": "Voor dit e-mailadres loopt al een aanvraag. We hebben daarover een e-mail naar dat adres"
          " gestuurd.",
    "fr": "Une demande est déjà en cours pour cette adresse e-mail. Nous avons envoyé un e-mail à ce"
          " sujet à cette adresse.",
    "en": "A request for this e-mail address is already in progress. We have sent an e-mail about it"
          " to that address.",
}


def token_hash(token):
    """appointments.token_hash of a link token (common/store/dk_token.c)."""
    return hmac.new(TOKEN_KEY.encode(), ("lookup:" + token).encode(), hashlib.sha256).hexdigest()


def ipv6_network():
    """A /64 of its own (documentation prefix 2001:db8::/32)."""
    return "2001:db8:%x:%x" % (random.randint(0, 0xffff), random.randint(0, 0xffff))


def submit(email, lang="nl", slots=TUESDAY, ip=None):
    body = valid_application(language=lang, email=email, preferred_slots=slots)
    status, doc, _ = post_json(body, ip=ip)
    return status, doc


def status_of(app):
    return sql_value("SELECT status FROM applications WHERE id = :'id'", id=app)


def live_appointment(app):
    rows = sql("SELECT id, dk_iso(starts_at), match, token_hash FROM appointments"
               " WHERE application_id = :'id' AND status IN ('held', 'reserved')", id=app)
    return rows[0] if rows else None


def mail_rows(address, template):
    return sql("SELECT status, language, application_id FROM mails WHERE lower(recipient) = lower(:'to')"
               " AND template = :'t' ORDER BY created_at", to=address, t=template)


def maildir_with(address, subject_part):
    return [msg for msg, _ in mails_to(address) if subject_part in str(msg["Subject"])]


class AbuseSteps(unittest.TestCase):
    attackers = []  # [(application id, security code, e-mail)] in submission order

    @classmethod
    def setUpClass(cls):
        out = dk("interviewer", "add", "--name", "Abuse Tuesday", "--email",
                 "abuse.%s@interviews.example.be" % TAG, "--languages", "nl,fr,en",
                 "--hours", "tue 09:00-12:00")
        cls.interviewer = out.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        # Later files reason about the slots they create: end ours.
        sql("UPDATE appointments SET status = 'cancelled', ended_at = now()"
            " WHERE status IN ('held', 'reserved') AND application_id IN"
            "  (SELECT id FROM applications WHERE email LIKE :'like' ORDER BY submitted_at, id FOR UPDATE);"
            " UPDATE applications SET status = 'cancelled' WHERE id IN (SELECT id FROM applications"
            "  WHERE email LIKE :'like' AND status <> 'cancelled' ORDER BY submitted_at, id FOR UPDATE)",
            like="%" + TAG + "%")
        dk("interviewer", "hours", cls.interviewer, "sat 09:00-09:30")

    # ---- (b) one client's requests hold at most MAX_PER_SOURCE proposals ----

    def test_1_eighty_requests_from_one_network_hold_five_slots(self):
        net = ipv6_network()
        addresses = ["%s::%x" % (net, n) for n in range(1, 5)]  # one /64, four addresses

        def one(i):
            email = "invented-%s-%02d@example.be" % (TAG, i)
            status, doc = submit(email, ip=addresses[i % 4])
            return status, doc, email

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(one, range(80)))
        # The four addresses of one /64 are one client for the rate limit too:
        # DK_INTAKE_RATE_LIMIT a minute (a few more as its bucket refills while
        # they arrive), the rest 429. Those accepted are 201 as before.
        statuses = [s for s, _, _ in results]
        self.assertEqual(set(statuses), {201, 429}, statuses)
        results = [r for r in results if r[0] == 201]
        self.assertGreaterEqual(len(results), RATE_LIMIT)
        self.assertLess(len(results), 80)
        n = len(results)
        ids = [doc["application_id"] for _, doc, _ in results]
        array = "{%s}" % ",".join(ids)
        wait_until(lambda: sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])"
                                     " AND status IN ('proposed', 'waiting')", ids=array) == str(n),
                   90, "all accepted requests planned or waiting")
        held = sql("SELECT a.id FROM applications a JOIN appointments p ON p.application_id = a.id"
                   " WHERE a.id = ANY(:'ids'::uuid[]) AND p.status = 'held'", ids=array)
        self.assertEqual(len(held), MAX_PER_SOURCE)
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])"
                                   " AND status = 'waiting' AND waiting_reason = 'source_limit'",
                                   ids=array), str(n - MAX_PER_SOURCE))
        # One source for the four addresses of the /64, and not the address itself.
        keys = sql("SELECT DISTINCT source_key FROM applications WHERE id = ANY(:'ids'::uuid[])",
                   ids=array)
        self.assertEqual(len(keys), 1)
        self.assertRegex(keys[0][0], r"^[0-9a-f]{64}$")
        # A hash, not the /64 written out in hex: its 16 digits in a row. (Any
        # four, such as "2001", turn up in one random hash in a thousand.)
        written = "".join(part.rjust(4, "0") for part in net.split(":"))
        self.assertNotIn(written, keys[0][0])
        proposals = lambda: sql_value("SELECT count(*) FROM mails WHERE template = 'proposal'"
                                      " AND status = 'sent' AND application_id = ANY(:'ids'::uuid[])",
                                      ids=array)
        wait_until(lambda: proposals() == str(MAX_PER_SOURCE), 30, "the proposal mails")
        time.sleep(1.0)  # a (wrong) sixth would be here by now
        self.assertEqual(proposals(), str(MAX_PER_SOURCE))
        shown = json.loads(dk("application", "show", ids[-1]).stdout)
        self.assertEqual((shown["status"], shown["waiting_reason"]), ("waiting", "source_limit"))
        by_id = {doc["application_id"]: (doc["application_id"], doc["security_code"], email)
                 for _, doc, email in results}
        order = sql("SELECT id FROM applications WHERE id = ANY(:'ids'::uuid[])"
                    " ORDER BY submitted_at, id", ids=array)
        AbuseSteps.attackers = [by_id[row[0]] for row in order]

    def test_2_another_applicant_still_gets_the_wished_day(self):
        email = "real.applicant.%s@example.be" % TAG
        status, doc = submit(email, ip=fresh_ip())
        self.assertEqual(status, 201, doc)
        app = doc["application_id"]
        wait_until(lambda: status_of(app) in ("proposed", "waiting"), 40, "the applicant planned")
        appt = live_appointment(app)
        self.assertIsNotNone(appt, status_of(app))
        self.assertTrue(appt[1].startswith("2026-12-08T"), appt)  # Tuesday 8 December
        self.assertEqual(appt[2], "preferred")
        AbuseSteps.applicant = (app, doc["security_code"], email)

    def test_3_answering_one_proposal_lets_the_next_waiting_one_in(self):
        held = [a for a in AbuseSteps.attackers if live_appointment(a[0])]
        waiting = [a for a in AbuseSteps.attackers if not live_appointment(a[0])]
        self.assertEqual(len(held), MAX_PER_SOURCE)
        app, code, email = held[0]
        msg = wait_until(lambda: maildir_with(email, "voorstel voor je video-interview"), 30,
                         "the proposal mail")[0]
        token = LINK.search(mail_text(msg)[0]).group(1)
        status, _, out = http("POST", "/api/v1/proposals/%s/cancel" % token,
                              json.dumps({"security_code": code}).encode(),
                              {"Content-Type": "application/json"})
        self.assertEqual(status, 202, out)
        oldest = waiting[0][0]
        wait_until(lambda: status_of(oldest) == "proposed", 40, "the oldest waiting request proposed")
        for later in waiting[1:]:
            self.assertEqual(status_of(later[0]), "waiting")
        ids = "{%s}" % ",".join(a[0] for a in AbuseSteps.attackers)
        self.assertEqual(sql_value("SELECT count(*) FROM appointments WHERE status = 'held'"
                                   " AND application_id = ANY(:'ids'::uuid[])", ids=ids),
                         str(MAX_PER_SOURCE))

    def test_3b_a_freed_slot_skips_a_client_at_its_limit(self):
        """A slot freed for applicants waiting for capacity goes to the oldest
        one whose source may still hold a proposal: the client at its limit
        would only be put back to wait, and the slot would serve no one."""
        limited = AbuseSteps.attackers[-2][0]
        self.assertEqual(status_of(limited), "waiting")
        # Say it waits for capacity, as the oldest of all who do.
        sql("UPDATE applications SET waiting_reason = 'capacity' WHERE id = :'id'", id=limited)
        status, doc = submit("waits.for.capacity.%s@example.be" % TAG, ip=fresh_ip())
        self.assertEqual(status, 201, doc)
        waiting = doc["application_id"]
        wait_until(lambda: status_of(waiting) == "proposed", 40, "the second applicant planned")
        sql("UPDATE appointments SET status = 'cancelled', ended_at = now()"
            " WHERE application_id = :'id' AND status = 'held';"
            " UPDATE applications SET status = 'waiting', waiting_reason = 'capacity'"
            " WHERE id = :'id'", id=waiting)
        # The applicant of step 2 cancels: one slot of the interviewer is free.
        app, code, email = AbuseSteps.applicant
        msg = wait_until(lambda: maildir_with(email, "voorstel voor je video-interview"), 30,
                         "the proposal mail")[0]
        token = LINK.search(mail_text(msg)[0]).group(1)
        status, _, out = http("POST", "/api/v1/proposals/%s/cancel" % token,
                              json.dumps({"security_code": code}).encode(),
                              {"Content-Type": "application/json"})
        self.assertEqual(status, 202, out)
        wait_until(lambda: status_of(waiting) == "proposed", 40, "the freed slot proposed")
        self.assertEqual(sql("SELECT status, waiting_reason FROM applications WHERE id = :'id'",
                             id=limited), [["waiting", "capacity"]])

    # ---- (a) one request in progress per e-mail address ----

    def test_4_second_request_for_an_address_is_refused_and_its_link_mailed(self):
        first = "Dup.Person.%s@Example.BE" % TAG
        status, doc = submit(first, lang="fr",
                             slots=[{"date": "2026-12-15", "from": "09:00", "to": "12:00"}],
                             ip=fresh_ip())
        self.assertEqual(status, 201, doc)
        app, code = doc["application_id"], doc["security_code"]
        wait_until(lambda: status_of(app) == "proposed", 40, "the first request proposed")
        appt = live_appointment(app)
        for lang, spelling in (("nl", first.lower()), ("fr", first.upper()), ("en", first)):
            with self.subTest(lang=lang):
                status, out = submit(spelling, lang=lang, ip=fresh_ip())
                self.assertEqual(status, 409, out)
                self.assertEqual(out, {"errors": [{"field": "email", "code": "application_exists",
                                                   "message": EXISTS[lang]}]})
                # Nothing of the request in progress is in the answer.
                raw = json.dumps(out)
                for secret in (app, appt[0], "proposal", "Peeters"):
                    self.assertNotIn(secret, raw)
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE lower(email) = lower(:'e')",
                                   e=first), "1")
        self.assertEqual(status_of(app), "proposed")
        # One mail (a day) to the address, in the request's own language, with its link.
        wait_until(lambda: mail_rows(first, "application_exists") == [["sent", "fr", app]], 30,
                   "the application_exists mail")
        msg = wait_until(lambda: maildir_with(first, "déjà en cours"), 30, "the mail in the Maildir")
        time.sleep(1.0)  # a (wrong) second mail would be here by now
        self.assertEqual(len(maildir_with(first, "déjà en cours")), 1)
        text, page = mail_text(msg[0])
        token = LINK.search(text).group(1)
        self.assertIn(token, page)
        self.assertEqual(token_hash(token), appt[3])  # the link of the live appointment
        status, _, body = http("GET", "/api/v1/proposals/" + token, headers={"X-Security-Code": code})
        self.assertEqual(status, 200, body)
        self.assertNotIn(code, text)

    def test_5_no_proposal_yet_the_mail_says_it_follows(self):
        app, _, email = AbuseSteps.attackers[-1]  # waiting for its source's limit
        self.assertEqual(status_of(app), "waiting")
        for lang in ("en", "fr"):
            status, out = submit(email.upper(), lang=lang, ip=fresh_ip())
            self.assertEqual((status, out["errors"][0]["message"]), (409, EXISTS[lang]))
        wait_until(lambda: mail_rows(email, "application_exists") == [["sent", "nl", app]], 30,
                   "the application_exists mail")
        msg = wait_until(lambda: maildir_with(email, "loopt al"), 30, "the mail in the Maildir")[0]
        text, page = mail_text(msg)
        self.assertIn("We behandelen je aanvraag.", text)
        self.assertNotIn("/proposal/", text + page)
        self.assertEqual(status_of(app), "waiting")

    def test_6_the_form_refuses_it_under_the_e_mail_field(self):
        email = "Dup.Person.%s@example.be" % TAG  # the address of step 4, spelled otherwise
        ip = fresh_ip()
        _, _, token, cookie = get_form("en", ip)
        status, page = post_form(valid_fields(email=email), token, cookie, "en", ip)
        self.assertEqual(status, 409, page[:2000])
        field = re.search(r'<div class="field invalid"><label for="email">.*?</div>', page, re.S)
        self.assertIsNotNone(field, page)
        self.assertIn('<p class="error" id="email-error">%s</p>' % html.escape(EXISTS["en"], quote=True)
                      .replace("&#x27;", "&#39;"), field.group(0))
        self.assertIn('aria-invalid="true"', field.group(0))
        self.assertIsNone(re.search(r'id="security-code"', page))
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE lower(email) = lower(:'e')",
                                   e=email), "1")

    def test_7_concurrent_requests_for_one_address_leave_one_live(self):
        email = "race.%s@example.be" % TAG
        spellings = [email, email.upper(), email.title(), email] * 2

        def one(spelling):
            return submit(spelling, lang="en", ip=fresh_ip())

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(one, spellings))
        statuses = [s for s, _ in results]
        self.assertTrue(set(statuses) <= {201, 409}, results)
        accepted = [doc["application_id"] for s, doc in results if s == 201]
        self.assertGreaterEqual(len(accepted), 1)
        ids = "{%s}" % ",".join(accepted)
        wait_until(lambda: sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])",
                                     ids=ids) == str(len(accepted)), 40, "every accepted request recorded")
        rows = sql("SELECT id, status FROM applications WHERE lower(email) = lower(:'e')", e=email)
        self.assertEqual(len(rows), len(accepted))
        live = [r for r in rows if r[1] != "duplicate"]
        self.assertEqual(len(live), 1, rows)
        # A duplicate is never scheduled: no appointment, no "request received" mail.
        dups = "{%s}" % ",".join(r[0] for r in rows if r[1] == "duplicate")
        time.sleep(1.0)
        self.assertEqual(sql_value("SELECT count(*) FROM appointments WHERE application_id ="
                                   " ANY(:'ids'::uuid[])", ids=dups), "0")
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = ANY(:'ids'::uuid[])",
                                   ids=dups), "0")

    def test_8_recorders_racing_mark_the_second_duplicate(self):
        """Two messages for one address straight onto the topic (as two intakes
        would produce them when both passed their check): the database's unique
        index decides, whichever recorder replica gets which."""
        email = "Raw.Race.%s@example.be" % TAG
        ids = [str(uuid.uuid4()), str(uuid.uuid4())]
        for n, (app, spelling) in enumerate(zip(ids, (email, email.lower()))):
            data = {"last_name": "Race", "first_names": "Rita", "birth_date": "1980-01-01",
                    "birth_country": "BE", "birth_place": "Gent", "sex": "F", "insz": None,
                    "email": spelling, "motivation": "Ik wil mijn pensioen online raadplegen.",
                    "language": "en",
                    "preferred_slots": [{"date": "2026-12-15", "from": "09:00", "to": "10:00",
                                         "start": "2026-12-15T08:00:00Z",
                                         "end": "2026-12-15T09:00:00Z"}],
                    "security_code_hash": "0" * 64, "submitted_at": "2026-12-02T10:00:0%dZ" % n}
            msg = sealed_message("application.submitted", app, data)
            produce_raw("dk.applications.submitted", app, json.dumps(msg).encode())
        wait_until(lambda: sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])",
                                     ids="{%s}" % ",".join(ids)) == "2", 40, "both recorded")
        got = dict(sql("SELECT id, status FROM applications WHERE id = ANY(:'ids'::uuid[])",
                       ids="{%s}" % ",".join(ids)))
        dup = [app for app in ids if got[app] == "duplicate"]
        live = [app for app in ids if got[app] != "duplicate"]
        self.assertEqual((len(live), len(dup)), (1, 1), got)
        wait_until(lambda: mail_rows(email, "application_exists") == [["sent", "en", live[0]]], 30,
                   "the application_exists mail about the live one")
        self.assertEqual(sql_value("SELECT count(*) FROM appointments WHERE application_id = :'id'",
                                   id=dup[0]), "0")
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = :'id'",
                                   id=dup[0]), "0")


class MailCap(unittest.TestCase):
    def test_more_jobs_than_the_cap_for_one_mailbox_send_the_cap(self):
        """MAIL_CAP + 4 jobs for one mailbox, spelled four ways and spread over
        partitions (both mailer replicas): MAIL_CAP sent, the rest suppressed,
        none dead-lettered, and the log never names the address."""
        tag = uuid.uuid4().hex[:10]
        box = "capped-%s@example.be" % tag
        spellings = [box, box.upper(), "capped-%s+a@example.be" % tag, "Capped-%s+b@Example.be" % tag]
        total = MAIL_CAP + 4
        for n in range(total):
            app = str(uuid.uuid4())
            job = sealed_message("mail.requested", app, {
                "template": "request_received", "language": "en",
                "to": spellings[n % 4], "dedupe_key": "cap:%s:%d" % (tag, n),
                "vars": {"first_names": "Cap", "last_name": "Ped", "application_id": app,
                         "preferred_slots": []}})
            produce_raw("dk.mail.jobs", app, json.dumps(job).encode())
        done = lambda: sql("SELECT status, count(*) FROM mails WHERE dedupe_key LIKE :'k'"
                           " GROUP BY status ORDER BY status", k="cap:%s:%%" % tag)
        wait_until(lambda: sum(int(c) for _, c in done()) == total, 60, "every job handled")
        self.assertEqual(done(), [["sent", str(MAIL_CAP)], ["suppressed", "4"]])
        self.assertEqual(sql_value("SELECT count(DISTINCT recipient_key) FROM mails WHERE dedupe_key"
                                   " LIKE :'k'", k="cap:%s:%%" % tag), "1")
        time.sleep(1.0)
        delivered = [msg for msg, _ in maildir_messages() if tag in str(msg.get("To", "")).lower()]
        self.assertEqual(len(delivered), MAIL_CAP)
        apps = set(sql_value("SELECT string_agg(application_id::text, ',') FROM mails"
                             " WHERE dedupe_key LIKE :'k'", k="cap:%s:%%" % tag).split(","))
        letters = [m for m in topic_messages("dk.deadletter")
                   if m.get("application_id") in apps or tag in m["data"]["original"]]
        self.assertEqual(letters, [])
        logs = "".join(p.read_text(errors="replace") for p in (VAR / "log").glob("mailer*.log"))
        suppressed = [json.loads(l) for l in logs.splitlines() if '"mail_suppressed"' in l]
        self.assertGreaterEqual(len(suppressed), 4)
        self.assertNotIn(tag, logs)


if __name__ == "__main__":
    unittest.main()
