"""Registering and reading the query log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.db.bulk import insert_rows
from xinyong.errors import UserError
from xinyong.querylog.models import QueryLogEntry

OWN_PURPOSE = "本人查询"


def require_purpose(viewer: Viewer, purpose: str | None) -> str:
    """The stated purpose of a look at non-public data; a subject looking at itself needs none."""
    if viewer.audience is Audience.SUBJECT:
        return (purpose or "").strip() or OWN_PURPOSE
    text = (purpose or "").strip()
    if len(text) < 2:
        raise UserError("查询非公开信息须说明查询事由（purpose），例如“行政许可审查”")
    if len(text) > 300:
        raise UserError("查询事由不得超过 300 字")
    return text


def _row(viewer: Viewer, subject_id: int, purpose: str, action: str, via: str, at: datetime,
         detail: dict[str, Any] | None) -> dict[str, Any]:
    return {"at": at, "account_id": viewer.account_id, "audience": viewer.audience.value,
            "who": f"{viewer.display_name}（{viewer.username}）" if viewer.username else viewer.display_name,
            "department_code": viewer.department_code, "subject_id": subject_id, "purpose": purpose,
            "action": action, "via": via, "detail": detail or {}}


def log_query(session: Session, viewer: Viewer, *, subject_id: int, purpose: str, action: str, via: str,
              at: datetime, detail: dict[str, Any] | None = None) -> QueryLogEntry:
    entry = QueryLogEntry(**_row(viewer, subject_id, purpose, action, via, at, detail))
    session.add(entry)
    return entry


def log_queries(session: Session, viewer: Viewer, looks: Sequence[tuple[int, dict[str, Any]]], *, purpose: str,
                action: str, via: str, at: datetime) -> None:
    """Many looks at once — a screening of a thousand subjects — as one bulk insert."""
    insert_rows(session.connection(), QueryLogEntry.__table__,
                [_row(viewer, subject_id, purpose, action, via, at, detail) for subject_id, detail in looks])


def queries(session: Session, *, subject_id: int | None = None, account_id: int | None = None,
            department_code: str | None = None, since: datetime | None = None, until: datetime | None = None,
            limit: int = 50, offset: int = 0) -> Sequence[QueryLogEntry]:
    """The log, newest first, filtered the way an auditor or a subject asks."""
    query = select(QueryLogEntry).order_by(QueryLogEntry.at.desc(), QueryLogEntry.id.desc())
    if subject_id is not None:
        query = query.where(QueryLogEntry.subject_id == subject_id)
    if account_id is not None:
        query = query.where(QueryLogEntry.account_id == account_id)
    if department_code is not None:
        query = query.where(QueryLogEntry.department_code == department_code)
    if since is not None:
        query = query.where(QueryLogEntry.at >= since)
    if until is not None:
        query = query.where(QueryLogEntry.at < until)
    return session.scalars(query.limit(limit).offset(offset)).all()
