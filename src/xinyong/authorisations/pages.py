"""Authorisations in the portal: the subject grants, sees each use and revokes; the third party
sees what it was granted and asks for the authorised report; the office records paper ones."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account, Role
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.authorisations.api import as_dict, record_grant
from xinyong.authorisations.service import authorisable_categories, authorisations_for, revoke_authorisation
from xinyong.errors import Forbidden
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer
from xinyong.web.csrf import check_csrf
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)
_CONCERNED = (Audience.SUBJECT, Audience.THIRD_PARTY, Audience.OFFICE)


@router.get("/authorisations", response_class=HTMLResponse)
def authorisations_page(request: Request, viewer: Viewer = Depends(current_viewer),
                        session: Session = Depends(get_session),
                        platform: Platform = Depends(get_platform)) -> Response:
    if not viewer.signed_in:
        return RedirectResponse("/login?next=/authorisations", status_code=303)
    if viewer.audience not in _CONCERNED:
        raise Forbidden("授权管理只对信用主体、授权查询机构和信用办开放")
    today = platform.clock.today()
    grantees = session.scalars(select(Account).where(Account.role == Role.THIRD_PARTY.value,
                                                     Account.active.is_(True)).order_by(Account.display_name)).all()
    return render(request, "authorisations/list.html", viewer=viewer, today=today.isoformat(),
                  authorisations=[as_dict(session, a, today, uses=True) for a in authorisations_for(session, viewer)],
                  grantees=grantees, categories=authorisable_categories(platform.catalog))


@router.post("/authorisations")
def grant_form(request: Request, csrf: str = Form(""), subject: str | None = Form(None, max_length=64),
               grantee: str = Form(..., max_length=64), purpose: str = Form(..., max_length=300),
               categories: list[str] = Form(...), valid_from: str = Form(...), valid_until: str = Form(...),
               document: UploadFile = File(...), viewer: Viewer = Depends(current_viewer),
               session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    check_csrf(request, csrf)
    if viewer.audience not in (Audience.SUBJECT, Audience.OFFICE):
        raise Forbidden("只有主体本人可以授权（线下书面授权由信用办登记）")
    record_grant(session, platform, viewer, subject=subject, grantee=grantee, purpose=purpose,
                 categories=categories, valid_from=valid_from, valid_until=valid_until, document=document)
    return RedirectResponse("/authorisations", status_code=303)


@router.post("/authorisations/{authorisation_id}/revoke")
def revoke_form(request: Request, authorisation_id: int, csrf: str = Form(""), reason: str = Form("", max_length=300),
                viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> Response:
    check_csrf(request, csrf)
    revoke_authorisation(session, viewer, authorisation_id, reason, now=platform.clock.now())
    return RedirectResponse("/authorisations", status_code=303)
