"""The department's queue (what it owes, with deadlines) and the credit office's overview."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.records.listing import parse_day
from xinyong.web.auth import current_viewer, page_access
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render
from xinyong.workflows import commitments, objections, repairs
from xinyong.workflows.overdue import overdue_steps, overview

router = APIRouter(include_in_schema=False)


@router.get("/workflows/queue", response_class=HTMLResponse)
def queue(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
          platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT):
        return redirect
    today = platform.clock.today()
    return render(request, "workflows/queue.html", today=today,
                  department=platform.catalog.department(viewer.department_code or ""),
                  objections=objections.visible_objections(session, viewer, status="verifying"),
                  repairs=repairs.visible_applications(session, viewer, status="applied"),
                  commitments=commitments.visible_commitments(session, viewer, status="in_force"),
                  overdue=overdue_steps(session, platform.calendar, today, department=viewer.department_code),
                  types=platform.catalog.code_table("commitment_type").values,
                  accepts="credit_commitment" in platform.catalog.department(viewer.department_code or "").items)


@router.post("/workflows/commitments")
def register_commitment(request: Request, csrf: str = Form(""), subject: str = Form(""), type: str = Form(""),
                        title: str = Form(""), text: str = Form(""), scope: str = Form(""),
                        obligations: str = Form(""), made_on: str = Form(""), deadline: str = Form(""),
                        viewer: Viewer = Depends(current_viewer),
                        platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT):
        return redirect
    check_csrf(request, csrf)
    made, until = parse_day(made_on, "做出承诺日期"), parse_day(deadline, "履约期限")
    if made is None or until is None:
        raise UserError("请填写做出承诺日期和履约期限")
    data = commitments.CommitmentInput(subject, type, title, text, scope, _lines(obligations), made, until)
    found = commitments.create_commitment(platform, viewer, data)
    return RedirectResponse(f"/commitments/{found.id}", status_code=303)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.get("/workflows/office", response_class=HTMLResponse)
def office(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
           platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE):
        return redirect
    today: date = platform.clock.today()
    return render(request, "workflows/office.html", today=today, figures=overview(session, platform.calendar, today),
                  waiting=objections.visible_objections(session, viewer, status="submitted"),
                  objection_labels=objections.STATUS_LABELS, repair_labels=repairs.STATUS_LABELS,
                  commitment_labels=commitments.STATUS_LABELS,
                  departments={d.code: d.name for d in platform.catalog.departments()})
