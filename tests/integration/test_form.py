# SPDX-License-Identifier: EUPL-1.2
"""The applicant's HTML form (GET /, POST /) on the real stack: three
languages, CSRF protection, errors next to each field with the typed values
kept (escaped), and the security code shown once on success."""

import html
import re
import unittest
import urllib.parse
import uuid

from dk import fresh_ip, http, mails_to, sql_value, wait_until

CODE = re.compile(r'id="security-code">([2-9A-HJKMNP-Z]{5}(?:-[2-9A-HJKMNP-Z]{5}){3})<')


def get_form(lang="nl", ip=None):
    status, headers, body = http("GET", "/?lang=" + lang, ip=ip)
    page = body.decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    cookie = headers["Set-Cookie"]
    return status, page, token, cookie


def post_form(fields, token, cookie, lang="nl", ip=None):
    data = dict(fields)
    data["csrf"] = token
    body = urllib.parse.urlencode(data).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie.split(";")[0]
    status, _, out = http("POST", "/?lang=" + lang, body, headers, ip=ip)
    return status, out.decode()


def valid_fields(**overrides):
    f = {"last_name": "Dubois", "first_names": "Chloé", "birth_date": "1990-04-12",
         "birth_country": "FR", "birth_place": "Lille", "sex": "F", "insz": "",
         "email": "chloe.%s@example.be" % uuid.uuid4().hex[:12],  # one request per address
         "motivation": "Je veux consulter ma pension en ligne.",
         "slot1_date": "2026-12-09", "slot1_from": "10:00", "slot1_to": "11:00",
         "slot2_date": "", "slot2_from": "", "slot2_to": "",
         "language": "fr", "consent": "yes"}
    f.update(overrides)
    return f


def country_options(page):
    """The birth_country drop-down as [(code, label, selected)], without the
    empty "choose" option."""
    select = re.search(r'<select id="birth_country".*?</select>', page, re.S).group(0)
    return [(code, html.unescape(label), bool(sel)) for code, sel, label in
            re.findall(r'<option value="([A-Z]{2})"( selected)?>([^<]*)</option>', select)]


class FormPage(unittest.TestCase):
    def test_three_languages_phone_ready_no_javascript(self):
        # Office hours (DK_OFFICE_HOURS 09:00-17:00) as the e-mails write times.
        for lang, word, hours in (("nl", "Geboortedatum", "tussen 09:00 en 17:00"),
                                  ("fr", "Date de naissance", "entre 9h00 et 17h00"),
                                  ("en", "Date of birth", "between 09:00 and 17:00")):
            with self.subTest(lang=lang):
                status, page, _, cookie = get_form(lang)
                self.assertEqual(status, 200)
                self.assertIn('<html lang="%s">' % lang, page)
                self.assertIn(word, page)
                self.assertIn(hours, page)
                self.assertIn('name="viewport" content="width=device-width, initial-scale=1"', page)
                self.assertNotIn("<script", page)
                for name in ("last_name", "first_names", "birth_date", "birth_country", "birth_place",
                             "sex", "insz", "email", "motivation", "slot1_date", "slot10_to",
                             "language", "consent"):
                    self.assertIn('name="%s"' % name, page)
                for part in ("date", "from", "to"):
                    self.assertIn('<label for="slot1_%s">' % part, page)
                    self.assertIn('id="slot1_%s"' % part, page)
                self.assertIn("HttpOnly", cookie)
                self.assertIn("SameSite=Strict", cookie)
        status, _, css = http("GET", "/style.css")
        self.assertEqual(status, 200)
        self.assertIn(b"@media", css)

    def test_countries_named_and_sorted_in_the_page_language(self):
        for lang, belgium, *runs in (
                ("nl", "België", ("Duitsland", "Ecuador", "Egypte", "Eiland Man"),
                 ("Ierland", "IJsland", "India")),
                ("fr", "Belgique", ("Dominique", "Égypte", "Émirats arabes unis", "Équateur",
                                    "Érythrée", "Espagne", "Estonie", "Eswatini", "États-Unis",
                                    "Éthiopie", "Fidji"),
                 ("Hongrie", "île Bouvet", "Île de Man", "île Norfolk", "îles Caïmans")),
                ("en", "Belgium", ("Costa Rica", "Côte d'Ivoire", "Croatia"),
                 ("Afghanistan", "Åland Islands", "Albania"))):
            with self.subTest(lang=lang):
                _, page, _, _ = get_form(lang)
                options = country_options(page)
                codes = [code for code, _, _ in options]
                labels = [label for _, label, _ in options]
                self.assertEqual(options[0], ("BE", belgium, False))  # Belgium first ...
                self.assertEqual(len(codes), 249)
                self.assertEqual(len(set(codes)), 249)  # ... and only there
                for run in runs:  # consecutive; accented and lower-case initials in their letter
                    start = labels.index(run[0])
                    self.assertEqual(tuple(labels[start:start + len(run)]), run)

    def test_unknown_language_falls_back_to_dutch(self):
        _, page, _, _ = get_form("de")
        self.assertIn('<html lang="nl">', page)


class FormSubmission(unittest.TestCase):
    def test_valid_submission_shows_the_code_once_and_records(self):
        ip = fresh_ip()
        _, _, token, cookie = get_form("fr", ip)
        fields = valid_fields()
        status, page = post_form(fields, token, cookie, "fr", ip)
        self.assertEqual(status, 200, page[:2000])
        self.assertIn("Votre demande a bien été reçue", page)
        code = CODE.search(page).group(1)
        app_id = re.search(r'id="application-id">([0-9a-f-]{36})<', page).group(1)
        wait_until(lambda: sql_value("SELECT 1 FROM applications WHERE id = :'id'", id=app_id), 30,
                   "recorded")
        self.assertEqual(sql_value("SELECT first_names FROM applications WHERE id = :'id'", id=app_id),
                         "Chloé")
        msg, raw = wait_until(lambda: mails_to(fields["email"]), 30, "mail")[0]
        self.assertEqual(msg["Content-Language"], "fr")
        self.assertNotIn(code.encode(), raw)

    def test_without_csrf_cookie_nothing_is_submitted(self):
        ip = fresh_ip()
        _, _, token, _ = get_form("en", ip)
        fields = valid_fields()
        status, page = post_form(fields, token, None, "en", ip)
        self.assertEqual(status, 403)
        self.assertIn("session expired", page)
        self.assertIn(html.escape(fields["email"]), page)  # what was typed is kept
        status, page = post_form(fields, "0" * 32 + "." + "0" * 64, cookie=None, lang="en", ip=ip)
        self.assertEqual(status, 403)
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'",
                                   e=fields["email"]), "0")

    def test_forged_token_refused(self):
        ip = fresh_ip()
        _, _, token, cookie = get_form("en", ip)
        forged = token[:-1] + ("0" if token[-1] != "0" else "1")
        status, _ = post_form(valid_fields(), forged, "dk_csrf=" + forged, "en", ip)
        self.assertEqual(status, 403)

    def test_errors_next_to_each_field_values_kept_and_escaped(self):
        ip = fresh_ip()
        _, _, token, cookie = get_form("nl", ip)
        hostile = '"><script>alert(1)</script>'
        fields = valid_fields(email="not-an-address", last_name=hostile, birth_date="2030-01-01",
                              slot1_date="2026-12-12", consent="")
        status, page = post_form(fields, token, cookie, "nl", ip)
        self.assertEqual(status, 422)
        for f in ("email", "last_name", "birth_date", "consent", "slot1_date"):
            self.assertIn('id="%s-error"' % f, page, f)
        self.assertIn('aria-invalid="true"', page)
        self.assertIn('aria-invalid="true" aria-describedby="slot1_date-error"', page)
        self.assertIn("Controleer de velden", page)
        self.assertEqual([(c, l) for c, l, sel in country_options(page) if sel], [("FR", "Frankrijk")])
        self.assertNotIn("<script>alert(1)", page)
        self.assertIn(html.escape(hostile, quote=True).replace("&#x27;", "&#39;"), page)
        self.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = 'not-an-address'"), "0")

    def test_rows_4_to_10_open_when_used(self):
        ip = fresh_ip()
        _, _, token, cookie = get_form("en", ip)
        fields = valid_fields(slot5_date="2026-12-19", slot5_from="09:00", slot5_to="10:00")
        status, page = post_form(fields, token, cookie, "en", ip)
        self.assertEqual(status, 422)  # a Saturday in row 5
        self.assertIn("<details open>", page)
        self.assertIn('id="slot5_date-error"', page)


if __name__ == "__main__":
    unittest.main()
