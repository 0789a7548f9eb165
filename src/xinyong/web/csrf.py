"""Cross-site request forgery protection for the portal's forms."""

from __future__ import annotations

import secrets

from fastapi import Request

from xinyong.errors import Forbidden


def csrf_token(request: Request) -> str:
    """The session's token that every state-changing form carries back."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return token


def check_csrf(request: Request, submitted: str) -> None:
    if not submitted or not secrets.compare_digest(submitted, request.session.get("csrf", "")):
        raise Forbidden("表单已过期或来源不明，请刷新页面后重试")
