"""What handlers receive: the platform and a unit of work."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from xinyong.platform import Platform


def get_platform(request: Request) -> Platform:
    return request.app.state.platform


def get_session(request: Request) -> Iterator[Session]:
    with get_platform(request).db.session() as session:
        yield session
