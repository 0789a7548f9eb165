"""Reports in the portal: download from the subject page, the third party's request with an
authorisation, and the verification page the report's QR code opens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.authorisations.service import get_authorisation
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.reports.api import MAX_REPORT_FILE, check_file, recorded, send
from xinyong.reports.numbers import find_report
from xinyong.reports.service import ReportRequest, issue_report
from xinyong.web.auth import current_viewer
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/subjects/{ref}/report.pdf")
def subject_report(ref: str, audience: str = Query("public", pattern="^(public|subject)$"),
                   viewer: Viewer = Depends(current_viewer), platform: Platform = Depends(get_platform)) -> Response:
    """The public report for anyone, the subject's own for the subject signed in."""
    return send(issue_report(platform, viewer, ReportRequest(ref, Audience(audience), via="page")))


@router.post("/reports/request")
def third_party_request(request: Request, authorisation: int = Form(...), fmt: str = Form("pdf", alias="format"),
                        csrf: str = Form(""), viewer: Viewer = Depends(current_viewer),
                        platform: Platform = Depends(get_platform)) -> Response:
    check_csrf(request, csrf)
    with platform.db.session() as session:
        subject_id = get_authorisation(session, authorisation).subject_id
    return send(issue_report(platform, viewer, ReportRequest(f"#{subject_id}", Audience.THIRD_PARTY, authorisation,
                                                             format=fmt, via="page")))


@router.get("/reports/{number}/verify", response_class=HTMLResponse)
def verify_page(request: Request, number: str, session: Session = Depends(get_session)) -> HTMLResponse:
    return render(request, "reports/verify.html", report=recorded(session, find_report(session, number)), result=None)


@router.post("/reports/{number}/verify", response_class=HTMLResponse)
def verify_upload(request: Request, number: str, file: UploadFile = File(...),
                  session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> HTMLResponse:
    report = find_report(session, number)
    if not file.filename:
        raise UserError("请选择要核验的报告 PDF 文件")
    result = check_file(session, platform, report, file.file.read(MAX_REPORT_FILE + 1))
    return render(request, "reports/verify.html", report=recorded(session, report), result=result)
