# SPDX-License-Identifier: EUPL-1.2
"""A software WebAuthn authenticator for the integration tests of passkeys:
it makes what a browser and a platform authenticator give a relying party
(WebAuthn Level 3: clientDataJSON, authenticator data, a CBOR attestation
object of format "none", assertions signed with ES256 or RS256), from real
keys made with the `cryptography` module, so that the server's verifier in
C (common/auth/dk_auth_webauthn.h) is exercised by an independent
implementation. Every part can be spoiled on purpose (origin, RP ID, flags,
counter, signing key) to check that the server refuses it.

CBOR (RFC 8949) is written by hand: only what WebAuthn needs here (maps,
byte and text strings, integers, arrays), definite lengths, in the
canonical form authenticators use."""

import base64
import hashlib
import json
import os
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

ES256 = -7
RS256 = -257

FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_AT = 0x40


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise ValueError("too large for CBOR")


def cbor(obj):
    """The CBOR encoding of ints, bytes, str, lists and dicts."""
    if isinstance(obj, bool) or obj is None:
        raise TypeError("not needed by WebAuthn here")
    if isinstance(obj, int):
        return _head(0, obj) if obj >= 0 else _head(1, -1 - obj)
    if isinstance(obj, (bytes, bytearray)):
        return _head(2, len(obj)) + bytes(obj)
    if isinstance(obj, str):
        raw = obj.encode()
        return _head(3, len(raw)) + raw
    if isinstance(obj, list):
        return _head(4, len(obj)) + b"".join(cbor(x) for x in obj)
    if isinstance(obj, dict):
        return _head(5, len(obj)) + b"".join(cbor(k) + cbor(v) for k, v in obj.items())
    raise TypeError(type(obj))


def _int_bytes(n):
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


class Authenticator:
    """One credential on one authenticator: its key pair (ES256 on P-256 or
    RS256 with 2048 bits), a random credential id and a signature counter
    that goes up by one on every assertion (start it where you like)."""

    def __init__(self, alg=ES256, counter=0):
        self.alg = alg
        if alg == ES256:
            self.key = ec.generate_private_key(ec.SECP256R1())
        elif alg == RS256:
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            raise ValueError(alg)
        self.credential_id = os.urandom(32)
        self.counter = counter
        self.user_handle = None

    def clone(self):
        """The same credential copied to another device: its own counter."""
        twin = Authenticator.__new__(Authenticator)
        twin.__dict__.update(self.__dict__)
        return twin

    def cose_key(self):
        pub = self.key.public_key().public_numbers()
        if self.alg == ES256:
            return cbor({1: 2, 3: ES256, -1: 1, -2: pub.x.to_bytes(32, "big"),
                         -3: pub.y.to_bytes(32, "big")})
        return cbor({1: 3, 3: RS256, -1: _int_bytes(pub.n), -2: _int_bytes(pub.e)})

    def sign(self, data, key=None):
        key = key or self.key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hashes.SHA256()))  # DER, as WebAuthn wants
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    @staticmethod
    def client_data(kind, challenge_b64, origin, **extra):
        doc = {"type": kind, "challenge": challenge_b64, "origin": origin,
               "crossOrigin": False}
        doc.update(extra)
        return json.dumps(doc, separators=(",", ":")).encode()

    def auth_data(self, rp_id, flags, counter, attested=False, rp_id_hash=None):
        out = (rp_id_hash or hashlib.sha256(rp_id.encode()).digest()) + bytes([flags]) \
            + struct.pack(">I", counter)
        if attested:
            out += bytes(16) + struct.pack(">H", len(self.credential_id)) \
                + self.credential_id + self.cose_key()
        return out

    def register(self, options, origin, rp_id=None, flags=FLAG_UP | FLAG_UV,
                 rp_id_hash=None, challenge=None):
        """navigator.credentials.create() answered: the JSON the confirm
        call takes ({id, clientDataJSON, attestationObject}, base64url).
        options is the publicKey object the server gave."""
        pk = options["publicKey"] if "publicKey" in options else options
        rp_id = rp_id or pk["rp"]["id"]
        self.user_handle = unb64url(pk["user"]["id"])
        cdj = self.client_data("webauthn.create", challenge or pk["challenge"], origin)
        ad = self.auth_data(rp_id, flags | FLAG_AT, self.counter, attested=True,
                            rp_id_hash=rp_id_hash)
        att = cbor({"fmt": "none", "attStmt": {}, "authData": ad})
        return {"id": b64url(self.credential_id), "clientDataJSON": b64url(cdj),
                "attestationObject": b64url(att)}

    def assertion(self, options, origin, rp_id=None, flags=FLAG_UP | FLAG_UV,
                  counter=None, rp_id_hash=None, sign_key=None, credential_id=None,
                  challenge=None, user_handle=True):
        """navigator.credentials.get() answered: {id, clientDataJSON,
        authenticatorData, signature, userHandle}, base64url. The counter
        steps up by one unless given."""
        pk = options["publicKey"] if "publicKey" in options else options
        rp_id = rp_id or pk["rpId"]
        if counter is None:
            self.counter += 1
            counter = self.counter
        cdj = self.client_data("webauthn.get", challenge or pk["challenge"], origin)
        ad = self.auth_data(rp_id, flags, counter, rp_id_hash=rp_id_hash)
        sig = self.sign(ad + hashlib.sha256(cdj).digest(), sign_key)
        out = {"id": b64url(credential_id or self.credential_id),
               "clientDataJSON": b64url(cdj), "authenticatorData": b64url(ad),
               "signature": b64url(sig)}
        if user_handle and self.user_handle is not None:
            out["userHandle"] = b64url(self.user_handle)
        return out
