"""信用名单 in the portal: every list the viewer may see with its rules and how many subjects are on
it today, and one list's entries in force, a page at a time."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.lists.model import EXIT_LABELS
from xinyong.lists.shown import KIND_LABELS, ListView, basis_text
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


@router.get("/lists", response_class=HTMLResponse)
def lists_index(request: Request, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> HTMLResponse:
    view = ListView(session, platform, viewer)
    shown = view.visible()
    groups = [(label, [c for c in shown if c.kind is kind]) for kind, label in KIND_LABELS.items()]
    return render(request, "lists/index.html", groups=[(label, lists) for label, lists in groups if lists],
                  counts=view.counts(), departments=view.departments, exit_labels=EXIT_LABELS, basis=basis_text,
                  list_names={c.id: c.name for c in platform.lists.all()}, today=view.today)


@router.get("/lists/{list_id}", response_class=HTMLResponse)
def list_entries(request: Request, list_id: str = Path(max_length=64), q: str | None = Query(None, max_length=100),
                 page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(current_viewer),
                 session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> HTMLResponse:
    view = ListView(session, platform, viewer)
    credit_list = view.get(list_id)
    size = min(PAGE_SIZE, platform.settings.page_size_max)
    rows, more = view.page(credit_list, q, offset=(page - 1) * size, limit=size)
    return render(request, "lists/entries.html", credit_list=credit_list, rows=rows, more=more, page=page,
                  q=(q or "").strip(), total=view.counts(credit_list.id).get(credit_list.id, 0),
                  kind_label=KIND_LABELS[credit_list.kind], departments=view.departments,
                  basis=basis_text(credit_list), today=view.today)
