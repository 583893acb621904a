# SPDX-License-Identifier: EUPL-1.2
"""test_metrics.py — the metrics ports of the running stack (common/metrics):
every process listed in DK_METRICS_URLS answers /healthz and /readyz; Debian's
real Prometheus, configured from DK_METRICS_URLS (scrape interval 1 s,
loopback only), scrapes them all (up == 1) and, after a few applications,
answers through its HTTP API the intake's requests by route and status, the
messages the recorder consumed, and the alert rules of infra/monitoring
loaded; /readyz turns 503 naming the broker while the broker is down, and
PostgreSQL while PostgreSQL is stopped, and 200 again once they are back."""

import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

from dk import (ENV, ROOT, VAR, log_events, pid_of, post_json, stack, valid_application,
                wait_until)

URLS = ENV.get("DK_METRICS_URLS", "").split()


def get(url, timeout=10):
    """(status, body text); never raises on an HTTP error."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return 0, str(e)


def metrics_url(name):
    return (VAR / "run" / ("%s.metrics_url" % name)).read_text().strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prometheus_config(targets, rules):
    """Prometheus's configuration (YAML is a superset of JSON)."""
    return json.dumps({
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(rules)],
        "scrape_configs": [{"job_name": "dk", "static_configs": [{"targets": targets}]}],
    }, indent=2)


class Ports(unittest.TestCase):
    def test_every_process_listed_and_healthy(self):
        names = ["broker", "register", "intake", "console"]
        for w in ("recorder", "mailer", "docchecker", "scheduler", "timers"):
            names.append(w)
        self.assertEqual(len(URLS), len(set(URLS)), "one port per process")
        for name in names:
            self.assertIn(metrics_url(name), URLS, name)
        for url in URLS:
            self.assertTrue(url.startswith("http://127.0.0.1:"), url)
            self.assertEqual(get(url + "/healthz"), (200, "ok\n"), url)
            status, body = get(url + "/readyz")
            self.assertEqual((status, json.loads(body)), (200, {"status": "ready"}), url)
            status, body = get(url + "/metrics")
            self.assertEqual(status, 200, url)
            self.assertIn("# TYPE dk_service_info gauge\n", body)
        # Nothing else is served there, and nothing but GET.
        self.assertEqual(get(metrics_url("intake") + "/api/v1/applications")[0], 404)
        req = urllib.request.Request(metrics_url("intake") + "/metrics", data=b"x", method="POST")
        with self.assertRaises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(e.exception.code, 405)

    def test_mailer_ready_asks_smtp(self):
        status, body = get(metrics_url("mailer") + "/readyz")
        self.assertEqual(status, 200, body)
        stack("stop", "smtp")
        try:
            status, body = get(metrics_url("mailer") + "/readyz")
            self.assertEqual(status, 503, body)
            self.assertIn("smtp", json.loads(body)["down"])
            # The recorder has no relay to ask.
            self.assertEqual(get(metrics_url("recorder") + "/readyz")[0], 200)
        finally:
            stack("start", "smtp")
        wait_until(lambda: get(metrics_url("mailer") + "/readyz")[0] == 200, 30, "mailer ready")

    def test_every_assigned_partition_shows_its_lag(self):
        """Each scheduler replica reports the lag of every partition its last
        assignment gave it, those it has read nothing of since included (they
        were left out, so a partition assigned and never fetched could not
        make DkConsumerLagGrowing fire)."""
        replicas = [n for n in ("scheduler", "scheduler-2")
                    if (VAR / "run" / ("%s.metrics_url" % n)).exists()]
        self.assertTrue(replicas)

        def assigned(name):
            last = log_events(name, "started", "partitions_assigned", "partitions_revoked")
            if last and last[-1]["event"] == "partitions_assigned":
                return set(last[-1]["partitions"])
            return None

        def shown(name):
            body = get(metrics_url(name) + "/metrics")[1]
            series = re.findall(r'^dk_consumer_lag_messages\{group="dk-scheduler",'
                                r'topic="([^"]+)",partition="(\d+)"\}', body, re.M)
            return {"%s/%s" % s for s in series}

        for name in replicas:
            wait_until(lambda: assigned(name) and assigned(name) <= shown(name), 20,
                       "%s's lag for each of its partitions" % name)


@unittest.skipUnless(shutil.which("prometheus") and shutil.which("promtool"),
                     "Debian's prometheus is not installed (infra/deps.sh test)")
class RealPrometheus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = pathlib.Path(tempfile.mkdtemp(prefix="prometheus-", dir=VAR))
        targets = [urllib.parse.urlsplit(u).netloc for u in URLS]
        config = cls.dir / "prometheus.yml"
        config.write_text(prometheus_config(targets, ROOT / "infra" / "monitoring" / "alerts.yml"))
        check = subprocess.run(["promtool", "check", "config", str(config)], capture_output=True,
                               text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr
        cls.port = free_port()
        cls.api = "http://127.0.0.1:%d/api/v1/" % cls.port
        cls.log = open(cls.dir / "prometheus.log", "wb")
        cls.proc = subprocess.Popen(
            ["prometheus", "--config.file=" + str(config),
             "--storage.tsdb.path=" + str(cls.dir / "data"),
             "--web.listen-address=127.0.0.1:%d" % cls.port,
             "--storage.tsdb.retention.time=1h"],
            stdout=cls.log, stderr=cls.log)
        wait_until(lambda: get("http://127.0.0.1:%d/-/ready" % cls.port, 2)[0] == 200, 60,
                   "prometheus ready")

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        try:
            cls.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
            cls.proc.wait(timeout=10)
        cls.log.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def query(self, expr):
        status, body = get(self.api + "query?" + urllib.parse.urlencode({"query": expr}))
        self.assertEqual(status, 200, body)
        doc = json.loads(body)
        self.assertEqual(doc["status"], "success", doc)
        return doc["data"]["result"]

    def value(self, expr):
        """The one value of a scalar-like query, or None when it has no series."""
        r = self.query(expr)
        return float(r[0]["value"][1]) if r else None

    def test_scrapes_every_target_and_answers_series(self):
        # Every target up.
        def all_up():
            r = self.query("up")
            return len(r) == len(URLS) and all(x["value"][1] == "1" for x in r)
        wait_until(all_up, 60, "up == 1 for every target")
        services = {x["metric"]["service"] for x in self.query("dk_service_info == 1")}
        self.assertEqual(services, {"broker", "register", "intake", "console", "recorder",
                                    "mailer", "docchecker", "scheduler", "timers", "dashboard"})
        intake = urllib.parse.urlsplit(metrics_url("intake")).netloc
        route = ('dk_http_requests_total{instance="%s",server="intake",'
                 'route="/api/v1/applications",method="POST",status="201"}' % intake)
        before = self.value(route) or 0
        consumed = 'sum(dk_messages_consumed_total{topic="dk.applications.submitted"})'
        consumed_before = self.value(consumed) or 0
        for _ in range(3):
            status, doc, _ = post_json(valid_application())
            self.assertEqual(status, 201, doc)
        wait_until(lambda: (self.value(route) or 0) >= before + 3, 30,
                   "3 more POST 201 on the intake's route in Prometheus")
        wait_until(lambda: (self.value(consumed) or 0) >= consumed_before + 3, 60,
                   "3 more applications consumed by the recorders in Prometheus")
        # A token never becomes a label: a proposal page is its pattern.
        self.assertEqual(get(ENV["DK_INTAKE_URL"] + "/proposal/not-a-real-token-123")[0], 404)
        wait_until(lambda: self.query('dk_http_requests_total{route="/proposal/*",status="404"}'),
                   30, "the proposal route's 404 in Prometheus")
        self.assertEqual(self.query('{__name__=~"dk_.*",route=~".*not-a-real-token.*"}'), [])
        # The latency histogram, with its buckets.
        p99 = self.value('histogram_quantile(0.99, sum by (le) (rate('
                         'dk_http_request_duration_seconds_bucket{server="intake"}[1m])))')
        self.assertIsNotNone(p99)
        self.assertTrue(self.query('dk_batch_duration_seconds_count > 0'))
        self.assertTrue(self.query('dk_outbox_backlog_messages >= 0'))
        self.assertTrue(self.query('dk_timers_fired_total{kind="promise"}'))
        self.assertTrue(self.query('dk_consumer_lag_messages{group="dk-recorder"}'))
        # The alert rules of infra/monitoring are loaded and evaluated.
        status, body = get(self.api + "rules")
        groups = json.loads(body)["data"]["groups"]
        names = {r["name"] for g in groups for r in g["rules"]}
        for alert in ("DkConsumerLagGrowing", "DkDeadLetters", "DkOutboxBacklog",
                      "DkPromiseAtRisk", "DkSmtpFailing", "DkTargetDown"):
            self.assertIn(alert, names)
        self.assertEqual([r["name"] for g in groups for r in g["rules"]
                          if r.get("health") == "err"], [], body)


class ReadyWhenDependenciesFail(unittest.TestCase):
    def readyz(self, name):
        status, body = get(metrics_url(name) + "/readyz", timeout=15)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def wait_ready(self, names):
        for n in names:
            wait_until(lambda n=n: self.readyz(n)[0] == 200, 60, n + " ready again")

    def test_broker_down_and_back(self):
        broker = pid_of("broker")
        names = ("intake", "recorder", "timers")
        os.kill(broker, signal.SIGUSR1)
        try:
            for n in names + ("broker",):
                def down(n=n):
                    status, doc = self.readyz(n)
                    return status == 503 and "broker" in doc["down"]
                wait_until(down, 30, n + "'s /readyz naming the broker")
            self.assertNotIn("postgresql", self.readyz("intake")[1]["down"])
            # Alive all the same.
            self.assertEqual(get(metrics_url("intake") + "/healthz")[0], 200)
        finally:
            os.kill(broker, signal.SIGUSR2)
        self.wait_ready(names + ("broker",))

    def test_postgresql_stopped_and_back(self):
        pgdata = VAR / "pg" / "data"
        ctl = ["/usr/lib/postgresql/15/bin/pg_ctl", "-D", str(pgdata)]
        if os.getuid() == 0:
            ctl = ["runuser", "-u", "postgres", "--"] + ctl
        subprocess.run(ctl + ["-m", "fast", "-w", "stop"], check=True, capture_output=True,
                       timeout=60)
        try:
            for n in ("intake", "console", "register", "recorder", "mailer"):
                def down(n=n):
                    status, doc = self.readyz(n)
                    return status == 503 and "postgresql" in doc["down"]
                wait_until(down, 30, n + "'s /readyz naming PostgreSQL")
            self.assertEqual(self.readyz("broker")[0], 200)  # the broker needs no database
        finally:
            stack("up")  # starts PostgreSQL again, on its port; what runs is left alone
        self.wait_ready(("intake", "console", "register", "recorder", "mailer", "scheduler"))
        # And the pipeline works again.
        def accepted():
            status, doc, _ = post_json(valid_application())
            return status == 201
        wait_until(accepted, 60, "a 201 after PostgreSQL came back")


if __name__ == "__main__":
    unittest.main()
