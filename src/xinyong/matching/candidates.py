"""Where candidates come from: the interface the matcher scores against, and a hashed multimap.

``CandidateSource`` is all the matcher needs of an index: the subjects worth scoring for a query,
and how many people carry a name. ``MemoryIndex`` (``index.py``) is one; a source over the bigram
search index of ``xinyong.search`` can be another without touching the scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from xinyong.matching.query import PreparedQuery


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    """What scoring needs of a subject; never a person's ID number beyond its masked form."""

    subject_id: int
    kind: str
    name: str
    code: str
    code_scheme: str
    legal_rep: str | None
    region_code: str | None
    id_masked: str | None
    birth_year: int | None
    status: str
    alias: str | None = None  # a former name (曾用名) the subject was found by
    other_codes: tuple[str, ...] = ()


class CandidateSource(Protocol):
    def candidates(self, query: PreparedQuery, limit: int) -> list[SubjectRecord]:
        """Subjects worth scoring for ``query``, at most ``limit``, most promising first."""

    def namesakes(self, person: str) -> int:
        """How many people in the registry carry the name ``person`` (a ``person_key``)."""


class HashMultimap:
    """Keys (hashed) to row numbers, in two sorted numpy arrays: compact for millions of keys.

    Python's ``hash`` is stable within a process, which is as long as an index lives; callers
    check the rows they get back, so a collision costs a wasted comparison, never a wrong answer.
    """

    def __init__(self, keys: Iterable[str], rows: Iterable[int]) -> None:
        hashes = np.fromiter((hash(k) for k in keys), dtype=np.int64)
        values = np.fromiter(rows, dtype=np.int32, count=len(hashes))
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._rows = values[order]

    def get(self, key: str) -> np.ndarray:
        h = hash(key)
        left = np.searchsorted(self._hashes, h, side="left")
        right = np.searchsorted(self._hashes, h, side="right")
        return self._rows[left:right]

    def get_many(self, keys: Iterable[str]) -> np.ndarray:
        hashes = np.fromiter((hash(k) for k in keys), dtype=np.int64)
        if not len(hashes):
            return self._rows[:0]
        left = np.searchsorted(self._hashes, hashes, side="left")
        right = np.searchsorted(self._hashes, hashes, side="right")
        parts = [self._rows[a:b] for a, b in zip(left, right, strict=True) if b > a]
        return np.concatenate(parts) if parts else self._rows[:0]

    def count(self, key: str) -> int:
        h = hash(key)
        return int(np.searchsorted(self._hashes, h, side="right") - np.searchsorted(self._hashes, h, side="left"))
