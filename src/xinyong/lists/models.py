"""Stored list entries (名单条目), derived from the records that list items arrive as.

A ``ListEntry`` is never edited by hand: ``lists.entries.sync_entries`` rebuilds it from its record
whenever the event log says the record changed (published, corrected, repaired, withdrawn), and
closes it when its period ends. Exits are recorded on the entry; nothing is deleted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ColumnElement, Date, ForeignKey, Index, Integer, String, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Moment
from xinyong.lists.model import ExitReason

_ID = BigInteger().with_variant(Integer, "sqlite")


class ListEntry(Base):
    """One subject on one list, as one record of the list's catalog item says.

    ``ends_on`` is the first day the entry no longer applies by its period (None: until removed);
    ``exited_on`` the first day it no longer applies because it left early (移出, 信用修复,
    撤销). ``announced`` is what subscribers were last told: "" (nothing yet), "entered", "exited".
    """

    __tablename__ = "list_entries"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    list_id: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), unique=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    subject_name: Mapped[str] = mapped_column(String(256))
    department_code: Mapped[str] = mapped_column(String(32))
    document_no: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    entered_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    exited_on: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str | None] = mapped_column(String(20))
    exit_note: Mapped[str | None] = mapped_column(Text)
    # The 法定代表人/主要负责人 the listing names (lists with names_responsible_persons only).
    responsible_name: Mapped[str | None] = mapped_column(String(100))
    responsible_subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    announced: Mapped[str] = mapped_column(String(10), default="")
    updated_at: Mapped[datetime] = mapped_column(Moment)

    __table_args__ = (
        Index("ix_list_entries_subject", "subject_id", "list_id"),
        Index("ix_list_entries_responsible", "responsible_subject_id"),
        Index("ix_list_entries_list_entered", "list_id", "entered_on"),
        Index("ix_list_entries_ends", "ends_on"),
    )

    def active_on(self, day: date) -> bool:
        return (self.entered_on <= day and (self.ends_on is None or day < self.ends_on)
                and (self.exited_on is None or day < self.exited_on))

    def left_because(self) -> str:
        """Why it left (or will): its early exit's reason, or the end of its period (期满移出)."""
        early = self.exited_on is not None and (self.ends_on is None or self.exited_on < self.ends_on)
        return self.exit_reason if early and self.exit_reason else ExitReason.PERIOD_END.value

    def left_on(self) -> date | None:
        """The first day it no longer applies, whichever way it ends (None: still open-ended)."""
        ends = [d for d in (self.ends_on, self.exited_on) if d is not None]
        return min(ends) if ends else None


class Cursor(Base):
    """How far a follower of the event log has read (the list-entry sync, for one)."""

    __tablename__ = "event_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(_ID, default=0)
    gap_since: Mapped[datetime | None] = mapped_column(Moment)  # when it first waited at a hole in the ids


def in_force(day: date) -> ColumnElement[bool]:
    """``ListEntry.active_on(day)`` as SQL."""
    return and_(ListEntry.entered_on <= day, or_(ListEntry.ends_on.is_(None), ListEntry.ends_on > day),
                or_(ListEntry.exited_on.is_(None), ListEntry.exited_on > day))
