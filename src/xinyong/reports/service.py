"""Issuing a report: which version the asker may have, the record of it, its event and its evidence.

The public version is anyone's; the subject's own (本人版) only the subject's, or printed for it by
the credit office at the counter (registered in the query log); the authorised version (授权查询版)
only the third party named in an authorisation in force today (each use registered, and visible to
the subject). A PDF's event is sealed in the same unit of work so that the PDF can carry its proof.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC, Audience, Viewer
from xinyong.authorisations.models import Authorisation
from xinyong.authorisations.service import authorised_viewer, get_authorisation
from xinyong.disclosure.viewing import find_visible_subject
from xinyong.errors import Forbidden, UserError
from xinyong.events import append_event
from xinyong.ledger.evidence import build_bundle
from xinyong.ledger.seal import seal
from xinyong.ledger.signer import load_signer
from xinyong.platform import Platform
from xinyong.querylog.service import log_query, require_purpose
from xinyong.reports.content import build_content
from xinyong.reports.models import IssuedReport
from xinyong.reports.numbers import new_number
from xinyong.reports.pdf_evidence import embed
from xinyong.reports.render import render_html, render_pdf
from xinyong.subjects.describe import shown_code
from xinyong.subjects.models import Subject

FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
ISSUED = "reports:report:issued"


@dataclass(frozen=True)
class ReportRequest:
    ref: str
    audience: Audience = Audience.PUBLIC
    authorisation_id: int | None = None
    purpose: str | None = None
    format: str = "pdf"
    via: str = "api"


@dataclass(frozen=True)
class IssuedFile:
    number: str
    content: bytes
    media_type: str
    event_id: int

    @property
    def filename(self) -> str:
        return f"credit-report-{self.number}.{'pdf' if self.media_type == FORMATS['pdf'] else 'html'}"


@dataclass(frozen=True)
class _Reader:
    viewer: Viewer  # whose eyes the report is written for
    subject: Subject
    authorisation: Authorisation | None = None
    purpose: str | None = None  # set when the look is registered in the query log


def _reader(session: Session, platform: Platform, asker: Viewer, request: ReportRequest) -> _Reader:
    if request.audience is Audience.PUBLIC:
        return _Reader(PUBLIC, find_visible_subject(session, platform, PUBLIC, request.ref))
    if request.audience is Audience.SUBJECT:
        if asker.audience is Audience.SUBJECT:
            subject = find_visible_subject(session, platform, asker, request.ref)
            if subject.id != asker.subject_id:
                raise Forbidden("本人版报告只能由主体本人获取：当前账号不是该主体")
            return _Reader(asker, subject)
        if asker.audience is Audience.OFFICE:
            subject = find_visible_subject(session, platform, asker, request.ref)
            as_subject = Viewer(Audience.SUBJECT, account_id=asker.account_id, username=asker.username,
                                display_name=asker.display_name, subject_id=subject.id)
            return _Reader(as_subject, subject, purpose=require_purpose(asker, request.purpose))
        raise Forbidden("本人版报告只能由主体本人获取（或由信用办窗口代为打印）")
    if request.audience is Audience.THIRD_PARTY:
        if request.authorisation_id is None:
            raise UserError("授权查询版报告须指明所用的授权编号（authorisation）")
        viewer = authorised_viewer(session, asker, request.authorisation_id, platform.clock.today())
        subject = find_visible_subject(session, platform, viewer, request.ref)
        if subject.id != viewer.subject_id:
            raise Forbidden(f"授权 #{request.authorisation_id} 不是所查询主体的授权")
        authorisation = get_authorisation(session, request.authorisation_id)
        return _Reader(viewer, subject, authorisation, authorisation.purpose)
    raise UserError(f"报告类型“{request.audience}”无效：应为 public（公开版）、subject（本人版）或 "
                    "third_party（授权查询版）")


def report_facts(report: IssuedReport) -> dict[str, object]:
    """What the report event says of the stored row; the audit compares the two."""
    return {"number": report.number, "audience": report.audience, "format": report.format,
            "sha256": report.content_sha256, "size": report.content_size, "authorisation": report.authorisation_id,
            "layout": report.layout_version, "records": report.record_count}


def issued_payload(report: IssuedReport, subject: Subject) -> dict[str, object]:
    # The name and code as printed, for whoever reads the evidence; a subject may be renamed later.
    return {**report_facts(report), "subject_name": subject.name, "subject_code": shown_code(subject)}


def issue_report(platform: Platform, asker: Viewer, request: ReportRequest) -> IssuedFile:
    if request.format not in FORMATS:
        raise UserError(f"报告格式“{request.format}”无效：应为 pdf 或 html")
    with platform.db.session() as session:
        reader = _reader(session, platform, asker, request)
        now = platform.clock.now()
        number = new_number(session, now)
        content = build_content(session, platform, reader.viewer, reader.subject, number=number, issued_at=now,
                                authorisation=reader.authorisation, grantee=asker.display_name)
        html = render_html(content)
        # Rendered before anything is written, so that no lock is held while WeasyPrint works.
        body = render_pdf(html, now) if request.format == "pdf" else html.encode("utf-8")
        if reader.purpose is not None:
            detail: dict[str, object] = {"report": number}
            if reader.authorisation is not None:
                detail["authorisation"] = reader.authorisation.id
            log_query(session, reader.viewer if reader.authorisation else asker, subject_id=reader.subject.id,
                      purpose=reader.purpose, action="report:issued", via=request.via, at=now, detail=detail)
        report = IssuedReport(
            number=number, subject_id=reader.subject.id, audience=reader.viewer.audience.value,
            authorisation_id=reader.authorisation.id if reader.authorisation else None, account_id=asker.account_id,
            requested_by=asker.actor, via=request.via, format=request.format, layout_version=content.layout.version,
            record_count=content.record_count, content_sha256=hashlib.sha256(body).hexdigest(),
            content_size=len(body), issued_at=now, event_id=0)
        session.add(report)
        session.flush()
        event = append_event(session, at=now, kind=ISSUED, actor=asker.actor, subject_id=reader.subject.id,
                             object_ref=f"report:{number}", payload=issued_payload(report, reader.subject))
        session.flush()
        report.event_id = event.id
        if request.format == "pdf":
            seal(session, now, gap_wait=timedelta(seconds=platform.settings.ledger_gap_wait_seconds))
            body = embed(body, build_bundle(session, event.id, now, load_signer(platform.settings)))
        return IssuedFile(number, body, FORMATS[request.format], event.id)
