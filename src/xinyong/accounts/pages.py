"""Signing in and out of the portal (登录 / 退出)."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from xinyong.accounts.models import ROLE_LABELS, Role
from xinyong.accounts.service import authenticate
from xinyong.web.csrf import check_csrf, csrf_token
from xinyong.web.deps import get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only paths on this site: a login link must not send anyone elsewhere."""
    parsed = urlparse(target)
    return target if target.startswith("/") and not parsed.netloc and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), csrf=csrf_token(request), error=None)


@router.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...), csrf: str = Form(""),
          next: str = Form("/"), session: Session = Depends(get_session)) -> Response:
    check_csrf(request, csrf)
    account = authenticate(session, username, password)
    if account is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next), csrf=csrf_token(request),
                      error="用户名或密码不正确")
    request.session.clear()
    request.session.update({"account_id": account.id, "display_name": account.display_name, "role": account.role,
                            "role_label": ROLE_LABELS[Role(account.role)]})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)
