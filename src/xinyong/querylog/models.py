"""Query log entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment


class QueryLogEntry(Base):
    """One look at non-public information about one subject."""

    __tablename__ = "query_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Moment)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    audience: Mapped[str] = mapped_column(String(16))
    who: Mapped[str] = mapped_column(String(160))
    department_code: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    purpose: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(60))
    via: Mapped[str] = mapped_column(String(10))
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    __table_args__ = (Index("ix_query_log_subject_at", "subject_id", "at"),
                      Index("ix_query_log_account_at", "account_id", "at"))
