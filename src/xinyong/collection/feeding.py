"""Feeding the writer: read, clean and prepare a source chunk by chunk, so memory stays flat
however large the file. Large files are fed from a helper process (``collection/helper.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from xinyong.catalog import get_catalog
from xinyong.collection.cleaning import CleanRow, RowCleaner
from xinyong.collection.preparing import PreparedRow, RowPreparer
from xinyong.collection.readers import Source, open_source
from xinyong.keys import Keys
from xinyong.subjects.person_ids import PersonIdVault

CHUNK = 2000


@dataclass(frozen=True)
class SourceInfo:
    format: str
    encoding: str | None
    header_row: int
    unknown: tuple[str, ...]
    legacy_v1: bool


@dataclass
class Chunk:
    count: int
    bad: list[CleanRow]
    prepared: list[PreparedRow]


Pieces = Generator[SourceInfo | Chunk, int | None, None]


def chunks(source: Source, item_id: str, keys: Keys, received_on: date) -> Pieces:
    """The source's description first, then its rows, cleaned and prepared, a chunk at a time.

    A number sent in reply to the description (``send``) is how many chunks to read past without
    cleaning them: another process has cleaned them already.
    """
    catalog = get_catalog()
    item = catalog.item(item_id)
    skip = yield SourceInfo(source.format, source.encoding, source.header.row_number,
                            tuple(source.header.unknown), source.header.legacy_v1)
    cleaner = RowCleaner(catalog, item, received_on=received_on, legacy_v1=source.header.legacy_v1)
    preparer = RowPreparer(catalog, item, PersonIdVault(keys))
    rows = source.rows()
    deque(islice(rows, (skip or 0) * CHUNK), maxlen=0)
    while block := list(islice(rows, CHUNK)):
        bad: list[CleanRow] = []
        prepared: list[PreparedRow] = []
        for row in map(cleaner.clean, block):
            if row.ok:
                prepared.append(preparer.prepare(row))
            else:
                bad.append(row)
        yield Chunk(len(block), bad, prepared)


def file_chunks(path: Path, name: str, item_id: str, keys: Keys, received_on: date) -> Pieces:
    with open_source(path, get_catalog().item(item_id), name=name) as source:
        yield from chunks(source, item_id, keys, received_on)
