# SPDX-License-Identifier: EUPL-1.2
"""Names on the real stack (issue 8, item 6): a first name that is a phishing
line, a link, a number or hidden bidi text is refused by the API and by the
form with a sentence that names the field in the applicant's language, and
nothing is recorded or mailed; real names from many scripts, in NFC and NFD,
go through and are greeted exactly as typed after the fixed salutation."""

import html
import re
import unicodedata
import unittest

from dk import (fresh_ip, mail_text, mails_to, post_json, sql, sql_value, topic_messages,
                valid_application, wait_until)
from test_form import get_form, post_form, valid_fields

PHISH = "klant. Uw sleutel werd geblokkeerd: herstel hem op https://evil.example/herstel"

FIRST_NAMES_MESSAGE = {
    "nl": "Uw voornaam of voornamen mogen alleen letters (van eender welk alfabet, met hun "
          "accenten) bevatten, met daartussen telkens één spatie, koppelteken, apostrof of punt; "
          "cijfers, links en andere tekens zijn niet toegestaan.",
    "fr": "Votre ou vos prénoms ne peuvent contenir que des lettres (de n'importe quel alphabet, "
          "avec leurs accents), séparées par une seule espace, un trait d'union, une apostrophe "
          "ou un point ; les chiffres, les liens et les autres signes ne sont pas autorisés.",
    "en": "Your first name(s) may contain only letters (of any alphabet, with their accents), "
          "with a single space, hyphen, apostrophe or full stop between them; digits, links and "
          "other signs are not allowed.",
}


def assert_nothing_left_for(test, email):
    """No application row, no message on dk.applications.submitted, no mail."""
    test.assertEqual(sql_value("SELECT count(*) FROM applications WHERE email = :'e'", e=email),
                     "0")
    test.assertEqual([m for m in topic_messages("dk.applications.submitted")
                      if m.get("data", {}).get("email") == email], [])
    test.assertEqual(mails_to(email), [])


def mailed_and_recorded(body):
    """Waits for the request-received mail of an accepted body: its plain
    text (line ends as LF) and HTML."""
    msg, _ = wait_until(lambda: mails_to(body["email"]), 30, "mail to " + body["email"])[0]
    text, page = mail_text(msg)
    return text.replace("\r\n", "\n"), page


class PhishingFirstNames(unittest.TestCase):
    def test_api_answers_422_naming_first_names_in_the_request_language(self):
        for lang in ("nl", "fr", "en"):
            with self.subTest(lang=lang):
                body = valid_application(language=lang, first_names=PHISH)
                status, doc, _ = post_json(body)
                self.assertEqual(status, 422, doc)
                self.assertEqual(doc["errors"], [{"field": "first_names",
                                                  "code": "invalid_name_characters",
                                                  "message": FIRST_NAMES_MESSAGE[lang]}])
                # Proof that the rest of the pipeline would have mailed: the
                # same request with a real name is accepted and greeted.
                ok = dict(body, first_names="Jan", email=body["email"].replace("jan.", "ok.", 1))
                status, doc, _ = post_json(ok)
                self.assertEqual(status, 201, doc)
                text, _ = mailed_and_recorded(ok)
                self.assertTrue(text.startswith({"nl": "Beste", "fr": "Bonjour", "en": "Dear"}[lang]
                                                + " Jan Peeters,\n"), text[:80])
                assert_nothing_left_for(self, body["email"])

    def test_form_shows_the_error_under_first_names(self):
        for lang in ("nl", "fr", "en"):
            with self.subTest(lang=lang):
                ip = fresh_ip()
                _, _, token, cookie = get_form(lang, ip)
                fields = valid_fields(first_names=PHISH, language=lang)
                status, page = post_form(fields, token, cookie, lang, ip)
                self.assertEqual(status, 422)
                field = re.search(r'<div class="field invalid"><label for="first_names">.*?</div>',
                                  page, re.S)
                self.assertIsNotNone(field, "first_names is not marked invalid")
                error = re.search(r'<p class="error" id="first_names-error">([^<]*)</p>',
                                  field.group(0))
                self.assertIsNotNone(error, field.group(0))
                self.assertEqual(html.unescape(error.group(1)), FIRST_NAMES_MESSAGE[lang])
                self.assertIn('aria-describedby="first_names-error" aria-invalid="true"',
                              field.group(0))
                # The typed value is given back, escaped, for the applicant to fix.
                self.assertIn('value="%s"' % html.escape(PHISH, quote=True), field.group(0))
                # Only that field is in error.
                self.assertEqual(re.findall(r'id="([a-z0-9_]+)-error"', page), ["first_names"])
                assert_nothing_left_for(self, fields["email"])


class RefusedNames(unittest.TestCase):
    def test_links_digits_markup_and_hidden_characters_in_each_name_field(self):
        hostile = ["https://evil.example", "Jan evil.example", "jan@example.be",
                   "Bel 0470 12 34 56", "<b>Jan</b>", "Jan\u202eteiP", "Jan\u2066Piet\u2069",
                   "Jan\u200bPiet", "Jan\u200dPiet", "\ufeffJan", "Jan\u2028Piet", "Jan \U0001F600",
                   "Jan\tPiet", "Jan  Piet", "Jan--Piet", "p\u0430ypal"]
        for field in ("last_name", "first_names", "birth_place"):
            for value in hostile:
                with self.subTest(field=field, value=value):
                    body = valid_application(**{field: value, "language": "en"})
                    status, doc, _ = post_json(body)
                    self.assertEqual(status, 422, doc)
                    self.assertEqual([(e["field"], e["code"]) for e in doc["errors"]],
                                     [(field, "invalid_name_characters")])
                    self.assertTrue(doc["errors"][0]["message"].startswith(
                        {"last_name": "Your last name may", "first_names": "Your first name(s) may",
                         "birth_place": "Your place of birth may"}[field]))
                    self.assertEqual(sql_value("SELECT count(*) FROM applications"
                                               " WHERE email = :'e'", e=body["email"]), "0")


class RealNames(unittest.TestCase):
    def test_names_of_many_scripts_in_nfc_and_nfd_are_greeted_as_typed(self):
        people = [("Nguyễn", "Thị Minh Khai", "'s-Hertogenbosch", "nl", "Beste"),
                  ("O'Brien-D'Hondt", "J.-P.", "Saint-Josse-ten-Noode", "fr", "Bonjour"),
                  ("محمد", "عبد الله", "الدار البيضاء", "en", "Dear"),
                  ("山田", "はな", "東京", "en", "Dear"),
                  ("김", "민준", "서울", "nl", "Beste"),
                  ("Παπαδόπουλος", "Ελένη", "Θεσσαλονίκη", "fr", "Bonjour"),
                  ("शर्मा", "प्रिया", "दिल्ली", "en", "Dear"),
                  ("Müller-Lüdenscheidt", "José María", "Sankt Pölten", "nl", "Beste")]
        for last, first, place, lang, hello in people:
            for form in ("NFC", "NFD"):
                with self.subTest(last=last, form=form):
                    last_f, first_f, place_f = (unicodedata.normalize(form, s)
                                                for s in (last, first, place))
                    body = valid_application(last_name=last_f, first_names=first_f,
                                             birth_place=place_f, language=lang)
                    status, doc, _ = post_json(body)
                    self.assertEqual(status, 201, doc)
                    text, page = mailed_and_recorded(body)
                    row = sql("SELECT last_name, first_names, birth_place FROM applications"
                              " WHERE id = :'id'", id=doc["application_id"])[0]
                    self.assertEqual(row, [last_f, first_f, place_f])
                    self.assertTrue(text.startswith("%s %s %s,\n" % (hello, first_f, last_f)),
                                    text[:80])
                    greeting = "<p>%s %s %s,</p>" % (hello, html.escape(first_f),
                                                      html.escape(last_f))
                    self.assertIn(greeting.replace("&#x27;", "&#39;"), page)
                    self.assertNotIn(place_f, text + page)


if __name__ == "__main__":
    unittest.main()
