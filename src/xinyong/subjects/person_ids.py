"""People's ID numbers: looked up by keyed hash, kept encrypted, shown masked.

The number itself never reaches a column in clear. ``lookup_key`` lets the registry find a
person from a number a department submits without storing the number; ``seal`` keeps it for
the credit office and the person themselves; ``masked`` is what everyone else may see.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken

from xinyong.errors import UserError
from xinyong.identifiers import mask
from xinyong.keys import Keys


class PersonIdVault:
    def __init__(self, keys: Keys) -> None:
        self._hash_key = keys.id_hash_key
        self._fernet = Fernet(keys.id_encryption_key)

    def lookup_key(self, id18: str) -> str:
        """HMAC-SHA256 of the normalised 18-character number; stable for as long as the key is."""
        return hmac.new(self._hash_key, id18.encode("ascii"), hashlib.sha256).hexdigest()

    def seal(self, id18: str) -> str:
        return self._fernet.encrypt(id18.encode("ascii")).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise UserError("证件号码密文无法解密：加密密钥与入库时不一致") from error

    @staticmethod
    def masked(id18: str) -> str:
        return mask(id18)
