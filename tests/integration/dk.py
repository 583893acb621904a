# SPDX-License-Identifier: EUPL-1.2
"""dk.py — what the integration tests share: the running stack's addresses,
HTTP calls to the intake, SQL through psql, the Maildir, the topics through
kcat, sealing and opening the personal part of messages, and bounded waiting. Every test asserts on what a user or operator
would see: HTTP answers, rows in PostgreSQL, e-mails received, messages."""

import base64
import copy
import email
import email.parser
import email.policy
import itertools
import json
import os
import pathlib
import random
import subprocess
import time
import urllib.error
import urllib.request
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ROOT = pathlib.Path(__file__).resolve().parents[2]
VAR = pathlib.Path(os.environ.get("DK_VAR_DIR", ROOT / "var"))
BUILD = ROOT / os.environ.get("DK_BUILD", "build")
BIN = BUILD / "bin"


def accepted_photo(n=0):
    """The n-th good phone photo of the corpus that the document pipeline
    accepts for the tests' interviews: not one whose MRZ shows the document
    expired, as most specimens did years ago (tests/corpus/mrz_photos.py)."""
    import sys
    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    import mrz_photos
    return mrz_photos.accepted(cache_dir=VAR)[n]


def stack_env():
    env = {}
    for line in (VAR / "stack.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k] = v.strip("'")
    return env


ENV = stack_env()
INTAKE = ENV["DK_INTAKE_URL"]
MAILDIR = pathlib.Path(ENV["DK_DEV_MAILDIR"])
_ip_counter = itertools.count(1)


def fresh_ip():
    """A client address of its own, so tests do not share a rate-limit bucket."""
    n = next(_ip_counter) + random.randint(0, 1 << 20)
    return "10.%d.%d.%d" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)


def http(method, path, body=None, headers=None, ip=None, timeout=30):
    """Returns (status, headers, body bytes); never raises on an HTTP error."""
    h = {"X-Forwarded-For": ip or fresh_ip()}
    h.update(headers or {})
    req = urllib.request.Request(INTAKE + path, data=body, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def post_json(body, ip=None, raw=None):
    data = raw if raw is not None else json.dumps(body).encode()
    status, headers, out = http("POST", "/api/v1/applications", data,
                                {"Content-Type": "application/json"}, ip)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    return status, doc, headers


def valid_application(**overrides):
    """A request that is valid at DK_NOW (2026-12-02): slots in the week after."""
    body = {
        "last_name": "Peeters",
        "first_names": "Jan Marie",
        "birth_date": "1985-07-30",
        "birth_country": "BE",
        "birth_place": "Gent",
        "sex": "M",
        "email": "jan.%d@example.be" % random.randint(0, 1 << 40),
        "motivation": "Ik wil mijn belastingaangifte online doen.",
        "preferred_slots": [
            {"date": "2026-12-08", "from": "09:00", "to": "10:30"},
            {"date": "2026-12-10", "from": "13:00", "to": "16:00"},
        ],
        "language": "nl",
        "consent": True,
    }
    body.update(overrides)
    return body


class SqlError(subprocess.CalledProcessError):
    """A failed psql run that says PostgreSQL's own words when printed."""

    def __str__(self):
        return "psql failed: " + self.stderr.strip()


def psql_connection():
    """(DSN without its password, environment with PGPASSWORD): the stack's
    PostgreSQL asks for a password, and one on psql's command line would be
    readable by every local user in ps."""
    words = ENV["DK_PG_DSN"].split()
    env = dict(os.environ)
    for w in words:
        if w.startswith("password="):
            env["PGPASSWORD"] = w[len("password="):]
    return " ".join(w for w in words if not w.startswith("password=")), env


def sql(query, **params):
    """Rows of a query as lists of strings; parameters go through psql
    variables (:'name'), never into the SQL text. A script of several
    statements is one transaction (-1), so a retry starts from a clean slate."""
    dsn, env = psql_connection()
    cmd = ["psql", "-X", "-A", "-t", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", dsn]
    for k, v in params.items():
        cmd += ["-v", "%s=%s" % (k, v)]
    # A test's statement can meet a worker's transaction on the same rows; a
    # deadlock aborts one side and PostgreSQL says to retry, as a client should.
    for attempt in range(5):
        run = subprocess.run(cmd, input=query, capture_output=True, text=True, env=env)
        if run.returncode == 0:
            return [line.split("\x1f") for line in run.stdout.splitlines() if line != ""]
        if "deadlock detected" not in run.stderr or attempt == 4:
            raise SqlError(run.returncode, cmd, run.stdout, run.stderr)
        time.sleep(0.2 * (attempt + 1))


def sql_value(query, **params):
    rows = sql(query, **params)
    return rows[0][0] if rows else None


def log_events(name, *events):
    """The JSON lines of var/log/NAME.log whose event is one of events, in
    the order logged."""
    out = []
    for line in (VAR / "log" / ("%s.log" % name)).read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            if doc.get("event") in events:
                out.append(doc)
    return out


def wait_until(fn, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(0.1)


# The Maildir grows to thousands of messages over the suite, and tests poll
# it: each file is read and parsed once (a delivered file never changes; a
# file moved from new/ to cur/ is a new path), its To header kept apart so
# that looking for one recipient parses only that recipient's messages.
_to_of = {}    # path -> (mtime_ns, size, lower-case To header)
_parsed = {}   # path -> (mtime_ns, size, parsed message, raw bytes)


def _maildir_files():
    for sub in ("new", "cur"):
        d = MAILDIR / sub
        if not d.is_dir():
            continue
        for f in d.iterdir():
            try:
                st = f.stat()
            except FileNotFoundError:
                continue  # moved away since listed
            yield f, (st.st_mtime_ns, st.st_size)


def _parse(f, stamp):
    hit = _parsed.get(f)
    if hit is None or hit[:2] != stamp:
        raw = f.read_bytes()
        hit = stamp + (email.message_from_bytes(raw, policy=email.policy.default), raw)
        _parsed[f] = hit
    return hit[2], hit[3]


def _recipient(f, stamp):
    hit = _to_of.get(f)
    if hit is None or hit[:2] != stamp:
        with f.open("rb") as fh:
            headers = email.parser.BytesHeaderParser(policy=email.policy.default).parse(fh)
        hit = stamp + (str(headers.get("To", "")).lower(),)
        _to_of[f] = hit
    return hit[2]


def maildir_messages():
    """(parsed message, raw bytes) of every message in the Maildir."""
    for f, stamp in _maildir_files():
        yield _parse(f, stamp)


def mails_to(address):
    """Every message in the Maildir addressed to address, parsed."""
    address = address.lower()
    return [_parse(f, stamp) for f, stamp in _maildir_files() if address in _recipient(f, stamp)]


def mail_counts_by_recipient():
    """How many messages the Maildir holds per To address (one pass)."""
    counts = {}
    for f, stamp in _maildir_files():
        to = _recipient(f, stamp)
        counts[to] = counts.get(to, 0) + 1
    return counts


def mail_text(msg):
    """(plain text, html) bodies of a parsed message."""
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return (text.get_content() if text else ""), (html.get_content() if html else "")


def dk(*args, check=True):
    env = dict(os.environ)
    env.update(ENV)
    return subprocess.run([str(BIN / "dk"), *args], capture_output=True, text=True, env=env,
                          check=check)


def topic_messages(topic):
    """The JSON messages of a topic, oldest first."""
    out = subprocess.run(["kcat", "-b", ENV["DK_KAFKA_BROKERS"], "-C", "-t", topic, "-e", "-q",
                          "-o", "beginning", "-f", "%s\n"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    msgs = []
    for line in out.splitlines():
        try:
            msgs.append(json.loads(line))
        except ValueError:
            pass  # poison produced on purpose by the dead-letter tests
    return msgs


def produce_raw(topic, key, payload):
    """Puts bytes on a topic the way a misbehaving producer would."""
    subprocess.run(["kcat", "-b", ENV["DK_KAFKA_BROKERS"], "-P", "-t", topic, "-k", key],
                   input=payload, check=True, timeout=30,
                   capture_output=True)


def stack(*args):
    subprocess.run([str(ROOT / "infra" / "stack.sh"), *args], check=True, capture_output=True)


def pid_of(name):
    return int((VAR / "run" / ("%s.pid" % name)).read_text())


# --- personal data on topics (common/store/dk_seal.h, common/store/dk_personal.c) ---

MESSAGE_KEY = os.environ.get("DK_MESSAGE_KEY", "dev-only-insecure-secret-change-me")
PERSONAL = {
    "application.submitted": ["last_name", "first_names", "birth_date", "birth_country",
                              "birth_place", "sex", "insz", "email", "motivation"],
    "mail.requested": ["to", "vars.first_names", "vars.last_name", "vars.video_url",
                       "vars.calendar.video_url", "vars.interviewer_note",
                       "vars.decision_motivation"],
    "interview.outcome": ["motivation", "missing_text", "correction_reason"],
}


def message_key(secret=None):
    """(AES key, kid) derived from a DK_MESSAGE_KEY secret, as the C code does."""
    key = HKDF(hashes.SHA256(), 32, b"dk-message-seal-v1", b"A256GCM").derive(
        (MESSAGE_KEY if secret is None else secret).encode())
    h = hashes.Hash(hashes.SHA256())
    h.update(key)
    return key, h.finalize()[:8].hex()


def _aad(purpose, app_id):
    return ("dk-seal-v1|%s|%s" % (purpose, app_id)).encode()


def seal(plain, purpose, app_id, secret=None):
    key, kid = message_key(secret)
    iv = os.urandom(12)
    out = AESGCM(key).encrypt(iv, json.dumps(plain).encode(), _aad(purpose, app_id))
    b64 = lambda b: base64.b64encode(b).decode()
    return {"alg": "A256GCM", "kid": kid, "iv": b64(iv), "ct": b64(out[:-16]),
            "tag": b64(out[-16:])}


def open_sealed(sealed, purpose, app_id, secret=None):
    """The object a sealed part holds; raises when it does not open."""
    key, kid = message_key(secret)
    assert sealed["kid"] == kid, "sealed under another key"
    raw = {k: base64.b64decode(sealed[k], validate=True) for k in ("iv", "ct", "tag")}
    return json.loads(AESGCM(key).decrypt(raw["iv"], raw["ct"] + raw["tag"],
                                          _aad(purpose, app_id)))


def _merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            assert k not in dst, "sealed field %s also in clear" % k
            dst[k] = v


def opened(msg):
    """A copy of a message with its sealed personal part put back in place."""
    out = copy.deepcopy(msg)
    data = out.get("data", {})
    if "personal" in data:
        _merge(data, open_sealed(data.pop("personal"), out["type"], out["application_id"]))
    return out


def sealed_message(type_, app_id, data, version=2, secret=None, msg_id=None):
    """An envelope the way the C producers make it: personal fields of data
    moved into data.personal, sealed (for tests that play a producer)."""
    data = copy.deepcopy(data)
    personal = {}
    for path in PERSONAL.get(type_, []):
        *parents, leaf = path.split(".")
        src, dst = data, personal
        for p in parents:
            src = src.get(p) if isinstance(src, dict) else None
            dst = dst.setdefault(p, {})
        if isinstance(src, dict) and leaf in src:
            dst[leaf] = src.pop(leaf)
    _prune(personal)
    if personal:
        data["personal"] = seal(personal, type_, app_id, secret)
    return {"id": msg_id or str(uuid.uuid4()), "type": type_, "version": version,
            "time": "2026-12-02T10:00:00Z", "application_id": app_id, "data": data}


def _prune(d):
    for k in [k for k, v in d.items() if isinstance(v, dict)]:
        _prune(d[k])
        if not d[k]:
            del d[k]
