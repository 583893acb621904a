# SPDX-License-Identifier: EUPL-1.2
"""test_register.py — the register of stolen, lost and cancelled documents
(issue 11 item 4) on the real stack: `dk register check` asks the
development register (dk-register, started by the stack at DK_REGISTER_URL)
through the adapter of common/register and records each check in
register_checks. A reported document is flagged with its reason, another is
clear; the register stopped, slow beyond the timeout, asking for a token we
lack, or behind a certificate we do not trust is unavailable — never clear —
with the requests counted on both sides. The README's contract section is
the one the register answers."""

import http.server
import json
import os
import pathlib
import random
import re
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

from dk import (BIN, ENV, ROOT, VAR, pid_of, post_json, sql, sql_value, stack, valid_application,
                wait_until)

REGISTER = ENV["DK_REGISTER_URL"]


def number():
    return "T%08d" % random.randint(0, 99999999)


def dk(*args, **settings):
    """`dk ARGS` with the stack's environment and these DK_* settings."""
    env = dict(os.environ)
    env.update(ENV)
    for k in [k for k in env if k.startswith("DK_REGISTER_") and k != "DK_REGISTER_URL"]:
        del env[k]
    env.update(settings)
    return subprocess.run([str(BIN / "dk"), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def check(num, *args, **settings):
    run = dk("register", "check", num, "--json", *args, **settings)
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr)
    return json.loads(run.stdout)


def row(check_id):
    rows = sql("SELECT status, coalesce(reason, ''), coalesce(since::text, ''), attempts,"
               " coalesce(http_status, 0), document_number_hash, to_jsonb(c)::text,"
               " coalesce(application_id::text, '') FROM register_checks c WHERE id = :'id'",
               id=check_id)
    assert len(rows) == 1, rows
    return rows[0]


def metric(name):
    """The development register's counter (its /metrics line), or 0."""
    with urllib.request.urlopen(REGISTER + "/metrics", timeout=10) as r:
        text = r.read().decode()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return int(line.split()[1])
    return 0


def restart_register(**settings):
    """The register stopped and started again (same address) with these settings."""
    stack("stop", "register")
    env = dict(os.environ)
    for k in [k for k in env if k.startswith("DK_REGISTER_")]:
        del env[k]
    env.update(settings)
    subprocess.run([str(ROOT / "infra" / "stack.sh"), "start", "register"], check=True,
                   capture_output=True, env=env, timeout=60)


def post(path, body, headers=None, method="POST"):
    req = urllib.request.Request(REGISTER + path, data=body, method=method,
                                 headers=headers or {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


class Register(unittest.TestCase):
    def test_reported_document_flagged_with_its_reason(self):
        num = number()
        add = dk("register", "add", num, "--reason", "stolen", "--since", "2026-11-20",
                 "--note", "aangifte politie")
        self.assertEqual(add.returncode, 0, add.stderr)
        listed = [json.loads(l) for l in dk("register", "list", "--json").stdout.splitlines()]
        self.assertIn({"document_number": num, "issuing_state": "BEL", "document_type": None,
                       "reason": "stolen", "since": "2026-11-20", "note": "aangifte politie"},
                      listed)
        got = check(num)
        self.assertEqual(got["status"], "reported")
        self.assertEqual(got["reason"], "stolen")
        self.assertEqual(got["since"], "2026-11-20")
        self.assertIn("development register", got["authority"])
        self.assertEqual(got["register_said"]["document_number"], num)
        self.assertEqual(got["attempts"], 1)
        status, reason, since, attempts, http, hashed, whole, _ = row(got["check_id"])
        self.assertEqual((status, reason, since, attempts, http),
                         ("reported", "stolen", "2026-11-20", "1", "200"))
        # The record keeps a keyed hash of the number, not the number.
        self.assertRegex(hashed, "^[0-9a-f]{64}$")
        self.assertNotIn(num, whole)
        # The same number checked again: the same hash (the dossier finds its checks).
        again = check(num)
        self.assertEqual(row(again["check_id"])[5], hashed)
        # Every reason is carried; the plain output says it.
        for reason in ("lost", "cancelled", "invalidated"):
            n = number()
            self.assertEqual(dk("register", "add", n, "--reason", reason).returncode, 0)
            self.assertEqual(check(n)["reason"], reason)
        text = dk("register", "check", num)
        self.assertEqual(text.returncode, 0)
        self.assertIn("reported stolen since 2026-11-20", text.stdout)

    def test_clear_document_is_clear(self):
        num = number()
        got = check(num, "--state", "NLD", "--type", "P")
        self.assertEqual(got["status"], "clear")
        self.assertIsNone(got["reason"])
        self.assertEqual((got["document_type"], got["issuing_state"], got["document_number"]),
                         ("P", "NLD", num))
        self.assertEqual(row(got["check_id"])[:5], ["clear", "", "", "1", "200"])

    def test_report_scoped_by_type_and_state_and_removed(self):
        num = number()
        self.assertEqual(dk("register", "add", num, "--reason", "lost", "--type", "I",
                            "--state", "NLD").returncode, 0)
        self.assertEqual(check(num, "--type", "ID", "--state", "NLD")["status"], "reported")
        self.assertEqual(check(num, "--type", "P", "--state", "NLD")["status"], "clear")
        self.assertEqual(check(num, "--type", "I", "--state", "BEL")["status"], "clear")
        # Added again: updated, not doubled.
        self.assertEqual(dk("register", "add", num, "--reason", "cancelled", "--type", "I",
                            "--state", "NLD").returncode, 0)
        self.assertEqual(sql_value("SELECT count(*) FROM register_reports WHERE"
                                   " document_number = :'n'", n=num), "1")
        self.assertEqual(check(num, "--type", "I", "--state", "NLD")["reason"], "cancelled")
        self.assertEqual(dk("register", "remove", num, "--state", "NLD").returncode, 0)
        self.assertEqual(check(num, "--type", "I", "--state", "NLD")["status"], "clear")
        self.assertEqual(dk("register", "remove", num, "--state", "NLD").returncode, 1)
        # A report of every type, added twice: one row, the last reason.
        other = number()
        for reason in ("lost", "stolen"):
            self.assertEqual(dk("register", "add", other, "--reason", reason).returncode, 0)
        self.assertEqual(sql("SELECT reason, document_type IS NULL FROM register_reports"
                             " WHERE document_number = :'n'", n=other), [["stolen", "t"]])

    def test_check_for_an_application(self):
        status, doc, _ = post_json(valid_application())
        self.assertEqual(status, 201, doc)
        app = doc["application_id"]
        wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app),
                   30, "the application recorded")
        got = check(number(), "--application", app)
        self.assertEqual(row(got["check_id"])[7], app)
        self.assertEqual(got["application_id"], app)

    def test_register_stopped_is_unavailable_never_clear(self):
        num = number()
        before = int(sql_value("SELECT count(*) FROM register_checks"))
        stack("stop", "register")
        try:
            got = check(num, DK_REGISTER_RETRIES="2", DK_REGISTER_BACKOFF_MS="20")
            self.assertEqual(got["status"], "unavailable")
            self.assertEqual(got["reason"], "connect")
            self.assertEqual(got["attempts"], 3)
            self.assertIsNone(got["register_said"])
            self.assertEqual(row(got["check_id"])[:5], ["unavailable", "connect", "", "3", "0"])
            text = dk("register", "check", num)
            self.assertIn("unavailable", text.stdout)
            self.assertIn("not a clear answer", text.stdout)
            self.assertEqual(int(sql_value("SELECT count(*) FROM register_checks")), before + 2)
        finally:
            stack("start", "register")
        self.assertEqual(check(num)["status"], "clear")

    def test_register_killed_comes_back_where_it_was(self):
        killed = pid_of("register")
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: _alive_pid("register") not in (None, killed), 30,
                   "the register started again")
        wait_until(lambda: _listens(int(REGISTER.rsplit(":", 1)[1])), 30, "the register listening")
        self.assertEqual(check(number())["status"], "clear")

    def test_register_slow_beyond_the_timeout_is_unavailable(self):
        num = number()
        self.assertEqual(dk("register", "add", num, "--reason", "stolen").returncode, 0)
        restart_register(DK_REGISTER_DELAY_MS="1500")
        try:
            received = metric("dk_register_requests_total")
            t0 = time.monotonic()
            got = check(num, DK_REGISTER_TIMEOUT_MS="300", DK_REGISTER_RETRIES="2",
                        DK_REGISTER_BACKOFF_MS="50")
            took = time.monotonic() - t0
            self.assertEqual(got["status"], "unavailable")
            self.assertEqual(got["reason"], "timeout")
            self.assertEqual(got["attempts"], 3)
            self.assertGreaterEqual(got["ms"], 3 * 300 + 50 + 100)
            self.assertLess(took, 10)
            # The register saw the three requests the adapter counted.
            wait_until(lambda: metric("dk_register_requests_total") == received + 3, 10,
                       "three requests at the register")
            # Patient enough, the same slow register answers.
            got = check(num, DK_REGISTER_TIMEOUT_MS="5000", DK_REGISTER_RETRIES="0")
            self.assertEqual((got["status"], got["attempts"]), ("reported", 1))
            self.assertGreaterEqual(got["ms"], 1500)
        finally:
            restart_register()

    def test_register_asking_for_a_token(self):
        num = number()
        self.assertEqual(dk("register", "add", num, "--reason", "lost").returncode, 0)
        token = "tok-%d" % random.randint(10 ** 8, 10 ** 9)
        restart_register(DK_REGISTER_TOKEN=token)
        try:
            got = check(num)
            self.assertEqual((got["status"], got["reason"], got["http_status"], got["attempts"]),
                             ("unavailable", "http_status", 401, 1))
            got = check(num, DK_REGISTER_TOKEN="wrong-" + token)
            self.assertEqual(got["status"], "unavailable")
            got = check(num, DK_REGISTER_TOKEN=token)
            self.assertEqual((got["status"], got["reason"]), ("reported", "lost"))
        finally:
            restart_register()
        for log in (VAR / "log").glob("*.log"):
            self.assertNotIn(token, log.read_text(errors="replace"), log)
        self.assertEqual(sql_value("SELECT count(*) FROM register_checks"
                                   " WHERE to_jsonb(register_checks)::text LIKE :'t'",
                                   t="%" + token + "%"), "0")

    def test_plain_http_elsewhere_and_untrusted_tls_are_unavailable(self):
        num = number()
        got = check(num, DK_REGISTER_URL="http://192.0.2.1:8080")
        self.assertEqual((got["status"], got["reason"], got["attempts"]),
                         ("unavailable", "url_refused", 0))
        got = check(num, DK_REGISTER_URL="")
        self.assertEqual((got["status"], got["reason"]), ("unavailable", "not_configured"))
        got = check(num, DK_REGISTER_URL="http://192.0.2.1:8080", DK_REGISTER_ALLOW_HTTP="1",
                    DK_REGISTER_TOKEN="secret-token")
        self.assertEqual(got["reason"], "url_refused")
        self.assertNotIn("secret-token", json.dumps(got))
        # An https register (a TLS server of this test that answers the
        # contract) whose certificate nobody vouches for, then the same one
        # vouched for by DK_REGISTER_CA_FILE.
        with tempfile.TemporaryDirectory() as d:
            cert, key = pathlib.Path(d) / "cert.pem", pathlib.Path(d) / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj",
                            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                           check=True, capture_output=True, timeout=60)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ClearRegister)
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(cert, key)
            server.socket = tls.wrap_socket(server.socket, server_side=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                url = "https://127.0.0.1:%d" % server.server_address[1]
                got = check(num, DK_REGISTER_URL=url, DK_REGISTER_RETRIES="0")
                self.assertEqual((got["status"], got["reason"]), ("unavailable", "tls"))
                got = check(num, DK_REGISTER_URL=url, DK_REGISTER_CA_FILE=str(cert),
                            DK_REGISTER_TOKEN="over-tls-token")
                self.assertEqual((got["status"], got["attempts"]), ("clear", 1))
                self.assertEqual(_ClearRegister.seen[-1]["authorization"],
                                 "Bearer over-tls-token")
                self.assertEqual(_ClearRegister.seen[-1]["body"]["document_number"], num)
            finally:
                server.shutdown()
                server.server_close()

    def test_usage_errors(self):
        self.assertEqual(dk("register", "add", number(), "--reason", "misplaced").returncode, 2)
        self.assertEqual(dk("register", "add", "AB-12", "--reason", "lost").returncode, 2)
        self.assertEqual(dk("register", "check", "X" * 32).returncode, 2)
        self.assertEqual(dk("register", "check", "AB1", "--state", "BELG").returncode, 2)
        self.assertEqual(dk("register", "check", "AB1", "--application", "nope").returncode, 2)
        self.assertEqual(dk("register", "add", "AB1", "--reason", "lost",
                            "--since", "2026-02-30").returncode, 2)
        self.assertEqual(dk("register").returncode, 2)
        self.assertEqual(dk("register", "frobnicate").returncode, 2)

    def test_register_refuses_bad_questions(self):
        self.assertEqual(post("/v1/documents/check", b"not json")[0], 400)
        self.assertEqual(post("/v1/documents/check", b'{"document_number":"A1"}')[0], 400)
        self.assertEqual(post("/v1/documents/check",
                              b'{"document_type":"P","document_number":"A-1",'
                              b'"issuing_state":"BEL"}')[0], 400)
        self.assertEqual(post("/v1/documents/check", b"{" + b" " * 20000 + b"}")[0], 413)
        self.assertEqual(post("/v1/documents/check", None, {}, "GET")[0], 405)
        self.assertEqual(post("/v1/other", b"{}")[0], 404)
        with urllib.request.urlopen(REGISTER + "/readyz", timeout=10) as r:
            self.assertEqual(json.loads(r.read())["status"], "ok")

    def test_readme_contract_is_what_the_register_answers(self):
        readme = (ROOT / "README.md").read_text()
        m = re.search(r"\n### The document register[^\n]*\n(.*?)\n### ", readme, re.S)
        self.assertIsNotNone(m, "README has no section 'The document register'")
        section = m.group(1)
        self.assertIn("POST {DK_REGISTER_URL}/v1/documents/check", section)
        for name in ("DK_REGISTER_URL", "DK_REGISTER_TOKEN", "DK_REGISTER_TIMEOUT_MS",
                     "DK_REGISTER_RETRIES", "DK_REGISTER_BACKOFF_MS", "DK_REGISTER_CA_FILE",
                     "DK_REGISTER_ALLOW_HTTP", "DK_REGISTER_DELAY_MS"):
            self.assertIn(name, section)
        docs = [json.loads(l) for l in re.findall(r"^(\{.*\})$", section, re.M)]
        request = [d for d in docs if "document_number" in d][0]
        answers = {d["status"]: d for d in docs if "status" in d}
        self.assertEqual(set(answers), {"clear", "reported"})
        for reason in ("stolen", "lost", "cancelled", "invalidated"):
            self.assertIn("`%s`" % reason, section)
        # The README's request, asked of the register: first clear, then reported.
        num = number()
        request["document_number"] = num
        body = json.dumps(request).encode()
        status, ctype, out = post("/v1/documents/check", body)
        self.assertEqual((status, ctype.split(";")[0]), (200, "application/json"))
        said = json.loads(out)
        self.assertEqual(said["status"], "clear")
        self.assertLessEqual(set(answers["clear"]), set(said))
        self.assertEqual(dk("register", "add", num, "--reason", "stolen", "--state",
                            request["issuing_state"]).returncode, 0)
        said = json.loads(post("/v1/documents/check", body)[2])
        self.assertLessEqual(set(answers["reported"]), set(said))
        self.assertEqual(said["reason"], "stolen")
        self.assertRegex(said["since"], r"^\d{4}-\d{2}-\d{2}$")


class _ClearRegister(http.server.BaseHTTPRequestHandler):
    """The contract's "clear", over TLS; remembers what it was asked."""
    seen = []

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        _ClearRegister.seen.append({"path": self.path,
                                    "authorization": self.headers.get("Authorization"),
                                    "body": json.loads(self.rfile.read(n))})
        body = b'{"status":"clear"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _alive_pid(name):
    try:
        pid = pid_of(name)
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def _listens(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


if __name__ == "__main__":
    unittest.main()
