"""Records and their versions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UnaryExpression,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class RecordStatus(StrEnum):
    PENDING = "pending"  # received, never approved: not published
    APPROVED = "approved"  # its approved version is the platform's word
    REJECTED = "rejected"  # a reviewer refused its only version
    REVOKED = "revoked"  # 撤销: the department withdrew the decision


class LinkState(StrEnum):
    LINKED = "linked"  # attached by a valid code
    BY_NAME = "by_name"  # no usable code; the name named exactly one subject
    CREATED = "created"  # its code named no subject yet, so it created one
    REVIEW = "review"  # no code and no unambiguous name: waits for a person


class Record(Base):
    """One decision or fact about one subject, from one department, for one catalog item.

    ``record_key`` identifies it within (item, department) — e.g. the decision document number
    and the subject — so the same decision sent again finds the same record. ``approved_version``
    is what the platform publishes; ``latest_version`` may be a newer one awaiting review.
    """

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str] = mapped_column(String(32))
    record_key: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    link_state: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    document_no: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)
    severity: Mapped[str | None] = mapped_column(String(10))
    publicity_ends_on: Mapped[date | None] = mapped_column(Date)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    latest_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_received_at: Mapped[datetime] = mapped_column(Moment)
    last_received_at: Mapped[datetime] = mapped_column(Moment)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment)
    # Facts the disclosure policy reads, kept on the record so listings can filter on them:
    about_minor: Mapped[bool] = mapped_column(Boolean, default=False)  # the person was under 18 when decided
    objection_pending: Mapped[bool] = mapped_column(Boolean, default=False)  # 异议处理中
    repaired_on: Mapped[date | None] = mapped_column(Date)  # 信用修复: publicity and sharing end
    # 异议无法核实: the department's version stays published and the objector's version (a version
    # with change "objection") is shown beside it.
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        UniqueConstraint("item_id", "department_code", "record_key"),
        Index("ix_records_subject_item", "subject_id", "item_id"),
        # By department, the months records were received in (quality, monitoring): appended to on
        # insert. An index by department and decision date, filled at places scattered by date,
        # was about a fifth of the time of inserting 300,000 records (migration 0015).
        Index("ix_records_department_received", "department_code", "first_received_at"),
        Index("ix_records_item_decided", "item_id", "decided_on"),
        # Only the few records waiting for a person are indexed for the review queue.
        Index("ix_records_waiting", "link_state", sqlite_where=text("link_state = 'review'"),
              postgresql_where=text("link_state = 'review'")),
    )


class RecordVersion(Base):
    """A record as one submission gave it, with its provenance.

    ``values`` are the cleaned values (people's ID numbers only masked; the numbers themselves
    are in ``sealed``, encrypted); ``raw`` the text as received of every cell cleaning changed
    (numbers masked) — ``as_received()`` gives them all. The batch gives the department, file and
    received time; ``row_no`` the row as the department numbers it.
    """

    __tablename__ = "record_versions"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(10))
    values: Mapped[dict[str, Any]] = mapped_column(Json)
    sealed: Mapped[dict[str, str]] = mapped_column(Json, default=dict)
    raw: Mapped[dict[str, str]] = mapped_column(Json)
    content_hash: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))  # None: a revocation through the API
    row_no: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(Moment)
    review: Mapped[str] = mapped_column(String(10))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(Moment)
    review_note: Mapped[str | None] = mapped_column(Text)
    diff: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    def as_received(self) -> dict[str, str]:
        """Every cell as the department sent it: ``raw`` keeps only the cells cleaning changed."""
        return {**{code: value for code, value in self.values.items() if isinstance(value, str)}, **self.raw}

    __table_args__ = (UniqueConstraint("record_id", "version"), Index("ix_record_versions_batch", "batch_id"),
                      Index("ix_record_versions_pending", "review", sqlite_where=text("review = 'pending'"),
                            postgresql_where=text("review = 'pending'")))


def newest_first() -> tuple[UnaryExpression[Any], UnaryExpression[Any]]:
    """One subject's records, newest decision first (undated last).

    Ordered by an expression, not the bare column: otherwise SQLite without statistics walks the
    item's whole ``(item_id, decided_on)`` index to save sorting a handful of rows, instead of
    narrowing by the subject's own index — at a million records, a page went from milliseconds
    to seconds.
    """
    return func.coalesce(Record.decided_on, date.min).desc(), Record.id.desc()
