"""The ledger's signing key and name (origin).

The origin is both the first line of every checkpoint and the key name in its signature, as
c2sp.org/tlog-checkpoint recommends; it defaults to the portal's host plus ``/ledger``.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

# The platform's one way of keeping a generated secret (owner-only file, written before first use).
from xinyong.keys import _stored
from xinyong.ledger.note import Signer
from xinyong.settings import Settings

KEY_FILE = "ledger_signing.key"


def ledger_origin(settings: Settings) -> str:
    if settings.ledger_origin:
        return settings.ledger_origin
    parts = urlsplit(settings.public_base_url)
    return f"{parts.netloc}{parts.path.rstrip('/')}/ledger"


def load_signer(settings: Settings) -> Signer:
    """The checkpoint signer: the seed from the settings, or generated once into ``secret_dir``."""
    seed = settings.ledger_signing_key or _stored(settings.secret_dir, KEY_FILE,
                                                  lambda: secrets.token_hex(32))
    return Signer(ledger_origin(settings), bytes.fromhex(seed))
