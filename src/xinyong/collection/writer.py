"""Writing cleaned rows as records: new, updated, unchanged, revoked — a chunk at a time.

Each chunk costs a look-up of its subjects, a few multi-row inserts and updates, and a look-up
of the records it names — on SQLite only of those whose insert found the key taken — so a
million-row file stays a matter of a minute or two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import compress, repeat
from typing import Any

import orjson
from sqlalchemy import TextClause, select, text, update
from sqlalchemy.orm import Session

from xinyong.catalog.model import Item
from xinyong.collection.cleaning import CleanRow
from xinyong.collection.journal import Entry, chunk_event
from xinyong.collection.linking import SubjectLinker
from xinyong.collection.models import Batch, RowRejection
from xinyong.collection.preparing import PreparedRow, by_column
from xinyong.collection.review import ReviewPolicy, diff
from xinyong.db.bulk import Same, allocate_ids, insert_columns, insert_rows, uniform
from xinyong.db.plain import fetch
from xinyong.events import append_events
from xinyong.records.models import LinkState, Record, RecordStatus, RecordVersion

_KNOWN = ("id", "record_key", "content_hash", "status", "latest_version", "approved_version", "subject_id")
_KNOWN_COLUMNS = ", ".join(_KNOWN)
# PostgreSQL plans a look-up from statistics taken before the batch. On a table the batch is
# filling, it took the (item, department) prefix of the unique index for selective and filtered
# every record written so far by key — 34 ms a chunk at 100,000 rows, a third of the batch. One
# probe per key on all three columns of the unique index cannot be planned that way (``LIMIT 1``
# keeps each probe a probe: without it the planner folds them back into one hash join).
_KNOWN_BY_PROBE = text(
    f"SELECT {', '.join('r.' + c for c in _KNOWN)} FROM unnest(CAST(:keys AS text[])) AS k(key)"
    f" CROSS JOIN LATERAL (SELECT {_KNOWN_COLUMNS} FROM records"
    " WHERE item_id = :item AND department_code = :department AND record_key = k.key LIMIT 1) AS r")
_PART = 500
_APPROVED, _PENDING = RecordStatus.APPROVED.value, RecordStatus.PENDING.value
_EXACT_LINKS = frozenset({LinkState.LINKED, LinkState.CREATED})


def _clean(flawless: bool, state: LinkState, exact: bool) -> bool:
    """A flawless row attached by a code of its own that passed every check: approved by rule
    where the review policy says so."""
    return flawless and exact and state in _EXACT_LINKS


@cache
def _known_among(count: int) -> TextClause:
    """The records of an item and department with any of ``count`` keys (``:k0`` … )."""
    keys = ", ".join(f":k{i}" for i in range(count))
    return text(f"SELECT {_KNOWN_COLUMNS} FROM records"
                f" WHERE item_id = :item AND department_code = :department AND record_key IN ({keys})")


# The version's documents come from the preparer as the UTF-8 bytes of their JSON text, ready to store.
_STORED = frozenset({"values", "sealed", "raw"})
# ... and its dates as ISO text.
_DAYS = frozenset({"decided_on", "publicity_ends_on"})
_RECORD_KEY = ("item_id", "department_code", "record_key")  # the records' unique key
Changes = list[tuple[PreparedRow, dict[str, Any]]]  # rows for records on file, each with what is known of it


def minor(born: date | None, decided_on: str | None) -> bool:
    """Was the person under 18 on the day of the decision (ISO text)? (未成年人的信息不予公开)"""
    if born is None or decided_on is None:
        return False
    try:
        adult_on = born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February
        adult_on = born.replace(year=born.year + 18, day=28)
    return date.fromisoformat(decided_on) < adult_on


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass
class Counts:
    rows: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


class RecordWriter:
    """Writes one batch's rows for one item and department, inside the caller's transaction."""

    def __init__(self, session: Session, *, item: Item, batch: Batch, linker: SubjectLinker,
                 policy: ReviewPolicy, now: datetime) -> None:
        self.session, self.item = session, item
        self.linker, self.policy, self.now = linker, policy, now
        self.counts = Counts()
        status = item.role("status")
        self._status_field = status if isinstance(status, str) else None
        # Read once: every row needs them, and an ORM attribute is read through its instrumentation.
        self._batch_id, self._department, self._received_at = batch.id, batch.department_code, batch.received_at
        self._actor = f"department:{self._department}"
        # What the chunk being written did to which records, by action, for the journal.
        self._done: dict[str, list[Entry]] = {}
        # On SQLite, rows are inserted as new without looking their keys up first: a look-up of
        # each key was 8 % of a million-row batch, and in a department's file nearly every row is
        # new. PostgreSQL's COPY cannot leave out a row whose key is taken, so keys are looked up.
        self._optimistic = session.connection().dialect.name == "sqlite"
        # Whether a new record is approved by rule depends only on whether it is clean.
        self._auto_new = {clean: policy.auto(item.id, "new", clean) for clean in (False, True)}

    def reject(self, rows: list[CleanRow], extra: dict[int, list[dict[str, Any]]] | None = None) -> None:
        """Rows not stored, each with every reason someone can act on."""
        records = []
        for row in rows:
            reasons = [{"code": p.reason, "field": p.field, "value": p.value, "message": p.message}
                       for p in row.problems if not p.is_warning] + (extra or {}).get(row.number, [])
            for reason in reasons:
                self.counts.reasons[reason["code"]] = self.counts.reasons.get(reason["code"], 0) + 1
            records.append({"batch_id": self._batch_id, "row_no": row.number, "reasons": reasons, "raw": row.raw})
        if records:
            insert_rows(self.session.connection(), RowRejection.__table__, records)
            self.counts.rejected += len(records)

    def write(self, count: int, bad: list[CleanRow], prepared: list[PreparedRow]) -> None:
        """One chunk: ``count`` input rows, of which ``bad`` are rejected and ``prepared`` go on."""
        self.counts.rows += count
        self.reject(bad)
        # On SQLite a row is taken for new until its insert finds the key taken (see ``_flush_new``);
        # a revocation must find its decision first, since one the platform lacks is refused.
        existing = self._existing([p.key for p in prepared if p.revoke or not self._optimistic])
        fresh: dict[str, PreparedRow] = {}
        changed: Changes = []
        refused: list[tuple[CleanRow, dict[str, Any]]] = []
        for row in prepared:
            known = existing.get(row.key)
            if known is None and row.key in fresh:
                # The same decision twice in one file: the later row is an update of the earlier.
                self._settle(self._flush_new(fresh), existing, changed)
                fresh.clear()
                known = existing.get(row.key) or self._existing([row.key])[row.key]
                existing[row.key] = known
            if known is None:
                if row.revoke:
                    refused.append((row.revocation, {"code": "revoke_unknown", "field": self._status_field,
                                                     "value": "2", "message": "撤销的决定在平台上不存在，无法撤销"}))
                else:
                    fresh[row.key] = row
            else:
                self._compare(row, known, changed)
        self._settle(self._flush_new(fresh), existing, changed)
        self._apply_changes(changed)
        if refused:
            self.reject([r for r, _ in refused], {r.number: [reason] for r, reason in refused})
        append_events(self.session, [
            chunk_event(action, at=self.now, actor=self._actor, batch_id=self._batch_id, item_id=self.item.id,
                        department=self._department, entries=entries)
            for action, entries in self._done.items() if entries])
        self._done.clear()

    def _compare(self, row: PreparedRow, known: dict[str, Any], changed: Changes) -> None:
        """A row for a record on file: unchanged, or a change to apply."""
        if known["content_hash"] == row.content_hash or (row.revoke and known["status"] == "revoked"):
            self.counts.unchanged += 1
        else:
            changed.append((row, known))
            known["content_hash"] = row.content_hash

    def _settle(self, taken: list[PreparedRow], existing: dict[str, dict[str, Any]],
                changed: Changes) -> None:
        """Rows whose insert found their record on file already: compared with it instead."""
        if taken:
            existing.update(self._existing([row.key for row in taken]))
            for row in taken:
                self._compare(row, existing[row.key], changed)

    def _existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        unique = sorted(set(keys))
        where = {"item": self.item.id, "department": self._department}
        probe = self.session.connection().dialect.name == "postgresql"
        for start in range(0, len(unique), _PART):
            part = unique[start:start + _PART]
            if probe:
                rows = fetch(self.session, _KNOWN_BY_PROBE, {**where, "keys": part})
            else:
                numbered = {f"k{i}": key for i, key in enumerate(part)}
                rows = fetch(self.session, _known_among(len(part)), {**where, **numbered})
            for row in rows:
                known = dict(zip(_KNOWN, row, strict=True))
                found[known["record_key"]] = known
        return found

    def _versions(self, record_ids: Sequence[int], numbers: list[int] | Same, columns: dict[str, tuple[Any, ...]],
                  changes: list[str] | Same, reviews: list[str], diffs: list[dict[str, Any]] | Same) -> None:
        """Insert one version of each record, as the prepared rows' ``columns`` give them, with
        their provenance."""
        approved = [review == "approved" for review in reviews]
        insert_columns(self.session.connection(), RecordVersion.__table__, len(record_ids), {
            "record_id": record_ids, "version": numbers, "change": changes, "values": columns["values"],
            "sealed": columns["sealed"], "raw": columns["received"], "content_hash": columns["content_hash"],
            "batch_id": Same(self._batch_id), "row_no": columns["number"], "received_at": Same(self._received_at),
            "review": uniform(reviews), "reviewed_by": uniform(["规则自动通过" if a else None for a in approved]),
            "reviewed_at": uniform([self.now if a else None for a in approved]), "review_note": Same(None),
            "diff": diffs,
        }, stored=_STORED)

    def _flush_new(self, fresh: dict[str, PreparedRow]) -> list[PreparedRow]:
        """Insert the rows as new records; on SQLite, those whose key turns out taken are returned."""
        if not fresh:
            return []
        rows = list(fresh.values())
        column = by_column(rows)
        subject_ids, states, exacts, borns = zip(*self.linker.link(list(column["party"])), strict=True)
        ids = allocate_ids(self.session.connection(), Record.__table__, len(rows))
        auto = list(map(self._auto_new.__getitem__, map(_clean, column["flawless"], states, exacts)))
        inserted = insert_columns(self.session.connection(), Record.__table__, len(rows), {
            "id": ids, "item_id": Same(self.item.id), "department_code": Same(self._department),
            "record_key": column["key"], "subject_id": subject_ids,
            "link_state": uniform([state.value for state in states]),
            "status": uniform([_APPROVED if a else _PENDING for a in auto]),
            "document_no": column["document_no"], "decided_on": column["decided_on"], "severity": column["severity"],
            "publicity_ends_on": column["publicity_ends_on"],
            "approved_version": uniform([1 if a else None for a in auto]), "latest_version": Same(1),
            "content_hash": column["content_hash"], "first_received_at": Same(self._received_at),
            "last_received_at": Same(self._received_at), "revoked_at": Same(None),
            # Only people have a birth date, and most parties are not people.
            "about_minor": uniform(list(map(minor, borns, column["decided_on"]))) if any(borns) else Same(False),
            "objection_pending": Same(False), "repaired_on": Same(None), "disputed": Same(False),
        }, as_text=_DAYS, unless_taken=_RECORD_KEY if self._optimistic else ())
        taken: list[PreparedRow] = []
        if inserted < len(rows):
            went_in = self._present(ids)
            keep = [record_id in went_in for record_id in ids]
            taken = list(compress(rows, [not kept for kept in keep]))
            ids, subject_ids, auto = (list(compress(c, keep)) for c in (ids, subject_ids, auto))
            column = {name: tuple(compress(values, keep)) for name, values in column.items()}
        if ids:
            self._versions(ids, Same(1), column, Same("new"), ["approved" if a else "pending" for a in auto],
                           Same({}))
            self._done.setdefault("published", []).extend(compress(
                zip(ids, subject_ids, repeat(1), column["content_hash"], column["document_no"]), auto))
        self.counts.stored += len(ids)
        return taken

    def _present(self, ids: list[int]) -> set[int]:
        """Which of these record ids are on file."""
        found: set[int] = set()
        for start in range(0, len(ids), _PART):
            found.update(self.session.connection().execute(
                select(Record.id).where(Record.id.in_(ids[start:start + _PART]))).scalars())
        return found

    def _apply_changes(self, changed: Changes) -> None:
        if not changed:
            return
        previous = self._approved_values([known for _, known in changed])
        links = self.linker.link([row.party for row, _ in changed])
        connection = self.session.connection()
        numbers: list[int] = []
        reviews: list[str] = []
        for (row, known), link in zip(changed, links, strict=True):
            version = known["latest_version"] + 1
            known["latest_version"] = version
            numbers.append(version)
            values: dict[str, Any] = {"latest_version": version, "content_hash": row.content_hash,
                                      "last_received_at": self._received_at}
            if row.revoke:
                values.update(status=RecordStatus.REVOKED.value, revoked_at=self.now)
                review, action = "approved", "withdrawn"
            else:
                auto = self.policy.auto(self.item.id, "update", _clean(row.flawless, link.state, link.exact))
                review, action = ("approved", "changed") if auto else ("pending", None)
                values.update(decided_on=_day(row.decided_on), publicity_ends_on=_day(row.publicity_ends_on),
                              severity=row.severity)
                if link.subject_id is not None and link.subject_id != known["subject_id"]:
                    values.update(subject_id=link.subject_id, link_state=link.state.value)
                values.update(about_minor=minor(link.born, row.decided_on))
                if auto:
                    values.update(status=_APPROVED, approved_version=version)
                    action = "published" if known["approved_version"] is None else "changed"
            connection.execute(update(Record.__table__).where(Record.id == known["id"]).values(**values))
            reviews.append(review)
            if action:
                self._done.setdefault(action, []).append(
                    (known["id"], values.get("subject_id", known["subject_id"]), version, row.content_hash,
                     row.document_no))
        rows = [row for row, _ in changed]
        diffs = [diff(shown, orjson.loads(row.values)) if (shown := previous.get(known["id"])) is not None else {}
                 for row, known in changed]
        self._versions([known["id"] for _, known in changed], numbers, by_column(rows),
                       ["revoke" if row.revoke else "update" for row in rows], reviews, diffs)
        self.counts.updated += len(changed)

    def _approved_values(self, known: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """The values each record shows now (its approved version, else its latest)."""
        wanted = {k["id"]: k["approved_version"] or k["latest_version"] for k in known}
        rows = self.session.connection().execute(
            select(RecordVersion.record_id, RecordVersion.version, RecordVersion.values)
            .where(RecordVersion.record_id.in_(list(wanted))))
        return {rid: values for rid, version, values in rows if wanted[rid] == version}
