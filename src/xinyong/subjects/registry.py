"""Registering subjects: one archive per code, however often and however badly it is written.

``Registry.register_many`` is the one path every source takes — the sample city, a registration
feed, collection linking a record to its subject — so a code written in full-width characters,
in lower case or with spaces finds the same archive as the clean one. It works a chunk at a time
(two look-ups and a few multi-row inserts per chunk) so that a million subjects load in minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.db.bulk import insert_rows
from xinyong.identifiers import Check, birth_date, check, normalize, uscc_prefix
from xinyong.search.index import refresh_subjects
from xinyong.subjects.models import Subject, SubjectIdentifier, SubjectKind, SubjectName
from xinyong.subjects.names import clean_name, name_key
from xinyong.subjects.person_ids import PersonIdVault

CHUNK = 2000
# What an organisation's code of a given length is (GB 32100, GS15, GB 11714).
_ORGANISATION_SCHEMES = {18: "uscc", 15: "registration_no", 9: "org_code"}


@dataclass(frozen=True)
class SubjectEntry:
    """A subject as a source describes it; codes raw, exactly as written."""

    name: str
    code: str | None = None
    kind: SubjectKind | None = None
    old_codes: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    legal_rep: str | None = None
    legal_rep_code: str | None = None
    region_code: str | None = None
    industry: str | None = None  # GB/T 4754-2017 门类
    registered_on: date | None = None
    address: str | None = None
    status: str = "active"


@dataclass
class Registration:
    """Where an entry landed: its subject (None when the entry carried no code at all)."""

    subject_id: int | None
    created: bool
    check: Check | None
    entry: SubjectEntry


@dataclass
class _Prepared:
    entry: SubjectEntry
    kind: SubjectKind
    category: str
    scheme: str
    code: str
    check: Check
    extra: list[tuple[str, str, Check]] = field(default_factory=list)
    id_cipher: str | None = None
    id_masked: str | None = None
    birth_year: int | None = None

    def values(self) -> tuple[str, ...]:
        return (self.code, *(value for _, value, _ in self.extra))


class Registry:
    """Registers subjects from one source (``origin``/``origin_ref``) at one moment."""

    def __init__(self, session: Session, vault: PersonIdVault, *, now: datetime, origin: str,
                 origin_ref: str | None = None, authoritative: bool = True) -> None:
        self.session = session
        self.vault = vault
        self.now = now
        self.origin = origin
        self.origin_ref = origin_ref
        # An authoritative source (the registration authority) renames a subject; any other
        # source's differing name is only observed, for 重码 review.
        self.authoritative = authoritative

    def register(self, entry: SubjectEntry) -> Registration:
        return self.register_many([entry])[0]

    def register_many(self, entries: Iterable[SubjectEntry]) -> list[Registration]:
        results: list[Registration] = []
        chunk: list[SubjectEntry] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= CHUNK:
                results.extend(self._register_chunk(chunk))
                chunk = []
        if chunk:
            results.extend(self._register_chunk(chunk))
        return results

    def _check(self, raw: str, kind: SubjectKind | None) -> Check:
        """A code checked as what its subject is: a person's number, or an organisation's code of
        the kind its length says — never a registration number mistaken for an old ID number."""
        today = self.now.date()
        if kind is SubjectKind.PERSON:
            return check(raw, "citizen_id", today=today)
        if kind is not None:
            return check(raw, _ORGANISATION_SCHEMES.get(len(normalize(raw))), today=today)
        return check(raw, today=today)

    def prepare(self, entry: SubjectEntry) -> _Prepared | None:
        """Check and classify an entry's codes; None when it carries no usable code at all."""
        raw_codes = [c for c in (entry.code, *entry.old_codes) if c and c.strip()]
        if not raw_codes:
            return None
        primary = self._check(raw_codes[0], entry.kind)
        scheme = primary.kind if primary.kind != "unknown" else ("uscc" if len(primary.normalized) == 18
                                                                 else "other")
        kind, category = self._classify(entry, scheme, primary)
        prepared = _Prepared(entry=entry, kind=kind, category=category, scheme=scheme,
                             code=primary.normalized, check=primary)
        if scheme == "citizen_id":
            id18 = primary.normalized
            prepared.code = self.vault.lookup_key(id18)
            if primary.verdict != "invalid":
                prepared.id_cipher = self.vault.seal(id18)
                prepared.id_masked = self.vault.masked(id18)
                prepared.birth_year = birth_date(id18).year
        for extra in (self._check(raw, kind) for raw in raw_codes[1:]):
            extra_scheme = extra.kind if extra.kind != "unknown" else "other"
            # An ID number is kept, like the primary one, only as its keyed hash.
            value = self.vault.lookup_key(extra.normalized) if extra_scheme == "citizen_id" else extra.normalized
            if value != prepared.code:
                prepared.extra.append((extra_scheme, value, extra))
        return prepared

    def _classify(self, entry: SubjectEntry, scheme: str, primary: Check) -> tuple[SubjectKind, str]:
        if scheme == "citizen_id" or entry.kind is SubjectKind.PERSON:
            return SubjectKind.PERSON, "person"
        if scheme == "uscc":
            prefix = uscc_prefix(primary.normalized)
            if prefix is not None:
                return SubjectKind(prefix.kind), prefix.category
        kind = entry.kind or SubjectKind.ORGANISATION
        return kind, "individual_business" if kind is SubjectKind.INDIVIDUAL_BUSINESS else "unknown"

    def _existing(self, values: Sequence[str]) -> dict[str, int]:
        """Which of these code values already point at a subject (survivors of merges)."""
        found: dict[str, int] = {}
        for start in range(0, len(values), 500):
            part = values[start:start + 500]
            for code, sid, canonical in self.session.execute(
                select(Subject.code, Subject.id, Subject.canonical_id).where(Subject.code.in_(part))
            ):
                found[code] = canonical or sid
            for value, sid, canonical in self.session.execute(
                select(SubjectIdentifier.value, Subject.id, Subject.canonical_id)
                .join(Subject, Subject.id == SubjectIdentifier.subject_id)
                .where(SubjectIdentifier.value.in_(part))
            ):
                found.setdefault(value, canonical or sid)
        return found

    def _legal_reps(self, entries: list[SubjectEntry]) -> dict[str, int]:
        """Register the legal representatives the entries name by ID number; their subject ids."""
        reps = {e.legal_rep_code: e.legal_rep or "" for e in entries if e.legal_rep_code}
        if not reps:
            return {}
        registered = self.register_many(
            SubjectEntry(name=name, code=code, kind=SubjectKind.PERSON) for code, name in reps.items())
        return {r.entry.code: r.subject_id for r in registered if r.subject_id is not None and r.entry.code}

    def _register_chunk(self, entries: list[SubjectEntry]) -> list[Registration]:
        reps = self._legal_reps(entries)
        prepared = [self.prepare(e) for e in entries]
        values = sorted({v for p in prepared if p for v in p.values()})
        known = self._existing(values)
        found: dict[int, int] = {}
        new_index: dict[str, int] = {}
        new_rows: list[dict] = []
        creators: dict[int, int] = {}
        for i, p in enumerate(prepared):
            if p is None:
                continue
            sid = next((known[v] for v in p.values() if v in known), None)
            if sid is not None:
                found[i] = sid
            elif p.code not in new_index:
                new_index[p.code] = len(new_rows)
                new_rows.append(self.row(p, reps.get(p.entry.legal_rep_code or "")))
                creators[i] = new_index[p.code]
        ids = self._insert_subjects(new_rows)
        results = []
        for i, (entry, p) in enumerate(zip(entries, prepared, strict=True)):
            if p is None:
                results.append(Registration(None, False, None, entry))
            elif i in creators:
                results.append(Registration(ids[creators[i]], True, p.check, entry))
            else:
                sid = found.get(i) or ids[new_index[p.code]]
                results.append(Registration(sid, False, p.check, entry))
        if self.authoritative:
            self._update_existing([(p, r) for p, r in zip(prepared, results, strict=True) if p and not r.created], reps)
        self._add_identifiers(prepared, results, known)
        self._add_names(prepared, results)
        # The index follows names and codes: a subject found again by another source changed
        # neither, unless that source is the registration authority or brought former names.
        refresh_subjects(self.session, (r.subject_id for r, p in zip(results, prepared, strict=True) if p and (
            r.created or self.authoritative or p.entry.former_names)))
        return results

    def _update_existing(self, pairs: list[tuple[_Prepared, Registration]], reps: dict[str, int]) -> None:
        """The registration authority's newer word on a subject: name, representative, status."""
        if not pairs:
            return
        subjects = {s.id: s for s in self.session.scalars(
            select(Subject).where(Subject.id.in_({r.subject_id for _, r in pairs})))}
        for p, r in pairs:
            subject, entry = subjects[r.subject_id], p.entry
            if name_key(entry.name) != subject.name_key:
                self.session.add(SubjectName(**self._name_row(subject.id, subject.name, "former")))
                subject.name, subject.name_key = clean_name(entry.name), name_key(entry.name)
            for attribute in ("legal_rep", "address", "registered_on", "industry"):
                value = getattr(entry, attribute)
                if value is not None and value != getattr(subject, attribute):
                    setattr(subject, attribute, value)
            if entry.status != subject.status:
                subject.status = entry.status
            if entry.legal_rep_code and reps.get(entry.legal_rep_code) != subject.legal_rep_subject_id:
                subject.legal_rep_subject_id = reps.get(entry.legal_rep_code)
            subject.updated_at = self.now
        self.session.flush()

    def row(self, p: _Prepared, legal_rep_subject_id: int | None) -> dict:
        """The ``subjects`` row a prepared entry becomes."""
        e = p.entry
        return {
            "kind": p.kind.value, "category": p.category, "code_scheme": p.scheme, "code": p.code,
            "id_cipher": p.id_cipher, "id_masked": p.id_masked, "name": clean_name(e.name),
            "name_key": name_key(e.name), "legal_rep": e.legal_rep, "legal_rep_subject_id": legal_rep_subject_id,
            "region_code": e.region_code or self._region(p), "industry": e.industry,
            "registered_on": e.registered_on, "birth_year": p.birth_year, "address": e.address, "status": e.status,
            "code_verdict": p.check.verdict, "code_reasons": list(p.check.reasons), "origin": self.origin,
            "origin_ref": self.origin_ref, "needs_review": p.check.verdict != "valid",
            "canonical_id": None, "created_at": self.now, "updated_at": self.now,
        }

    @staticmethod
    def _region(p: _Prepared) -> str | None:
        if p.scheme == "uscc" and p.code[2:8].isdigit():
            return p.code[2:8]
        return None

    def _insert_subjects(self, rows: list[dict]) -> list[int]:
        """Insert, then read the new ids back by code (unique): portable, and far faster than
        RETURNING in parameter order, which SQLite can only give row by row."""
        if not rows:
            return []
        connection = self.session.connection()
        insert_rows(connection, Subject.__table__, rows)
        codes = [row["code"] for row in rows]
        ids: dict[str, int] = {}
        for start in range(0, len(codes), 500):
            part = codes[start:start + 500]
            ids.update(connection.execute(select(Subject.code, Subject.id).where(Subject.code.in_(part))).all())
        return [ids[code] for code in codes]

    def _add_identifiers(self, prepared: list[_Prepared | None], results: list[Registration],
                         known: dict[str, int]) -> None:
        rows, seen = [], set(known)
        for p, r in zip(prepared, results, strict=True):
            if p is None:
                continue
            for scheme, value, extra_check in p.extra:
                if value in seen:
                    continue
                seen.add(value)
                rows.append({"subject_id": r.subject_id, "scheme": scheme, "value": value,
                             "verdict": extra_check.verdict, "is_current": True, "source": self.origin,
                             "added_at": self.now, "retired_at": None})
        if rows:
            insert_rows(self.session.connection(), SubjectIdentifier.__table__, rows)

    def _add_names(self, prepared: list[_Prepared | None], results: list[Registration]) -> None:
        names: dict[tuple[int, str, str], dict] = {}
        for p, r in zip(prepared, results, strict=True):
            if p is None:
                continue
            for former in p.entry.former_names:
                names[(r.subject_id, name_key(former), "former")] = self._name_row(r.subject_id, former, "former")
            if not r.created and not self.authoritative:
                key = name_key(p.entry.name)
                names.setdefault((r.subject_id, key, "observed"),
                                 self._name_row(r.subject_id, p.entry.name, "observed"))
        if names:
            self._merge_names(list(names.values()))

    def _name_row(self, subject_id: int, name: str, role: str) -> dict:
        return {"subject_id": subject_id, "name": clean_name(name), "name_key": name_key(name), "role": role,
                "source": self.origin, "first_seen": self.now, "last_seen": self.now}

    def _merge_names(self, rows: list[dict]) -> None:
        """Store names not yet known for their subject; a name already known is only seen again."""
        subject_ids = sorted({r["subject_id"] for r in rows})
        current = dict(self.session.execute(
            select(Subject.id, Subject.name_key).where(Subject.id.in_(subject_ids))).all())
        existing = {(sid, key, role): nid for nid, sid, key, role in self.session.execute(
            select(SubjectName.id, SubjectName.subject_id, SubjectName.name_key, SubjectName.role)
            .where(SubjectName.subject_id.in_(subject_ids)))}
        fresh = []
        for row in rows:
            if row["role"] == "observed" and current.get(row["subject_id"]) == row["name_key"]:
                continue
            nid = existing.get((row["subject_id"], row["name_key"], row["role"]))
            if nid is None:
                fresh.append(row)
            else:
                self.session.query(SubjectName).filter_by(id=nid).update({"last_seen": self.now})
        if fresh:
            insert_rows(self.session.connection(), SubjectName.__table__, fresh)
