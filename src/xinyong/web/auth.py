"""Who is asking: a bearer token (API) or a signed session cookie (pages)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account
from xinyong.accounts.service import account_for_token
from xinyong.accounts.viewer import PUBLIC, Audience, Viewer, viewer_for
from xinyong.errors import Forbidden, UserError
from xinyong.web.deps import get_platform, get_session


class NotSignedIn(UserError):
    status_code = 401

    def __init__(self) -> None:
        super().__init__("请先登录（网页）或在 Authorization 头中提供 Bearer 令牌（接口）", code="not_signed_in")


def current_viewer(request: Request, session: Session = Depends(get_session)) -> Viewer:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        account = account_for_token(session, header[7:].strip(), get_platform(request).clock.now())
        if account is None:
            raise NotSignedIn()
        return viewer_for(account)
    account_id = request.session.get("account_id") if "session" in request.scope else None
    if account_id:
        account = session.get(Account, account_id)
        if account is not None and account.active:
            return viewer_for(account)
    return PUBLIC


def require(*audiences: Audience):
    """A dependency that lets only the given audiences through."""

    def check(viewer: Viewer = Depends(current_viewer)) -> Viewer:
        if not viewer.signed_in:
            raise NotSignedIn()
        if viewer.audience not in audiences:
            raise Forbidden("当前账号无权进行此操作")
        return viewer

    return check


def page_access(request: Request, viewer: Viewer, *audiences: Audience,
                refusal: str = "当前账号无权访问此页面") -> RedirectResponse | None:
    """For pages: a redirect to the login page for visitors, ``Forbidden`` for the wrong kind of
    account (any account when no audience is named)."""
    if not viewer.signed_in:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if audiences and viewer.audience not in audiences:
        raise Forbidden(refusal)
    return None
