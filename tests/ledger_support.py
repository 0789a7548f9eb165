"""Helpers shared by the ledger tests: recording events as capabilities do, reading them back."""

from __future__ import annotations

from sqlalchemy import select

from xinyong.events import append_event, canonical_bytes
from xinyong.events.models import Event
from xinyong.ledger import merkle
from xinyong.platform import Platform

KINDS = ["collection:record:published", "lists:entry:added", "screening:answer:given",
         "reports:report:issued"]


def record_events(platform: Platform, n: int, *, start: int = 0) -> list[int]:
    """Append ``n`` events in one unit of work, as a capability would; return their ids."""
    with platform.db.session() as session:
        events = [append_event(session, at=platform.clock.now(), kind=KINDS[(start + i) % len(KINDS)],
                               actor="测试部门", object_ref=f"obj-{start + i}",
                               payload={"seq": start + i, "说明": f"第 {start + i} 条", "金额": "12.50"})
                  for i in range(n)]
        session.flush()
        return [event.id for event in events]


def leaf_hashes_by_definition(platform: Platform, event_ids: list[int]) -> list[bytes]:
    """The leaf hashes the events should have, computed from scratch from the events table."""
    with platform.db.session() as session:
        events = {e.id: e for e in session.execute(select(Event).where(Event.id.in_(event_ids))).scalars()}
    return [merkle.leaf_hash(canonical_bytes(e.occurred_at, e.kind, e.actor, e.subject_id, e.object_ref,
                                             e.payload)) for e in (events[i] for i in event_ids)]
