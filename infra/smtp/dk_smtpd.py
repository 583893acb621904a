#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
# dk_smtpd.py — the development and test SMTP server: a real SMTP listener on
# loopback (Debian's python3-aiosmtpd) that stores every accepted message in a
# Maildir, one file each, with fault injection for the mailer's retry tests.
"""Development SMTP server for the digital-key pipeline.

Run with Debian's interpreter (python3-aiosmtpd belongs to it):

    /usr/bin/python3 infra/smtp/dk_smtpd.py --host 127.0.0.1 --port 2525 \\
        --maildir var/maildir [--ready-file FILE] [--max-size 26214400]

Every accepted message lands in the Maildir (tmp/, new/, cur/ are created),
exactly as received (CRLF line ends), preceded by a Return-Path header and one
X-DK-Envelope-To header per recipient.

--port 0 binds a free port. Once listening, the port number is written to the
ready file (written to a temporary name, then renamed into place), so a caller
can wait for the file and then connect.

Fault injection, decided on the recipient's local part:
  tempfail<N>...@  451 4.3.0 for the first N deliveries to that address
                   (N defaults to 1; counts live in memory), then accepted;
  reject...@       550 5.1.1 No such user.

Message size is capped by --max-size (advertised as SIZE, enforced on MAIL
FROM and on DATA). SIGTERM or SIGINT stop the server and exit 0. One line per
event goes to stderr; message bodies and addresses are never logged.
"""

import argparse
import asyncio
import logging
import mailbox
import os
import re
import signal
import sys
import time

from aiosmtpd.smtp import SMTP

TEMPFAIL_RE = re.compile(r"^tempfail(\d*)")


def log(text):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(f"{stamp} dk-smtpd: {text}", file=sys.stderr, flush=True)


def header_value(raw, name):
    """The first value of header `name` in the raw message head, unfolded."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    want = name.lower().encode("ascii") + b":"
    for i, line in enumerate(lines):
        if line.lower().startswith(want):
            value = line[len(want):]
            for cont in lines[i + 1:]:
                if cont[:1] not in (b" ", b"\t"):
                    break
                value += cont
            return value.strip().decode("ascii", "replace")
    return ""


class MaildirHandler:
    """aiosmtpd handler: fault injection at RCPT, Maildir delivery at DATA."""

    def __init__(self, maildir):
        self.maildir = mailbox.Maildir(maildir, factory=None, create=True)
        self.tempfails = {}  # recipient address (lower case) -> failures so far

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0].lower()
        if local.startswith("reject"):
            log("RCPT refused: 550 5.1.1 (reject* recipient)")
            return "550 5.1.1 No such user"
        m = TEMPFAIL_RE.match(local)
        if m:
            limit = int(m.group(1)) if m.group(1) else 1
            key = address.lower()
            done = self.tempfails.get(key, 0)
            if done < limit:
                self.tempfails[key] = done + 1
                log(f"RCPT deferred: 451 4.3.0 (tempfail* recipient, {done + 1} of {limit})")
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        trace = "Return-Path: <%s>\r\n" % (envelope.mail_from or "")
        for rcpt in envelope.rcpt_tos:
            trace += "X-DK-Envelope-To: <%s>\r\n" % rcpt
        try:
            key = self.maildir.add(trace.encode("utf-8", "surrogateescape") + raw)
        except OSError as e:
            log(f"DATA deferred: cannot write to the Maildir: {e}")
            return "451 4.3.0 Cannot store the message"
        message_id = header_value(raw, "Message-ID")
        log(f"stored {key}: {len(raw)} bytes, {len(envelope.rcpt_tos)} recipient(s), "
            f"Message-ID {message_id or '(none)'}")
        return f"250 2.0.0 OK: queued as {key}"


def write_ready_file(path, port):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(f"{port}\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


async def serve(args):
    handler = MaildirHandler(args.maildir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, data_size_limit=args.max_size, hostname="dk-smtpd",
                     ident="dk-smtpd (aiosmtpd)", timeout=60),
        host=args.host, port=args.port)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log(f"listening on {args.host}:{port}, Maildir {args.maildir}, max size {args.max_size}")
    if args.ready_file:
        write_ready_file(args.ready_file, port)
    await stop.wait()
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), timeout=5)
    except asyncio.TimeoutError:
        pass
    log("stopped")


def main():
    p = argparse.ArgumentParser(description="Development SMTP server writing to a Maildir.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=2525, help="TCP port, 0 = any free port (default 2525)")
    p.add_argument("--maildir", required=True, help="Maildir to deliver into (created if missing)")
    p.add_argument("--ready-file", help="file that receives the port number once listening")
    p.add_argument("--max-size", type=int, default=26214400,
                   help="largest accepted message in bytes (default 26214400)")
    args = p.parse_args()
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0..65535")
    if args.max_size <= 0:
        p.error("--max-size must be positive")
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    try:
        asyncio.run(serve(args))
    except OSError as e:
        log(f"cannot start: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
