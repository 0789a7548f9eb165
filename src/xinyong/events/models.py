"""The event journal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment


class Event(Base):
    """One thing the platform did, said or decided, in the order it happened.

    ``kind`` is named ``domain:object:action`` (e.g. ``collection:record:published``).
    ``digest`` is the SHA-256 of the event's canonical bytes, so a change to a stored event
    can be detected without trusting the row itself.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(Moment)
    kind: Mapped[str] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(120))
    # Not indexed: events are read in journal order (by id), never looked up by subject, and a
    # collection batch writes one per record (on SQLite an index on their scattered subject ids
    # added 0.2–0.3 s to the 1.5–1.7 s of writing 100,000 events).
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    object_ref: Mapped[str | None] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_events_kind_occurred", "kind", "occurred_at"),)
