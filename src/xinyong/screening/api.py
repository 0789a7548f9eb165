"""Screening over HTTP for departments' business systems (Bearer token): ask, read the answer or
the job's progress, report back, and see the feedback figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.platform import Platform
from xinyong.screening.feedback import FeedbackItem, feedback_overview, get_screening, give_feedback
from xinyong.screening.jobs import submit_job
from xinyong.screening.models import Feedback, Screening, ScreeningResult
from xinyong.screening.schemas import ResultsPage, ScreeningOut
from xinyong.screening.service import SubjectQuery, screen
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session
from xinyong.web.params import RowId

router = APIRouter(prefix="/api/v1", tags=["联合奖惩核查 screening"])
_STAFF = require(Audience.DEPARTMENT, Audience.OFFICE)
_DEPARTMENT = require(Audience.DEPARTMENT)


class ScreeningIn(BaseModel):
    scenario: str = Field(max_length=40, description="应用场景代码（GET /api/v1/scenarios），如 government_procurement")
    matter: str = Field(max_length=300, description="办理事项，如“2026年第3批政府采购供应商资格审查”")
    subjects: list[SubjectQuery] = Field(max_length=100_000, description="待核查主体：每个给出代码，或名称及其他信息")

    model_config = {"json_schema_extra": {"examples": [{
        "scenario": "government_procurement", "matter": "2026年第3批政府采购供应商资格审查",
        "subjects": [{"code": "91440400MA4UXXXX1X"}, {"name": "珠海市华信电子科技有限公司", "legal_rep": "王建国"},
                     {"name": "张伟", "id_number": "3208191960****6833", "kind": "person"}]}]}}


class FeedbackIn(BaseModel):
    items: list[FeedbackItem] = Field(min_length=1, max_length=1000)


def screening_dict(session: Session, screening: Screening) -> dict[str, Any]:
    return {"id": screening.id, "status": screening.status, "department": screening.department_code,
            "scenario": screening.scenario, "matter": screening.matter, "data_version": screening.data_version,
            "total": screening.total, "done": screening.done,
            "progress": round(screening.done / screening.total, 4) if screening.total else 1.0,
            "with_measures": screening.with_measures, "error": screening.error,
            "created_at": screening.created_at.isoformat(),
            "finished_at": screening.finished_at.isoformat() if screening.finished_at else None,
            "feedback_due_on": screening.feedback_due_on.isoformat() if screening.feedback_due_on else None,
            "results_url": f"/api/v1/screenings/{screening.id}/results"}


def results(session: Session, screening_id: int, offset: int, limit: int) -> list[dict[str, Any]]:
    rows = session.scalars(select(ScreeningResult).where(ScreeningResult.screening_id == screening_id)
                           .order_by(ScreeningResult.position).offset(offset).limit(limit)).all()
    given: dict[int, list[dict[str, Any]]] = {}
    for f in session.scalars(select(Feedback).where(Feedback.result_id.in_([r.id for r in rows]))):
        given.setdefault(f.result_id, []).append({"measure": f.measure_id, "action": f.action, "reason": f.reason,
                                                   "subject_id": f.subject_id, "at": f.at.isoformat()})
    return [{"position": r.position, "query": r.query, **r.answer, "feedback": given.get(r.id, [])} for r in rows]


@router.post("/screenings", summary="联合奖惩核查：提交主体，返回名单与措施", response_model=ScreeningOut,
             responses={202: {"model": ScreeningOut,
                              "description": "超过单次上限，已作为作业受理；按 GET /api/v1/screenings/{id} 查看进度"}})
def create_screening(body: ScreeningIn, viewer: Viewer = Depends(_DEPARTMENT),
                     platform: Platform = Depends(get_platform)) -> JSONResponse:
    """每个主体返回：匹配到的主体（得分与证据：哪个值与哪个值相符）、适用的名单条目、措施及其法律依据；
    没有措施时明确返回“无适用措施”。不超过 ``screening_batch_max``（默认 1000）个主体时当即答复，
    更多时作为作业排队（202），完成后按 ``results_url`` 分页读取。"""
    if len(body.subjects) > platform.settings.screening_batch_max:
        job = submit_job(platform, viewer, body.scenario, body.matter, body.subjects)
        with platform.db.session() as session:
            return JSONResponse(screening_dict(session, session.get_one(Screening, job)), status_code=202)
    screening_id = screen(platform, viewer, body.scenario, body.matter, body.subjects)
    with platform.db.session() as session:
        screening = session.get_one(Screening, screening_id)
        return JSONResponse({**screening_dict(session, screening),
                             "results": results(session, screening_id, 0, screening.total)})


@router.get("/screenings", summary="核查记录（部门看本部门，信用办看全部）")
def list_screenings(offset: int = Query(0, ge=0, le=10**9), limit: int = Query(50, ge=1, le=100),
                    viewer: Viewer = Depends(_STAFF), session: Session = Depends(get_session)) -> dict[str, Any]:
    query = select(Screening).order_by(Screening.id.desc())
    if viewer.audience is Audience.DEPARTMENT:
        query = query.where(Screening.department_code == viewer.department_code)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return {"total": total, "items": [screening_dict(session, s)
                                      for s in session.scalars(query.offset(offset).limit(limit))]}


@router.get("/screenings/{screening_id}", summary="一次核查的状态、进度与反馈期限", response_model=ScreeningOut)
def get_one(screening_id: RowId, viewer: Viewer = Depends(_STAFF),
            session: Session = Depends(get_session)) -> dict[str, Any]:
    return screening_dict(session, get_screening(session, viewer, screening_id))


@router.get("/screenings/{screening_id}/results", summary="核查结果（分页）", response_model=ResultsPage)
def get_results(screening_id: RowId, offset: int = Query(0, ge=0, le=10**9), limit: int = Query(100, ge=1, le=1000),
                viewer: Viewer = Depends(_STAFF), session: Session = Depends(get_session)) -> dict[str, Any]:
    screening = get_screening(session, viewer, screening_id)
    return {"screening": screening_dict(session, screening), "offset": offset,
            "items": results(session, screening_id, offset, limit)}


@router.post("/screenings/{screening_id}/feedback", summary="反馈措施实施情况")
def post_feedback(screening_id: RowId, body: FeedbackIn, viewer: Viewer = Depends(_DEPARTMENT),
                  platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """对每项返回的措施反馈：applied 已实施；not_applied 未实施（须说明理由）；not_same_subject
    经核实非同一主体（此后本部门以同一名称核查时自动排除该主体）。一条有误则整批不记录，并逐条说明。"""
    with platform.db.session() as session:
        saved = give_feedback(session, viewer, screening_id, body.items, platform.clock.now())
        return {"recorded": len(saved)}


@router.get("/screening-feedback", summary="反馈率与逾期未反馈（按部门）")
def feedback_figures(viewer: Viewer = Depends(_STAFF), platform: Platform = Depends(get_platform),
                     session: Session = Depends(get_session)) -> dict[str, Any]:
    department = viewer.department_code if viewer.audience is Audience.DEPARTMENT else None
    rows = feedback_overview(session, platform.clock.today(), department)
    return {"departments": [{**r.as_dict(), "department_name": platform.catalog.department(r.department_code).name}
                            for r in rows]}
