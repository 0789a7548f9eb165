"""List entries follow the records their lists' items arrive as, by reading the event log.

A list's entries are the approved records of its catalog item (``lists.yaml`` ``item``). When a
record is published, corrected, repaired (信用修复) or withdrawn (撤销), the event log says so;
``sync_entries`` reads the log from where it stopped, rebuilds each affected entry from its
record, and reports every entry that entered or left a list — including those whose period ended
since the last run (期满移出) — to ``on_change`` inside the same transaction, so the notice and the
change commit together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.catalog.model import Item
from xinyong.catalog.rules import add_months
from xinyong.clock import CHINA
from xinyong.collection.journal import about_records, named_records
from xinyong.errors import UserError
from xinyong.events.log import append_event
from xinyong.events.models import Event
from xinyong.lists.model import CreditList, ExitReason
from xinyong.lists.models import Cursor, ListEntry, in_force
from xinyong.lists.registry import ListCatalog
from xinyong.records.archive import display
from xinyong.records.models import Record, RecordStatus, RecordVersion
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault

CURSOR = "list_entries"
_CHUNK = 2000


@dataclass(frozen=True)
class EntryChange:
    """An entry that subscribers must hear about: it ``entered`` or ``exited`` its list."""

    entry: ListEntry
    change: str  # "entered" or "exited"
    on: date


def _local_day(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def _day(value: Any) -> date | None:
    if not value or str(value) == "2099-12-31":
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _role_value(item: Item, role: str, values: dict[str, Any]) -> Any:
    code = item.role(role)
    return values.get(code) if isinstance(code, str) else None


def _longest_end(credit_list: CreditList, entered_on: date) -> date | None:
    """When the list's rule wants a period from the decision and none came: the longest it allows."""
    months = [m for p in credit_list.periods
              for m in (p.months, p.decided_months[1] if p.decided_months else None) if m is not None]
    return add_months(entered_on, max(months)) if months else None


def period_end(credit_list: CreditList, entered_on: date, until: date | None,
               values: dict[str, Any] | None = None) -> date | None:
    """The first day the entry no longer applies by its period (None: listed until removed)."""
    if until is not None:
        return until + timedelta(days=1)
    try:
        if values is not None and credit_list.period_on(entered_on).listed_until_removed(values):
            return None
        return credit_list.exits_on(entered_on)
    except UserError:
        return _longest_end(credit_list, entered_on)


def early_exit_reason(credit_list: CreditList) -> ExitReason:
    """A department's 移出 date says the subject left early; the list says on which ground it may."""
    allowed = [rule.reason for rule in credit_list.early_exits]
    return next((r for r in (ExitReason.PERFORMANCE, ExitReason.DECISION) if r in allowed), ExitReason.DECISION)


class EntryBuilder:
    """Builds entries of records; holds the lookups one sync needs."""

    def __init__(self, session: Session, catalog: Catalog, lists: ListCatalog, vault: PersonIdVault) -> None:
        self.session, self.catalog, self.vault = session, catalog, vault
        self.by_item = {c.item: c for c in lists.all()}

    def fill(self, entry: ListEntry, record: Record, version: RecordVersion, subject: Subject | None,
             at: datetime) -> None:
        credit_list = self.by_item[record.item_id]
        item = self.catalog.item(record.item_id)
        values = version.values
        entered = record.decided_on or _local_day(record.first_received_at)
        entry.list_id, entry.record_id, entry.subject_id = credit_list.id, record.id, record.subject_id
        entry.subject_name = subject.name if subject else str(_role_value(item, "subject_name", values) or "")
        entry.department_code, entry.document_no = record.department_code, record.document_no
        entry.reason = self._reason(item, values)
        entry.entered_on = entered
        entry.ends_on = period_end(credit_list, entered, _day(_role_value(item, "listed_until", values)), values)
        entry.exited_on, entry.exit_reason, entry.exit_note = self._exit(credit_list, item, record, values)
        entry.responsible_name, entry.responsible_subject_id = self._responsible(credit_list, item, version, subject)
        entry.updated_at = at

    def _reason(self, item: Item, values: dict[str, Any]) -> str:
        codes = item.role("reason") or item.role("headline") or ()
        codes = (codes,) if isinstance(codes, str) else codes
        shown = [display(self.catalog, item.field(c), values.get(c)) for c in codes if values.get(c) not in (None, "")]
        return "；".join(shown)

    @staticmethod
    def _exit(credit_list: CreditList, item: Item, record: Record,
              values: dict[str, Any]) -> tuple[date | None, str | None, str | None]:
        exits: list[tuple[date, str, str | None]] = []
        if record.status == RecordStatus.REVOKED.value and record.revoked_at:
            exits.append((_local_day(record.revoked_at), ExitReason.DECISION.value, "认定部门撤销列入决定"))
        if record.repaired_on:
            exits.append((record.repaired_on, ExitReason.REPAIR.value, "信用修复"))
        removed = _day(_role_value(item, "ended_on", values))
        if removed:
            note = _role_value(item, "exit_reason", values)
            exits.append((removed, early_exit_reason(credit_list).value, str(note) if note else None))
        if not exits:
            return None, None, None
        return min(exits, key=lambda e: e[0])

    def _responsible(self, credit_list: CreditList, item: Item, version: RecordVersion,
                     subject: Subject | None) -> tuple[str | None, int | None]:
        if not credit_list.names_responsible_persons:
            return None, None
        name = _role_value(item, "legal_rep", version.values) or (subject.legal_rep if subject else None)
        person = None
        id_code = item.role("legal_rep_id")
        if isinstance(id_code, str) and version.sealed.get(id_code):
            key = self.vault.lookup_key(self.vault.open(version.sealed[id_code]))
            person = self.session.scalar(select(Subject.id).where(Subject.code == key))
        if person is None and subject is not None and subject.kind != "person":
            person = subject.legal_rep_subject_id
        return (str(name) if name else None), person


def _cursor(session: Session) -> Cursor:
    cursor = session.get(Cursor, CURSOR, with_for_update=True)
    if cursor is None:
        cursor = Cursor(name=CURSOR, last_event_id=0)
        session.add(cursor)
        session.flush()
    return cursor


def _readable_until(session: Session, cursor: Cursor, now: datetime, gap_wait: timedelta) -> tuple[int, int]:
    """The events to read now, and how far the cursor may move.

    On PostgreSQL an event id is taken when the event is written and becomes visible when its
    transaction commits, so a hole in the ids may be an open transaction: the cursor stops before
    the first hole (what lies beyond is read again next time — rebuilding is idempotent) until the
    hole has stayed open ``gap_wait`` (a rolled-back transaction leaves a hole forever).
    """
    start = cursor.last_event_id
    top = session.scalar(select(func.max(Event.id))) or start
    if top <= start:
        return start, start
    present = session.scalar(select(func.count()).select_from(Event).where(Event.id > start, Event.id <= top))
    if present == top - start:
        cursor.gap_since = None
        return top, top
    if cursor.gap_since is not None and now - cursor.gap_since >= gap_wait:
        cursor.gap_since = None
        return top, top
    cursor.gap_since = cursor.gap_since or now
    first_hole = start
    for (event_id,) in session.execute(select(Event.id).where(Event.id > start, Event.id <= top)
                                       .order_by(Event.id)).yield_per(10_000):
        if event_id != first_hole + 1:
            break
        first_hole = event_id
    return top, first_hole


def _changed_records(session: Session, after: int, until: int, items: frozenset[str]) -> set[int]:
    """Records of list items the log says changed in events (``after``, ``until``]."""
    rows = session.execute(
        select(Event.kind, Event.object_ref, Event.subject_id, Event.payload).where(
            Event.id > after, Event.id <= until, or_(about_records(), Event.kind == "workflows:repair:approved"))
    ).yield_per(10_000)
    found: set[int] = set()
    for kind, ref, subject_id, payload in rows:
        if kind == "workflows:repair:approved":
            if isinstance(payload.get("record"), int):
                found.add(payload["record"])
        elif payload.get("item") in items:
            found.update(record for record, _ in named_records(kind, ref, subject_id, payload))
    return found


def _rebuild(session: Session, builder: EntryBuilder, record_ids: Iterable[int], at: datetime) -> list[ListEntry]:
    ids = sorted(record_ids)
    touched: list[ListEntry] = []
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        rows = session.execute(
            select(Record, RecordVersion, Subject)
            .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                      RecordVersion.version == Record.approved_version))
            .outerjoin(Subject, Subject.id == Record.subject_id)
            .where(Record.id.in_(part), Record.item_id.in_(list(builder.by_item)))).all()
        existing = {e.record_id: e for e in session.scalars(select(ListEntry).where(ListEntry.record_id.in_(part)))}
        for record, version, subject in rows:
            entry = existing.get(record.id) or ListEntry(announced="")
            builder.fill(entry, record, version, subject, at)
            if entry.id is None:
                session.add(entry)
            touched.append(entry)
    session.flush()
    return touched


def _announce(session: Session, entries: Iterable[ListEntry], today: date, at: datetime) -> list[EntryChange]:
    """Say, once, that an entry entered its list and, once, that it left it."""
    changes = []
    for entry in entries:
        active = entry.active_on(today)
        if active and entry.announced != "entered":
            change = EntryChange(entry, "entered", entry.entered_on)
        elif not active and entry.announced == "entered" and (left := entry.left_on()) and left <= today:
            # Only an entry that has left is announced as leaving: a run whose clock stands before
            # the entry (a back-dated batch) must not announce an exit that never happened.
            change = EntryChange(entry, "exited", left)
        else:
            continue
        entry.announced = change.change
        payload = {"list": entry.list_id, "record": entry.record_id, "on": change.on.isoformat(),
                   "document_no": entry.document_no}
        if change.change == "exited":
            payload["reason"] = entry.left_because()
        append_event(session, at=at, kind=f"lists:entry:{change.change}", actor="platform:lists",
                     subject_id=entry.subject_id, object_ref=f"list_entry:{entry.id}", payload=payload)
        changes.append(change)
    return changes


def _due_for_exit(session: Session, today: date) -> list[ListEntry]:
    """Entries whose day has come without an event: a period that ended (期满移出), a listing dated ahead."""
    return list(session.scalars(select(ListEntry).where(or_(
        and_(ListEntry.announced == "entered", ~in_force(today)),
        and_(ListEntry.announced != "entered", in_force(today))))))


def sync_entries(session: Session, builder: EntryBuilder, *, at: datetime, gap_wait: timedelta,
                 on_change: Callable[[Session, list[EntryChange]], None] | None = None) -> list[EntryChange]:
    """Bring the entries up to the event log and to ``at``'s day; returns what entered or left."""
    today = _local_day(at)
    cursor = _cursor(session)
    until, last = _readable_until(session, cursor, at, gap_wait)
    record_ids = _changed_records(session, cursor.last_event_id, until, frozenset(builder.by_item))
    touched = _rebuild(session, builder, record_ids, at) if record_ids else []
    seen = {e.id for e in touched}
    changes = _announce(session, [*touched, *(e for e in _due_for_exit(session, today) if e.id not in seen)],
                        today, at)
    cursor.last_event_id = last
    if changes and on_change is not None:
        on_change(session, changes)
    return changes
