"""Objections and repairs over HTTP (``/api/v1/objections``, ``/api/v1/repairs``). Submissions are
multipart forms so the materials travel with them; the portal's forms post the same fields."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.catalog.model import ItemClass
from xinyong.errors import Forbidden, NotFound
from xinyong.platform import Platform
from xinyong.records.models import Record, newest_first
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session
from xinyong.workflows import attachments, forms, objections, repairs
from xinyong.workflows.access import load_record, may_see, record_subject
from xinyong.workflows.document import decision_html, decision_pdf
from xinyong.workflows.models import Attachment
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import timeline

router = APIRouter(prefix="/api/v1", tags=["异议与信用修复 objections and repair"])
_ANYONE = require(Audience.SUBJECT, Audience.DEPARTMENT, Audience.OFFICE)


def case_steps(session: Session, kind: str, case_id: int) -> list[dict[str, Any]]:
    return [{"action": s.action, "actor": s.actor, "at": s.at.isoformat(), "note": s.note,
             "due_on": s.due_on.isoformat() if s.due_on else None} for s in timeline(session, kind, case_id)]


async def objection_input(request: Request) -> objections.ObjectionInput:
    form = await request.form()
    return objections.ObjectionInput(
        record_id=forms.number(form, "record_id", "记录编号"), reason=forms.text(form, "reason"),
        proposed=forms.mapping(form, "proposed", "主张的正确值"),
        uploads=await forms.uploads(form, {"files": "objection"}),
        objector_name=forms.text(form, "objector_name") or None, agent_note=forms.text(form, "agent_note") or None)


async def repair_input(request: Request) -> repairs.RepairInput:
    form = await request.form()
    materials = {m.code: m.code for m in workflow_rules().materials}
    return repairs.RepairInput(
        record_id=forms.number(form, "record_id", "记录编号"), statement=forms.text(form, "statement"),
        penalty_performed=forms.flag(form, "penalty_performed"), corrected=forms.flag(form, "corrected"),
        commitment_accepted=forms.flag(form, "commitment"), uploads=await forms.uploads(form, materials),
        applicant_name=forms.text(form, "applicant_name") or None, agent_note=forms.text(form, "agent_note") or None)


@router.post("/objections", status_code=201, summary="提出异议（multipart：record_id, reason, proposed, files）")
async def submit(request: Request, viewer: Viewer = Depends(_ANYONE),
                 platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    data = await objection_input(request)
    return objections.as_dict(await run_in_threadpool(objections.submit_objection, platform, viewer, data))


@router.get("/objections", summary="异议件（本人的 / 转本部门核实的 / 全部）")
def objection_list(status: str | None = Query(None, max_length=12), page: int = Query(1, ge=1, le=10_000),
                   viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
                   platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    size = platform.settings.page_size_max
    found = objections.visible_objections(session, viewer, status=status, limit=size + 1, offset=(page - 1) * size)
    return {"page": page, "has_more": len(found) > size, "objections": [objections.as_dict(o) for o in found[:size]]}


@router.get("/objections/{objection_id}", summary="一件异议：进度、期限、更正记录、附件")
def objection_one(objection_id: int, viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
                  ) -> dict[str, Any]:
    found = objections.get_objection(session, viewer, objection_id)
    return {**objections.as_dict(found), "steps": case_steps(session, "objection", found.id),
            "corrections": [{"field": c.field_code, "label": c.field_label, "old": c.old_value, "new": c.new_value,
                             "version": c.version, "at": c.at.isoformat(), "by": c.by}
                            for c in objections.corrections_of(session, found.id)],
            "attachments": [attachments.describe(a) for a in attachments.listed(session, "objection", found.id)]}


class Note(BaseModel):
    note: str = Field("", max_length=2000)


class Refusal(BaseModel):
    reason: str = Field(..., max_length=2000)


class Finding(BaseModel):
    outcome: str = Field(..., pattern="^(corrected|upheld|unconfirmed)$")
    note: str = Field(..., max_length=2000)
    corrections: dict[str, str] = Field(default_factory=dict, description="更正后的字段值：字段代码或名称 → 值")


@router.post("/objections/{objection_id}/accept", summary="信用办受理并转报送部门核实")
def accept(objection_id: int, body: Note, viewer: Viewer = Depends(require(Audience.OFFICE)),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return objections.as_dict(objections.accept_objection(platform, viewer, objection_id, body.note))


@router.post("/objections/{objection_id}/refuse", summary="信用办不予受理")
def refuse(objection_id: int, body: Refusal, viewer: Viewer = Depends(require(Audience.OFFICE)),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return objections.as_dict(objections.refuse_objection(platform, viewer, objection_id, body.reason))


@router.post("/objections/{objection_id}/decision", summary="报送部门核实结论：更正 / 维持 / 无法核实")
def decide(objection_id: int, body: Finding, viewer: Viewer = Depends(require(Audience.DEPARTMENT)),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return objections.as_dict(objections.decide_objection(platform, viewer, objection_id, outcome=body.outcome,
                                                          note=body.note, corrections=body.corrections))


@router.get("/objections/{objection_id}/attachments/{attachment_id}", summary="下载异议附件")
def objection_file(objection_id: int, attachment_id: int, viewer: Viewer = Depends(_ANYONE),
                   session: Session = Depends(get_session)) -> Response:
    objections.get_objection(session, viewer, objection_id)
    return _file(attachments.fetch(session, "objection", objection_id, attachment_id))


def _file(found: Attachment) -> Response:
    return Response(found.data, media_type=found.content_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.file_name)}"})


@router.get("/repairs/records", summary="本主体的失信记录及能否申请信用修复")
def my_records(viewer: Viewer = Depends(require(Audience.SUBJECT)), session: Session = Depends(get_session),
               platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    dishonest = [i.id for i in platform.catalog.items() if i.item_class is ItemClass.DISHONEST]
    found = session.scalars(select(Record).where(Record.subject_id == viewer.subject_id,
                                                 Record.item_id.in_(dishonest))
                            .order_by(*newest_first()).limit(200)).all()
    return {"records": [{"record_id": r.id, "item": r.item_id, "document_no": r.document_no,
                         "decided_on": r.decided_on.isoformat() if r.decided_on else None,
                         **repairs.eligibility_of(session, platform, r).as_dict()} for r in found]}


@router.get("/repairs/eligibility", summary="某条记录能否申请信用修复，及原因")
def eligibility(record_id: int = Query(...), viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    record = load_record(session, record_id)
    subject = record_subject(session, record)
    if not may_see(viewer, subject_id=subject.id, department_code=record.department_code, account_id=None):
        raise Forbidden("只能查询本主体或本部门认定的记录")
    return {"record_id": record.id, **repairs.eligibility_of(session, platform, record).as_dict()}


@router.post("/repairs", status_code=201,
             summary="申请信用修复（multipart：record_id, statement, penalty_performed, corrected, commitment, 材料）")
async def apply(request: Request, viewer: Viewer = Depends(_ANYONE),
                platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    data = await repair_input(request)
    return repairs.as_dict(await run_in_threadpool(repairs.apply_for_repair, platform, viewer, data))


@router.get("/repairs", summary="信用修复申请（本主体的 / 本部门决定的 / 全部）")
def repair_list(status: str | None = Query(None, max_length=12), page: int = Query(1, ge=1, le=10_000),
                viewer: Viewer = Depends(_ANYONE), session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    size = platform.settings.page_size_max
    found = repairs.visible_applications(session, viewer, status=status, limit=size + 1, offset=(page - 1) * size)
    return {"page": page, "has_more": len(found) > size, "repairs": [repairs.as_dict(a) for a in found[:size]]}


@router.get("/repairs/{application_id}", summary="一件信用修复申请：进度、期限、材料")
def repair_one(application_id: int, viewer: Viewer = Depends(_ANYONE),
               session: Session = Depends(get_session)) -> dict[str, Any]:
    found = repairs.get_application(session, viewer, application_id)
    return {**repairs.as_dict(found), "steps": case_steps(session, "repair", found.id),
            "attachments": [attachments.describe(a) for a in attachments.listed(session, "repair", found.id)]}


class Decision(BaseModel):
    approve: bool
    note: str = Field(..., max_length=2000)


@router.post("/repairs/{application_id}/decision", summary="认定部门作出信用修复决定")
def repair_decide(application_id: int, body: Decision, viewer: Viewer = Depends(require(Audience.DEPARTMENT)),
                  platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return repairs.as_dict(repairs.decide_repair(platform, viewer, application_id, approve=body.approve,
                                                 note=body.note))


@router.get("/repairs/{application_id}/decision.{kind}", summary="下载决定书（html 或 pdf）")
def document(application_id: int, kind: str, viewer: Viewer = Depends(_ANYONE),
             session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if kind not in ("html", "pdf"):
        raise NotFound("决定书只有 html 和 pdf 两种格式")
    found = repairs.get_application(session, viewer, application_id)
    html = decision_html(session, platform, found)
    if kind == "html":
        return HTMLResponse(html)
    return Response(decision_pdf(html), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="repair-{found.number}.pdf"'})


@router.get("/repairs/{application_id}/attachments/{attachment_id}", summary="下载修复材料")
def repair_file(application_id: int, attachment_id: int, viewer: Viewer = Depends(_ANYONE),
                session: Session = Depends(get_session)) -> Response:
    repairs.get_application(session, viewer, application_id)
    return _file(attachments.fetch(session, "repair", application_id, attachment_id))
