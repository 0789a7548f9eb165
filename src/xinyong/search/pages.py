"""The search results page (信用查询): ranked results, how each matched, and paging."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.errors import UserError
from xinyong.search.service import search
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter()
PAGE_SIZE = 20


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: str = "", page: int = 1, session: Session = Depends(get_session)) -> HTMLResponse:
    if not q.strip():
        return render(request, "search.html", q="", found=None)
    settings = get_platform(request).settings
    try:
        found = search(session, q, page=page, page_size=min(PAGE_SIZE, settings.page_size_max),
                       page_size_max=settings.page_size_max, cap=settings.search_count_cap)
    except UserError as error:
        return render(request, "search.html", status_code=error.status_code, q=q, found=None, error=error.message)
    return render(request, "search.html", q=found.query, found=found)
