"""Sealing (封存): appending the events not yet in the log, in id order, as leaves.

Who calls it:

* ``seal(session, now)`` inside a unit of work that needs its event's leaf index before it
  commits (a report that prints its own evidence). It holds the ledger lock until that unit of
  work commits, so keep the unit of work short after calling it.
* ``seal_pending(platform)`` right after a unit of work has committed, when the proof is needed
  now (its own short unit of work), and from the periodic job ``xinyong ledger seal`` (every
  minute from cron or a systemd timer) that picks up everything else.

Event ids come from a sequence and, on PostgreSQL, a transaction still open when sealing runs
hides its ids: they are remembered as gaps and sealed when they appear (after later events, in
sealing order) or forgotten once older than ``ledger_gap_wait_seconds`` (rolled back).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from xinyong.events import canonical_bytes
from xinyong.events.models import Event
from xinyong.ledger import merkle, store
from xinyong.ledger.models import LedgerGap, LedgerLeaf
from xinyong.platform import Platform
from xinyong.settings import Settings

CHUNK = 5000
DEFAULT_GAP_WAIT = timedelta(seconds=Settings.model_fields["ledger_gap_wait_seconds"].default)
_events = Event.__table__
_gaps = LedgerGap.__table__
_leaves = LedgerLeaf.__table__
EVENT_COLUMNS = (_events.c.id, _events.c.occurred_at, _events.c.kind, _events.c.actor, _events.c.subject_id,
                  _events.c.object_ref, _events.c.payload, _events.c.digest)


@dataclass(frozen=True)
class SealResult:
    first_index: int
    size: int
    root: bytes

    @property
    def sealed(self) -> int:
        return self.size - self.first_index


def event_bytes(row: Row[Any] | Event) -> bytes:
    """The leaf data of an event: its canonical bytes as read back from the database."""
    return canonical_bytes(row.occurred_at, row.kind, row.actor, row.subject_id, row.object_ref, row.payload)


def stored_event(session: Session, event_id: int) -> Row[Any] | None:
    """An event's columns as the database holds them (not the session's copy in memory)."""
    return session.execute(select(*EVENT_COLUMNS).where(_events.c.id == event_id)).first()


def checked_leaf(row: Row[Any]) -> bytes:
    """The leaf hash of a stored event, refusing one that changed since it was appended."""
    data = event_bytes(row)
    if hashlib.sha256(data).hexdigest() != row.digest:
        raise store.LedgerTampered(
            f"事件 #{row.id}（{row.kind}）的内容与其摘要不符：写入后被改动，或其内容经数据库往返后变了样"
            "（例如超过 1e16 的浮点数）；账本拒绝封存它，请核查该事件")
    return merkle.leaf_hash(data)


def _late_events(session: Session) -> list[Row[Any]]:
    """Events that appeared inside remembered gaps and are not yet leaves.

    One key-range query per gap (there are few), never a scan of the whole journal.
    """
    sealed = exists().where(_leaves.c.event_id == _events.c.id)
    found: dict[int, Row[Any]] = {}
    for first, last in session.execute(select(_gaps.c.first_event_id, _gaps.c.last_event_id)):
        rows = session.execute(select(*EVENT_COLUMNS).where(_events.c.id.between(first, last), ~sealed))
        found.update((row.id, row) for row in rows)
    return [found[i] for i in sorted(found)]


def _new_events(session: Session, after: int, now: datetime) -> Iterator[list[Row[Any]]]:
    """Events above the highest sealed id, in chunks, noting the ids skipped on the way."""
    previous = after
    while True:
        rows = list(session.execute(select(*EVENT_COLUMNS).where(_events.c.id > previous)
                                    .order_by(_events.c.id).limit(CHUNK)))
        if not rows:
            return
        for row in rows:
            if row.id > previous + 1:
                session.execute(insert(_gaps).values(first_event_id=previous + 1, last_event_id=row.id - 1,
                                                     noticed_at=now))
            previous = row.id
        yield rows


def seal(session: Session, now: datetime, *, gap_wait: timedelta = DEFAULT_GAP_WAIT) -> SealResult:
    """Append every event not yet in the log; safe when several processes seal at once."""
    session.flush()
    head = store.lock_head(session, now)
    edge = store.frontier(session, head.size)
    highest = session.execute(select(func.max(_leaves.c.event_id))).scalar_one() or 0
    late = _late_events(session)
    session.execute(delete(_gaps).where(_gaps.c.noticed_at < now - gap_wait))
    store.append_leaves(session, edge, ((row.id, checked_leaf(row)) for row in late))
    for rows in _new_events(session, highest, now):
        store.append_leaves(session, edge, ((row.id, checked_leaf(row)) for row in rows))
    new_head = store.save_head(session, edge, now) if edge.size != head.size else head
    return SealResult(first_index=head.size, size=new_head.size, root=new_head.root)


def seal_pending(platform: Platform) -> SealResult:
    """Seal in a unit of work of its own (after a commit, or from the periodic job)."""
    with platform.db.session() as session:
        return seal(session, platform.clock.now(),
                    gap_wait=timedelta(seconds=platform.settings.ledger_gap_wait_seconds))
