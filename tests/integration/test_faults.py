# SPDX-License-Identifier: EUPL-1.2
"""Faults on the real stack: the recorder killed with SIGKILL in the middle
of a stream of requests (its supervisor restarts it), the broker taken
down, a worker asked to stop.
What must hold: every request that got a 201 is in PostgreSQL exactly once
and got exactly one mail; the intake never answers 201 for a request it
could not make durable, and once the broker is back every partition is read
again; a worker stops cleanly on SIGTERM."""

import concurrent.futures
import json
import os
import signal
import subprocess
import threading
import time
import unittest
import uuid

from dk import (BIN, ENV, VAR, mail_counts_by_recipient, pid_of, post_json, sql_value,
                valid_application, wait_until)


class RecorderKilledMidStream(unittest.TestCase):
    def test_every_acknowledged_application_recorded_and_mailed_exactly_once(self):
        tag = uuid.uuid4().hex[:10]
        accepted, failures = [], []
        lock = threading.Lock()

        def one(i):
            body = valid_application(email="stream-%s-%d@example.be" % (tag, i))
            status, doc, _ = post_json(body)
            with lock:
                if status == 201:
                    accepted.append((doc["application_id"], body["email"]))
                else:
                    failures.append((status, doc))

        total = 400
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(one, i) for i in range(total)]
            wait_until(lambda: len(accepted) >= 100, 60, "100 acknowledged requests")
            killed = pid_of("recorder")
            os.kill(killed, signal.SIGKILL)
            # Requests keep coming while it is dead; its supervisor starts it
            # again by itself (infra/supervise.sh, after 0.5 s the first time).
            wait_until(lambda: pid_of("recorder") != killed, 15, "the recorder restarted")
            for f in futures:
                f.result()
        self.assertEqual(failures, [])
        self.assertEqual(len(accepted), total)
        ids = "{%s}" % ",".join(a for a, _ in accepted)
        count = lambda: int(sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])",
                                      ids=ids))
        wait_until(lambda: count() == total, 90, "all %d applications recorded" % total)
        self.assertEqual(sql_value("SELECT count(*) FROM (SELECT id FROM applications"
                                   " WHERE id = ANY(:'ids'::uuid[]) GROUP BY id HAVING count(*) > 1) d",
                                   ids=ids), "0")
        wait_until(lambda: int(sql_value("SELECT count(*) FROM mails WHERE status = 'sent' AND"
                                         " application_id = ANY(:'ids'::uuid[])", ids=ids)) == total,
                   120, "a sent mail for each")
        self.assertEqual(sql_value("SELECT count(*) FROM mails WHERE application_id = ANY(:'ids'::uuid[])",
                                   ids=ids), str(total))
        time.sleep(1.0)
        counts = mail_counts_by_recipient()
        for app_id, address in accepted:
            self.assertEqual(counts.get(address.lower()), 1, address)


class BrokerDown(unittest.TestCase):
    def test_503_never_201_while_down_and_recovery(self):
        broker = pid_of("broker")
        log = VAR / "log" / "broker.log"
        downs = log.read_bytes().count(b'"broker_down"')
        os.kill(broker, signal.SIGUSR1)
        try:
            # The fault is in place once the broker says so.
            wait_until(lambda: log.read_bytes().count(b'"broker_down"') > downs, 10, "broker down")
            statuses = []
            for _ in range(3):
                status, doc, headers = post_json(valid_application())
                statuses.append(status)
                self.assertNotEqual(status, 201, "a 201 while the broker was down")
                self.assertEqual(status, 503, doc)
                self.assertIn("try again", doc["error"])
                self.assertIn("Retry-After", headers)
        finally:
            os.kill(broker, signal.SIGUSR2)
        # Back up: the next requests succeed again within a bounded time.
        def accepted():
            status, doc, _ = post_json(valid_application())
            return doc["application_id"] if status == 201 else None
        app_id = wait_until(accepted, 60, "a 201 after the broker came back")
        wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 60,
                   "the application recorded after recovery")
        # Every partition is read again once the group has settled: 32
        # requests (keyed by their ids, so spread over the 8 partitions of
        # dk.schedule) each reach the scheduler, which proposes a slot or
        # lets it wait. A partition left unread after the rebalance (the
        # scheduler's fetcher start dropped by librdkafka, dk_hold.c) kept
        # requests 'submitted' until the next rebalance, minutes later.
        ids = [wait_until(accepted, 30, "a 201") for _ in range(32)]
        wait_until(lambda: sql_value("SELECT count(*) FROM applications WHERE id = ANY(:'ids'::uuid[])"
                                     " AND status <> 'submitted'", ids="{%s}" % ",".join(ids))
                   == "32", 30, "every request past the scheduler")


class GracefulStop(unittest.TestCase):
    def test_worker_exits_0_on_sigterm(self):
        env = dict(os.environ)
        env.update(ENV)
        log = VAR / "log" / "recorder-sigterm-test.log"
        with open(log, "wb") as out:
            p = subprocess.Popen([str(BIN / "dk-recorder")], env=env, stdout=out, stderr=out)
        try:
            wait_until(lambda: b'"event":"started"' in log.read_bytes(), 30, "worker started")
            time.sleep(0.5)
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(timeout=30), 0)
        finally:
            if p.poll() is None:
                p.kill()
        events = [json.loads(l)["event"] for l in log.read_text().splitlines() if l.startswith("{")]
        self.assertIn("stopping", events)
        self.assertEqual(events[-1], "stopped")


if __name__ == "__main__":
    unittest.main()
