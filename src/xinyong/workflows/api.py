"""Commitments, the outbox and the deadline overview over HTTP (``/api/v1/commitments``,
``/api/v1/outbox``, ``/api/v1/workflows``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.platform import Platform
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session
from xinyong.workflows import commitments, outbox
from xinyong.workflows.overdue import overdue_steps, overview
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import timeline

workflow_rules()  # rules as data: a broken file stops the app at start, not a request later
router = APIRouter(prefix="/api/v1", tags=["信用承诺、通知与期限 commitments, outbox, deadlines"])
_ANYONE = require(Audience.SUBJECT, Audience.DEPARTMENT, Audience.OFFICE)
_STAFF = require(Audience.DEPARTMENT, Audience.OFFICE)


class CommitmentIn(BaseModel):
    subject: str = Field(..., max_length=64, description="承诺主体：统一社会信用代码或 #编号")
    type: str = Field(..., max_length=20, description="承诺类型：代码（1–6）或名称，如 审批替代型")
    title: str = Field(..., max_length=500, description="承诺事由")
    text: str = Field(..., max_length=4000, description="承诺内容")
    scope: str = Field(..., max_length=500, description="适用范围")
    obligations: list[str] = Field(..., max_length=20, description="承诺履行义务")
    made_on: date = Field(..., description="做出承诺日期")
    deadline: date = Field(..., description="履约期限")
    department: str | None = Field(None, max_length=32, description="承诺受理单位代码（部门账号可省略）")


class Verdict(BaseModel):
    outcome: str = Field(..., pattern="^(fulfilled|breached)$", description="fulfilled 全部履行 / breached 未履行")
    note: str = Field("", max_length=2000, description="认定意见；未履行时写明违背承诺的情形")


def _steps(session: Session, kind: str, case_id: int) -> list[dict[str, Any]]:
    return [{"action": s.action, "actor": s.actor, "at": s.at.isoformat(), "note": s.note,
             "due_on": s.due_on.isoformat() if s.due_on else None} for s in timeline(session, kind, case_id)]


@router.post("/commitments", status_code=201, summary="登记（受理）信用承诺并公示")
def create(body: CommitmentIn, viewer: Viewer = Depends(_ANYONE),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    data = commitments.CommitmentInput(body.subject, body.type, body.title, body.text, body.scope, body.obligations,
                                       body.made_on, body.deadline, body.department)
    return commitments.as_dict(commitments.create_commitment(platform, viewer, data), platform.clock.today())


@router.get("/commitments", summary="信用承诺（本部门受理的 / 本主体的 / 全部）")
def listing(status: str | None = Query(None, pattern="^(in_force|fulfilled|breached)$"),
            page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(_ANYONE),
            session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    size = platform.settings.page_size_max
    found = commitments.visible_commitments(session, viewer, status=status, limit=size + 1, offset=(page - 1) * size)
    today = platform.clock.today()
    return {"page": page, "has_more": len(found) > size,
            "commitments": [commitments.as_dict(c, today) for c in found[:size]]}


@router.get("/commitments/{commitment_id}", summary="一项信用承诺及其办理记录")
def one(commitment_id: int, viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
        platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    found = commitments.get_commitment(session, viewer, commitment_id)
    return {**commitments.as_dict(found, platform.clock.today()), "steps": _steps(session, "commitment", found.id)}


@router.post("/commitments/{commitment_id}/verdict", summary="受理部门认定履约情况（未履行即记入失信记录）")
def verdict(commitment_id: int, body: Verdict, viewer: Viewer = Depends(_STAFF),
            platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    found = commitments.record_verdict(platform, viewer, commitment_id, fulfilled=body.outcome == "fulfilled",
                                       note=body.note)
    return commitments.as_dict(found, platform.clock.today())


@router.get("/outbox", summary="我的通知（按账号）")
def messages(page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(_ANYONE),
             session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    size = platform.settings.page_size_max
    found = outbox.inbox(session, viewer, limit=size + 1, offset=(page - 1) * size)
    return {"page": page, "has_more": len(found) > size, "unread": outbox.unread_count(session, viewer),
            "messages": [{"id": m.id, "kind": m.kind, "title": m.title, "body": m.body, "link": m.link,
                          "created_at": m.created_at.isoformat(), "read": m.read_at is not None,
                          "sent": m.sent_at is not None} for m in found[:size]]}


@router.post("/outbox/{notification_id}/read", summary="标为已读")
def read(notification_id: int, viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
         platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    message = outbox.mark_read(session, viewer, notification_id, platform.clock.now())
    return {"id": message.id, "read_at": message.read_at.isoformat() if message.read_at else None}


@router.get("/workflows/overdue", summary="逾期未办的步骤（信用办看全部，部门看本部门）")
def overdue(viewer: Viewer = Depends(_STAFF), session: Session = Depends(get_session),
            platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    department = viewer.department_code if viewer.audience is Audience.DEPARTMENT else None
    steps = overdue_steps(session, platform.calendar, platform.clock.today(), department=department)
    return {"today": platform.clock.today().isoformat(), "overdue": [s.as_dict() for s in steps]}


@router.get("/workflows/overview", summary="信用办总览：各状态件数、逾期、平均办理工作日")
def office_overview(viewer: Viewer = Depends(require(Audience.OFFICE)), session: Session = Depends(get_session),
                    platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return overview(session, platform.calendar, platform.clock.today())
