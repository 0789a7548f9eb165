"""Reports over HTTP: issue one (PDF or HTML), read what the platform recorded of one, verify a file."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.clock import CHINA
from xinyong.errors import UserError
from xinyong.ledger.models import LedgerLeaf
from xinyong.ledger.signer import load_signer
from xinyong.ledger.verify import EvidenceInvalid
from xinyong.platform import Platform
from xinyong.reports.audit import check_report
from xinyong.reports.content import AUDIENCE_LABELS
from xinyong.reports.models import IssuedReport
from xinyong.reports.numbers import find_report
from xinyong.reports.service import IssuedFile, ReportRequest, issue_report
from xinyong.reports.verify import verify_report_pdf
from xinyong.subjects.models import Subject, SubjectKind
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["信用报告 reports"])
MAX_REPORT_FILE = 50_000_000
AudienceName = Literal["public", "subject", "third_party"]


class ReportIn(BaseModel):
    subject: str = Field(max_length=64, description="主体代码（统一社会信用代码、旧代码）或 #编号")
    audience: AudienceName = Field("public", description="public 公开版；subject 本人版；third_party 授权查询版")
    authorisation: int | None = Field(None, description="授权查询版所用的授权编号")
    purpose: str | None = Field(None, max_length=300, description="信用办代主体打印本人版时的事由")
    format: Literal["pdf", "html"] = "pdf"


class RecordedReport(BaseModel):
    number: str
    issued_at: datetime
    audience: str
    audience_label: str
    format: str
    subject: str | None = Field(description="主体名称；自然人不公开")
    content_sha256: str = Field(description="存证的内容哈希：HTML，或附上证据包之前的 PDF")
    content_size: int
    event_id: int
    leaf_index: int | None = Field(description="存证事件在账本中的叶子序号；尚未封存时为空")
    consistent: bool = Field(description="出具记录与其存证事件是否一致")
    findings: list[str]


class VerificationOut(BaseModel):
    valid: bool
    message: str
    number: str | None = None


def send(issued: IssuedFile) -> Response:
    return Response(issued.content, media_type=issued.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{issued.filename}"',
                             "X-Report-Number": issued.number})


def recorded(session: Session, report: IssuedReport) -> RecordedReport:
    subject = session.get_one(Subject, report.subject_id)
    leaf = session.scalar(select(LedgerLeaf.idx).where(LedgerLeaf.event_id == report.event_id))
    findings = check_report(session, report)
    return RecordedReport(
        number=report.number, issued_at=report.issued_at.astimezone(CHINA), audience=report.audience,
        audience_label=AUDIENCE_LABELS[Audience(report.audience)], format=report.format,
        subject=None if subject.kind == SubjectKind.PERSON else subject.name, content_sha256=report.content_sha256,
        content_size=report.content_size, event_id=report.event_id, leaf_index=leaf, consistent=not findings,
        findings=findings)


def check_file(session: Session, platform: Platform, report: IssuedReport | None, content: bytes) -> VerificationOut:
    """A file checked against the ledger's key and against what the platform recorded."""
    if len(content) > MAX_REPORT_FILE:
        raise UserError(f"文件过大（{len(content):,} 字节），报告文件不超过 {MAX_REPORT_FILE:,} 字节")
    try:
        verified = verify_report_pdf(content, load_signer(platform.settings).verifier)
    except EvidenceInvalid as error:
        return VerificationOut(valid=False, message=error.message)
    if report is None:
        report = find_report(session, verified.number)
    if verified.number != report.number:
        return VerificationOut(valid=False, number=verified.number,
                               message=f"这是报告 {verified.number} 的文件，不是报告 {report.number}")
    if verified.core_sha256 != report.content_sha256 or check_report(session, report):
        return VerificationOut(valid=False, number=report.number,
                               message="文件与账本中的存证一致，但平台现存的出具记录与之不符：请联系信用办核查")
    return VerificationOut(valid=True, number=report.number,
                           message=f"核验通过：文件是本平台于 {report.issued_at.astimezone(CHINA):%Y-%m-%d %H:%M} "
                                   f"出具的报告 {report.number}，出具后未被改动")


@router.post("/reports", summary="出具信用报告（PDF 或 HTML）", response_class=Response,
             responses={200: {"content": {"application/pdf": {}, "text/html": {}}}})
def create(body: ReportIn, viewer: Viewer = Depends(current_viewer),
           platform: Platform = Depends(get_platform)) -> Response:
    return send(issue_report(platform, viewer, ReportRequest(body.subject, Audience(body.audience), body.authorisation,
                                                             body.purpose, body.format)))


@router.get("/subjects/{ref}/report.{fmt}", summary="下载主体的信用报告", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "text/html": {}}}})
def download(ref: str, fmt: Literal["pdf", "html"], audience: AudienceName = Query("public"),
             authorisation: int | None = Query(None), purpose: str | None = Query(None, max_length=300),
             viewer: Viewer = Depends(current_viewer), platform: Platform = Depends(get_platform)) -> Response:
    return send(issue_report(platform, viewer, ReportRequest(ref, Audience(audience), authorisation, purpose, fmt)))


@router.get("/reports/{number}", response_model=RecordedReport, summary="平台对一份报告的出具记录")
def report_record(number: str, session: Session = Depends(get_session)) -> RecordedReport:
    return recorded(session, find_report(session, number))


@router.post("/reports/verify", response_model=VerificationOut, summary="核验报告文件（上传 PDF）")
def verify(file: UploadFile = File(..., description="报告 PDF"), session: Session = Depends(get_session),
           platform: Platform = Depends(get_platform)) -> VerificationOut:
    return check_file(session, platform, None, file.file.read(MAX_REPORT_FILE + 1))

