"""Collection in the portal: departments upload and read their receipts; the office reviews and
watches quality (报送、回执、审核、质量)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.collection import review
from xinyong.collection.api import acting_department
from xinyong.collection.models import Batch
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.collection.quality import monthly_quality, quality_overview
from xinyong.collection.report import STATUS_LABELS, batch_report
from xinyong.errors import Forbidden, UserError
from xinyong.platform import Platform
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.auth import current_viewer, page_access
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/collection", response_class=HTMLResponse)
def collection_home(request: Request, department: str | None = None, viewer: Viewer = Depends(current_viewer),
                    session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT, Audience.OFFICE):
        return redirect
    code = viewer.department_code if viewer.audience is Audience.DEPARTMENT else department
    query = select(Batch).order_by(Batch.id.desc()).limit(50)
    if code:
        query = query.where(Batch.department_code == code)
    catalog = platform.catalog
    supplied = [catalog.item(i) for i in catalog.department(code).items] if code else []
    return render(request, "collection/home.html", batches=session.scalars(query).all(), department=code,
                  departments=catalog.departments(), items=supplied, labels=STATUS_LABELS, viewer=viewer)


@router.post("/collection/upload")
def upload_page(request: Request, item: str = Form(...), csrf: str = Form(""), department: str | None = Form(None),
                file: UploadFile = File(...), viewer: Viewer = Depends(current_viewer),
                platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT, Audience.OFFICE):
        return redirect
    check_csrf(request, csrf)
    code = acting_department(viewer, department)
    name = Path(file.filename or "upload").name
    if not file.filename:
        raise UserError("请选择要报送的文件")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(file.file.read())
        summary = ingest_file(platform, path, Submission(code, item, "upload", viewer.actor, name))
    return RedirectResponse(f"/collection/batches/{summary.batch_id}", status_code=303)


@router.get("/collection/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(request: Request, batch_id: int, viewer: Viewer = Depends(current_viewer),
               session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT, Audience.OFFICE):
        return redirect
    report = batch_report(session, platform.catalog, batch_id)
    if viewer.audience is Audience.DEPARTMENT and report.batch.department_code != viewer.department_code:
        raise Forbidden(f"批次 {batch_id} 属于其他部门")
    return render(request, "collection/batch.html", report=report, rows=report.rejected_rows()[:200])


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(current_viewer),
                session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE):
        return redirect
    found = review.pending_versions(session, limit=21, offset=(page - 1) * 20)
    fields = {item.id: {f.code: f.label for f in item.fields} for item in platform.catalog.items()}
    return render(request, "collection/review.html", versions=found[:20], has_more=len(found) > 20, page=page,
                  fields=fields, catalog=platform.catalog)


@router.post("/review/{version_id}")
def review_decision(request: Request, version_id: int, decision: str = Form(...), note: str = Form(""),
                    subject: str = Form(""), csrf: str = Form(""), viewer: Viewer = Depends(current_viewer),
                    session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE):
        return redirect
    check_csrf(request, csrf)
    now = platform.clock.now()
    if decision == "approve":
        subject_id = get_subject(session, PersonIdVault(platform.keys), subject).id if subject.strip() else None
        review.approve(session, version_id, reviewer=viewer.actor, at=now, note=note, subject_id=subject_id)
    elif decision == "reject":
        review.reject(session, version_id, reviewer=viewer.actor, at=now, note=note)
    else:
        raise UserError("审核结论只能是通过或退回")
    return RedirectResponse("/review", status_code=303)


@router.get("/quality", response_class=HTMLResponse)
def quality_page(request: Request, month: str | None = Query(None, pattern=r"^\d{4}-\d{2}$"),
                 department: str | None = None, viewer: Viewer = Depends(current_viewer),
                 session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.DEPARTMENT, Audience.OFFICE):
        return redirect
    month = month or platform.clock.today().strftime("%Y-%m")
    if viewer.audience is Audience.DEPARTMENT:
        department = viewer.department_code
    reports = ([monthly_quality(session, platform.catalog, platform.calendar, department, month)] if department
               else quality_overview(session, platform.catalog, platform.calendar, month))
    return render(request, "collection/quality.html", reports=reports, month=month, department=department)
