"""Tables of screening (联合奖惩核查): every screening and its answers, the departments' feedback,
the hits they cleared, and their subscriptions with the notices sent to them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class Outcome(StrEnum):
    MEASURES = "measures"  # 命中名单，适用措施
    NO_MEASURE = "no_measure"  # 找到主体，本场景无适用措施
    NO_MATCH = "no_match"  # 未找到可确认的主体
    AMBIGUOUS = "ambiguous"  # 两个以上主体同样可能，须人工核实
    PENDING_REVIEW = "pending_review"  # 名单中有指向该主体、尚待审核的记录，须人工核实


OUTCOME_LABELS = {Outcome.MEASURES: "适用措施", Outcome.NO_MEASURE: "无适用措施", Outcome.NO_MATCH: "未匹配到主体",
                  Outcome.AMBIGUOUS: "多个可能主体，须人工核实",
                  Outcome.PENDING_REVIEW: "名单中有待审核的相关记录，须人工核实"}


class FeedbackAction(StrEnum):
    APPLIED = "applied"  # 已实施
    NOT_APPLIED = "not_applied"  # 未实施（须说明理由）
    NOT_SAME_SUBJECT = "not_same_subject"  # 经核实非同一主体：以后核查同一名称时排除


FEEDBACK_LABELS = {FeedbackAction.APPLIED: "已实施", FeedbackAction.NOT_APPLIED: "未实施",
                   FeedbackAction.NOT_SAME_SUBJECT: "非同一主体"}


class Screening(Base):
    """One request of a department's system: a scenario, up to thousands of subjects, one answer each.

    ``data_version`` names the lists, measures edition and the last event the list entries had
    read, so an answer can be explained later with the data it was given on.
    """

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(120))
    scenario: Mapped[str] = mapped_column(String(40))
    matter: Mapped[str] = mapped_column(String(300))  # 办理事项, e.g. the procurement project
    data_version: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10))  # queued, running, done, failed
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    with_measures: Mapped[int] = mapped_column(Integer, default=0)
    queries: Mapped[list[dict[str, Any]] | None] = mapped_column(Json)  # a job's queries until it has run
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Moment)
    finished_at: Mapped[datetime | None] = mapped_column(Moment)
    feedback_due_on: Mapped[date | None] = mapped_column(Date)


class ScreeningResult(Base):
    """The answer about one subject of a screening (ID numbers only masked in ``query``)."""

    __tablename__ = "screening_results"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id"))
    position: Mapped[int] = mapped_column(Integer)
    query: Mapped[dict[str, Any]] = mapped_column(Json)
    outcome: Mapped[str] = mapped_column(String(20))
    subject_ids: Mapped[list[int]] = mapped_column(Json)
    measure_ids: Mapped[list[str]] = mapped_column(Json)
    answer: Mapped[dict[str, Any]] = mapped_column(Json)

    __table_args__ = (UniqueConstraint("screening_id", "position"),)


class Feedback(Base):
    """反馈: what the department did with one measure returned for one subject."""

    __tablename__ = "screening_feedback"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("screening_results.id"))
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    measure_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(Moment)

    __table_args__ = (UniqueConstraint("result_id", "measure_id"),)


class Clearance(Base):
    """A hit a department checked and found to be someone else, for queries with this name."""

    __tablename__ = "screening_clearances"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32))
    query_key: Mapped[str] = mapped_column(String(250))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(Moment)

    __table_args__ = (UniqueConstraint("department_code", "query_key", "subject_id"),)


class Subscription(Base):
    """A department's standing request to hear when subjects enter or leave lists that matter in
    its scenarios (自动触发): by webhook when ``url`` is set, always in its feed."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(32), index=True)
    scenarios: Mapped[list[str]] = mapped_column(Json)
    url: Mapped[str | None] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(Moment)


class Notice(Base):
    """One list change told to one subscription; the feed shows it, the webhook delivers it."""

    __tablename__ = "subscription_notices"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"))
    department_code: Mapped[str] = mapped_column(String(32))
    entry_id: Mapped[int] = mapped_column(ForeignKey("list_entries.id"))
    change: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(Moment)
    status: Mapped[str] = mapped_column(String(10))  # pending, delivered, failed, feed (no webhook)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(Moment)
    delivered_at: Mapped[datetime | None] = mapped_column(Moment)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_subscription_notices_department", "department_code", "id"),
                      Index("ix_subscription_notices_due", "status", "next_attempt_at"))
