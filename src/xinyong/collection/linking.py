"""Attaching records to subjects (主体关联): by code, or by name only when the name is unambiguous.

A record is never attached to the wrong subject silently: a row whose codes are missing or fail
their checks attaches by name only when exactly one organisation carries that name; otherwise it
waits for a reviewer. A valid code not yet in the registry creates the subject, flagged with the
batch it came from.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.catalog.model import Item
from xinyong.identifiers import birth_date, check
from xinyong.records.models import LinkState
from xinyong.subjects.models import Subject, SubjectKind
from xinyong.subjects.names import name_key
from xinyong.subjects.registry import Registry, SubjectEntry

_KINDS = {"1": SubjectKind.ORGANISATION.value, "2": SubjectKind.PERSON.value,
          "3": SubjectKind.INDIVIDUAL_BUSINESS.value}


class Link(NamedTuple):
    """How one row attached (a tuple, so that a chunk's links come apart column by column in C)."""

    subject_id: int | None
    state: LinkState
    exact: bool = False  # attached by a code that passed every check (not merely with a warning)
    born: date | None = None  # a person's birth date, read from the ID number


class Party(NamedTuple):
    """Who a row names, read through its item's roles.

    A tuple of plain values (a kind's value, not an enum member), because one crosses from the
    helper process for every row, field by field (see ``feeding.Chunk``).
    """

    name: str
    kind: str | None  # a ``SubjectKind`` value, as the row states it (行政相对人类别), if the item has the field
    codes: tuple[str, ...]  # organisation codes as written, checked or not
    person_id: str | None  # a person's ID number as the row carries it

    @property
    def is_person(self) -> bool:
        return self.kind == SubjectKind.PERSON or (not self.codes and self.person_id is not None)


class PartyReader:
    """Reads the party of each row of one item (its roles looked up once)."""

    def __init__(self, item: Item) -> None:
        codes = item.role("subject_codes") or ()
        self._code_fields = [codes] if isinstance(codes, str) else list(codes)
        person, name, kind = item.role("person_id"), item.role("subject_name"), item.role("subject_kind")
        self._person_field = person if isinstance(person, str) else None
        self._name_field = name if isinstance(name, str) else None
        self._kind_field = kind if isinstance(kind, str) else None

    def read(self, values: dict[str, Any]) -> Party:
        number = values.get(self._person_field) if self._person_field else None
        return Party(str(values.get(self._name_field) or "") if self._name_field else "",
                     _KINDS.get(str(values.get(self._kind_field))) if self._kind_field else None,
                     tuple(map(str, filter(None, map(values.get, self._code_fields)))),
                     str(number) if number else None)


class SubjectLinker:
    """Links the parties of one batch's rows, a chunk at a time, through one non-authoritative registry."""

    def __init__(self, session: Session, registry: Registry) -> None:
        self.session = session
        self.registry = registry
        # A file names the same subjects row after row: once linked, a party (as written) and a
        # code (as checked) are not looked up again.
        self._by_party: dict[Party, Link] = {}
        self._by_code: dict[tuple[str, str], Link] = {}

    def _entry(self, party: Party) -> tuple[SubjectEntry, bool]:
        """The registry entry a party describes, and whether its code is usable (passes its check)."""
        name, kind = party.name, SubjectKind(party.kind) if party.kind else None
        if party.is_person:
            number = party.person_id
            if number and check(number, "citizen_id").acceptable:
                return SubjectEntry(name=name, code=number, kind=SubjectKind.PERSON), True
            return SubjectEntry(name=name, kind=SubjectKind.PERSON), False
        usable = [c for c in party.codes if check(c).acceptable]
        if not usable:
            return SubjectEntry(name=name, kind=kind), False
        return SubjectEntry(name=name, code=usable[0], kind=kind, old_codes=tuple(usable[1:])), True

    def link(self, parties: list[Party]) -> list[Link]:
        links: list[Link | None] = list(map(self._by_party.get, parties))
        coded: list[tuple[int, Party, SubjectEntry]] = []
        uncoded: list[tuple[int, SubjectEntry]] = []
        for i, party in enumerate(parties):
            if links[i] is not None:
                continue
            entry, usable = self._entry(party)
            if not usable:
                uncoded.append((i, entry))
            elif (known := self._by_code.get((entry.code or "", entry.name))) is not None:
                self._by_party[party] = links[i] = known
            else:
                coded.append((i, party, entry))
        for (i, party, entry), result in zip(coded, self.registry.register_many(e for _, _, e in coded), strict=True):
            exact = result.check is not None and result.check.verdict == "valid"
            born = birth_date(result.check.normalized) if entry.kind is SubjectKind.PERSON and exact else None
            links[i] = Link(result.subject_id, LinkState.CREATED if result.created else LinkState.LINKED, exact, born)
            self._by_party[party] = self._by_code[(entry.code or "", entry.name)] = (
                Link(result.subject_id, LinkState.LINKED, exact, born))
        by_name = self._unique_names({name_key(e.name) for _, e in uncoded if e.name and e.kind
                                      is not SubjectKind.PERSON})
        for i, entry in uncoded:
            sid = by_name.get(name_key(entry.name)) if entry.kind is not SubjectKind.PERSON else None
            links[i] = Link(sid, LinkState.BY_NAME) if sid else Link(None, LinkState.REVIEW)
        return [link or Link(None, LinkState.REVIEW) for link in links]

    def _unique_names(self, keys: set[str]) -> dict[str, int]:
        """Names carried by exactly one organisation or individual business (current or former)."""
        if not keys:
            return {}
        owners: dict[str, set[int]] = defaultdict(set)
        ordered = sorted(keys)
        for start in range(0, len(ordered), 500):
            part = ordered[start:start + 500]
            for key, sid, canonical in self.session.execute(
                select(Subject.name_key, Subject.id, Subject.canonical_id)
                .where(Subject.name_key.in_(part), Subject.kind != SubjectKind.PERSON.value)
            ):
                owners[key].add(canonical or sid)
        return {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
