# SPDX-License-Identifier: EUPL-1.2
"""Supervision of the embedded stack (infra/supervise.sh under infra/stack.sh):
a pipeline process killed with SIGKILL comes back by itself, the intake on
the same address, and its death is a loud "process_died" line in its log; a
process stopped on purpose stays stopped; the supervisor's rules (backoff,
exit 0, exit 2, --no-restart) hold for any command."""

import json
import os
import pathlib
import signal
import subprocess
import tempfile
import time
import unittest

import dk
from dk import (ROOT, VAR, log_events, pid_of, post_json, sql_value, stack, valid_application,
                wait_until)

SUPERVISE = str(ROOT / "infra" / "supervise.sh")


def running(pid):
    try:
        state = pathlib.Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def cmdline(pid):
    """Empty for a moment while the process execs."""
    try:
        return pathlib.Path("/proc/%d/cmdline" % pid).read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def healthy():
    try:
        return dk.http("GET", "/healthz", timeout=2)[0] == 200
    except OSError:
        return False


class KilledProcessesComeBack(unittest.TestCase):
    def test_intake_killed_comes_back_on_the_same_url_and_records(self):
        url_file = VAR / "run" / "intake.url"
        self.assertEqual(url_file.read_text().strip(), dk.INTAKE)
        killed = pid_of("intake")
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: pid_of("intake") != killed, 15, "a new intake process")
        new = pid_of("intake")
        self.assertTrue(running(new))
        # Its command line is empty while the supervisor's child execs.
        wait_until(lambda: "dk-intake" in cmdline(new), 10, "the new process to be dk-intake")
        # The same address as stack.env and the links already mailed.
        wait_until(healthy, 20, "the intake answering on %s" % dk.INTAKE)
        self.assertEqual(url_file.read_text().strip(), dk.INTAKE)
        # A request made after the restart goes all the way to PostgreSQL.
        status, doc, _ = post_json(valid_application())
        self.assertEqual(status, 201, doc)
        wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'",
                                     id=doc["application_id"]), 30, "the application recorded")
        died = [d for d in log_events("intake", "process_died") if d["pid"] == killed]
        self.assertEqual(len(died), 1, died)
        self.assertEqual(died[0]["level"], "error")
        self.assertEqual(died[0]["process"], "intake")
        self.assertEqual(died[0]["signal"], "SIGKILL")
        self.assertIsNone(died[0]["status"])
        self.assertGreaterEqual(died[0]["restart_in_ms"], 500)
        self.assertLessEqual(died[0]["restart_in_ms"], 10000)

    def test_worker_killed_twice_comes_back_with_a_growing_delay(self):
        name = "mailer-2" if (VAR / "run" / "mailer-2.pid").exists() else "mailer"
        delays = []
        for _ in range(2):
            starts = len(log_events(name, "started"))
            killed = pid_of(name)
            os.kill(killed, signal.SIGKILL)
            wait_until(lambda: pid_of(name) != killed, 20, "a new %s process" % name)
            wait_until(lambda: "dk-mailer" in cmdline(pid_of(name)), 10, "dk-mailer exec'd")
            # The new process joins its consumer group again.
            wait_until(lambda: len(log_events(name, "started")) > starts, 30,
                       "%s started again" % name)
            died = [d for d in log_events(name, "process_died") if d["pid"] == killed]
            self.assertEqual(len(died), 1, died)
            self.assertEqual(died[0]["signal"], "SIGKILL")
            delays.append(died[0]["restart_in_ms"])
        # It ran less than 60 s in between: the second delay is twice the first.
        self.assertEqual(delays[1], 2 * delays[0])

    def test_stopped_on_purpose_stays_stopped_until_started(self):
        name = "scheduler-2" if (VAR / "run" / "scheduler-2.pid").exists() else "scheduler"
        pid = pid_of(name)
        sup = int((VAR / "run" / ("%s.supervisor" % name)).read_text())
        deaths = len(log_events(name, "process_died"))
        stack("stop", name)
        try:
            self.assertFalse(running(pid))
            self.assertFalse(running(sup))
            time.sleep(2.0)  # longer than the first restart delay
            self.assertFalse((VAR / "run" / ("%s.pid" % name)).exists())
            self.assertEqual(len(log_events(name, "process_died")), deaths)
            self.assertEqual(log_events(name, "stopped")[-1]["msg"], "clean exit")
        finally:
            stack("start", name)
        self.assertTrue(running(pid_of(name)))


class SupervisorRules(unittest.TestCase):
    """infra/supervise.sh on its own, around a shell command."""

    def supervise(self, script, *opts, timeout=30):
        with tempfile.TemporaryDirectory() as d:
            pidfile = os.path.join(d, "p.pid")
            run = subprocess.run([SUPERVISE, *opts, "demo", pidfile, "--", "sh", "-c", script, d],
                                 capture_output=True, text=True, timeout=timeout)
            lines = [json.loads(l) for l in run.stderr.splitlines() if l.startswith("{")]
            return run.returncode, lines

    def test_restarted_with_doubling_delay_until_a_clean_exit(self):
        # Fails twice (status 3, then SIGKILL), then exits 0: three runs.
        script = ('n=$(cat "$0/n" 2>/dev/null || echo 0); echo $((n + 1)) > "$0/n";'
                  'case $n in 0) exit 3 ;; 1) kill -KILL $$ ;; *) exit 0 ;; esac')
        rc, lines = self.supervise(script)
        self.assertEqual(rc, 0)
        died = [l for l in lines if l["event"] == "process_died"]
        self.assertEqual([(d["status"], d["signal"], d["restart_in_ms"]) for d in died],
                         [(3, None, 500), (None, "SIGKILL", 1000)])
        self.assertEqual(lines[-1]["event"], "process_exited")
        self.assertEqual(lines[-1]["level"], "info")

    def test_exit_2_is_not_restarted(self):
        rc, lines = self.supervise('echo x >> "$0/runs"; exit 2')
        self.assertEqual(rc, 2)
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["event"], "process_died")
        self.assertEqual(lines[0]["status"], 2)
        self.assertIsNone(lines[0]["restart_in_ms"])
        self.assertIn("configuration", lines[0]["msg"])

    def test_no_restart_logs_the_death_only(self):
        rc, lines = self.supervise("exit 5", "--no-restart")
        self.assertEqual(rc, 5)
        self.assertEqual([(l["event"], l["status"], l["restart_in_ms"]) for l in lines],
                         [("process_died", 5, None)])

    def test_sigterm_to_the_supervisor_stops_without_restart(self):
        with tempfile.TemporaryDirectory() as d:
            pidfile = pathlib.Path(d) / "p.pid"
            p = subprocess.Popen([SUPERVISE, "demo", str(pidfile), "--", "sleep", "60"],
                                 stderr=subprocess.PIPE, text=True)
            try:
                wait_until(pidfile.exists, 10, "the pid file")
                child = int(pidfile.read_text())
                self.assertTrue(running(child))
                p.send_signal(signal.SIGTERM)
                err = p.communicate(timeout=10)[1]
                self.assertEqual(p.returncode, 128 + signal.SIGTERM)  # sleep's own status
                self.assertFalse(running(child))
                self.assertNotIn("process_died", err)
            finally:
                if p.poll() is None:
                    p.kill()

    def test_usage(self):
        run = subprocess.run([SUPERVISE, "demo"], capture_output=True, text=True, timeout=10)
        self.assertEqual(run.returncode, 2)
        self.assertIn("usage", run.stderr)


if __name__ == "__main__":
    unittest.main()
