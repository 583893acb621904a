# SPDX-License-Identifier: EUPL-1.2
"""Default secrets on the real stack: the binaries refuse to start on the
embedded development keys unless told they run in development
(DK_DEVELOPMENT=1, which infra/stack.sh sets); the embedded PostgreSQL asks
for a password (scram-sha-256) and trusts nobody; the files holding the
passwords are readable by their owner only."""

import json
import os
import pathlib
import signal
import stat
import subprocess
import tempfile
import unittest

from dk import BIN, ENV, VAR, psql_connection, wait_until

KEYS = ("DK_CODE_KEY", "DK_TOKEN_KEY", "DK_CSRF_KEY", "DK_DOCUMENT_KEY", "DK_MESSAGE_KEY",
        "DK_ACTIVATION_KEY")


def env_with(development, keys):
    """The stack's environment, DK_DEVELOPMENT as given (None = unset) and
    the four keys as given (None = unset: the embedded development key)."""
    env = dict(os.environ)
    env.update(ENV)
    env.pop("DK_DEVELOPMENT", None)
    if development is not None:
        env["DK_DEVELOPMENT"] = development
    for k in KEYS:
        env.pop(k, None)
        if keys.get(k) is not None:
            env[k] = keys[k]
    env["DK_INTAKE_PORT"] = "0"
    return env


def events(text):
    out = []
    for line in text.splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


REAL = {k: "integration-%s-%s" % (k.lower(), "x" * 32) for k in KEYS}


class DevelopmentKeysRefused(unittest.TestCase):
    def start_intake(self, env):
        """Runs dk-intake until it listens (then SIGTERM) or exits.
        Returns (exit status, its log lines, whether it listened)."""
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
            return p.returncode, events(err), listened

    def test_intake_refuses_the_development_keys_outside_development(self):
        for development in (None, "0"):
            rc, lines, listened = self.start_intake(env_with(development, {}))
            self.assertEqual(rc, 2)
            self.assertFalse(listened)
            refused = [l for l in lines if l["event"] == "development_secrets_refused"]
            self.assertEqual(len(refused), 1, lines)
            self.assertEqual(refused[0]["level"], "error")
            for k in KEYS:
                self.assertIn(k, refused[0]["msg"])
            self.assertIn("DK_DEVELOPMENT=1", refused[0]["msg"])

    def test_one_default_key_is_enough_to_refuse(self):
        keys = dict(REAL, DK_TOKEN_KEY=None)
        rc, lines, _ = self.start_intake(env_with(None, keys))
        self.assertEqual(rc, 2)
        msg = [l for l in lines if l["event"] == "development_secrets_refused"][0]["msg"]
        self.assertTrue(msg.startswith("DK_TOKEN_KEY:"), msg)
        self.assertNotIn("DK_CODE_KEY", msg)
        # The development key typed in by hand, or an empty key, is no better.
        for weak in ("dev-only-insecure-secret-change-me", ""):
            rc, lines, _ = self.start_intake(env_with(None, dict(REAL, DK_CSRF_KEY=weak)))
            self.assertEqual(rc, 2)
            self.assertIn("DK_CSRF_KEY", [l for l in lines
                                          if l["event"] == "development_secrets_refused"][0]["msg"])

    def test_a_weak_key_is_refused_by_name(self):
        # Set, not the development key, but short (or one character over and
        # over): the intake names it and does not start.
        for weak in ("k", "0123456789abcdef0123456789abcde", "z" * 64):
            rc, lines, listened = self.start_intake(env_with(None, dict(REAL, DK_CODE_KEY=weak)))
            self.assertEqual(rc, 2, lines)
            self.assertFalse(listened)
            msg = [l for l in lines if l["event"] == "development_secrets_refused"][0]["msg"]
            self.assertTrue(msg.startswith("DK_CODE_KEY: too weak"), msg)
            self.assertNotIn("DK_CSRF_KEY", msg)
            if len(weak) > 8:
                self.assertNotIn(weak, msg)  # the value itself is never logged

    def test_intake_starts_in_development_or_with_real_keys(self):
        for development, keys in (("1", {}), (None, REAL)):
            rc, lines, listened = self.start_intake(env_with(development, keys))
            self.assertTrue(listened, lines)
            self.assertEqual(rc, 0, lines)
            self.assertNotIn("development_secrets_refused", [l["event"] for l in lines])

    def test_a_worker_refuses_them_too(self):
        run = subprocess.run([str(BIN / "dk-scheduler")], env=env_with(None, {}),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 2)
        self.assertIn("development_secrets_refused", [l["event"] for l in events(run.stderr)])

    def test_cli_needs_keys_only_where_it_uses_them(self):
        env = env_with(None, {})
        upload = subprocess.run([str(BIN / "dk"), "document", "upload",
                                 "00000000-0000-4000-8000-000000000000", "/dev/null"],
                                env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(upload.returncode, 2)
        self.assertIn("development_secrets_refused", upload.stderr)
        self.assertIn("DK_DOCUMENT_KEY", upload.stderr)
        config = subprocess.run([str(BIN / "dk"), "config"], env=env, capture_output=True,
                                text=True, timeout=30)
        self.assertEqual(config.returncode, 0, config.stderr)
        self.assertIn("DK_DEVELOPMENT", config.stdout)

    def test_the_stack_says_it_is_development(self):
        self.assertEqual(ENV.get("DK_DEVELOPMENT"), "1")


class PostgresAsksForAPassword(unittest.TestCase):
    def psql(self, dsn, password):
        env = dict(os.environ, PGPASSFILE="/dev/null", PGCONNECT_TIMEOUT="10")
        env.pop("PGPASSWORD", None)
        if password is not None:
            env["PGPASSWORD"] = password
        return subprocess.run(["psql", "-X", "-w", "-A", "-t", "-c", "SELECT current_user", dsn],
                              env=env, capture_output=True, text=True, timeout=30)

    def test_no_password_no_connection(self):
        dsn, env = psql_connection()
        password = env.get("PGPASSWORD")
        self.assertTrue(password and len(password) >= 32, "DK_PG_DSN has no generated password")
        ok = self.psql(dsn, password)
        self.assertEqual((ok.returncode, ok.stdout.strip()), (0, "dk"), ok.stderr)
        for user_dsn in (dsn, dsn.replace("user=dk", "user=postgres dbname=postgres")):
            refused = self.psql(user_dsn, None)
            self.assertNotEqual(refused.returncode, 0)
            self.assertIn("password", refused.stderr)
            wrong = self.psql(user_dsn, password[::-1])
            self.assertNotEqual(wrong.returncode, 0)
            self.assertIn("password authentication failed", wrong.stderr)

    def test_pg_hba_trusts_nobody(self):
        rules = [l.split() for l in (VAR / "pg" / "data" / "pg_hba.conf").read_text().splitlines()
                 if l.strip() and not l.lstrip().startswith("#")]
        self.assertTrue(rules)
        for rule in rules:
            self.assertEqual(rule[-1], "scram-sha-256", rule)

    def test_password_files_are_private(self):
        for f in (VAR / "stack.env", VAR / "pg" / "dk.password", VAR / "pg" / "postgres.password"):
            self.assertEqual(stat.S_IMODE(f.stat().st_mode), 0o600, f)


if __name__ == "__main__":
    unittest.main()
