"""People's ID numbers: looked up by keyed hash, kept encrypted, shown masked.

The number itself never reaches a column in clear. ``lookup_key`` lets the registry find a
person from a number a department submits without storing the number; ``seal`` keeps it for
the credit office and the person themselves (AES-256-GCM with a fresh nonce each time, so equal
numbers give unequal ciphertexts); ``masked`` is what everyone else may see.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from xinyong.errors import UserError
from xinyong.identifiers import mask
from xinyong.keys import Keys


class PersonIdVault:
    def __init__(self, keys: Keys) -> None:
        self._hash_key = keys.id_hash_key
        self._aead = AESGCM(keys.id_encryption_key)

    def lookup_key(self, id18: str) -> str:
        """HMAC-SHA256 of the normalised 18-character number; stable for as long as the key is."""
        return hmac.new(self._hash_key, id18.encode("ascii"), hashlib.sha256).hexdigest()

    def seal(self, id18: str) -> str:
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, id18.encode("ascii"), None)).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            blob = base64.b64decode(sealed)
            return self._aead.decrypt(blob[:12], blob[12:], None).decode("ascii")
        except (InvalidTag, ValueError) as error:
            raise UserError("证件号码密文无法解密：加密密钥与入库时不一致") from error

    @staticmethod
    def masked(id18: str) -> str:
        return mask(id18)
