"""The home page (首页): what the platform holds and a search box (the results are ``xinyong.search``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.platform import Platform
from xinyong.subjects.figures import headline_figures
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: Session = Depends(get_session),
         platform: Platform = Depends(get_platform)) -> HTMLResponse:
    return render(request, "home.html", figures=headline_figures(session, platform))
