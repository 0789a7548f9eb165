"""Screening in the portal: a department screens a few subjects by hand and reports back; the
credit office sees every department's screenings, feedback rates and overdue feedback."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.screening.api import results, screening_dict
from xinyong.screening.feedback import FeedbackItem, feedback_overview, get_screening, give_feedback
from xinyong.screening.models import FEEDBACK_LABELS, Screening
from xinyong.screening.service import SubjectQuery, screen
from xinyong.web.auth import current_viewer, page_access
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.params import RowId
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


def _staff_only(request: Request, viewer: Viewer) -> RedirectResponse | None:
    return page_access(request, viewer, Audience.DEPARTMENT, Audience.OFFICE,
                       refusal="联合奖惩核查仅向部门和信用办开放")


def parse_lines(text: str) -> list[SubjectQuery]:
    """One subject a line: a code, or a name optionally followed by a comma and a (masked) ID number."""
    queries = []
    for number, line in enumerate((raw.strip() for raw in text.splitlines()), 1):
        if not line:
            continue
        first, _, second = (part.strip() for part in line.replace("，", ",").partition(","))
        is_code = first.isascii() and len(first) in (9, 15, 18) and not second
        try:
            queries.append(SubjectQuery(code=first) if is_code else
                           SubjectQuery(name=first, id_number=second or None, kind="person" if second else None))
        except ValueError:
            raise UserError(f"第 {number} 行过长或格式不对：每行一个主体，名称或代码，可加逗号和证件号码") from None
    return queries


@router.get("/screenings", response_class=HTMLResponse)
def index(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
          platform: Platform = Depends(get_platform)) -> Response:
    if redirect := _staff_only(request, viewer):
        return redirect
    department = viewer.department_code if viewer.audience is Audience.DEPARTMENT else None
    query = select(Screening).order_by(Screening.id.desc()).limit(50)
    if department:
        query = query.where(Screening.department_code == department)
    recent = [screening_dict(session, s) for s in session.scalars(query)]
    figures = [{**r.as_dict(), "name": platform.catalog.department(r.department_code).name}
               for r in feedback_overview(session, platform.clock.today(), department)]
    return render(request, "screening/index.html", recent=recent, figures=figures, department=department,
                  scenarios=platform.measures.scenarios(), departments={d.code: d.name for d in
                                                                         platform.catalog.departments()})


@router.post("/screenings")
def submit(request: Request, csrf: str = Form(""), scenario: str = Form(""), matter: str = Form(""),
           subjects: str = Form(""), viewer: Viewer = Depends(current_viewer),
           platform: Platform = Depends(get_platform)) -> Response:
    if redirect := _staff_only(request, viewer):
        return redirect
    check_csrf(request, csrf)
    screening_id = screen(platform, viewer, scenario, matter, parse_lines(subjects))
    return RedirectResponse(f"/screenings/{screening_id}", status_code=303)


@router.get("/screenings/{screening_id}", response_class=HTMLResponse)
def detail(request: Request, screening_id: RowId, viewer: Viewer = Depends(current_viewer),
           session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := _staff_only(request, viewer):
        return redirect
    screening = get_screening(session, viewer, screening_id)
    return render(request, "screening/detail.html", screening=screening_dict(session, screening),
                  scenario=platform.measures.scenario(screening.scenario),
                  department=platform.catalog.department(screening.department_code).name,
                  results=results(session, screening_id, 0, platform.settings.screening_batch_max),
                  may_report=viewer.audience is Audience.DEPARTMENT, actions=FEEDBACK_LABELS)


@router.post("/screenings/{screening_id}/feedback")
def report_back(request: Request, screening_id: RowId, csrf: str = Form(""), position: int = Form(0),
                measure: str = Form(""), action: str = Form(""), reason: str = Form(""),
                subject_id: int | None = Form(None), viewer: Viewer = Depends(current_viewer),
                platform: Platform = Depends(get_platform)) -> Response:
    if redirect := _staff_only(request, viewer):
        return redirect
    check_csrf(request, csrf)
    try:
        item = FeedbackItem(position=position, measure=measure, action=action, reason=reason, subject_id=subject_id)
    except ValueError:
        raise UserError("请选择反馈结果：已实施、未实施或非同一主体") from None
    with platform.db.session() as session:
        give_feedback(session, viewer, screening_id, [item], platform.clock.now())
    return RedirectResponse(f"/screenings/{screening_id}#result-{position}", status_code=303)
