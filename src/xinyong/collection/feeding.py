"""Feeding the writer: read, clean and prepare a source chunk by chunk, so memory stays flat
however large the file. Large files are fed from a helper process (``collection/helper.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from xinyong.catalog import get_catalog
from xinyong.collection.cleaning import CleanRow, RowCleaner
from xinyong.collection.linking import Party
from xinyong.collection.preparing import PreparedRow, RowPreparer, by_column
from xinyong.collection.readers import RawRow, Source, open_source
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

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled column by column, the parties' fields too: a list of strings pickles in one
        # tight loop, while every named tuple is a call to its ``__reduce__`` (a chunk's rows:
        # 10 ms to pickle as rows, about 4 ms as columns; about the same to unpickle and rebuild).
        if not self.prepared:
            return Chunk, (self.count, self.bad, [])
        columns = by_column(self.prepared)
        columns["party"] = tuple(zip(*columns["party"], strict=True))
        return _from_columns, (self.count, self.bad, columns)


def _from_columns(count: int, bad: list[CleanRow], columns: dict[str, tuple[Any, ...]]) -> Chunk:
    """A chunk pickled by ``Chunk.__reduce__`` (its columns in the rows' order of fields), the rows
    built again in C (``tuple.__new__``)."""
    columns["party"] = tuple(map(tuple.__new__, repeat(Party), zip(*columns["party"], strict=True)))
    return Chunk(count, bad, list(map(tuple.__new__, repeat(PreparedRow), zip(*columns.values(), strict=True))))


@dataclass
class RawBlock:
    """A chunk's rows as read, for the writer's process to clean and prepare itself (helper.py)."""

    rows: list[RawRow]


Pieces = Generator[SourceInfo | Chunk | RawBlock, int | bool | None, None]


class ChunkMaker:
    """Cleans and prepares a source's rows a chunk at a time."""

    def __init__(self, item_id: str, keys: Keys, received_on: date, legacy_v1: bool) -> None:
        catalog = get_catalog()
        item = catalog.item(item_id)
        self._cleaner = RowCleaner(catalog, item, received_on=received_on, legacy_v1=legacy_v1)
        self._preparer = RowPreparer(catalog, item, PersonIdVault(keys))

    def make(self, block: list[RawRow]) -> Chunk:
        bad: list[CleanRow] = []
        prepared: list[PreparedRow] = []
        for row in map(self._cleaner.clean, block):
            if row.ok:
                prepared.append(self._preparer.prepare(row))
            else:
                bad.append(row)
        return Chunk(len(block), bad, prepared)


def chunks(source: Source, item_id: str, keys: Keys, received_on: date) -> Pieces:
    """The source's description first, then its rows, cleaned and prepared, a chunk at a time.

    A number sent in reply to the description (``send``) is how many chunks to read past without
    cleaning them: another process has cleaned them already. After that, ``True`` sent in reply
    to a piece asks for the next chunk as read (a ``RawBlock``): another process will clean it.
    """
    skip = yield SourceInfo(source.format, source.encoding, source.header.row_number,
                            tuple(source.header.unknown), source.header.legacy_v1)
    maker = ChunkMaker(item_id, keys, received_on, source.header.legacy_v1)
    rows = source.rows()
    deque(islice(rows, (skip or 0) * CHUNK), maxlen=0)
    raw = False
    while block := list(islice(rows, CHUNK)):
        raw = yield RawBlock(block) if raw else maker.make(block)


def file_chunks(path: Path, name: str, item_id: str, keys: Keys, received_on: date) -> Pieces:
    with open_source(path, get_catalog().item(item_id), name=name) as source:
        yield from chunks(source, item_id, keys, received_on)
