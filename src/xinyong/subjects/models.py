"""The subject registry: one archive per business, organisation and person (一户一档)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment


class SubjectKind(StrEnum):
    ORGANISATION = "organisation"  # 法人及非法人组织
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    PERSON = "person"  # 自然人


KIND_LABELS = {
    SubjectKind.ORGANISATION: "法人及非法人组织",
    SubjectKind.INDIVIDUAL_BUSINESS: "个体工商户",
    SubjectKind.PERSON: "自然人",
}


class Subject(Base):
    """A business, organisation or person that credit records are about.

    ``code`` is the key the subject is registered under, of the scheme ``code_scheme``: the USCC
    for organisations and individual businesses (an old registration number or organisation code
    for the few never re-coded), and for people the keyed hash of the citizen ID — the number
    itself is kept only encrypted (``id_cipher``) and masked (``id_masked``). Other codes the
    subject is or was known by are ``SubjectIdentifier`` rows. A subject merged into another keeps
    its row and points at the survivor through ``canonical_id``.
    """

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(40))
    code_scheme: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    id_cipher: Mapped[str | None] = mapped_column(Text)
    id_masked: Mapped[str | None] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    legal_rep_subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    region_code: Mapped[str | None] = mapped_column(String(6))
    # GB/T 4754-2017 门类 (A 农、林、牧、渔业 … T 国际组织), when a source says it; grades and rates by sector.
    industry: Mapped[str | None] = mapped_column(String(1))
    registered_on: Mapped[date | None] = mapped_column(Date)
    # A person's birth year only: with the masked number (first 4, last 4) a full birth date would
    # give away 16 of the 18 characters.
    birth_year: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="active")
    code_verdict: Mapped[str] = mapped_column(String(10), default="valid")
    code_reasons: Mapped[list[str]] = mapped_column(Json, default=list)
    origin: Mapped[str] = mapped_column(String(20))
    origin_ref: Mapped[str | None] = mapped_column(String(120))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    canonical_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    updated_at: Mapped[datetime] = mapped_column(Moment)

    __table_args__ = (Index("ix_subjects_kind_region", "kind", "region_code"),
                      Index("ix_subjects_updated_at", "updated_at"))


class SubjectIdentifier(Base):
    """A further code a subject is or was known by — an old code (旧码) or a corrected one.

    ``is_current`` tells a code still in use (e.g. the organisation code inside a USCC era
    record) from one retired by a correction (``retired_at``).
    """

    __tablename__ = "subject_identifiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(10))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[datetime] = mapped_column(Moment)
    retired_at: Mapped[datetime | None] = mapped_column(Moment)

    __table_args__ = (UniqueConstraint("value", "scheme"),)


class SubjectName(Base):
    """Names a subject carries or carried (曾用名), and names sources used for its code.

    ``role`` is ``former`` (an earlier registered name) or ``observed`` (a name a source gave
    with the subject's code). An observed name that matches neither the current nor a former
    name is how one code used for two different subjects (重码) shows.
    """

    __tablename__ = "subject_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(120))
    first_seen: Mapped[datetime] = mapped_column(Moment)
    last_seen: Mapped[datetime] = mapped_column(Moment)

    __table_args__ = (UniqueConstraint("subject_id", "name_key", "role"),)


class CodeIssue(Base):
    """A suspected duplicate or wrong code (重错码), open until corrected or dismissed."""

    __tablename__ = "code_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(200))
    subject_ids: Mapped[list[int]] = mapped_column(Json)
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    detected_at: Mapped[datetime] = mapped_column(Moment)
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolved_at: Mapped[datetime | None] = mapped_column(Moment)
    resolution: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("kind", "key"), Index("ix_code_issues_status", "status"))


class CodeCorrection(Base):
    """A judgement on the registry — merge, split or correct — with who, when and why.

    Nothing is deleted: ``before`` and ``after`` keep both states.
    """

    __tablename__ = "code_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    other_subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    before: Mapped[dict[str, Any]] = mapped_column(Json)
    after: Mapped[dict[str, Any]] = mapped_column(Json)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime] = mapped_column(Moment)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("code_issues.id"))
