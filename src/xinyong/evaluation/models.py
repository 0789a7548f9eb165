"""Evaluation runs, grades with their explanations (history kept), and the change-feed cursor."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class EvaluationRun(Base):
    """One grading of many subjects with one model as of one day (a full run, or the changed ones)."""

    __tablename__ = "evaluation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[str] = mapped_column(String(40))
    model_version: Mapped[str] = mapped_column(String(20))
    official: Mapped[bool] = mapped_column(Boolean)
    trigger: Mapped[str] = mapped_column(String(12))  # full | changed | subjects
    backend: Mapped[str] = mapped_column(String(10))  # local | dask
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(Moment)
    finished_at: Mapped[datetime | None] = mapped_column(Moment)
    subjects: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    grade_counts: Mapped[dict[str, int]] = mapped_column(Json, default=dict)


class Grade(Base):
    """A subject's grade under a model, with the explanation behind it.

    A new row is written only when the result differs from the subject's current one, so the rows of
    a subject are its grade history; ``current`` marks the one in force.
    """

    __tablename__ = "evaluation_grades"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("evaluation_runs.id"))
    model_id: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    score: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(1))
    level: Mapped[str | None] = mapped_column(String(3))  # 三等九级, when the model maps to it
    previous_grade: Mapped[str | None] = mapped_column(String(1))
    explanation: Mapped[dict[str, Any]] = mapped_column(Json)
    digest: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[date] = mapped_column(Date)
    evaluated_at: Mapped[datetime] = mapped_column(Moment)
    current: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (Index("ix_evaluation_grades_model_subject", "model_id", "subject_id"),
                      Index("ix_evaluation_grades_model_current_grade", "model_id", "current", "grade"))


class FeedCursor(Base):
    """How far in the event journal a model's re-grading has read (the change feed)."""

    __tablename__ = "evaluation_cursors"

    model_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(Moment)
