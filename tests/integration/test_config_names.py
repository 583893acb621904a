# SPDX-License-Identifier: EUPL-1.2
"""A mistyped setting on the real binaries: the intake, a worker and the
operator CLI refuse to start on an unknown DK_* name (exit 2), name the
setting that was probably meant, and the intake never listens. The names
the scripts export for themselves (DK_BUILD, ...) do not stop them. A
Kafka property librdkafka refuses stops the dashboard (exit 1) before it
listens."""

import os
import pathlib
import signal
import subprocess
import tempfile
import unittest

from dk import BIN, ENV, wait_until

TYPO = "DK_INTAKE_PRT is not a setting (did you mean DK_INTAKE_PORT?)"


def env_with(**extra):
    env = dict(os.environ)
    env.update(ENV)
    env["DK_INTAKE_PORT"] = "0"
    env.update(extra)
    return env


class UnknownNamesRefused(unittest.TestCase):
    def start_intake(self, env):
        """Runs dk-intake until it listens (then SIGTERM) or exits: (status, stderr, listened)."""
        with tempfile.TemporaryDirectory() as d:
            ready = pathlib.Path(d) / "url"
            p = subprocess.Popen([str(BIN / "dk-intake"), "--ready-file", str(ready)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            try:
                wait_until(lambda: p.poll() is not None or ready.exists(), 30, "exit or listen")
                listened = ready.exists()
                if listened:
                    p.send_signal(signal.SIGTERM)
                err = p.communicate(timeout=30)[1]
            finally:
                if p.poll() is None:
                    p.kill()
                    p.communicate()
            return p.returncode, err, listened

    def test_the_intake_refuses_a_typo_and_names_the_setting(self):
        rc, err, listened = self.start_intake(env_with(DK_INTAKE_PRT="8080"))
        self.assertEqual(rc, 2, err)
        self.assertFalse(listened)
        self.assertIn("bad_configuration", err)
        self.assertIn(TYPO, err)

    def test_a_worker_and_the_cli_refuse_it_too(self):
        run = subprocess.run([str(BIN / "dk-scheduler")], env=env_with(DK_INTAKE_PRT="1"),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertIn(TYPO, run.stderr)
        run = subprocess.run([str(BIN / "dk"), "config"], env=env_with(DK_LOG_LEVLE="debug"),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("DK_LOG_LEVLE is not a setting (did you mean DK_LOG_LEVEL?)", run.stderr)
        self.assertEqual(run.stdout, "")

    def test_the_dashboard_exits_on_a_kafka_property_librdkafka_refuses(self):
        """Its figures come from its consumer: without one it must not serve."""
        with tempfile.TemporaryDirectory() as d:
            ready = pathlib.Path(d) / "url"
            env = env_with(DK_DASHBOARD_PORT="0", DK_METRICS_PORT="0",
                           DK_KAFKA_CONFIG="no.such.property=1")
            run = subprocess.run([str(BIN / "dk-dashboard"), "--ready-file", str(ready)], env=env,
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertFalse(ready.exists())
            self.assertIn("no.such.property", run.stderr)

    def test_script_names_and_real_settings_start(self):
        env = env_with(DK_BUILD="build", DK_BENCH_SECONDS="5", DK_SMTP_PORT="2525",
                       DK_INTAKE_PORT="0", DK_UPLOAD_MAX="12582912")
        rc, err, listened = self.start_intake(env)
        self.assertTrue(listened, err)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("bad_configuration", err)


if __name__ == "__main__":
    unittest.main()
