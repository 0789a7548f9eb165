"""The subject page (一户一档): basic information, then its records by category, as the viewer
may see them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.disclosure.viewing import view_archive
from xinyong.lists.shown import ListView
from xinyong.platform import Platform
from xinyong.subjects.describe import basic_information, public_ref, shown_code
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/subjects/{ref}", response_class=HTMLResponse)
def subject_page(request: Request, ref: str, purpose: str | None = Query(None, max_length=300),
                 viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                 platform: Platform = Depends(get_platform)) -> HTMLResponse:
    view = view_archive(session, platform, viewer, ref, purpose=purpose, via="page")
    # As the archive: the lists seen beyond the public only after a purpose was stated and logged.
    lists = ListView(session, platform, view.as_viewer).of_subject(view.subject)
    return render(request, "subjects/page.html", view=view, basic=basic_information(view.subject),
                  code=shown_code(view.subject), ref=public_ref(view.subject), purpose=purpose or "",
                  lists=lists, today=platform.clock.today())
