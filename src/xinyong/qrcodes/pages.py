"""GET /subjects/{code}/qr.png and /qr.svg: the subject's credit QR code (信用二维码)."""

from __future__ import annotations

import io

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from xinyong.errors import NotFound
from xinyong.search.index import PUBLIC_KINDS
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.deps import get_platform, get_session

router = APIRouter(tags=["信用二维码"])
# Printed on packaging, a code must survive scuffs: level Q restores a quarter of the symbol.
ERROR_LEVEL = "q"
# A day: a corrected code changes the address, and printers fetch the image once anyway.
CACHE = "public, max-age=86400"


def _public_subject(request: Request, session: Session, code: str) -> Subject:
    subject = find_subject(session, PersonIdVault(get_platform(request).keys), code)
    # People have no public page; an unknown code and a person's look the same from outside.
    if subject is None or subject.kind not in PUBLIC_KINDS:
        raise NotFound(f"未找到代码为“{code}”的企业、组织或个体工商户")
    return subject


def subject_url(base_url: str, subject: Subject) -> str:
    """The address a subject's QR code opens: its public page on the portal."""
    return f"{base_url.rstrip('/')}/subjects/{subject.code}"


def _qr(request: Request, session: Session, code: str) -> segno.QRCode:
    subject = _public_subject(request, session, code)
    return segno.make(subject_url(get_platform(request).settings.public_base_url, subject), error=ERROR_LEVEL,
                      boost_error=False)


@router.get("/subjects/{code}/qr.png", response_class=Response, summary="信用二维码（PNG）",
            responses={200: {"content": {"image/png": {}}}, 404: {"description": "主体不存在或不公开"}})
def qr_png(request: Request, code: str, session: Session = Depends(get_session)) -> Response:
    out = io.BytesIO()
    _qr(request, session, code).save(out, kind="png", scale=8, border=4)
    return Response(out.getvalue(), media_type="image/png", headers={"Cache-Control": CACHE})


@router.get("/subjects/{code}/qr.svg", response_class=Response, summary="信用二维码（SVG，适合印刷）",
            responses={200: {"content": {"image/svg+xml": {}}}, 404: {"description": "主体不存在或不公开"}})
def qr_svg(request: Request, code: str, session: Session = Depends(get_session)) -> Response:
    out = io.BytesIO()
    _qr(request, session, code).save(out, kind="svg", scale=8, border=4, title="信用二维码", xmldecl=False,
                                     encoding="utf-8")
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": CACHE})
