"""The platform's secret keys: given in the environment, or generated once and kept on disk.

A key that changes would orphan every stored ID-number hash and make every stored ID number
unreadable, so a generated key is written to ``secret_dir`` before it is first used and read back
on every later start.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from xinyong.settings import Settings


@dataclass(frozen=True)
class Keys:
    id_hash_key: bytes
    id_encryption_key: bytes
    session_secret: str


def _stored(folder: Path, name: str, make: Callable[[], str]) -> str:
    path = folder / name
    if path.exists():
        return path.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    value = make()
    # Created with owner-only permissions: these files unlock every ID number in the archive.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def load_keys(settings: Settings) -> Keys:
    folder = settings.secret_dir
    id_hash = settings.id_hash_key or _stored(folder, "id_hash.key", lambda: secrets.token_hex(32))
    id_enc = settings.id_encryption_key or _stored(
        folder, "id_encryption.key", lambda: Fernet.generate_key().decode()
    )
    session = settings.session_secret or _stored(folder, "session.key", lambda: secrets.token_urlsafe(32))
    return Keys(id_hash_key=bytes.fromhex(id_hash), id_encryption_key=id_enc.encode(), session_secret=session)
