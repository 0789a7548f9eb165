"""Tables of the three workflows, their shared timeline, attachments and the notification outbox."""

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
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment

_ID = BigInteger().with_variant(Integer, "sqlite")


class CommitmentStatus(StrEnum):
    IN_FORCE = "in_force"  # 履行中
    FULFILLED = "fulfilled"  # 全部履行
    BREACHED = "breached"  # 未履行（失信）


class ObjectionStatus(StrEnum):
    SUBMITTED = "submitted"  # 已提交，待受理
    REFUSED = "refused"  # 不予受理
    VERIFYING = "verifying"  # 已受理，已转报送部门核实
    CORRECTED = "corrected"  # 核实有误，已更正
    UPHELD = "upheld"  # 核实无误，维持原记录
    UNCONFIRMED = "unconfirmed"  # 无法核实：两个版本并列展示


class RepairStatus(StrEnum):
    APPLIED = "applied"  # 已申请，待认定部门决定
    APPROVED = "approved"  # 准予修复
    REFUSED = "refused"  # 不予修复


class Commitment(Base):
    """A credit commitment (信用承诺) accepted by a department, published as a ``credit_commitment``
    record; a breach becomes a ``commitment_breach`` record."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # 承诺编码
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    department_code: Mapped[str] = mapped_column(String(32), index=True)  # 承诺受理单位
    type_code: Mapped[str] = mapped_column(String(4))  # commitment_type
    family: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))  # 承诺事由
    text: Mapped[str] = mapped_column(Text)  # 承诺内容
    scope: Mapped[str] = mapped_column(String(500))  # 适用范围
    obligations: Mapped[list[str]] = mapped_column(Json)
    made_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)  # 履约期限
    status: Mapped[str] = mapped_column(String(12))
    verdict_on: Mapped[date | None] = mapped_column(Date)
    verdict_by: Mapped[str | None] = mapped_column(String(120))
    verdict_note: Mapped[str | None] = mapped_column(Text)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    breach_record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    created_at: Mapped[datetime] = mapped_column(Moment)
    created_by: Mapped[str] = mapped_column(String(120))


class Objection(Base):
    """An objection (异议) to one record, from someone named in it or an agent."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # 办件编号
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    department_code: Mapped[str] = mapped_column(String(32), index=True)
    objector_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    objector_name: Mapped[str] = mapped_column(String(120))
    agent_note: Mapped[str | None] = mapped_column(String(300))  # 代理人：代谁提出、凭何授权
    reason: Mapped[str] = mapped_column(Text)
    proposed: Mapped[dict[str, str]] = mapped_column(Json)  # field code → the value the objector says is right
    status: Mapped[str] = mapped_column(String(12))
    submitted_at: Mapped[datetime] = mapped_column(Moment)
    mark_due: Mapped[date] = mapped_column(Date)
    marked_at: Mapped[datetime | None] = mapped_column(Moment)
    accept_due: Mapped[date] = mapped_column(Date)
    accepted_at: Mapped[datetime | None] = mapped_column(Moment)
    refused_reason: Mapped[str | None] = mapped_column(Text)
    verify_workdays: Mapped[int | None] = mapped_column(Integer)
    verify_due: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(Moment)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    rules_basis: Mapped[str] = mapped_column(String(300))


class RepairApplication(Base):
    """An application for credit repair (信用修复) of one record, decided by the department that
    decided the record (谁认定、谁修复)."""

    __tablename__ = "repair_applications"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    department_code: Mapped[str] = mapped_column(String(32), index=True)
    applicant_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    applicant_name: Mapped[str] = mapped_column(String(120))
    statement: Mapped[str] = mapped_column(Text)
    penalty_performed: Mapped[bool] = mapped_column(Boolean)
    corrected: Mapped[bool] = mapped_column(Boolean)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"))
    severity: Mapped[str | None] = mapped_column(String(10))
    eligible_from: Mapped[date] = mapped_column(Date)
    publicity_basis: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12))
    applied_at: Mapped[datetime] = mapped_column(Moment)
    decide_due: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(Moment)
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decision_note: Mapped[str | None] = mapped_column(Text)
    document_no: Mapped[str | None] = mapped_column(String(60))  # 信用修复决定书文号
    rules_basis: Mapped[str] = mapped_column(String(300))


class WorkflowStep(Base):
    """One state change of a case, with who and when, and the due date of the step it opens."""

    __tablename__ = "workflow_steps"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    case_kind: Mapped[str] = mapped_column(String(12))  # commitment | objection | repair
    case_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(Moment)
    note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    __table_args__ = (Index("ix_workflow_steps_case", "case_kind", "case_id"),)


class Attachment(Base):
    """A file given with an objection or a repair application (材料), kept with its digest."""

    __tablename__ = "workflow_attachments"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    case_kind: Mapped[str] = mapped_column(String(12))
    case_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    material: Mapped[str] = mapped_column(String(60))
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(Moment)
    uploaded_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_workflow_attachments_case", "case_kind", "case_id"),)


class Correction(Base):
    """Field-level correction log (更正记录): one changed field of a record, after an objection."""

    __tablename__ = "record_corrections"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    field_code: Mapped[str] = mapped_column(String(32))
    field_label: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(Moment)
    by: Mapped[str] = mapped_column(String(120))


class Notification(Base):
    """A message in the outbox. ``recipient_kind`` is account, department, subject or office (every
    office account); ``sent_at`` stays empty until a mail sender delivers it."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(12))
    recipient_ref: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(Moment)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(200))
    read_at: Mapped[datetime | None] = mapped_column(Moment)
    sent_at: Mapped[datetime | None] = mapped_column(Moment)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_notifications_recipient", "recipient_kind", "recipient_ref", "created_at"),)
