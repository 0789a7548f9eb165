"""The grade page of a subject (公共信用综合评价): grade, contributions, records behind them, history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.evaluation import api
from xinyong.evaluation.views import view_grade
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)
#: The grade's page and its API, for the one list of routers (``web/routes.py``).
ROUTERS = [router, api.router]


@router.get("/subjects/{ref}/grade", response_class=HTMLResponse, include_in_schema=False)
def grade_page(request: Request, ref: str, purpose: str | None = Query(None, max_length=300),
               viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
               platform: Platform = Depends(get_platform)) -> HTMLResponse:
    view = view_grade(session, platform, viewer, ref, purpose=purpose, via="page")
    return render(request, "evaluation/grade.html", view=view, data=view.as_dict(), purpose=purpose or "")
