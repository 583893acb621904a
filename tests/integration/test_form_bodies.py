# SPDX-License-Identifier: EUPL-1.2
"""Hostile bodies for the applicant's HTML form (POST /) on the real stack:
multipart parts without a name, a multipart body cut before its closing
boundary, a NUL byte or invalid UTF-8 in a slot input. Each is refused
with a page that says so, next to the right input, and no security code
is given (issue 8: optional pointers and lengths from libmicrohttpd's post
processor)."""

import unittest
import urllib.parse

import test_form as form
from dk import http, sql_value, wait_until

BOUNDARY = "dkformbodies"


def multipart_body(fields, nameless=None, cut=False):
    out = bytearray()
    for name, value in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (BOUNDARY, name)).encode()
        out += value.encode() + b"\r\n"
    if nameless is not None:
        out += ("--%s\r\n" % BOUNDARY).encode() + nameless + b"\r\n\r\nx\r\n"
    if not cut:
        out += ("--%s--\r\n" % BOUNDARY).encode()
    return bytes(out)


def post_multipart(body, cookie, ip):
    headers = {"Content-Type": "multipart/form-data; boundary=" + BOUNDARY,
               "Cookie": cookie.split(";")[0]}
    status, _, out = http("POST", "/?lang=en", body, headers, ip=ip)
    return status, out.decode()


def post_raw_urlencoded(fields, token, cookie, ip):
    """fields may hold bytes (sent as they are, percent-encoded)."""
    data = dict(fields)
    data["csrf"] = token
    body = urllib.parse.urlencode(data).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Cookie": cookie.split(";")[0]}
    status, _, out = http("POST", "/?lang=en", body, headers, ip=ip)
    return status, out.decode()


def recorded(email):
    return sql_value("SELECT count(*) FROM applications WHERE email = :'e'", e=email)


class MultipartForm(unittest.TestCase):
    def test_a_complete_multipart_form_is_read(self):
        # The control: the same form as multipart, well formed, is accepted.
        ip = form.fresh_ip()
        _, _, token, cookie = form.get_form("en", ip)
        fields = form.valid_fields()
        fields["csrf"] = token
        status, page = post_multipart(multipart_body(fields), cookie, ip)
        self.assertEqual(status, 200, page[:400])
        self.assertRegex(page, form.CODE)
        wait_until(lambda: recorded(fields["email"]) == "1", what="the application recorded")

    def test_parts_without_a_usable_name_are_refused(self):
        for what, header in (
                ("no name", b'Content-Disposition: form-data'),
                ("only a filename", b'Content-Disposition: form-data; filename="a.jpg"'),
                ("unclosed quote", b'Content-Disposition: form-data; name="consent'),
                ("NUL in the name", b'Content-Disposition: form-data; name="con\x00sent"')):
            with self.subTest(what):
                ip = form.fresh_ip()
                _, _, token, cookie = form.get_form("en", ip)
                fields = form.valid_fields()
                fields["csrf"] = token
                status, page = post_multipart(multipart_body(fields, nameless=header), cookie, ip)
                self.assertEqual(status, 400, page[:400])
                self.assertIn("The form could not be read", page)

    def test_a_body_cut_before_its_closing_boundary_is_refused(self):
        ip = form.fresh_ip()
        _, _, token, cookie = form.get_form("en", ip)
        fields = form.valid_fields()
        fields["csrf"] = token
        status, page = post_multipart(multipart_body(fields, cut=True), cookie, ip)
        self.assertEqual(status, 400, page[:400])
        self.assertIn("The form could not be read", page)


class SlotInputs(unittest.TestCase):
    def test_nul_after_a_valid_date_is_refused_at_its_input(self):
        ip = form.fresh_ip()
        _, _, token, cookie = form.get_form("en", ip)
        fields = form.valid_fields(slot1_date="2026-12-09\x00junk")
        status, page = post_raw_urlencoded(fields, token, cookie, ip)
        self.assertEqual(status, 422, page[:400])
        self.assertIn('id="slot1_date-error"', page)
        self.assertNotIn('id="security-code"', page)

    def test_invalid_utf8_row_keeps_its_place(self):
        # Row 1 holds bytes that are not UTF-8, row 2 a Saturday: each error
        # stands at its own row (row 1 used to vanish, and row 2's error
        # was shown at row 1).
        ip = form.fresh_ip()
        _, _, token, cookie = form.get_form("en", ip)
        fields = form.valid_fields(slot1_date=b"\xff\xfe", slot2_date="2026-12-12",
                                   slot2_from="10:00", slot2_to="11:00")
        status, page = post_raw_urlencoded(fields, token, cookie, ip)
        self.assertEqual(status, 422, page[:400])
        self.assertIn('id="slot1_date-error"', page)
        self.assertIn('id="slot2_date-error"', page)
        # The bytes typed come back as U+FFFD: the page stays UTF-8.
        self.assertRegex(page, 'name="slot1_date"[^>]*value="\ufffd\ufffd"')


if __name__ == "__main__":
    unittest.main()
