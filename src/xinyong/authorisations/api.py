"""Authorisations over HTTP: the subject grants and revokes, the third party lists its own, the
credit office records paper ones; everyone concerned sees every use."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Body, Depends, File, Form, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.authorisations.documents import EXTENSIONS, check_document
from xinyong.authorisations.models import Authorisation, AuthorisationDocument
from xinyong.authorisations.service import (
    Grant,
    authorisations_for,
    get_authorisation,
    grant_authorisation,
    may_read,
    revoke_authorisation,
    status_of,
    uses_of,
)
from xinyong.clock import CHINA
from xinyong.errors import NotFound, UserError
from xinyong.platform import Platform
from xinyong.records.listing import parse_day
from xinyong.subjects.describe import shown_code
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["授权 authorisations"])
_CONCERNED = require(Audience.SUBJECT, Audience.THIRD_PARTY, Audience.OFFICE)
_GRANTORS = require(Audience.SUBJECT, Audience.OFFICE)


def record_grant(session: Session, platform: Platform, viewer: Viewer, *, subject: str | None, grantee: str,
                 purpose: str, categories: list[str], valid_from: str, valid_until: str,
                 document: UploadFile) -> Authorisation:
    """One grant from a form or an API call: the subject's own, or a paper one the office names."""
    if viewer.audience is Audience.SUBJECT:
        target = session.get_one(Subject, viewer.subject_id)
    elif subject:
        target = get_subject(session, PersonIdVault(platform.keys), subject)
    else:
        raise UserError("登记线下书面授权须给出授权主体的代码（subject）")
    start, end = parse_day(valid_from, "授权起始日"), parse_day(valid_until, "授权截止日")
    if start is None or end is None:
        raise UserError("请填写授权有效期的起始日和截止日（YYYY-MM-DD）")
    content = document.file.read(platform.settings.authorisation_document_max_bytes + 1)
    signed = check_document(document.filename or "", content, platform.settings.authorisation_document_max_bytes)
    codes = tuple(code.strip() for value in categories for code in value.split(",") if code.strip())
    return grant_authorisation(session, platform.catalog, viewer, target,
                               Grant(grantee, purpose, codes, start, end, signed), now=platform.clock.now())


def as_dict(session: Session, authorisation: Authorisation, today: date, *, uses: bool = False) -> dict[str, Any]:
    subject = session.get_one(Subject, authorisation.subject_id)
    grantee = session.get_one(Account, authorisation.grantee_account_id)
    answer: dict[str, Any] = {
        "id": authorisation.id, "subject": {"id": subject.id, "name": subject.name, "code": shown_code(subject)},
        "grantee": grantee.username, "grantee_name": grantee.display_name, "purpose": authorisation.purpose,
        "categories": authorisation.categories, "valid_from": authorisation.valid_from.isoformat(),
        "valid_until": authorisation.valid_until.isoformat(), "status": status_of(authorisation, today),
        "document": {"name": authorisation.document_name, "type": authorisation.document_type,
                     "size": authorisation.document_size, "sha256": authorisation.document_sha256,
                     "url": f"/api/v1/authorisations/{authorisation.id}/document"},
        "recorded_as": authorisation.recorded_as, "granted_at": authorisation.granted_at.astimezone(CHINA).isoformat(),
        "revoked_at": authorisation.revoked_at.astimezone(CHINA).isoformat() if authorisation.revoked_at else None,
        "revoke_reason": authorisation.revoke_reason, "event_id": authorisation.event_id}
    if uses:
        answer["uses"] = [{"at": e.at.astimezone(CHINA).isoformat(), "who": e.who, "purpose": e.purpose,
                           "action": e.action, "via": e.via, "report": e.detail.get("report")}
                          for e in uses_of(session, authorisation)]
    return answer


def readable(session: Session, viewer: Viewer, authorisation_id: int) -> Authorisation:
    authorisation = get_authorisation(session, authorisation_id)
    if not may_read(viewer, authorisation):
        raise NotFound(f"授权 #{authorisation_id} 不存在")
    return authorisation


@router.post("/authorisations", status_code=201, summary="授权第三方查询（主体本人；信用办登记线下书面授权）")
def grant(subject: str | None = Form(None, max_length=64, description="授权主体代码（仅信用办登记时填写）"),
          grantee: str = Form(..., max_length=64, description="被授权方（授权查询机构）账号"),
          purpose: str = Form(..., max_length=300, description="授权用途，如“贷款审批”"),
          categories: list[str] = Form(..., description="授权查询的信息类别代码，如 02"),
          valid_from: str = Form(..., description="起始日 YYYY-MM-DD"),
          valid_until: str = Form(..., description="截止日 YYYY-MM-DD"),
          document: UploadFile = File(..., description="签字（盖章）的授权书扫描件：PDF、JPG 或 PNG"),
          viewer: Viewer = Depends(_GRANTORS), session: Session = Depends(get_session),
          platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    authorisation = record_grant(session, platform, viewer, subject=subject, grantee=grantee, purpose=purpose,
                                 categories=categories, valid_from=valid_from, valid_until=valid_until,
                                 document=document)
    return as_dict(session, authorisation, platform.clock.today())


@router.get("/authorisations", summary="授权列表（主体：我授出的；授权查询机构：授予我的；信用办：全部）")
def list_authorisations(viewer: Viewer = Depends(_CONCERNED), session: Session = Depends(get_session),
                        platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    today = platform.clock.today()
    return {"authorisations": [as_dict(session, a, today) for a in authorisations_for(session, viewer)]}


@router.get("/authorisations/{authorisation_id}", summary="一项授权及其每次使用")
def one(authorisation_id: int, viewer: Viewer = Depends(_CONCERNED), session: Session = Depends(get_session),
        platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return as_dict(session, readable(session, viewer, authorisation_id), platform.clock.today(), uses=True)


@router.get("/authorisations/{authorisation_id}/document", summary="授权书文件")
def document(authorisation_id: int, viewer: Viewer = Depends(_CONCERNED),
             session: Session = Depends(get_session)) -> Response:
    authorisation = readable(session, viewer, authorisation_id)
    stored = session.get_one(AuthorisationDocument, authorisation.id)
    name = f"authorisation-{authorisation.id}{EXTENSIONS.get(authorisation.document_type, '')}"
    return Response(stored.content, media_type=authorisation.document_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/authorisations/{authorisation_id}/revoke", summary="撤销授权（主体本人或信用办）")
def revoke(authorisation_id: int, reason: str = Body("", embed=True, max_length=300),
           viewer: Viewer = Depends(_GRANTORS), session: Session = Depends(get_session),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    authorisation = revoke_authorisation(session, viewer, authorisation_id, reason, now=platform.clock.now())
    return as_dict(session, authorisation, platform.clock.today())
