# SPDX-License-Identifier: EUPL-1.2
"""The help desk's actions on a digital key, on the real stack: `dk key
unlock EMAIL` lets a key locked after DK_KEY_MAX_FAILURES failures sign in
again (and its count of failures starts anew), `dk key revoke EMAIL` ends a
key for good; each is audited and refused with a clear sentence for an
address without a live key, a key that is not locked, or malformed input."""

import json
import unittest
import uuid

import dk
import test_keys as tk
import test_proposals as tp
from dk import sql, sql_value


def tearDownModule():
    tp.retire_test_interviewers()


def key_of(p):
    return json.loads(dk.dk("application", "show", p["app"]).stdout)["key"]


class HelpDesk(unittest.TestCase):
    def key(self):
        p = tk.approved()
        status, doc, _ = tk.activate(p, "password")
        self.assertEqual(status, 201, doc)
        return p

    def test_unlock_a_locked_key(self):
        p = self.key()
        kid = tk.key_id_of(p)
        sql("UPDATE digital_keys SET failed_tries = 99 WHERE id = :'k'", k=kid)
        status, doc, _ = tk.login({"identifier": p["email"], "password": "wrong one"})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        sql("UPDATE digital_keys SET throttled_until = NULL WHERE id = :'k'", k=kid)
        status, doc, _ = tk.login({"identifier": p["email"], "password": tk.PASSWORD})
        self.assertEqual((status, doc["error"]), (429, "locked"), doc)
        self.assertTrue(key_of(p)["locked"])
        # The address as the person spells it, in capitals: the same key.
        r = dk.dk("key", "unlock", p["email"].upper(), check=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("unlocked", r.stderr)
        self.assertFalse(key_of(p)["locked"])
        self.assertEqual(sql_value("SELECT failed_tries FROM digital_keys WHERE id = :'k'",
                                   k=kid), "0")
        status, doc, _ = tk.login({"identifier": p["email"], "password": tk.PASSWORD})
        self.assertEqual((status, doc), (200, {"key_type": "password",
                                               "assurance_level": "low"}))
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE action ="
                                   " 'key.unlocked' AND object = :'k'", k=kid), "1")
        # Unlocking again: nothing to unlock, said so, nothing audited.
        r = dk.dk("key", "unlock", p["email"], check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not_locked", r.stderr)
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE action ="
                                   " 'key.unlocked' AND object = :'k'", k=kid), "1")

    def test_revoke_ends_the_key(self):
        p = self.key()
        kid = tk.key_id_of(p)
        r = dk.dk("key", "revoke", p["email"], check=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        status, doc, _ = tk.login({"identifier": p["email"], "password": tk.PASSWORD})
        self.assertEqual((status, doc), (401, {"error": "wrong"}))
        self.assertIsNotNone(key_of(p)["revoked_at"])
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE action ="
                                   " 'key.revoked' AND object = :'k'", k=kid), "1")
        r = dk.dk("key", "revoke", p["email"], check=False)
        self.assertEqual((r.returncode, "key_unknown" in r.stderr), (1, True), r.stderr)

    def test_bad_input(self):
        before = sql_value("SELECT count(*) FROM audit_events WHERE action LIKE 'key.%'")
        for args in (["key"], ["key", "unlock"], ["key", "open", "a@example.be"],
                     ["key", "unlock", "a@example.be", "extra"]):
            r = dk.dk(*args, check=False)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertIn("usage: dk key", r.stderr)
        for who in ("nobody-%s@example.be" % uuid.uuid4().hex[:8], "x" * 300, "a\tb@c.be",
                    "' OR 1=1 --", ""):
            for action in ("unlock", "revoke"):
                r = dk.dk("key", action, who, check=False)
                self.assertEqual(r.returncode, 1, (who, r.stderr))
                self.assertIn("key_unknown", r.stderr)
        self.assertEqual(sql_value("SELECT count(*) FROM audit_events WHERE action LIKE"
                                   " 'key.%'"), before)


if __name__ == "__main__":
    unittest.main()
