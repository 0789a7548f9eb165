"""An in-memory candidate index over the ``subjects`` table, built in one pass, queried in microseconds.

Keys, each a ``HashMultimap`` (sorted numpy arrays, about 12 bytes a key):

- every code a subject is known by (USCC, old codes, merged duplicates', a person's keyed hash);
- organisation name cores (字号+行业, see ``names.py``) and, for cores of four characters or more,
  the core with any one character deleted — a query's deletions meeting a subject's deletions find
  every core one edit away (a typo, a missing or extra character: the SymSpell idea);
- the pinyin of each core, which finds homophone typos (华信 / 华新) at any distance;
- people's names, their pinyin (Latin spellings), and their masked ID (``3208**********6833``).

Former names (曾用名) are indexed like current ones and point at their subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.matching.candidates import HashMultimap, SubjectRecord
from xinyong.matching.names import parse_org_name, person_key, person_pinyin_keys, pinyin
from xinyong.matching.query import PreparedQuery
from xinyong.subjects.models import CodeCorrection, Subject, SubjectIdentifier, SubjectName

_COLUMNS = (Subject.id, Subject.kind, Subject.name, Subject.code, Subject.code_scheme, Subject.legal_rep,
            Subject.region_code, Subject.id_masked, Subject.birth_year, Subject.status)
FUZZY_MIN = 4  # shorter cores are matched exactly or by pinyin only: one edit changes too much of them


def deletions(core: str) -> list[str]:
    return [core[:i] + core[i + 1:] for i in range(len(core))] if len(core) >= FUZZY_MIN else []


@dataclass(frozen=True)
class Fingerprint:
    """What the index was built from: a table that no longer has it is stale.

    Subjects are never deleted; a change sets ``updated_at``, a rename or an old code adds a row,
    a merge or split adds a correction. Each part is the maximum of an indexed column, so checking
    costs a few index lookups, not a count of the table (and a change at the same instant as the
    build still shows in the row ids).
    """

    max_id: int
    last_update: str
    last_name: int
    last_identifier: int
    last_correction: int


def fingerprint(session: Session) -> Fingerprint:
    row = session.execute(select(
        select(func.max(Subject.id)).scalar_subquery(), select(func.max(Subject.updated_at)).scalar_subquery(),
        select(func.max(SubjectName.id)).scalar_subquery(), select(func.max(SubjectIdentifier.id)).scalar_subquery(),
        select(func.max(CodeCorrection.id)).scalar_subquery())).one()
    return Fingerprint(row[0] or 0, str(row[1]), row[2] or 0, row[3] or 0, row[4] or 0)


class MemoryIndex:
    """A ``CandidateSource`` over every current subject (merged duplicates point at their survivor)."""

    def __init__(self, rows: list[tuple], identifiers: list[tuple[str, int]], former: list[tuple[int, str]],
                 built_from: Fingerprint) -> None:
        self.built_from = built_from
        (self.ids, self.kinds, self.names, self.codes, self.schemes, self.legal_reps, self.regions,
         self.masked, self.births, self.statuses) = (list(c) for c in zip(*rows, strict=True)) if rows else ([],) * 10
        row_of = {sid: row for row, sid in enumerate(self.ids)}
        self.other_codes: dict[int, tuple[str, ...]] = {}
        for value, sid in identifiers:
            if sid in row_of:
                self.other_codes[row_of[sid]] = (*self.other_codes.get(row_of[sid], ()), value)
        # Entries are names: entry i < len(rows) is row i's current name; later ones are former names.
        self.entry_rows = list(range(len(rows))) + [row_of[sid] for sid, _ in former if sid in row_of]
        self.entry_names = self.names + [name for sid, name in former if sid in row_of]
        self.entry_cores = [self._core(e) for e in range(len(self.entry_names))]
        self._codes = HashMultimap(self._code_keys(), self._code_rows())
        orgs = [e for e, row in enumerate(self.entry_rows) if self.kinds[row] != "person"]
        people = [e for e, row in enumerate(self.entry_rows) if self.kinds[row] == "person"]
        variants = [(v, e) for e in orgs for v in (self.entry_cores[e], *deletions(self.entry_cores[e]))]
        self._org_variants = HashMultimap((v for v, _ in variants), (e for _, e in variants))
        self._org_pinyin = HashMultimap((pinyin(self.entry_cores[e]) for e in orgs), orgs)
        self._person_names = HashMultimap((self.entry_cores[e] for e in people), people)
        spelled = [(k, e) for e in people for k in person_pinyin_keys(self.entry_names[e])]
        self._person_pinyin = HashMultimap((k for k, _ in spelled), (e for _, e in spelled))
        masked_rows = [r for r, m in enumerate(self.masked) if m]
        self._masked = HashMultimap((self.masked[r] for r in masked_rows), masked_rows)

    def _core(self, entry: int) -> str:
        name = self.entry_names[entry]
        return person_key(name) if self.kinds[self.entry_rows[entry]] == "person" else parse_org_name(name).core

    def _code_keys(self) -> Iterator[str]:
        yield from self.codes
        for codes in self.other_codes.values():
            yield from codes

    def _code_rows(self) -> Iterator[int]:
        yield from range(len(self.codes))
        for row, codes in self.other_codes.items():
            yield from (row for _ in codes)

    @classmethod
    def build(cls, session: Session) -> MemoryIndex:
        """Read the subjects table (current subjects, their old codes and former names) into an index."""
        stamp = fingerprint(session)
        connection = session.connection()
        rows = [tuple(r) for r in connection.execute(
            select(*_COLUMNS).where(Subject.canonical_id.is_(None)).order_by(Subject.id))]
        survivor = func.coalesce(Subject.canonical_id, Subject.id)
        identifiers = [(v, s) for v, s in connection.execute(
            select(SubjectIdentifier.value, survivor).join(Subject, Subject.id == SubjectIdentifier.subject_id))]
        identifiers += [(c, s) for c, s in connection.execute(
            select(Subject.code, Subject.canonical_id).where(Subject.canonical_id.is_not(None)))]
        former = [(s, n) for s, n in connection.execute(
            select(survivor, SubjectName.name).join(Subject, Subject.id == SubjectName.subject_id)
            .where(SubjectName.role == "former"))]
        return cls(rows, identifiers, former, stamp)

    def is_current(self, session: Session) -> bool:
        return fingerprint(session) == self.built_from

    def __len__(self) -> int:
        return len(self.ids)

    def record(self, row: int, entry: int | None = None) -> SubjectRecord:
        alias = self.entry_names[entry] if entry is not None and entry >= len(self.ids) else None
        return SubjectRecord(
            subject_id=self.ids[row], kind=self.kinds[row], name=self.names[row], code=self.codes[row],
            code_scheme=self.schemes[row], legal_rep=self.legal_reps[row], region_code=self.regions[row],
            id_masked=self.masked[row], birth_year=self.births[row], status=self.statuses[row], alias=alias,
            other_codes=self.other_codes.get(row, ()))

    def namesakes(self, person: str) -> int:
        return self._person_names.count(person)

    def candidates(self, query: PreparedQuery, limit: int) -> list[SubjectRecord]:
        by_code: list[int] = []
        for key in (*query.codes, query.id_hash):
            if key:
                by_code += [int(r) for r in self._codes.get(key)]
        entries = self._person_entries(query) if query.is_person else self._org_entries(query, limit)
        chosen: dict[int, int | None] = {row: None for row in by_code}
        for entry in entries:
            row = self.entry_rows[entry]
            if row not in chosen or (chosen[row] is not None and entry < len(self.ids)):
                chosen[row] = entry
        wanted = [(row, entry) for row, entry in chosen.items() if (self.kinds[row] == "person") == query.is_person]
        return [self.record(row, entry) for row, entry in wanted[:limit]]

    def _org_entries(self, query: PreparedQuery, limit: int) -> list[int]:
        """Entries whose core equals the query's or sounds the same, then the closest one-edit neighbours."""
        if query.org is None or not query.org.core:
            return []
        core = query.org.core
        sounding = [int(e) for e in self._org_pinyin.get(pinyin(core))]
        near = np.unique(self._org_variants.get_many([core, *deletions(core)])).tolist()
        cores = [self.entry_cores[e] for e in near]
        closest = [(near[i], similarity) for _, similarity, i in process.extract(core, cores, scorer=fuzz.ratio,
                                                                                  limit=limit)]
        exact = [e for e, similarity in closest if similarity == 100]
        return list(dict.fromkeys([*exact, *sounding, *(e for e, _ in closest)]))

    def _person_entries(self, query: PreparedQuery) -> list[int]:
        """People with the query's masked ID first (current names: entry = row), then namesakes."""
        found: list[int] = []
        if query.partial_id is not None and (masked := query.partial_id.masked_form()):
            found += [int(r) for r in self._masked.get(masked)]
        if query.person:
            found += [int(e) for e in self._person_names.get(query.person)]
            found += [int(e) for e in self._person_pinyin.get_many(query.person_pinyin)]
        return list(dict.fromkeys(found))
