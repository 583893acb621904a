# SPDX-License-Identifier: EUPL-1.2
"""test_http_attacks.py — the attacks of issue 8 on the intake's HTTP layer,
each replayed on the real stack over loopback sockets: multipart parts
without a usable name (they crashed the intake), slow clients (they filled
the server), uploads that held slots before any check, or held them by
trickling their body, or several at once on one link, a client naming its
own address in X-Forwarded-For (the stack trusts one appending proxy, as
behind nginx: the test plays the proxy), request smuggling framing and
endless chunked bodies, and a SIGTERM while requests are in flight (they
were recorded but never answered). Counts and times are fixed and every
loop is bounded."""

import hashlib
import hmac
import ipaddress
import json
import os
import pathlib
import random
import re
import resource
import select
import socket
import threading
import time
import unittest
import urllib.parse
import urllib.request

import dk
from dk import fresh_ip, post_json, sql_value, valid_application, wait_until
from test_proposals import (api, jpeg, login, multipart, proposal, request, restart_intake,
                            retire_test_interviewers)

URL = urllib.parse.urlsplit(dk.INTAKE)
HOST, PORT = URL.hostname, URL.port


def tearDownModule():
    retire_test_interviewers()


def intake_pid():
    return dk.pid_of("intake")


def raw(data, timeout=10.0, source=None, read=True):
    """Sends bytes on a fresh connection; returns what came back (b"" when
    the server closed without a word)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if source:
        s.bind((source, 0))
    s.connect((HOST, PORT))
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early and closed: read what it said
        if not read:
            return s
        return read_reply(s)
    finally:
        if read:
            s.close()


def read_reply(s):
    """One answer read off s: until its Content-Length is in, or the server
    closes (b"" when it said nothing)."""
    out = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        out += chunk
        if b"\r\n\r\n" in out:
            head, _, body = out.partition(b"\r\n\r\n")
            length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if length and len(body) >= int(length[0].split(b":")[1]):
                break
    return out


def body_of(response):
    return response.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in response else b""


def upload_head(path, length, ctype, forwarded, extra=""):
    """The headers of an upload of length bytes, X-Forwarded-For as the proxy
    passes it on."""
    return ("POST %s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\n%sContent-Type: %s\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n"
            % (path, forwarded, extra, ctype, length)).encode()


def open_upload(path, body, ctype, forwarded, extra="", sent=200):
    """An upload under way: its headers and the first `sent` bytes of body
    sent, the rest still to come. Returns the socket."""
    s = socket.create_connection((HOST, PORT), timeout=30)
    s.sendall(upload_head(path, len(body), ctype, forwarded, extra) + body[:sent])
    return s


def passport(p, **fields):
    """The multipart body of a passport accept for p: (body, content type)."""
    return multipart(dict({"security_code": p["code"], "document_kind": "passport"}, **fields),
                     {"front": ("f.jpg", jpeg(), "image/jpeg")})


def page_session(p, lang):
    """The page's session cookie and the accept form's CSRF field for p."""
    location, session, _ = login(p, lang)
    cookie = session.split(";")[0]
    _, _, page = request("GET", location, headers={"Cookie": cookie})
    return cookie, re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)


def status_of(response):
    line = response.split(b"\r\n", 1)[0].split(b" ")
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else None


def post_raw(path, body, ctype, extra=b"", ip="10.9.9.9"):
    head = ("POST %s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\nContent-Type: %s\r\n"
            "Content-Length: %d\r\nConnection: close\r\n" % (path, ip, ctype, len(body))).encode()
    return raw(head + extra + b"\r\n" + body)


NAMELESS_PARTS = {
    "no name": b"--xyzxyz\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--xyzxyz--\r\n",
    "filename only": b'--xyzxyz\r\nContent-Disposition: form-data; filename="a.jpg"\r\n\r\n'
                     b'abc\r\n--xyzxyz--\r\n',
    "unclosed quote": b'--xyzxyz\r\nContent-Disposition: form-data; name="front\r\n\r\n'
                      b'abc\r\n--xyzxyz--\r\n',
    "NUL in name": b'--xyzxyz\r\nContent-Disposition: form-data; name="fr\x00ont"\r\n\r\n'
                   b'abc\r\n--xyzxyz--\r\n',
    # libmicrohttpd keeps "front" here (it reads the header as a C string):
    # the intake's own watch on part headers refuses it.
    "NUL after the name": b'--xyzxyz\r\nContent-Disposition: form-data; name="front"\x00x\r\n'
                          b'\r\nabc\r\n--xyzxyz--\r\n',
    "NUL in the second part's headers":
        b'--xyzxyz\r\nContent-Disposition: form-data; name="document_kind"\r\n\r\npassport\r\n'
        b'--xyzxyz\r\nContent-Disposition: form-data; name="front"\r\n'
        b'Content-Type: image/jpeg\x00\r\n\r\nabc\r\n--xyzxyz--\r\n',
}


class NamelessParts(unittest.TestCase):
    """One request with no credentials killed the intake (strcmp on NULL)."""

    def test_invented_link_is_refused_before_the_body(self):
        pid = intake_pid()
        for route in ("/api/v1/proposals/%s/accept", "/proposal/%s/accept"):
            for what, body in NAMELESS_PARTS.items():
                with self.subTest(route=route, part=what):
                    r = post_raw(route % ("A" * 43), body, "multipart/form-data; boundary=xyzxyz")
                    self.assertEqual(status_of(r), 404, r[:200])
        self.assertEqual(intake_pid(), pid)
        self.assertEqual(request("GET", "/healthz")[0], 200)

    def test_a_real_link_answers_400_and_the_intake_lives(self):
        pid = intake_pid()
        p = proposal(lang="en")
        for what, body in NAMELESS_PARTS.items():
            with self.subTest(part=what):
                r = post_raw("/api/v1/proposals/%s/accept" % p["token"], body,
                             "multipart/form-data; boundary=xyzxyz",
                             extra=b"X-Security-Code: " + p["code"].encode() + b"\r\n")
                self.assertEqual(status_of(r), 400, r[:300])
                self.assertIn(b"name", r.split(b"\r\n\r\n", 1)[1])
        # The page route, with the session the code gives: the link check
        # passes, the body is read, and the nameless part refuses it.
        _, session, jar = login(p, lang="en")
        self.assertTrue(session, "no page session")
        cookies = "%s; %s" % (session.split(";")[0], jar)
        for what, body in NAMELESS_PARTS.items():
            with self.subTest(page=what):
                r = post_raw("/proposal/%s/accept" % p["token"], body,
                             "multipart/form-data; boundary=xyzxyz",
                             extra=("Cookie: %s\r\n" % cookies).encode())
                self.assertEqual(status_of(r), 400, r[:300])
        self.assertEqual(intake_pid(), pid, "the intake died")
        self.assertEqual(sql_value("SELECT count(*) FROM document_uploads WHERE application_id"
                                   " = :'a'", a=p["app"]), "0")
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                         "proposed")


class CutUploads(unittest.TestCase):
    def test_an_accept_cut_before_its_closing_boundary_stores_nothing(self):
        p = proposal(lang="en")
        body, ctype = multipart({"security_code": p["code"], "document_kind": "passport"},
                                {"front": ("f.jpg", jpeg(), "image/jpeg")})
        cut = body[:body.rindex(b"\r\n--")]  # the image's end and the closing boundary gone
        before = len(list(pathlib.Path(dk.ENV["DK_DOCUMENT_DIR"]).glob("*.dkd")))
        r = post_raw("/api/v1/proposals/%s/accept" % p["token"], cut, ctype, ip="10.73.0.1")
        self.assertEqual(status_of(r), 400, r[:300])
        self.assertEqual(sql_value("SELECT count(*) FROM document_uploads WHERE application_id"
                                   " = :'a'", a=p["app"]), "0")
        self.assertEqual(len(list(pathlib.Path(dk.ENV["DK_DOCUMENT_DIR"]).glob("*.dkd"))), before)
        # The same body whole is accepted.
        r = post_raw("/api/v1/proposals/%s/accept" % p["token"], body, ctype, ip="10.73.0.2")
        self.assertEqual(status_of(r), 202, r[:300])


def dk_process_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


def raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))


class SlowClients(unittest.TestCase):
    """1,000 sockets from five addresses, each trickling a header line every
    5 s, kept every other client waiting past 15 s."""

    SOCKETS = 1000
    HEADER_BOUND = int(os.environ.get("DK_INTAKE_HEADER_TIMEOUT_MS", "10000")) / 1000

    def test_slow_headers_neither_block_others_nor_stay(self):
        raise_fd_limit(self.SOCKETS + 500)
        slow = []
        for i in range(self.SOCKETS):
            s = socket.socket()
            s.setblocking(True)
            s.bind(("127.0.0.%d" % (2 + i % 5), 0))
            s.connect((HOST, PORT))
            s.sendall(b"POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        started = time.monotonic()
        try:
            # While they trickle, ordinary requests answer fast.
            worst = 0.0
            rounds = 0
            while time.monotonic() - started < self.HEADER_BOUND + 3:
                for s in slow[rounds % 5::5]:
                    try:
                        s.send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
                t0 = time.monotonic()
                status, _, _ = request("GET", "/healthz")
                self.assertEqual(status, 200)
                t1 = time.monotonic()
                st, doc, _ = post_json(valid_application())
                self.assertEqual(st, 201, doc)
                worst = max(worst, t1 - t0, time.monotonic() - t1)
                rounds += 1
                time.sleep(1.0)
            self.assertLess(worst, 2.0, "an ordinary request waited %.1f s" % worst)
            # Past the headers' bound every slow connection was closed.
            closed = 0
            for s in slow:
                s.settimeout(2)
                try:
                    data = s.recv(1024)
                    closed += data == b"" or data.startswith(b"HTTP/1.1 4")
                except (ConnectionResetError, BrokenPipeError):
                    closed += 1
                except socket.timeout:
                    pass
            self.assertEqual(closed, self.SOCKETS)
        finally:
            for s in slow:
                s.close()
        self.assertEqual(request("GET", "/healthz")[0], 200)


class UploadsBeforeChecks(unittest.TestCase):
    """Eight connections to an invented link's /accept, each declaring 1 MB
    and sending a byte every 10 s, made every real accept answer 503."""

    def test_invented_links_take_no_upload_slot(self):
        hold = []
        try:
            for i in range(8):
                s = socket.create_connection((HOST, PORT), timeout=10)
                s.sendall(("POST /api/v1/proposals/%s/accept HTTP/1.1\r\nHost: x\r\n"
                           "X-Forwarded-For: 10.66.0.%d\r\n"
                           "Content-Type: multipart/form-data; boundary=b\r\n"
                           "Content-Length: 1000000\r\n\r\n-" % ("B" * 43, i)).encode())
                hold.append(s)
            for s in hold:  # each is told at once that the link does not exist
                self.assertEqual(status_of(s.recv(4096)), 404)
            p = proposal(lang="en")
            fields = {"security_code": p["code"], "document_kind": "passport"}
            body, ctype = multipart(fields, {"front": ("f.jpg", jpeg(), "image/jpeg")})
            status, doc, _ = api("POST", p["token"], "accept", body, ctype=ctype)
            self.assertEqual(status, 202, doc)
        finally:
            for s in hold:
                s.close()

    def test_a_refused_upload_sent_whole_still_gets_its_answer(self):
        # A browser or a library sends the whole photo before it reads: the
        # refusal (here an unknown link) must reach it, not a reset.
        photo = jpeg() + os.urandom(3 * 1024 * 1024)
        body, ctype = multipart({"security_code": "ABCD-EFGH-JKLM", "document_kind": "passport"},
                                {"front": ("f.jpg", photo, "image/jpeg")})
        for route in ("/api/v1/proposals/%s/accept", "/proposal/%s/accept"):
            with self.subTest(route=route):
                r = post_raw(route % ("C" * 43), body, ctype, ip="10.67.0.1")
                self.assertEqual(status_of(r), 404, r[:300])
                status, _, out = dk.http("POST", route % ("D" * 43), body,
                                         {"Content-Type": ctype})
                self.assertEqual(status, 404, out[:300])
        # And the server is as before: a real accept goes through.
        p = proposal(lang="nl")
        fields = {"security_code": p["code"], "document_kind": "passport"}
        body, ctype = multipart(fields, {"front": ("f.jpg", jpeg(), "image/jpeg")})
        status, doc, _ = api("POST", p["token"], "accept", body, ctype=ctype)
        self.assertEqual(status, 202, doc)

    def hold_two_then_a_third(self, held_from, third_from, other_from):
        """Two uploads held (two links) from the addresses held_from, a third
        (a third link) from third_from: its answer; then the third from
        other_from, sent whole: its answer."""
        links = [proposal(lang="fr") for _ in range(3)]
        slow = []
        try:
            for p, forwarded in zip(links, held_from):
                s = socket.create_connection((HOST, PORT), timeout=10)
                s.sendall(("POST /api/v1/proposals/%s/accept HTTP/1.1\r\nHost: x\r\n"
                           "X-Forwarded-For: %s\r\nX-Security-Code: %s\r\n"
                           "Content-Type: multipart/form-data; boundary=b\r\n"
                           "Content-Length: 500000\r\n\r\n--b\r\n"
                           % (p["token"], forwarded, p["code"])).encode())
                slow.append(s)
            time.sleep(0.5)
            body, ctype = passport(links[2])
            # The third is refused on its headers, before any of its body is
            # read: send only those, or the refusal races the body's bytes
            # (a write after the server's close is a broken pipe, not an answer).
            path = "/api/v1/proposals/%s/accept" % links[2]["token"]
            third = raw(upload_head(path + "?lang=fr", len(body), ctype, third_from))
            other = raw(upload_head(path, len(body), ctype, other_from) + body)
            return third, other
        finally:
            for s in slow:
                s.close()

    def test_one_address_holds_at_most_two_uploads(self):
        third, other = self.hold_two_then_a_third(["10.67.0.1"] * 2, "10.67.0.1", "10.67.0.2")
        self.assertEqual(status_of(third), 429, third[:300])
        self.assertIn(b"Retry-After:", third)
        self.assertIn("connexion", json.loads(body_of(third))["error"])
        # Another address is not held up by it.
        self.assertEqual(status_of(other), 202, other[:300])

    def test_the_limit_counts_the_proxys_entry_and_a_whole_ipv6_64(self):
        # Each client names another address on the left of X-Forwarded-For;
        # our proxy appended the real one (two addresses of one /64, in two
        # spellings), and that is what is counted.
        net = "2001:db8:%x:%x" % (random.randrange(1 << 16), random.randrange(1 << 16))
        third, other = self.hold_two_then_a_third(
            ["198.51.100.1, %s::1" % net, "198.51.100.2, %s:0:0:0:2" % net.upper()],
            "2001:db8:ffff:1::1, %s:ffff:ffff:ffff:3" % net,
            # Naming the busy network on the left, from another one, is not being it.
            "%s::1, 2001:db8:ffff:2::1" % net)
        self.assertEqual(status_of(third), 429, third[:300])
        self.assertEqual(status_of(other), 202, other[:300])

    def test_wrong_header_code_is_refused_before_the_body(self):
        p = proposal(lang="en")
        s = socket.create_connection((HOST, PORT), timeout=10)
        try:
            s.sendall(("POST /api/v1/proposals/%s/accept HTTP/1.1\r\nHost: x\r\n"
                       "X-Security-Code: WRONG-WRONG-WRONG-WRONG\r\n"
                       "Content-Type: multipart/form-data; boundary=b\r\n"
                       "Content-Length: 9000000\r\n\r\n" % p["token"]).encode())
            self.assertEqual(status_of(s.recv(4096)), 401)
        finally:
            s.close()


def source_key(addr):
    """The source key the intake puts on a request from addr (dk_source.h):
    HMAC-SHA256(DK_CODE_KEY, "dk.source.v1|" network), written out here."""
    ip = ipaddress.ip_address(addr)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    net = ("4:" + ip.packed.hex()) if ip.version == 4 else ("6:" + ip.packed[:8].hex())
    key = os.environ.get("DK_CODE_KEY", "dev-only-insecure-secret-change-me").encode()
    return hmac.new(key, ("dk.source.v1|" + net).encode(), hashlib.sha256).hexdigest()


class ClientAddress(unittest.TestCase):
    """Behind a proxy that appends (nginx $proxy_add_x_forwarded_for), the
    left-most X-Forwarded-For entry is whatever the client sent: the rate
    limit took it, so every request could name a new address."""

    BAD = {"consent": False}  # cheap to refuse (422), still counted

    def forwarded(self, *values):
        """A refused application with one X-Forwarded-For header per value."""
        head = "".join("X-Forwarded-For: %s\r\n" % v for v in values)
        data = json.dumps(self.BAD).encode()
        return status_of(raw(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n%s"
                              "Content-Type: application/json\r\nContent-Length: %d\r\n"
                              "Connection: close\r\n\r\n" % (head, len(data))).encode() + data))

    def test_a_spoofed_left_most_entry_does_not_escape_the_rate_limit(self):
        ip = fresh_ip()
        codes = [post_json(self.BAD, ip="198.51.100.%d, %s" % (i, ip))[0] for i in range(60)]
        self.assertNotIn(429, codes)
        status, doc, headers = post_json(self.BAD, ip="203.0.113.7,%s" % ip)
        self.assertEqual(status, 429, doc)
        self.assertGreater(int(headers["Retry-After"]), 0)
        # Several headers are one list: the last header's last entry counts.
        self.assertEqual(self.forwarded("203.0.113.8, " + ip), 429)
        self.assertEqual(self.forwarded("203.0.113.9", "198.51.100.1,  " + ip + " "), 429)
        self.assertEqual(self.forwarded(ip, "198.51.100.1, " + fresh_ip()), 422)
        # Naming the limited address on the left, from elsewhere, is not being it.
        self.assertEqual(post_json(self.BAD, ip="%s, %s" % (ip, fresh_ip()))[0], 422)

    def test_two_addresses_of_one_ipv6_64_share_the_rate_limit(self):
        net = "2001:db8:%x:%x" % (random.randrange(1 << 16), random.randrange(1 << 16))
        codes = [post_json(self.BAD, ip="%s::%x" % (net, i + 1))[0] for i in range(60)]
        self.assertNotIn(429, codes)
        # Another address of the /64, in another spelling: the same client.
        full = ipaddress.ip_address(net + "::abcd").exploded.upper()
        self.assertEqual(post_json(self.BAD, ip=full)[0], 429)
        # The next /64 is another client.
        nxt = ipaddress.ip_network(net + "::/64").network_address + (1 << 64)
        self.assertEqual(post_json(self.BAD, ip=str(nxt + 1))[0], 422)

    def test_the_source_key_is_the_proxys_entry(self):
        ip = fresh_ip()
        status, doc, _ = post_json(valid_application(), ip="203.0.113.50, " + ip)
        self.assertEqual(status, 201, doc)
        key = wait_until(lambda: sql_value("SELECT source_key FROM applications WHERE id = :'id'",
                                           id=doc["application_id"]), 30, "recorded")
        self.assertEqual(key, source_key(ip))
        self.assertNotEqual(key, source_key("203.0.113.50"))
        # The proxy's entry is no address (garbage, an empty entry, a port):
        # the peer — our proxy — is the client, never the client's own words.
        for forwarded in (ip + ", not-an-address", ip + ", ", ip + ", 10.1.2.3:80"):
            with self.subTest(forwarded=forwarded):
                status, doc, _ = post_json(valid_application(), ip=forwarded)
                self.assertEqual(status, 201, doc)
                key = wait_until(lambda: sql_value(
                    "SELECT source_key FROM applications WHERE id = :'id'",
                    id=doc["application_id"]), 30, "recorded")
                self.assertEqual(key, source_key("127.0.0.1"))


class OneUploadPerLink(unittest.TestCase):
    """One proposal (a catch-all mailbox) and a few addresses held every
    upload slot: nothing bounded the uploads in flight on one link."""

    def test_a_second_upload_on_one_link_waits_for_the_first(self):
        p = proposal(lang="fr")
        body, ctype = passport(p)
        path = "/api/v1/proposals/%s/accept" % p["token"]
        first = open_upload(path, body, ctype, "10.74.0.1")
        try:
            time.sleep(0.5)  # its link checked, its slots taken, its body coming
            # A second on the API, from another address: only the link is busy.
            r = raw(upload_head(path, len(body), ctype, "10.74.0.2"))
            self.assertEqual(status_of(r), 409, r[:300])
            doc = json.loads(body_of(r))
            self.assertEqual(doc["code"], "upload_in_progress")
            self.assertIn("Un document est déjà en cours d'envoi", doc["error"])  # the applicant's
            # The page, with the applicant's session: a page saying the same.
            cookie, csrf = page_session(p, "fr")
            page_body, page_ctype = multipart({"csrf": csrf, "document_kind": "passport"},
                                              {"front": ("f.jpg", jpeg(), "image/jpeg")})
            r = raw(upload_head("/proposal/%s/accept" % p["token"], len(page_body), page_ctype,
                                "10.74.0.3", extra="Cookie: %s\r\n" % cookie))
            self.assertEqual(status_of(r), 409, r[:300])
            self.assertIn(b"Content-Type: text/html", r)
            self.assertIn("Un document est déjà en cours d&#39;envoi", body_of(r).decode())
            # The first was not disturbed: it ends as any accept does.
            first.sendall(body[200:])
            r = read_reply(first)
            self.assertEqual(status_of(r), 202, r[:300])
        finally:
            first.close()
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                         "document_pending")
        self.assertEqual(sql_value("SELECT count(*) FROM document_uploads WHERE application_id"
                                   " = :'a'", a=p["app"]), "1")


def answered_408():
    """The intake's dk_http_requests_total over its routes with status 408."""
    url = (dk.VAR / "run" / "intake.metrics_url").read_text().strip() + "/metrics"
    body = urllib.request.urlopen(url, timeout=10).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.splitlines()
               if line.startswith("dk_http_requests_total{") and 'status="408"' in line)


class TricklingUploads(unittest.TestCase):
    """An upload trickling its body held an upload slot for
    DK_INTAKE_BODY_TIMEOUT_MS (5 minutes)."""

    def test_a_trickling_upload_is_cut_with_408_and_frees_its_slots(self):
        p, q = proposal(lang="nl"), proposal(lang="fr")
        api_body, api_ctype = passport(p)
        cookie, csrf = page_session(q, "fr")
        page_body, page_ctype = multipart({"csrf": csrf, "document_kind": "passport"},
                                          {"front": ("f.jpg", jpeg(), "image/jpeg")})
        # Both from one address: the two upload slots it may hold.
        uploads = {
            "api": (open_upload("/api/v1/proposals/%s/accept" % p["token"], api_body, api_ctype,
                                "10.75.0.1"), api_body),
            "page": (open_upload("/proposal/%s/accept" % q["token"], page_body, page_ctype,
                                 "10.75.0.1", extra="Cookie: %s\r\n" % cookie), page_body),
        }
        before = answered_408()
        start, sent, answers = time.monotonic(), 200, {}
        try:
            # One byte a second each, for at most 40 s.
            while len(answers) < 2 and time.monotonic() - start < 40:
                for name, (s, body) in uploads.items():
                    if name not in answers:
                        try:
                            s.sendall(body[sent:sent + 1])
                        except OSError:
                            pass  # cut: its answer is waiting to be read
                sent += 1
                waiting = [s for name, (s, _) in uploads.items() if name not in answers]
                for s in select.select(waiting, [], [], 1.0)[0]:
                    name = [n for n, (t, _) in uploads.items() if t is s][0]
                    answers[name] = (read_reply(s), time.monotonic() - start)
        finally:
            for s, _ in uploads.values():
                s.close()
        self.assertEqual(set(answers), {"api", "page"}, "not cut within 40 s")
        r, after = answers["api"]
        self.assertEqual(status_of(r), 408, r[:300])
        self.assertGreater(after, 8)  # the grace (DK_INTAKE_UPLOAD_GRACE_MS, 10 s) first
        self.assertLess(after, 20)
        doc = json.loads(body_of(r))
        self.assertEqual(doc["code"], "upload_too_slow")
        self.assertIn("te traag", doc["error"])  # the applicant's language
        r, after = answers["page"]
        self.assertEqual(status_of(r), 408, r[:300])
        self.assertLess(after, 20)
        self.assertIn(b"Content-Type: text/html", r)
        self.assertIn("trop lentement", body_of(r).decode())
        # The operators see them: the two 408s the guard wrote are counted.
        wait_until(lambda: answered_408() >= before + 2, 10, "the two 408s counted")
        # Nothing was kept; and the slots are free again: real accepts on both
        # links, from the same address, answer at once.
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                         "proposed")
        for link, (body, ctype) in ((p, passport(p)), (q, passport(q))):
            r = raw(upload_head("/api/v1/proposals/%s/accept" % link["token"], len(body), ctype,
                                "10.75.0.1") + body)
            self.assertEqual(status_of(r), 202, r[:300])


def chunked_stream(path, ctype, chunk, limit_bytes, ip="10.70.0.1", extra=""):
    """Sends an endless chunked body (chunk after chunk, up to limit_bytes);
    returns (answer, bytes sent, whether the server broke the stream off).
    A server that reads on takes all limit_bytes; one that cuts the body
    answers and closes, and a send then fails. How much was sent before
    that depends on how much the kernels buffer on both ends (loopback's
    receive buffer grows to tcp_rmem's maximum), so callers bound it
    loosely and rely on broken_off for the verdict."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)  # our own side buffers little
    s.settimeout(10)
    s.connect((HOST, PORT))
    s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\nContent-Type: %s\r\n"
               "%sTransfer-Encoding: chunked\r\n\r\n" % (path, ip, ctype, extra)).encode())
    sent, broken_off = 0, False
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    s.settimeout(5)
    answer = b""
    try:
        while sent < limit_bytes:
            try:
                s.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                broken_off = True
                break
            except socket.timeout:  # neither read nor closed: not broken off
                break
            sent += len(chunk)
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, socket.timeout):
            pass
    finally:
        s.close()
    return answer, sent, broken_off


class Framing(unittest.TestCase):
    def test_two_content_lengths_are_refused(self):
        body = json.dumps(valid_application()).encode()
        r = raw(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                 "\r\nContent-Length: %d\r\nContent-Length: %d\r\n\r\n"
                 % (len(body), len(body) - 5)).encode() + body)
        self.assertEqual(status_of(r), 400, r[:200])
        self.assertIn(b"Content-Length", r)

    def test_content_length_with_chunked_is_refused(self):
        body = json.dumps(valid_application()).encode()
        r = raw(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                 "\r\nContent-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n"
                 % len(body)).encode() + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        self.assertEqual(status_of(r), 400, r[:200])
        self.assertIn(b"X-Frame-Options: DENY", r)

    def test_endless_chunked_body_is_cut_with_413(self):
        for path, ctype in (("/api/v1/applications", "application/json"),
                            ("/", "application/x-www-form-urlencoded")):
            with self.subTest(path=path):
                answer, sent, broken_off = chunked_stream(path, ctype, b"x" * 8192, 64 << 20)
                self.assertEqual(status_of(answer), 413, answer[:200])
                self.assertIn(b"Content-Security-Policy:", answer)
                self.assertTrue(broken_off, "the server neither read on nor closed")
                self.assertLess(sent, 24 << 20, "the server read on")

    def test_endless_chunked_upload_is_cut_with_413(self):
        p = proposal(lang="en")
        path = "/api/v1/proposals/%s/accept" % p["token"]
        chunk = b"--b\r\nContent-Disposition: form-data; name=\"front\"\r\n\r\n" + b"y" * 65000
        answer, sent, broken_off = chunked_stream(path, "multipart/form-data; boundary=b", chunk,
                                                  96 << 20, ip="10.71.0.1",
                                                  extra="X-Security-Code: %s\r\n" % p["code"])
        self.assertEqual(status_of(answer), 413, answer[:200])
        self.assertTrue(broken_off, "the server neither read on nor closed")
        self.assertLess(sent, 44 << 20, "the server read on")  # two photos' limit + buffers
        self.assertEqual(sql_value("SELECT status FROM applications WHERE id = :'a'", a=p["app"]),
                         "proposed")

    def test_libmicrohttpds_own_errors_carry_our_headers(self):
        cases = {
            400: b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            431: b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
            505: b"GET / HTTP/2.5\r\nHost: x\r\n\r\n",
        }
        log = dk.VAR / "log" / "intake.log"
        start = log.stat().st_size
        for status, data in cases.items():
            with self.subTest(status=status):
                r = raw(data)
                self.assertEqual(status_of(r), status, r[:200])
                head = r.split(b"\r\n\r\n", 1)[0]
                for h in (b"Content-Security-Policy: default-src 'none'",
                          b"X-Frame-Options: DENY", b"X-Content-Type-Options: nosniff",
                          b"Cache-Control: no-store", b"Referrer-Policy: same-origin"):
                    self.assertIn(h, head)

        # libmicrohttpd's own messages about them went through the JSON
        # logger (event http_server): the log holds JSON lines only.
        def since():
            with open(log, "rb") as f:
                f.seek(start)
                return f.read().decode("utf-8", "replace")

        def records():
            out = []
            for line in since().splitlines():
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    self.fail("not a JSON line in intake.log: %r" % line[:300])
                self.assertIsInstance(rec, dict, line[:300])
                out.append(rec)
            return out

        wait_until(lambda: any(r.get("event") == "http_server" for r in records()), 10,
                   "libmicrohttpd's messages in intake.log")
        time.sleep(0.5)  # a message written meanwhile is read too
        for rec in records():
            self.assertIn("event", rec)
            self.assertIsInstance(rec.get("msg", ""), str, rec)
            self.assertNotIn("\n", rec.get("msg", ""), rec)

    def test_small_chunked_body_still_works(self):
        body = json.dumps(valid_application()).encode()
        r = raw(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.72.0.1\r\n"
                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                 "Connection: close\r\n\r\n").encode()
                + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        self.assertEqual(status_of(r), 201, r[:300])


class StopWhileBusy(unittest.TestCase):
    """40 requests arriving at the moment the intake gets SIGTERM: every one
    it received is answered, and every 201 is a recorded application."""

    def test_sigterm_answers_every_request_received(self):
        results = []
        lock = threading.Lock()
        bodies = [valid_application() for _ in range(40)]
        go = threading.Event()

        def one(body):
            data = json.dumps(body).encode()
            try:
                s = socket.create_connection((HOST, PORT), timeout=20)
            except OSError:
                with lock:
                    results.append(("refused", body))  # never received: nothing done
                return
            try:
                go.wait()
                s.sendall(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n"
                           "X-Forwarded-For: 10.80.%d.%d\r\nContent-Type: application/json\r\n"
                           "Content-Length: %d\r\nConnection: close\r\n\r\n"
                           % (len(results) % 200, id(body) % 200, len(data))).encode() + data)
                out = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    out += chunk
                with lock:
                    results.append((status_of(out) or "closed", body))
            except OSError:
                with lock:
                    results.append(("closed", body))
            finally:
                s.close()

        threads = [threading.Thread(target=one, args=(b,)) for b in bodies]
        for t in threads:
            t.start()
        time.sleep(0.3)
        pid = intake_pid()
        go.set()
        os.kill(pid, 15)
        for t in threads:
            t.join(30)
        try:
            wait_until(lambda: not dk_process_alive(pid), 20, "intake stopped")
            statuses = [s for s, _ in results]
            self.assertEqual(len(statuses), 40)
            self.assertNotIn("closed", statuses, statuses)
            self.assertTrue(set(statuses) <= {201, 503, "refused"}, statuses)
            ok = [b["email"] for s, b in results if s == 201]
            unavailable = [b["email"] for s, b in results if s in (503, "refused")]
            self.assertGreater(len(ok), 0)
            self.assertEqual(len(set(ok + unavailable)), len(ok + unavailable))

            def recorded(emails):
                if not emails:
                    return 0
                return int(sql_value("SELECT count(*) FROM applications WHERE email IN (%s)"
                                     % ",".join("'%s'" % e.replace("'", "''") for e in emails)))

            # Each 201 is exactly one application.
            wait_until(lambda: recorded(ok) == len(ok), 30,
                       "the %d applications answered 201 recorded" % len(ok))
            for email in ok:
                self.assertEqual(recorded([email]), 1, email)
            # A 503 (or a connection refused untouched) left nothing behind:
            # not once the recorder has caught up with every 201, nor a
            # moment later.
            time.sleep(2)
            self.assertEqual(recorded(unavailable), 0,
                             "requests answered 503 or refused were recorded")
        finally:
            restart_intake()


if __name__ == "__main__":
    unittest.main()
