"""Batches (每一次报送) and the rows they rejected."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class Batch(Base):
    """One submission by one department for one item, through one of the three doors.

    Every input row ends in exactly one of the four counts: ``stored`` (a new record),
    ``updated`` (a known record, changed), ``unchanged`` (an exact repeat) or ``rejected``.
    """

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[str] = mapped_column(String(64))
    door: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_format: Mapped[str | None] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    received_at: Mapped[datetime] = mapped_column(Moment)
    finished_at: Mapped[datetime | None] = mapped_column(Moment)
    status: Mapped[str] = mapped_column(String(12))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    header: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_batches_department_received", "department_code", "received_at"),)


class RowRejection(Base):
    """An input row that was not stored, with every reason and the offending values."""

    __tablename__ = "row_rejections"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    row_no: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    raw: Mapped[dict[str, str]] = mapped_column(Json)
