"""Early-warning alerts (预警)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment


class Alert(Base):
    """Something the credit office should look at. ``key`` names what it is about (a subject, a
    district or sector, a department) and the period, so that a check run twice raises it once."""

    __tablename__ = "monitoring_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # grade_drop | rate_jump | silent_department
    key: Mapped[str] = mapped_column(String(120))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    department_code: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    raised_at: Mapped[datetime] = mapped_column(Moment)
    status: Mapped[str] = mapped_column(String(10), default="open")

    __table_args__ = (UniqueConstraint("kind", "key"),)
