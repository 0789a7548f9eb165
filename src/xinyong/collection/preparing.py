"""Turning a clean row into what is stored: JSON values, people's ID numbers sealed and masked,
the record key that finds the record again, the content hash that tells a change, the party the
row names and the record's class.

Pure work, no database: it runs in the ingesting process, or in a helper process beside it for
large files. What the writer needs is handed over ready to store — the version's documents as
the UTF-8 bytes of their JSON text (a string would be decoded on the way in and encoded again
for the database), the party as a tuple — because every object that crosses from the helper
costs the writer time to unpickle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from xinyong.catalog import Catalog
from xinyong.catalog.model import Item
from xinyong.collection.cleaning import CleanRow
from xinyong.collection.linking import Party, PartyReader
from xinyong.db.engine import json_bytes
from xinyong.records.classing import RecordClasser
from xinyong.records.content import canonical, content_hash
from xinyong.subjects.person_ids import PersonIdVault

_REVOKED = "2"  # record_status 无效 (撤销)


class PreparedRow(NamedTuple):
    """A clean row ready to store (a tuple: a chunk of them crosses from the helper column by
    column, see ``feeding.Chunk``)."""

    number: int
    party: Party
    values: bytes  # the version's values as stored (canonical JSON text in UTF-8), ID numbers masked
    sealed: bytes  # JSON text in UTF-8: field → sealed ID number
    received: bytes  # JSON text in UTF-8: the cells whose text differs from the clean value
    flawless: bool  # not even a warning
    key: str
    content_hash: str
    decided_on: str | None  # dates as the database stores them (ISO text): the writer binds them as they are
    document_no: str | None
    severity: str | None
    publicity_ends_on: str | None
    # The row as cleaned, kept only when it revokes (撤销) a decision: one the platform does not
    # know is refused, row and all.
    revocation: CleanRow | None

    @property
    def revoke(self) -> bool:
        return self.revocation is not None


def by_column(rows: Sequence[PreparedRow]) -> dict[str, tuple[Any, ...]]:
    """The rows' fields column by column, in their order, taken apart in one pass in C (``rows``
    must not be empty): a chunk crosses from the helper this way (``feeding.Chunk``) and the
    writer inserts it this way, where a comprehension for each of a dozen columns cost more."""
    return dict(zip(PreparedRow._fields, zip(*rows, strict=True), strict=True))


class RowPreparer:
    def __init__(self, catalog: Catalog, item: Item, vault: PersonIdVault) -> None:
        self.vault = vault
        self._personal = {f.code for f in item.fields if f.personal}
        self._key_fields = item.key
        self._parties = PartyReader(item)
        self._classer = RecordClasser(catalog, item)
        status = item.role("status")
        is_record_status = isinstance(status, str) and item.field(status).code_table == "record_status"
        self._status_field = status if is_record_status else None
        decided, document = item.role("decided_on"), item.role("document_no")
        self._decided_field = decided if isinstance(decided, str) else None
        self._document_field = document if isinstance(document, str) else None
        # A file's decisions fall on a few thousand days: each day's text made once, and sent as
        # one object (pickle refers back to an object it has already sent in the chunk).
        self._days: dict[date, str] = {}

    def prepare(self, row: CleanRow) -> PreparedRow:
        # The cleaner's stored values, shared until a person's number must be masked in a copy.
        values = hashed = row.stored
        sealed = {}
        for code in self._personal:
            number = values.get(code)
            if number:
                if hashed is values:
                    values, hashed = dict(values), dict(values)
                sealed[code] = self.vault.seal(str(number))
                values[code] = self.vault.masked(str(number))
                hashed[code] = self.vault.lookup_key(str(number))
        key_text = "\x1f".join(str(hashed.get(code) or "") for code in self._key_fields)
        decided = row.values.get(self._decided_field) if self._decided_field else None
        decided = decided if isinstance(decided, date) else None
        status = row.values.get(self._status_field) if self._status_field else None
        document = row.values.get(self._document_field) if self._document_field else None
        classing = self._classer.classify(row.values, decided)
        stored = canonical(values)
        return PreparedRow(
            row.number, self._parties.read(row.values), stored, json_bytes(sealed) if sealed else b"{}",
            json_bytes(row.received), not row.problems, hashlib.sha256(key_text.encode("utf-8")).hexdigest(),
            content_hash(stored if hashed is values else hashed), self._day(decided),
            str(document)[:200] if document else None, classing.severity.value if classing.severity else None,
            self._day(classing.publicity_ends_on), row if status == _REVOKED else None)

    def _day(self, day: date | None) -> str | None:
        if day is None:
            return None
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = day.isoformat()
        return text
