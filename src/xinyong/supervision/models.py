"""Inspection tasks (抽查任务) and the subjects each drew."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class InspectionTask(Base):
    """A department's random inspection: its scope, base ratio, per-grade factors and the draw.

    ``publication`` is the document published with the draw (seed, algorithm, candidates with their
    weights, the subjects drawn): ``xinyong supervision verify`` recomputes the draw from it alone.
    """

    __tablename__ = "inspection_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[dict[str, Any]] = mapped_column(Json)
    base_ratio: Mapped[str] = mapped_column(String(12))  # a decimal, kept as written so the draw is exact
    factors: Mapped[dict[str, str]] = mapped_column(Json)
    model_id: Mapped[str] = mapped_column(String(40))
    seed: Mapped[str] = mapped_column(String(128))
    candidates_sha256: Mapped[str] = mapped_column(String(64))
    candidates: Mapped[int] = mapped_column(Integer)
    drawn: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[datetime] = mapped_column(Moment)
    actor: Mapped[str] = mapped_column(String(120))
    publication: Mapped[dict[str, Any]] = mapped_column(Json)


class InspectionSelection(Base):
    """A subject the draw chose, with the grade and weight it was drawn under."""

    __tablename__ = "inspection_selections"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("inspection_tasks.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(1))
    weight: Mapped[str] = mapped_column(String(12))
