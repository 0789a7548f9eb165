"""Accounts and their API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Moment


class Role(StrEnum):
    OFFICE = "office"  # 信用办 / 信用中心 staff
    DEPARTMENT = "department"  # a supplying and screening department (行业主管部门)
    SUBJECT = "subject"  # a business, organisation or person looking at its own archive
    THIRD_PARTY = "third_party"  # 授权查询机构: a bank or credit-service firm the subject authorises


ROLE_LABELS = {Role.OFFICE: "信用办工作人员", Role.DEPARTMENT: "部门用户", Role.SUBJECT: "信用主体",
               Role.THIRD_PARTY: "授权查询机构"}


class Account(Base):
    """Someone who signs in. A department account acts for ``department_code``; a subject
    account for ``subject_id``."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    department_code: Mapped[str | None] = mapped_column(String(32), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    created_by: Mapped[str] = mapped_column(String(64))


class ApiToken(Base):
    """A bearer token for a department's business system; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Moment)
    last_used_at: Mapped[datetime | None] = mapped_column(Moment)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment)
