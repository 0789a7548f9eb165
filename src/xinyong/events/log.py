"""Appending events."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy.orm import Session

from xinyong.db.bulk import insert_columns, uniform
from xinyong.events.models import Event


def _json(value: Any) -> bytes:
    return orjson.dumps(value, default=str)


def _payload_json(payload: dict[str, Any]) -> bytes:
    """A payload's canonical text: what is stored, and what the byte form splices in."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS, default=str)


@lru_cache(maxsize=1024)
def _head(occurred_at: datetime, kind: str, actor: str) -> bytes:
    # Converting and formatting a moment was most of an event's cost, and a bulk append stamps a
    # million events with the same moment, kind and actor: their part of the bytes is made once.
    instant = occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    return b'{"actor":' + _json(actor) + b',"at":' + _json(instant) + b',"kind":' + _json(kind) + b',"object":'


def canonical_bytes(occurred_at: datetime, kind: str, actor: str, subject_id: int | None,
                    object_ref: str | None, payload: dict[str, Any] | bytes) -> bytes:
    """The one byte form of an event that digests and the ledger are computed over: compact UTF-8
    JSON of ``at``, ``kind``, ``actor``, ``subject``, ``object`` and ``payload`` with keys sorted at
    every level, so the same event always gives the same bytes. Put together from its parts in
    key order (actor, at, kind, object, payload, subject), each written by orjson; ``payload`` may
    come already written, with its keys sorted.
    """
    written = payload if isinstance(payload, bytes) else _payload_json(payload)
    return b"".join((_head(occurred_at, kind, actor), _json(object_ref), b',"payload":', written,
                     b',"subject":', _json(subject_id), b"}"))


def append_event(session: Session, *, at: datetime, kind: str, actor: str, payload: dict[str, Any],
                 subject_id: int | None = None, object_ref: str | None = None) -> Event:
    """Add an event to the journal inside the caller's unit of work.

    The event commits or rolls back together with the change it describes.
    """
    digest = hashlib.sha256(canonical_bytes(at, kind, actor, subject_id, object_ref, payload)).hexdigest()
    event = Event(occurred_at=at, kind=kind, actor=actor, subject_id=subject_id, object_ref=object_ref,
                  payload=payload, digest=digest)
    session.add(event)
    return event


def append_events(session: Session, events: list[dict[str, Any]]) -> None:
    """Many events at once, for bulk work (a batch of a million records publishes a million).

    Each dict has the keyword arguments of ``append_event``; they are written in list order.
    A payload is serialised once: its canonical text is both what is stored and, spliced in
    whole, the payload of the byte form the digest is taken over (keys sorted at every level,
    so the bytes are the same as ``canonical_bytes`` of the dict).
    """
    moments, kinds, actors, subjects, objects, payloads, digests = ([] for _ in range(7))
    for e in events:
        subject_id, object_ref = e.get("subject_id"), e.get("object_ref")
        payload = _payload_json(e["payload"])
        data = canonical_bytes(e["at"], e["kind"], e["actor"], subject_id, object_ref, payload)
        moments.append(e["at"])
        kinds.append(e["kind"])
        actors.append(e["actor"])
        subjects.append(subject_id)
        objects.append(object_ref)
        payloads.append(payload)
        digests.append(hashlib.sha256(data).hexdigest())
    insert_columns(session.connection(), Event.__table__, len(events), {
        "occurred_at": uniform(moments), "kind": uniform(kinds), "actor": uniform(actors), "subject_id": subjects,
        "object_ref": objects, "payload": payloads, "digest": digests}, stored=("payload",))
