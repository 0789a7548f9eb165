"""The byte form of an event, which digests and the ledger are computed over, never changes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from xinyong.events import append_event, append_events, canonical_bytes
from xinyong.events.models import Event
from xinyong.platform import Platform

EXPECTED = (
    '{"actor":"department:STHJJ","at":"2026-10-20T01:30:00.000000+00:00","kind":"collection:record:published",'
    '"object":"record:7","payload":{"content_hash":"ab","department":"STHJJ","document_no":"珠环罚〔2026〕7号",'
    '"item":"administrative_penalty","version":1},"subject":42}'
).encode()


def test_an_event_has_one_byte_form_whatever_zone_its_moment_was_given_in() -> None:
    payload = {"version": 1, "item": "administrative_penalty", "department": "STHJJ",
               "document_no": "珠环罚〔2026〕7号", "content_hash": "ab"}
    beijing = datetime(2026, 10, 20, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    for moment in (beijing, beijing.astimezone(UTC), beijing):
        assert canonical_bytes(moment, "collection:record:published", "department:STHJJ", 42, "record:7",
                               payload) == EXPECTED
    assert hashlib.sha256(EXPECTED).hexdigest() == hashlib.sha256(
        canonical_bytes(datetime(2026, 10, 20, 1, 30, tzinfo=UTC), "collection:record:published",
                        "department:STHJJ", 42, "record:7", dict(reversed(payload.items())))).hexdigest()


def test_events_appended_in_bulk_store_the_payload_and_digest_one_at_a_time_would(platform: Platform) -> None:
    payload = {"version": 2, "nested": {"b": 1, "a": [3, {"z": None, "y": "值"}]}, "item": "administrative_penalty"}
    at = platform.clock.now()
    with platform.db.session() as session:
        append_event(session, at=at, kind="test:event:bulk", actor="t", payload=payload, object_ref="x:1")
        session.flush()
        append_events(session, [{"at": at, "kind": "test:event:bulk", "actor": "t", "payload": payload,
                                 "object_ref": "x:1"}])
    with platform.db.session() as session:
        one, bulk = session.scalars(select(Event).where(Event.kind == "test:event:bulk").order_by(Event.id)).all()
    assert one.payload == bulk.payload == payload
    read_back = canonical_bytes(bulk.occurred_at, bulk.kind, bulk.actor, bulk.subject_id, bulk.object_ref, bulk.payload)
    assert one.digest == bulk.digest == hashlib.sha256(read_back).hexdigest()
